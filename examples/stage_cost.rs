//! CPU time of the indexer's pure per-article stages, one thread, on a folder of articles:
//! parse, passage split, near-duplicate signature, entity extraction, and tokenising the
//! passages with the index's analyser. For measuring changes to one stage without the noise
//! of a whole parallel `byline index` run (BENCHMARKS.md, issue 19).
//!
//! `cargo run --release --example stage_cost -- DIR [FILES] [REPS]` (FILES default 2000,
//! REPS default 3: the minimum over reps is printed). The corpus statistics are empty (no
//! boilerplate or learned names), so extraction does slightly less than in an index run.

use std::time::{Duration, Instant};

use byline::article::{self, Format};
use byline::entities::{Corpus, Gazetteer};
use byline::index::document;
use tantivy::tokenizer::TokenStream;

fn main() {
    let mut args = std::env::args().skip(1);
    let dir = args.next().expect("usage: stage_cost DIR [FILES] [REPS]");
    let n: usize = args.next().map_or(2000, |s| s.parse().unwrap());
    let reps: usize = args.next().map_or(3, |s| s.parse().unwrap());
    let mut files: Vec<_> = walkdir::WalkDir::new(&dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| Some((Format::from_path(e.path())?, std::fs::read(e.path()).ok()?)))
        .collect();
    files.sort_by(|a, b| a.1.cmp(&b.1));
    files.truncate(n);
    let bytes: usize = files.iter().map(|f| f.1.len()).sum();
    let clock = Instant::now();
    let gz = Gazetteer::builtin();
    let built = clock.elapsed();
    let corpus = Corpus::empty();
    let clock = Instant::now();
    let a = article::parse_bytes(Format::Txt, b"Intel in Arizona\n\nIntel said so.").articles;
    let s = document::split(a.into_iter().next().expect("an article"));
    document::article_entities(&gz, &corpus, &s.article, &s.passages, None);
    println!(
        "gazetteer: built in {:.1} ms, its matcher and first extraction {:.1} ms",
        built.as_secs_f64() * 1e3,
        clock.elapsed().as_secs_f64() * 1e3
    );
    let mut best = [Duration::MAX; 5];
    for _ in 0..reps {
        let mut t = [Duration::ZERO; 5];
        let clock = Instant::now();
        let articles: Vec<_> = files
            .iter()
            .flat_map(|(f, d)| article::parse_bytes(*f, d).articles)
            .collect();
        t[0] = clock.elapsed();
        let clock = Instant::now();
        let splits: Vec<_> = articles.into_iter().map(document::split).collect();
        t[1] = clock.elapsed();
        let clock = Instant::now();
        for s in &splits {
            std::hint::black_box(byline::similar::signature(
                s.passages.iter().map(String::as_str),
            ));
        }
        t[2] = clock.elapsed();
        let clock = Instant::now();
        for s in &splits {
            std::hint::black_box(document::article_entities(
                &gz,
                &corpus,
                &s.article,
                &s.passages,
                None,
            ));
        }
        t[3] = clock.elapsed();
        let mut analyzer = byline::stem::en_stem();
        let clock = Instant::now();
        let mut tokens = 0usize;
        for s in &splits {
            for p in &s.passages {
                let mut ts = analyzer.token_stream(p);
                while ts.advance() {
                    tokens += ts.token().text.len();
                }
            }
        }
        std::hint::black_box(tokens);
        t[4] = clock.elapsed();
        for (b, t) in best.iter_mut().zip(t) {
            *b = (*b).min(t);
        }
    }
    let mb = bytes as f64 / 1e6;
    println!("{} files, {mb:.1} MB, best of {reps}:", files.len());
    for (name, d) in [
        "parse",
        "split",
        "signature",
        "entities (with signature)",
        "tokenise+stem",
    ]
    .iter()
    .zip(best)
    {
        println!(
            "{name:>26}: {:>7.1} ms  {:>6.1} MB/s",
            d.as_secs_f64() * 1e3,
            mb / d.as_secs_f64()
        );
    }
}
