//! `byline index` and `byline stats`: formats, bad input, incremental updates, locking,
//! schema versions, crash safety, thread-count independence.

use std::path::Path;

use serde_json::Value;
use tantivy::schema::Value as _;
use tantivy::TantivyDocument;

use crate::util::{article_text, assert_skipped, counts, json, ok_json, skipped, Fixture};

const BBC: &str = "Chip makers race to build new plants\n\nThe biggest chip makers announced new plants in Arizona and Japan on Monday, adding capacity for the most advanced processors.\n\nAnalysts said the plants would take three years to build and would need thousands of trained engineers.\n";

/// Every passage in an index as (path, record, ordinal, title, text), sorted. Path, record and
/// title are stored on each article's first passage only, so they are joined by the article id
/// (a fast column, like the ordinal).
fn dump(index_dir: &Path) -> Vec<(String, u64, u64, String, String)> {
    let store = byline::index::store::open(index_dir).unwrap();
    let f = store.fields;
    let searcher = store.index.reader().unwrap().searcher();
    // (article id, ordinal, stored document)
    let mut docs = Vec::new();
    for (seg_ord, seg) in searcher.segment_readers().iter().enumerate() {
        let ids = seg.fast_fields().u64("article_id").unwrap();
        let ordinals = seg.fast_fields().u64("ordinal").unwrap();
        for doc in seg.doc_ids_alive() {
            let d: TantivyDocument = searcher
                .doc(tantivy::DocAddress::new(seg_ord as u32, doc))
                .unwrap();
            let id = ids.first(doc).expect("passage without article id");
            docs.push((id, ordinals.first(doc).expect("passage without ordinal"), d));
        }
    }
    let s = |d: &TantivyDocument, field| {
        d.get_first(field)
            .and_then(|v| v.as_str())
            .unwrap_or("")
            .to_string()
    };
    let n = |d: &TantivyDocument, field| d.get_first(field).and_then(|v| v.as_u64()).unwrap_or(0);
    let mut articles = std::collections::HashMap::new();
    for (id, _, d) in docs.iter().filter(|(_, ordinal, _)| *ordinal == 0) {
        let prev = articles.insert(
            *id,
            (
                s(d, f.path),
                n(d, f.record),
                s(d, f.title),
                n(d, f.passages),
            ),
        );
        assert!(prev.is_none(), "two first passages for one article");
    }
    let mut rows: Vec<_> = docs
        .iter()
        .map(|(id, ordinal, d)| {
            let (path, record, title, count) = articles
                .get(id)
                .expect("article without first passage")
                .clone();
            assert!(*ordinal < count);
            (path, record, *ordinal, title, s(d, f.text))
        })
        .collect();
    rows.sort();
    rows
}

/// An index written with schema 5 (lz4 document store; id, ordinal, date, source and body
/// hash stored on every passage) is read and added to: dates and sources come from the fast
/// columns, which both versions have.
#[test]
fn an_index_of_schema_5_is_read_and_added_to() {
    let fx = Fixture::new();
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/index-v5");
    let idx = fx.index_dir();
    std::fs::create_dir_all(&idx).unwrap();
    for e in std::fs::read_dir(&src).unwrap() {
        let e = e.unwrap();
        if e.file_name() != "README.md" {
            std::fs::copy(e.path(), idx.join(e.file_name())).unwrap();
        }
    }
    assert_eq!(fx.stats()["schema_version"], 5);
    let search = |q: &str| ok_json(&fx.cmd().args(["search", "--json", q]).output().unwrap());
    let r = search("chip");
    let a = &r["hits"][0]["article"];
    assert_eq!(
        (
            a["title"].as_str(),
            a["date"].as_str(),
            a["source"].as_str()
        ),
        (
            Some("Chip plants in Arizona"),
            Some("2024-03-15"),
            Some("Bytewire")
        ),
        "{r}"
    );
    let out = fx
        .cmd()
        .args(["export", "--format", "quickwit"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let rows: Vec<Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| json(l.as_bytes()))
        .collect();
    assert_eq!(rows.len(), 3);
    let cloud = rows
        .iter()
        .find(|r| r["title"] == "Cloud spending grows")
        .unwrap();
    assert_eq!(cloud["source"], "Kilobyte Daily");
    assert_eq!(cloud["date"], "2025-06-01T00:00:00Z");
    assert_eq!(cloud["body_hash"].as_str().map(str::len), Some(16));

    fx.write(
        "q.txt",
        "Title: Quantum chips\nDate: 2026-01-02\nSource: Qubit Weekly\n\nIBM showed a quantum chip with more qubits than before.\n",
    );
    let (s, _) = fx.index_ok(&[]);
    assert_eq!(s["added"], 1);
    assert_eq!(fx.stats()["schema_version"], 5);
    let r = search("chip");
    let found: Vec<(&str, &str)> = r["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| {
            let a = &h["article"];
            (a["source"].as_str().unwrap(), a["date"].as_str().unwrap())
        })
        .collect();
    assert_eq!(
        found,
        [("Qubit Weekly", "2026-01-02"), ("Bytewire", "2024-03-15")]
    );
}

#[test]
fn indexes_every_format_and_reports_stats() {
    let fx = Fixture::new();
    fx.write("a/header.txt", "Title: Header article\nDate: 2024-03-15\nSource: Bytewire\nURL: https://www.bytewire.example/x\n\nFirst paragraph of the header article about cloud chips and data centres.\n\nSecond paragraph with more words so that it stands alone as a passage.\n");
    fx.write("a/bbc.txt", BBC);
    fx.write("b/lead.txt", "Microsoft said on Tuesday that it would spend more on data centres this year, as demand for its cloud services grew faster than expected.\nThe company did not give a figure.\n");
    fx.write("b/post.md", "---\ntitle: A markdown post\ndate: 2025-06-01\nsource: Kilobyte Daily\ntags: [cloud, chips]\n---\n\n## Subhead\n\nSome *emphasised* text with a [link](https://example.com) in it and enough words to count.\n");
    fx.write("c/wire.jsonl", "{\"headline\":\"Wire one\",\"text\":\"Body of wire story one with words.\",\"published_at\":\"2023-01-05T10:00:00Z\",\"link\":\"https://www.wire.example/1\"}\n{\"title\":\"Wire two\",\"body\":\"Body of wire story two.\",\"date\":\"Nov 26, 2026\"}\n");
    fx.write(
        "c/list.json",
        "[{\"title\":\"J1\",\"body\":\"json one\"},{\"title\":\"J2\",\"content\":\"json two\"}]",
    );
    fx.write("d/page.html", "<html><head><title>Page title</title><meta property=\"article:published_time\" content=\"2025-02-03T04:05:06Z\"></head><body><nav>Subscribe now</nav><article><h1>Page title</h1><p>Article text of the page, long enough to be a passage of its own here.</p></article><footer>Copyright</footer></body></html>");
    fx.write("d/notes.pdf", "ignored: unknown extension");
    let (s, stderr) = fx.index_ok(&[]);
    assert_eq!(counts(&s), (7, 0, 0, 0, 0), "{s}\n{stderr}");
    assert!(stderr.is_empty(), "{stderr}");
    assert_eq!(s["articles"], 9);
    let st = fx.stats();
    assert_eq!(st["articles"], 9);
    assert_eq!(st["files"], 7);
    assert_eq!(st["passages"], s["passages"]);
    assert_eq!(st["date_min"], "2023-01-05");
    assert_eq!(st["date_max"], "2026-11-26");
    // Sources: Bytewire, Kilobyte Daily, wire.example (from the URL host).
    assert_eq!(st["sources"], 3);
    let rows = dump(&fx.index_dir());
    let titles: std::collections::BTreeSet<&str> = rows.iter().map(|r| r.3.as_str()).collect();
    for t in [
        "Header article",
        "Chip makers race to build new plants",
        "A markdown post",
        "Wire one",
        "Wire two",
        "J1",
        "J2",
        "Page title",
    ] {
        assert!(titles.contains(t), "missing title {t}: {titles:?}");
    }
    // The lead-style title is derived from the first sentence.
    assert!(
        titles
            .iter()
            .any(|t| t.starts_with("Microsoft said on Tuesday")),
        "{titles:?}"
    );
    let all_text: String = rows
        .iter()
        .map(|r| r.4.as_str())
        .collect::<Vec<_>>()
        .join("\n");
    assert!(!all_text.contains("Subscribe now") && !all_text.contains("https://example.com"));
    assert!(all_text.contains("Some emphasised text with a link in it"));
    // Paths are absolute; JSON Lines records are numbered.
    assert!(rows.iter().all(|r| Path::new(&r.0).is_absolute()));
    assert!(rows
        .iter()
        .any(|r| r.0.ends_with("wire.jsonl") && r.1 == 2 && r.3 == "Wire two"));
}

