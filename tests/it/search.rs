//! `byline search` through the real binary, over the fixture corpus in tests/fixtures/search
//! (its FACTS.md says which article holds what). Golden outputs are insta snapshots in
//! tests/it/snapshots/; regenerate with `INSTA_UPDATE=always cargo test --test it search`
//! and review the diff.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Output, Stdio};
use std::sync::OnceLock;

use assert_cmd::Command;
use serde_json::Value;

use crate::util::{json, ok_json};

fn fixture_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/search")
}

/// The fixture corpus indexed once per test process (under cargo's scratch directory). The
/// directory is named by the process id: `cargo test` runs every test in one process and
/// builds it once, cargo-nextest runs each test in a process of its own, and two processes
/// building one directory would race for its writer lock.
fn index_dir() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let scratch = Path::new(env!("CARGO_TARGET_TMPDIR"));
        remove_stale_fixture_indexes(scratch);
        let dir = scratch.join(format!("search-fixture-index-{}", std::process::id()));
        // From scratch: an index left by an older build may have another schema.
        let _ = std::fs::remove_dir_all(&dir);
        let out = crate::util::byline()
            .env_remove("BYLINE_INDEX")
            .args(["index", "--rebuild", "-q", "--index"])
            .arg(&dir)
            .arg(fixture_dir())
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        dir
    })
}

