//! `byline export`: the contract between the exported documents and the mapping files users
//! load (`docs/quickwit-byline.yaml`, `docs/opensearch-byline.json`), on the bundled corpus;
//! then the command's behaviour (files, flags, pipes).

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::util::{byline, ok_json, Fixture};

/// A field's JSON shape, from a mapping file's type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ty {
    Str,
    StrArray,
    /// OpenSearch: any field may hold one value or an array of them.
    StrOrArray,
    Int,
    /// OpenSearch `integer`: 32-bit signed.
    Int32,
    Bool,
    /// An RFC 3339 timestamp string.
    Date,
}

/// Fields every exported passage has, whatever the article.
const REQUIRED: &[&str] = &[
    "id",
    "article_id",
    "passage",
    "passages",
    "text",
    "title_derived",
    "path",
    "body_hash",
];

fn repo(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}

/// The Quickwit index config: field types, and its timestamp field.
fn quickwit_mapping() -> (BTreeMap<String, Ty>, String) {
    let text = std::fs::read_to_string(repo("docs/quickwit-byline.yaml")).unwrap();
    let y: serde_norway::Value = serde_norway::from_str(&text).unwrap();
    let dm = &y["doc_mapping"];
    assert_eq!(
        dm["mode"].as_str(),
        Some("strict"),
        "unknown fields must be errors"
    );
    let ts = dm["timestamp_field"].as_str().unwrap().to_string();
    let mut fields = BTreeMap::new();
    for m in dm["field_mappings"].as_sequence().unwrap() {
        let name = m["name"].as_str().unwrap().to_string();
        let ty = match m["type"].as_str().unwrap() {
            "text" => Ty::Str,
            "array<text>" => Ty::StrArray,
            "u64" | "i64" => Ty::Int,
            "bool" => Ty::Bool,
            "datetime" => Ty::Date,
            other => panic!("{name}: type {other} is not known to this test"),
        };
        // Entity fields feed terms aggregations (facets): whole names, in a fast column.
        let entity = ["org", "person", "product", "place", "misc"]
            .iter()
            .any(|k| name == *k || name == format!("article_{k}"));
        if entity {
            assert_eq!(ty, Ty::StrArray, "{name}");
            assert_eq!(m["tokenizer"].as_str(), Some("raw"), "{name}");
            assert_eq!(m["fast"].as_bool(), Some(true), "{name}");
        }
        assert!(
            fields.insert(name.clone(), ty).is_none(),
            "{name} mapped twice"
        );
    }
    assert_eq!(fields.get(&ts), Some(&Ty::Date), "timestamp field {ts}");
    (fields, ts)
}

/// The OpenSearch index mapping's field types.
fn opensearch_mapping() -> BTreeMap<String, Ty> {
    let text = std::fs::read_to_string(repo("docs/opensearch-byline.json")).unwrap();
    let j: Value = serde_json::from_str(&text).unwrap();
    let m = &j["mappings"];
    assert_eq!(m["dynamic"], "strict", "unknown fields must be errors");
    m["properties"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(name, p)| {
            let ty = match p["type"].as_str().unwrap() {
                "keyword" | "text" => Ty::StrOrArray,
                "long" => Ty::Int,
                "integer" => Ty::Int32,
                "boolean" => Ty::Bool,
                "date" => Ty::Date,
                other => panic!("{name}: type {other} is not known to this test"),
            };
            (name.clone(), ty)
        })
        .collect()
}

/// Why `v` does not fit `ty` (None: it fits).
fn misfit(v: &Value, ty: Ty) -> Option<String> {
    let ok = match ty {
        Ty::Str => v.is_string(),
        Ty::StrArray => v
            .as_array()
            .is_some_and(|a| !a.is_empty() && a.iter().all(Value::is_string)),
        Ty::StrOrArray => {
            v.is_string()
                || v.as_array()
                    .is_some_and(|a| !a.is_empty() && a.iter().all(Value::is_string))
        }
        Ty::Int => v.as_u64().is_some(),
        Ty::Int32 => v.as_u64().is_some_and(|n| n <= i32::MAX as u64),
        Ty::Bool => v.is_boolean(),
        Ty::Date => v
            .as_str()
            .is_some_and(|s| s.ends_with('Z') && chrono::DateTime::parse_from_rfc3339(s).is_ok()),
    };
    (!ok).then(|| format!("{v} is not {ty:?}"))
}