#[test]
fn bundled_corpus_indexes_cleanly() {
    let fx = Fixture::new();
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let out = fx
        .cmd()
        .arg("index")
        .arg(&corpus)
        .arg("--json")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(
        stderr.is_empty(),
        "the bundled corpus should index without warnings: {stderr}"
    );
    let s = json(&out.stdout);
    assert!(s["articles"].as_u64().unwrap() >= 40, "{s}");
    assert!(s["skipped"].as_array().unwrap().is_empty(), "{s}");
    let st = fx.stats();
    assert!(st["sources"].as_u64().unwrap() >= 8, "{st}");
    assert!(
        st["date_min"].as_str().unwrap() <= "2023-12-31"
            && st["date_max"].as_str().unwrap() >= "2026-01-01",
        "{st}"
    );
    // No passage is longer than the splitter allows (plus slack for one long sentence).
    for row in dump(&fx.index_dir()) {
        let words = row.4.split_whitespace().count();
        assert!(
            words <= byline::passage::MAX_SENTENCE_WORDS,
            "{words} words: {}",
            row.4
        );
    }
}

#[test]
fn invalid_utf8_bom_and_crlf_are_decoded_not_dropped() {
    let fx = Fixture::new();
    fx.write("latin1.txt", b"Price rises\n\nThe new phone costs \xa3999 in shops from Friday, the maker said in a statement.\n");
    fx.write("bom.txt", b"\xEF\xBB\xBFBOM headline here\n\nBody of the article with a byte order mark at the start of the file.\n");
    fx.write("crlf.txt", b"CRLF headline here\r\n\r\nBody of the article written on a system with carriage returns.\r\n");
    let (s, stderr) = fx.index_ok(&[]);
    assert_eq!(counts(&s), (3, 0, 0, 0, 0));
    assert!(stderr.contains("latin1.txt:3: invalid UTF-8"), "{stderr}");
    assert_eq!(s["warnings"][0]["line"], 3);
    let rows = dump(&fx.index_dir());
    let get = |name: &str| rows.iter().find(|r| r.0.ends_with(name)).unwrap().clone();
    assert!(get("latin1.txt").4.contains("costs £999"));
    assert_eq!(get("bom.txt").3, "BOM headline here");
    assert_eq!(get("crlf.txt").3, "CRLF headline here");
    assert!(!get("crlf.txt").4.contains('\r'));
}

