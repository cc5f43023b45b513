//! Stage 3 of an indexing run, parse and split: one changed file is read, hashed, decoded,
//! parsed into articles, split into passages and turned into documents (entities included),
//! on rayon's workers. Pure apart from reading the file. A large JSON Lines file is left to be
//! parsed piece by piece (`pieces`), so that its documents in flight stay bounded.

use std::collections::{BTreeMap, BTreeSet};

use tantivy::TantivyDocument;
use xxhash_rust::xxh3::xxh3_128;

use super::document;
use super::manifest::Entry;
use super::walk::Candidate;
use crate::article::{self, Problem};
use crate::entities::{Corpus, Gazetteer};

/// A JSON Lines file larger than this is parsed and fed in pieces of about this size, a few at a
/// time, so that its documents in flight stay bounded however many records it holds (a
/// million-record file would otherwise hold all its documents at once: about 20 times its
/// size).
pub(super) const PART_BYTES: usize = 1 << 20;
/// One processed file, produced in parallel.
pub(super) struct Outcome {
    pub(super) cand: Candidate,
    /// `None`: content unchanged (only the mtime moved).
    /// Per article, its documents (one per passage).
    pub(super) docs: Option<Vec<Vec<TantivyDocument>>>,
    pub(super) entry: Option<Entry>,
    pub(super) skipped: Vec<Problem>,
    pub(super) warnings: Vec<Problem>,
    /// A large JSON Lines file, read and hashed but left to be parsed piece by piece.
    pub(super) parts: Option<Parts>,
}

/// A large JSON Lines file cut into pieces at line ends.
pub(super) struct Parts {
    /// The content (decompressed, for a gzip-compressed file).
    pub(super) bytes: Vec<u8>,
    /// The file's own size and hash, for the manifest.
    pub(super) size: usize,
    pub(super) hash: u128,
    pub(super) pieces: Vec<Piece>,
}

pub(super) struct Piece {
    pub(super) range: std::ops::Range<usize>,
    pub(super) lines_before: u64,
    pub(super) records_before: u64,
}

/// Cut `bytes` after a newline about every `size` bytes, counting the lines and the records
/// (non-blank lines) before each piece.
pub(super) fn pieces(bytes: &[u8], size: usize) -> Vec<Piece> {
    let mut out = Vec::new();
    let (mut start, mut lines, mut records) = (0usize, 0u64, 0u64);
    let (mut piece_lines, mut piece_records) = (0u64, 0u64);
    for line in bytes.split_inclusive(|&b| b == b'\n') {
        let end = start + line.len();
        piece_lines += u64::from(line.ends_with(b"\n"));
        let blank = line.iter().all(u8::is_ascii_whitespace)
            || (!line.is_ascii() && String::from_utf8_lossy(line).trim().is_empty());
        piece_records += u64::from(!blank);
        let from = out.last().map_or(0, |p: &Piece| p.range.end);
        if end - from >= size || end == bytes.len() {
            out.push(Piece {
                range: from..end,
                lines_before: lines,
                records_before: records,
            });
            lines += piece_lines;
            records += piece_records;
            (piece_lines, piece_records) = (0, 0);
        }
        start = end;
    }
    out
}

/// Parse one piece of a large JSON Lines file (`bytes`: its bytes) and build its articles'
/// documents; the parse keeps its problems.
pub(super) fn parse_piece(
    bytes: &[u8],
    piece: &Piece,
    fields: &crate::schema::Fields,
    gz: &Gazetteer,
    corpus: &Corpus,
    key: &str,
) -> (Built, article::Parsed) {
    let mut parsed = article::parse_jsonl_part(bytes, piece.lines_before, piece.records_before);
    let articles = std::mem::take(&mut parsed.articles)
        .into_iter()
        .map(document::split)
        .collect();
    (Built::new(fields, gz, corpus, key, articles), parsed)
}

/// What a file's (or a piece's) articles add to the index and to its manifest entry.
#[derive(Default)]
pub(super) struct Built {
    pub(super) docs: Vec<Vec<TantivyDocument>>,
    pub(super) articles: u64,
    pub(super) passages: u64,
    pub(super) sources: BTreeSet<String>,
    pub(super) dates: Option<(String, String)>,
    /// Bytes set aside as site boilerplate, per source.
    pub(super) boilerplate: BTreeMap<String, u64>,
}

impl Built {
    pub(super) fn new(
        fields: &crate::schema::Fields,
        gz: &Gazetteer,
        corpus: &Corpus,
        key: &str,
        parsed: Vec<document::Split>,
    ) -> Built {
        let mut b = Built {
            articles: parsed.len() as u64,
            ..Built::default()
        };
        for split in parsed {
            let a = &split.article;
            if let Some(s) = &a.source {
                b.sources.insert(s.clone());
            }
            if let Some(d) = &a.date {
                b.add_date(article::date::ymd(d));
            }
            let source = a.source.clone().unwrap_or_default();
            let (docs, set_aside) = document::documents(fields, gz, corpus, key, split);
            if set_aside > 0 {
                *b.boilerplate.entry(source).or_default() += set_aside as u64;
            }
            b.passages += docs.len() as u64;
            b.docs.push(docs);
        }
        b
    }

    fn add_date(&mut self, d: String) {
        self.dates = Some(match self.dates.take() {
            None => (d.clone(), d),
            Some((lo, hi)) => (lo.min(d.clone()), hi.max(d)),
        });
    }

