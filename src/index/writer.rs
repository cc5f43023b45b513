//! Stages 4 and 5 of an indexing run, write and commit: the one `IndexWriter`, opened only
//! when the run has something to write (a run with nothing changed never opens it), fed one
//! article per batch through the in-flight gate; commits carry the manifest's name in their
//! payload; after the last commit a small index is merged into one segment.

use std::collections::BTreeSet;
use std::path::Path;
use std::sync::Arc;

use anyhow::{anyhow, Context, Result};
use tantivy::indexer::UserOperation;
use tantivy::{TantivyDocument, Term};

use super::corpus::store_corpus;
use super::inflight::{Gate, QueuedDoc};
use super::manifest::{Manifest, Payload};
use super::store::Store;
use super::stories::Stories;
use super::walk;
use crate::entities::Corpus;
use crate::facetmap;

type IndexWriter = tantivy::IndexWriter<QueuedDoc>;

/// Commit at least this often (bytes of input) so that a long first run keeps its progress.
pub(super) const COMMIT_EVERY_BYTES: u64 = 512 << 20;
/// Indexes smaller than this are merged into one segment after a commit.
const MERGE_BELOW_BYTES: u64 = 48 << 20;
/// Documents sent to tantivy's indexing threads and not yet indexed stay under about this many
/// bytes per indexing thread (see `inflight`): enough to keep each busy. Measured on 20,000
/// small files: 8 MB in all indexed as fast as 32 MB, with 45 MB less peak memory; an unbounded
/// queue (tantivy's 10,000 articles) took 110 MB more.
const QUEUE_BYTES_PER_THREAD: usize = 4 << 20;

/// The run's writer, opened on first use.
pub(super) struct Writer<'a> {
    store: &'a Store,
    threads: usize,
    memory: usize,
    rebuild: bool,
    gate: Arc<Gate>,
    inner: Option<IndexWriter>,
    stories: Stories,
}

impl<'a> Writer<'a> {
    /// A writer of `threads` indexing threads sharing `memory` bytes; with `rebuild` it opens
    /// at once and deletes every document first.
    pub(super) fn new(
        store: &'a Store,
        threads: usize,
        memory: usize,
        rebuild: bool,
    ) -> Result<Self> {
        let mut w = Writer {
            store,
            threads,
            memory,
            rebuild,
            gate: Gate::new(QUEUE_BYTES_PER_THREAD * threads.max(2)),
            inner: None,
            stories: Stories::new(&store.index, &store.dir, store.fields, rebuild),
        };
        if rebuild {
            w.open()?;
        }
        Ok(w)
    }

    /// Is the writer open (has the run written anything)?
    pub(super) fn is_open(&self) -> bool {
        self.inner.is_some()
    }

    /// The writer, opened if needed. Merges read old segments whole: a damaged one must stop
    /// the run before its garbage is copied into new segments (the files not verified
    /// before, see `index::verified`).
    pub(super) fn open(&mut self) -> Result<&IndexWriter> {
        if self.inner.is_none() {
            let store = self.store;
            if !self.rebuild {
                let bad = super::verified::verify_changed(&store.dir, &store.index)?;
                if !bad.is_empty() {
                    return Err(crate::disk::damaged(&store.dir, &bad));
                }
            }
            let iw: IndexWriter = store
                .index
                .writer_with_num_threads(self.threads, self.memory)
                .map_err(|e| {
                    anyhow!(
                        "{}: cannot open the index for writing: {e}",
                        store.dir.display()
                    )
                })?;
            if self.rebuild {
                iw.delete_all_documents()?;
            }
            self.inner = Some(iw);
        }
        match self.inner.as_ref() {
            Some(w) => Ok(w),
            None => unreachable!("opened above"),
        }
    }

    /// Delete a file's documents.
    pub(super) fn delete_file(&mut self, key: &str) -> Result<()> {
        let term = Term::from_field_text(self.store.fields.file, key);
        self.open()?.delete_term(term);
        Ok(())
    }

