//! Indexing: walk the roots, find what changed since the manifest, parse and split the changed
//! files in parallel (rayon), and feed one `IndexWriter` in a fixed order.
//!
//! `run` is a chain of stages, each a module:
//! 1. walk and plan (`plan`): the roots' files against the manifest: unchanged, to process,
//!    too big, removed.
//! 2. learn the corpus (`corpus`): files new to the index are parsed once first, and what
//!    entity extraction needs from the whole corpus is counted; the parses are kept (`spill`).
//! 3. parse and split (`parse`, on rayon's workers): read, decode, parse, split into passages,
//!    build documents (`document`), in batches.
//! 4. write (`writer`): one `delete(file) + add(articles...)` per file, in key order.
//! 5. commit (`writer`): the manifest first, then the commit naming it; a small index is then
//!    merged into one segment.
//!
//! Invariants:
//! - The result does not depend on the thread count: files are processed in key order and
//!   every file's documents are added right after its old ones are deleted. (Which segment a
//!   passage lands in does depend on the threads; nothing relies on it.)
//! - Reprocessing a file is idempotent (delete by path, then add), so a run that died before its
//!   commit is simply redone by the next run.
//! - Nothing is committed in `--strict` mode when anything was skipped.

mod corpus;
#[doc(hidden)]
pub mod document;
#[doc(hidden)]
pub mod inflight;
#[doc(hidden)]
pub mod manifest;
mod parse;
mod plan;
mod spill;
#[doc(hidden)]
pub mod store;
mod stories;
mod verified;
#[doc(hidden)]
pub mod walk;
#[doc(hidden)]
pub mod watch;
mod writer;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{anyhow, bail, Context, Result};
use rayon::prelude::*;
use serde::Serialize;

use crate::article::{self, Problem};
use crate::disk::ENTITIES_FILE;
use crate::entities::{self, Corpus, Gazetteer};
use manifest::{Entry, Manifest};
use parse::{process, Built, Outcome, Parts};
use walk::Candidate;
use writer::Writer;

pub use corpus::{AUTHORS_FILE, BOILERPLATE_FILE, ORG_NAMES_FILE, SURNAMES_FILE};

/// What `byline index` was asked to do.
#[derive(Debug, Clone)]
pub struct Options {
    /// Directories and files to index (empty: the roots the index recorded).
    pub roots: Vec<PathBuf>,
    /// The index directory (created when missing).
    pub index_dir: PathBuf,
    /// Start from an empty index instead of updating.
    pub rebuild: bool,
    /// Worker threads for parsing and indexing.
    pub threads: usize,
    /// The indexing memory budget in MB, shared by the threads.
    pub memory_mb: usize,
    /// Files larger than this (or holding more once decompressed) are skipped.
    pub max_file_mb: u64,
    /// Any skipped file or record fails the run, and nothing is committed.
    pub strict: bool,
    /// Follow symlinks to directories and out of the roots.
    pub follow: bool,
    /// Index hidden files and directories too.
    pub hidden: bool,
    /// Users' gazetteer file (`--entities`).
    pub entities: Option<PathBuf>,
    /// Leave a changed file for a later run when it was modified less than this long ago: it
    /// may still be being written (watch mode). Its indexed version, if any, stays.
    pub settle: Option<std::time::Duration>,
}

impl Options {
    /// Index `roots` into `index_dir` the way `byline index` does by default: update (no
    /// rebuild), one thread per CPU, a 128 MB budget, files up to 64 MB, symlinks and hidden
    /// files skipped, the built-in gazetteer (or the one the index keeps).
    pub fn new(roots: Vec<PathBuf>, index_dir: PathBuf) -> Options {
        Options {
            roots,
            index_dir,
            rebuild: false,
            threads: std::thread::available_parallelism().map_or(2, |n| n.get()),
            memory_mb: DEFAULT_MEMORY_MB as usize,
            max_file_mb: DEFAULT_MAX_FILE_MB,
            strict: false,
            follow: false,
            hidden: false,
            entities: None,
            settle: None,
        }
    }

