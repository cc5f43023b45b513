//! Watch mode (`byline index --watch`): after the first run, wait for changes under the roots
//! (notify: inotify on Linux) and run an ordinary incremental run once they have settled.
//!
//! A run re-walks the roots and compares them with the manifest, so adds, edits, removals,
//! renames and whole directories moved in or out are all handled by the code every run uses;
//! notify's events only say *when* to look. A file modified less than `settle` ago is left for
//! the next run (`Options::settle`): a scraper still writing it must not get a truncated
//! article indexed. Each run commits, so searches see new articles a moment after they settle.
//!
//! Only changes to what a run could index start one (`triggers`): an editor's swap and backup
//! files, temporary downloads, hidden files and the index's own writes do not. When the system
//! refuses more watches (Linux's `fs.inotify.max_user_watches`, or its instance limit), the
//! watch falls back to polling the roots, and says so; `--poll` asks for polling from the
//! start (network file systems send no notifications).

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use notify::event::{CreateKind, RemoveKind};
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
    /// Look for changes by scanning the roots this often instead of through the system's
    /// notifications (`None`: notifications, falling back to `POLL_INTERVAL` at their limit).
    pub poll: Option<Duration>,
}

impl Default for Timing {
    fn default() -> Self {
        Timing {
            settle: Duration::from_millis(1000),
            max_backoff: Duration::from_secs(60),
            poll: None,
        }
    }
}

/// How often a polling watch scans the roots (a `stat` per file: about 10 ms for 10,000).
pub const POLL_INTERVAL: Duration = Duration::from_secs(2);

/// What a watch needs to know to judge an event.
struct Scope<'a> {
    roots: &'a [PathBuf],
    index_dir: &'a Path,
    hidden: bool,
}

/// Is this event worth a run? Reads are not, and only paths that a run could index (or that
/// change what it indexes) count: see `triggers`.
fn relevant(ev: &notify::Event, scope: &Scope) -> bool {
    !matches!(ev.kind, EventKind::Access(_)) && ev.paths.iter().any(|p| triggers(p, ev.kind, scope))
}

/// Could a change at `path` change what a run indexes? Yes for an article file (by its
/// extension) outside the index directory, a `.bylineignore` file, and a directory (a whole
/// folder moved in or out). No for hidden names (without `--hidden`), an editor's swap,
/// backup and lock files (`.a.md.swp`, `a.md~`, `#a.md#`), temporary and other files byline
/// does not read. A path that is gone and that the event does not call a file may have been a
/// directory moved away, so it counts.
fn triggers(path: &Path, kind: EventKind, scope: &Scope) -> bool {
    if path.starts_with(scope.index_dir) {
        return false;
    }
    if path.file_name() == Some(std::ffi::OsStr::new(super::walk::IGNORE_FILE)) {
        return true;
    }
    let under_root = scope
        .roots
        .iter()
        .find_map(|r| path.strip_prefix(r).ok())
        .unwrap_or(path);
    if !scope.hidden
        && under_root
            .components()
            .any(|c| c.as_os_str().as_encoded_bytes().starts_with(b"."))
    {
        return false;
    }
    if crate::article::Format::from_path(path).is_some() {
        return true;
    }
    if matches!(
        kind,
        EventKind::Create(CreateKind::File) | EventKind::Remove(RemoveKind::File)
    ) {
        return false;
    }
    match std::fs::symlink_metadata(path) {
        Ok(m) => m.is_dir(),
        Err(_) => true,
    }
}

type Events = mpsc::Sender<notify::Result<notify::Event>>;

/// Did the system refuse a watch for lack of watches or instances?
fn at_limit(e: &notify::Error) -> bool {
    match &e.kind {
        notify::ErrorKind::MaxFilesWatch => true,
        notify::ErrorKind::Io(io) => matches!(io.raw_os_error(), Some(28 | 24)), // ENOSPC, EMFILE
        _ => false,
    }
}

/// Start watching `roots`: through `native` unless `poll` is set, and by polling every
/// `POLL_INTERVAL` when `native` hits the system's limit, with a message saying so (the
/// second value).
fn start(
    roots: &[PathBuf],
    tx: &Events,
    poll: Option<Duration>,
    native: impl FnOnce(Events) -> notify::Result<Box<dyn Watcher + Send>>,
) -> Result<(Box<dyn Watcher + Send>, Option<String>)> {
    let watch_all = |mut w: Box<dyn Watcher + Send>| -> notify::Result<Box<dyn Watcher + Send>> {
        for r in roots {
            w.watch(r, RecursiveMode::Recursive)
                .map_err(|e| e.add_path(r.clone()))?;
        }
        Ok(w)
    };
    if let Some(every) = poll {
        return Ok((polling(roots, tx, every)?, None));
    }
    match native(tx.clone()).and_then(watch_all) {
        Ok(w) => Ok((w, None)),
        Err(e) if at_limit(&e) => {
            let w = polling(roots, tx, POLL_INTERVAL)?;
            Ok((w, Some(fallback_message(&e))))
        }
        Err(e) => Err(anyhow::Error::new(e).context("cannot watch for changes")),
    }
}

fn fallback_message(e: &notify::Error) -> String {
    format!(
        "the system's file-watch limit is reached ({e}); watching by polling every {} s \
         instead (on Linux, raise fs.inotify.max_user_watches to watch without polling)",
        POLL_INTERVAL.as_secs()
    )
}

/// A watcher that scans `roots` every `every`.
fn polling(roots: &[PathBuf], tx: &Events, every: Duration) -> Result<Box<dyn Watcher + Send>> {
    let tx = tx.clone();
    let config = notify::Config::default().with_poll_interval(every);
    let mut w = notify::PollWatcher::new(
        move |ev| {
            let _ = tx.send(ev);
        },
        config,
    )
    .context("cannot start polling for changes")?;
    for r in roots {
        w.watch(r, RecursiveMode::Recursive)
            .with_context(|| format!("{}: cannot poll for changes", r.display()))?;
    }
    Ok(Box::new(w))
}

