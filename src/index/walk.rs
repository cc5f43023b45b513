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

/// Walk canonical `roots`; candidates come out sorted by key, without duplicates, and the
/// problems sorted by path.
pub fn walk(roots: &[PathBuf], opts: &WalkOptions) -> Walked {
    let mut out = Walked::default();
    // Article files found, stat'ed after each root's walk, in parallel (`stat_all`).
    let mut found: Vec<Found> = Vec::new();
    for root in roots {
        // The `.bylineignore` files of the directories above the current entry, deepest last.
        let mut ignores = IgnoreStack::default();
        let mut ignore_problems = Vec::new();
        // Not sorted by walkdir (its comparisons parse each path's file name again, a tenth
        // of a run with nothing to do): candidates and problems are sorted at the end.
        let iter = walkdir::WalkDir::new(root)
            .follow_links(opts.follow)
            .into_iter()
            .filter_entry(|e| {
                if e.depth() > 0
                    && !opts.hidden
                    && e.file_name().as_encoded_bytes().starts_with(b".")
                {
                    return false;
                }
                let is_dir = e.file_type().is_dir();
                if ignores.ignored(e.path(), e.depth(), is_dir)
                    || opts.exclude.is_some_and(|x| e.path() == x)
                {
                    return false;
                }
                if is_dir {
                    ignores.enter(e.path(), e.depth(), &mut ignore_problems);
                }
                true
            });
        for item in iter {
            let entry = match item {
                Ok(e) => e,
                Err(err) => {
                    walk_error(&err, root, &mut out);
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
                unfollowed_link(path, format, roots, &mut out);
                continue;
            }
            if format.is_none() {
                if entry.depth() == 0 {
                    skip(
                        &mut out,
                        path,
                        &format!(
                            "not a supported article file ({})",
                            crate::article::SUPPORTED
                        ),
                    );
                }
                continue;
            }
            if let Some(format) = format {
                found.push(Found {
                    path: entry.into_path(),
                    followed: opts.follow,
                    format,
                });
            }
        }
        stat_all(std::mem::take(&mut found), &mut out);
        out.skipped.append(&mut ignore_problems);
    }
    out.candidates.sort_by(|a, b| a.key.cmp(&b.key));
    out.candidates.dedup_by(|a, b| a.key == b.key);
    out.skipped.sort_by(|a, b| a.path.cmp(&b.path));
    out.unreadable_dirs.sort();
    out
}

/// What the walk could not read, as a problem for its path; a directory is also noted, so that
/// the files under it are not taken as removed.
fn walk_error(err: &walkdir::Error, root: &Path, out: &mut Walked) {
    let path = err
        .path()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| root.to_path_buf());
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
}

/// A symlink met without `--follow`: one to an article file inside the roots is indexed under
/// its own path; one to a directory or outside the roots, or a broken one, is reported.
fn unfollowed_link(path: &Path, format: Option<Format>, roots: &[PathBuf], out: &mut Walked) {
    match std::fs::metadata(path) {
        Ok(m) if m.is_dir() => skip(
            out,
            path,
            "symlink to a directory, not followed (use --follow)",
        ),
        Ok(m) if m.is_file() && format.is_some() => {
            let inside = std::fs::canonicalize(path)
                .map(|t| roots.iter().any(|r| t.starts_with(r)))
                .unwrap_or(false);
            if inside {
                push(out, path, &m, format);
            } else {
                skip(
                    out,
                    path,
                    "symlink to a file outside the indexed roots, not followed (use --follow)",
                );
            }
        }
        Ok(_) => {}
        Err(e) if format.is_some() => skip(out, path, &format!("broken symlink: {e}")),
        Err(_) => {}
    }
}

/// An article file the walk found, to stat.
struct Found {
    path: PathBuf,
    /// Links are followed (`--follow`): stat the target.
    followed: bool,
    format: Format,
}

/// Stat the files found, on the thread pool: a stat is a path lookup in the kernel, and on
/// 10,000 unchanged files they were most of a run's walk. Results keep the walk's order.
fn stat_all(found: Vec<Found>, out: &mut Walked) {
    use rayon::prelude::*;
    let stats: Vec<std::io::Result<std::fs::Metadata>> = found
        .par_iter()
        .with_min_len(256)
        .map(|f| {
            if f.followed {
                std::fs::metadata(&f.path)
            } else {
                std::fs::symlink_metadata(&f.path)
            }
        })
        .collect();
    for (f, m) in found.iter().zip(stats) {
        match m {
            Ok(m) if m.is_file() => push(out, &f.path, &m, Some(f.format)),
            Ok(_) => {}
            Err(e) => skip(out, &f.path, &format!("cannot stat: {e}")),
        }
    }
}

