//! The index under damage and hostile conditions: garbled bytes inside segment files, a full
//! disk, a read-only index directory. Each must end in a clear message (exit 2) or a correct
//! answer, never a panic, and must leave the last committed index as it was.

use std::os::unix::fs::PermissionsExt;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::Output;

use crate::util::{article_text, Fixture};

/// Output that must not be a panic or a backtrace, whatever `RUST_BACKTRACE` says.
fn assert_no_panic(out: &Output, what: &str) {
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        matches!(out.status.code(), Some(0..=2)),
        "{what}: exit {:?}: {stderr}",
        out.status.code()
    );
    for bad in ["panicked", "backtrace", "RUST_BACKTRACE"] {
        assert!(!stderr.contains(bad), "{what}: {stderr}");
    }
}

/// Articles holding `word`, every copy counted (`article_text` makes texts whose seeds differ
/// by 20 near copies of each other, which a plain search folds into one).
fn count(fx: &Fixture, word: &str) -> Output {
    fx.cmd()
        .args(["search", word, "--count", "--duplicates"])
        .output()
        .unwrap()
}

fn count_ok(fx: &Fixture, word: &str) -> u64 {
    let out = count(fx, word);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().parse().unwrap()
}

fn segment_files(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.extension().is_some_and(|x| {
                ["term", "idx", "pos", "store", "fast", "fieldnorm"]
                    .contains(&x.to_string_lossy().as_ref())
            })
        })
        .collect();
    v.sort();
    v
}

/// A tiny deterministic pseudo-random generator (xorshift64).
fn xorshift(mut state: u64) -> impl FnMut() -> u64 {
    move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    }
}

fn copy_dir(from: &Path, to: &Path) {
    if to.exists() {
        std::fs::remove_dir_all(to).unwrap();
    }
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let p = e.unwrap().path();
        std::fs::copy(&p, to.join(p.file_name().unwrap())).unwrap();
    }
}

/// Random bytes written inside each kind of segment file. Every command ends with an answer or
/// a clear exit 2, never a panic; `stats --check` names the damaged file; an indexing run that
/// would write refuses with the `--rebuild` hint (a merge would copy the damage); `--rebuild`
/// recovers. Without the checks, tantivy panics in its term dictionary, bit unpacker and doc
/// store on such files.
#[test]
fn garbled_segment_files_are_found_never_panic() {
    let fx = Fixture::new();
    for i in 0..24 {
        fx.write(
            format!("a{i}.txt"),
            format!(
                "Story {i} about Microsoft and Nvidia\n\n{}",
                article_text(i, 60)
            ),
        );
    }
    fx.index_ok(&[]);
    let dir = fx.index_dir();
    let pristine = fx.tmp.path().join("pristine");
    copy_dir(&dir, &pristine);
    let queries: &[&[&str]] = &[
        &["search", "cloud", "--facets", "org,person"],
        &["search", "chip*", "--format", "json", "-n", "50"],
        &["search", "title:story OR regulatrs~1", "--sort", "date"],
        &["search", "\"data centres\"", "-f", "org:Microsoft"],
        &["stats"],
        &["facets"],
    ];
    let mut rand = xorshift(0x9e37_79b9_7f4a_7c15);
    let mut exits = std::collections::BTreeMap::new();
    for (k, file) in segment_files(&pristine).iter().enumerate() {
        let name = file.file_name().unwrap();
        for trial in 0..4 {
            copy_dir(&pristine, &dir);
            let target = dir.join(name);
            let mut bytes = std::fs::read(&target).unwrap();
            for _ in 0..[1, 3, 8, 32][trial] {
                let at = (rand() % bytes.len() as u64) as usize;
                bytes[at] ^= (rand() % 255 + 1) as u8;
            }
            std::fs::write(&target, &bytes).unwrap();
            let what = format!("{} trial {trial}", name.to_string_lossy());
            for q in queries {
                let out = fx
                    .cmd()
                    .env("RUST_BACKTRACE", "1")
                    .args(*q)
                    .output()
                    .unwrap();
                assert_no_panic(&out, &format!("{what}: {q:?}"));
                *exits.entry((k, out.status.code().unwrap())).or_insert(0u32) += 1;
            }
            let check = fx.cmd().args(["stats", "--check"]).output().unwrap();
            let stderr = String::from_utf8_lossy(&check.stderr);
            assert_eq!(check.status.code(), Some(2), "{what}: stats --check");
            assert!(
                stderr.contains("--rebuild")
                    && (stderr.contains(&*name.to_string_lossy())
                        || stderr.contains("missing or damaged")),
                "{what}: {stderr}"
            );
            fx.write(
                "new.txt",
                format!("Late story {trial}\n\n{}", article_text(99, 30)),
            );
            let run = fx.index(&[]);
            assert_no_panic(&run, &format!("{what}: index"));
            assert_eq!(run.status.code(), Some(2), "{what}: index over damage");
            assert!(String::from_utf8_lossy(&run.stderr).contains("--rebuild"));
            std::fs::remove_file(fx.corpus().join("new.txt")).unwrap();
        }
    }
    // The damage was seen by the queries too, not only by the checks.
    assert!(exits.keys().any(|(_, code)| *code == 2), "{exits:?}");
    let (s, _) = fx.index_ok(&["--rebuild"]);
    assert_eq!(s["articles"], 24);
    assert_eq!(count_ok(&fx, "marker"), 24);
    let check = fx.cmd().args(["stats", "--check"]).output().unwrap();
    assert_eq!(check.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&check.stdout).contains("checksums ok"));
}