    /// `max_file_mb` in bytes: the largest file read, and the largest content decompressed.
    pub fn max_bytes(&self) -> u64 {
        self.max_file_mb.saturating_mul(1 << 20)
    }
}

/// Largest file indexed by default (`--max-file-mb`), and largest content decompressed.
pub const DEFAULT_MAX_FILE_MB: u64 = 64;

/// The indexing memory budget by default (`--memory-mb`), shared by the writer threads. Both
/// threads fill their share at the same pace and write their segments at the same moment, on
/// top of everything the run holds: the peak. 128 instead of 192 took the peak on 100,000
/// synthetic articles from 352-355 to 301-302 MB at the same speed (14.3-14.7 s), and changed
/// neither on the 10,000 scraped articles (BENCHMARKS.md, issue 19).
pub const DEFAULT_MEMORY_MB: u64 = 128;

/// Files handed to rayon at a time (bounded memory for documents in flight).
pub(crate) const BATCH_FILES: usize = 256;
/// The first batch's files; each next batch may take twice as many, up to `BATCH_FILES`.
const FIRST_BATCH_FILES: usize = 32;
const BATCH_BYTES: u64 = 32 << 20;

/// A file or record that was not indexed, or a warning about one.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// The file's path as text.
    pub path: String,
    /// The 1-based line (or record) the problem is on; `None` for the whole file.
    pub line: Option<u64>,
    /// What is wrong, for people.
    pub reason: String,
}

impl Report {
    /// A report on `path`.
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
    /// The index directory, absolute.
    pub index: String,
    /// Files indexed for the first time.
    pub added: u64,
    /// Files whose content changed and were indexed again.
    pub updated: u64,
    /// Files whose articles were removed (gone, or now unindexable).
    pub removed: u64,
    /// Files left as they were.
    pub unchanged: u64,
    /// Changed files left for a later run because they were modified too recently (watch mode).
    #[serde(skip_serializing_if = "is_zero")]
    pub deferred: u64,
    /// Files and records not indexed, with the reason.
    pub skipped: Vec<Report>,
    /// Problems that lost nothing (an unparseable date, say).
    pub warnings: Vec<Report>,
    /// Articles and passages written by this run.
    pub articles_indexed: u64,
    /// Passages written by this run.
    pub passages_indexed: u64,
    /// Totals in the index after the run.
    pub articles: u64,
    /// Passages in the index after the run.
    pub passages: u64,
    /// Files in the index after the run.
    pub files: u64,
    /// Bytes of the files this run read.
    pub bytes_read: u64,
    /// Whether the run committed (false when nothing changed, or `strict` with skips).
    pub committed: bool,
    /// Wall time of the run.
    pub seconds: f64,
}