/// Check one exported document against a mapping; returns its field names.
fn check_doc(doc: &Value, mapping: &BTreeMap<String, Ty>, required: &[&str]) -> Vec<String> {
    let obj = doc
        .as_object()
        .unwrap_or_else(|| panic!("not an object: {doc}"));
    for r in required {
        assert!(obj.contains_key(*r), "missing {r}: {doc}");
    }
    for (k, v) in obj {
        let ty = mapping
            .get(k)
            .unwrap_or_else(|| panic!("field {k} is not in the mapping: {doc}"));
        if let Some(why) = misfit(v, *ty) {
            panic!("field {k}: {why}");
        }
    }
    let aid = obj["article_id"].as_str().unwrap();
    assert!(aid.len() == 16 && aid.bytes().all(|b| b.is_ascii_hexdigit()));
    assert_eq!(obj["id"], format!("{aid}-{}", obj["passage"]));
    assert!(obj["passage"].as_u64() < obj["passages"].as_u64());
    assert!(!obj["text"].as_str().unwrap().is_empty());
    obj.keys().cloned().collect()
}

fn lines(bytes: &[u8]) -> Vec<Value> {
    std::str::from_utf8(bytes)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}

/// Run `byline export ARGS` on `ix`, asserting exit 0: (stdout, stderr).
fn export(ix: &Path, args: &[&str]) -> (Vec<u8>, String) {
    let out = byline()
        .arg("--index")
        .arg(ix)
        .arg("export")
        .args(args)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(0), "stderr: {stderr}");
    (out.stdout, stderr)
}

/// OpenSearch output: action/source pairs; returns the sources.
fn bulk_sources(bytes: &[u8], index: &str) -> Vec<Value> {
    let all = lines(bytes);
    assert_eq!(all.len() % 2, 0, "action and source lines alternate");
    all.chunks(2)
        .map(|pair| {
            let (action, source) = (&pair[0], &pair[1]);
            let meta = action.as_object().unwrap();
            assert_eq!(meta.len(), 1, "one action per line: {action}");
            let m = meta["index"].as_object().unwrap();
            assert_eq!(m.len(), 2, "{action}");
            assert_eq!(m["_index"], index);
            assert_eq!(m["_id"], source["id"], "the action names its document");
            source.clone()
        })
        .collect()
}

fn index_corpus(fx: &Fixture) -> Value {
    let out = byline()
        .arg("--index")
        .arg(fx.index_dir())
        .arg("index")
        .arg(repo("corpus"))
        .arg("-q")
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    fx.stats()
}

