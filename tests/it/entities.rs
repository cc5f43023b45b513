//! Entity extraction quality on the bundled corpus against hand labels
//! (tests/fixtures/entities/labels.tsv: every named entity of each labelled article, typed by
//! reading). Fails below the bar: org precision >= 0.90 and recall >= 0.85, person precision
//! >= 0.85 and recall >= 0.80. Prints the misses and false hits.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;

use byline::article::{parse_bytes, Format};
use byline::entities::{extract, Gazetteer, Kind};

/// `path#record` (or `path`) -> (title, passages) for every article of the corpus.
fn corpus_articles(root: &Path) -> BTreeMap<String, Vec<String>> {
    let mut out = BTreeMap::new();
    for entry in walkdir::WalkDir::new(root).sort_by_file_name() {
        let entry = entry.unwrap();
        let path = entry.path();
        let Some(format) = Format::from_path(path) else {
            continue;
        };
        let rel = path
            .strip_prefix(root)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        if rel == "README.md" {
            continue;
        }
        let parsed = parse_bytes(format, &std::fs::read(path).unwrap());
        for a in parsed.articles {
            let key = match a.record {
                Some(n) => format!("{rel}#{n}"),
                None => rel.clone(),
            };
            let mut texts = vec![a.title.clone().unwrap_or_default()];
            texts.extend(byline::passage::split(&a.body));
            out.insert(key, texts);
        }
    }
    out
}

type Set = BTreeSet<(Kind, String)>;

fn key(gz: &Gazetteer, kind: Kind, name: &str) -> (Kind, String) {
    let canon = gz
        .lookup(name)
        .find(|e| e.kind == kind)
        .or_else(|| gz.lookup(name).next())
        .map(|e| e.name.clone())
        .unwrap_or_else(|| name.to_string());
    (kind, canon.to_lowercase())
}

#[test]
fn labelled_corpus_meets_the_precision_and_recall_bar() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let labels = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/entities/labels.tsv"),
    )
    .unwrap();
    let gz = Gazetteer::builtin();
    let mut gold: BTreeMap<String, Set> = BTreeMap::new();
    for line in labels
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
    {
        let cols: Vec<&str> = line.split('\t').collect();
        let kind = Kind::parse(cols[1]).unwrap_or_else(|| panic!("bad type in {line:?}"));
        gold.entry(cols[0].to_string())
            .or_default()
            .insert(key(&gz, kind, cols[2]));
    }
    assert!(gold.len() >= 30, "{} labelled articles", gold.len());

    // Extract every article of the corpus: unconfirmed (discovered once) names count where
    // they occur in two or more articles.
    let articles = corpus_articles(&root);
    let mut extracted: HashMap<String, Vec<(Kind, String, bool)>> = HashMap::new();
    let mut article_freq: HashMap<(Kind, String), usize> = HashMap::new();
    for (k, texts) in &articles {
        let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
        let a = extract(&gz, &refs, 1);
        let ents: Vec<(Kind, String, bool)> = a
            .entities
            .into_iter()
            .map(|e| (e.kind, e.name, e.confirmed))
            .collect();
        for e in &ents {
            *article_freq.entry((e.0, e.1.clone())).or_default() += 1;
        }
        extracted.insert(k.clone(), ents);
    }

    let mut tp: HashMap<Kind, usize> = HashMap::new();
    let mut npred: HashMap<Kind, usize> = HashMap::new();
    let mut ngold: HashMap<Kind, usize> = HashMap::new();
    let mut report = String::new();
    for (art, g) in &gold {
        let ents = extracted
            .get(art)
            .unwrap_or_else(|| panic!("labelled article {art} not found in corpus/"));
        let pred: Set = ents
            .iter()
            .filter(|(k, n, confirmed)| *confirmed || article_freq[&(*k, n.clone())] >= 2)
            .filter(|(k, _, _)| *k != Kind::Misc)
            .map(|(k, n, _)| key(&gz, *k, n))
            .collect();
        for p in &pred {
            *npred.entry(p.0).or_default() += 1;
            if g.contains(p) {
                *tp.entry(p.0).or_default() += 1;
            } else {
                report.push_str(&format!("false {art}: {}:{}\n", p.0.as_str(), p.1));
            }
        }
        for x in g {
            *ngold.entry(x.0).or_default() += 1;
            if !pred.contains(x) {
                report.push_str(&format!("missed {art}: {}:{}\n", x.0.as_str(), x.1));
            }
        }
    }
    let score = |k: Kind| {
        let t = *tp.get(&k).unwrap_or(&0) as f64;
        let p = t / (*npred.get(&k).unwrap_or(&0)).max(1) as f64;
        let r = t / (*ngold.get(&k).unwrap_or(&0)).max(1) as f64;
        (p, r)
    };
    let mut summary = String::new();
    for k in [Kind::Org, Kind::Person, Kind::Product, Kind::Place] {
        let (p, r) = score(k);
        summary.push_str(&format!(
            "{:<8} precision {p:.3} recall {r:.3} (gold {}, predicted {})\n",
            k.as_str(),
            ngold.get(&k).unwrap_or(&0),
            npred.get(&k).unwrap_or(&0)
        ));
    }
    eprintln!("{summary}{report}");
    let (op, or) = score(Kind::Org);
    let (pp, pr) = score(Kind::Person);
    assert!(op >= 0.90 && or >= 0.85, "org below the bar:\n{summary}");
    assert!(pp >= 0.85 && pr >= 0.80, "person below the bar:\n{summary}");
}