/// Progress and problems, as they happen. The CLI turns them into a progress bar and stderr lines.
pub enum Event<'a> {
    /// Work is known: files and bytes to read.
    Start {
        /// Files to read.
        files: u64,
        /// Their bytes.
        bytes: u64,
    },
    /// Files and bytes read so far.
    Progress {
        /// Files read.
        files: u64,
        /// Bytes read.
        bytes: u64,
    },
    /// A file or record was skipped.
    Skipped(&'a Report),
    /// A problem that lost nothing.
    Warning(&'a Report),
    /// The run is committing.
    Committing,
    /// Something the user should know that is not about one file (watch mode polling).
    Notice(&'a str),
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

pub(crate) fn display(path: &Path) -> String {
    path.to_string_lossy().into_owned()
}

/// What a run works with while it parses: shared by the workers.
struct Work<'a> {
    fields: crate::schema::Fields,
    gz: &'a Gazetteer,
    corpus: &'a Corpus,
    spill: Option<&'a spill::Spill>,
    pool: &'a rayon::ThreadPool,
    threads: usize,
    /// Largest content read from one file (`--max-file-mb`), decompressed too.
    max_bytes: u64,
}

/// The run's account: the summary, the manifest as it will be committed (entries are
/// replaced as files are processed; the others are still the old ones), and the problems.
struct Tally {
    summary: Summary,
    manifest: Manifest,
    /// Entries of files new to the manifest, put in it at once before it is written
    /// (`settle`): a map filled in key order keeps its nodes half empty, ~400 bytes a file
    /// against ~200 (BENCHMARKS.md, issue 19).
    added: Vec<(String, Entry)>,
    warnings: Vec<Report>,
    skipped: Vec<Report>,
}

/// Run an indexing pass. Fatal problems are errors; per-file problems are in the summary.
pub fn run(opts: &Options, on: &(dyn Fn(Event) + Sync)) -> Result<Summary> {
    let start = Instant::now();
    let (threads, writer_threads, memory) = resources(opts)?;
    let (store, _lock) = store::open_for_writing(&opts.index_dir, opts.rebuild)?;
    let index_dir =
        std::fs::canonicalize(&opts.index_dir).unwrap_or_else(|_| opts.index_dir.clone());
    let mut tally = Tally {
        summary: Summary {
            index: display(&index_dir),
            ..Summary::default()
        },
        manifest: Manifest::default(),
        added: Vec::new(),
        warnings: Vec::new(),
        skipped: Vec::new(),
    };
    // The plan needs only the files' stamps; the whole manifest is decoded once the run is
    // known to write (`Saved`).
    let stamps = store.saved.stamps()?;
    let (gz_extra, gz_warning) = gazetteer_for(
        &index_dir,
        opts.entities.as_deref(),
        !opts.rebuild && !stamps.files.is_empty(),
    )?;
    if let Some(w) = gz_warning {
        tally.warnings.push(index_warning(&index_dir, w, on));
    }
    let old_totals = (stamps.articles, stamps.passages, stamps.files.len() as u64);
    let recorded_roots: Vec<String> = stamps.roots.iter().map(|r| r.to_string()).collect();
    let known = if opts.rebuild { None } else { Some(&stamps) };
    let plan = plan::plan(opts, &index_dir, &recorded_roots, known, on)?;
    drop(stamps);
    tally.summary.unchanged = plan.unchanged;
    tally.summary.deferred = plan.deferred;
    tally.skipped.extend(plan.skipped.iter().cloned());
    if nothing_to_do(&plan, &recorded_roots, opts.rebuild) {
        // No file to read, drop or record: no gazetteer, corpus, writer or commit; the facet
        // map is written only if it is missing.
        if let Err(e) = writer::refresh_facet_map(&store) {
            let r = index_warning(&index_dir, facet_map_warning(&e), on);
            tally.warnings.push(r);
        }
        let mut summary = tally.summary;
        summary.skipped = tally.skipped;
        summary.warnings = tally.warnings;
        (summary.articles, summary.passages, summary.files) = old_totals;
        summary.seconds = start.elapsed().as_secs_f64();
        return Ok(summary);
    }
    // The gazetteer (~10 ms) is built on a thread of its own while this one decodes the
    // manifest, opens the writer and reads what earlier runs learnt.
    let (gz, prepared) = gazetteer_beside(gz_extra, || {
        let sizes = (opts, &plan, (threads, writer_threads), memory);
        prepare_writing(&store, &recorded_roots, sizes, &mut tally, on)
    });
    let (mut writer, pool, earlier) = prepared?;
    let (corpus, corpus_changed, spill) = std::thread::scope(|s| {
        if !plan.todo.is_empty() && !document::entities_off() {
            // The gazetteer's matcher is built beside the corpus pass (`prepare_matching`).
            // Without the thread, the first extraction builds it.
            let _ = std::thread::Builder::new()
                .name("byline-matcher".into())
                .spawn_scoped(s, || gz.prepare_matching());
        }
        corpus::learn_corpus(
            &store.dir,
            (opts.rebuild, earlier),
            &plan.todo,
            &tally.manifest,
            &gz,
            &pool,
            opts.max_bytes(),
        )
    })?;
    let work = Work {
        fields: store.fields,
        gz: &gz,
        corpus: &corpus,
        spill: spill.as_ref(),
        pool: &pool,
        threads,
        max_bytes: opts.max_bytes(),
    };
    let learnt = corpus_changed.then_some(&corpus);
    let plan::Plan {
        todo, root_keys, ..
    } = plan;
    tally.feed(
        &work,
        todo,
        &mut writer,
        (opts.strict, &root_keys, learnt),
        on,
    )?;
    let dir = store.dir.clone();
    tally.finish(writer, &dir, opts.strict, (&root_keys, learnt), on)?;
    let mut summary = tally.summary;
    (summary.articles, summary.passages, summary.files) = if summary.committed {
        (
            tally.manifest.articles(),
            tally.manifest.passages(),
            tally.manifest.files.len() as u64,
        )
    } else {
        old_totals
    };
    summary.seconds = start.elapsed().as_secs_f64();
    drop_later((gz, corpus, tally.manifest, pool));
    Ok(summary)
}

/// Free what a run is done with on a thread of its own: freeing the gazetteer, the corpus
/// statistics and the manifest took ~5 ms of a run that adds one file to 10,000, which the
/// command line's exit right after makes moot. (Without a thread, here.)
fn drop_later<T: Send + 'static>(big: T) {
    let _ = std::thread::Builder::new()
        .name("byline-free".into())
        .spawn(move || drop(big));
}

/// What a run that writes sets up before the corpus pass: the manifest it will commit
/// (`tally.manifest`), the writer (files too big or gone already deleted through it), the
/// parsing threads, and what earlier runs learnt of the corpus.
fn prepare_writing<'s>(
    store: &'s store::Store,
    recorded_roots: &[String],
    (opts, plan, (threads, writer_threads), memory): (&Options, &plan::Plan, (usize, usize), usize),
    tally: &mut Tally,
    on: &(dyn Fn(Event) + Sync),
) -> Result<(Writer<'s>, rayon::ThreadPool, corpus::Earlier)> {
    tally.manifest = next_manifest(store, recorded_roots, opts.rebuild)?;
    let writer_threads = writer_threads_for(&plan.todo, writer_threads);
    let mut writer = Writer::new(store, writer_threads, memory, opts.rebuild)?;
    tally.drop_files(plan, opts.max_file_mb, &mut writer, on)?;
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .thread_name(|i| format!("byline-parse-{i}"))
        .build()
        .context("cannot start worker threads")?;
    let earlier = corpus::read_earlier(&store.dir, opts.rebuild);
    Ok((writer, pool, earlier))
}