    /// Add articles (each its documents, one per passage). Each article goes as one batch: one
    /// indexing thread takes it, so its passages are consecutive documents of one segment
    /// (readers find an article's first passage as `doc - ordinal`).
    pub(super) fn add(&mut self, articles: Vec<Vec<TantivyDocument>>) -> Result<()> {
        for mut article in articles {
            self.stories.assign(&mut article)?;
            let queued = self.gate.admit(article);
            let sent = self.open()?.run(queued.into_iter().map(UserOperation::Add));
            if let Err(e) = sent {
                let dir = self.store.dir.display().to_string();
                return Err(anyhow::Error::new(self.why_killed(e)).context(format!(
                    "{dir}: cannot write the index; the last commit is unchanged"
                )));
            }
        }
        Ok(())
    }

    /// Documents can no longer be sent once an indexing thread has died, and the send's error
    /// says only that ("An index writer was killed"). The thread's own error says why (a full
    /// disk, say): joining the threads, as preparing a commit does, returns it.
    fn why_killed(&mut self, sent: tantivy::TantivyError) -> tantivy::TantivyError {
        match self.inner.as_mut().map(|w| w.prepare_commit().map(drop)) {
            Some(Err(cause)) => cause,
            _ => sent,
        }
    }

    /// Replace a file's documents (delete first: a delete only affects documents added before
    /// it).
    pub(super) fn replace(&mut self, key: &str, articles: Vec<Vec<TantivyDocument>>) -> Result<()> {
        self.delete_file(key)?;
        self.add(articles)
    }

    /// Commit what was written with the manifest `m` (and the corpus, when it changed);
    /// `None` when nothing was written. Returns the manifest's file name.
    pub(super) fn commit(
        &mut self,
        m: &mut Manifest,
        roots: &[String],
        corpus: Option<&Corpus>,
    ) -> Result<Option<String>> {
        let dir = &self.store.dir;
        match self.inner.as_mut() {
            Some(w) => commit(w, dir, m, roots, corpus).map(Some),
            None => Ok(None),
        }
    }

    /// Drop everything written since the last commit (`--strict` with skips).
    pub(super) fn rollback(mut self) -> Result<()> {
        if let Some(mut w) = self.inner.take() {
            w.rollback()?;
        }
        Ok(())
    }

    /// The last commit: then wait for the merges tantivy's policy started (merging the
    /// segments they hold would fail), merge a small index into one segment (one term
    /// dictionary to search; a large one is left to the merge policy), and write the facet map
    /// of the segments as they end up. The run's work is committed either way: a failed merge
    /// (a full disk) leaves the segments as they were, searchable, and a failed facet map
    /// leaves searches counting facets from the dictionaries; both are reported.
    pub(super) fn finish(
        mut self,
        m: &mut Manifest,
        roots: &[String],
        corpus: Option<&Corpus>,
    ) -> Result<Option<Finished>> {
        let Some(manifest) = self.commit(m, roots, corpus)? else {
            return Ok(None);
        };
        let merged = match self.inner.take() {
            Some(w) => w
                .wait_merging_threads()
                .and_then(|()| merge_if_small(&self.store.index, &self.store.dir)),
            None => Ok(()),
        };
        super::verified::record_committed(&self.store.dir, &self.store.index);
        Ok(Some(Finished {
            manifest,
            merge_error: merged.err(),
            facet_map_error: store_facet_map(self.store).err(),
        }))
    }
}

/// What the last commit left.
pub(super) struct Finished {
    /// The manifest the commit names.
    pub manifest: String,
    pub merge_error: Option<tantivy::TantivyError>,
    pub facet_map_error: Option<anyhow::Error>,
}

