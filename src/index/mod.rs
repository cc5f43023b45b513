//! Indexing: walk the roots, find what changed since the manifest, parse and split the changed
//! files in parallel (rayon), and feed one `IndexWriter` in a fixed order.
//!
//! Data flow: `walk` → change detection against the manifest → batches of files → rayon
//! `read + decode + parse + split + build documents` (pure, order-preserving) → the writer, one
//! `delete(path) + add(passages...)` batch per file → commit with the new manifest.
//!
//! Invariants:
//! - The result does not depend on the thread count: files are processed in key order and
//!   every file's documents are added right after its old ones are deleted. (Which segment a
//!   passage lands in does depend on the threads; nothing relies on it.)
//! - Reprocessing a file is idempotent (delete by path, then add), so a run that died before its
//!   commit is simply redone by the next run.
//! - Nothing is committed in `--strict` mode when anything was skipped.

pub mod document;
pub mod inflight;
pub mod manifest;
mod spill;
pub mod store;
pub mod walk;
pub mod watch;

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{anyhow, bail, Context, Result};
use rayon::prelude::*;
use serde::Serialize;
use tantivy::indexer::UserOperation;
use tantivy::{TantivyDocument, Term};
use xxhash_rust::xxh3::xxh3_128;

use crate::article::{self, Problem};
use crate::disk::ENTITIES_FILE;
use crate::entities::{self, boilerplate, boilerplate::Sketch, names, Corpus, Gazetteer};
use inflight::{Gate, QueuedDoc};
use manifest::{Entry, Manifest, Payload};

type IndexWriter = tantivy::IndexWriter<QueuedDoc>;
use walk::Candidate;

/// What `byline index` was asked to do.
#[derive(Debug, Clone)]
pub struct Options {
    pub roots: Vec<PathBuf>,
    pub index_dir: PathBuf,
    pub rebuild: bool,
    pub threads: usize,
    pub memory_mb: usize,
    pub max_file_mb: u64,
    pub strict: bool,
    pub follow: bool,
    pub hidden: bool,
    /// Users' gazetteer file (`--entities`).
    pub entities: Option<PathBuf>,
    /// Leave a changed file for a later run when it was modified less than this long ago: it
    /// may still be being written (watch mode). Its indexed version, if any, stays.
    pub settle: Option<std::time::Duration>,
}

/// Commit at least this often (bytes of input) so that a long first run keeps its progress.
const COMMIT_EVERY_BYTES: u64 = 512 << 20;
/// Indexes smaller than this are merged into one segment after a commit.
const MERGE_BELOW_BYTES: u64 = 48 << 20;
/// Files handed to rayon at a time (bounded memory for documents in flight).
const BATCH_FILES: usize = 256;
const BATCH_BYTES: u64 = 32 << 20;
/// A JSON Lines file larger than this is parsed and fed in pieces of about this size, a few at a
/// time, so that its documents in flight stay bounded however many records it holds (a
/// million-record file would otherwise hold all its documents at once: about 20 times its
/// size).
const PART_BYTES: usize = 1 << 20;
/// Documents sent to tantivy's indexing threads and not yet indexed stay under about this many
/// bytes per indexing thread (see `inflight`): enough to keep each busy. Measured on 20,000
/// small files: 8 MB in all indexed as fast as 32 MB, with 45 MB less peak memory; an unbounded
/// queue (tantivy's 10,000 articles) took 110 MB more.
const QUEUE_BYTES_PER_THREAD: usize = 4 << 20;

/// A file or record that was not indexed, or a warning about one.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub path: String,
    pub line: Option<u64>,
    pub reason: String,
}

impl Report {
    pub fn new(path: &str, problem: &Problem) -> Report {
        Report {
            path: path.to_string(),
            line: problem.line,
            reason: problem.message.clone(),
        }
    }
}

/// The end-of-run summary (`--json` prints it as is).
#[derive(Debug, Clone, Default, Serialize)]
pub struct Summary {
    pub index: String,
    pub added: u64,
    pub updated: u64,
    pub removed: u64,
    pub unchanged: u64,
    /// Changed files left for a later run because they were modified too recently (watch mode).
    #[serde(skip_serializing_if = "is_zero")]
    pub deferred: u64,
    pub skipped: Vec<Report>,
    pub warnings: Vec<Report>,
    /// Articles and passages written by this run.
    pub articles_indexed: u64,
    pub passages_indexed: u64,
    /// Totals in the index after the run.
    pub articles: u64,
    pub passages: u64,
    pub files: u64,
    pub bytes_read: u64,
    pub committed: bool,
    pub seconds: f64,
}