/// The files still to process, in order, taken a batch at a time. The list gives back the room
/// of the ones taken as it goes (each time they are half of it): ~80 bytes a file, 16 MB of the
/// peak at 100,000 files when the run's last segments are written (BENCHMARKS.md, issue 19).
struct Pending {
    /// Last file first: taking one is a `pop`.
    reversed: Vec<Candidate>,
    /// Batches handed out so far.
    served: u32,
}

impl Pending {
    fn new(mut todo: Vec<Candidate>) -> Pending {
        todo.reverse();
        Pending {
            reversed: todo,
            served: 0,
        }
    }

    fn is_empty(&self) -> bool {
        self.reversed.is_empty()
    }

    /// The next files: up to `BATCH_FILES` of them (fewer in the first batches: `FIRST_BATCH_FILES`,
    /// then twice as many each time) and `BATCH_BYTES` (at least one file). Small first
    /// batches hand the writer its first documents sooner: on 400 files it started once 256
    /// had been parsed.
    fn next_batch(&mut self) -> Vec<Candidate> {
        let limit = BATCH_FILES.min(FIRST_BATCH_FILES << self.served.min(8));
        self.served += 1;
        let mut batch = Vec::new();
        let mut bytes = 0;
        while batch.len() < limit && (bytes < BATCH_BYTES || batch.is_empty()) {
            let Some(c) = self.reversed.pop() else {
                break;
            };
            bytes += c.size;
            batch.push(c);
        }
        if self.reversed.len() * 2 < self.reversed.capacity() {
            self.reversed.shrink_to_fit();
        }
        batch
    }
}