/// Write the facet map (`facetmap`) of the index's segments as committed, unless the one there
/// already names them and is intact (a run that only deleted articles keeps its segments). A
/// stale map is removed first, so that a failed write leaves none rather than one naming other
/// segments (which searches would refuse anyway).
fn store_facet_map(store: &Store) -> Result<()> {
    let path = store.dir.join(facetmap::FILE);
    let reader = store
        .index
        .reader_builder()
        .reload_policy(tantivy::ReloadPolicy::Manual)
        .try_into()?;
    let searcher = reader.searcher();
    let ids: Vec<_> = searcher
        .segment_readers()
        .iter()
        .map(|s| s.segment_id())
        .collect();
    // An intact map of other segments is the start of the new one (`facetmap::build`).
    let old = std::fs::read(&path).ok().filter(|b| facetmap::intact(b));
    if old.as_deref().is_some_and(|b| facetmap::names(b, &ids)) {
        return Ok(());
    }
    let old = old.and_then(|b| facetmap::Map::decode(&b));
    let _ = std::fs::remove_file(&path);
    let bytes = facetmap::build(&searcher, old)?.encode();
    super::manifest::write_atomic(&path, |w| std::io::Write::write_all(w, &bytes))
        .with_context(|| format!("{}: cannot write", path.display()))
}

/// For a run with nothing to write: write the facet map when there is none for the committed
/// segments (a run stopped between its commit and its map, an index from before maps, a map
/// deleted by hand). Only the map's head is read, so a run with nothing to do stays cheap.
pub(super) fn refresh_facet_map(store: &Store) -> Result<()> {
    let ids = store.index.searchable_segment_ids()?;
    if ids.is_empty() || facetmap::names_segments(&store.dir.join(facetmap::FILE), &ids) {
        return Ok(());
    }
    store_facet_map(store)
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
pub(super) fn merge_roots(m: &mut Manifest, roots: &[String]) -> bool {
    let list = merged_roots(&m.roots, roots);
    let changed = list != m.roots;
    m.roots = list;
    changed
}

/// The recorded roots with `roots` added, sorted, without those under another.
pub(super) fn merged_roots(recorded: &[String], roots: &[String]) -> Vec<String> {
    let mut all: BTreeSet<&String> = recorded.iter().collect();
    all.extend(roots.iter());
    all.iter()
        .filter(|r| !all.iter().any(|o| o != *r && walk::key_under(r, o)))
        .map(|r| (*r).clone())
        .collect()
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
    let m: &Manifest = m;
    let failed = || {
        format!(
            "{}: cannot commit the index; the last commit is unchanged",
            dir.display()
        )
    };
    // The manifest and the learnt corpus are written (and fsynced) on a thread of their own
    // while tantivy's threads finish and write the segments (`prepare_commit`): both are done
    // before the commit that names them. On one thread they came one after the other (+1 file
    // to 10,000: ~15 ms of ~150).
    let store = || -> Result<String> {
        let name = m.store(dir)?;
        if let Some(c) = corpus {
            store_corpus(dir, c)?;
        }
        Ok(name)
    };
    let (name, prepared) = std::thread::scope(|s| {
        let side = std::thread::Builder::new()
            .name("byline-commit".into())
            .spawn_scoped(s, store);
        let prepared = w.prepare_commit();
        let name = match side {
            Ok(h) => h.join().unwrap_or_else(|p| std::panic::resume_unwind(p)),
            Err(_) => store(),
        };
        (name, prepared)
    });
    let name = name?;
    let mut prepared = prepared.with_context(failed)?;
    crash_point("before-commit");
    let payload = serde_json::to_string(&Payload {
        manifest: name.clone(),
        generation: m.generation,
    })?;
    prepared.set_payload(&payload);
    prepared.commit().with_context(failed)?;
    crash_point("after-commit");
    Ok(name)
}

/// Input between two commits of one run: `COMMIT_EVERY_BYTES`, or a test's
/// `BYLINE_TEST_COMMIT_EVERY_BYTES` (so that tests reach a commit in the middle of a run).
pub(super) fn commit_every_bytes() -> u64 {
    std::env::var("BYLINE_TEST_COMMIT_EVERY_BYTES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(COMMIT_EVERY_BYTES)
}

/// Test hook: `BYLINE_TEST_CRASH=before-commit|after-commit` aborts the process there, the way a
/// power cut or `kill -9` would (no destructors, no cleanup). Used by the crash-safety tests.
pub(super) fn crash_point(point: &str) {
    if std::env::var_os("BYLINE_TEST_CRASH").is_some_and(|v| v == point) {
        std::process::abort();
    }
}
