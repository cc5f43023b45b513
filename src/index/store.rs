//! The index directory on the writing side: opening it for writing (creating, clearing or
//! recovering it), the writer's lock, and the manifest that its last commit names. Reading
//! and recognising the directory is `crate::disk`, shared with the read side.

use std::fs::File;
use std::path::{Path, PathBuf};

use anyhow::{anyhow, bail, Context, Result};
use tantivy::Index;

use super::manifest::{Manifest, Payload, Saved};
use crate::disk::{
    check_marker, check_segments, fields_for, is_empty_dir, is_permission, open_index,
    rebuild_hint, unreadable, verify_index, Marker, LOCK, MARKER,
};
use crate::schema::{self, Fields, SCHEMA_VERSION};

/// An opened index with its fields and manifest.
pub struct Store {
    pub dir: PathBuf,
    pub index: Index,
    pub fields: Fields,
    /// The manifest the last commit names, read (its stamps checked) but not decoded:
    /// `manifest()` decodes it.
    pub saved: Saved,
    /// The manifest file the last commit names (none for a fresh index).
    pub manifest_name: Option<String>,
}

/// Open an existing index for reading. Errors say what is wrong and how to recover.
pub fn open(dir: &Path) -> Result<Store> {
    let (index, _) = open_index(dir)?;
    finish_open(dir.to_path_buf(), index)
}

fn finish_open(dir: PathBuf, index: Index) -> Result<Store> {
    let fields = fields_for(&dir, &index)?;
    // A writer may commit and delete the manifest we are about to read between our reading
    // meta.json and the manifest: then read meta.json again (it names the new manifest).
    let mut attempt = 0;
    let (saved, manifest_name) = loop {
        attempt += 1;
        match load_manifest(&dir, &index) {
            Err(e) if attempt < 5 && is_missing_file(&e) => continue,
            other => break other?,
        }
    };
    Ok(Store {
        dir,
        index,
        fields,
        saved,
        manifest_name,
    })
}

impl Store {
    /// The manifest the last commit names, decoded.
    pub fn manifest(&self) -> Result<Manifest> {
        self.saved.decode()
    }
}

/// The manifest named by the last commit's payload (none for a fresh index).
fn load_manifest(dir: &Path, index: &Index) -> Result<(Saved, Option<String>)> {
    let dir = dir.to_path_buf();
    let metas = index.load_metas().map_err(|e| {
        anyhow!(
            "{}: cannot read index metadata ({e}); {}",
            dir.display(),
            rebuild_hint(&dir)
        )
    })?;
    Ok(match metas.payload.as_deref() {
        None => (Saved::empty(), None),
        Some(p) => {
            let payload: Payload = serde_json::from_str(p).map_err(|e| {
                anyhow!(
                    "{}: unreadable commit payload ({e}); {}",
                    dir.display(),
                    rebuild_hint(&dir)
                )
            })?;
            let m = Saved::read(&dir, &payload.manifest)?;
            if m.generation()? != payload.generation {
                bail!(
                    "{}: manifest does not match the last commit; {}",
                    dir.display(),
                    rebuild_hint(&dir)
                );
            }
            (m, Some(payload.manifest))
        }
    })
}

fn is_missing_file(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::NotFound)
    })
}

/// The writer's exclusive lock on an index directory, held for the whole run.
pub struct Lock {
    _file: File,
}

/// Take the lock or fail fast with a clear message.
pub fn lock(dir: &Path) -> Result<Lock> {
    let path = dir.join(LOCK);
    let file = File::options()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(|e| {
            if is_permission(&e) {
                anyhow!(
                    "{}: cannot write to the index directory ({e}); the index is unchanged",
                    dir.display()
                )
            } else {
                anyhow!("{}: cannot create the lock file: {e}", path.display())
            }
        })?;
    match file.try_lock() {
        Ok(()) => Ok(Lock { _file: file }),
        Err(std::fs::TryLockError::WouldBlock) => bail!(
            "{}: another `byline index` is writing this index; wait for it to finish",
            dir.display()
        ),
        Err(std::fs::TryLockError::Error(e)) => {
            bail!("{}: cannot lock the index: {e}", path.display())
        }
    }
}

/// Open the index for writing, creating it if needed. With `rebuild`, an index of another
/// schema version is replaced. Returns the store and the lock (taken before anything is read).
pub fn open_for_writing(dir: &Path, rebuild: bool) -> Result<(Store, Lock)> {
    std::fs::create_dir_all(dir)
        .with_context(|| format!("{}: cannot create the index directory", dir.display()))?;
    let lock = lock(dir)?;
    if is_empty_dir(dir)? {
        return Ok((create(dir)?, lock));
    }
    match check_marker(dir) {
        Ok(_) => {}
        Err(_) if rebuild && dir.join(MARKER).exists() => {
            // Ours, but unreadable or of another version: start again.
            clear(dir)?;
            return Ok((create(dir)?, lock));
        }
        Err(e) => return Err(e),
    }
    if !dir.join("meta.json").exists() {
        // Created by a run that died before tantivy wrote its first file.
        return Ok((create(dir)?, lock));
    }
    let index = match Index::open_in_dir(dir) {
        Ok(i) => i,
        Err(_) if rebuild => {
            clear(dir)?;
            return Ok((create(dir)?, lock));
        }
        Err(e) => return Err(unreadable(dir, e)),
    };
    // A rebuild needs nothing from the old segments, and tantivy must not read a damaged one:
    // opening a reader on a garbled term dictionary can panic, and a merge would copy the
    // garbage. So the checksums come first (they read bytes only); a damaged index is
    // cleared. An intact one stays searchable until the rebuild commits.
    if rebuild && !verify_index(dir, &index).is_ok_and(|(_, bad)| bad.is_empty()) {
        drop(index);
        clear(dir)?;
        return Ok((create(dir)?, lock));
    }
    if let Err(e) = check_segments(dir, &index) {
        if rebuild {
            drop(index);
            clear(dir)?;
            return Ok((create(dir)?, lock));
        }
        return Err(e);
    }
    match finish_open(dir.to_path_buf(), index) {
        Ok(store) => Ok((store, lock)),
        Err(_) if rebuild => {
            clear(dir)?;
            Ok((create(dir)?, lock))
        }
        Err(e) => Err(e),
    }
}