/// Fixture indexes older than an hour belong to finished runs.
fn remove_stale_fixture_indexes(scratch: &Path) {
    let Ok(entries) = std::fs::read_dir(scratch) else {
        return;
    };
    for entry in entries.flatten() {
        let old = entry
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age.as_secs() > 3600);
        if old
            && entry
                .file_name()
                .to_string_lossy()
                .starts_with("search-fixture-index")
        {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

fn search_cmd(args: &[&str]) -> Command {
    let mut c = crate::util::byline();
    c.env_remove("BYLINE_INDEX")
        .env_remove("NO_COLOR")
        .env("COLUMNS", "80")
        .current_dir(env!("CARGO_TARGET_TMPDIR"))
        .arg("--index")
        .arg(index_dir())
        .arg("search")
        .args(args);
    c
}

fn search(args: &[&str]) -> Output {
    search_cmd(args).output().unwrap()
}

fn search_json(args: &[&str]) -> Value {
    let mut a = args.to_vec();
    a.push("--json");
    ok_json(&search(&a))
}

/// File names (with `#record`) of the hits, in order.
fn names(v: &Value) -> Vec<String> {
    v["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| {
            let a = &h["article"];
            let name = Path::new(a["path"].as_str().unwrap())
                .file_name()
                .unwrap()
                .to_string_lossy()
                .into_owned();
            match a["record"].as_u64() {
                Some(r) => format!("{name}#{r}"),
                None => name,
            }
        })
        .collect()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Output made stable for snapshots: the fixture path, timings and article ids (hashes of the
/// absolute path) replaced.
fn normalise(s: &str) -> String {
    let fixture = fixture_dir().to_string_lossy().into_owned();
    let s = s.replace(&fixture, "[FIXTURE]");
    let s = replace_values(&s, "\"took_ms\":", |c| c.is_ascii_digit() || c == '.', "0");
    replace_values(&s, "\"id\":\"", |c| c.is_ascii_hexdigit(), "[ID]")
}

/// Replace the run of `value` characters after each `key` with `with`.
fn replace_values(s: &str, key: &str, value: impl Fn(char) -> bool, with: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find(key) {
        out.push_str(&rest[..i + key.len()]);
        out.push_str(with);
        rest = rest[i + key.len()..].trim_start_matches(&value);
    }
    out.push_str(rest);
    out
}

#[test]
fn golden_outputs_for_every_format() {
    let cases: &[(&str, &[&str])] = &[
        ("text", &["satellite", "-n", "3", "--color", "never"]),
        ("text_color", &["satellite broadband", "--color", "always"]),
        ("text_partial", &["regulator fine privacy children penalty"]),
        (
            "text_duplicates",
            &["halvorsen trondheim", "--color", "never"],
        ),
        ("json", &["cloud computing", "-n", "2", "--json"]),
        ("jsonl", &["battery", "--format", "jsonl"]),
        ("tsv", &["satellite", "--format", "tsv", "--sort", "oldest"]),
        (
            "paths",
            &["satellite", "--format", "paths", "--sort", "newest"],
        ),
        ("count", &["satellite", "--count"]),
    ];
    for (name, args) in cases {
        let out = search(args);
        assert_eq!(out.status.code(), Some(0), "{name}: {}", stderr(&out));
        assert!(stderr(&out).is_empty(), "{name}: {}", stderr(&out));
        insta::assert_snapshot!(*name, normalise(&stdout(&out)));
    }
}

#[test]
fn paths_null_separated_for_xargs() {
    let out = search(&["satellite", "--format", "paths", "-0"]);
    assert_eq!(out.status.code(), Some(0));
    let parts: Vec<&[u8]> = out.stdout.split(|&b| b == 0).collect();
    // 7 paths, each NUL-terminated: 8 parts, the last empty.
    assert_eq!(parts.len(), 8, "{}", stdout(&out));
    assert!(parts[7].is_empty() && !out.stdout.contains(&b'\n'));
}

#[test]
fn exit_codes() {
    assert_eq!(search(&["satellite"]).status.code(), Some(0));
    let none = search(&["xylophone"]);
    assert_eq!(none.status.code(), Some(1));
    assert!(none.stdout.is_empty() && none.stderr.is_empty());
    let none = search(&["xylophone", "--json"]);
    assert_eq!(none.status.code(), Some(1));
    assert_eq!(json(&none.stdout)["total_articles"], 0);
    assert_eq!(search(&["xylophone", "--count"]).status.code(), Some(1));
    // Bad flag values are errors.
    for bad in [
        &["x", "--since", "2024-13"][..],
        &["x", "--sort", "sideways"],
        &["x", "--since", "2025", "--until", "2024"],
    ] {
        let o = search(bad);
        assert_eq!(o.status.code(), Some(2), "{bad:?}");
        assert!(o.stdout.is_empty());
    }
}

#[test]
fn bad_queries_are_one_line_errors_with_a_column() {
    for (q, needle) in [
        ("\"cloud computing", "unclosed quote"),
        ("(satellite OR battery", "unclosed parenthesis"),
        ("satellite)", "unmatched ')'"),
        ("foo:bar", "unknown field 'foo:'"),
        ("satellite OR", "OR"),
        ("NOT", "NOT"),
        ("word~7", "fuzzy distance"),
    ] {
        let o = search(&["--", q]);
        assert_eq!(o.status.code(), Some(2), "{q}");
        assert!(o.stdout.is_empty(), "{q}");
        let err = stderr(&o);
        assert_eq!(err.lines().count(), 1, "{q}: {err}");
        assert!(err.contains(needle) && err.contains("column"), "{q}: {err}");
    }
}

#[test]
fn missing_index_names_the_path_and_the_command() {
    let tmp = tempfile::tempdir().unwrap();
    let missing = tmp.path().join("nowhere");
    let o = crate::util::byline()
        .env_remove("BYLINE_INDEX")
        .current_dir(tmp.path())
        .arg("--index")
        .arg(&missing)
        .args(["search", "x"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.contains(&*missing.to_string_lossy()) && err.contains("byline index"),
        "{err}"
    );
    // No ./corpus either: the default ./index is missing, same kind of message.
    let o = crate::util::byline()
        .env_remove("BYLINE_INDEX")
        .current_dir(tmp.path())
        .args(["search", "x"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("byline index"), "{}", stderr(&o));
}

#[test]
fn zero_config_builds_the_default_index_from_corpus() {
    let tmp = tempfile::tempdir().unwrap();
    let corpus = tmp.path().join("corpus");
    std::fs::create_dir(&corpus).unwrap();
    for name in [
        "2024-02-29-leap-day-key-exchange.txt",
        "2023-12-31-lake-constance-airship-relay.txt",
    ] {
        std::fs::copy(fixture_dir().join(name), corpus.join(name)).unwrap();
    }
    // Like a fresh clone: index/ holds only its README.
    std::fs::create_dir(tmp.path().join("index")).unwrap();
    std::fs::write(tmp.path().join("index/README.md"), "build output\n").unwrap();
    let run = || {
        crate::util::byline()
            .env_remove("BYLINE_INDEX")
            .current_dir(tmp.path())
            .args(["search", "quantum", "--format", "paths"])
            .output()
            .unwrap()
    };
    // Any ./corpus that is not byline's sample corpus: a search writes nothing, and says
    // how to make an index (exit 2).
    let o = run();
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("byline index"), "{}", stderr(&o));
    assert!(!tmp.path().join("index/byline.json").exists());
    // The sample corpus (its marker file, as in a fresh clone): built on first search.
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/.byline-sample"),
        corpus.join(".byline-sample"),
    )
    .unwrap();
    let o = run();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("no index at ./index yet: building it from ./corpus"),
        "{}",
        stderr(&o)
    );
    assert!(stdout(&o).contains("leap-day"));
    // Second time: the index exists, nothing said.
    let o = run();
    assert_eq!(o.status.code(), Some(0));
    assert!(stderr(&o).is_empty(), "{}", stderr(&o));
}

#[test]
fn closed_pipe_ends_quietly() {
    let mut child = crate::util::byline_std()
        .env_remove("BYLINE_INDEX")
        .arg("--index")
        .arg(index_dir())
        .args([
            "search",
            "satellite",
            "--format",
            "jsonl",
            "--per-article",
            "9",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Close the reading end before byline writes: its first write fails with EPIPE.
    drop(child.stdout.take());
    let mut err = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    let status = child.wait().unwrap();
    assert!(err.is_empty(), "stderr: {err}");
    assert_eq!(status.code(), Some(0));
}

#[test]
fn words_may_sit_in_different_passages_or_the_title() {
    // "quantum" is only in passage 0, "lattice" only in passage 3.
    let v = search_json(&["quantum lattice", "--per-article", "5"]);
    assert_eq!(v["total_articles"], 1);
    let hits = v["hits"].as_array().unwrap();
    let idx: Vec<u64> = hits
        .iter()
        .map(|h| h["passage"]["index"].as_u64().unwrap())
        .collect();
    let mut sorted = idx.clone();
    sorted.sort();
    assert_eq!(
        sorted,
        vec![0, 3],
        "only passages with query words are shown"
    );
    assert!(hits.iter().all(|h| h["rank"] == 1));
    // A title-only word: the article's lead passage stands for it.
    let v = search_json(&["zeppelin"]);
    assert_eq!(
        names(&v),
        vec!["2023-12-31-lake-constance-airship-relay.txt"]
    );
    assert_eq!(v["hits"][0]["passage"]["index"], 0);
    // Title and body together.
    let v = search_json(&["zeppelin satellite"]);
    assert_eq!(v["total_articles"], 1);
}

#[test]
fn stemming_and_related_forms() {
    // The example: a noun finds the verb.
    for q in ["acquisitions", "acquire", "acquiring"] {
        let v = search_json(&[q]);
        assert_eq!(
            names(&v),
            vec!["2024-12-31-skyloom-buys-fjordsyn.txt"],
            "{q}"
        );
        let h = &v["hits"][0]["passage"];
        let text = h["text"].as_str().unwrap();
        let spans = h["highlights"].as_array().unwrap();
        assert!(!spans.is_empty(), "{q}: no highlight");
        for s in spans {
            let (a, b) = (
                s[0].as_u64().unwrap() as usize,
                s[1].as_u64().unwrap() as usize,
            );
            assert!(
                text[a..b].to_lowercase().starts_with("acquir"),
                "{q}: {}",
                &text[a..b]
            );
        }
    }
}

#[test]
fn phrases_keep_order_and_highlight_as_one_span() {
    let v = search_json(&["\"cloud computing\""]);
    assert_eq!(
        names(&v),
        vec!["2024-08-lyon-cloud-computing-collective.txt"]
    );
    let p = &v["hits"][0]["passage"];
    let text = p["text"].as_str().unwrap();
    let spans: Vec<(usize, usize)> = p["highlights"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s[0].as_u64().unwrap() as usize,
                s[1].as_u64().unwrap() as usize,
            )
        })
        .collect();
    assert_eq!(spans.len(), 1);
    assert_eq!(
        text[spans[0].0..spans[0].1].to_lowercase(),
        "cloud computing"
    );
    // The same words unquoted also find the article with "computing clouds".
    let v = search_json(&["cloud computing"]);
    assert_eq!(v["total_articles"], 2);
    // A stemmed phrase: "computing clouds" matches "compute cloud" in that order only.
    let v = search_json(&["\"compute cloud\""]);
    assert_eq!(names(&v), vec!["2024-10-nordvind-weather-models.txt"]);
}

#[test]
fn highlight_offsets_fall_on_utf8_boundaries() {
    for q in ["zürich café", "\"são paulo\"", "naïve", "satellite"] {
        let o = search(&["--json", "-n", "20", "--per-article", "9", "--", q]);
        let v = ok_json(&o);
        let mut seen = 0;
        for h in v["hits"].as_array().unwrap() {
            let text = h["passage"]["text"].as_str().unwrap();
            for s in h["passage"]["highlights"].as_array().unwrap() {
                let (a, b) = (
                    s[0].as_u64().unwrap() as usize,
                    s[1].as_u64().unwrap() as usize,
                );
                assert!(a < b && b <= text.len(), "{q}: {a}..{b}");
                assert!(text.is_char_boundary(a) && text.is_char_boundary(b), "{q}");
                seen += 1;
            }
        }
        assert!(seen > 0, "{q}: no highlights at all");
    }
    let v = search_json(&["zürich"]);
    let p = &v["hits"][0]["passage"];
    let text = p["text"].as_str().unwrap();
    let s = &p["highlights"][0];
    let (a, b) = (
        s[0].as_u64().unwrap() as usize,
        s[1].as_u64().unwrap() as usize,
    );
    assert_eq!(&text[a..b], "Zürich");
}

#[test]
fn passages_are_whole_sentences() {
    // Every passage of every article (a word in all of them would do; use OR of many).
    let v = search_json(&[
        "satellite OR battery OR halvorsen OR zeppelin OR quantum OR privacy OR cloud OR trains OR robot",
        "-n",
        "50",
        "--per-article",
        "20",
        "--duplicates",
    ]);
    let hits = v["hits"].as_array().unwrap();
    assert!(hits.len() > 30, "{}", hits.len());
    for h in hits {
        let t = h["passage"]["text"].as_str().unwrap().trim_end();
        let last = t.chars().last().unwrap();
        assert!(
            ".!?\"”’)".contains(last),
            "passage cut mid-sentence: ...{}",
            &t[t.len().saturating_sub(60)..]
        );
        let first = t.chars().next().unwrap();
        assert!(
            first.is_uppercase() || first.is_numeric() || "\"“‘(".contains(first),
            "passage starts mid-sentence: {}",
            &t[..t.len().min(60)]
        );
    }
}

#[test]
fn date_filters_are_inclusive_at_the_edges() {
    let dated = |args: &[&str]| -> Vec<String> {
        let mut a = vec!["satellite", "--sort", "oldest"];
        a.extend_from_slice(args);
        let v = search_json(&a);
        v["hits"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| {
                h["article"]["date"]
                    .as_str()
                    .unwrap_or("undated")
                    .to_string()
            })
            .collect()
    };
    assert_eq!(
        dated(&["--since", "2024", "--until", "2024"]),
        vec!["2024-01-01", "2024-02-29", "2024-03-01", "2024-12-31"]
    );
    assert_eq!(dated(&["--until", "2023"]), vec!["2023-12-31"]);
    // Relative dates count back from today: every dated fixture is within 200 years, none
    // is from today on.
    assert_eq!(dated(&["--since", "200y"]), dated(&["--since", "1900"]));
    let none = search(&["satellite", "--since", "today"]);
    assert_eq!(none.status.code(), Some(1), "{}", stderr(&none));
    assert_eq!(dated(&["--until", "2023-12-31"]), vec!["2023-12-31"]);
    assert_eq!(dated(&["--since", "2025-01-01"]), vec!["2025-01-01"]);
    assert_eq!(
        dated(&["--since", "2024-02", "--until", "2024-02"]),
        vec!["2024-02-29"]
    );
    assert_eq!(
        dated(&["--since", "2024-02-29", "--until", "2024-03-01"]),
        vec!["2024-02-29", "2024-03-01"]
    );
    assert_eq!(
        dated(&["--since", "2024-03"]),
        vec!["2024-03-01", "2024-12-31", "2025-01-01"]
    );
    // Without a filter the undated article is there, last in date order both ways.
    let all = dated(&[]);
    assert_eq!(all.len(), 7);
    assert_eq!(all.last().unwrap(), "undated");
    let v = search_json(&["satellite", "--sort", "newest"]);
    let hits = v["hits"].as_array().unwrap();
    assert_eq!(hits[0]["article"]["date"], "2025-01-01");
    assert!(hits[6]["article"]["date"].is_null());
}

#[test]
fn duplicates_collapse_into_one_hit_with_copies() {
    let v = search_json(&["halvorsen"]);
    assert_eq!(v["total_articles"], 1);
    let hits = v["hits"].as_array().unwrap();
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0]["copies"], 3);
    assert_eq!(hits[0]["duplicates"].as_array().unwrap().len(), 2);
    let v = search_json(&["halvorsen", "--duplicates"]);
    assert_eq!(v["total_articles"], 3);
    let mut n = names(&v);
    n.sort();
    assert_eq!(
        n,
        vec![
            "2024-06-halvorsen-trondheim-circuit.txt",
            "2024-06-halvorsen-trondheim-northwind.txt",
            "wire.jsonl#2"
        ]
    );
    assert!(v["hits"]
        .as_array()
        .unwrap()
        .iter()
        .all(|h| h["copies"] == 1));
    assert_eq!(stdout(&search(&["halvorsen", "--count"])).trim(), "1");
    assert_eq!(
        stdout(&search(&["halvorsen", "--count", "--duplicates"])).trim(),
        "3"
    );
}

