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

/// A small corpus for facets and filters: three articles name Microsoft (one five times), one
/// AWS by its acronym, one is about apple pie.
fn facet_fixture() -> crate::util::Fixture {
    let f = crate::util::Fixture::new();
    f.write("a.txt", "Title: Cloud prices fall\nDate: 2024-03-01\nSource: Bytewire\n\nMicrosoft cut cloud prices on Monday. Microsoft said Microsoft customers would save money from next month. Microsoft and Microsoft partners agreed on the terms.\n\nAWS did not comment on the cloud prices, and its rivals in Europe and Asia stayed silent as well.\n");
    f.write("b.txt", "Title: Chip deal\nDate: 2023-05-02\nSource: Orbit Wire\n\nNvidia will sell cloud chips to Microsoft, Satya Nadella said in Redmond.\n");
    f.write("c.txt", "Title: Office software update\nDate: 2024-07-09\nSource: Bytewire\n\nMicrosoft released an update for its cloud office software.\n");
    f.write("d.txt", "Title: Autumn baking\nDate: 2024-10-01\nSource: Kitchen Post\n\nThe village fair sold apple pie and cloud-light sponge cakes. Apple pie sales rose, growers said.\n");
    f.index_ok(&[]);
    f
}

fn search_json(
    f: &crate::util::Fixture,
    args: &[&str],
) -> (serde_json::Value, std::process::Output) {
    let out = f
        .cmd()
        .arg("search")
        .arg("--json")
        .args(args)
        .output()
        .unwrap();
    let v = if out.status.code() == Some(0) {
        crate::util::json(&out.stdout)
    } else {
        serde_json::Value::Null
    };
    (v, out)
}