#[test]
fn empty_blank_and_binary_files_are_skipped_and_reported() {
    let fx = Fixture::new();
    fx.write("empty.txt", "");
    fx.write("blank.md", "  \n\n\t\n");
    fx.write("image.html", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0");
    fx.write("ok.txt", BBC);
    let (s, stderr) = fx.index_ok(&[]);
    assert_eq!(counts(&s), (1, 0, 0, 0, 3));
    let sk = skipped(&s);
    assert!(
        sk.contains(&("empty.txt".into(), None, "empty file".into())),
        "{sk:?}"
    );
    assert!(
        sk.contains(&("blank.md".into(), None, "file holds only whitespace".into())),
        "{sk:?}"
    );
    assert!(
        sk.iter()
            .any(|(n, l, r)| n == "image.html" && l.is_none() && r.contains("binary")),
        "{sk:?}"
    );
    assert!(stderr.contains("empty.txt: empty file"), "{stderr}");
}

#[test]
fn bad_json_lines_skip_only_that_record() {
    let fx = Fixture::new();
    fx.write(
        "wire.jsonl",
        b"{\"title\":\"One\",\"body\":\"First story.\"}\n{\"title\": broken\n{\"url\":\"https://x.example\"}\n{\"title\":\"Four\",\"body\":\"Caf\xe9 prices rose.\"}\n",
    );
    let (s, stderr) = fx.index_ok(&[]);
    assert_eq!(counts(&s), (1, 0, 0, 0, 2));
    assert_eq!(s["articles"], 2);
    let sk = skipped(&s);
    assert_eq!(sk[0].0, "wire.jsonl");
    assert_eq!(sk[0].1, Some(2));
    assert!(sk[0].2.starts_with("invalid JSON"), "{sk:?}");
    assert_eq!(sk[1].1, Some(3));
    assert!(sk[1].2.contains("no text field"), "{sk:?}");
    // The invalid byte on line 4 is decoded, and that record kept.
    assert!(stderr.contains("wire.jsonl:4: invalid UTF-8"), "{stderr}");
    let rows = dump(&fx.index_dir());
    assert!(
        rows.iter().any(|r| r.1 == 4 && r.4 == "Café prices rose."),
        "{rows:?}"
    );
}

#[test]
fn broken_json_file_is_reported_with_its_line() {
    let fx = Fixture::new();
    fx.write("bad.json", "[\n {\"title\": \"a\",\n  \"body\": }\n]\n");
    let (s, _) = fx.index_ok(&[]);
    let sk = skipped(&s);
    assert_eq!(sk.len(), 1);
    assert_eq!((sk[0].0.as_str(), sk[0].1), ("bad.json", Some(3)));
}

#[test]
fn oversized_files_are_skipped_with_a_reason() {
    let fx = Fixture::new();
    let mut big = String::from("Big file\n\n");
    while big.len() < 1_200_000 {
        big.push_str(&article_text(big.len(), 200));
    }
    fx.write("big.txt", &big);
    fx.write("small.txt", BBC);
    let (s, _) = fx.index_ok(&["--max-file-mb", "1"]);
    assert_eq!(counts(&s), (1, 0, 0, 0, 1));
    let sk = skipped(&s);
    assert_eq!(sk[0].0, "big.txt");
    assert!(sk[0].2.contains("above --max-file-mb 1"), "{sk:?}");
    // With the default limit it is indexed.
    let (s, _) = fx.index_ok(&[]);
    assert_eq!(counts(&s), (1, 0, 0, 1, 0));
}

#[cfg(unix)]
#[test]
fn non_utf8_file_names_are_indexed() {
    use std::os::unix::ffi::OsStrExt;
    let fx = Fixture::new();
    let name = std::ffi::OsStr::from_bytes(b"caf\xe9-news.txt");
    fx.write(name, BBC);
    let (s, _) = fx.index_ok(&[]);
    assert_eq!(counts(&s), (1, 0, 0, 0, 0));
    // A rerun recognises it as unchanged (its key round-trips).
    let (s, _) = fx.index_ok(&[]);
    assert_eq!(counts(&s), (0, 0, 0, 1, 0));
    std::fs::remove_file(fx.corpus().join(name)).unwrap();
    let (s, _) = fx.index_ok(&[]);
    assert_eq!(counts(&s), (0, 0, 1, 0, 0));
    assert_eq!(s["passages"], 0);
}

#[cfg(unix)]
#[test]
fn symlinks_loops_and_links_out_of_the_roots() {
    use std::os::unix::fs::symlink;
    let fx = Fixture::new();
    fx.write("news/a.txt", BBC);
    symlink(fx.corpus().join("news"), fx.corpus().join("news/loop")).unwrap();
    symlink(
        fx.corpus().join("news/a.txt"),
        fx.corpus().join("alias.txt"),
    )
    .unwrap();
    let outside = fx.tmp.path().join("outside.txt");
    std::fs::write(&outside, BBC).unwrap();
    symlink(&outside, fx.corpus().join("out.txt")).unwrap();
    symlink(
        fx.tmp.path().join("missing.txt"),
        fx.corpus().join("dangling.txt"),
    )
    .unwrap();
    let (s, _) = fx.index_ok(&[]);
    // a.txt and the in-root alias are indexed; the rest is reported.
    assert_eq!(counts(&s).0, 2, "{s}");
    let sk = skipped(&s);
    assert_skipped(&sk, "loop", "symlink to a directory");
    assert_skipped(&sk, "out.txt", "outside the indexed roots");
    assert_skipped(&sk, "dangling.txt", "broken symlink");
    // With --follow, the loop is detected and reported, and the run completes.
    let (s, _) = fx.index_ok(&["--follow", "--rebuild"]);
    let sk = skipped(&s);
    assert!(
        sk.iter().any(|(_, _, r)| r.contains("symlink loop")),
        "{sk:?}"
    );
    assert_eq!(s["articles"], 3, "{s}");
}

/// Unreadable files and directories: reported, the run goes on, and documents already indexed
/// under an unreadable directory are not removed. As root, permissions do not apply, so the
/// binary then runs as `nobody` through setpriv.
#[cfg(unix)]
#[test]
fn unreadable_files_and_directories_are_reported() {
    use std::os::unix::fs::PermissionsExt;
    let fx = Fixture::new();
    std::fs::set_permissions(fx.tmp.path(), std::fs::Permissions::from_mode(0o777)).unwrap();
    fx.write("open/a.txt", BBC);
    fx.write("locked/b.txt", BBC);
    fx.write("secret.txt", BBC);
    let run = |fx: &Fixture| -> Value {
        let mut cmd = crate::util::byline_unprivileged();
        let out = cmd
            .arg("--index")
            .arg(fx.index_dir())
            .arg("index")
            .arg(fx.corpus())
            .arg("--json");
        ok_json(&out.output().unwrap())
    };
    let s = run(&fx);
    assert_eq!(counts(&s), (3, 0, 0, 0, 0));
    std::fs::set_permissions(
        fx.corpus().join("locked"),
        std::fs::Permissions::from_mode(0o000),
    )
    .unwrap();
    std::fs::set_permissions(
        fx.corpus().join("secret.txt"),
        std::fs::Permissions::from_mode(0o000),
    )
    .unwrap();
    fx.write("open/new.txt", BBC);
    // Touch secret.txt's mtime so that it must be read again.
    let f = std::fs::File::options()
        .write(true)
        .open(fx.corpus().join("secret.txt"))
        .unwrap();
    f.set_modified(std::time::SystemTime::now() + std::time::Duration::from_secs(5))
        .unwrap();
    drop(f);
    let s = run(&fx);
    let sk = skipped(&s);
    std::fs::set_permissions(
        fx.corpus().join("locked"),
        std::fs::Permissions::from_mode(0o755),
    )
    .unwrap();
    assert_skipped(&sk, "locked", "cannot read directory");
    assert_skipped(&sk, "secret.txt", "cannot read");
    assert_eq!(s["added"], 1, "{s}");
    // locked/b.txt is still in the index (its directory could not be read, not removed).
    assert_eq!(
        s["removed"], 1,
        "only the unreadable file's old documents go: {s}"
    );
    assert_eq!(s["articles"], 3, "{s}");
}

#[test]
fn incremental_updates_add_change_remove() {
    let fx = Fixture::new();
    for i in 0..5 {
        fx.write(
            format!("n{i}.txt"),
            format!("Headline {i}\n\n{}", article_text(i, 60)),
        );
    }
    let (s, _) = fx.index_ok(&[]);
    assert_eq!(counts(&s), (5, 0, 0, 0, 0));
    let before = dump(&fx.index_dir());
    // Nothing changed: nothing committed, same index.
    let (s, _) = fx.index_ok(&[]);
    assert_eq!(counts(&s), (0, 0, 0, 5, 0));
    assert_eq!(s["committed"], false);
    assert_eq!(dump(&fx.index_dir()), before);
    // Same bytes, new mtime: read, found unchanged.
    let p = fx.corpus().join("n0.txt");
    let f = std::fs::File::options().write(true).open(&p).unwrap();
    f.set_modified(std::time::SystemTime::now() + std::time::Duration::from_secs(10))
        .unwrap();
    drop(f);
    let (s, _) = fx.index_ok(&[]);
    assert_eq!(counts(&s), (0, 0, 0, 5, 0));
    // Edit one, delete one, add one.
    fx.write("n1.txt", "Headline changed\n\nCompletely new text for the first article, long enough to stand as a passage.\n");
    std::fs::remove_file(fx.corpus().join("n2.txt")).unwrap();
    fx.write(
        "sub/n9.txt",
        format!("Headline 9\n\n{}", article_text(9, 40)),
    );
    let (s, _) = fx.index_ok(&[]);
    assert_eq!(counts(&s), (1, 1, 1, 3, 0));
    assert_eq!(s["articles"], 5);
    let rows = dump(&fx.index_dir());
    assert!(rows.iter().all(|r| !r.0.ends_with("n2.txt")));
    assert_eq!(rows.iter().filter(|r| r.0.ends_with("n1.txt")).count(), 1);
    assert!(rows.iter().any(|r| r.3 == "Headline changed"));
    assert_eq!(
        fx.stats()["passages"].as_u64().unwrap() as usize,
        rows.len()
    );
    // `byline index` with no path re-syncs the recorded roots.
    std::fs::remove_file(fx.corpus().join("n3.txt")).unwrap();
    let out = fx.cmd().args(["index", "--json"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(counts(&json(&out.stdout)), (0, 0, 1, 4, 0));
    // --rebuild without a path rebuilds the recorded roots.
    let out = fx
        .cmd()
        .args(["index", "--rebuild", "--json"])
        .output()
        .unwrap();
    assert_eq!(counts(&ok_json(&out)), (4, 0, 0, 0, 0));
    // --rebuild starts from empty and ends with the same content.
    let (s, _) = fx.index_ok(&["--rebuild"]);
    assert_eq!(counts(&s), (4, 0, 0, 0, 0));
    assert_eq!(s["articles"], 4);
}

#[test]
fn indexing_a_second_root_keeps_the_first() {
    let fx = Fixture::new();
    fx.write("one/a.txt", BBC);
    fx.write("two/b.txt", BBC);
    let out = fx
        .cmd()
        .arg("index")
        .arg(fx.corpus().join("one"))
        .arg("--json")
        .output()
        .unwrap();
    assert_eq!(counts(&json(&out.stdout)), (1, 0, 0, 0, 0));
    let out = fx
        .cmd()
        .arg("index")
        .arg(fx.corpus().join("two"))
        .arg("--json")
        .output()
        .unwrap();
    let s = json(&out.stdout);
    assert_eq!(counts(&s), (1, 0, 0, 0, 0));
    assert_eq!(s["articles"], 2);
    assert_eq!(fx.stats()["roots"].as_array().unwrap().len(), 2);
}

#[test]
fn result_does_not_depend_on_thread_count() {
    let a = Fixture::new();
    for i in 0..40 {
        a.write(
            format!("d{}/f{i}.txt", i % 4),
            format!("Headline {i}\n\n{}", article_text(i, 30 + i * 7)),
        );
    }
    let (s1, _) = a.index_ok(&["--threads", "1"]);
    let d1 = dump(&a.index_dir());
    std::fs::remove_dir_all(a.index_dir()).unwrap();
    // Four writer threads too (a small input gets one otherwise).
    let out = a
        .cmd()
        .env("BYLINE_TEST_WRITER_THREADS", "all")
        .args(["index", "--json", "--threads", "4", "--memory-mb", "64"])
        .arg(a.corpus())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let s4 = json(&out.stdout);
    let d4 = dump(&a.index_dir());
    assert_eq!(s1["passages"], s4["passages"]);
    assert_eq!(d1, d4);
    assert!(d1.len() > 40);
}

#[test]
fn strict_mode_commits_nothing_when_anything_is_skipped() {
    let fx = Fixture::new();
    fx.write("good.txt", BBC);
    let (s, _) = fx.index_ok(&[]);
    assert_eq!(s["articles"], 1);
    fx.write("good2.txt", BBC.replace("Arizona", "Ohio"));
    fx.write("empty.txt", "");
    let out = fx.index(&["--strict"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("empty.txt: empty file") && stderr.contains("nothing was committed"),
        "{stderr}"
    );
    assert_eq!(json(&out.stdout)["committed"], false);
    assert_eq!(fx.stats()["articles"], 1);
    // Without --strict the same run commits, and skips are not failures.
    let (s, _) = fx.index_ok(&[]);
    assert_eq!(s["articles"], 2);
}

#[test]
fn a_second_indexer_fails_fast() {
    let fx = Fixture::new();
    fx.write("a.txt", BBC);
    fx.index_ok(&[]);
    let lock = byline::index::store::lock(&fx.index_dir()).unwrap();
    let out = fx.index(&[]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("another `byline index` is writing this index"),
        "{stderr}"
    );
    assert!(out.stdout.is_empty());
    drop(lock);
    assert_eq!(fx.stats()["articles"], 1);
    fx.index_ok(&[]);
}

#[test]
fn incompatible_or_foreign_index_directories() {
    let fx = Fixture::new();
    fx.write("a.txt", BBC);
    fx.index_ok(&[]);
    let marker = fx.index_dir().join("byline.json");
    // A marker `byline.json` this byline cannot read: stats and index exit 2 with `needle` and
    // the rebuild command.
    let refused = |json: &str, needle: &str| {
        std::fs::write(&marker, json).unwrap();
        for args in [vec!["stats"], vec!["index"]] {
            let out = fx.cmd().args(&args).output().unwrap();
            assert_eq!(out.status.code(), Some(2));
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert!(
                stderr.contains(needle) && stderr.contains("--rebuild"),
                "{stderr}"
            );
        }
    };
    refused(
        r#"{"schema_version": 999, "created_by": "byline 9.9.9"}"#,
        "schema version 999",
    );
    let (s, _) = fx.index_ok(&["--rebuild"]);
    assert_eq!(s["articles"], 1);
    assert_eq!(fx.stats()["articles"], 1);

    // The same schema with another stemmer (a newer one would stem some words differently):
    // asked to rebuild, not left to miss words.
    let current: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&marker).unwrap()).unwrap();
    assert_eq!(current["analyzer"], byline::stem::ANALYZER);
    refused(
        &format!(
            r#"{{"schema_version": {}, "created_by": "byline 0.0.9", "analyzer": "frostem =0.1 english"}}"#,
            byline::schema::SCHEMA_VERSION
        ),
        "analyser 'frostem =0.1 english'",
    );
    let (s, _) = fx.index_ok(&["--rebuild"]);
    assert_eq!(s["articles"], 1);

    // A directory holding other things is not taken over.
    let other = fx.tmp.path().join("not-an-index");
    std::fs::create_dir_all(&other).unwrap();
    std::fs::write(other.join("notes.txt"), "mine").unwrap();
    let bin = || crate::util::byline();
    let out = bin()
        .arg("--index")
        .arg(&other)
        .args(["index"])
        .arg(fx.corpus())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("not a byline index"), "{stderr}");
    assert_eq!(
        std::fs::read_to_string(other.join("notes.txt")).unwrap(),
        "mine"
    );

    // No index at all.
    let out = bin()
        .arg("--index")
        .arg(fx.tmp.path().join("nowhere"))
        .arg("stats")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no index here"));
}

/// A run killed while writing the marker (seen once in the SIGKILL test: an empty
/// `byline.json` then read as corrupt): it is written to a temporary name and renamed, and a
/// directory holding only that temporary is treated as empty.
#[test]
fn run_killed_while_writing_the_marker_leaves_a_usable_directory() {
    let fx = Fixture::new();
    fx.write("a.txt", BBC);
    std::fs::create_dir_all(fx.index_dir()).unwrap();
    std::fs::write(fx.index_dir().join(".byline.json.tmp"), "").unwrap();
    let (s, _) = fx.index_ok(&[]);
    assert_eq!(s["articles"], 1);
    let names: Vec<String> = std::fs::read_dir(fx.index_dir())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(names.contains(&"byline.json".to_string()), "{names:?}");
    assert!(!names.iter().any(|n| n.ends_with(".tmp")), "{names:?}");
}

/// A run killed right after writing the marker, before tantivy wrote anything.
#[test]
fn half_created_index_directory_is_completed() {
    let fx = Fixture::new();
    fx.write("a.txt", BBC);
    std::fs::create_dir_all(fx.index_dir()).unwrap();
    std::fs::write(
        fx.index_dir().join("byline.json"),
        format!(
            r#"{{"schema_version": {}, "created_by": "test", "analyzer": "{}"}}"#,
            byline::schema::SCHEMA_VERSION,
            byline::stem::ANALYZER
        ),
    )
    .unwrap();
    let out = fx.cmd().arg("stats").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no index committed here yet"));
    let (s, _) = fx.index_ok(&[]);
    assert_eq!(s["articles"], 1);
}

/// `byline index --files-from FILE|-` (with `-0`): the listed paths are indexed as if given as
/// PATH arguments; a missing one is an error naming the list and line, and nothing is indexed.
#[test]
fn files_from_a_list_or_standard_input() {
    use std::io::Write as _;
    let fx = Fixture::new();
    for name in ["a.txt", "b.txt", "c.txt", "odd name.txt"] {
        fx.write(
            name,
            format!("Story {name}\n\nQuokkas reach {name} by boat.\n"),
        );
    }
    let count = || -> String {
        let out = fx
            .cmd()
            .args(["search", "quokkas", "--count"])
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).trim().to_string()
    };
    // A newline-separated list, with a blank line and a CRLF ending.
    let list = fx.tmp.path().join("list.txt");
    let c = fx.corpus();
    // Write the list, then `byline index --json --files-from LIST`.
    let index_list = |text: String| {
        std::fs::write(&list, text).unwrap();
        fx.cmd()
            .args(["index", "--json", "--files-from"])
            .arg(&list)
            .output()
            .unwrap()
    };
    let out = index_list(format!(
        "{}\r\n\n{}\n",
        c.join("a.txt").display(),
        c.join("b.txt").display()
    ));
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(json(&out.stdout)["articles"], 2);
    assert_eq!(count(), "2");
    // NUL-separated from standard input, a name with a space included.
    let mut child = crate::util::byline_std()
        .arg("--index")
        .arg(fx.index_dir())
        .args(["index", "-q", "--files-from", "-", "-0"])
        .stdin(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let names = [c.join("c.txt"), c.join("odd name.txt")];
    let mut input = Vec::new();
    for n in &names {
        input.extend_from_slice(n.to_str().unwrap().as_bytes());
        input.push(0);
    }
    child.stdin.take().unwrap().write_all(&input).unwrap();
    assert!(child.wait().unwrap().success());
    assert_eq!(count(), "4");
    // A listed file that is not there: exit 2, the list and line named, nothing indexed.
    fx.write("d.txt", "Story d\n\nQuokkas again.\n");
    let out = index_list(format!(
        "{}\n{}\n",
        c.join("d.txt").display(),
        c.join("gone.txt").display()
    ));
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(&format!("{}:2: ", list.display())) && stderr.contains("gone.txt"),
        "{stderr}"
    );
    assert_eq!(count(), "4");
    // An empty list is an error too (it would otherwise re-sync every root).
    let out = index_list("\n\n".to_string());
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("lists no paths"));
    // -0 without --files-from is refused by the parser.
    let out = fx.cmd().args(["index", "-0"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn missing_root_is_a_clear_error() {
    let fx = Fixture::new();
    let out = fx
        .cmd()
        .args(["index", "/definitely/not/here"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.starts_with("byline: /definitely/not/here: cannot index"),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked") && !stderr.contains("backtrace"));
}

#[test]
fn index_location_from_environment() {
    let fx = Fixture::new();
    fx.write("a.txt", BBC);
    let mut c = crate::util::byline();
    let out = c
        .env("BYLINE_INDEX", fx.index_dir())
        .arg("index")
        .arg(fx.corpus())
        .arg("--quiet")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stdout.is_empty(), "--quiet prints no summary");
    assert_eq!(fx.stats()["articles"], 1);
}

/// Crash safety: a crash just before or just after the commit leaves a searchable index whose
/// manifest matches it, and the next run ends with exactly the expected articles.
#[test]
fn crash_before_or_after_commit_loses_nothing() {
    for point in ["before-commit", "after-commit"] {
        let fx = Fixture::new();
        for i in 0..6 {
            fx.write(
                format!("a{i}.txt"),
                format!("Headline {i}\n\n{}", article_text(i, 50)),
            );
        }
        fx.index_ok(&[]);
        // Change the corpus, then crash during the update.
        fx.write(
            "a0.txt",
            format!("Headline zero v2\n\n{}", article_text(100, 50)),
        );
        std::fs::remove_file(fx.corpus().join("a1.txt")).unwrap();
        fx.write(
            "new.txt",
            format!("Headline new\n\n{}", article_text(7, 50)),
        );
        let out = fx
            .cmd()
            .env("BYLINE_TEST_CRASH", point)
            .arg("index")
            .arg(fx.corpus())
            .output()
            .unwrap();
        assert!(
            !out.status.success(),
            "{point}: the crash hook did not fire"
        );
        // The index is readable and consistent (stats checks manifest against the index).
        let st = fx.stats();
        // Before the commit: the old 6 articles; after it: the new 6 (one edited, one gone, one new).
        assert_eq!(st["articles"], 6, "{point}: {st}");
        let old_title_present = dump(&fx.index_dir()).iter().any(|r| r.3 == "Headline 1");
        assert_eq!(old_title_present, point == "before-commit", "{point}");
        // The next run completes the work: no duplicate, none missing.
        let (s, _) = fx.index_ok(&[]);
        assert_eq!(s["articles"], 6, "{point}: {s}");
        let rows = dump(&fx.index_dir());
        let mut firsts: Vec<&str> = rows
            .iter()
            .filter(|r| r.2 == 0)
            .map(|r| r.3.as_str())
            .collect();
        firsts.sort();
        assert_eq!(
            firsts,
            vec![
                "Headline 2",
                "Headline 3",
                "Headline 4",
                "Headline 5",
                "Headline new",
                "Headline zero v2"
            ],
            "{point}"
        );
    }
}

/// SIGKILL at arbitrary moments of real runs (initial and incremental): after each kill the index
/// is readable and consistent with its manifest (`stats` checks), and a final run ends with
/// exactly the corpus. Where each kill lands depends on timing; the assertions hold wherever.
#[cfg(unix)]
#[test]
fn sigkill_at_any_moment_loses_nothing() {
    let fx = Fixture::new();
    for i in 0..300 {
        fx.write(
            format!("d{}/f{i}.txt", i % 7),
            format!("Headline {i}\n\n{}", article_text(i, 200)),
        );
    }
    let delays_ms = [5u64, 20, 40, 80, 120, 200, 300];
    let mut killed = 0;
    for (round, delay) in delays_ms.iter().enumerate() {
        // Change the corpus between rounds so that every run has work to do.
        fx.write(
            format!("new/r{round}.txt"),
            format!("Round {round}\n\n{}", article_text(1000 + round, 80)),
        );
        if round > 0 {
            let _ = std::fs::remove_file(fx.corpus().join(format!("d{}/f{round}.txt", round % 7)));
        }
        let mut child = crate::util::byline_std()
            .arg("--index")
            .arg(fx.index_dir())
            .arg("index")
            .arg(fx.corpus())
            .arg("--quiet")
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(*delay));
        let _ = child.kill(); // SIGKILL
        let status = child.wait().unwrap();
        if !status.success() {
            killed += 1;
        }
        if fx.index_dir().join("byline.json").exists() && fx.index_dir().join("meta.json").exists()
        {
            let st = fx.stats(); // fails if manifest and index disagree
            assert!(st["articles"].as_u64().unwrap() <= 310, "{st}");
        }
    }
    // A 5 ms kill cannot come after a run over 300 files has finished.
    assert!(killed >= 1, "no run was killed mid-way");
    let (s, _) = fx.index_ok(&[]);
    let expected = 300 - 6 + 7; // 6 files removed (rounds 1..6), 7 added
    assert_eq!(s["articles"], expected, "{s}");
    let rows = dump(&fx.index_dir());
    let mut firsts: Vec<&str> = rows
        .iter()
        .filter(|r| r.2 == 0)
        .map(|r| r.3.as_str())
        .collect();
    let n = firsts.len();
    firsts.sort();
    firsts.dedup();
    assert_eq!(firsts.len(), n, "duplicate articles after kills");
    assert_eq!(n, expected);
}

/// Searches running while an indexer commits see the old state or the new one, never an error
/// or a half-written state: every search exits 0 with a count of whole rounds of additions.
#[test]
fn searches_during_commits_see_whole_states() {
    let fx = Fixture::new();
    let text = |tag: &str| {
        format!("Note {tag}\n\nThe zebra report {tag} says markets moved on Tuesday and analysts were surprised by the numbers.\n")
    };
    let base = 100u64;
    for i in 0..base {
        fx.write(format!("a{i}.txt"), text(&i.to_string()));
    }
    fx.index_ok(&[]);
    let (rounds, per) = (6u64, 10u64);
    let mut seen = std::collections::BTreeSet::new();
    std::thread::scope(|s| {
        let indexer = s.spawn(|| {
            for r in 0..rounds {
                for j in 0..per {
                    fx.write(format!("x{r}-{j}.txt"), text(&format!("x{r} {j}")));
                }
                fx.index_ok(&[]);
            }
        });
        while !indexer.is_finished() || seen.is_empty() {
            let out = fx
                .cmd()
                .args(["search", "zebra", "--count"])
                .output()
                .unwrap();
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.code(), Some(0), "search failed: {stderr}");
            let c: u64 = String::from_utf8_lossy(&out.stdout).trim().parse().unwrap();
            assert!(
                c >= base && c <= base + rounds * per && (c - base).is_multiple_of(per),
                "a search saw {c} articles: not a committed state"
            );
            seen.insert(c);
        }
    });
    assert_eq!(fx.stats()["articles"], base + rounds * per);
    eprintln!("states seen by searches: {seen:?}");
}

/// Damaged indexes: a truncated segment file, a deleted one, a garbled `meta.json` or manifest.
/// `search`, `stats` and `index` exit 2 with a message naming the index and how to recover
/// (never a panic, never a run that reports success on a broken index); `index --rebuild`
/// recovers every article.
#[test]
fn damaged_indexes_exit_2_and_rebuild_recovers() {
    let fx = Fixture::new();
    fx.write("a.txt", BBC);
    fx.write(
        "b.txt",
        "Second story\n\nA second story about chip plants, with a few more words in it.\n",
    );
    fx.index_ok(&[]);
    let dir = fx.index_dir();
    let files = |ext: &str| -> Vec<std::path::PathBuf> {
        std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|x| x == ext))
            .collect()
    };
    let pristine = tempfile::tempdir().unwrap();
    for f in std::fs::read_dir(&dir).unwrap() {
        let f = f.unwrap().path();
        std::fs::copy(&f, pristine.path().join(f.file_name().unwrap())).unwrap();
    }
    let restore = || {
        for f in std::fs::read_dir(&dir).unwrap() {
            std::fs::remove_file(f.unwrap().path()).unwrap();
        }
        for f in std::fs::read_dir(pristine.path()).unwrap() {
            let f = f.unwrap().path();
            std::fs::copy(&f, dir.join(f.file_name().unwrap())).unwrap();
        }
    };
    type Damage<'a> = (&'a str, Box<dyn Fn() + 'a>, &'a [&'a str]);
    let damages: Vec<Damage> = vec![
        (
            "truncated store",
            Box::new(|| {
                let f = &files("store")[0];
                std::fs::File::options()
                    .write(true)
                    .open(f)
                    .unwrap()
                    .set_len(100)
                    .unwrap();
            }),
            &["search", "stats", "index"],
        ),
        (
            "deleted segment file",
            Box::new(|| std::fs::remove_file(&files("idx")[0]).unwrap()),
            &["search", "stats", "index"],
        ),
        (
            "garbled meta.json",
            Box::new(|| std::fs::write(dir.join("meta.json"), "{garbage").unwrap()),
            &["search", "stats", "index"],
        ),
        (
            "garbled manifest",
            Box::new(|| {
                let m = std::fs::read_dir(&dir)
                    .unwrap()
                    .map(|e| e.unwrap().path())
                    .find(|p| p.to_string_lossy().contains("manifest-"))
                    .unwrap();
                std::fs::write(m, "{garbage").unwrap();
            }),
            &["stats", "index"],
        ),
    ];
    for (what, damage, commands) in &damages {
        restore();
        damage();
        for cmd in *commands {
            let out = match *cmd {
                "search" => fx.cmd().args(["search", "chip"]).output().unwrap(),
                "stats" => fx.cmd().arg("stats").output().unwrap(),
                _ => fx.index(&[]),
            };
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.code(), Some(2), "{what}, {cmd}: {stderr}");
            assert!(
                stderr.contains("--rebuild") && stderr.contains(&*dir.to_string_lossy()),
                "{what}, {cmd}: no recovery hint: {stderr}"
            );
            assert!(!stderr.contains("panicked"), "{what}, {cmd}: {stderr}");
        }
        let (s, _) = fx.index_ok(&["--rebuild"]);
        assert_eq!(s["articles"], 2, "{what}: {s}");
        let out = fx
            .cmd()
            .args(["search", "chip", "--count"])
            .output()
            .unwrap();
        assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "2", "{what}");
    }
}

