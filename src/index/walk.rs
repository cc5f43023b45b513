//! Enumerating the files to index under the given roots.
//!
//! Symlinks: without `--follow`, a symlink to a file inside the indexed roots is indexed (under
//! its own path); a symlink to a file outside them, or to a directory, is reported as skipped.
//! With `--follow`, links are followed and loops are reported. Hidden entries (names starting
//! with `.`) are skipped unless `--hidden`. The index directory itself is never walked.

use std::path::{Path, PathBuf};

use crate::article::{Format, Problem};
use crate::keys::path_key;

/// A file to consider, with what `stat` says about it.
#[derive(Debug, Clone)]
pub struct Candidate {
    pub path: PathBuf,
    pub key: String,
    pub size: u64,
    pub mtime_ns: i128,
    pub format: Format,
}

/// A problem tied to a path.
#[derive(Debug, Clone)]
pub struct PathProblem {
    pub path: PathBuf,
    pub problem: Problem,
}

#[derive(Debug, Default)]
pub struct Walked {
    pub candidates: Vec<Candidate>,
    pub skipped: Vec<PathProblem>,
    /// Keys of directories that could not be read: files under them are not "removed".
    pub unreadable_dirs: Vec<String>,
}

pub struct WalkOptions<'a> {
    pub follow: bool,
    pub hidden: bool,
    /// Never descend here (the index directory), canonical.
    pub exclude: Option<&'a Path>,
}

/// Walk canonical `roots`; candidates come out sorted by key, without duplicates.
pub fn walk(roots: &[PathBuf], opts: &WalkOptions) -> Walked {
    let mut out = Walked::default();
    for root in roots {
        let ignore = root_ignore(root, &mut out);
        let iter = walkdir::WalkDir::new(root)
            .follow_links(opts.follow)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| {
                if e.depth() > 0
                    && !opts.hidden
                    && e.file_name().as_encoded_bytes().starts_with(b".")
                {
                    return false;
                }
                if ignore.as_ref().is_some_and(|g| {
                    g.matched_path_or_any_parents(e.path(), e.file_type().is_dir())
                        .is_ignore()
                }) {
                    return false;
                }
                opts.exclude.is_none_or(|x| e.path() != x)
            });
        for item in iter {
            let entry = match item {
                Ok(e) => e,
                Err(err) => {
                    let path = err
                        .path()
                        .map(Path::to_path_buf)
                        .unwrap_or_else(|| root.clone());
                    let msg = if let Some(anc) = err.loop_ancestor() {
                        format!(
                            "symlink loop (points back to {}); not followed",
                            anc.display()
                        )
                    } else if let Some(io) = err.io_error() {
                        let is_dir = std::fs::symlink_metadata(&path)
                            .map(|m| m.is_dir())
                            .unwrap_or(false);
                        if is_dir {
                            out.unreadable_dirs.push(path_key(&path));
                            format!("cannot read directory: {io}")
                        } else {
                            format!("cannot read: {io}")
                        }
                    } else {
                        err.to_string()
                    };
                    out.skipped.push(PathProblem {
                        path,
                        problem: Problem::new(None, msg),
                    });
                    continue;
                }
            };
            let path = entry.path();
            let ft = entry.file_type();
            if ft.is_dir() {
                continue;
            }
            let format = Format::from_path(path);
            if ft.is_symlink() {
                // Only reached without --follow.
                match std::fs::metadata(path) {
                    Ok(m) if m.is_dir() => skip(
                        &mut out,
                        path,
                        "symlink to a directory, not followed (use --follow)",
                    ),
                    Ok(m) if m.is_file() && format.is_some() => {
                        let inside = std::fs::canonicalize(path)
                            .map(|t| roots.iter().any(|r| t.starts_with(r)))
                            .unwrap_or(false);
                        if inside {
                            push(&mut out, path, &m, format);
                        } else {
                            skip(&mut out, path, "symlink to a file outside the indexed roots, not followed (use --follow)");
                        }
                    }
                    Ok(_) => {}
                    Err(e) if format.is_some() => {
                        skip(&mut out, path, &format!("broken symlink: {e}"))
                    }
                    Err(_) => {}
                }
                continue;
            }
            if format.is_none() {
                if entry.depth() == 0 {
                    skip(
                        &mut out,
                        path,
                        "not a supported article file (.txt, .md, .json, .jsonl, .ndjson, .html)",
                    );
                }
                continue;
            }
            match entry.metadata() {
                Ok(m) if m.is_file() => push(&mut out, path, &m, format),
                Ok(_) => {}
                Err(e) => skip(&mut out, path, &format!("cannot stat: {e}")),
            }
        }
    }
    out.candidates.sort_by(|a, b| a.key.cmp(&b.key));
    out.candidates.dedup_by(|a, b| a.key == b.key);
    out
}

/// The root's `.bylineignore`, if any; a malformed line is reported and the rest still apply.
fn root_ignore(root: &Path, out: &mut Walked) -> Option<ignore::gitignore::Gitignore> {
    let file = root.join(IGNORE_FILE);
    if !root.is_dir() || !file.is_file() {
        return None;
    }
    let (g, err) = ignore::gitignore::Gitignore::new(&file);
    if let Some(e) = err {
        skip(out, &file, &format!("ignore file problem: {e}"));
    }
    Some(g)
}

/// Per-root file naming what is not an article (gitignore syntax).
pub const IGNORE_FILE: &str = ".bylineignore";

fn skip(out: &mut Walked, path: &Path, msg: &str) {
    out.skipped.push(PathProblem {
        path: path.to_path_buf(),
        problem: Problem::new(None, msg),
    });
}

fn push(out: &mut Walked, path: &Path, m: &std::fs::Metadata, format: Option<Format>) {
    let Some(format) = format else { return };
    out.candidates.push(Candidate {
        path: path.to_path_buf(),
        key: path_key(path),
        size: m.len(),
        mtime_ns: mtime_ns(m),
        format,
    });
}

pub fn mtime_ns(m: &std::fs::Metadata) -> i128 {
    match m.modified() {
        Ok(t) => match t.duration_since(std::time::UNIX_EPOCH) {
            Ok(d) => d.as_nanos() as i128,
            Err(e) => -(e.duration().as_nanos() as i128),
        },
        Err(_) => 0,
    }
}

/// Is `key` at or under the directory (or file) key `root`?
pub fn key_under(key: &str, root: &str) -> bool {
    let (k, r) = (key.trim_start_matches('\0'), root.trim_start_matches('\0'));
    k == r || (k.starts_with(r) && (r.ends_with('/') || k[r.len()..].starts_with('/')))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn under() {
        assert!(key_under("/a/b/c.txt", "/a/b"));
        assert!(key_under("/a/b", "/a/b"));
        assert!(!key_under("/a/bc/c.txt", "/a/b"));
        assert!(key_under("/a/b.txt", "/"));
    }
}