#[test]
fn partial_matches_fill_in_after_full_ones() {
    let q = "regulator fine privacy children penalty";
    let v = search_json(&[q]);
    assert_eq!(v["total_articles"], 0);
    assert_eq!(v["total_partial"], 1, "2 of 5 words is below half");
    assert_eq!(names(&v), vec!["2024-11-pixelmoor-voice-chat-ruling.txt"]);
    assert_eq!(v["hits"][0]["missing"], serde_json::json!(["penalty"]));
    // Exit 0: a hit was printed. --strict: none, exit 1. --count counts full matches only.
    assert_eq!(search(&[q, "--strict"]).status.code(), Some(1));
    let c = search(&[q, "--count"]);
    assert_eq!((stdout(&c).trim(), c.status.code()), ("0", Some(1)));
    // Full matches first, then partial ones.
    let v = search_json(&["satellite broadband farm"]);
    assert_eq!(v["total_articles"], 1);
    let hits = v["hits"].as_array().unwrap();
    assert!(hits[0]["missing"].as_array().unwrap().is_empty());
    assert!(hits.len() > 1);
    for h in &hits[1..] {
        assert!(!h["missing"].as_array().unwrap().is_empty());
    }
    // Common words are not required, and are reported.
    let v = search_json(&["the regulator in galway"]);
    assert_eq!(v["total_articles"], 1);
    assert_eq!(v["ignored"], serde_json::json!(["the", "in"]));
}

