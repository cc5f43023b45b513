//! `byline export`: one JSON document per passage, as NDJSON for Quickwit's ingest or as
//! OpenSearch `_bulk` action/source pairs. The fields are a contract with
//! `docs/quickwit-byline.yaml` and `docs/opensearch-byline.json` (checked by
//! `tests/it/export.rs`; documented in docs/scale-out.md).

use std::io::{self, Write};

use serde::Serialize;

use crate::entities::Kind;
use crate::search::export::{ExportCounts, ExportPassage};

/// The target engine.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// One document per line.
    Quickwit,
    /// An `{"index": {"_index", "_id"}}` action line before each document.
    OpenSearch { index: String },
}

/// The exported document (field names and types: see the mapping files).
#[derive(Serialize)]
struct Doc<'a> {
    id: &'a str,
    article_id: &'a str,
    passage: u64,
    passages: u64,
    text: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    title: Option<&'a str>,
    title_derived: bool,
    path: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    path_base64: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    record: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    source: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    author: Option<&'a str>,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    tags: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    date: Option<&'a str>,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    org: &'a [String],
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    person: &'a [String],
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    product: &'a [String],
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    place: &'a [String],
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    misc: &'a [String],
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    article_org: &'a [String],
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    article_person: &'a [String],
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    article_product: &'a [String],
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    article_place: &'a [String],
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    article_misc: &'a [String],
    body_hash: &'a str,
}

#[derive(Serialize)]
struct Action<'a> {
    index: ActionMeta<'a>,
}

#[derive(Serialize)]
struct ActionMeta<'a> {
    #[serde(rename = "_index")]
    index: &'a str,
    #[serde(rename = "_id")]
    id: &'a str,
}

/// Writes exported passages; keeps the strings formatted once per article.
pub struct Writer<W: Write> {
    out: W,
    target: Target,
    /// The article whose strings below are current.
    article: Option<u64>,
    article_hex: String,
    body_hash_hex: String,
    date: Option<String>,
    path_base64: Option<String>,
    id: String,
}

impl<W: Write> Writer<W> {
    pub fn new(out: W, target: Target) -> Writer<W> {
        Writer {
            out,
            target,
            article: None,
            article_hex: String::new(),
            body_hash_hex: String::new(),
            date: None,
            path_base64: None,
            id: String::new(),
        }
    }

    /// Write one passage (and its action line for OpenSearch).
    pub fn write(&mut self, p: &ExportPassage) -> io::Result<()> {
        let a = p.article;
        if self.article != Some(a.id) {
            self.article = Some(a.id);
            self.article_hex = format!("{:016x}", a.id);
            self.body_hash_hex = format!("{:016x}", a.body_hash);
            self.date = a.date.and_then(rfc3339);
            self.path_base64 = a.raw_path.to_str().is_none().then(|| {
                use base64::Engine as _;
                base64::engine::general_purpose::STANDARD
                    .encode(a.raw_path.as_os_str().as_encoded_bytes())
            });
        }
        self.id.clear();
        use std::fmt::Write as _;
        let _ = write!(self.id, "{}-{}", self.article_hex, p.ordinal);
        if let Target::OpenSearch { index } = &self.target {
            serde_json::to_writer(
                &mut self.out,
                &Action {
                    index: ActionMeta {
                        index,
                        id: &self.id,
                    },
                },
            )?;
            self.out.write_all(b"\n")?;
        }
        let e = p.entities;
        let ae = &a.entities;
        let doc = Doc {
            id: &self.id,
            article_id: &self.article_hex,
            passage: p.ordinal,
            passages: a.passages,
            text: p.text,
            title: a.title.as_deref(),
            title_derived: a.title_derived,
            path: &a.path,
            path_base64: self.path_base64.as_deref(),
            record: a.record,
            url: a.url.as_deref(),
            source: a.source.as_deref(),
            author: a.author.as_deref(),
            tags: &a.tags,
            date: self.date.as_deref(),
            org: e.of(Kind::Org),
            person: e.of(Kind::Person),
            product: e.of(Kind::Product),
            place: e.of(Kind::Place),
            misc: e.of(Kind::Misc),
            article_org: ae.of(Kind::Org),
            article_person: ae.of(Kind::Person),
            article_product: ae.of(Kind::Product),
            article_place: ae.of(Kind::Place),
            article_misc: ae.of(Kind::Misc),
            body_hash: &self.body_hash_hex,
        };
        serde_json::to_writer(&mut self.out, &doc)?;
        self.out.write_all(b"\n")
    }

    pub fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }

    /// The underlying writer.
    pub fn into_inner(self) -> W {
        self.out
    }
}

/// A date as RFC 3339 in UTC, to the second (`2024-03-15T09:30:00Z`).
fn rfc3339(secs: i64) -> Option<String> {
    chrono::DateTime::from_timestamp(secs, 0)
        .map(|d| d.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
}

/// The summary line of an export (stderr).
pub fn summary_line(c: &ExportCounts, bytes: u64, seconds: f64, to: &str) -> String {
    let mut s = format!(
        "byline: exported {} passages of {} articles ({}) to {to} in {seconds:.2} s",
        super::count(c.passages),
        super::count(c.articles),
        super::human_bytes(bytes),
    );
    if c.skipped_articles > 0 {
        s.push_str(&format!(
            "; left out {} undated articles ({} passages): Quickwit requires the timestamp field (--undated keep writes them without `date`)",
            super::count(c.skipped_articles),
            super::count(c.skipped_passages)
        ));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_rfc3339_utc() {
        assert_eq!(rfc3339(0).unwrap(), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339(1_710_495_000).unwrap(), "2024-03-15T09:30:00Z");
    }
}