/// The config file: `BYLINE_CONFIG` or the user's `$XDG_CONFIG_HOME/byline/config.toml`, never
/// a `./byline.toml` (a cloned folder must not redirect `index` or `roots`); `--no-config`;
/// paths relative to the file, flags and `BYLINE_INDEX` over the file, `byline config` naming
/// where each setting comes from, and a bad value reported with its file and line.
#[test]
fn config_files_set_defaults_that_flags_override() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let xdg = dir.join("xdg");
    std::fs::create_dir_all(xdg.join("byline")).unwrap();
    let user = xdg.join("byline/config.toml");
    std::fs::write(&user, "format = \"tsv\"\nfacets = [\"person\"]\n").unwrap();
    std::fs::create_dir_all(dir.join("news")).unwrap();
    std::fs::write(dir.join("news/a.txt"), BBC).unwrap();
    let project = dir.join("project.toml");
    std::fs::write(
        &project,
        "# project settings\nindex = \"ix\"\nroots = [\"news\"]\nformat = \"paths\"\n",
    )
    .unwrap();
    // A folder's own byline.toml (as a cloned repository could carry) is never read.
    std::fs::write(
        dir.join("byline.toml"),
        "index = \"/etc\"\nroots = [\"/\"]\n",
    )
    .unwrap();
    let run = |args: &[&str], env: &[(&str, &str)]| -> std::process::Output {
        let mut c = crate::util::byline();
        c.env_remove("BYLINE_CONFIG")
            .env("XDG_CONFIG_HOME", &xdg)
            .current_dir(dir)
            .args(args);
        for (k, v) in env {
            c.env(k, v);
        }
        c.output().unwrap()
    };
    let with_project = [("BYLINE_CONFIG", "project.toml")];
    // The user's file: its settings apply; ./byline.toml's do not.
    let c = json(&run(&["config", "--json"], &[]).stdout);
    assert_eq!(c["format"]["from"], format!("{}:1", user.display()));
    assert_eq!(c["facets"]["from"], format!("{}:2", user.display()));
    assert_eq!(c["index"]["from"], "default");
    assert!(c["roots"]["value"].is_null(), "{c}");
    assert_eq!(c["files"].as_array().unwrap().len(), 1);
    // `byline index` with no PATH indexes the configured roots into the configured index.
    let out = run(&["index", "--json"], &with_project);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(json(&out.stdout)["articles"], 1);
    assert!(dir.join("ix/byline.json").exists());
    // The file's format applies; a flag wins over it.
    let paths = run(&["search", "chip"], &with_project);
    let a = dir.join("news/a.txt");
    assert_eq!(
        String::from_utf8_lossy(&paths.stdout).trim(),
        a.to_str().unwrap()
    );
    let j = json(&run(&["search", "chip", "--format", "json"], &with_project).stdout);
    assert_eq!(j["total_articles"], 1);
    // `byline config` says where each setting comes from.
    let c = json(&run(&["config", "--json"], &with_project).stdout);
    assert_eq!(c["index"]["value"], dir.join("ix").to_str().unwrap());
    assert_eq!(c["index"]["from"], format!("{}:2", project.display()));
    assert_eq!(c["format"]["from"], format!("{}:4", project.display()));
    assert_eq!(c["facets"]["from"], "default");
    assert_eq!(c["files"].as_array().unwrap().len(), 1);
    // BYLINE_INDEX and --index beat the file.
    let both = [with_project[0], ("BYLINE_INDEX", "/elsewhere")];
    let c = json(&run(&["config", "--json"], &both).stdout);
    assert_eq!(c["index"]["from"], "environment BYLINE_INDEX");
    let c = json(&run(&["--index", "/x", "config", "--json"], &with_project).stdout);
    assert_eq!(c["index"]["from"], "command line");
    // BYLINE_CONFIG empty, or --no-config: no file at all.
    for (args, env) in [
        (vec!["config", "--json"], vec![("BYLINE_CONFIG", "")]),
        (vec!["config", "--json", "--no-config"], vec![]),
        (
            vec!["--no-config", "config", "--json"],
            with_project.to_vec(),
        ),
    ] {
        let c = json(&run(&args, &env).stdout);
        assert_eq!(c["format"]["from"], "default", "{args:?}");
        assert!(c["files"].as_array().unwrap().is_empty(), "{args:?}");
    }
    let missing = run(&["stats"], &[("BYLINE_CONFIG", "nope.toml")]);
    assert_eq!(missing.status.code(), Some(2));
    // A bad value: exit 2, file and line.
    std::fs::write(&project, "index = \"ix\"\n\nformat = \"yaml\"\n").unwrap();
    let bad = run(&["stats"], &with_project);
    assert_eq!(bad.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&bad.stderr);
    assert!(
        stderr.contains(&format!(
            "{}:3: format: unknown format 'yaml'",
            project.display()
        )),
        "{stderr}"
    );
}