    /// Count `other`'s articles in (its documents are taken out first).
    pub(super) fn absorb(&mut self, other: Built) {
        self.articles += other.articles;
        self.passages += other.passages;
        self.sources.extend(other.sources);
        for (s, n) in other.boilerplate {
            *self.boilerplate.entry(s).or_default() += n;
        }
        if let Some((lo, hi)) = other.dates {
            self.add_date(lo);
            self.add_date(hi);
        }
    }

    pub(super) fn entry(self, c: &Candidate, size: usize, hash: u128, skipped: usize) -> Entry {
        Entry {
            size: size as u64,
            mtime_ns: c.mtime_ns,
            hash,
            articles: self.articles,
            passages: self.passages,
            sources: self.sources.into_iter().collect(),
            dates: self.dates,
            skipped: skipped as u64,
            boilerplate: self.boilerplate.into_iter().collect(),
        }
    }
}

/// Read, hash, parse and split one file (or take the corpus pass's parse of it from `spill`),
/// and build its documents. Pure apart from reading the file.
pub(super) fn process(c: Candidate, previous: Option<&Entry>, work: &super::Work) -> Outcome {
    let (fields, gz, corpus) = (&work.fields, work.gz, work.corpus);
    let mut out = Outcome {
        cand: c,
        docs: Some(Vec::new()),
        entry: None,
        skipped: Vec::new(),
        warnings: Vec::new(),
        parts: None,
    };
    if let Some(p) = work.spill.and_then(|s| s.get(&out.cand.key)) {
        if previous.is_some_and(|e| e.hash == p.hash) {
            out.docs = None;
            return out;
        }
        out.skipped = p.skipped;
        out.warnings = p.warnings;
        return build(out, fields, gz, corpus, p.articles, p.size as usize, p.hash);
    }
    let bytes = match std::fs::read(&out.cand.path) {
        Ok(b) => b,
        Err(e) => {
            out.skipped
                .push(Problem::new(None, format!("cannot read: {e}")));
            return out;
        }
    };
    // The hash and size are the file's own (compressed or not): what the manifest compares.
    let hash = xxh3_128(&bytes);
    if previous.is_some_and(|p| p.hash == hash) {
        out.docs = None;
        return out;
    }
    let size = bytes.len();
    let bytes = match article::content(&out.cand.path, bytes, work.max_bytes) {
        Ok(b) => b,
        Err(p) => {
            out.skipped.push(p);
            return out;
        }
    };
    let utf16 =
        encoding_rs::Encoding::for_bom(&bytes).is_some_and(|(e, _)| e != encoding_rs::UTF_8);
    if out.cand.format == article::Format::JsonLines && bytes.len() > PART_BYTES && !utf16 {
        out.parts = Some(Parts {
            pieces: pieces(&bytes, PART_BYTES),
            bytes,
            size,
            hash,
        });
        return out;
    }
    let parsed = article::parse_bytes(out.cand.format, &bytes);
    drop(bytes);
    out.skipped = parsed.skipped;
    out.warnings = parsed.warnings;
    let articles = parsed.articles.into_iter().map(document::split).collect();
    build(out, fields, gz, corpus, articles, size, hash)
}

/// The documents and manifest entry of a parsed file's articles.
pub(super) fn build(
    mut out: Outcome,
    fields: &crate::schema::Fields,
    gz: &Gazetteer,
    corpus: &Corpus,
    articles: Vec<document::Split>,
    size: usize,
    hash: u128,
) -> Outcome {
    if articles.is_empty() {
        if out.skipped.is_empty() {
            out.skipped
                .push(Problem::new(None, "no article found in the file"));
        }
        return out;
    }
    let mut built = Built::new(fields, gz, corpus, &out.cand.key, articles);
    let docs = std::mem::take(&mut built.docs);
    out.entry = Some(built.entry(&out.cand, size, hash, out.skipped.len()));
    out.docs = Some(docs);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Pieces cover the bytes exactly, end after a newline (but the last), and count the lines
    /// and records (non-blank lines) before them as the whole-file parser would.
    #[test]
    fn pieces_cut_at_line_ends_and_count_what_precedes_them() {
        let mut rng = crate::testutil::XorShift(0x5eed);
        for _ in 0..200 {
            let mut bytes = Vec::new();
            for _ in 0..rng.next() % 60 {
                match rng.next() % 5 {
                    0 => bytes.extend_from_slice(b"\n"),
                    1 => bytes.extend_from_slice(b"  \t\r\n"),
                    2 => bytes.extend_from_slice("\u{a0}\n".as_bytes()),
                    _ => {
                        let n = (rng.next() % 40) as usize;
                        bytes.extend(std::iter::repeat_n(b'x', n + 1));
                        bytes.push(b'\n');
                    }
                }
            }
            if rng.next().is_multiple_of(2) {
                bytes.extend_from_slice(b"tail without newline");
            }
            let size = 1 + (rng.next() % 50) as usize;
            let ps = pieces(&bytes, size);
            let mut at = 0;
            for p in &ps {
                assert_eq!(p.range.start, at);
                at = p.range.end;
                let before = String::from_utf8_lossy(&bytes[..p.range.start]);
                assert_eq!(p.lines_before, before.matches('\n').count() as u64);
                let records = before.lines().filter(|l| !l.trim().is_empty()).count();
                assert_eq!(p.records_before, records as u64);
                if p.range.end < bytes.len() {
                    assert_eq!(bytes[p.range.end - 1], b'\n');
                }
            }
            assert_eq!(at, bytes.len());
        }
    }
}