/// `byline index` with a file-size limit (`RLIMIT_FSIZE`, SIGXFSZ ignored): every write past
/// the limit fails with EFBIG, as it would with ENOSPC on a full disk, at whichever point of
/// the run the limit falls (segment files, the manifest, the merge). Each run ends in exit 2
/// with a message, or exit 0 with everything committed (a failed merge is only a warning);
/// searches always see a whole committed state; the next run without the limit ends with
/// exactly the expected articles.
#[test]
fn a_full_disk_leaves_the_last_commit_intact() {
    let fx = Fixture::new();
    for i in 0..30 {
        fx.write(
            format!("old/a{i}.txt"),
            format!("Old {i}\n\n{}", article_text(i, 40)),
        );
    }
    fx.index_ok(&[]);
    let mut rand = xorshift(7);
    let mut failed_at = std::collections::BTreeSet::new();
    for (round, limit_kb) in [1u64, 4, 16, 64, 256, 4096].into_iter().enumerate() {
        let before = count_ok(&fx, "marker");
        for i in 0..40 {
            // Random words: segment files grow faster than the manifest, so that some limits
            // fall inside tantivy's writes, not only the manifest's.
            let noise: Vec<String> = (0..300)
                .map(|_| {
                    let n = rand();
                    (0..3 + n % 6)
                        .map(|k| (b'a' + ((n >> (8 * k)) % 26) as u8) as char)
                        .collect()
                })
                .collect();
            fx.write(
                format!("new{round}/b{i}.txt"),
                format!(
                    "New {round} {i}\n\n{}\n{}\n",
                    article_text(100 + 40 * round + i, 40),
                    noise.join(" ")
                ),
            );
        }
        let out = index_with_file_limit(&fx, limit_kb);
        let what = format!("limit {limit_kb} KB");
        assert_no_panic(&out, &what);
        let stderr = String::from_utf8_lossy(&out.stderr);
        let after = count_ok(&fx, "marker");
        if out.status.code() == Some(2) {
            failed_at.insert(if stderr.contains("manifest") {
                "manifest"
            } else {
                "commit"
            });
            assert!(
                stderr.contains("File too large") && stderr.contains("idx"),
                "{what}: the message names the cause and the index: {stderr}"
            );
            assert_eq!(after, before, "{what}: a failed run changed the index");
        } else {
            assert_eq!(out.status.code(), Some(0), "{what}: {stderr}");
            // Everything written so far, including what earlier failed runs left out.
            let all = 30 + 40 * (round as u64 + 1);
            assert_eq!(after, all, "{what}: exit 0 but not all committed");
        }
        let stats = fx.cmd().arg("stats").output().unwrap();
        assert_eq!(stats.status.code(), Some(0), "{what}: stats after the run");
    }
    assert_eq!(
        failed_at.len(),
        2,
        "the limits should stop runs both at the manifest and in tantivy's commit"
    );
    let (s, _) = fx.index_ok(&[]);
    assert_eq!(s["articles"], 30 + 6 * 40, "{s}");
    assert_eq!(count_ok(&fx, "marker"), 270);
    let check = fx.cmd().args(["stats", "--check"]).output().unwrap();
    assert_eq!(check.status.code(), Some(0));
}