/// A watcher process, killed if the test fails before it is stopped.
struct KillOnDrop(std::process::Child);

impl Drop for KillOnDrop {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// `byline index --watch --json [extra]` over the fixture's directory, and its summary lines.
fn spawn_watch(fx: &Fixture, extra: &[&str]) -> (KillOnDrop, std::sync::mpsc::Receiver<Value>) {
    use std::io::BufRead;
    let mut guard = KillOnDrop(
        crate::util::byline_std()
            .arg("--index")
            .arg(fx.index_dir())
            .args(["index", "--watch", "--json"])
            .args(extra)
            .arg(fx.tmp.path())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap(),
    );
    let (tx, rx) = std::sync::mpsc::channel::<Value>();
    let stdout = guard.0.stdout.take().unwrap();
    std::thread::spawn(move || {
        for line in std::io::BufReader::new(stdout).lines() {
            let Ok(line) = line else { break };
            let _ = tx.send(json(line.as_bytes()));
        }
    });
    (guard, rx)
}

/// `byline index --watch`: after the first run, new, edited, removed and moved files and new
/// directories are indexed once they settle; a file written in two parts with a pause is
/// indexed once, whole; the watcher's own commits (its index lies inside the watched root) do
/// not set it off again, nor do files a run would not index (swap files, hidden ones); Ctrl-C
/// ends it with exit 0, and a file half-written at that moment is
/// left out (deferred), not indexed truncated.
#[test]
fn watch_mode_indexes_changes_until_ctrl_c() {
    use std::io::Write as _;
    let fx = Fixture::new();
    fx.write("a.txt", "Alpha\n\nThe first note about ocelots.\n");
    fx.write("b.txt", "Beta\n\nThe second note about ocelots.\n");
    // The root is the fixture's directory, which holds the index too.
    let (mut guard, rx) = spawn_watch(&fx, &[]);
    let child = &mut guard.0;
    let next = |what: &str| -> Value {
        rx.recv_timeout(std::time::Duration::from_secs(30))
            .unwrap_or_else(|_| panic!("no run after {what}"))
    };
    let count = |word: &str| -> u64 {
        let out = fx.cmd().args(["search", word, "--count"]).output().unwrap();
        String::from_utf8_lossy(&out.stdout)
            .trim()
            .parse()
            .unwrap_or(0)
    };
    assert_eq!(counts(&next("start")), (2, 0, 0, 0, 0));
    // A new file, an edit, a removal.
    fx.write("c.txt", "Gamma\n\nA third note about ocelots.\n");
    fx.write("a.txt", "Alpha\n\nThe first note, now about margays.\n");
    std::fs::remove_file(fx.corpus().join("b.txt")).unwrap();
    let mut seen = (0, 0, 0);
    while seen != (1, 1, 1) {
        let s = next("add, edit, remove");
        seen.0 += s["added"].as_u64().unwrap();
        seen.1 += s["updated"].as_u64().unwrap();
        seen.2 += s["removed"].as_u64().unwrap();
    }
    assert_eq!((count("ocelots"), count("margays")), (1, 1));
    // A new directory with a file, and a move.
    fx.write("deep/er/d.txt", "Delta\n\nA fourth note about ocelots.\n");
    std::fs::rename(fx.corpus().join("c.txt"), fx.corpus().join("deep/c2.txt")).unwrap();
    let mut added = 0;
    while added < 2 {
        added += next("a new directory")
            .get("added")
            .and_then(Value::as_u64)
            .unwrap();
    }
    assert_eq!(count("ocelots"), 2);
    // Written in two parts, 0.4 s apart: indexed once, whole.
    {
        let mut f = std::fs::File::create(fx.corpus().join("e.txt")).unwrap();
        f.write_all(b"Epsilon\n\nThe first half of a note about")
            .unwrap();
        f.flush().unwrap();
        std::thread::sleep(std::time::Duration::from_millis(400));
        f.write_all(b" servals, and its second half.\n").unwrap();
    }
    let s = next("a file written in two parts");
    assert_eq!(
        (s["added"].as_u64(), s["updated"].as_u64()),
        (Some(1), Some(0)),
        "{s}"
    );
    assert_eq!(count("servals"), 1);
    // Idle: the watcher's own commits inside the root do not start new runs, and neither do
    // an editor's swap, backup and lock files, a temporary download or a hidden directory.
    for junk in [
        ".e.txt.swp",
        "e.txt~",
        "#e.txt#",
        "download.part",
        "notes.docx",
        ".git/index.lock",
    ] {
        fx.write(junk, "not an article");
    }
    std::fs::remove_file(fx.corpus().join(".git/index.lock")).unwrap();
    std::fs::write(fx.corpus().join("4913"), "").unwrap();
    std::fs::remove_file(fx.corpus().join("4913")).unwrap();
    assert!(
        rx.recv_timeout(std::time::Duration::from_millis(2500))
            .is_err(),
        "a run without any change"
    );
    // Half a file, then Ctrl-C at once: the last run leaves it out.
    std::fs::write(
        fx.corpus().join("f.txt"),
        "Zeta\n\nOnly the first half about caracals",
    )
    .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(150));
    // SAFETY: kill(2) on our own child's pid.
    unsafe {
        libc::kill(child.id() as i32, libc::SIGINT);
    }
    let status = child.wait().unwrap();
    let mut stderr = String::new();
    std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut stderr).unwrap();
    assert_eq!(status.code(), Some(0), "{stderr}");
    assert!(
        stderr.contains("stopped; everything indexed is committed"),
        "{stderr}"
    );
    let last: Vec<Value> = rx.try_iter().collect();
    // (The last run happens when the watcher saw the write before the signal: nearly always.)
    assert!(last.iter().all(|s| s["added"] == 0), "{last:?}");
    assert!(
        last.is_empty() || last.iter().any(|s| s["deferred"] == 1),
        "{last:?}"
    );
    assert_eq!(count("caracals"), 0);
    // Everything else was committed; a normal run picks the finished file up.
    assert_eq!(fx.stats()["articles"], 4);
    let (s, _) = fx.index_ok(&[]);
    assert_eq!(s["added"], 1);
}