/// Create a new index. The marker is written first, so that a crash in between leaves a
/// directory that is recognisably ours (marker without `meta.json`: created again next time).
fn create(dir: &Path) -> Result<Store> {
    let marker = Marker {
        schema_version: SCHEMA_VERSION,
        created_by: format!("byline {}", env!("CARGO_PKG_VERSION")),
        analyzer: crate::stem::ANALYZER.to_string(),
    };
    // Atomic: a run killed here must not leave an empty marker, which reads as corrupt.
    let json = serde_json::to_vec_pretty(&marker)?;
    super::manifest::write_atomic(&dir.join(MARKER), |w| std::io::Write::write_all(w, &json))
        .with_context(|| format!("{}: cannot write {MARKER}", dir.display()))?;
    let (schema, _) = schema::build();
    let index = Index::builder()
        .schema(schema)
        .settings(schema::index_settings())
        .create_in_dir(dir)
        .map_err(|e| anyhow!("{}: cannot create an index here: {e}", dir.display()))?;
    finish_open(dir.to_path_buf(), index)
}

/// Remove a byline index's files (never README.md, never the lock we hold).
fn clear(dir: &Path) -> Result<()> {
    for e in std::fs::read_dir(dir)? {
        let e = e?;
        let name = e.file_name();
        if name == "README.md" || name == ".gitignore" || name == LOCK {
            continue;
        }
        let p = e.path();
        if e.file_type()?.is_dir() {
            std::fs::remove_dir_all(&p)?;
        } else {
            std::fs::remove_file(&p)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn copy_flat(from: &Path, to: &Path) {
        std::fs::create_dir_all(to).unwrap();
        for e in std::fs::read_dir(from).unwrap() {
            let p = e.unwrap().path();
            std::fs::copy(&p, to.join(p.file_name().unwrap())).unwrap();
        }
    }

    /// A single flipped byte near the end of a term dictionary can make tantivy panic while it
    /// opens a reader (before any checksum is looked at). `--rebuild` must verify first and
    /// start from an empty index, never open such a segment: it once did, and the run ended
    /// in "the index is damaged ... rebuild it with --rebuild".
    #[test]
    fn rebuild_over_a_garbled_term_dictionary_starts_empty() {
        let tmp = tempfile::tempdir().unwrap();
        let corpus = tmp.path().join("corpus");
        std::fs::create_dir(&corpus).unwrap();
        for i in 0..24 {
            std::fs::write(
                corpus.join(format!("a{i}.txt")),
                format!(
                    "Story {i} about Microsoft and Nvidia\n\nThe cloud chip market grew in \
                     year {i} while regulators watched data centres. Story number {i}.\n"
                ),
            )
            .unwrap();
        }
        let pristine = tmp.path().join("pristine");
        let opts = crate::index::Options {
            threads: 1,
            memory_mb: 64,
            ..crate::index::Options::new(vec![corpus.clone()], pristine.clone())
        };
        let summary = crate::index::run(&opts, &|_| {}).unwrap();
        assert_eq!(summary.articles, 24);
        let term = std::fs::read_dir(&pristine)
            .unwrap()
            .map(|e| e.unwrap().path())
            .find(|p| p.extension().is_some_and(|x| x == "term"))
            .expect("a term dictionary");
        let name = term.file_name().unwrap().to_owned();
        let len = std::fs::metadata(&term).unwrap().len() as usize;
        let mut reader_panics = 0;
        for back in 1..=len.min(160) {
            let dir = tmp.path().join(format!("garbled{back}"));
            copy_flat(&pristine, &dir);
            let mut bytes = std::fs::read(dir.join(&name)).unwrap();
            bytes[len - back] ^= 0xff;
            std::fs::write(dir.join(&name), &bytes).unwrap();
            // What tantivy does with this file when it opens a reader.
            let index = Index::open_in_dir(&dir).unwrap();
            let opened = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                check_segments(&dir, &index).is_ok()
            }));
            reader_panics += usize::from(opened.is_err());
            drop(index);
            let (store, _lock) = open_for_writing(&dir, true)
                .unwrap_or_else(|e| panic!("byte {back} from the end: {e:#}"));
            assert!(
                store.manifest().unwrap().files.is_empty(),
                "byte {back} from the end"
            );
            assert!(
                store.index.searchable_segment_ids().unwrap().is_empty(),
                "byte {back} from the end: the damaged segment is still there"
            );
            std::fs::remove_dir_all(&dir).unwrap();
        }
        // Otherwise this test no longer exercises the hazard it is about.
        assert!(reader_panics > 0, "no flipped byte made tantivy panic");
    }
}