#[test]
fn title_matches_weigh_more() {
    let v = search_json(&["battery"]);
    let n = names(&v);
    assert_eq!(n[0], "2024-03-01-lisbon-battery-swap.txt");
    assert_eq!(n.len(), 3);
    let scores: Vec<f64> = v["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["score"].as_f64().unwrap())
        .collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "{scores:?}");
}

#[test]
fn operators_fields_prefix_and_fuzzy() {
    let count = |q: &str| -> u64 {
        let o = search(&["--count", "--", q]);
        stdout(&o).trim().parse().unwrap()
    };
    assert_eq!(count("satellite"), 7);
    assert_eq!(count("satellite -broadband"), 6);
    assert_eq!(count("satellite NOT (broadband OR zürich)"), 5);
    assert_eq!(count("zeppelin OR xylophone"), 1);
    assert_eq!(count("quantu*"), 1);
    assert_eq!(count("lattise~"), 1);
    assert_eq!(count("title:satellite"), 2);
    assert_eq!(count("source:\"northwind wire\" satellite"), 2);
    assert_eq!(count("source:northwind* satellite"), 2);
    assert_eq!(
        count("-satellite"),
        7,
        "9 other articles, 3 of them copies of one"
    );
}

#[test]
fn source_filter_and_unknown_source_hint() {
    let v = search_json(&["satellite", "--source", "NORTHWIND WIRE"]);
    assert_eq!(v["total_articles"], 2);
    let v = search_json(&[
        "satellite",
        "--source",
        "northwind wire",
        "--source",
        "kestrel news",
    ]);
    assert_eq!(v["total_articles"], 4);
    let o = search(&["satellite", "--source", "northwind"]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains("no source named 'northwind'") && err.contains("northwind wire"),
        "{err}"
    );
    // Case does not matter to the hint; a name close to none gets no list.
    let err = stderr(&search(&["satellite", "--source", "Kestrel Newz"]));
    assert!(err.contains("closest: kestrel news"), "{err}");
    let err = stderr(&search(&["satellite", "--source", "zzzqqq"]));
    assert!(
        err.contains("no source named 'zzzqqq'") && !err.contains("closest"),
        "{err}"
    );
}