/// `byline index --watch --poll` finds changes by scanning (for file systems without
/// notifications, and what byline falls back to at the system's watch limit).
#[test]
fn watch_by_polling_indexes_a_new_file() {
    let fx = Fixture::new();
    fx.write("a.txt", "Alpha\n\nThe first note about ocelots.\n");
    let (mut guard, rx) = spawn_watch(&fx, &["--poll"]);
    let next = || rx.recv_timeout(std::time::Duration::from_secs(30)).unwrap();
    assert_eq!(next()["added"], 1);
    fx.write("b.txt", "Beta\n\nThe second note about ocelots.\n");
    assert_eq!(next()["added"], 1);
    // SAFETY: kill(2) on our own child's pid.
    unsafe {
        libc::kill(guard.0.id() as i32, libc::SIGINT);
    }
    assert_eq!(guard.0.wait().unwrap().code(), Some(0));
    let out = fx
        .cmd()
        .args(["search", "ocelots", "--count"])
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "2");
}

#[test]
fn poll_needs_watch() {
    let fx = Fixture::new();
    fx.write("a.txt", "Alpha\n\nText.\n");
    let out = fx
        .cmd()
        .args(["index", "--poll"])
        .arg(fx.corpus())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--watch"));
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    use std::io::Write as _;
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(bytes).unwrap();
    e.finish().unwrap()
}

