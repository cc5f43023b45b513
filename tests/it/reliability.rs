//! The index under damage and hostile conditions: garbled bytes inside segment files, a full
//! disk, a read-only index directory. Each must end in a clear message (exit 2) or a correct
//! answer, never a panic, and must leave the last committed index as it was.

use std::os::unix::fs::PermissionsExt;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::Output;

use crate::util::{article_text, is_root, Fixture};

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

fn count(fx: &Fixture, word: &str) -> Output {
    fx.cmd().args(["search", word, "--count"]).output().unwrap()
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
    let bin = assert_cmd::cargo::cargo_bin("byline");
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
        let mut cmd = std::process::Command::new(&bin);
        cmd.env_remove("BYLINE_INDEX")
            .arg("--index")
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
        let out = cmd.output().unwrap();
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
    let bin = assert_cmd::cargo::cargo_bin("byline");
    let run = |args: &[&str]| -> Output {
        let mut c = if is_root() {
            let mut c = std::process::Command::new("setpriv");
            c.args(["--reuid=65534", "--regid=65534", "--clear-groups"])
                .arg(&bin);
            c
        } else {
            std::process::Command::new(&bin)
        };
        c.env_remove("BYLINE_INDEX")
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
