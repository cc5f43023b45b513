//! Files parsed in the pass before indexing, kept on disk for the main pass.
//!
//! The corpus pass (`learn_corpus`) reads, parses and splits every new file to learn the
//! sites' boilerplate and the people named in full; the main pass needs the same parse. Instead
//! of parsing twice, the corpus pass writes each file's parse here (an unnamed temporary file
//! in the index directory, gone when the run ends, however it ends) and the main pass reads it
//! back: reading 100 MB of parsed text back from the page cache costs a fraction of parsing it
//! again (`benches/entity_cost.sh`, BENCHMARKS.md).
//!
//! A record is what `process` would have made of the file's bytes: their hash and size, the
//! problems found, and each article with its passages (the body itself is not kept: passages
//! hold its text) and their boilerplate units and shingles with their keys, so that masking
//! only looks counts up. The encoding is private to one run, so it needs no version.

use std::fs::File;
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::Path;
use std::sync::Mutex;

use anyhow::{Context, Result};
use chrono::{DateTime, Utc};
use rustc_hash::FxHashMap;

use super::document::Split;
use crate::article::{Article, Problem};
use crate::entities::boilerplate::Span;

/// One file as parsed and split by the corpus pass.
#[derive(Debug, Clone, PartialEq)]
pub struct Prepared {
    pub hash: u128,
    pub size: u64,
    pub skipped: Vec<Problem>,
    pub warnings: Vec<Problem>,
    /// Articles (bodies emptied) with their passages and boilerplate spans.
    pub articles: Vec<Split>,
}

/// Parsed files of this run, by file key.
pub struct Spill {
    file: Mutex<File>,
    end: u64,
    at: FxHashMap<String, (u64, usize)>,
}

impl Spill {
    /// An empty spill in `dir` (an unnamed temporary file).
    pub fn new(dir: &Path) -> Result<Spill> {
        let file = tempfile::tempfile_in(dir)
            .with_context(|| format!("{}: cannot create a temporary file", dir.display()))?;
        Ok(Spill {
            file: Mutex::new(file),
            end: 0,
            at: FxHashMap::default(),
        })
    }

    /// Keep `record` (from [`encode`]) for the file `key`.
    pub fn push(&mut self, key: &str, record: &[u8]) -> Result<()> {
        let f = self.file.get_mut().unwrap_or_else(|e| e.into_inner());
        f.seek(SeekFrom::Start(self.end))
            .and_then(|_| f.write_all(record))
            .context("cannot write the parsed files' temporary file")?;
        self.at.insert(key.to_string(), (self.end, record.len()));
        self.end += record.len() as u64;
        Ok(())
    }

    /// The parse of file `key`, if the corpus pass kept one. `None` as well when it can't be
    /// read back: the caller then parses the file itself.
    pub fn get(&self, key: &str) -> Option<Prepared> {
        let &(offset, len) = self.at.get(key)?;
        let mut buf = vec![0; len];
        {
            let mut f = self.file.lock().unwrap_or_else(|e| e.into_inner());
            f.seek(SeekFrom::Start(offset)).ok()?;
            f.read_exact(&mut buf).ok()?;
        }
        decode(&buf)
    }
}

