//! Criterion benches for the pure indexing stages over the bundled corpus (checked in), reported
//! as bytes per second: decode + parse + split, passage splitting alone, and entity
//! extraction (plus the gazetteer's build time). The end-to-end
//! comparison with tantivy-cli on real corpora is `benches/index_compare.sh` (see BENCHMARKS.md).

use std::path::PathBuf;

use byline::article::{self, Format};
use criterion::{criterion_group, criterion_main, Criterion, Throughput};

fn corpus_files() -> Vec<(Format, Vec<u8>)> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let mut files: Vec<(Format, Vec<u8>)> = walkdir::WalkDir::new(root)
        .sort_by_file_name()
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file() && e.file_name() != "README.md")
        .filter_map(|e| Some((Format::from_path(e.path())?, std::fs::read(e.path()).ok()?)))
        .collect();
    files.sort_by(|a, b| a.1.cmp(&b.1));
    files
}

fn parse_and_split(c: &mut Criterion) {
    let files = corpus_files();
    let bytes: usize = files.iter().map(|f| f.1.len()).sum();
    let mut g = c.benchmark_group("corpus");
    g.throughput(Throughput::Bytes(bytes as u64));
    g.bench_function("decode+parse+split", |b| {
        b.iter(|| {
            let mut passages = 0;
            for (format, data) in &files {
                for a in article::parse_bytes(*format, data).articles {
                    passages += byline::index::document::passages_of(&a).len();
                }
            }
            passages
        })
    });
    let bodies: Vec<String> = files
        .iter()
        .flat_map(|(f, d)| article::parse_bytes(*f, d).articles)
        .map(|a| a.body)
        .collect();
    g.bench_function("split", |b| {
        b.iter(|| {
            bodies
                .iter()
                .map(|t| byline::passage::split(t).len())
                .sum::<usize>()
        })
    });
    // Entity extraction over each article (title + passages), as the indexer runs it.
    let gz = byline::entities::Gazetteer::builtin();
    let corpus = byline::entities::Corpus::empty();
    let articles: Vec<article::Article> = files
        .iter()
        .flat_map(|(f, d)| article::parse_bytes(*f, d).articles)
        .collect();
    let split: Vec<Vec<String>> = articles
        .iter()
        .map(byline::index::document::passages_of)
        .collect();
    g.bench_function("entities", |b| {
        b.iter(|| {
            articles
                .iter()
                .zip(&split)
                .map(|(a, ps)| {
                    byline::index::document::article_entities(&gz, &corpus, a, ps, None)
                        .article
                        .len()
                })
                .sum::<usize>()
        })
    });
    g.bench_function("gazetteer build", |b| {
        b.iter(|| {
            let g = byline::entities::Gazetteer::builtin();
            byline::entities::extract(&g, &["Nvidia"], 0).entities.len()
        })
    });
    g.finish();
}

criterion_group!(benches, parse_and_split);
criterion_main!(benches);