#[test]
fn exported_documents_match_the_mapping_files() {
    let (qw, ts) = quickwit_mapping();
    let os = opensearch_mapping();
    // The two files map the same fields, with compatible types.
    assert_eq!(
        qw.keys().collect::<Vec<_>>(),
        os.keys()
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect::<Vec<_>>()
    );
    for (k, t) in &qw {
        let compatible = match (t, os[k]) {
            (Ty::Str | Ty::StrArray, Ty::StrOrArray) => true,
            (Ty::Int, Ty::Int | Ty::Int32) => true,
            (a, b) => *a == b,
        };
        assert!(compatible, "{k}: quickwit {t:?}, opensearch {:?}", os[k]);
    }

    let fx = Fixture::new();
    let stats = index_corpus(&fx);
    let (n_passages, n_articles) = (
        stats["passages"].as_u64().unwrap(),
        stats["articles"].as_u64().unwrap(),
    );

    // OpenSearch keeps undated articles: every passage of every article.
    let (out, err) = export(&fx.index_dir(), &["--format", "opensearch"]);
    let sources = bulk_sources(&out, "byline");
    let mut seen_fields = BTreeSet::new();
    let mut ids = BTreeSet::new();
    let mut per_article: HashMap<String, (u64, BTreeSet<u64>)> = HashMap::new();
    for d in &sources {
        seen_fields.extend(check_doc(d, &os, REQUIRED));
        assert!(
            ids.insert(d["id"].as_str().unwrap().to_string()),
            "duplicate id {}",
            d["id"]
        );
        let e = per_article
            .entry(d["article_id"].as_str().unwrap().to_string())
            .or_default();
        e.0 = d["passages"].as_u64().unwrap();
        e.1.insert(d["passage"].as_u64().unwrap());
    }
    assert_eq!(sources.len() as u64, n_passages, "every passage once");
    assert_eq!(per_article.len() as u64, n_articles, "every article");
    for (a, (n, ords)) in &per_article {
        assert_eq!(ords.len() as u64, *n, "article {a}: every passage 0..{n}");
    }
    assert!(
        err.contains(&format!(
            "exported {n_passages} passages of {n_articles} articles"
        )),
        "{err}"
    );
    // Every mapped field is exported somewhere in the corpus (a field renamed in the
    // exporter alone fails here or above); `path_base64` only exists for non-UTF-8 names
    // (tested below).
    let unused: Vec<&String> = os
        .keys()
        .filter(|k| !seen_fields.contains(*k) && *k != "path_base64")
        .collect();
    assert!(unused.is_empty(), "mapped but never exported: {unused:?}");

    // Quickwit: the same documents, minus undated articles (its timestamp field is required).
    let (out, err) = export(&fx.index_dir(), &["--format", "quickwit"]);
    let docs = lines(&out);
    let mut required = REQUIRED.to_vec();
    required.push(&ts);
    for d in &docs {
        check_doc(d, &qw, &required);
    }
    let dated: Vec<&Value> = sources.iter().filter(|d| d.get("date").is_some()).collect();
    assert!(
        dated.len() < sources.len(),
        "the corpus has undated articles"
    );
    assert_eq!(
        docs.iter().collect::<Vec<_>>(),
        dated,
        "same documents, same order"
    );
    let undated: BTreeSet<&str> = sources
        .iter()
        .filter(|d| d.get("date").is_none())
        .map(|d| d["article_id"].as_str().unwrap())
        .collect();
    assert!(
        err.contains(&format!(
            "left out {} undated articles ({} passages)",
            undated.len(),
            sources.len() - dated.len()
        )),
        "{err}"
    );
    // --undated keep: byte for byte the OpenSearch sources.
    let (out, _) = export(
        &fx.index_dir(),
        &["--format", "quickwit", "--undated", "keep"],
    );
    assert_eq!(lines(&out), sources);

    // The export agrees with `byline show` on each article: passages in order, metadata,
    // entities (discovered names by the same rule).
    let kinds = ["org", "person", "product", "place", "misc"];
    for (aid, _) in per_article.iter() {
        let shown = ok_json(&fx.cmd().args(["show", aid, "--json"]).output().unwrap());
        let mine: Vec<&Value> = sources
            .iter()
            .filter(|d| d["article_id"] == **aid)
            .collect();
        let texts: Vec<&str> = mine.iter().map(|d| d["text"].as_str().unwrap()).collect();
        let shown_texts: Vec<&str> = shown["passages"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p.as_str().unwrap())
            .collect();
        assert_eq!(texts, shown_texts, "article {aid}");
        let first = mine[0];
        assert_eq!(first["path"], shown["path"]);
        assert_eq!(first["title"], shown["title"]);
        assert_eq!(first.get("url").unwrap_or(&Value::Null), &shown["url"]);
        assert_eq!(
            first.get("source").unwrap_or(&Value::Null),
            &shown["source"]
        );
        let day = first
            .get("date")
            .map(|d| Value::from(&d.as_str().unwrap()[..10]));
        assert_eq!(day.as_ref().unwrap_or(&Value::Null), &shown["date"]);
        let mut exported = BTreeSet::new();
        for k in kinds {
            for n in first[format!("article_{k}")]
                .as_array()
                .into_iter()
                .flatten()
            {
                exported.insert((k.to_string(), n.as_str().unwrap().to_string()));
            }
        }
        let shown_ents: BTreeSet<(String, String)> = shown["entities"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| {
                (
                    e["type"].as_str().unwrap().to_string(),
                    e["name"].as_str().unwrap().to_string(),
                )
            })
            .collect();
        assert_eq!(exported, shown_ents, "article {aid}");
        // A passage's entities are among its article's.
        for d in &mine {
            for k in kinds {
                for n in d[k].as_array().into_iter().flatten() {
                    assert!(
                        exported.contains(&(k.to_string(), n.as_str().unwrap().to_string())),
                        "{k}:{n} of passage {} is not its article's",
                        d["id"]
                    );
                }
            }
        }
    }
}