#[test]
fn paging_is_consistent() {
    let all = names(&search_json(&["satellite", "-n", "10"]));
    let page = names(&search_json(&["satellite", "-n", "2", "--offset", "2"]));
    assert_eq!(page, all[2..4].to_vec());
    let v = search_json(&["satellite", "-n", "2", "--offset", "2"]);
    assert_eq!(v["hits"][0]["rank"], 3);
    assert_eq!(v["total_articles"], 7);
    let beyond = search(&["satellite", "--offset", "50"]);
    assert_eq!(beyond.status.code(), Some(1));
}

#[test]
fn search_sees_updates_and_removals() {
    let f = crate::util::Fixture::new();
    let a = f.write("a.txt", "Title: Orchard robots\n\nA robot named Pomona picks apples in Kent orchards every autumn, farmers said on Monday.\n");
    f.write("b.txt", "Title: Ferry batteries\n\nElectric ferries in Norway now carry batteries the size of a shipping container, operators said.\n");
    f.index_ok(&[]);
    let count = |q: &str| -> String {
        let o = f.cmd().args(["search", "--count", q]).output().unwrap();
        String::from_utf8_lossy(&o.stdout).trim().to_string()
    };
    assert_eq!(
        (count("pomona"), count("ferries")),
        ("1".into(), "1".into())
    );
    // Change a word in one file, delete the other: old words and the deleted article are gone.
    std::fs::write(&a, "Title: Orchard robots\n\nA robot named Ceres picks pears in Kent orchards every autumn, farmers said on Monday.\n").unwrap();
    std::fs::remove_file(f.corpus().join("b.txt")).unwrap();
    f.index_ok(&[]);
    assert_eq!(count("pomona"), "0");
    assert_eq!(count("ceres"), "1");
    assert_eq!(count("ferries"), "0");
    assert_eq!(count("orchard"), "1");
}