/// Progress and problems, as they happen. The CLI turns them into a progress bar and stderr lines.
pub enum Event<'a> {
    /// Work is known: files and bytes to read.
    Start {
        files: u64,
        bytes: u64,
    },
    Progress {
        files: u64,
        bytes: u64,
    },
    Skipped(&'a Report),
    Warning(&'a Report),
    Committing,
}

/// One processed file, produced in parallel.
struct Outcome {
    cand: Candidate,
    /// `None`: content unchanged (only the mtime moved).
    /// Per article, its documents (one per passage).
    docs: Option<Vec<Vec<TantivyDocument>>>,
    entry: Option<Entry>,
    skipped: Vec<Problem>,
    warnings: Vec<Problem>,
    /// A large JSON Lines file, read and hashed but left to be parsed piece by piece.
    parts: Option<Parts>,
}

/// A large JSON Lines file cut into pieces at line ends.
struct Parts {
    bytes: Vec<u8>,
    hash: u128,
    pieces: Vec<Piece>,
}

struct Piece {
    range: std::ops::Range<usize>,
    lines_before: u64,
    records_before: u64,
}

/// Cut `bytes` after a newline about every `size` bytes, counting the lines and the records
/// (non-blank lines) before each piece.
fn pieces(bytes: &[u8], size: usize) -> Vec<Piece> {
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

/// What a file's (or a piece's) articles add to the index and to its manifest entry.
#[derive(Default)]
struct Built {
    docs: Vec<Vec<TantivyDocument>>,
    articles: u64,
    passages: u64,
    sources: BTreeSet<String>,
    dates: Option<(String, String)>,
    /// Bytes set aside as site boilerplate, per source.
    boilerplate: BTreeMap<String, u64>,
}

impl Built {
    fn new(
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
    fn absorb(&mut self, other: Built) {
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

    fn entry(self, c: &Candidate, size: usize, hash: u128, skipped: usize) -> Entry {
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

/// Report a file's warnings and skipped records as they come, and keep them for the summary.
fn report_problems(
    path: &str,
    warnings: &[Problem],
    skipped: &[Problem],
    on: &(dyn Fn(Event) + Sync),
    warnings_out: &mut Vec<Report>,
    skipped_out: &mut Vec<Report>,
) {
    for p in warnings {
        let r = Report::new(path, p);
        on(Event::Warning(&r));
        warnings_out.push(r);
    }
    for p in skipped {
        let r = Report::new(path, p);
        on(Event::Skipped(&r));
        skipped_out.push(r);
    }
}

fn is_zero(n: &u64) -> bool {
    *n == 0
}

fn display(path: &Path) -> String {
    path.to_string_lossy().into_owned()
}

/// Run an indexing pass. Fatal problems are errors; per-file problems are in the summary.
pub fn run(opts: &Options, on: &(dyn Fn(Event) + Sync)) -> Result<Summary> {
    let start = Instant::now();
    let memory = opts
        .memory_mb
        .checked_mul(1 << 20)
        .ok_or_else(|| anyhow!("--memory-mb is too large"))?;
    let threads = opts.threads.max(1);
    let writer_threads = threads.min(8);
    if memory / writer_threads < 15 << 20 {
        bail!(
            "--memory-mb {} is too small for {} threads: at least {} MB are needed",
            opts.memory_mb,
            writer_threads,
            15 * writer_threads
        );
    }
    let (mut store, _lock) = store::open_for_writing(&opts.index_dir, opts.rebuild)?;
    let index_dir =
        std::fs::canonicalize(&opts.index_dir).unwrap_or_else(|_| opts.index_dir.clone());
    let mut summary = Summary {
        index: display(&index_dir),
        ..Summary::default()
    };
    let (gz, gz_warning) = gazetteer_for(
        &index_dir,
        opts.entities.as_deref(),
        !opts.rebuild && !store.manifest.files.is_empty(),
    )?;
    if let Some(w) = gz_warning {
        let r = Report::new(&display(&index_dir), &Problem::new(None, w));
        on(Event::Warning(&r));
        summary.warnings.push(r);
    }

    // One copy of the manifest: the entries of files not yet processed are the old ones.
    let old_totals = (
        store.manifest.articles(),
        store.manifest.passages(),
        store.manifest.files.len() as u64,
    );
    let old_generation = store.manifest.generation;
    let recorded_roots = std::mem::take(&mut store.manifest.roots);
    let mut new = if opts.rebuild {
        Manifest::default()
    } else {
        Manifest {
            roots: recorded_roots.clone(),
            ..std::mem::take(&mut store.manifest)
        }
    };
    new.generation = old_generation + 1;
    // Roots: the given paths, or the ones recorded in the index.
    let roots: Vec<PathBuf> = if opts.roots.is_empty() {
        let recorded = &recorded_roots;
        if recorded.is_empty() {
            bail!("nothing to index: give a directory or file, e.g. `byline index corpus`");
        }
        recorded.iter().map(|r| crate::keys::key_path(r)).collect()
    } else {
        let mut rs = Vec::new();
        for r in &opts.roots {
            let c = std::fs::canonicalize(r)
                .with_context(|| format!("{}: cannot index", r.display()))?;
            rs.push(c);
        }
        rs
    };
    let root_keys: Vec<String> = roots.iter().map(|r| crate::keys::path_key(r)).collect();

    let walked = walk::walk(
        &roots,
        &walk::WalkOptions {
            follow: opts.follow,
            hidden: opts.hidden,
            exclude: Some(&index_dir),
        },
    );
    let mut skipped_reports = Vec::new();
    for p in &walked.skipped {
        let r = Report::new(&display(&p.path), &p.problem);
        on(Event::Skipped(&r));
        skipped_reports.push(r);
    }

    // Change detection.
    let max_bytes = opts.max_file_mb.saturating_mul(1 << 20);
    let walk::Walked {
        candidates,
        unreadable_dirs,
        ..
    } = walked;
    let removed: Vec<String> = {
        let seen: HashSet<&str> = candidates.iter().map(|c| c.key.as_str()).collect();
        new.files
            .keys()
            .filter(|k| root_keys.iter().any(|r| walk::key_under(k, r)))
            .filter(|k| !seen.contains(k.as_str()))
            .filter(|k| !unreadable_dirs.iter().any(|d| walk::key_under(k, d)))
            .cloned()
            .collect()
    };
    let mut todo: Vec<Candidate> = Vec::new();
    let mut too_big: Vec<Candidate> = Vec::new();
    let fresh_after = opts.settle.map(|d| {
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |t| t.as_nanos() as i128);
        now - d.as_nanos() as i128
    });
    for c in candidates {
        match new.files.get(&c.key) {
            Some(e) if e.size == c.size && e.mtime_ns == c.mtime_ns => summary.unchanged += 1,
            _ if fresh_after.is_some_and(|t| c.mtime_ns > t) => summary.deferred += 1,
            _ if c.size > max_bytes => too_big.push(c),
            _ => todo.push(c),
        }
    }

    let gate = Gate::new(QUEUE_BYTES_PER_THREAD * writer_threads.max(2));
    let mut writer: Option<IndexWriter> = None;
    let open_writer = |w: &mut Option<IndexWriter>| -> Result<()> {
        if w.is_none() {
            // Merges read old segments whole: a damaged one must stop the run before its
            // garbage is copied into new segments (about 0.2 s per 100 MB of index).
            if !opts.rebuild {
                let (_, bad) = crate::disk::verify_index(&store.dir, &store.index)?;
                if !bad.is_empty() {
                    return Err(crate::disk::damaged(&store.dir, &bad));
                }
            }
            let iw: IndexWriter = store
                .index
                .writer_with_num_threads(writer_threads, memory)
                .map_err(|e| {
                    anyhow!(
                        "{}: cannot open the index for writing: {e}",
                        index_dir.display()
                    )
                })?;
            if opts.rebuild {
                iw.delete_all_documents()?;
            }
            *w = Some(iw);
        }
        Ok(())
    };
    if opts.rebuild {
        open_writer(&mut writer)?;
    }
    let path_term = |key: &str| Term::from_field_text(store.fields.file, key);

    for c in &too_big {
        let r = Report {
            path: display(&c.path),
            line: None,
            reason: format!(
                "file is {:.1} MB, above --max-file-mb {}",
                c.size as f64 / (1u64 << 20) as f64,
                opts.max_file_mb
            ),
        };
        on(Event::Skipped(&r));
        skipped_reports.push(r);
        if new.files.remove(&c.key).is_some() {
            open_writer(&mut writer)?;
            if let Some(w) = writer.as_ref() {
                w.delete_term(path_term(&c.key));
            }
        }
    }
    for key in &removed {
        open_writer(&mut writer)?;
        if let Some(w) = writer.as_ref() {
            w.delete_term(path_term(key));
        }
        new.files.remove(key);
        summary.removed += 1;
    }

    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .thread_name(|i| format!("byline-parse-{i}"))
        .build()
        .context("cannot start worker threads")?;
    let (corpus, corpus_changed, spill) =
        learn_corpus(&store.dir, opts.rebuild, &todo, &new, &gz, &pool)?;

    // Parallel processing in batches, writing in order.
    let total_bytes: u64 = todo.iter().map(|c| c.size).sum();
    on(Event::Start {
        files: todo.len() as u64,
        bytes: total_bytes,
    });
    let fields = store.fields;
    let mut done_files = 0u64;
    let mut done_bytes = 0u64;
    let mut since_commit = 0u64;
    let mut warnings = Vec::new();
    // Candidates are moved into batches and dropped once processed: a first run over
    // hundreds of thousands of files does not keep every path twice until the end.
    let mut pending = todo.into_iter().peekable();
    while pending.peek().is_some() {
        let mut batch = Vec::new();
        let mut bytes = 0;
        while let Some(c) = pending
            .next_if(|_| batch.len() < BATCH_FILES && (bytes < BATCH_BYTES || batch.is_empty()))
        {
            bytes += c.size;
            batch.push(c);
        }
        let outcomes: Vec<Outcome> = pool.install(|| {
            batch
                .into_par_iter()
                .map(|c| {
                    let previous = new.files.get(&c.key);
                    process(c, previous, &fields, &gz, &corpus, spill.as_ref())
                })
                .collect()
        });
        for mut o in outcomes {
            done_files += 1;
            done_bytes += o.cand.size;
            since_commit += o.cand.size;
            let path = display(&o.cand.path);
            let (ws, sk) = (&o.warnings, &o.skipped);
            report_problems(&path, ws, sk, on, &mut warnings, &mut skipped_reports);
            // Entries are replaced as files are processed; this file's is still the old one.
            let was_known = new.files.contains_key(&o.cand.key);
            if let Some(parts) = o.parts.take() {
                // A large JSON Lines file: a few pieces at a time through the workers, each
                // piece's documents written before the next pieces are parsed.
                open_writer(&mut writer)?;
                let Some(w) = writer.as_ref() else {
                    unreachable!("open_writer opens the writer")
                };
                w.delete_term(path_term(&o.cand.key));
                let mut total = Built::default();
                let mut skipped = 0;
                for group in parts.pieces.chunks(2 * threads.max(1)) {
                    let results: Vec<(Built, article::Parsed)> = pool.install(|| {
                        group
                            .par_iter()
                            .map(|p| {
                                let mut parsed = article::parse_jsonl_part(
                                    &parts.bytes[p.range.clone()],
                                    p.lines_before,
                                    p.records_before,
                                );
                                let articles = std::mem::take(&mut parsed.articles)
                                    .into_iter()
                                    .map(document::split)
                                    .collect();
                                let b = Built::new(&fields, &gz, &corpus, &o.cand.key, articles);
                                (b, parsed)
                            })
                            .collect()
                    });
                    for (mut built, parsed) in results {
                        let (ws, sk) = (&parsed.warnings, &parsed.skipped);
                        report_problems(&path, ws, sk, on, &mut warnings, &mut skipped_reports);
                        skipped += sk.len();
                        for article in std::mem::take(&mut built.docs) {
                            w.run(gate.admit(article).into_iter().map(UserOperation::Add))?;
                        }
                        total.absorb(built);
                    }
                }
                if total.articles == 0 {
                    if skipped == 0 {
                        let r =
                            Report::new(&path, &Problem::new(None, "no article found in the file"));
                        on(Event::Skipped(&r));
                        skipped_reports.push(r);
                    }
                    if new.files.remove(&o.cand.key).is_some() {
                        summary.removed += 1;
                    }
                } else {
                    summary.articles_indexed += total.articles;
                    summary.passages_indexed += total.passages;
                    if was_known {
                        summary.updated += 1;
                    } else {
                        summary.added += 1;
                    }
                    let entry = total.entry(&o.cand, parts.bytes.len(), parts.hash, skipped);
                    new.files.insert(o.cand.key.clone(), entry);
                }
                continue;
            }
            match o.docs {
                None => {
                    // Same bytes, new mtime.
                    if let Some(e) = new.files.get_mut(&o.cand.key) {
                        e.mtime_ns = o.cand.mtime_ns;
                    }
                    summary.unchanged += 1;
                }
                Some(docs) => {
                    if !docs.is_empty() || was_known {
                        open_writer(&mut writer)?;
                        if let Some(w) = writer.as_ref() {
                            // Delete first: a delete only affects documents added before it.
                            // Each article goes as one batch: one indexing thread takes it, so
                            // its passages are consecutive documents of one segment (readers
                            // find an article's first passage as `doc - ordinal`).
                            w.delete_term(path_term(&o.cand.key));
                            for article in docs {
                                w.run(gate.admit(article).into_iter().map(UserOperation::Add))?;
                            }
                        }
                    }
                    match o.entry {
                        Some(e) => {
                            summary.articles_indexed += e.articles;
                            summary.passages_indexed += e.passages;
                            if was_known {
                                summary.updated += 1;
                            } else {
                                summary.added += 1;
                            }
                            new.files.insert(o.cand.key.clone(), e);
                        }
                        None => {
                            if new.files.remove(&o.cand.key).is_some() {
                                summary.removed += 1;
                            }
                        }
                    }
                }
            }
        }
        on(Event::Progress {
            files: done_files,
            bytes: done_bytes,
        });
        if since_commit >= COMMIT_EVERY_BYTES && !opts.strict && pending.peek().is_some() {
            if let Some(w) = writer.as_mut() {
                on(Event::Committing);
                commit(
                    w,
                    &store.dir,
                    &mut new,
                    &root_keys,
                    corpus_changed.then_some(&corpus),
                )?;
                new.generation += 1;
                since_commit = 0;
            }
        }
    }
    summary.bytes_read = done_bytes;
    summary.skipped = skipped_reports;
    summary.warnings = warnings;

    if opts.strict && !summary.skipped.is_empty() {
        if let Some(mut w) = writer.take() {
            w.rollback()?;
        }
        (summary.articles, summary.passages, summary.files) = old_totals;
        summary.seconds = start.elapsed().as_secs_f64();
        return Ok(summary);
    }
    let roots_changed = merge_roots(&mut new, &root_keys);
    if writer.is_none() && roots_changed {
        open_writer(&mut writer)?;
    }
    if let Some(mut w) = writer.take() {
        on(Event::Committing);
        let name = commit(
            &mut w,
            &store.dir,
            &mut new,
            &root_keys,
            corpus_changed.then_some(&corpus),
        )?;
        // tantivy's merge policy may have started merges after the commit; they finish first
        // (merging the segments they hold would fail). Then a small index is merged into one
        // segment (one term dictionary to search); a large one is left to the merge policy.
        let merged = w
            .wait_merging_threads()
            .and_then(|()| merge_if_small(&store.index, &store.dir));
        // The run's work is committed: a merge that fails (a full disk) leaves the segments as
        // they were, searchable. Say so instead of failing the run; the next run merges again.
        if let Err(e) = merged {
            let r = Report::new(
                &display(&store.dir),
                &Problem::new(
                    None,
                    format!(
                        "merging index segments failed ({e}); everything is committed and \
                         searchable, in more segments than usual"
                    ),
                ),
            );
            on(Event::Warning(&r));
            summary.warnings.push(r);
        }
        manifest::remove_others(&store.dir, &name);
        summary.committed = true;
    }
    (summary.articles, summary.passages, summary.files) = if summary.committed {
        (new.articles(), new.passages(), new.files.len() as u64)
    } else {
        old_totals
    };
    summary.seconds = start.elapsed().as_secs_f64();
    Ok(summary)
}

/// Merge every segment into one when the index is under `MERGE_BELOW_BYTES`, with a writer of
/// its own that starts no other merge.
fn merge_if_small(index: &tantivy::Index, dir: &Path) -> tantivy::Result<()> {
    let segments = index.searchable_segment_ids()?;
    if segments.len() < 2 || crate::disk::size_on_disk(dir) >= MERGE_BELOW_BYTES {
        return Ok(());
    }
    let mut w: IndexWriter = index.writer_with_num_threads(1, 15_000_000)?;
    w.set_merge_policy(Box::new(tantivy::indexer::NoMergePolicy));
    w.merge(&segments).wait()?;
    w.wait_merging_threads()
}

/// Record the roots of this run in the manifest (sorted, nested roots folded into their parent).
fn merge_roots(m: &mut Manifest, roots: &[String]) -> bool {
    let mut all: BTreeSet<String> = m.roots.iter().cloned().collect();
    all.extend(roots.iter().cloned());
    let list: Vec<String> = all
        .iter()
        .filter(|r| !all.iter().any(|o| o != *r && walk::key_under(r, o)))
        .cloned()
        .collect();
    let changed = list != m.roots;
    m.roots = list;
    changed
}

/// Store the manifest, then commit with a payload naming it.
fn commit(
    w: &mut IndexWriter,
    dir: &Path,
    m: &mut Manifest,
    roots: &[String],
    corpus: Option<&Corpus>,
) -> Result<String> {
    merge_roots(m, roots);
    m.updated = Some(chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true));
    let name = m.store(dir)?;
    if let Some(c) = corpus {
        store_corpus(dir, c)?;
    }
    crash_point("before-commit");
    let payload = serde_json::to_string(&Payload {
        manifest: name.clone(),
        generation: m.generation,
    })?;
    let failed = || {
        format!(
            "{}: cannot commit the index; the last commit is unchanged",
            dir.display()
        )
    };
    let mut prepared = w.prepare_commit().with_context(failed)?;
    prepared.set_payload(&payload);
    prepared.commit().with_context(failed)?;
    crash_point("after-commit");
    Ok(name)
}

/// The gazetteer for this run: the built-in one extended by `--entities FILE` (which is then
/// remembered in the index) or by the file remembered from an earlier run. Returns a warning
/// when a new file replaces a different one while articles are already indexed.
fn gazetteer_for(
    index_dir: &Path,
    given: Option<&Path>,
    has_articles: bool,
) -> Result<(Gazetteer, Option<String>)> {
    let kept = index_dir.join(ENTITIES_FILE);
    let mut warning = None;
    let text = match given {
        Some(p) => {
            let text = std::fs::read_to_string(p)
                .with_context(|| format!("{}: cannot read the entities file", p.display()))?;
            entities::gazetteer::parse(&p.display().to_string(), &text)?;
            let old = std::fs::read_to_string(&kept).ok();
            if old.as_deref() != Some(text.as_str()) {
                if has_articles {
                    warning = Some(format!(
                        "new entities file {}: articles indexed before keep their entities until `byline index --rebuild`",
                        p.display()
                    ));
                }
                manifest::write_atomic(&kept, |w| std::io::Write::write_all(w, text.as_bytes()))
                    .with_context(|| format!("{}: cannot write", kept.display()))?;
            }
            Some(text)
        }
        None => std::fs::read_to_string(&kept).ok(),
    };
    let gz = match text {
        Some(t) => {
            Gazetteer::with_extra(entities::gazetteer::parse(&kept.display().to_string(), &t)?)
        }
        None => Gazetteer::builtin(),
    };
    Ok((gz, warning))
}

/// Test hook: `BYLINE_TEST_CRASH=before-commit|after-commit` aborts the process there, the way a
/// power cut or `kill -9` would (no destructors, no cleanup). Used by the crash-safety tests.
fn crash_point(point: &str) {
    if std::env::var_os("BYLINE_TEST_CRASH").is_some_and(|v| v == point) {
        std::process::abort();
    }
}

/// What this run learns of the corpus before extracting (see `entities::Corpus`): the
/// site-boilerplate sketch and the people named in full, the index's own (`boilerplate.bin`,
/// `surnames.tsv`, unless rebuilding) plus every file that is new to the index, read and
/// parsed once before the main pass so that the first pages of a site are judged like the
/// last. Changed files are not counted again (a page rewritten five times would make its own
/// sentences boilerplate); removed files are not subtracted; `--rebuild` counts every file
/// afresh; copies of one text count once. Also says whether it changed (then `commit` stores
/// it), and hands the main pass the files it parsed (`spill`) so that none is parsed twice.
fn learn_corpus(
    dir: &Path,
    rebuild: bool,
    todo: &[Candidate],
    manifest: &Manifest,
    gz: &Gazetteer,
    pool: &rayon::ThreadPool,
) -> Result<(Corpus, bool, Option<spill::Spill>)> {
    if document::entities_off() {
        return Ok((Corpus::empty(), false, None));
    }
    let (old_sketch, old_names, old_orgs, old_authors) = if rebuild {
        (None, None, None, None)
    } else {
        let text = |f: &str| std::fs::read_to_string(dir.join(f)).ok();
        (
            std::fs::read(dir.join(BOILERPLATE_FILE))
                .ok()
                .and_then(|b| Sketch::from_bytes(&b)),
            text(SURNAMES_FILE).map(|t| names::Surnames::from_tsv(&t)),
            text(ORG_NAMES_FILE).map(|t| names::OrgNames::from_tsv(&t)),
            text(AUTHORS_FILE).map(|t| names::Authors::from_tsv(&t)),
        )
    };
    let fresh: Vec<&Candidate> = todo
        .iter()
        .filter(|c| rebuild || !manifest.files.contains_key(&c.key))
        .collect();
    let bytes: u64 = fresh.iter().map(|c| c.size).sum::<u64>();
    let mut sketch = old_sketch.unwrap_or_else(|| Sketch::with_capacity((bytes / 64) as usize));
    let mut surnames = old_names.unwrap_or_default();
    let mut orgs = old_orgs.unwrap_or_default();
    let mut authors = old_authors.unwrap_or_default();
    let mut bodies: rustc_hash::FxHashSet<u64> = rustc_hash::FxHashSet::default();
    // Without a place for it (a read-only temporary directory?), files are parsed again.
    let mut spill = (!fresh.is_empty())
        .then(|| spill::Spill::new(dir).ok())
        .flatten();
    for batch in fresh.chunks(BATCH_FILES) {
        let learnt: Vec<Learnt> = pool.install(|| {
            batch
                .par_iter()
                .map(|c| learn_file(c, gz, spill.is_some()))
                .collect()
        });
        for (c, l) in batch.iter().zip(learnt) {
            // Copies of one text (a page scraped under several URLs) count once: what they
            // share is the story, not the site's furniture.
            for a in &l.articles {
                if bodies.insert(a.body) {
                    sketch.add_keys(&a.source, &a.keys);
                    surnames.add_article(&a.people);
                    orgs.add_article(&a.orgs);
                    authors.add_article(&a.source, &a.authors);
                }
            }
            if let (Some(s), Some(record)) = (spill.as_mut(), l.record) {
                if s.push(&c.key, &record).is_err() {
                    spill = None;
                }
            }
        }
    }
    let corpus = Corpus {
        boilerplate: sketch,
        surnames,
        orgs,
        authors,
    };
    Ok((corpus, !fresh.is_empty(), spill))
}

/// What the corpus pass takes from one file: per article what it adds to the corpus; and the
/// file as parsed for the main pass ([`spill::encode`]), unless the main pass reads it in
/// pieces.
struct Learnt {
    articles: Vec<LearntArticle>,
    record: Option<Vec<u8>>,
}

/// One article's share of what the corpus pass learns.
struct LearntArticle {
    source: String,
    /// Hash of its text: copies count once.
    body: u64,
    /// Its boilerplate units' keys.
    keys: Vec<u64>,
    /// The people it names in full and the organisations it names with a legal form.
    people: Vec<String>,
    orgs: Vec<String>,
    /// The authors it credits ([`names::bylines`]).
    authors: Vec<String>,
}

fn learn_file(c: &Candidate, gz: &Gazetteer, keep: bool) -> Learnt {
    let Ok(bytes) = std::fs::read(&c.path) else {
        return Learnt {
            articles: Vec::new(),
            record: None,
        };
    };
    // Each passage's boilerplate units and shingles are worked out here once: their keys are
    // counted now, and the main pass masks by them (through the spill).
    let learn = |split: &mut document::Split| {
        let (a, ps) = (&split.article, &split.passages);
        let source = a.source.clone().unwrap_or_default();
        let seed = boilerplate::source_seed(&source);
        let spans: Vec<Vec<boilerplate::Span>> = ps
            .iter()
            .map(|p| boilerplate::passage_spans(seed, p))
            .collect();
        let mut keys = boilerplate::keys_of(spans.iter().map(Vec::as_slice));
        // The title's tail too: the site's name after "|" is counted like a repeated line.
        if let Some(k) = a
            .title
            .as_deref()
            .filter(|_| !a.title_derived)
            .and_then(|t| boilerplate::title_key(seed, t))
        {
            keys.push(k);
        }
        split.spans = Some(spans);
        let texts: Vec<&str> = ps.iter().map(String::as_str).collect();
        let (people, orgs) = names::article_names(gz, &texts);
        LearntArticle {
            people,
            orgs,
            authors: names::bylines(texts.iter().copied()),
            body: document::body_hash(ps),
            source,
            keys,
        }
    };
    if c.format == article::Format::JsonLines && bytes.len() > PART_BYTES {
        // A large JSON Lines file, a piece at a time (as the main pass reads it).
        let articles = pieces(&bytes, PART_BYTES)
            .iter()
            .flat_map(|p| {
                article::parse_jsonl_part(&bytes[p.range.clone()], p.lines_before, p.records_before)
                    .articles
            })
            .map(|a| learn(&mut document::split(a)))
            .collect();
        return Learnt {
            articles,
            record: None,
        };
    }
    let hash = xxh3_128(&bytes);
    let parsed = article::parse_bytes(c.format, &bytes);
    let mut prepared = spill::Prepared {
        hash,
        size: bytes.len() as u64,
        skipped: parsed.skipped,
        warnings: parsed.warnings,
        articles: parsed.articles.into_iter().map(document::split).collect(),
    };
    Learnt {
        articles: prepared.articles.iter_mut().map(learn).collect(),
        record: keep.then(|| spill::encode(&prepared)),
    }
}

/// Store what was learnt of the corpus (before the commit that relies on it).
fn store_corpus(dir: &Path, corpus: &Corpus) -> Result<()> {
    let path = dir.join(BOILERPLATE_FILE);
    let bytes = corpus.boilerplate.to_bytes();
    manifest::write_atomic(&path, |w| std::io::Write::write_all(w, &bytes))
        .with_context(|| format!("{}: cannot write", path.display()))?;
    for (file, text) in [
        (SURNAMES_FILE, corpus.surnames.to_tsv()),
        (ORG_NAMES_FILE, corpus.orgs.to_tsv()),
        (AUTHORS_FILE, corpus.authors.to_tsv()),
    ] {
        let path = dir.join(file);
        manifest::write_atomic(&path, |w| std::io::Write::write_all(w, text.as_bytes()))
            .with_context(|| format!("{}: cannot write", path.display()))?;
    }
    Ok(())
}

/// Full names per surname, learnt from the corpus (`entities::names`).
pub const SURNAMES_FILE: &str = "surnames.tsv";

/// Organisation names given with a legal form, per article count (`entities::names`).
pub const ORG_NAMES_FILE: &str = "org_names.tsv";

/// Authors per source, credited in bylines (`entities::names`).
pub const AUTHORS_FILE: &str = "authors.tsv";

/// The boilerplate sketch's file in the index directory.
pub const BOILERPLATE_FILE: &str = "boilerplate.bin";

/// Read, hash, parse and split one file (or take the corpus pass's parse of it from `spill`),
/// and build its documents. Pure apart from reading the file.
fn process(
    c: Candidate,
    previous: Option<&Entry>,
    fields: &crate::schema::Fields,
    gz: &Gazetteer,
    corpus: &Corpus,
    spill: Option<&spill::Spill>,
) -> Outcome {
    let mut out = Outcome {
        cand: c,
        docs: Some(Vec::new()),
        entry: None,
        skipped: Vec::new(),
        warnings: Vec::new(),
        parts: None,
    };
    if let Some(p) = spill.and_then(|s| s.get(&out.cand.key)) {
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
    let hash = xxh3_128(&bytes);
    if previous.is_some_and(|p| p.hash == hash) {
        out.docs = None;
        return out;
    }
    let utf16 =
        encoding_rs::Encoding::for_bom(&bytes).is_some_and(|(e, _)| e != encoding_rs::UTF_8);
    if out.cand.format == article::Format::JsonLines && bytes.len() > PART_BYTES && !utf16 {
        out.parts = Some(Parts {
            pieces: pieces(&bytes, PART_BYTES),
            bytes,
            hash,
        });
        return out;
    }
    let size = bytes.len();
    let parsed = article::parse_bytes(out.cand.format, &bytes);
    drop(bytes);
    out.skipped = parsed.skipped;
    out.warnings = parsed.warnings;
    let articles = parsed.articles.into_iter().map(document::split).collect();
    build(out, fields, gz, corpus, articles, size, hash)
}

/// The documents and manifest entry of a parsed file's articles.
fn build(
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