/// `byline index -q` of the fixture's corpus, no file it writes allowed past `limit_kb` (as
/// on a full disk: writes fail with EFBIG, SIGXFSZ ignored).
fn index_with_file_limit(fx: &Fixture, limit_kb: u64) -> Output {
    let mut cmd = crate::util::byline_std();
    cmd.arg("--index")
        .arg(fx.index_dir())
        .args(["index", "-q"])
        .arg(fx.corpus());
    // SAFETY: between fork and exec, only async-signal-safe calls (signal, setrlimit).
    unsafe {
        cmd.pre_exec(move || {
            libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
            let lim = libc::rlimit {
                rlim_cur: limit_kb * 1024,
                rlim_max: limit_kb * 1024,
            };
            if libc::setrlimit(libc::RLIMIT_FSIZE, &lim) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    cmd.output().unwrap()
}

/// A disk that fills while documents are still being added: the indexing thread dies on a
/// write, and the run must say why (the thread's own error), not tantivy's "An index writer
/// was killed ... or panicked" from the next document sent. With 400 files of random letters
/// the thread dies while the main thread still has most of them to send: before the fix this
/// failed 3 times out of 3, and `a_full_disk_leaves_the_last_commit_intact` now and then
/// under load.
#[test]
fn a_disk_full_while_adding_names_the_cause() {
    let fx = Fixture::new();
    for i in 0..30 {
        fx.write(
            format!("a{i}.txt"),
            format!("Old {i}\n\n{}", article_text(i, 40)),
        );
    }
    fx.index_ok(&[]);
    let before = count_ok(&fx, "marker");
    let mut rand = xorshift(11);
    for i in 0..400 {
        let text: String = (0..4000)
            .map(|_| match rand() % 60 {
                n @ 0..26 => (b'a' + n as u8) as char,
                n @ 26..52 => (b'A' + (n - 26) as u8) as char,
                _ => ' ',
            })
            .collect();
        fx.write(format!("new/b{i}.txt"), format!("New {i}\n\n{text}\n"));
    }
    let out = index_with_file_limit(&fx, 16);
    assert_no_panic(&out, "16 KB");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("File too large") && stderr.contains(&*fx.index_dir().to_string_lossy()),
        "the message names the cause and the index: {stderr}"
    );
    assert_eq!(count_ok(&fx, "marker"), before);
}

/// An index directory this user cannot write (as root: run as `nobody`, since permissions do
/// not stop root): searches and stats still work (tantivy's reader lock is taken through a
/// read-only handle); `byline index` exits 2 saying the directory is not writable, and the
/// index is unchanged.
#[test]
fn a_read_only_index_is_searchable_and_refuses_writes() {
    let fx = Fixture::new();
    std::fs::set_permissions(fx.tmp.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    for i in 0..10 {
        fx.write(
            format!("a{i}.txt"),
            format!("Piece {i}\n\n{}", article_text(i, 40)),
        );
    }
    fx.index_ok(&[]);
    fx.write("late.txt", format!("Late\n\n{}", article_text(50, 40)));
    let dir = fx.index_dir();
    let mode = |p: &Path, m: u32| std::fs::set_permissions(p, std::fs::Permissions::from_mode(m));
    for e in std::fs::read_dir(&dir).unwrap() {
        mode(&e.unwrap().path(), 0o444).unwrap();
    }
    mode(&dir, 0o555).unwrap();
    let run = |args: &[&str]| -> Output {
        crate::util::byline_unprivileged()
            .arg("--index")
            .arg(&dir)
            .args(args)
            .output()
            .unwrap()
    };
    let search = run(&["search", "marker", "--count", "--facets", "org"]);
    let stats = run(&["stats", "--check"]);
    let index = run(&["index", fx.corpus().to_str().unwrap()]);
    mode(&dir, 0o755).unwrap();
    for e in std::fs::read_dir(&dir).unwrap() {
        mode(&e.unwrap().path(), 0o644).unwrap();
    }
    let text = |o: &Output| String::from_utf8_lossy(&o.stderr).into_owned();
    assert_eq!(search.status.code(), Some(0), "{}", text(&search));
    assert!(String::from_utf8_lossy(&search.stdout).starts_with("10"));
    assert_eq!(stats.status.code(), Some(0), "{}", text(&stats));
    assert_eq!(index.status.code(), Some(2));
    assert!(
        text(&index).contains("cannot write to the index directory")
            && text(&index).contains("unchanged"),
        "{}",
        text(&index)
    );
    assert_eq!(count_ok(&fx, "marker"), 10);
    let (s, _) = fx.index_ok(&[]);
    assert_eq!(s["added"], 1);
}

/// File names with a newline, a tab, a backslash and invalid UTF-8 come out exactly in every
/// output meant for programs: `paths -0` round-trips through `xargs -0`, `paths` writes the
/// exact bytes (and warns about the newline), `tsv` escapes them (`\n`, `\t`, `\\`, `\xNN`), JSON
/// escapes them and adds `path_base64` for the non-UTF-8 name; the text output escapes control
/// characters instead of sending them to the terminal.
#[test]
fn hostile_file_names_come_out_exactly_in_every_format() {
    use std::os::unix::ffi::OsStrExt;
    let fx = Fixture::new();
    let names: [&[u8]; 5] = [
        b"new\nline.txt",
        b"tab\tname.txt",
        b"back\\slash.txt",
        b"caf\xe9.txt",
        b"esc\x1b[31mred.txt",
    ];
    for (i, n) in names.iter().enumerate() {
        fx.write(
            std::ffi::OsStr::from_bytes(n),
            format!("Name {i}\n\nA story about the quokka census, number {i}.\n"),
        );
    }
    fx.index_ok(&[]);
    let corpus = fx.corpus();
    let expected: std::collections::BTreeSet<Vec<u8>> = names
        .iter()
        .map(|n| {
            corpus
                .join(std::ffi::OsStr::from_bytes(n))
                .as_os_str()
                .as_bytes()
                .to_vec()
        })
        .collect();
    let search = |args: &[&str]| -> Output {
        let out = fx
            .cmd()
            .arg("search")
            .arg("quokka")
            .args(args)
            .output()
            .unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        out
    };
    // paths -0 through xargs -0: every file is found and read.
    let nul = search(&["--format", "paths", "-0"]);
    let got: std::collections::BTreeSet<Vec<u8>> = nul
        .stdout
        .split(|&b| b == 0)
        .filter(|p| !p.is_empty())
        .map(<[u8]>::to_vec)
        .collect();
    assert_eq!(got, expected);
    let mut xargs = std::process::Command::new("xargs")
        .args(["-0", "cat"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write as _;
    xargs.stdin.take().unwrap().write_all(&nul.stdout).unwrap();
    let cat = xargs.wait_with_output().unwrap();
    assert!(cat.status.success());
    assert_eq!(
        String::from_utf8_lossy(&cat.stdout)
            .matches("quokka census")
            .count(),
        5
    );
    // paths: the exact bytes, one warning about the name that spans two lines.
    let lines = search(&["--format", "paths"]);
    let mut want: Vec<u8> = Vec::new();
    for p in &expected {
        want.extend_from_slice(p);
        want.push(b'\n');
    }
    let mut got = lines.stdout.clone();
    got.sort_unstable();
    want.sort_unstable();
    assert_eq!(got, want, "the same bytes, whatever the order");
    let stderr = String::from_utf8_lossy(&lines.stderr);
    assert!(
        stderr.contains("newline") && stderr.contains("-0"),
        "{stderr}"
    );
    // tsv: one line per hit, the path cell unescaped gives the exact bytes back.
    let tsv = search(&["--format", "tsv"]);
    let text = String::from_utf8(tsv.stdout).expect("tsv output is UTF-8");
    let rows: Vec<&str> = text.lines().skip(1).collect();
    assert_eq!(rows.len(), 5, "{text}");
    let unescape = |cell: &str| -> Vec<u8> {
        let mut out = Vec::new();
        let b = cell.as_bytes();
        let mut i = 0;
        while i < b.len() {
            if b[i] == b'\\' {
                match b[i + 1] {
                    b'n' => out.push(b'\n'),
                    b't' => out.push(b'\t'),
                    b'r' => out.push(b'\r'),
                    b'\\' => out.push(b'\\'),
                    b'x' => {
                        out.push(u8::from_str_radix(&cell[i + 2..i + 4], 16).unwrap());
                        i += 2;
                    }
                    c => panic!("unknown escape \\{}", c as char),
                }
                i += 2;
            } else {
                out.push(b[i]);
                i += 1;
            }
        }
        out
    };
    let got: std::collections::BTreeSet<Vec<u8>> = rows
        .iter()
        .map(|r| unescape(r.split('\t').nth(4).unwrap()))
        .collect();
    assert_eq!(got, expected);
    // json: valid JSON; path_base64 only for the non-UTF-8 name, and it decodes to its bytes.
    let json = crate::util::json(&search(&["--format", "json"]).stdout);
    let mut got = std::collections::BTreeSet::new();
    for h in json["hits"].as_array().unwrap() {
        let a = &h["article"];
        let bytes = match a["path_base64"].as_str() {
            Some(b64) => {
                use base64::Engine as _;
                base64::engine::general_purpose::STANDARD
                    .decode(b64)
                    .unwrap()
            }
            None => a["path"].as_str().unwrap().as_bytes().to_vec(),
        };
        got.insert(bytes);
    }
    assert_eq!(got, expected);
    // text: no raw control character from a file name reaches the terminal.
    let text = search(&["--color", "never"]).stdout;
    let text = String::from_utf8_lossy(&text);
    assert!(!text.contains('\x1b') && !text.contains('\t'), "{text}");
    assert!(
        text.contains("new\\nline.txt") && text.contains("esc\\u{1b}[31mred.txt"),
        "{text}"
    );
}

/// Big and nasty inputs, kept small enough for a debug build (`benches/hostile.sh` runs the
/// full-size ones: a 10 MB line, a million-line JSON Lines file): a 2 MB line without a
/// newline, JSON nested 100,000 deep (reported with its line, the rest of the file's records
/// kept), a JSON string of 100,000 escapes, HTML with 10,000 unclosed tags, zero-width and bidi
/// controls inside words, and a stray NUL in a short text file.
#[test]
fn huge_nested_and_invisible_inputs() {
    let fx = Fixture::new();
    let words: Vec<String> = (0..300_000).map(|i| format!("w{}", i % 7919)).collect();
    fx.write("long.txt", format!("Long\n\n{} narwhal", words.join(" ")));
    fx.write(
        "deep.json",
        format!(
            "{{\"title\":\"deep\",\"body\":{}{}}}",
            "[".repeat(100_000),
            "]".repeat(100_000)
        ),
    );
    fx.write(
        "deep.jsonl",
        format!(
            "{{\"title\":\"one\",\"body\":\"narwhal one\"}}\n{{\"body\":{}{}}}\n{{\"title\":\"three\",\"body\":\"narwhal three\"}}\n",
            "[".repeat(5000),
            "]".repeat(5000)
        ),
    );
    fx.write(
        "escapes.json",
        format!(
            "{{\"title\":\"esc\",\"body\":\"{} narwhal\"}}",
            "\\u00e9\\n".repeat(100_000)
        ),
    );
    fx.write(
        "unclosed.html",
        format!(
            "<html><title>Unclosed</title><body>{}<p>narwhal deep",
            "<div><span>".repeat(5000)
        ),
    );
    fx.write(
        "invisible.txt",
        "Invisible\n\nMicro\u{200b}soft and narw\u{ad}hal and \u{202e}lahwran\u{202c} and \u{2066}narwhal\u{2069}.\n",
    );
    fx.write("nul.txt", b"Nul\n\nA narwhal with a \x00 NUL byte.\n");
    let (s, stderr) = fx.index_ok(&[]);
    let sk = crate::util::skipped(&s);
    assert_eq!(sk.len(), 2, "{s}");
    crate::util::assert_skipped(&sk, "deep.json", "recursion limit");
    assert!(
        sk.iter()
            .any(|(n, l, _)| n == "deep.jsonl" && *l == Some(2)),
        "{sk:?}"
    );
    assert!(!stderr.contains("panicked"));
    // long, 2 records of deep.jsonl, escapes, unclosed, invisible, nul.
    assert_eq!(s["articles"], 7, "{s}");
    assert_eq!(count_ok(&fx, "narwhal"), 7);
    assert_eq!(
        count_ok(&fx, "microsoft"),
        1,
        "the zero width space is gone"
    );
    let out = fx
        .cmd()
        .args(["search", "microsoft", "--format", "json"])
        .output()
        .unwrap();
    let j = crate::util::json(&out.stdout);
    let passage = j["hits"][0]["passage"]["text"].as_str().unwrap();
    assert!(
        !passage.chars().any(|c| matches!(c, '\u{200b}' | '\u{ad}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')),
        "{passage:?}"
    );
    let long = fx
        .cmd()
        .args(["search", "w17", "--format", "json", "-n", "1"])
        .output()
        .unwrap();
    let j = crate::util::json(&long.stdout);
    assert!(
        j["total_passages"].as_u64().unwrap() > 10,
        "a long line is split: {j}"
    );
    assert!(j["hits"][0]["passage"]["text"].as_str().unwrap().len() < 20_000);
}

/// Fields that look like paths or links (`path`, `file`, `url: file://`, front matter `path:`,
/// HTML `<iframe src>` and `<link href>`, a Markdown image) never make byline read what they
/// name; a symlink to a file outside the roots is not followed without `--follow`; and an index
/// run writes nothing outside the index directory (the corpus and its parent are unchanged).
#[test]
fn nothing_outside_the_roots_is_read_nor_outside_the_index_written() {
    let fx = Fixture::new();
    let secret = fx.tmp.path().join("secret.txt");
    std::fs::write(&secret, "Secret\n\nThe password is zanzibarite.\n").unwrap();
    let s = secret.display().to_string();
    fx.write(
        "a.json",
        format!(r#"{{"title":"A","body":"Plain body about otters.","path":"{s}","file":"{s}","url":"file://{s}","body_file":"{s}"}}"#),
    );
    fx.write(
        "b.md",
        format!("---\ntitle: B\npath: {s}\ninclude: {s}\n---\nOtters again. ![x]({s})\n\n{{% include {s} %}}\n"),
    );
    fx.write(
        "c.html",
        format!(r#"<html><head><title>C</title><link rel="stylesheet" href="file://{s}"></head><body><p>Otters three.</p><iframe src="{s}"></iframe><object data="{s}"></object></body></html>"#),
    );
    std::os::unix::fs::symlink(&secret, fx.corpus().join("link.txt")).unwrap();
    let snapshot = |dir: &Path| -> Vec<(PathBuf, Vec<u8>)> {
        let mut v: Vec<(PathBuf, Vec<u8>)> = walkdir::WalkDir::new(dir)
            .into_iter()
            .map(|e| e.unwrap())
            .filter(|e| !e.path().starts_with(fx.index_dir()))
            .map(|e| {
                let bytes = if e.file_type().is_file() {
                    std::fs::read(e.path()).unwrap()
                } else {
                    Vec::new()
                };
                (e.path().to_path_buf(), bytes)
            })
            .collect();
        v.sort();
        v
    };
    let before = snapshot(fx.tmp.path());
    let (s, _) = fx.index_ok(&[]);
    assert_eq!(s["articles"], 3, "{s}");
    assert_eq!(
        snapshot(fx.tmp.path()),
        before,
        "something outside the index changed"
    );
    assert_eq!(count_ok(&fx, "otters"), 3);
    let none = count(&fx, "zanzibarite");
    assert_eq!(none.status.code(), Some(1), "the secret was read");
    // Asked to, byline follows the link (and only then).
    let (s, _) = fx.index_ok(&["--follow"]);
    assert_eq!(s["added"], 1, "{s}");
    assert_eq!(count_ok(&fx, "zanzibarite"), 1);
}

/// A JSON Lines file larger than the piece size (1 MB) is parsed in pieces: what the index
/// holds, and every skipped record and warning with its line, is what parsing the whole file
/// at once gives, across blank lines, CRLF, a bad line, a non-object and invalid UTF-8.
#[test]
fn a_large_json_lines_file_in_pieces_matches_the_whole_file_parse() {
    let fx = Fixture::new();
    let mut bytes = Vec::new();
    for i in 1..=30_000u32 {
        let line: Vec<u8> = match i {
            _ if i % 97 == 0 => b"   ".to_vec(),
            _ if i % 5003 == 0 => b"{\"title\": \"broken".to_vec(),
            12_345 => b"[1, 2, 3]".to_vec(),
            20_000 => b"{\"title\":\"caf\xe9\",\"body\":\"latin-1 line tok20000\"}".to_vec(),
            _ => format!(
                "{{\"title\":\"Item {i}\",\"body\":\"Record {i} is about tok{i} and a gecko.\"}}"
            )
            .into_bytes(),
        };
        bytes.extend_from_slice(&line);
        bytes.extend_from_slice(if i % 7 == 0 { b"\r\n" } else { b"\n" });
    }
    assert!(
        bytes.len() > 2 << 20,
        "{} bytes: more than two pieces",
        bytes.len()
    );
    fx.write("big.jsonl", &bytes);
    let truth = byline::article::parse_bytes(byline::article::Format::JsonLines, &bytes);
    let (s, _) = fx.index_ok(&[]);
    assert_eq!(
        s["articles"],
        truth.articles.len() as u64,
        "{}",
        s["skipped"]
    );
    let lines = |v: &serde_json::Value| -> Vec<(u64, String)> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|r| {
                (
                    r["line"].as_u64().unwrap(),
                    r["reason"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    };
    let want = |ps: &[byline::article::Problem]| -> Vec<(u64, String)> {
        ps.iter()
            .map(|p| (p.line.unwrap(), p.message.clone()))
            .collect()
    };
    assert_eq!(lines(&s["skipped"]), want(&truth.skipped));
    assert_eq!(lines(&s["warnings"]), want(&truth.warnings));
    assert!(!truth.skipped.is_empty() && !truth.warnings.is_empty());
    for a in truth.articles.iter().step_by(997) {
        let tok = a
            .body
            .split_whitespace()
            .find(|w| w.starts_with("tok"))
            .unwrap();
        let out = fx
            .cmd()
            .args(["search", tok, "--format", "json"])
            .output()
            .unwrap();
        let j = crate::util::json(&out.stdout);
        assert_eq!(j["total_articles"], 1, "{tok}");
        assert_eq!(
            j["hits"][0]["article"]["record"].as_u64(),
            a.record,
            "{tok}"
        );
        assert_eq!(
            j["hits"][0]["article"]["title"].as_str(),
            a.title.as_deref(),
            "{tok}"
        );
    }
    // Unchanged on a second run; gone when the file is.
    let (s, _) = fx.index_ok(&[]);
    assert_eq!(s["unchanged"], 1);
    std::fs::remove_file(fx.corpus().join("big.jsonl")).unwrap();
    let (s, _) = fx.index_ok(&[]);
    assert_eq!(
        (s["removed"].as_u64(), s["articles"].as_u64()),
        (Some(1), Some(0))
    );
}

/// A run that leaves many small segments: tantivy's merge policy starts merging some of them
/// right after the commit, and byline's own merge of a small index used to race it and fail
/// ("segments ... could not be found in the SegmentManager", found by `benches/memory.py`).
/// Now the background merges finish first: no warning, one segment, everything searchable.
#[test]
fn merging_a_small_index_does_not_race_the_merge_policy() {
    let fx = Fixture::new();
    let mut next = xorshift(1);
    for i in 0..1500 {
        let mut text = format!("Title: Article {i}\n\nUnique marker word{i}.\n\n");
        for _ in 0..12 {
            let words: Vec<String> = (0..40)
                .map(|_| format!("w{}", next() % 1_000_000))
                .collect();
            text.push_str(&words.join(" "));
            text.push_str(".\n\n");
        }
        fx.write(format!("a{i:04}.txt"), text);
    }
    let (s, stderr) = fx.index_ok(&["--memory-mb", "30", "-j", "2"]);
    assert_eq!(s["articles"], 1500);
    assert!(s["warnings"].as_array().unwrap().is_empty(), "{stderr}");
    assert!(stderr.is_empty(), "{stderr}");
    let segments = std::fs::read_dir(fx.index_dir())
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .path()
                .extension()
                .is_some_and(|x| x == "idx")
        })
        .count();
    assert_eq!(segments, 1);
    assert_eq!(count_ok(&fx, "word1499"), 1);
}

/// A run that writes verifies only the segment files it has not verified before as they are
/// now (`verified.tsv`): one rewritten since (same length, new modification time) is checked
/// again and the run refuses; `stats --check` still reads every file.
#[test]
fn verified_segment_files_are_checked_again_once_rewritten() {
    let fx = Fixture::new();
    for i in 0..6 {
        fx.write(
            format!("a{i}.txt"),
            format!("Story {i} about chips\n\n{}", article_text(i, 60)),
        );
    }
    fx.index_ok(&[]);
    fx.write("b.txt", format!("Later story\n\n{}", article_text(40, 40)));
    fx.index_ok(&[]);
    let dir = fx.index_dir();
    let record = std::fs::read_to_string(dir.join("verified.tsv")).unwrap();
    let recorded: Vec<&str> = record
        .lines()
        .map(|l| l.split('\t').next().unwrap())
        .collect();
    // The record holds the files verified when the second run opened its writer: the first
    // run's segment, still there (two segments are not merged).
    let target = segment_files(&dir)
        .into_iter()
        .find(|f| recorded.contains(&&*f.file_name().unwrap().to_string_lossy()))
        .expect("a recorded segment file still in the index");
    let first = target.file_name().unwrap().to_string_lossy().into_owned();

    // Damaged in place, its modification time kept: a write-side run trusts the record, the
    // full check does not.
    let target = &target;
    let mtime = std::fs::metadata(target).unwrap().modified().unwrap();
    let mut bytes = std::fs::read(target).unwrap();
    let at = bytes.len() / 2;
    bytes[at] ^= 0x5a;
    {
        use std::io::{Seek, Write};
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .open(target)
            .unwrap();
        f.seek(std::io::SeekFrom::Start(0)).unwrap();
        f.write_all(&bytes).unwrap();
        f.set_modified(mtime).unwrap();
    }
    let check = fx.cmd().args(["stats", "--check"]).output().unwrap();
    assert_eq!(check.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&check.stderr).contains(&first));

    // Written again (a new modification time): checked again, and the run refuses.
    std::fs::write(target, &bytes).unwrap();
    fx.write("c.txt", format!("Third story\n\n{}", article_text(41, 40)));
    let run = fx.index(&[]);
    assert_eq!(run.status.code(), Some(2));
    let err = String::from_utf8_lossy(&run.stderr);
    assert!(err.contains("--rebuild") && err.contains(&first), "{err}");
}
