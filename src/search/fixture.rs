//! Test fixture: a tiny index in memory, written the way the indexer lays articles out (one
//! document per passage, the article's fields on its first passage), so that the stages that
//! read the index (`matching`, `page`, `explain`) have unit tests of their own without the
//! write side.

use tantivy::schema::TantivyDocument;
use tantivy::{DateTime, Index};

use super::Snapshot;
use crate::schema;

/// An article of the fixture.
#[derive(Clone, Copy, Default)]
pub struct Article<'a> {
    pub id: u64,
    pub path: &'a str,
    pub title: &'a str,
    pub passages: &'a [&'a str],
    /// Equal hashes: copies of one text.
    pub hash: u64,
    /// Days since the epoch.
    pub day: Option<i64>,
    /// Article entity terms as the indexer writes them (`org:Arm`, `~person:Jo Bloggs`).
    pub entities: &'a [&'a str],
    pub source: Option<&'a str>,
}

/// The articles, each added as one batch (its passages consecutive), committed once.
pub fn snapshot(articles: &[Article]) -> Snapshot {
    snapshot_in_segments(&[articles])
}

/// The articles, committed once per group (one segment each, never merged).
pub fn snapshot_in_segments(segments: &[&[Article]]) -> Snapshot {
    let (schema, fields) = schema::build();
    let index = Index::create_in_ram(schema);
    schema::register_tokenizers(&index);
    let mut w: tantivy::IndexWriter = index.writer_with_num_threads(1, 15_000_000).unwrap();
    w.set_merge_policy(Box::new(tantivy::indexer::NoMergePolicy));
    for a in segments.iter().flat_map(|s| {
        s.iter().map(Some).chain([None]) // None: commit
    }) {
        let Some(a) = a else {
            w.commit().unwrap();
            continue;
        };
        for (i, text) in a.passages.iter().enumerate() {
            let mut d = TantivyDocument::default();
            d.add_u64(fields.article_id, a.id);
            d.add_text(fields.file, a.path);
            d.add_u64(fields.ordinal, i as u64);
            d.add_text(fields.text, text);
            if let Some(day) = a.day {
                d.add_date(fields.date, DateTime::from_timestamp_secs(day * 86_400));
            }
            if let Some(s) = a.source {
                d.add_text(fields.source, s);
            }
            if i == 0 {
                d.add_u64(fields.body_hash, a.hash);
                for t in a.entities {
                    d.add_text(fields.article_entity, t);
                }
                d.add_text(fields.path, a.path);
                d.add_u64(fields.passages, a.passages.len() as u64);
                d.add_text(fields.title, a.title);
                d.add_text(fields.title_terms, a.title);
                d.add_bool(fields.title_derived, false);
            }
            w.add_document(d).unwrap();
        }
    }
    let reader = index.reader().unwrap();
    let stem = index.tokenizer_for_field(fields.text).unwrap();
    Snapshot::new(reader.searcher(), fields, stem, std::path::Path::new("")).unwrap()
}

/// Three articles on chips, one copied; one on fruit.
pub fn chips() -> Snapshot {
    let story = Article {
        id: 1,
        path: "/c/arm.txt",
        title: "Nvidia bids for Arm",
        passages: &[
            "Nvidia offered to buy Arm, the chip designer, for 40 billion dollars.",
            "Regulators in Britain will review the chip takeover.",
            "The deal would make Nvidia the largest chip company.",
        ],
        hash: 100,
        day: Some(18_500),
        ..Default::default()
    };
    snapshot(&[
        Article {
            id: 2,
            path: "/c/roundup.txt",
            title: "Week in review",
            passages: &[
                "A roundup: phones, laptops and a chip or two.",
                "Nvidia shares rose; Arm was mentioned in passing.",
            ],
            hash: 200,
            day: Some(18_400),
            ..Default::default()
        },
        Article {
            id: 3,
            path: "/c/copy-of-arm.txt",
            day: None,
            ..story
        },
        story,
        Article {
            id: 4,
            path: "/c/fruit.txt",
            title: "Pears and apples",
            passages: &["Orchards report a good year for pears and apples."],
            hash: 400,
            day: Some(18_600),
            ..Default::default()
        },
    ])
}