/// The `.bylineignore` files that apply while walking: one per directory on the path from the
/// root to the current entry that has one, with gitignore's precedence (the deepest file with a
/// rule for a path decides, so a `!pattern` in a subdirectory re-includes what a parent
/// excluded). Files above the root are not read.
#[derive(Default)]
struct IgnoreStack {
    /// (depth of the directory holding the file, its rules), shallowest first.
    files: Vec<(usize, ignore::gitignore::Gitignore)>,
}

impl IgnoreStack {
    /// Is the entry at `path` (at `depth` in the walk) excluded by a `.bylineignore`? Entries
    /// come in walk order, so the files of directories that are not its ancestors are
    /// dropped first.
    fn ignored(&mut self, path: &Path, depth: usize, is_dir: bool) -> bool {
        while self.files.last().is_some_and(|(d, _)| *d >= depth) {
            self.files.pop();
        }
        for (_, g) in self.files.iter().rev() {
            match g.matched(path, is_dir) {
                ignore::Match::None => continue,
                m => return m.is_ignore(),
            }
        }
        false
    }

    /// The walk enters directory `dir`: read its `.bylineignore`, if any. A malformed line is
    /// reported (as a skipped entry naming the file) and the file's other lines still apply.
    fn enter(&mut self, dir: &Path, depth: usize, problems: &mut Vec<PathProblem>) {
        let file = dir.join(IGNORE_FILE);
        if !file.is_file() {
            return;
        }
        let (g, err) = ignore::gitignore::Gitignore::new(&file);
        if let Some(e) = err {
            problems.push(PathProblem {
                path: file,
                problem: Problem::new(None, format!("ignore file problem: {e}")),
            });
        }
        self.files.push((depth, g));
    }
}

/// A file, in any indexed directory, naming what under it is not an article (gitignore syntax).
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

    fn walked_names(root: &Path) -> (Vec<String>, Vec<String>) {
        let opts = WalkOptions {
            follow: false,
            hidden: false,
            exclude: None,
        };
        let w = walk(&[root.to_path_buf()], &opts);
        let rel = |p: &Path| p.strip_prefix(root).unwrap().display().to_string();
        let names = w.candidates.iter().map(|c| rel(&c.path)).collect();
        let skipped = w
            .skipped
            .iter()
            .map(|s| format!("{}: {}", rel(&s.path), s.problem.message))
            .collect();
        (names, skipped)
    }

    #[test]
    fn ignore_files_apply_in_every_directory_the_deepest_deciding() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let write = |rel: &str, text: &str| {
            let p = root.join(rel);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, text).unwrap();
        };
        for f in [
            "a.md",
            "drafts/x.md",
            "news/b.md",
            "news/wip-c.md",
            "news/wip-keep.md",
            "news/deep/d.md",
            "news/deep/e.txt",
            "other/wip-f.md",
            "other/g.txt",
        ] {
            write(f, "Title\n\nSome text.\n");
        }
        write(".bylineignore", "drafts/\n*.txt\n");
        write("news/.bylineignore", "wip-*\n!wip-keep.md\n");
        write("news/deep/.bylineignore", "!*.txt\nd.md\n");
        let (names, skipped) = walked_names(root);
        assert_eq!(
            names,
            [
                "a.md",
                "news/b.md",
                "news/deep/e.txt",
                "news/wip-keep.md",
                "other/wip-f.md"
            ],
            "root rules apply everywhere, news/ rules only under news/, and the deepest file's \
             rule wins (news/deep re-includes .txt)"
        );
        assert!(skipped.is_empty(), "{skipped:?}");
    }

    #[test]
    fn a_malformed_ignore_line_is_reported_and_the_rest_still_apply() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir(root.join("sub")).unwrap();
        for f in ["sub/a.md", "sub/b.md", "c.md"] {
            std::fs::write(root.join(f), "Title\n\nText.\n").unwrap();
        }
        std::fs::write(root.join("sub/.bylineignore"), "[z-a].md\nb.md\n").unwrap();
        let (names, skipped) = walked_names(root);
        assert_eq!(names, ["c.md", "sub/a.md"]);
        assert_eq!(skipped.len(), 1, "{skipped:?}");
        assert!(
            skipped[0].starts_with("sub/.bylineignore: ignore file problem")
                && skipped[0].contains("line 1"),
            "{skipped:?}"
        );
    }
}
