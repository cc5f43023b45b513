//! Stage 1 of an indexing run, walk and plan: the roots (given, or recorded in the
//! index) are walked, and each file found is compared with the manifest: unchanged (same size
//! and mtime), deferred (modified too recently, watch mode), too big, or to process; files the
//! manifest has under the roots and the walk no longer finds are removed (unless their
//! directory could not be read).

use std::path::PathBuf;

use anyhow::{bail, Context, Result};

use super::manifest::Stamps;
use super::walk::{self, Candidate};
use super::{display, Event, Options, Report};

/// What a run has to do.
pub(super) struct Plan {
    /// The roots' keys (recorded in the manifest at commit).
    pub(super) root_keys: Vec<String>,
    /// Files to read, parse and index, in key order.
    pub(super) todo: Vec<Candidate>,
    /// Changed files above `--max-file-mb`.
    pub(super) too_big: Vec<Candidate>,
    /// Keys of indexed files that are gone.
    pub(super) removed: Vec<String>,
    pub(super) unchanged: u64,
    pub(super) deferred: u64,
    /// Paths the walk could not use.
    pub(super) skipped: Vec<Report>,
}

/// Walk the roots and sort what is found against the manifest's stamps `known` (none: every
/// file is new). `recorded`: the roots the index holds, used when `opts.roots` is empty.
pub(super) fn plan(
    opts: &Options,
    index_dir: &std::path::Path,
    recorded: &[String],
    known: Option<&Stamps>,
    on: &(dyn Fn(Event) + Sync),
) -> Result<Plan> {
    let roots = roots(opts, recorded)?;
    let root_keys: Vec<String> = roots.iter().map(|r| crate::keys::path_key(r)).collect();
    let walked = walk::walk(
        &roots,
        &walk::WalkOptions {
            follow: opts.follow,
            hidden: opts.hidden,
            exclude: Some(index_dir),
        },
    );
    let mut skipped = Vec::new();
    for p in &walked.skipped {
        let r = Report::new(&display(&p.path), &p.problem);
        on(Event::Skipped(&r));
        skipped.push(r);
    }
    let walk::Walked {
        candidates,
        unreadable_dirs,
        ..
    } = walked;
    let mut plan = Plan {
        root_keys,
        todo: Vec::new(),
        too_big: Vec::new(),
        removed: Vec::new(),
        unchanged: 0,
        deferred: 0,
        skipped,
    };
    let max_bytes = opts.max_bytes();
    let fresh_after = opts.settle.map(|d| {
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |t| t.as_nanos() as i128);
        now - d.as_nanos() as i128
    });
    // The candidates and the stamps are both in key order: one pass over the two.
    let mut known = known.map_or(&[][..], |k| &k.files[..]).iter().peekable();
    let mut removed = Vec::new();
    let mut gone = |key: &str| {
        if plan.root_keys.iter().any(|r| walk::key_under(key, r))
            && !unreadable_dirs.iter().any(|d| walk::key_under(key, d))
        {
            removed.push(key.to_string());
        }
    };
    let (mut todo, mut too_big) = (Vec::new(), Vec::new());
    for c in candidates {
        while let Some(s) = known.next_if(|s| s.key < c.key.as_str()) {
            gone(s.key);
        }
        match known.next_if(|s| s.key == c.key) {
            Some(e) if e.size == c.size && e.mtime_ns == c.mtime_ns => plan.unchanged += 1,
            _ if fresh_after.is_some_and(|t| c.mtime_ns > t) => plan.deferred += 1,
            _ if c.size > max_bytes => too_big.push(c),
            _ => todo.push(c),
        }
    }
    for s in known {
        gone(s.key);
    }
    (plan.todo, plan.too_big, plan.removed) = (todo, too_big, removed);
    Ok(plan)
}

/// The given roots (canonical), or the ones recorded in the index.
fn roots(opts: &Options, recorded: &[String]) -> Result<Vec<PathBuf>> {
    if opts.roots.is_empty() {
        if recorded.is_empty() {
            bail!("nothing to index: give a directory or file, e.g. `byline index corpus`");
        }
        return Ok(recorded.iter().map(|r| crate::keys::key_path(r)).collect());
    }
    opts.roots
        .iter()
        .map(|r| std::fs::canonicalize(r).with_context(|| format!("{}: cannot index", r.display())))
        .collect()
}

impl Plan {
    /// A line for each file too big to index.
    pub(super) fn too_big_reports(&self, max_file_mb: u64) -> Vec<Report> {
        self.too_big
            .iter()
            .map(|c| Report {
                path: display(&c.path),
                line: None,
                reason: format!(
                    "file is {:.1} MB, above --max-file-mb {}",
                    c.size as f64 / (1u64 << 20) as f64,
                    max_file_mb
                ),
            })
            .collect()
    }
}