/// Input below this many bytes is indexed by one writer thread: about the input whose index
/// is merged into one segment at the end anyway (`writer::MERGE_BELOW_BYTES`).
const ONE_WRITER_BELOW_BYTES: u64 = 48 << 20;

/// Writer threads for this run's input: one for a small input, which then lands in one
/// segment with nothing to merge. Two threads make two segments, merged at the end, which
/// costs more than the second thread saves: 400 short articles 0.20 -> 0.16 s, 3,000 scraped
/// ones (34 MiB) 2.75 -> 2.45 s. On all 10,000 (102 MiB) one writer thread is the bottleneck
/// (6.76 -> 7.14 s), so larger inputs keep every thread (BENCHMARKS.md, issue 19). Parsing
/// keeps every thread either way. Test hook: `BYLINE_TEST_WRITER_THREADS=all` keeps every
/// thread for any input (so that tests cover several writer threads on small inputs).
fn writer_threads_for(todo: &[walk::Candidate], threads: usize) -> usize {
    let bytes: u64 = todo.iter().map(|c| c.size).sum();
    let all = std::env::var_os("BYLINE_TEST_WRITER_THREADS").is_some_and(|v| v == "all");
    if bytes < ONE_WRITER_BELOW_BYTES && !all {
        1
    } else {
        threads
    }
}

/// Whether the plan leaves nothing to do: no file to read, no file to drop (too big or gone),
/// no root to record, no rebuild.
fn nothing_to_do(plan: &plan::Plan, recorded_roots: &[String], rebuild: bool) -> bool {
    !rebuild
        && plan.todo.is_empty()
        && plan.too_big.is_empty()
        && plan.removed.is_empty()
        && writer::merged_roots(recorded_roots, &plan.root_keys) == recorded_roots
}

/// Parsing threads, writer threads and the writer's memory; an error when the memory is too
/// small for the threads.
fn resources(opts: &Options) -> Result<(usize, usize, usize)> {
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
    Ok((threads, writer_threads, memory))
}

/// The manifest this run builds, from the one the last commit saved, decoded: empty for a
/// rebuild (the generation goes on counting), so entries of files not yet processed are the
/// old ones.
fn next_manifest(
    store: &store::Store,
    recorded_roots: &[String],
    rebuild: bool,
) -> Result<Manifest> {
    let mut new = if rebuild {
        Manifest {
            generation: store.saved.generation()?,
            ..Manifest::default()
        }
    } else {
        Manifest {
            roots: recorded_roots.to_vec(),
            ..store.manifest()?
        }
    };
    new.generation += 1;
    Ok(new)
}

impl Tally {
    /// Files too big to index (their old documents go) and files that are gone.
    fn drop_files(
        &mut self,
        plan: &plan::Plan,
        max_file_mb: u64,
        writer: &mut Writer,
        on: &(dyn Fn(Event) + Sync),
    ) -> Result<()> {
        for (c, r) in plan.too_big.iter().zip(plan.too_big_reports(max_file_mb)) {
            on(Event::Skipped(&r));
            self.skipped.push(r);
            if self.manifest.files.remove(&c.key).is_some() {
                writer.delete_file(&c.key)?;
            }
        }
        for key in &plan.removed {
            writer.delete_file(key)?;
            self.manifest.files.remove(key);
            self.summary.removed += 1;
        }
        Ok(())
    }