#[test]
fn partial_matches_are_ranked_by_score_not_by_word_count() {
    // "weather" and "report" are in every article; "quokka" and "zanzibar" in two. An article
    // about quokkas in Zanzibar (2 of 4 words, the rare ones) beats one that holds 3 of the 4
    // words but only mentions Zanzibar in passing.
    let f = crate::util::Fixture::new();
    for i in 0..8 {
        f.write(
            format!("filler{i}.txt"),
            format!("Title: Daily weather report {i}\n\nThe weather report for district {i} calls for rain, the report said.\n"),
        );
    }
    f.write("quokka.txt", "Title: Quokkas reach Zanzibar\n\nA quokka colony was found on Zanzibar. The quokka is not native to Zanzibar, and how each quokka reached Zanzibar is unclear.\n");
    f.write("passing.txt", "Title: Weather report\n\nThe weather report mentioned a ferry delay near Zanzibar among many other items.\n");
    f.index_ok(&[]);
    let out = f
        .cmd()
        .args(["search", "--json", "quokka zanzibar weather report"])
        .output()
        .unwrap();
    let v = ok_json(&out);
    assert_eq!(v["total_articles"], 0);
    let n = names(&v);
    assert_eq!(n[0], "quokka.txt", "{n:?}");
    assert_eq!(n[1], "passing.txt", "{n:?}");
    assert_eq!(
        v["hits"][0]["missing"],
        serde_json::json!(["weather", "report"])
    );
    assert_eq!(v["hits"][1]["missing"], serde_json::json!(["quokka"]));
}

#[test]
fn long_queries_let_a_strong_partial_outrank_a_weak_full_match() {
    // sprawl.txt holds every word of "glacier sensor startup funding", each once, in passages
    // about other things; answer.txt is about a glacier sensor startup but says "raised" for
    // "funding".
    let f = crate::util::Fixture::new();
    for i in 0..6 {
        f.write(
            format!("filler{i}.txt"),
            format!("Title: Market notes {i}\nDate: 2024-01-0{}\n\nShares in district {i} firms rose on Tuesday, traders said.\n", i + 1),
        );
    }
    f.write("sprawl.txt", "Title: A long week in review\nDate: 2024-05-01\n\nThe week began with rain. A ferry was late. Someone mentioned a glacier.\n\nA bakery opened downtown and sold bread all day to a long queue of people.\n\nThe council debated parking. A sensor on a bridge was repaired by the crew.\n\nA startup sold lemonade at the fair, and the funding of the fair was debated again.\n");
    f.write("answer.txt", "Title: Glacier sensor startup raises money\nDate: 2024-02-01\n\nA Swiss startup that builds glacier sensors raised money from investors. Its glacier sensor network tracks melt on each glacier in real time, and the startup plans a sensor for every Alpine glacier.\n");
    f.index_ok(&[]);
    let run = |args: &[&str]| {
        ok_json(
            &f.cmd()
                .arg("search")
                .arg("--json")
                .args(args)
                .output()
                .unwrap(),
        )
    };
    let v = run(&["glacier sensor startup funding"]);
    assert_eq!(v["total_articles"], 1, "only sprawl.txt holds every word");
    assert_eq!(names(&v)[..2], ["answer.txt", "sprawl.txt"], "{v}");
    assert_eq!(v["hits"][0]["missing"], serde_json::json!(["funding"]));
    assert!(v["hits"][1]["missing"].as_array().unwrap().is_empty());
    let scores = [&v["hits"][0]["score"], &v["hits"][1]["score"]].map(|s| s.as_f64().unwrap());
    assert!(
        scores[0] > scores[1],
        "shown scores follow the rank: {scores:?}"
    );
    // --strict: full matches only; date order: full matches first.
    assert_eq!(
        names(&run(&["glacier sensor startup funding", "--strict"])),
        ["sprawl.txt"]
    );
    let v = run(&["glacier sensor startup funding", "--sort", "oldest"]);
    assert_eq!(names(&v)[..2], ["sprawl.txt", "answer.txt"]);
    // Two words: every word counts, the full match comes first.
    let v = run(&["glacier funding"]);
    assert_eq!(names(&v)[..2], ["sprawl.txt", "answer.txt"]);
}