/// A file name that is not UTF-8 is exported lossily in `path`, exactly in `path_base64`,
/// and both fit the mappings.
#[cfg(target_os = "linux")]
#[test]
fn non_utf8_file_names_export_their_exact_bytes() {
    use base64::Engine as _;
    use std::os::unix::ffi::OsStrExt;
    let fx = Fixture::new();
    let name = std::ffi::OsStr::from_bytes(b"caf\xe9.txt");
    std::fs::write(
        fx.corpus().join(name),
        "Title: Cafe chips\nDate: 2024-05-01\n\nNvidia sells chips to a cafe in Paris.\n",
    )
    .unwrap();
    fx.index_ok(&[]);
    let (qw, _) = quickwit_mapping();
    let os = opensearch_mapping();
    let (out, _) = export(&fx.index_dir(), &["--format", "quickwit"]);
    let docs = lines(&out);
    assert_eq!(docs.len(), 1);
    check_doc(&docs[0], &qw, REQUIRED);
    let b64 = docs[0]["path_base64"].as_str().expect("path_base64");
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(b64)
        .unwrap();
    assert!(bytes.ends_with(b"/caf\xe9.txt"), "{bytes:?}");
    assert!(docs[0]["path"]
        .as_str()
        .unwrap()
        .ends_with("caf\u{fffd}.txt"));
    let (out, _) = export(
        &fx.index_dir(),
        &["--format", "opensearch", "--index-name", "news"],
    );
    for d in bulk_sources(&out, "news") {
        check_doc(&d, &os, REQUIRED);
    }
}

#[test]
fn out_file_is_complete_or_absent_and_never_replaced_silently() {
    let fx = Fixture::new();
    fx.write(
        "a.txt",
        "Title: A\nDate: 2024-05-01\n\nOne passage about chips.\n",
    );
    fx.index_ok(&[]);
    let dir = fx.tmp.path();
    let out = dir.join("x.ndjson");
    let (stdout, err) = export(
        &fx.index_dir(),
        &["--format", "quickwit", "--out", out.to_str().unwrap()],
    );
    assert!(stdout.is_empty());
    assert!(err.contains("exported 1 passages of 1 articles"), "{err}");
    assert!(err.contains(out.to_str().unwrap()), "{err}");
    let first = std::fs::read(&out).unwrap();
    assert_eq!(lines(&first).len(), 1);
    // An existing file is refused (exit 2, untouched) unless --force.
    let o = fx
        .cmd()
        .args(["export", "--format", "opensearch", "-o"])
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("--force"));
    assert_eq!(std::fs::read(&out).unwrap(), first);
    let (_, _) = export(
        &fx.index_dir(),
        &[
            "--format",
            "opensearch",
            "-o",
            out.to_str().unwrap(),
            "--force",
            "-q",
        ],
    );
    assert_eq!(lines(&std::fs::read(&out).unwrap()).len(), 2);
    // No temporary file is left beside it.
    let names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("partial"))
        .collect();
    assert!(names.is_empty(), "{names:?}");
    // A directory is not a file name.
    let o = fx
        .cmd()
        .args(["export", "--format", "quickwit", "-o"])
        .arg(dir)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn flags_are_checked() {
    let fx = Fixture::new();
    fx.write("a.txt", "Title: A\n\nOne passage about chips, undated.\n");
    fx.index_ok(&[]);
    let run = |args: &[&str]| fx.cmd().arg("export").args(args).output().unwrap();
    // --format is required; --index-name is OpenSearch's and must be a valid name.
    assert_eq!(run(&[]).status.code(), Some(2));
    assert_eq!(
        run(&["--format", "quickwit", "--index-name", "x"])
            .status
            .code(),
        Some(2)
    );
    for bad in ["News", "_x", "a b", "a/b", "a,b", ""] {
        let o = run(&["--format", "opensearch", "--index-name", bad]);
        assert_eq!(o.status.code(), Some(2), "{bad}");
    }
    // An undated article: left out for Quickwit (said on stderr), kept for OpenSearch.
    let o = run(&["--format", "quickwit"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(o.stdout.is_empty());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("left out 1 undated articles (1 passages)"),
        "{err}"
    );
    let o = run(&["--format", "opensearch", "-q"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(o.stderr.is_empty(), "-q: no summary");
    assert_eq!(bulk_sources(&o.stdout, "byline").len(), 1);
}

/// `byline export | head -1` ends quietly with success.
#[test]
fn closed_pipe_ends_quietly() {
    use std::io::Read;
    use std::process::Stdio;
    let fx = Fixture::new();
    for i in 0..200 {
        fx.write(
            format!("a{i}.txt"),
            format!(
                "Title: A{i}\nDate: 2024-05-01\n\n{}",
                crate::util::article_text(i, 400)
            ),
        );
    }
    fx.index_ok(&[]);
    let mut child = crate::util::byline_std()
        .arg("--index")
        .arg(fx.index_dir())
        .args(["export", "--format", "quickwit"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let mut first = [0u8; 64];
    stdout.read_exact(&mut first).unwrap();
    drop(stdout);
    let status = child.wait().unwrap();
    let mut err = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    assert_eq!(status.code(), Some(0), "{err}");
    assert!(err.is_empty(), "{err}");
}