    /// Stages 3 and 4: the files in batches through the workers, each batch's documents
    /// written in order; a commit every `COMMIT_EVERY_BYTES` unless `strict`.
    fn feed(
        &mut self,
        work: &Work,
        todo: Vec<Candidate>,
        writer: &mut Writer,
        (strict, root_keys, learnt): (bool, &[String], Option<&Corpus>),
        on: &(dyn Fn(Event) + Sync),
    ) -> Result<()> {
        on(Event::Start {
            files: todo.len() as u64,
            bytes: todo.iter().map(|c| c.size).sum(),
        });
        let (mut done_files, mut done_bytes, mut since_commit) = (0u64, 0u64, 0u64);
        let commit_every = writer::commit_every_bytes();
        // Candidates are moved into batches and dropped once processed: a first run over
        // hundreds of thousands of files does not keep every path twice until the end.
        let mut pending = Pending::new(todo);
        while !pending.is_empty() {
            let batch = pending.next_batch();
            let known = &self.manifest;
            let outcomes: Vec<Outcome> = work.pool.install(|| {
                batch
                    .into_par_iter()
                    .map(|c| {
                        let previous = known.files.get(&c.key);
                        process(c, previous, work)
                    })
                    .collect()
            });
            for o in outcomes {
                done_files += 1;
                done_bytes += o.cand.size;
                since_commit += o.cand.size;
                self.apply(work, o, writer, on)?;
            }
            on(Event::Progress {
                files: done_files,
                bytes: done_bytes,
            });
            if since_commit >= commit_every && !strict && !pending.is_empty() && writer.is_open() {
                on(Event::Committing);
                self.settle();
                writer.commit(&mut self.manifest, root_keys, learnt)?;
                self.manifest.generation += 1;
                since_commit = 0;
            }
        }
        self.summary.bytes_read = done_bytes;
        Ok(())
    }

    /// One processed file into the index and the manifest.
    fn apply(
        &mut self,
        work: &Work,
        mut o: Outcome,
        writer: &mut Writer,
        on: &(dyn Fn(Event) + Sync),
    ) -> Result<()> {
        let path = display(&o.cand.path);
        self.report(&path, &o.warnings, &o.skipped, on);
        // This file's entry is still the old one.
        let was_known = self.manifest.files.contains_key(&o.cand.key);
        if let Some(parts) = o.parts.take() {
            return self.apply_parts(work, &o.cand, parts, was_known, writer, on);
        }
        let Some(docs) = o.docs else {
            // Same bytes, new mtime.
            if let Some(e) = self.manifest.files.get_mut(&o.cand.key) {
                e.mtime_ns = o.cand.mtime_ns;
            }
            self.summary.unchanged += 1;
            return Ok(());
        };
        if was_known {
            writer.replace(&o.cand.key, docs)?;
        } else if !docs.is_empty() {
            // A file new to the index has no documents to delete.
            writer.add(docs)?;
        }
        match o.entry {
            Some(e) => self.indexed(&o.cand.key, e, was_known),
            None => self.gone(&o.cand.key),
        }
        Ok(())
    }

