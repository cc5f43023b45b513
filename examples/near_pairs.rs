//! Near-duplicate pairing against labelled pairs (`benches/dedup/pairs.tsv`): for each pair,
//! the two articles' signatures as the index stores them, their estimated resemblance and
//! containment; then precision and recall of "same story" at each threshold, per split.
//!
//! Usage: cargo run --release --example near_pairs -- PAIRS.tsv LOSTFLUX_INDEX REUTERS_INDEX
//! (indexes built by `byline index` from ../shared/corpora/tech-articles-lostflux/articles and
//! ../shared/corpora/reuters21578).

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use byline::search::Engine;
use byline::similar::Signature;

const CORPORA: &str = "../shared/corpora";

/// `reuters:ID` -> `FILE:RECORD` (the record is the 1-based non-blank line).
fn reuters_records() -> HashMap<String, String> {
    let dir = Path::new(CORPORA).join("reuters21578");
    let mut out = HashMap::new();
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("reuters21578")
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "jsonl"))
        .collect();
    files.sort();
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap();
        for (n, line) in text.lines().filter(|l| !l.trim().is_empty()).enumerate() {
            let v: serde_json::Value = serde_json::from_str(line).unwrap();
            out.insert(
                format!("reuters:{}", v["id"]),
                format!("{}:{}", std::fs::canonicalize(&f).unwrap().display(), n + 1),
            );
        }
    }
    out
}

fn signature(engine: &Engine, target: &str) -> Option<Signature> {
    let id = engine.find_article(target).ok()??;
    engine.snapshot().signature(id).ok()?
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [pairs, lostflux, reuters] = args.as_slice() else {
        eprintln!("usage: near_pairs PAIRS.tsv LOSTFLUX_INDEX REUTERS_INDEX");
        std::process::exit(2);
    };
    let engines = [
        ("lostflux", Engine::open(Path::new(lostflux)).unwrap()),
        ("reuters", Engine::open(Path::new(reuters)).unwrap()),
    ];
    let records = reuters_records();
    let articles =
        std::fs::canonicalize(Path::new(CORPORA).join("tech-articles-lostflux/articles")).unwrap();
    let text = std::fs::read_to_string(pairs).unwrap();
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split('\t').collect();
    let col = |name: &str| header.iter().position(|h| *h == name).unwrap();
    let (c_corpus, c_a, c_b, c_split, c_label) = (
        col("corpus"),
        col("a"),
        col("b"),
        col("split"),
        col("label"),
    );
    // (split, same?, resemblance, containment)
    let mut rows: Vec<(String, bool, f32, f32)> = Vec::new();
    let mut missing = 0;
    for line in lines.filter(|l| !l.trim().is_empty()) {
        let f: Vec<&str> = line.split('\t').collect();
        let label = f[c_label];
        if label != "same" && label != "different" {
            continue;
        }
        let corpus = f[c_corpus];
        let target = |id: &str| -> String {
            if corpus == "reuters" {
                records.get(id).cloned().unwrap_or_default()
            } else {
                articles.join(id).display().to_string()
            }
        };
        let engine = &engines.iter().find(|(c, _)| *c == corpus).unwrap().1;
        let (Some(a), Some(b)) = (
            signature(engine, &target(f[c_a])),
            signature(engine, &target(f[c_b])),
        ) else {
            missing += 1;
            continue;
        };
        rows.push((
            f[c_split].to_string(),
            label == "same",
            a.resemblance(&b),
            a.containment(&b),
        ));
    }
    println!(
        "{} pairs scored ({} without a signature)",
        rows.len(),
        missing
    );
    for split in ["tuning", "heldout"] {
        let rs: Vec<_> = rows.iter().filter(|r| r.0 == split).collect();
        let same = rs.iter().filter(|r| r.1).count();
        println!("\n{split}: {} pairs, {same} same\n", rs.len());
        println!("| measure | threshold | precision | recall | tp | fp | fn |");
        println!("|---|---:|---:|---:|---:|---:|---:|");
        for (name, pick) in [("resemblance", 2usize), ("containment", 3)] {
            for t in [0.3f32, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9] {
                let v = |r: &&(String, bool, f32, f32)| if pick == 2 { r.2 } else { r.3 };
                let tp = rs.iter().filter(|r| r.1 && v(r) >= t).count();
                let fp = rs.iter().filter(|r| !r.1 && v(r) >= t).count();
                let fnn = same - tp;
                let p = tp as f32 / (tp + fp).max(1) as f32;
                let rc = tp as f32 / same.max(1) as f32;
                println!("| {name} | {t:.1} | {p:.3} | {rc:.3} | {tp} | {fp} | {fnn} |");
            }
        }
    }
}
