//! Articles and their passages to tantivy documents (one per passage).

use tantivy::schema::Facet;
use tantivy::{DateTime, TantivyDocument};
use xxhash_rust::xxh3::xxh3_64;

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

/// Hash of the article's words, lower-cased: the same text however it is wrapped or cased.
pub fn body_hash(article: &Article) -> u64 {
    let mut norm = String::with_capacity(article.body.len());
    for w in article.body.split_whitespace() {
        norm.push_str(&w.to_lowercase());
        norm.push(' ');
    }
    xxh3_64(norm.as_bytes())
}

/// The passages of an article; a title-only article is one passage holding its title.
pub fn passages_of(article: &Article) -> Vec<String> {
    let ps = passage::split(&article.body);
    if ps.is_empty() {
        return article.title.iter().cloned().collect();
    }
    ps
}

/// Build the documents of one article.
pub fn documents(f: &Fields, key: &str, article: &Article, entities: &[Facet]) -> Vec<TantivyDocument> {
    let id = article_id(key, article.record);
    let hash = body_hash(article);
    let passages = passages_of(article);
    let n = passages.len() as u64;
    passages
        .into_iter()
        .enumerate()
        .map(|(i, text)| {
            let mut d = TantivyDocument::default();
            d.add_u64(f.article_id, id);
            d.add_text(f.path, key);
            if let Some(r) = article.record {
                d.add_u64(f.record, r);
            }
            d.add_u64(f.ordinal, i as u64);
            d.add_u64(f.passages, n);
            d.add_text(f.text, &text);
            if let Some(t) = &article.title {
                d.add_text(f.title, t);
            }
            d.add_bool(f.title_derived, article.title_derived);
            if let Some(date) = article.date {
                d.add_date(f.date, DateTime::from_timestamp_secs(date.timestamp()));
            }
            if let Some(s) = &article.source {
                d.add_text(f.source, s);
            }
            if let Some(u) = &article.url {
                d.add_text(f.url, u);
            }
            if let Some(a) = &article.author {
                d.add_text(f.author, a);
            }
            for t in &article.tags {
                d.add_text(f.tags, t);
            }
            for e in entities {
                d.add_facet(f.entities, e.clone());
            }
            d.add_u64(f.body_hash, hash);
            d
        })
        .collect()
}