    /// A large JSON Lines file: a few pieces at a time through the workers, each piece's
    /// documents written before the next pieces are parsed.
    fn apply_parts(
        &mut self,
        work: &Work,
        cand: &Candidate,
        parts: Parts,
        was_known: bool,
        writer: &mut Writer,
        on: &(dyn Fn(Event) + Sync),
    ) -> Result<()> {
        let path = display(&cand.path);
        writer.delete_file(&cand.key)?;
        let mut total = Built::default();
        let mut skipped = 0;
        for group in parts.pieces.chunks(2 * work.threads.max(1)) {
            let results: Vec<(Built, article::Parsed)> = work.pool.install(|| {
                group
                    .par_iter()
                    .map(|p| {
                        let bytes = &parts.bytes[p.range.clone()];
                        parse::parse_piece(bytes, p, &work.fields, work.gz, work.corpus, &cand.key)
                    })
                    .collect()
            });
            for (mut built, parsed) in results {
                self.report(&path, &parsed.warnings, &parsed.skipped, on);
                skipped += parsed.skipped.len();
                writer.add(std::mem::take(&mut built.docs))?;
                total.absorb(built);
            }
        }
        if total.articles == 0 {
            if skipped == 0 {
                let r = Report::new(&path, &Problem::new(None, "no article found in the file"));
                on(Event::Skipped(&r));
                self.skipped.push(r);
            }
            self.gone(&cand.key);
        } else {
            let entry = total.entry(cand, parts.size, parts.hash, skipped);
            self.indexed(&cand.key, entry, was_known);
        }
        Ok(())
    }

    fn report(
        &mut self,
        path: &str,
        warnings: &[Problem],
        skipped: &[Problem],
        on: &(dyn Fn(Event) + Sync),
    ) {
        report_problems(
            path,
            warnings,
            skipped,
            on,
            &mut self.warnings,
            &mut self.skipped,
        );
    }

    /// A file indexed: counted, its entry replaced.
    fn indexed(&mut self, key: &str, e: Entry, was_known: bool) {
        self.summary.articles_indexed += e.articles;
        self.summary.passages_indexed += e.passages;
        if was_known {
            self.summary.updated += 1;
        } else {
            self.summary.added += 1;
        }
        if was_known {
            self.manifest.files.insert(key.to_string(), e);
        } else {
            self.added.push((key.to_string(), e));
        }
    }

    /// The entries of new files into the manifest.
    fn settle(&mut self) {
        if self.added.is_empty() {
            return;
        }
        let mut added: BTreeMap<String, Entry> =
            std::mem::take(&mut self.added).into_iter().collect();
        self.manifest.files.append(&mut added);
    }

    /// A file without an article any more: its entry goes.
    fn gone(&mut self, key: &str) {
        if self.manifest.files.remove(key).is_some() {
            self.summary.removed += 1;
        }
    }

    /// Stage 5: nothing with `--strict` and skips; otherwise the last commit and the merge.
    fn finish(
        &mut self,
        writer: Writer,
        dir: &Path,
        strict: bool,
        (root_keys, learnt): (&[String], Option<&Corpus>),
        on: &(dyn Fn(Event) + Sync),
    ) -> Result<()> {
        let mut writer = writer;
        self.settle();
        self.summary.skipped = std::mem::take(&mut self.skipped);
        self.summary.warnings = std::mem::take(&mut self.warnings);
        if strict && !self.summary.skipped.is_empty() {
            return writer.rollback();
        }
        let roots_changed = writer::merge_roots(&mut self.manifest, root_keys);
        if !writer.is_open() && roots_changed {
            writer.open()?;
        }
        if !writer.is_open() {
            return Ok(());
        }
        on(Event::Committing);
        let Some(done) = writer.finish(&mut self.manifest, root_keys, learnt)? else {
            return Ok(());
        };
        if let Some(e) = done.merge_error {
            let r = index_warning(
                dir,
                format!(
                    "merging index segments failed ({e}); everything is committed and \
                     searchable, in more segments than usual"
                ),
                on,
            );
            self.summary.warnings.push(r);
        }
        if let Some(e) = done.facet_map_error {
            let r = index_warning(dir, facet_map_warning(&e), on);
            self.summary.warnings.push(r);
        }
        manifest::remove_others(dir, &done.manifest);
        self.summary.committed = true;
        Ok(())
    }
}

/// A warning about the index itself (not one of its files), told as it happens.
fn index_warning(dir: &Path, message: String, on: &(dyn Fn(Event) + Sync)) -> Report {
    let r = Report::new(&display(dir), &Problem::new(None, message));
    on(Event::Warning(&r));
    r
}