/// RSS and Atom feeds (each item an article) and gzip-compressed files of every format are
/// indexed; their problems are reported like a plain file's (JSON Lines lines included); an
/// unchanged compressed file is not read again.
#[test]
fn feeds_and_gzip_files_are_indexed() {
    let fx = Fixture::new();
    let rss = "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Wire</title>\
        <link>https://www.wire.example/</link><description>d</description>\
        <item><title>Quokka chips ship</title><link>https://news.wire.example/q</link>\
        <description>Quokka Labs shipped its first chips on Monday.</description>\
        <pubDate>Tue, 05 Mar 2024 10:00:00 GMT</pubDate></item>\
        <item><title>Second item</title><description>About wombats.</description></item>\
        </channel></rss>";
    fx.write("feeds/wire.rss", rss);
    let atom = "<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>Blog</title><id>x</id>\
        <updated>2024-01-01T00:00:00Z</updated><entry><title>Numbat news</title><id>1</id>\
        <updated>2024-02-01T00:00:00Z</updated><link href=\"https://blog.example.org/n\"/>\
        <content type=\"html\">&lt;p&gt;Numbats are in the news.&lt;/p&gt;</content></entry></feed>";
    fx.write("feeds/blog.atom.gz", gzip(atom.as_bytes()));
    fx.write("feeds/not-a-feed.xml", "<config><x>1</x></config>");
    fx.write(
        "gz/wire.jsonl.gz",
        gzip(b"{\"title\":\"Bilby one\",\"body\":\"About bilbies.\"}\nnot json\n{\"title\":\"Bilby two\",\"body\":\"More bilbies.\"}\n"),
    );
    fx.write(
        "gz/page.html.gz",
        gzip(b"<html><head><title>Potoroo page</title></head><body><p>Potoroos, at length.</p></body></html>"),
    );
    fx.write("gz/note.md.GZ", gzip(b"# Dunnart\n\nA dunnart note.\n"));
    fx.write(
        "gz/broken.txt.gz",
        b"\x1f\x8b\x08\x00 this is not gzip data",
    );
    fx.write("gz/archive.tar.gz", gzip(b"not an article"));
    let (s, stderr) = fx.index_ok(&[]);
    // 7 files read (the .tar.gz is not an article file); 2 skipped whole, 1 line skipped.
    assert_eq!(s["added"], 5, "{s}\n{stderr}");
    assert_eq!(s["articles"], 7, "{s}");
    let mut problems = crate::util::skipped(&s);
    problems.sort();
    assert_eq!(problems.len(), 3, "{problems:?}");
    assert_eq!(problems[0].0, "broken.txt.gz");
    assert!(problems[0].2.contains("cannot decompress"), "{problems:?}");
    assert_eq!(problems[1].0, "not-a-feed.xml");
    assert!(
        problems[1].2.contains("not a readable RSS or Atom feed"),
        "{problems:?}"
    );
    assert_eq!(
        (problems[2].0.as_str(), problems[2].1),
        ("wire.jsonl.gz", Some(2))
    );
    for (word, n) in [
        ("quokka", "1"),
        ("wombats", "1"),
        ("numbats", "1"),
        ("bilbies", "2"),
        ("potoroos", "1"),
        ("dunnart", "1"),
    ] {
        let out = fx.cmd().args(["search", word, "--count"]).output().unwrap();
        assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), n, "{word}");
    }
    // A feed item keeps its date, URL and site; items are numbered like records.
    let hit = ok_json(
        &fx.cmd()
            .args(["search", "quokka", "--json"])
            .output()
            .unwrap(),
    );
    let r = &hit["hits"][0]["article"];
    assert_eq!(r["date"], "2024-03-05", "{r}");
    assert_eq!(r["source"], "wire.example", "{r}");
    assert_eq!(r["record"], 1, "{r}");
    let (s, _) = fx.index_ok(&[]);
    assert_eq!(
        (s["added"].as_u64(), s["updated"].as_u64()),
        (Some(0), Some(0)),
        "{s}"
    );
    // `byline parse` reads a compressed feed too.
    let out = fx
        .cmd()
        .arg("parse")
        .arg(fx.corpus().join("feeds/blog.atom.gz"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).contains("Numbat news"));
}

