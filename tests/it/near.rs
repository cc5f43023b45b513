//! Near copies of one story fold into one hit (`near_duplicates`), while a follow-up, a
//! templated notice re-issued days later and a page under another title stay their own hits;
//! counts and facets count a folded story once; `--duplicates` shows each.

use std::path::Path;

use serde_json::Value;

use crate::util::{ok_json, Fixture};

/// A story of `n` words drawn from a large made-up vocabulary (so that its word 5-grams do not
/// repeat), reproducible from `seed`, with the query word and an organisation named in it.
fn story(seed: u64, n: usize) -> String {
    let mut x = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    let mut out = String::from("Quokkatron said Veltrane Systems would expand. ");
    for i in 0..n {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        out.push_str(&format!("w{}", x % 20_000));
        out.push_str(if i % 15 == 14 { ". " } else { " " });
    }
    out.push_str("Veltrane Systems declined to comment.");
    out
}

/// One article; its source is named by the file's first letter: one story copied five times on
/// one site would be that site's boilerplate, set aside before signatures are taken.
fn write(fx: &Fixture, name: &str, title: &str, date: &str, body: &str) {
    let source = format!("site-{}", &name[..1]);
    let text = format!("---\ntitle: {title}\ndate: {date}\nsource: {source}\n---\n\n{body}\n");
    fx.write(name, text);
}

fn search(fx: &Fixture, args: &[&str]) -> Value {
    ok_json(
        &fx.cmd()
            .args(["search", "--json"])
            .args(args)
            .output()
            .unwrap(),
    )
}

#[test]
fn near_copies_fold_and_other_stories_stay_apart() {
    let fx = Fixture::new();
    let text = story(1, 400);
    let title = "Quokkatron chip plant opens in Tromso";
    write(&fx, "a-original.md", title, "2024-05-02", &text);
    // A re-scrape a day later with a share bar appended: the same story.
    let rescrape = format!("{text}\nShare this story on social media and subscribe today.");
    write(&fx, "b-rescrape.md", title, "2024-05-03", &rescrape);
    // The same text as a templated notice ten days later: another notice.
    let notice = format!("{text}\nIssued again for the record.");
    write(&fx, "c-notice.md", title, "2024-05-12", &notice);
    // The same text under an unrelated title (a site's template page).
    let other = format!("{text}\nRelated pages.");
    write(
        &fx,
        "d-template.md",
        "Careers at Northwind",
        "2024-05-02",
        &other,
    );
    // A follow-up: the same headline words, new reporting.
    let follow = format!("{}\n{}", &text[..text.len() / 3], story(2, 300));
    write(&fx, "e-followup.md", title, "2024-05-02", &follow);
    fx.index_ok(&[]);

    let v = search(&fx, &["quokkatron", "--facets", "org"]);
    assert_eq!(v["total_articles"], 4, "{v:#}");
    let hits = v["hits"].as_array().unwrap();
    let file = |path: &Value| {
        Path::new(path.as_str().unwrap())
            .file_name()
            .unwrap()
            .to_string_lossy()
            .into_owned()
    };
    let name = |h: &Value| file(&h["article"]["path"]);
    let folded: Vec<&Value> = hits.iter().filter(|h| h["near_copies"] == 1).collect();
    assert_eq!(folded.len(), 1, "{v:#}");
    let lead = folded[0];
    let near = lead["near_duplicates"].as_array().unwrap();
    let pair = [name(lead), file(&near[0]["path"])];
    assert!(
        pair.contains(&"a-original.md".to_string()) && pair.contains(&"b-rescrape.md".to_string()),
        "{pair:?}"
    );
    let similarity = near[0]["similarity"].as_f64().unwrap();
    assert!((0.9..=1.0).contains(&similarity), "{similarity}");
    assert_eq!(near[0]["title"], title);
    for h in hits.iter().filter(|h| h["near_copies"] == 0) {
        assert!(h["near_duplicates"].as_array().unwrap().is_empty());
    }
    let mut alone: Vec<String> = hits
        .iter()
        .filter(|h| h["near_copies"] == 0)
        .map(name)
        .collect();
    alone.sort();
    assert_eq!(alone, ["c-notice.md", "d-template.md", "e-followup.md"]);
    // The folded story is counted once by the facets too.
    assert_eq!(v["facets"]["org"][0]["name"], "Veltrane Systems");
    assert_eq!(v["facets"]["org"][0]["count"], 4);

    // --duplicates: every article its own hit, nothing folded.
    let all = search(&fx, &["quokkatron", "--duplicates", "--facets", "org"]);
    assert_eq!(all["total_articles"], 5);
    assert!(all["hits"]
        .as_array()
        .unwrap()
        .iter()
        .all(|h| h["near_copies"] == 0));
    assert_eq!(all["facets"]["org"][0]["count"], 5);

    // Counts, facets and timelines agree.
    let run = |args: &[&str]| fx.cmd().args(args).output().unwrap();
    let count = run(&["search", "--count", "quokkatron"]);
    assert_eq!(String::from_utf8_lossy(&count.stdout).trim(), "4");
    let t = ok_json(&run(&["timeline", "--json", "--by", "year", "quokkatron"]));
    assert_eq!(t[0]["count"], 4, "{t:#}");

    // Text output names the near copy with its similarity.
    let text_out = run(&["search", "--color", "never", "quokkatron"]);
    let printed = String::from_utf8_lossy(&text_out.stdout);
    assert!(printed.contains("1 near copy: "), "{printed}");
    assert!(printed.contains("%)"), "{printed}");

    // A copy added by a later run joins the story already in the index.
    let again = format!("{text}\nFirst published by Wire.");
    write(&fx, "f-syndicated.md", title, "2024-05-02", &again);
    fx.index_ok(&[]);
    let v = search(&fx, &["quokkatron"]);
    assert_eq!(v["total_articles"], 4, "{v:#}");
    let folded: Vec<u64> = v["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["near_copies"].as_u64().unwrap())
        .collect();
    assert_eq!(folded.iter().sum::<u64>(), 2, "{folded:?}");
    assert!(folded.contains(&2), "{folded:?}");
}