fn facet_map_warning(e: &anyhow::Error) -> String {
    format!(
        "writing the facet map failed ({e:#}); everything is committed and searchable, and \
         searches count facets the slower way"
    )
}

/// The entities a run adds to the built-in gazetteer: those of `--entities FILE` (which is
/// then remembered in the index) or of the file remembered from an earlier run, parsed (so a
/// malformed file is an error even when nothing is to be indexed). Returns a warning when a
/// new file replaces a different one while articles are already indexed. The gazetteer itself
/// (~30,000 entries) is built only when there are files to read (`gazetteer`).
fn gazetteer_for(
    index_dir: &Path,
    given: Option<&Path>,
    has_articles: bool,
) -> Result<(Option<Vec<entities::gazetteer::Entry>>, Option<String>)> {
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
    let extra = match text {
        Some(t) => Some(entities::gazetteer::parse(&kept.display().to_string(), &t)?),
        None => None,
    };
    Ok((extra, warning))
}

/// The gazetteer, built on a thread of its own while `work` runs on this one (here, when no
/// thread can be started).
fn gazetteer_beside<T>(
    extra: Option<Vec<entities::gazetteer::Entry>>,
    work: impl FnOnce() -> T,
) -> (Gazetteer, T) {
    std::thread::scope(|s| {
        let given = &extra;
        let built = std::thread::Builder::new()
            .name("byline-gazetteer".into())
            .spawn_scoped(s, move || gazetteer(given.clone()));
        let out = work();
        let gz = match built {
            Ok(h) => h.join().unwrap_or_else(|p| std::panic::resume_unwind(p)),
            Err(_) => gazetteer(extra.clone()),
        };
        (gz, out)
    })
}

/// The built-in gazetteer plus a run's extra entities.
fn gazetteer(extra: Option<Vec<entities::gazetteer::Entry>>) -> Gazetteer {
    match extra {
        Some(e) => Gazetteer::with_extra(e),
        None => Gazetteer::builtin(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn candidate(i: usize, size: u64) -> Candidate {
        Candidate {
            path: PathBuf::from(format!("/c/{i}.txt")),
            key: format!("c/{i}.txt"),
            size,
            mtime_ns: 0,
            format: crate::article::Format::Txt,
        }
    }

    /// Batches take the files in order, within the batch limits, and the list gives back the
    /// room of the files taken.
    #[test]
    fn pending_files_go_in_order_in_bounded_batches() {
        // Small files, then a run of large ones, then one larger than a whole batch.
        let sizes: Vec<u64> = (0..1000)
            .map(|i| match i {
                0..=899 => 1000,
                900..=998 => 5 << 20,
                _ => BATCH_BYTES * 2,
            })
            .collect();
        let mut pending = Pending::new(
            sizes
                .iter()
                .enumerate()
                .map(|(i, &s)| candidate(i, s))
                .collect(),
        );
        let mut seen = Vec::new();
        let mut sizes_of_first = Vec::new();
        while !pending.is_empty() {
            let batch = pending.next_batch();
            assert!(!batch.is_empty() && batch.len() <= BATCH_FILES);
            sizes_of_first.push(batch.len());
            let bytes: u64 = batch.iter().map(|c| c.size).sum();
            let last = batch.last().map_or(0, |c| c.size);
            assert!(batch.len() == 1 || bytes - last < BATCH_BYTES, "{bytes}");
            assert!(pending.reversed.capacity() <= 2 * pending.reversed.len().max(1));
            seen.extend(batch.into_iter().map(|c| c.key));
        }
        let want: Vec<String> = (0..1000).map(|i| format!("c/{i}.txt")).collect();
        assert_eq!(seen, want);
        // The first batches are small, so that the writer starts early; then full ones.
        assert_eq!(sizes_of_first[..5], [32, 64, 128, 256, 256]);
    }
}