/// A run with nothing to do writes nothing (no commit, no manifest), yet still reads the
/// entities file the index remembers, so a damaged one is reported, and still records a new
/// root.
#[test]
fn a_run_with_nothing_to_do_writes_nothing_but_still_checks() {
    let fx = Fixture::new();
    fx.write("a.txt", BBC);
    fx.index_ok(&[]);
    let listing = |dir: &Path| -> Vec<(String, Vec<u8>)> {
        let mut v: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.is_file() && !p.ends_with("byline.lock"))
            .map(|p| {
                let bytes = std::fs::read(&p).unwrap();
                (p.file_name().unwrap().to_string_lossy().into_owned(), bytes)
            })
            .collect();
        v.sort();
        v
    };
    let before = listing(&fx.index_dir());
    let (s, _) = fx.index_ok(&[]);
    assert_eq!(counts(&s), (0, 0, 0, 1, 0));
    assert_eq!(s["articles"], 1);
    assert_eq!(
        listing(&fx.index_dir()),
        before,
        "a no-op run changed the index"
    );

    // A new, empty root is recorded (a commit), though no file is read.
    let empty = fx.tmp.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    let out = fx
        .cmd()
        .args(["index", "--json"])
        .arg(fx.corpus())
        .arg(&empty)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stats = fx.stats();
    let roots = stats["roots"].to_string();
    assert!(roots.contains("empty"), "roots: {roots}");

    // A damaged remembered entities file is still an error.
    std::fs::write(fx.index_dir().join("entities.tsv"), "no tab here\n").unwrap();
    let out = fx.index(&[]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("entities.tsv"), "{err}");
}

/// A crash right after a commit in the middle of a first run (every batch of files is
/// committed): the manifest lists exactly the files the commit holds, and the next run adds the
/// rest without indexing any file twice.
#[test]
fn crash_after_a_commit_in_the_middle_of_a_run_loses_nothing() {
    let fx = Fixture::new();
    let files = 300; // several batches of files (the first ones are small)
    for i in 0..files {
        fx.write(
            format!("d/f{i:03}.txt"),
            format!("Headline {i}\n\nThe orbit report {i} and its details."),
        );
    }
    let out = fx
        .cmd()
        .env("BYLINE_TEST_COMMIT_EVERY_BYTES", "1")
        .env("BYLINE_TEST_CRASH", "after-commit")
        .arg("index")
        .arg(fx.corpus())
        .output()
        .unwrap();
    assert!(!out.status.success(), "the crash hook did not fire");
    // The crash comes after the first batch's commit: some files, not all.
    let st = fx.stats();
    let committed = st["files"].as_u64().unwrap();
    assert!(committed > 0 && committed < files, "{st}");
    assert_eq!(st["articles"], committed, "{st}");
    let (s, _) = fx.index_ok(&[]);
    assert_eq!(s["added"], files - committed, "{s}");
    assert_eq!(s["articles"], files, "{s}");
    let firsts = dump(&fx.index_dir()).iter().filter(|r| r.2 == 0).count();
    assert_eq!(firsts, files as usize);
}
