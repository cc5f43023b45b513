//! byline as a library: search an index from a program.
//!
//! ```text
//! cargo run --release --example search -- index "chip shortage"
//! cargo run --release --example search -- index "chip shortage" --json
//! ```
//!
//! Prints the ten best hits (title, date, source, the passage with its matches in brackets)
//! and the companies the matching articles name most; with `--json`, the same object as
//! `byline search --json --facets org`.

use anyhow::{bail, Context, Result};
use byline::{Dim, Engine, Request};

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let json = args.iter().any(|a| a == "--json");
    let rest: Vec<&String> = args.iter().filter(|a| *a != "--json").collect();
    let [index, words @ ..] = rest.as_slice() else {
        bail!("usage: search INDEX_DIR QUERY... [--json]");
    };
    let engine = Engine::open(std::path::Path::new(index.as_str()))
        .with_context(|| format!("cannot open the index in {index}"))?;
    let request = Request {
        query: words
            .iter()
            .map(|w| w.as_str())
            .collect::<Vec<_>>()
            .join(" "),
        facets: vec![Dim::Entity(byline::Kind::Org)],
        ..Request::default()
    };
    let (results, notices) = engine.search(&request)?;
    for n in &notices {
        eprintln!("note: {n:?}");
    }
    if json {
        println!(
            "{}",
            serde_json::to_string(&byline::json::search(&results))?
        );
        return Ok(());
    }
    println!("{} matching articles", results.total_articles);
    for hit in &results.hits {
        let a = &hit.article;
        let date = byline::json::date_of(a.date).unwrap_or_default();
        println!(
            "\n{}. {} [{} {}]",
            hit.rank,
            a.title.as_deref().unwrap_or("(untitled)"),
            date,
            a.source.as_deref().unwrap_or("")
        );
        println!("   {}", bracketed(&hit.text, &hit.highlights));
    }
    for (dim, values) in &results.facets {
        let shown: Vec<String> = values
            .iter()
            .map(|v| format!("{} ({})", v.name, v.count))
            .collect();
        println!("\n{}: {}", dim.name(), shown.join(", "));
    }
    Ok(())
}

/// The passage with each highlighted byte range in brackets.
fn bracketed(text: &str, highlights: &[(usize, usize)]) -> String {
    let mut out = String::new();
    let mut at = 0;
    for &(start, end) in highlights {
        out.push_str(&text[at..start]);
        out.push('[');
        out.push_str(&text[start..end]);
        out.push(']');
        at = end;
    }
    out.push_str(&text[at..]);
    out
}