/// `byline completions SHELL` for every shell clap_complete knows, `byline man` and one page per
/// command; every command's `--help` has examples.
#[test]
fn completions_man_pages_and_examples() {
    let run = |args: &[&str]| {
        let out = crate::util::byline().args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{args:?}: {}", stderr(&out));
        String::from_utf8(out.stdout).unwrap()
    };
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let script = run(&["completions", shell]);
        for word in ["search", "timeline", "facets", "memory-mb", "same-passage"] {
            assert!(script.contains(word), "{shell}: no {word}");
        }
    }
    let bash = run(&["completions", "bash"]);
    let check = std::process::Command::new("bash")
        .args(["-n", "-c", &bash])
        .output()
        .unwrap();
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );
    let top = run(&["man"]);
    assert!(
        top.contains(".TH byline 1") && top.contains("byline\\-search(1)"),
        "{top}"
    );
    let names = [
        "index",
        "stats",
        "parse",
        "search",
        "facets",
        "timeline",
        "show",
        "related",
        "export",
        "completions",
        "man",
    ];
    for name in names {
        let page = run(&["man", name]);
        assert!(
            page.contains(&format!(".TH byline-{name} 1")),
            "{name}: {page}"
        );
        let help = run(&[name, "--help"]);
        assert!(help.contains("Example"), "{name} --help has no example");
    }
    let bad = crate::util::byline()
        .args(["man", "nope"])
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2));
    assert!(stderr(&bad).contains("no command 'nope'"));
}

/// The parts of `explain` multiply back to the hit's score.
fn explained_score(e: &Value) -> f64 {
    let f = |k: &str| e[k].as_f64().unwrap_or_else(|| panic!("explain.{k}: {e}"));
    (f("passage_bm25") + f("title_bm25"))
        * f("coverage_factor")
        * f("title_factor")
        * f("about_factor")
        * e["partial_share"].as_f64().unwrap_or(1.0)
}

#[test]
fn explain_takes_each_score_apart() {
    // Off: no `explain` key at all.
    let v = search_json(&["halvorsen trondheim"]);
    assert!(v["hits"][0].get("explain").is_none());
    // Full matches with copies folded in, a title match, and a partial match.
    for q in [
        "halvorsen trondheim",
        "zeppelin",
        "regulator fine privacy children penalty",
    ] {
        let v = search_json(&[q, "--explain", "-n", "20"]);
        let hits = v["hits"].as_array().unwrap();
        assert!(!hits.is_empty(), "{q}");
        for h in hits {
            let e = &h["explain"];
            let score = h["score"].as_f64().unwrap();
            assert!(
                (explained_score(e) - score).abs() <= 1e-3 * score.max(1.0),
                "{q}: parts give {} for score {score}: {e}",
                explained_score(e)
            );
            let words: f64 = e["passage"]
                .as_array()
                .unwrap()
                .iter()
                .map(|w| w["bm25"].as_f64().unwrap())
                .sum();
            assert!(
                (words - e["passage_bm25"].as_f64().unwrap()).abs() < 1e-3,
                "{e}"
            );
            assert_eq!(e["duplicates_folded"], h["copies"].as_u64().unwrap() - 1);
            assert_eq!(
                e["partial_share"].is_null(),
                h["missing"] == serde_json::json!([])
            );
        }
    }
    // The title word: in the title part, with tantivy's tf and idf; not in the passage.
    let v = search_json(&["zeppelin", "--explain"]);
    let e = &v["hits"][0]["explain"];
    assert_eq!(e["passage"], serde_json::json!([]));
    assert_eq!(e["title"][0]["word"], "zeppelin");
    assert_eq!(e["title"][0]["tf"], 1.0);
    assert!(e["title"][0]["idf"].as_f64().unwrap() > 0.0);
    // Copies folded in: the Halvorsen story is in three files.
    let v = search_json(&["halvorsen trondheim", "--explain"]);
    assert_eq!(v["hits"][0]["explain"]["duplicates_folded"], 2);
    // Text: a tree under the hit.
    let out = stdout(&search(&["halvorsen trondheim", "--explain", "-n", "1"]));
    let tree: Vec<&str> = out
        .lines()
        .filter(|l| l.trim_start().starts_with(['├', '└', '│']))
        .collect();
    assert!(
        out.contains("score ") && out.contains(" = (passage "),
        "{out}"
    );
    assert!(
        tree.iter().any(|l| l.contains("\"halvorsen\" bm25")),
        "{out}"
    );
    assert!(
        tree.last()
            .is_some_and(|l| l.contains("duplicates folded into this hit: 2")),
        "{out}"
    );
}

/// `--json` output without its timings.
fn untimed(mut v: Value) -> Value {
    fn strip(v: &mut Value) {
        match v {
            Value::Object(o) => {
                o.remove("took_ms");
                o.values_mut().for_each(strip);
            }
            Value::Array(a) => a.iter_mut().for_each(strip),
            _ => {}
        }
    }
    strip(&mut v);
    v
}

