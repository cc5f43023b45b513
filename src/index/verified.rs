//! Which segment files are known good, so that a run that writes reads only the others.
//!
//! Merges read old segments whole, so a run must not write over a damaged one: before its
//! writer opens, the segment files are verified against their checksums, as
//! `disk::verify_index` does. But a whole index is ~130 MB for 10,000 articles, and reading it
//! all before every run that adds one file cost more than the rest of the run. So
//! `verified.tsv` records each segment file as it was when known good (name, length,
//! modification time, inode): files verified by a run, and the files a run committed itself
//! (they are written once and never changed). Only a file not recorded as it is now is
//! verified. A crash, a truncation or any write changes that metadata; damage that changes
//! none of it is left to `byline stats --check`, which verifies every file.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use anyhow::Result;
use tantivy::Index;

use crate::disk::{unreadable, VERIFIED_FILE};

/// A segment file as it was when known good: name, length, modification time (ns), inode.
type Seen = (String, u64, i128, u64);

/// Verify the index's segment files not recorded as they are now; record the ones that
/// pass. Returns the damaged files.
pub(super) fn verify_changed(dir: &Path, index: &Index) -> Result<Vec<PathBuf>> {
    let before = load(dir);
    let mut bad = Vec::new();
    let mut good = Vec::new();
    for path in segment_files(dir, index)? {
        let current = seen(dir, &path);
        if current.as_ref().is_some_and(|c| before.contains(c)) {
            good.extend(current);
            continue;
        }
        let ok = index
            .directory()
            .validate_checksum(&path)
            .map_err(|e| unreadable(dir, e.into()))?;
        if ok {
            good.extend(current);
        } else {
            bad.push(path);
        }
    }
    store(dir, &before, good);
    Ok(bad)
}

/// After a run's last commit: every segment file now in the index was verified when its
/// writer opened or written by the run itself, so all are recorded (if the index can be
/// read; the record is only an aid).
pub(super) fn record_committed(dir: &Path, index: &Index) {
    let Ok(files) = segment_files(dir, index) else {
        return;
    };
    let before = load(dir);
    store(
        dir,
        &before,
        files.iter().filter_map(|p| seen(dir, p)).collect(),
    );
}

/// The segment files of the committed index that its directory manages, sorted.
fn segment_files(dir: &Path, index: &Index) -> Result<Vec<PathBuf>> {
    let metas = index.load_metas().map_err(|e| unreadable(dir, e))?;
    let managed = index.directory().list_managed_files();
    let mut files: Vec<PathBuf> = metas
        .list_segment_files()
        .intersection(&managed)
        .cloned()
        .collect();
    files.sort();
    Ok(files)
}

/// How a file looks now; `None` if it cannot be stat'ed.
fn seen(dir: &Path, name: &Path) -> Option<Seen> {
    let m = std::fs::metadata(dir.join(name)).ok()?;
    #[cfg(unix)]
    let ino = std::os::unix::fs::MetadataExt::ino(&m);
    #[cfg(not(unix))]
    let ino = 0;
    Some((
        name.to_string_lossy().into_owned(),
        m.len(),
        super::walk::mtime_ns(&m),
        ino,
    ))
}

/// The record; empty when missing or unreadable (everything is then verified).
fn load(dir: &Path) -> HashSet<Seen> {
    std::fs::read_to_string(dir.join(VERIFIED_FILE))
        .map(|t| t.lines().filter_map(parse_line).collect())
        .unwrap_or_default()
}

/// Replace the record with `now`, unless it is the same. Only a record: a run that cannot
/// write it verifies again next time.
fn store(dir: &Path, before: &HashSet<Seen>, now: Vec<Seen>) {
    let same = now.len() == before.len() && now.iter().all(|s| before.contains(s));
    if same {
        return;
    }
    let text: String = now
        .iter()
        .map(|(n, len, mtime, ino)| format!("{n}\t{len}\t{mtime}\t{ino}\n"))
        .collect();
    let _ = super::manifest::write_atomic(&dir.join(VERIFIED_FILE), |w| {
        std::io::Write::write_all(w, text.as_bytes())
    });
}

fn parse_line(line: &str) -> Option<Seen> {
    let mut f = line.split('\t');
    Some((
        f.next()?.to_string(),
        f.next()?.parse().ok()?,
        f.next()?.parse().ok()?,
        f.next()?.parse().ok()?,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn record_lines_round_trip_and_bad_lines_are_ignored() {
        let s: Seen = ("ab.idx".into(), 12, -3, 7);
        let line = format!("{}\t{}\t{}\t{}", s.0, s.1, s.2, s.3);
        assert_eq!(parse_line(&line), Some(s));
        assert_eq!(parse_line("ab.idx\t12"), None);
        assert_eq!(parse_line("ab.idx\tx\t1\t2"), None);
    }
}
