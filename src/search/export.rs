//! Every passage with its article's metadata and entities (`byline export`), streamed.
//!
//! An article's metadata is stored on its first passage only, and an article's passages are
//! consecutive documents of one segment (see `schema`). So the export walks each segment's
//! document store in order (live documents only, one decompressed block at a time), keeps the
//! current article when it reads a first passage (ordinal 0), and hands each passage to the
//! caller with it: memory does not grow with the index. A passage whose first passage is not
//! the one just read (which the writer never produces) has its article looked up by id.
//!
//! Entities are exported as byline shows them: `type:Name` terms become names in per-type
//! lists, and an unconfirmed discovered name (`~type:Name`) is kept only where two or more
//! articles have it, the rule facets and `show` apply (`Snapshot::accept_term`).

use std::path::PathBuf;

use anyhow::{anyhow, Result};
use rustc_hash::FxHashSet;
use tantivy::schema::Value;
use tantivy::TantivyDocument;

use super::articles::{addr, doc_address};
use super::Snapshot;
use crate::entities::Kind;

/// Entity names per type, indexed by `Kind as usize` (org, person, product, place, misc).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EntityNames(pub [Vec<String>; 5]);

impl EntityNames {
    pub fn of(&self, kind: Kind) -> &[String] {
        &self.0[kind as usize]
    }

    fn clear(&mut self) {
        for v in &mut self.0 {
            v.clear();
        }
    }
}

/// One article's metadata, as exported with each of its passages.
#[derive(Debug, Clone, Default)]
pub struct ExportArticle {
    pub id: u64,
    /// The file's path (absolute, lossy for non-UTF-8 names).
    pub path: String,
    /// The file's path exactly (for `path_base64`).
    pub raw_path: PathBuf,
    pub record: Option<u64>,
    pub title: Option<String>,
    pub title_derived: bool,
    pub url: Option<String>,
    pub author: Option<String>,
    pub tags: Vec<String>,
    /// Number of passages in the article.
    pub passages: u64,
    /// Seconds since the epoch (UTC).
    pub date: Option<i64>,
    pub source: Option<String>,
    /// Hash of the article's text: equal hashes are copies of one text.
    pub body_hash: u64,
    /// The article's entities (title and every passage).
    pub entities: EntityNames,
    /// Unconfirmed terms (`~type:Name`) of this article that pass the two-article rule.
    accepted: FxHashSet<String>,
}

/// One exported passage: its article, ordinal, text and entities.
pub struct ExportPassage<'a> {
    pub article: &'a ExportArticle,
    pub ordinal: u64,
    pub text: &'a str,
    pub entities: &'a EntityNames,
}

/// What to export.
#[derive(Debug, Clone, Copy, Default)]
pub struct ExportOptions {
    /// Leave out articles without a date (a Quickwit timestamp field is required).
    pub skip_undated: bool,
}

/// What an export wrote and left out.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ExportCounts {
    pub articles: u64,
    pub passages: u64,
    /// Undated articles left out (`skip_undated`), and their passages.
    pub skipped_articles: u64,
    pub skipped_passages: u64,
}

impl Snapshot {
    /// Live passages in the index (what a full export visits).
    pub fn num_passages(&self) -> u64 {
        self.searcher.num_docs()
    }