/// The indexer writes a facet map (`facets.bin`) after each run; searches count entity facets
/// through it, and give exactly the facets the term dictionaries give without it. A map of
/// other segments (left from an earlier commit) or a damaged one is not used.
#[test]
fn facets_through_the_facet_map_equal_facets_from_the_dictionaries() {
    let tmp = tempfile::tempdir().unwrap();
    let corpus = tmp.path().join("corpus");
    std::fs::create_dir(&corpus).unwrap();
    for e in std::fs::read_dir(fixture_dir()).unwrap() {
        let p = e.unwrap().path();
        std::fs::copy(&p, corpus.join(p.file_name().unwrap())).unwrap();
    }
    let idx = tmp.path().join("idx");
    let index = || {
        let out = crate::util::byline()
            .args(["index", "-q", "--index"])
            .arg(&idx)
            .arg(&corpus)
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", stderr(&out));
    };
    index();
    let map = idx.join("facets.bin");
    let first_map = std::fs::read(&map).expect("the indexer writes facets.bin");
    // A new article whose names sort first shifts every term ordinal of the new segment.
    std::fs::write(
        corpus.join("aardvark.txt"),
        "Title: Aardvark Systems buys Abacus Labs\n\nAardvark Systems Inc said on Monday it \
         will buy Abacus Labs Ltd, a cloud computing start-up in Aachen, Germany. Aaron Abbott, \
         chief executive of Aardvark Systems Inc, said the deal closes in May.\n",
    )
    .unwrap();
    index();
    let queries = [
        "cloud",
        "start-ups",
        "the",
        "Aardvark",
        "\"cloud computing\"",
        "server OR weather",
    ];
    let facets = [
        "org,person,product,place,misc,source,year",
        "org",
        "person,misc",
    ];
    let all = |dir: &Path| -> Vec<Value> {
        let mut out = Vec::new();
        for q in queries {
            for f in facets {
                let o = crate::util::byline()
                    .env_remove("BYLINE_INDEX")
                    .arg("--index")
                    .arg(dir)
                    .args(["search", "--facets", f, "--facet-limit", "50", "--json", q])
                    .output()
                    .unwrap();
                out.push(untimed(ok_json(&o)));
            }
        }
        out
    };
    let with_map = all(&idx);
    let named: usize = with_map
        .iter()
        .map(|v| {
            v["facets"].as_object().map_or(0, |o| {
                o.values().filter_map(Value::as_array).map(Vec::len).sum()
            })
        })
        .sum();
    assert!(named > 20, "the queries name few entities: {named}");
    std::fs::remove_file(&map).unwrap();
    assert_eq!(all(&idx), with_map, "without the map");
    std::fs::write(&map, &first_map).unwrap();
    assert_eq!(all(&idx), with_map, "with the map of the earlier commit");
    std::fs::write(&map, &first_map[..first_map.len() / 2]).unwrap();
    assert_eq!(all(&idx), with_map, "with half a map");
    // A run that only deletes keeps the segments, and writes the map they lack.
    std::fs::remove_file(&map).unwrap();
    std::fs::remove_file(corpus.join("2024-08-lyon-cloud-computing-collective.txt")).unwrap();
    index();
    let kept = std::fs::read(&map).expect("a map for the segments");
    let with_map = all(&idx);
    assert_ne!(
        all(&idx)[0]["total_articles"],
        3,
        "the deleted article is gone"
    );
    index();
    assert_eq!(std::fs::read(&map).unwrap(), kept);
    std::fs::remove_file(&map).unwrap();
    assert_eq!(all(&idx), with_map, "after a deletion, without the map");
    // A run with nothing to do writes a missing map.
    index();
    assert_eq!(std::fs::read(&map).unwrap(), kept);
    // `stats --check` reads the map against its checksum, and names it when it fails.
    let check = || {
        crate::util::byline()
            .env_remove("BYLINE_INDEX")
            .arg("--index")
            .arg(&idx)
            .args(["stats", "--check"])
            .output()
            .unwrap()
    };
    assert!(check().status.success(), "{}", stderr(&check()));
    let mut damaged = kept.clone();
    let last = damaged.len() - 1;
    damaged[last] ^= 0x10;
    std::fs::write(&map, &damaged).unwrap();
    let out = check();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("facets.bin") && stderr(&out).contains("checksum"),
        "{}",
        stderr(&out)
    );
    // The next run that writes replaces a damaged map, even one that keeps the segments.
    std::fs::remove_file(corpus.join("aardvark.txt")).unwrap();
    index();
    assert!(check().status.success(), "{}", stderr(&check()));
}