#[test]
fn facets_count_distinct_articles_by_type() {
    let f = facet_fixture();
    let (v, _) = search_json(&f, &["cloud"]);
    assert_eq!(v["total_articles"], 4);
    let org = &v["facets"]["org"];
    assert_eq!(
        org[0],
        serde_json::json!({"name": "Microsoft", "count": 3}),
        "{org}"
    );
    // Counts descending, then name.
    let names: Vec<&str> = org
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Microsoft", "Amazon Web Services", "Nvidia"]);
    assert_eq!(v["facets"]["person"][0]["name"], "Satya Nadella");
    assert_eq!(
        v["facets"]["place"],
        serde_json::json!([{"name": "Asia", "count": 1}, {"name": "Europe", "count": 1}, {"name": "Redmond", "count": 1}])
    );
    assert_eq!(
        v["facets"]["source"][0],
        serde_json::json!({"name": "Bytewire", "count": 2})
    );
    assert_eq!(
        v["facets"]["year"][0],
        serde_json::json!({"name": "2024", "count": 3})
    );
    // Apple pie is not the company.
    assert!(!org.to_string().contains("Apple"), "{org}");
    // Each hit's passage carries its entities.
    let hit = v["hits"]
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h["article"]["title"] == "Chip deal")
        .unwrap();
    assert_eq!(
        hit["passage"]["entities"],
        serde_json::json!([
            {"type": "org", "name": "Nvidia"},
            {"type": "org", "name": "Microsoft"},
            {"type": "person", "name": "Satya Nadella"},
            {"type": "place", "name": "Redmond"}
        ])
    );
    // --facet-limit, --facets.
    let (v, _) = search_json(&f, &["cloud", "--facets", "org,year", "--facet-limit", "1"]);
    assert_eq!(
        v["facets"],
        serde_json::json!({"org": [{"name": "Microsoft", "count": 3}], "year": [{"name": "2024", "count": 3}]})
    );
    let (v, _) = search_json(&f, &["cloud", "--facets", "none"]);
    assert_eq!(v["facets"], serde_json::json!({}));
    let out = f
        .cmd()
        .args(["search", "cloud", "--facets", "org,colour"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    // Text output: a panel after the hits.
    let out = f
        .cmd()
        .args(["search", "cloud", "--color", "never"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("\norg      Microsoft 3 · Amazon Web Services 1 · Nvidia 1\n"),
        "{text}"
    );
}

#[test]
fn entity_filters_aliases_negation_co_mention_and_unknown_names() {
    let f = facet_fixture();
    let titles = |v: &serde_json::Value| -> Vec<String> {
        let mut t: Vec<String> = v["hits"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| h["article"]["title"].as_str().unwrap().to_string())
            .collect();
        t.sort();
        t
    };
    // An alias, any case.
    let (v, _) = search_json(&f, &["cloud", "-f", "org:aws"]);
    assert_eq!(titles(&v), ["Cloud prices fall"]);
    let (v, _) = search_json(&f, &["cloud", "-f", "ORG:amazon web services"]);
    assert_eq!(titles(&v), ["Cloud prices fall"]);
    // All filters must hold; ! excludes.
    let (v, _) = search_json(
        &f,
        &["cloud", "-f", "org:Microsoft", "-f", "person:satya nadella"],
    );
    assert_eq!(titles(&v), ["Chip deal"]);
    let (v, _) = search_json(&f, &["cloud", "-f", "!org:Microsoft"]);
    assert_eq!(titles(&v), ["Autumn baking"]);
    // --same-passage: "prices" and AWS share a passage in a.txt; "office" and AWS never do.
    let (v, _) = search_json(&f, &["prices", "-f", "org:aws", "--same-passage"]);
    assert_eq!(titles(&v), ["Cloud prices fall"]);
    let (v, out) = search_json(&f, &["saved OR save", "-f", "org:aws", "--same-passage"]);
    assert_eq!(out.status.code(), Some(1), "{v}");
    let (_, out) = search_json(&f, &["customers", "-f", "org:aws"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "article-level: AWS is elsewhere in the article"
    );
    // Unknown name: exit 1, no hits, the closest names on stderr.
    let (_, out) = search_json(&f, &["cloud", "-f", "org:Microsft"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty() || String::from_utf8_lossy(&out.stdout).contains("\"hits\":[]"));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("no org named 'Microsft'") && err.contains("Microsoft"),
        "{err}"
    );
    // A malformed filter is a usage error.
    let out = f
        .cmd()
        .args(["search", "cloud", "-f", "Microsoft"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn users_entities_file_extends_the_gazetteer_and_is_remembered() {
    let f = crate::util::Fixture::new();
    f.write(
        "a.txt",
        "Title: Rocket news\n\nACR launched a rocket. Analysts expect more from the company.\n",
    );
    let ents = f.tmp.path().join("mine.tsv");
    std::fs::write(&ents, "# mine\norg\tAcme Rockets\tACR\n").unwrap();
    f.index_ok(&["--entities", ents.to_str().unwrap()]);
    let (v, _) = search_json(&f, &["rocket", "-f", "org:acme rockets"]);
    assert_eq!(v["facets"]["org"][0]["name"], "Acme Rockets", "{v}");
    // A later run without --entities keeps using it.
    f.write(
        "b.txt",
        "Title: More rockets\n\nACR launched another rocket.\n",
    );
    f.index_ok(&[]);
    let (v, _) = search_json(&f, &["rocket"]);
    assert_eq!(
        v["facets"]["org"][0],
        serde_json::json!({"name": "Acme Rockets", "count": 2})
    );
    // Another file over indexed articles: a warning, on stderr and in the summary.
    let other = f.tmp.path().join("other.tsv");
    std::fs::write(&other, "org\tAcme Rockets\tACR\nproduct\tWidget Pro\n").unwrap();
    let (summary, err) = f.index_ok(&["--entities", other.to_str().unwrap()]);
    assert!(err.contains("new entities file"), "{err}");
    let warned = summary["warnings"].as_array().unwrap();
    assert!(
        warned
            .iter()
            .any(|w| w["reason"].as_str().unwrap().contains("new entities file")),
        "{summary}"
    );
    // A malformed file: exit 2, the file and line named, nothing indexed.
    std::fs::write(&ents, "org\tAcme Rockets\nwidget\tThing\n").unwrap();
    let out = f.index(&["--entities", ents.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("mine.tsv:2: unknown type \"widget\""), "{err}");
}

#[test]
fn facets_command_over_the_index_or_a_query() {
    let f = facet_fixture();
    let run = |args: &[&str]| f.cmd().arg("facets").args(args).output().unwrap();
    let out = run(&["--json"]);
    assert_eq!(out.status.code(), Some(0));
    let v = crate::util::json(&out.stdout);
    assert_eq!(
        v["org"][0],
        serde_json::json!({"name": "Microsoft", "count": 3})
    );
    // Keys in the requested order.
    let raw = String::from_utf8_lossy(&out.stdout);
    let at = |k: &str| raw.find(&format!("\"{k}\":[")).unwrap();
    assert!(
        at("org") < at("person") && at("person") < at("product") && at("product") < at("place"),
        "{raw}"
    );
    // Over a query's matches; one type; limit; tsv.
    let out = run(&["satya", "--type", "org", "-n", "1", "--format", "tsv"]);
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "type\tname\tcount\norg\tMicrosoft\t1\n"
    );
    let out = run(&["--type", "person"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.starts_with("person\n  1  Satya Nadella\n"), "{text}");
    // Nothing to report: exit 1. A bad type: exit 2.
    assert_eq!(run(&["zzzqqq"]).status.code(), Some(1));
    assert_eq!(run(&["--type", "colour"]).status.code(), Some(2));
}

#[test]
fn stats_count_distinct_entities_per_type() {
    let f = facet_fixture();
    let s = f.stats();
    // Microsoft, Amazon Web Services, Nvidia; Satya Nadella; Redmond, Europe, Asia.
    assert_eq!(
        s["entities"],
        serde_json::json!({"misc": 0, "org": 3, "person": 1, "place": 3, "product": 0}),
        "{s}"
    );
    let out = f.cmd().arg("stats").output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("entities   misc 0 · org 3 · person 1 · place 3 · product 0"),
        "{text}"
    );
}

#[test]
fn timeline_per_period_with_query_and_filters() {
    let f = facet_fixture();
    let run = |args: &[&str]| f.cmd().arg("timeline").args(args).output().unwrap();
    let json = |args: &[&str]| {
        let o = run(args);
        assert_eq!(
            o.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&o.stderr)
        );
        crate::util::json(&o.stdout)
    };
    assert_eq!(
        json(&["--by", "year", "--json"]),
        serde_json::json!([{"period": "2023", "count": 1}, {"period": "2024", "count": 3}])
    );
    assert_eq!(
        json(&["prices", "--json"]),
        serde_json::json!([{"period": "2024-03", "count": 1}])
    );
    assert_eq!(
        json(&["-f", "org:microsoft", "--by", "year", "--json"]),
        serde_json::json!([{"period": "2023", "count": 1}, {"period": "2024", "count": 2}])
    );
    assert_eq!(
        json(&["cloud", "-f", "!org:microsoft", "--by", "day", "--json"]),
        serde_json::json!([{"period": "2024-10-01", "count": 1}])
    );
    // Text: one row per period, a bar of blocks, the count.
    let o = run(&["--by", "year"]);
    let text = String::from_utf8_lossy(&o.stdout);
    let rows: Vec<&str> = text.lines().collect();
    assert_eq!(rows.len(), 2, "{text}");
    assert!(
        rows[0].starts_with("2023  █") && rows[0].ends_with(" 1"),
        "{text}"
    );
    assert!(
        rows[1].starts_with("2024  ███") && rows[1].ends_with(" 3"),
        "{text}"
    );
    // No match: exit 1; unknown entity: exit 1 with a hint.
    assert_eq!(run(&["zzzqqq"]).status.code(), Some(1));
    let o = run(&["-f", "org:Microsft"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("closest: Microsoft"));
}

#[test]
fn show_an_article_by_path_or_id_with_mention_counts() {
    let f = facet_fixture();
    let path = f.corpus().join("a.txt");
    let out = f
        .cmd()
        .args(["show", "--json"])
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v = crate::util::json(&out.stdout);
    assert_eq!(v["title"], "Cloud prices fall");
    assert_eq!(v["date"], "2024-03-01");
    assert_eq!(v["passages"].as_array().unwrap().len(), 2);
    assert_eq!(
        v["entities"][0],
        serde_json::json!({"type": "org", "name": "Microsoft", "mentions": 5})
    );
    assert!(v["entities"].as_array().unwrap().contains(
        &serde_json::json!({"type": "org", "name": "Amazon Web Services", "mentions": 1})
    ));
    // By the id search reports; text output.
    let id = v["id"].as_str().unwrap().to_string();
    let out = f.cmd().args(["show", &id]).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.starts_with("Cloud prices fall\n2024-03-01 · Bytewire\n"),
        "{text}"
    );
    assert!(text.contains("entities: org Microsoft 5"), "{text}");
    // JSON Lines records by PATH:RECORD; unknown: exit 1.
    f.write("w.jsonl", "{\"title\": \"One\", \"body\": \"Nvidia shipped chips to Microsoft in March.\"}\n{\"title\": \"Two\", \"body\": \"Satya Nadella spoke in Redmond on Tuesday.\"}\n");
    f.index_ok(&[]);
    let rec = format!("{}:2", f.corpus().join("w.jsonl").display());
    let out = f.cmd().args(["show", "--json", &rec]).output().unwrap();
    let v = crate::util::json(&out.stdout);
    assert_eq!(
        (v["title"].as_str(), v["record"].as_u64()),
        (Some("Two"), Some(2))
    );
    let out = f.cmd().args(["show", "nothing-here.txt"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no article"));
}

#[test]
fn related_entities_share_passages() {
    let f = facet_fixture();
    let run = |args: &[&str]| f.cmd().arg("related").args(args).output().unwrap();
    let out = run(&["microsoft", "--json"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v = crate::util::json(&out.stdout);
    let mut names: Vec<String> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            format!(
                "{}:{}:{}",
                r["type"].as_str().unwrap(),
                r["name"].as_str().unwrap(),
                r["count"]
            )
        })
        .collect();
    names.sort();
    // AWS is in a.txt but never in a passage with Microsoft.
    assert_eq!(
        names,
        ["org:Nvidia:1", "person:Satya Nadella:1", "place:Redmond:1"]
    );
    assert!(
        v.as_array()
            .unwrap()
            .iter()
            .all(|r| r["lift"].as_f64().unwrap() > 1.0),
        "{v}"
    );
    let out = run(&["org:MSFT", "--type", "person", "--json"]);
    assert_eq!(
        crate::util::json(&out.stdout),
        serde_json::json!([{"type": "person", "name": "Satya Nadella", "count": 1, "lift": v.as_array().unwrap().iter().find(|r| r["name"] == "Satya Nadella").unwrap()["lift"]}])
    );
    let out = run(&["Microsft"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("closest: Microsoft"));
}

/// Facet counts on a generated corpus against counts computed from what was generated: over
/// the whole index (large result set: counted in a table) and over a query's articles (small:
/// counted by sorting), every name and only the top few (which resolves only the terms that
/// can reach the top), with a discovered person confirmed in some articles and named once in
/// others (two terms for one name).
#[test]
fn facet_counts_are_exact_for_large_and_small_result_sets() {
    let f = crate::util::Fixture::new();
    let orgs = [
        "Microsoft",
        "Nvidia",
        "IBM",
        "Qualcomm",
        "Cisco",
        "Salesforce",
        "Huawei",
    ];
    let persons = [
        "Marta Quibbleworth",
        "Priya Zandervelt",
        "Marta Oxenholm",
        "Priya Kettleburn",
        "Marta Fennimore",
    ];
    let mut seed: u64 = 7;
    let mut rand = move || {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (seed >> 33) % 100
    };
    // (name -> articles) over all articles and over the `alpha` ones.
    let mut all: BTreeMap<(&str, &str), u64> = BTreeMap::new();
    let mut alpha: BTreeMap<(&str, &str), u64> = BTreeMap::new();
    for i in 0..400 {
        let marked = i % 3 == 0;
        let mut body = format!(
            "In note {i} on Tuesday, analysts covered the market{}.",
            if marked { " alpha" } else { "" }
        );
        let mut named: Vec<(&str, &str)> = Vec::new();
        for (j, org) in orgs.iter().enumerate() {
            if rand() < 8 + 9 * j as u64 {
                // Sentences vary per note: repeated ones would be the source's boilerplate.
                body.push_str(&format!(" Shares of {org} moved on note {i}."));
                named.push(("org", org));
            }
        }
        for (j, person) in persons.iter().enumerate() {
            let r = rand();
            if r < 6 + 6 * j as u64 {
                // Named twice: confirmed in this article.
                body.push_str(&format!(" Report {i} cites {person}, and {person} agreed."));
                named.push(("person", person));
            } else if r >= 70 - 5 * j as u64 {
                // Named once: unconfirmed here (counts because other articles have it).
                body.push_str(&format!(" Report {i} cites {person} on prices."));
                named.push(("person", person));
            }
        }
        for n in named {
            *all.entry(n).or_default() += 1;
            if marked {
                *alpha.entry(n).or_default() += 1;
            }
        }
        f.write(
            format!("a{i:03}.txt"),
            format!("Title: Market note {i}\nDate: 2024-01-01\n\n{body}\n"),
        );
    }
    f.index_ok(&[]);
    let expected = |counts: &BTreeMap<(&str, &str), u64>, kind: &str, n: usize| {
        let mut v: Vec<(String, u64)> = counts
            .iter()
            .filter(|(k, _)| k.0 == kind)
            .map(|(k, &c)| (k.1.to_string(), c))
            .collect();
        v.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        v.truncate(n);
        v
    };
    let facets = |query: Option<&str>, kind: &str, n: usize| -> Vec<(String, u64)> {
        let mut c = f.cmd();
        c.arg("facets");
        if let Some(q) = query {
            c.arg(q);
        }
        let out = c
            .args(["--type", kind, "-n", &n.to_string(), "--json"])
            .output()
            .unwrap();
        let v = crate::util::ok_json(&out);
        v[kind]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| {
                (
                    e["name"].as_str().unwrap().to_string(),
                    e["count"].as_u64().unwrap(),
                )
            })
            .collect()
    };
    assert_eq!(expected(&all, "person", 100).len(), persons.len());
    for (query, counts) in [(None, &all), (Some("alpha"), &alpha)] {
        for kind in ["org", "person"] {
            for n in [1, 3, 100] {
                assert_eq!(
                    facets(query, kind, n),
                    expected(counts, kind, n),
                    "query {query:?}, {kind}, top {n}"
                );
            }
        }
    }
}

/// `--same-passage` shows a passage that names the filtered entities with the query's words,
/// even where another passage of the article scores higher for the words alone.
#[test]
fn same_passage_shows_the_co_mention() {
    let f = crate::util::Fixture::new();
    f.write(
        "a.txt",
        "Title: Chip supply review\nDate: 2024-03-01\n\n\
         Chip supply was tight all year: chip orders, chip prices and chip shortages \
         dominated every chip conversation among buyers.\n\n\
         Later in the year Nvidia said its chip supply had improved.\n\n\
         Other firms followed.\n",
    );
    f.index_ok(&[]);
    let passage = |args: &[&str]| -> String {
        let (v, out) = search_json(&f, args);
        assert_eq!(out.status.code(), Some(0), "{args:?}");
        v["hits"][0]["passage"]["text"]
            .as_str()
            .unwrap()
            .to_string()
    };
    // Without it the best passage for the words is shown.
    assert!(passage(&["chip supply", "-f", "org:nvidia"]).starts_with("Chip supply was tight"));
    // With it, the one naming Nvidia.
    let p = passage(&["chip supply", "-f", "org:nvidia", "--same-passage"]);
    assert!(p.starts_with("Later in the year Nvidia"), "{p}");
    // --per-article gives one hit per passage: only co-mentions.
    let (v, _) = search_json(
        &f,
        &[
            "chip supply",
            "-f",
            "org:nvidia",
            "--same-passage",
            "--per-article",
            "3",
        ],
    );
    let hits = v["hits"].as_array().unwrap();
    assert_eq!(hits.len(), 1, "{v}");
    let (v, _) = search_json(
        &f,
        &["chip supply", "-f", "org:nvidia", "--per-article", "3"],
    );
    assert_eq!(v["hits"].as_array().unwrap().len(), 2, "{v}");
}

/// Lines a source repeats on many pages (banners, share bars, sign-offs) give no entities,
/// on a first run and after `--rebuild`; the text stays searchable; stats reports what was
/// set aside per source; another source's pages are not affected.
#[test]
fn site_boilerplate_gives_no_entities_but_stays_searchable() {
    let f = crate::util::Fixture::new();
    let banner = "Join us at the Zentrix Labs summit in Quexford this spring!";
    for i in 0..8 {
        f.write(
            format!("site/p{i}.txt"),
            format!(
                "Title: Story {i}\nURL: https://news.site.example/{i}\n\n\
                 Story {i} reports that Marlow Dynamics Inc hired staff in round {i}.\n\
                 {banner}\nFollow us on Facebook Follow us on LinkedIn\n"
            ),
        );
    }
    // The banner once on another site: an ordinary mention there.
    f.write(
        "other/o.txt",
        format!("Title: Other\nURL: https://other.example/o\n\n{banner}\n"),
    );
    for extra in [&[][..], &["--rebuild"][..]] {
        f.index_ok(extra);
        let out = f
            .cmd()
            .args([
                "facets",
                "--type",
                "org,place,product",
                "--json",
                "-n",
                "20",
            ])
            .output()
            .unwrap();
        let v = crate::util::ok_json(&out);
        let names = |t: &str| -> Vec<(String, u64)> {
            v[t].as_array()
                .unwrap()
                .iter()
                .map(|e| {
                    (
                        e["name"].as_str().unwrap().to_string(),
                        e["count"].as_u64().unwrap(),
                    )
                })
                .collect()
        };
        assert_eq!(
            names("org")
                .iter()
                .find(|n| n.0 == "Marlow Dynamics")
                .map(|n| n.1),
            Some(8),
            "{v}"
        );
        assert_eq!(
            names("org")
                .iter()
                .find(|n| n.0 == "Zentrix Labs")
                .map(|n| n.1),
            Some(1),
            "{v}"
        );
        assert!(
            !names("product")
                .iter()
                .any(|n| n.0 == "Facebook" || n.0 == "LinkedIn"),
            "{v}"
        );
        let (s, _) = f.index_ok(&[]);
        let bp = &s["boilerplate"];
        let stats = f.cmd().args(["stats", "--json"]).output().unwrap();
        let stats = crate::util::ok_json(&stats);
        assert!(
            stats["boilerplate"]["site.example"].as_u64().unwrap_or(0) > 100,
            "{stats} {bp}"
        );
        assert!(
            stats["boilerplate"].get("other.example").is_none(),
            "{stats}"
        );
        // The banner's words are still found.
        let out = f
            .cmd()
            .args(["search", "Quexford", "--count"])
            .output()
            .unwrap();
        assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "9");
    }
}

/// A surname used alone ("President Quellmann") is the person the corpus names in full with
/// it, in facets and filters alike; a surname two people share stays as written.
#[test]
fn a_lone_surname_is_the_corpus_full_name() {
    let f = crate::util::Fixture::new();
    for i in 0..4 {
        f.write(
            format!("full{i}.txt"),
            format!("Title: Budget {i}\n\nRonald Quellmann signed budget number {i} today.\n"),
        );
    }
    f.write(
        "lone.txt",
        "Title: Veto\n\nPresident Quellmann vetoed the bill on Friday.\n",
    );
    f.index_ok(&[]);
    let out = f
        .cmd()
        .args(["facets", "--type", "person", "--json"])
        .output()
        .unwrap();
    let v = crate::util::ok_json(&out);
    let people: Vec<(String, u64)> = v["person"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["name"].as_str().unwrap().to_string(),
                e["count"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(people, [("Ronald Quellmann".to_string(), 5)], "{v}");
    let (v, _) = search_json(&f, &["vetoed", "-f", "person:ronald quellmann"]);
    assert_eq!(v["hits"].as_array().unwrap().len(), 1, "{v}");
}