/// The record of one prepared file.
pub fn encode(p: &Prepared) -> Vec<u8> {
    let passage_bytes: usize = p
        .articles
        .iter()
        .flat_map(|a| a.passages.iter().map(|s| s.len() + 4))
        .sum();
    let mut w = Writer(Vec::with_capacity(passage_bytes + 256));
    w.0.extend_from_slice(&p.hash.to_le_bytes());
    w.u64(p.size);
    for problems in [&p.skipped, &p.warnings] {
        w.u64(problems.len() as u64);
        for pr in problems {
            w.opt_u64(pr.line);
            w.str(&pr.message);
        }
    }
    w.u64(p.articles.len() as u64);
    for split in &p.articles {
        let (a, passages) = (&split.article, &split.passages);
        // Every field by name: a new field of `Article` must be added here too.
        let Article {
            title,
            title_derived,
            body: _,
            date,
            source,
            url,
            author,
            tags,
            record,
        } = a;
        w.opt_str(title.as_deref());
        w.0.push(u8::from(*title_derived));
        match date {
            Some(d) => {
                w.0.push(1);
                w.0.extend_from_slice(&d.timestamp().to_le_bytes());
                w.0.extend_from_slice(&d.timestamp_subsec_nanos().to_le_bytes());
            }
            None => w.0.push(0),
        }
        w.opt_str(source.as_deref());
        w.opt_str(url.as_deref());
        w.opt_str(author.as_deref());
        w.u64(tags.len() as u64);
        for t in tags {
            w.str(t);
        }
        w.opt_u64(*record);
        w.u64(passages.len() as u64);
        for s in passages {
            w.str(s);
        }
        match &split.spans {
            Some(spans) => {
                w.0.push(1);
                w.u64(spans.len() as u64);
                for ps in spans {
                    w.u64(ps.len() as u64);
                    for sp in ps {
                        w.u64(u64::from(sp.start));
                        w.u64(u64::from(sp.end));
                        w.0.extend_from_slice(&sp.key.to_le_bytes());
                        w.0.push(u8::from(sp.shingle));
                    }
                }
            }
            None => w.0.push(0),
        }
    }
    w.0
}

/// A record [`encode`] wrote, or `None` if it is not one.
pub fn decode(b: &[u8]) -> Option<Prepared> {
    let mut r = Reader(b);
    let hash = u128::from_le_bytes(r.take(16)?.try_into().ok()?);
    let size = r.u64()?;
    let mut problems = [Vec::new(), Vec::new()];
    for list in &mut problems {
        for _ in 0..r.u64()? {
            let line = r.opt_u64()?;
            let message = r.string()?;
            list.push(Problem { line, message });
        }
    }
    let [skipped, warnings] = problems;
    let n = r.u64()?;
    let mut articles = Vec::with_capacity(n.min(1 << 16) as usize);
    for _ in 0..n {
        let title = r.opt_string()?;
        let title_derived = r.take(1)?[0] == 1;
        let date = match r.take(1)?[0] {
            1 => {
                let secs = i64::from_le_bytes(r.take(8)?.try_into().ok()?);
                let nanos = u32::from_le_bytes(r.take(4)?.try_into().ok()?);
                Some(DateTime::<Utc>::from_timestamp(secs, nanos)?)
            }
            _ => None,
        };
        let source = r.opt_string()?;
        let url = r.opt_string()?;
        let author = r.opt_string()?;
        let tags = (0..r.u64()?)
            .map(|_| r.string())
            .collect::<Option<Vec<_>>>()?;
        let record = r.opt_u64()?;
        let passages = (0..r.u64()?)
            .map(|_| r.string())
            .collect::<Option<Vec<_>>>()?;
        let spans = match r.take(1)?[0] {
            0 => None,
            1 => Some(
                (0..r.u64()?)
                    .map(|_| (0..r.u64()?).map(|_| r.span()).collect::<Option<Vec<_>>>())
                    .collect::<Option<Vec<_>>>()?,
            ),
            _ => return None,
        };
        let article = Article {
            title,
            title_derived,
            body: String::new(),
            date,
            source,
            url,
            author,
            tags,
            record,
        };
        articles.push(Split {
            article,
            passages,
            spans,
        });
    }
    r.0.is_empty().then_some(Prepared {
        hash,
        size,
        skipped,
        warnings,
        articles,
    })
}

struct Writer(Vec<u8>);

impl Writer {
    fn u64(&mut self, mut v: u64) {
        while v >= 0x80 {
            self.0.push((v as u8) | 0x80);
            v >>= 7;
        }
        self.0.push(v as u8);
    }

    fn opt_u64(&mut self, v: Option<u64>) {
        match v {
            Some(v) => {
                self.0.push(1);
                self.u64(v);
            }
            None => self.0.push(0),
        }
    }

    fn str(&mut self, s: &str) {
        self.u64(s.len() as u64);
        self.0.extend_from_slice(s.as_bytes());
    }

