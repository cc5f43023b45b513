//! Articles and their passages to tantivy documents (one per passage).

use tantivy::schema::Facet;
use tantivy::{DateTime, TantivyDocument};
use xxhash_rust::xxh3::{xxh3_64, Xxh3};

use crate::article::Article;
use crate::passage;
use crate::schema::Fields;

/// Identifies an article: a hash of its file key and record number.
pub fn article_id(key: &str, record: Option<u64>) -> u64 {
    let mut buf = Vec::with_capacity(key.len() + 9);
    buf.extend_from_slice(key.as_bytes());
    buf.push(0);
    buf.extend_from_slice(&record.unwrap_or(0).to_le_bytes());
    xxh3_64(&buf)
}

/// Hash of the article's text as split into passages (whitespace already normalised): the same
/// text however it was wrapped hashes the same.
pub fn body_hash(passages: &[String]) -> u64 {
    let mut h = Xxh3::new();
    for p in passages {
        h.update(p.as_bytes());
        h.update(b"\n");
    }
    h.digest()
}

/// The passages of an article; a title-only article is one passage holding its title.
pub fn passages_of(article: &Article) -> Vec<String> {
    let ps = passage::split(&article.body);
    if ps.is_empty() {
        return article.title.iter().cloned().collect();
    }
    ps
}

/// Build the documents of one article: per-passage fields on each, the article's metadata on the
/// first (see the invariant in `schema`).
pub fn documents(
    f: &Fields,
    key: &str,
    article: &Article,
    entities: &[Facet],
) -> Vec<TantivyDocument> {
    let id = article_id(key, article.record);
    let passages = passages_of(article);
    let hash = body_hash(&passages);
    let n = passages.len() as u64;
    let date = article
        .date
        .map(|d| DateTime::from_timestamp_secs(d.timestamp()));
    passages
        .into_iter()
        .enumerate()
        .map(|(i, text)| {
            let mut d = TantivyDocument::default();
            d.add_u64(f.article_id, id);
            d.add_text(f.file, key);
            d.add_u64(f.ordinal, i as u64);
            d.add_text(f.text, &text);
            if let Some(date) = date {
                d.add_date(f.date, date);
            }
            if let Some(s) = &article.source {
                d.add_text(f.source, s);
            }
            for e in entities {
                d.add_facet(f.entities, e.clone());
            }
            d.add_u64(f.body_hash, hash);
            if i == 0 {
                d.add_text(f.path, key);
                d.add_u64(f.passages, n);
                if let Some(r) = article.record {
                    d.add_u64(f.record, r);
                }
                if let Some(t) = &article.title {
                    d.add_text(f.title, t);
                    d.add_text(f.title_terms, t);
                }
                d.add_bool(f.title_derived, article.title_derived);
                if let Some(u) = &article.url {
                    d.add_text(f.url, u);
                }
                if let Some(a) = &article.author {
                    d.add_text(f.author, a);
                }
                for t in &article.tags {
                    d.add_text(f.tags, t);
                }
            }
            d
        })
        .collect()
}