    /// Hand every live passage to `sink`, segment by segment in document order, each with its
    /// article. Stops at the first error `sink` returns.
    pub fn export(
        &self,
        opts: ExportOptions,
        sink: &mut dyn FnMut(&ExportPassage) -> Result<()>,
    ) -> Result<ExportCounts> {
        let f = self.fields;
        let mut counts = ExportCounts::default();
        let mut article = ExportArticle::default();
        let mut have_article = false;
        let mut passage_entities = EntityNames::default();
        for (si, sr) in self.searcher.segment_readers().iter().enumerate() {
            let store = sr.get_store_reader(0)?;
            let cols = &self.segs[si];
            // The store yields the live documents in order: the same ones as `doc_ids_alive`.
            let docs = sr
                .doc_ids_alive()
                .zip(store.iter::<TantivyDocument>(sr.alive_bitset()));
            for (doc_id, doc) in docs {
                let doc = doc?;
                let id = cols.article.first(doc_id).ok_or_else(|| {
                    anyhow!("a passage without an article id: rebuild the index with `byline index --rebuild`")
                })?;
                let ordinal = cols.ordinal.first(doc_id).unwrap_or(0);
                if ordinal == 0 {
                    self.load_article(&doc, addr(si, doc_id), id, &mut article)?;
                    have_article = true;
                    counts.articles += 1;
                    if opts.skip_undated && article.date.is_none() {
                        counts.skipped_articles += 1;
                    }
                } else if !have_article || article.id != id {
                    let first = self.doc_with_ordinal(id, 0)?.ok_or_else(|| {
                        anyhow!("article {id:016x}: no first passage in the index; rebuild it with `byline index --rebuild`")
                    })?;
                    let doc: TantivyDocument = self.searcher.doc(doc_address(first))?;
                    self.load_article(&doc, first, id, &mut article)?;
                    have_article = true;
                }
                if opts.skip_undated && article.date.is_none() {
                    counts.skipped_passages += 1;
                    continue;
                }
                passage_entities.clear();
                for v in doc.get_all(f.entity) {
                    if let Some((kind, name)) = v.as_str().and_then(|t| article.accept(t)) {
                        passage_entities.0[kind as usize].push(name.to_string());
                    }
                }
                let text = doc.get_first(f.text).and_then(|v| v.as_str()).unwrap_or("");
                sink(&ExportPassage {
                    article: &article,
                    ordinal,
                    text,
                    entities: &passage_entities,
                })?;
                counts.passages += 1;
            }
        }
        counts.articles -= counts.skipped_articles;
        Ok(counts)
    }

    /// Read an article's metadata from its first passage (`doc`, at `ad`) into `a` (reusing
    /// its buffers).
    fn load_article(
        &self,
        doc: &TantivyDocument,
        ad: u64,
        id: u64,
        a: &mut ExportArticle,
    ) -> Result<()> {
        let f = &self.fields;
        let s = |field| {
            doc.get_first(field)
                .and_then(|v| v.as_str())
                .map(str::to_string)
        };
        a.id = id;
        a.raw_path =
            crate::keys::key_path(doc.get_first(f.path).and_then(|v| v.as_str()).unwrap_or(""));
        a.path = a.raw_path.to_string_lossy().into_owned();
        a.record = doc.get_first(f.record).and_then(|v| v.as_u64());
        a.title = s(f.title);
        a.title_derived = doc
            .get_first(f.title_derived)
            .and_then(|v| v.as_bool())
            .unwrap_or(false);
        a.url = s(f.url);
        a.author = s(f.author);
        a.tags.clear();
        a.tags.extend(
            doc.get_all(f.tags)
                .filter_map(|v| v.as_str())
                .map(str::to_string),
        );
        a.passages = doc
            .get_first(f.passages)
            .and_then(|v| v.as_u64())
            .unwrap_or(0);
        a.date = self.date_at(ad);
        a.source = self.source_at(ad)?;
        a.body_hash = self.segs[(ad >> 32) as usize]
            .body_hash
            .first(ad as u32)
            .unwrap_or(0);
        a.entities.clear();
        a.accepted.clear();
        for v in doc.get_all(f.entity_mentions) {
            let Some((term, _mentions)) = v.as_str().and_then(|s| s.split_once('\t')) else {
                continue;
            };
            if let Some((kind, name)) = self.accept_term(term)? {
                if term.starts_with('~') {
                    a.accepted.insert(term.to_string());
                }
                a.entities.0[kind as usize].push(name);
            }
        }
        Ok(())
    }
}

impl ExportArticle {
    /// A passage's entity term as (type, name) when byline would show it: confirmed, or
    /// unconfirmed but accepted for the article (its passages' terms are the article's).
    fn accept<'t>(&self, term: &'t str) -> Option<(Kind, &'t str)> {
        let plain = match term.strip_prefix('~') {
            Some(p) if self.accepted.contains(term) => p,
            Some(_) => return None,
            None => term,
        };
        let (k, name) = plain.split_once(':')?;
        Some((Kind::parse(k)?, name))
    }
}
