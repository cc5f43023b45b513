//! Watch mode (`byline index --watch`): after the first run, wait for changes under the roots
//! (notify: inotify on Linux) and run an ordinary incremental run once they have settled.
//!
//! A run re-walks the roots and compares them with the manifest, so adds, edits, removals,
//! renames and whole directories moved in or out are all handled by the code every run uses;
//! notify's events only say *when* to look. A file modified less than `settle` ago is left for
//! the next run (`Options::settle`): a scraper still writing it must not get a truncated
//! article indexed. Each run commits, so searches see new articles a moment after they settle.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use notify::{EventKind, RecursiveMode, Watcher};

use super::{Event, Options, Summary};

/// How watch mode waits.
#[derive(Debug, Clone, Copy)]
pub struct Timing {
    /// Quiet time after the last change, and the age a changed file must reach, before a run.
    pub settle: Duration,
    /// Longest wait before a run that failed (another indexer held the lock, a full disk) is
    /// tried again; the wait doubles from `settle` up to this.
    pub max_backoff: Duration,
}

impl Default for Timing {
    fn default() -> Self {
        Timing {
            settle: Duration::from_millis(1000),
            max_backoff: Duration::from_secs(60),
        }
    }
}

/// Is this event worth a run? Reads are not; nothing inside the index directory is.
fn relevant(ev: &notify::Event, index_dir: &Path) -> bool {
    !matches!(ev.kind, EventKind::Access(_)) && ev.paths.iter().any(|p| !p.starts_with(index_dir))
}

/// The directories a watch covers: the given roots (canonical when they exist), or the ones
/// recorded in the index.
pub fn roots(opts: &Options) -> Result<Vec<PathBuf>> {
    if opts.roots.is_empty() {
        let store = super::store::open(&opts.index_dir)?;
        return Ok(store
            .manifest
            .roots
            .iter()
            .map(|r| crate::keys::key_path(r))
            .collect());
    }
    Ok(opts
        .roots
        .iter()
        .map(|r| std::fs::canonicalize(r).unwrap_or_else(|_| r.clone()))
        .collect())
}

/// Run `opts` once, then watch `roots` until `stop` is set, running `super::run` (with
/// `settle`) after changes. The watches are set before the first run, so nothing changed
/// during it is missed. Every run's outcome goes to `report`; the first run's error is
/// returned instead (nothing to watch over). When `stop` is set, pending changes get one last
/// run (files still being written are left out), then this returns: everything indexed is
/// committed.
pub fn watch(
    opts: &Options,
    roots: &[PathBuf],
    timing: Timing,
    stop: &AtomicBool,
    on: &(dyn Fn(Event) + Sync),
    report: &mut dyn FnMut(Result<Summary>),
) -> Result<()> {
    let index_dir = std::fs::canonicalize(&opts.index_dir).unwrap_or(opts.index_dir.clone());
    let (tx, rx) = mpsc::channel::<notify::Result<notify::Event>>();
    let mut watcher = notify::recommended_watcher(move |ev| {
        let _ = tx.send(ev);
    })
    .context("cannot start watching for changes")?;
    for r in roots {
        watcher
            .watch(r, RecursiveMode::Recursive)
            .with_context(|| format!("{}: cannot watch for changes", r.display()))?;
    }
    report(Ok(super::run(opts, on)?));
    let run_opts = Options {
        roots: roots.to_vec(),
        rebuild: false,
        settle: Some(timing.settle),
        ..opts.clone()
    };
    // When the last change was seen (None: nothing pending), and when a failed run may retry.
    let mut pending: Option<Instant> = None;
    let mut retry_at: Option<Instant> = None;
    let mut backoff = timing.settle;
    loop {
        let stopping = stop.load(Ordering::SeqCst);
        match rx.recv_timeout(Duration::from_millis(100)) {
            Ok(Ok(ev)) if relevant(&ev, &index_dir) => pending = Some(Instant::now()),
            Ok(Ok(_)) => {}
            // Lost events (a queue overflow): look at everything again.
            Ok(Err(_)) => pending = Some(Instant::now()),
            Err(mpsc::RecvTimeoutError::Timeout) => {}
            Err(mpsc::RecvTimeoutError::Disconnected) => break,
        }
        let now = Instant::now();
        let settled = pending.is_some_and(|t| now >= t + timing.settle);
        let may_retry = retry_at.is_none_or(|t| now >= t);
        if settled && may_retry {
            match super::run(&run_opts, on) {
                Ok(s) => {
                    // Files still being written: look again once they may have settled.
                    pending = (s.deferred > 0).then_some(now);
                    retry_at = None;
                    backoff = timing.settle;
                    report(Ok(s));
                }
                Err(e) => {
                    retry_at = Some(now + backoff);
                    backoff = (backoff * 2).min(timing.max_backoff);
                    report(Err(e));
                }
            }
        }
        if stopping {
            // One last run for what has changed, without waiting for more quiet (a file still
            // being written is left out: it would be indexed truncated).
            if pending.is_some() && retry_at.is_none() {
                report(super::run(&run_opts, on));
            }
            break;
        }
    }
    Ok(())
}