/// The system's own watcher (inotify on Linux, FSEvents on macOS, ...).
fn native(tx: Events) -> notify::Result<Box<dyn Watcher + Send>> {
    let w = notify::recommended_watcher(move |ev| {
        let _ = tx.send(ev);
    })?;
    Ok(Box::new(w))
}

/// The directories a watch covers: the given roots (canonical when they exist), or the ones
/// recorded in the index.
pub fn roots(opts: &Options) -> Result<Vec<PathBuf>> {
    if opts.roots.is_empty() {
        let store = super::store::open(&opts.index_dir)?;
        return Ok(store
            .saved
            .stamps()?
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
    let scope = Scope {
        roots,
        index_dir: &index_dir,
        hidden: opts.hidden,
    };
    let (tx, rx) = mpsc::channel::<notify::Result<notify::Event>>();
    let (mut _watcher, fallback) = start(roots, &tx, timing.poll, native)?;
    if let Some(msg) = fallback {
        on(Event::Notice(&msg));
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
            Ok(Ok(ev)) if relevant(&ev, &scope) => pending = Some(Instant::now()),
            Ok(Ok(_)) => {}
            // A directory added later went past the system's limit: poll everything instead.
            Ok(Err(e)) if at_limit(&e) && timing.poll.is_none() => {
                _watcher = polling(roots, &tx, POLL_INTERVAL)?;
                on(Event::Notice(&fallback_message(&e)));
                pending = Some(Instant::now());
            }
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

#[cfg(test)]
mod tests {
    use super::*;
    use notify::event::{ModifyKind, RenameMode};

    #[test]
    fn only_what_a_run_could_index_triggers_one() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().to_path_buf();
        let index_dir = root.join("index");
        for d in ["index", "sub", ".git"] {
            std::fs::create_dir(root.join(d)).unwrap();
        }
        for f in ["a.md", "notes.tmp", "a.md~", "#a.md#", "report.docx"] {
            std::fs::write(root.join(f), "x").unwrap();
        }
        let roots = [root.clone()];
        let scope = |hidden| Scope {
            roots: &roots,
            index_dir: &index_dir,
            hidden,
        };
        let created = EventKind::Create(CreateKind::File);
        let any = EventKind::Any;
        let renamed = EventKind::Modify(ModifyKind::Name(RenameMode::From));
        let yes = |p: &str, kind| triggers(&root.join(p), kind, &scope(false));
        // Articles, ignore files, directories, and paths gone that may have been directories.
        assert!(yes("a.md", any));
        assert!(yes("b.jsonl", EventKind::Remove(RemoveKind::File)));
        assert!(yes("sub/.bylineignore", any));
        assert!(yes("sub", any));
        assert!(yes("moved-away", renamed));
        // Swap, backup, lock and temporary files; other formats; hidden paths; the index.
        for p in [
            ".a.md.swp",
            "a.md~",
            "#a.md#",
            ".#a.md",
            "notes.tmp",
            "report.docx",
            ".git/index.lock",
            "index/meta.json",
            "index/x.md",
        ] {
            assert!(!yes(p, any), "{p}");
        }
        // Vim's write test file, already gone: the event says it was a file.
        assert!(!yes("4913", created));
        assert!(triggers(&root.join(".drafts/c.md"), any, &scope(true)));
    }

    fn events() -> (Events, mpsc::Receiver<notify::Result<notify::Event>>) {
        mpsc::channel()
    }

    #[test]
    fn at_the_watch_limit_the_watch_polls_and_says_so() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap();
        let (tx, rx) = events();
        let refused = |_| Err(notify::Error::new(notify::ErrorKind::MaxFilesWatch));
        let (_w, msg) = start(std::slice::from_ref(&root), &tx, None, refused).unwrap();
        let msg = msg.expect("a message about polling");
        assert!(
            msg.contains("watch limit") && msg.contains("polling"),
            "{msg}"
        );
        // The polling watcher does see a new file.
        std::fs::write(root.join("new.md"), "# New\n\nText.\n").unwrap();
        let deadline = Instant::now() + Duration::from_secs(20);
        let mut seen = false;
        while !seen && Instant::now() < deadline {
            if let Ok(Ok(ev)) = rx.recv_timeout(Duration::from_millis(200)) {
                seen = ev.paths.iter().any(|p| p.ends_with("new.md"));
            }
        }
        assert!(seen, "the polling watcher reported no event for new.md");
        // The instance limit (EMFILE from inotify_init) falls back too.
        let no_instances = |_| Err(notify::Error::io(std::io::Error::from_raw_os_error(24)));
        let (_w, msg) = start(std::slice::from_ref(&root), &tx, None, no_instances).unwrap();
        assert!(msg.is_some());
    }

    #[test]
    fn other_watch_errors_are_errors_and_poll_asks_for_no_native_watcher() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().to_path_buf();
        let (tx, _rx) = events();
        let broken = |_| Err(notify::Error::generic("no backend"));
        let err = start(std::slice::from_ref(&root), &tx, None, broken)
            .err()
            .expect("an error");
        assert!(format!("{err:#}").contains("no backend"), "{err:#}");
        let (_w, msg) = start(
            std::slice::from_ref(&root),
            &tx,
            Some(Duration::from_secs(1)),
            |_| -> notify::Result<Box<dyn Watcher + Send>> { panic!("native watcher built") },
        )
        .unwrap();
        assert!(msg.is_none());
    }
}