    fn opt_str(&mut self, s: Option<&str>) {
        match s {
            Some(s) => {
                self.0.push(1);
                self.str(s);
            }
            None => self.0.push(0),
        }
    }
}

struct Reader<'a>(&'a [u8]);

impl Reader<'_> {
    fn take(&mut self, n: usize) -> Option<&[u8]> {
        let (a, rest) = self.0.split_at_checked(n)?;
        self.0 = rest;
        Some(a)
    }

    fn u64(&mut self) -> Option<u64> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.take(1)?[0];
            v |= u64::from(b & 0x7f) << shift;
            if b < 0x80 {
                return Some(v);
            }
        }
        None
    }

    fn opt_u64(&mut self) -> Option<Option<u64>> {
        match self.take(1)?[0] {
            0 => Some(None),
            1 => self.u64().map(Some),
            _ => None,
        }
    }

    fn span(&mut self) -> Option<Span> {
        let start = u32::try_from(self.u64()?).ok()?;
        let end = u32::try_from(self.u64()?).ok()?;
        let key = u64::from_le_bytes(self.take(8)?.try_into().ok()?);
        let shingle = match self.take(1)?[0] {
            0 => false,
            1 => true,
            _ => return None,
        };
        Some(Span {
            start,
            end,
            key,
            shingle,
        })
    }

    fn string(&mut self) -> Option<String> {
        let n = usize::try_from(self.u64()?).ok()?;
        String::from_utf8(self.take(n)?.to_vec()).ok()
    }

    fn opt_string(&mut self) -> Option<Option<String>> {
        match self.take(1)?[0] {
            0 => Some(None),
            1 => self.string().map(Some),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Prepared {
        let a = Article {
            title: Some("Acme buys Widgets Ltd".into()),
            title_derived: false,
            body: String::new(),
            date: DateTime::<Utc>::from_timestamp(1_700_000_000, 123_000_000),
            source: Some("example.com".into()),
            url: Some("https://example.com/a".into()),
            author: None,
            tags: vec!["deals".into(), "caf\u{e9}".into()],
            record: Some(3),
        };
        let b = Article {
            title: None,
            title_derived: true,
            date: None,
            source: None,
            url: None,
            tags: Vec::new(),
            record: None,
            ..a.clone()
        };
        Prepared {
            hash: 0x0123_4567_89ab_cdef_0011_2233_4455_6677,
            size: 4321,
            skipped: vec![Problem::new(Some(7), "record 2: not JSON")],
            warnings: vec![Problem::new(None, "date \"soon\" not understood")],
            articles: vec![
                Split {
                    article: a,
                    passages: vec!["First passage.".into(), "x".repeat(300)],
                    spans: Some(vec![
                        vec![Span {
                            start: 0,
                            end: 14,
                            key: u64::MAX - 7,
                            shingle: false,
                        }],
                        Vec::new(),
                    ]),
                },
                Split {
                    article: b,
                    passages: Vec::new(),
                    spans: None,
                },
            ],
        }
    }

    #[test]
    fn records_round_trip_and_damage_is_refused() {
        let p = sample();
        let b = encode(&p);
        assert_eq!(decode(&b), Some(p));
        for cut in [0, 1, 16, b.len() / 2, b.len() - 1] {
            assert_eq!(decode(&b[..cut]), None, "cut at {cut}");
        }
        let mut longer = b.clone();
        longer.push(0);
        assert_eq!(decode(&longer), None);
    }

    #[test]
    fn the_spill_gives_back_each_file_by_key() {
        let dir = tempfile::tempdir().unwrap();
        let mut s = Spill::new(dir.path()).unwrap();
        let p = sample();
        let mut q = sample();
        q.size = 1;
        q.articles.truncate(1);
        s.push("a.txt", &encode(&p)).unwrap();
        s.push("b.txt", &encode(&q)).unwrap();
        assert_eq!(s.get("b.txt"), Some(q));
        assert_eq!(s.get("a.txt"), Some(p));
        assert_eq!(s.get("c.txt"), None);
        // The temporary file is unnamed: nothing is left in the directory.
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }
}
