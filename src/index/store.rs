//! The index directory: creating it, recognising it, checking its schema version, locking it,
//! and loading the manifest that its last commit names.
//!
//! Layout of an index directory: tantivy's files (`meta.json`, segments), `byline.json` (schema
//! version), `manifest-NNNNNNNN.json` (named by the last commit's payload), `byline.lock`, and
//! optionally a `README.md` (the repository keeps one in `index/`).

use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::{anyhow, bail, Context, Result};
use serde::{Deserialize, Serialize};
use tantivy::directory::error::{DeleteError, LockError, OpenReadError, OpenWriteError};
use tantivy::directory::{
    Directory, DirectoryLock, FileHandle, Lock as TantivyLock, MmapDirectory, WatchCallback,
    WatchHandle, WritePtr,
};
use tantivy::Index;

use super::manifest::{Manifest, Payload};
use crate::schema::{self, Fields, SCHEMA_VERSION};

const MARKER: &str = "byline.json";
/// Where `write_atomic` writes the marker before renaming it.
const MARKER_TMP: &str = ".byline.json.tmp";
const LOCK: &str = "byline.lock";

#[derive(Debug, Serialize, Deserialize)]
struct Marker {
    schema_version: u32,
    created_by: String,
}

/// An opened index with its fields and manifest.
pub struct Store {
    pub dir: PathBuf,
    pub index: Index,
    pub fields: Fields,
    pub manifest: Manifest,
    /// The manifest file the last commit names (none for a fresh index).
    pub manifest_name: Option<String>,
}

fn rebuild_hint(dir: &Path) -> String {
    format!(
        "rebuild it with `byline index --rebuild --index {} PATH...`",
        dir.display()
    )
}

/// A segment file that cannot be opened: what to say. Missing, truncated or not tantivy's:
/// rebuild. Not readable by this user: say so, since a rebuild would not help.
pub fn unreadable(dir: &Path, e: tantivy::TantivyError) -> anyhow::Error {
    use tantivy::TantivyError as E;
    let io = match &e {
        E::OpenReadError(OpenReadError::IoError { io_error, .. }) => Some(io_error),
        E::LockFailure(LockError::IoError(io_error), _) | E::IoError(io_error) => Some(io_error),
        _ => None,
    };
    if let Some(io) = io.filter(|io| is_permission(io)) {
        return anyhow!(
            "{}: cannot read the index: {io}; check the permissions of its files",
            dir.display()
        );
    }
    anyhow!(
        "{}: cannot read the index, a file of it is missing or damaged ({e}); {}",
        dir.display(),
        rebuild_hint(dir)
    )
}

/// Open every segment's files (their footers are checked): an index missing a file or holding
/// a truncated one is found before a run reports success on it.
fn check_segments(dir: &Path, index: &Index) -> Result<()> {
    let _reader: tantivy::IndexReader = index
        .reader_builder()
        .reload_policy(tantivy::ReloadPolicy::Manual)
        .try_into()
        .map_err(|e| unreadable(dir, e))?;
    Ok(())
}

/// Is there nothing in `dir` but files we may ignore?
fn is_empty_dir(dir: &Path) -> Result<bool> {
    let rd = std::fs::read_dir(dir)
        .with_context(|| format!("{}: cannot read the index directory", dir.display()))?;
    for e in rd {
        let e = e?;
        let name = e.file_name();
        // A marker still being written when its run died counts as nothing written.
        let ours = name == LOCK || name == MARKER_TMP;
        if name != "README.md" && name != ".gitignore" && !ours {
            return Ok(false);
        }
    }
    Ok(true)
}

/// Open an existing index for reading. Errors say what is wrong and how to recover.
pub fn open(dir: &Path) -> Result<Store> {
    let (index, _) = open_index(dir)?;
    finish_open(dir.to_path_buf(), index)
}

/// Open an existing index's tantivy side only (no manifest): what a search needs.
pub fn open_index(dir: &Path) -> Result<(Index, Fields)> {
    if !dir.exists() || (dir.is_dir() && is_empty_dir(dir)?) {
        bail!(
            "{}: no index here; create one with `byline index --index {} PATH...`",
            dir.display(),
            dir.display()
        );
    }
    check_marker(dir)?;
    if !dir.join("meta.json").exists() {
        bail!(
            "{}: no index committed here yet; run `byline index --index {} PATH...`",
            dir.display(),
            dir.display()
        );
    }
    let index = MmapDirectory::open(dir)
        .map_err(tantivy::TantivyError::from)
        .and_then(|inner| {
            Index::open(ReadDir {
                inner,
                root: dir.to_path_buf(),
            })
        })
        .map_err(|e| unreadable(dir, e))?;
    let fields = fields_for(dir, &index)?;
    Ok((index, fields))
}

/// The index directory as searches open it: tantivy's memory-mapped directory, except that a
/// lock it cannot create or open for writing (a read-only mount, an index owned by another user)
/// is taken through a read-only handle instead, or not at all when the lock file does not exist
/// (then no writer has ever run where we cannot see it). Searching must not need write access.
#[derive(Clone, Debug)]
struct ReadDir {
    inner: MmapDirectory,
    root: PathBuf,
}

/// Holds a lock taken through a read-only handle; closing the file releases it.
struct ReadLock {
    _file: Option<File>,
}

impl ReadDir {
    fn read_only_lock(&self, lock: &TantivyLock) -> Result<DirectoryLock, LockError> {
        let file = match File::open(self.root.join(&lock.filepath)) {
            Ok(f) => f,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Ok(DirectoryLock::from(Box::new(ReadLock { _file: None })))
            }
            Err(e) => return Err(LockError::wrap_io_error(e)),
        };
        if lock.is_blocking {
            file.lock().map_err(LockError::wrap_io_error)?;
        } else if file.try_lock().is_err() {
            return Err(LockError::LockBusy);
        }
        Ok(DirectoryLock::from(Box::new(ReadLock {
            _file: Some(file),
        })))
    }
}

fn is_permission(e: &std::io::Error) -> bool {
    matches!(
        e.kind(),
        std::io::ErrorKind::PermissionDenied | std::io::ErrorKind::ReadOnlyFilesystem
    )
}

impl Directory for ReadDir {
    fn get_file_handle(&self, path: &Path) -> Result<Arc<dyn FileHandle>, OpenReadError> {
        self.inner.get_file_handle(path)
    }
    fn delete(&self, path: &Path) -> Result<(), DeleteError> {
        self.inner.delete(path)
    }
    fn exists(&self, path: &Path) -> Result<bool, OpenReadError> {
        self.inner.exists(path)
    }
    fn open_write(&self, path: &Path) -> Result<WritePtr, OpenWriteError> {
        self.inner.open_write(path)
    }
    fn atomic_read(&self, path: &Path) -> Result<Vec<u8>, OpenReadError> {
        self.inner.atomic_read(path)
    }
    fn atomic_write(&self, path: &Path, data: &[u8]) -> std::io::Result<()> {
        self.inner.atomic_write(path, data)
    }
    fn sync_directory(&self) -> std::io::Result<()> {
        self.inner.sync_directory()
    }
    fn watch(&self, cb: WatchCallback) -> tantivy::Result<WatchHandle> {
        self.inner.watch(cb)
    }
    fn acquire_lock(&self, lock: &TantivyLock) -> Result<DirectoryLock, LockError> {
        match self.inner.acquire_lock(lock) {
            Err(LockError::IoError(e)) if is_permission(&e) => self.read_only_lock(lock),
            other => other,
        }
    }
}

/// Verify the checksum of every file of the index's segments (reads them all: for
/// `stats --check` and for explaining a failure, not for every search). Returns how many files
/// were checked and the damaged ones, sorted.
pub fn verify(dir: &Path) -> Result<(u64, Vec<PathBuf>)> {
    let (index, _) = open_index(dir)?;
    verify_index(dir, &index)
}

/// [`verify`] on an opened index.
pub fn verify_index(dir: &Path, index: &Index) -> Result<(u64, Vec<PathBuf>)> {
    let metas = index.load_metas().map_err(|e| unreadable(dir, e))?;
    let ids: Vec<String> = metas
        .segments
        .iter()
        .map(|s| s.id().uuid_string())
        .collect();
    let files = std::fs::read_dir(dir)
        .with_context(|| format!("{}: cannot read the index directory", dir.display()))?
        .filter_map(|e| e.ok())
        .filter(|e| {
            let name = e.file_name();
            let name = name.to_string_lossy();
            ids.iter().any(|id| name.starts_with(id.as_str()))
        })
        .count() as u64;
    let mut bad: Vec<PathBuf> = index
        .validate_checksum()
        .map_err(|e| unreadable(dir, e))?
        .into_iter()
        .collect();
    bad.sort();
    Ok((files, bad))
}

/// What to say about segment files that fail their checksum.
pub fn damaged(dir: &Path, files: &[PathBuf]) -> anyhow::Error {
    let names: Vec<String> = files.iter().map(|f| f.display().to_string()).collect();
    anyhow!(
        "{}: the index is damaged: {} {} its checksum; {}",
        dir.display(),
        names.join(", "),
        if names.len() == 1 { "fails" } else { "fail" },
        rebuild_hint(dir)
    )
}

/// Register byline's tokenizers on an opened index and look its fields up.
fn fields_for(dir: &Path, index: &Index) -> Result<Fields> {
    schema::register_tokenizers(index);
    schema::fields_of(&index.schema()).map_err(|e| {
        anyhow!(
            "{}: unexpected index schema ({e}); {}",
            dir.display(),
            rebuild_hint(dir)
        )
    })
}

/// Is `dir` a byline index (it has the marker file)?
pub fn is_index(dir: &Path) -> bool {
    dir.join(MARKER).is_file()
}

fn check_marker(dir: &Path) -> Result<()> {
    let marker_path = dir.join(MARKER);
    let bytes = match std::fs::read(&marker_path) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            if dir.join("meta.json").exists() {
                bail!(
                    "{}: a tantivy index not written by byline; use another --index directory",
                    dir.display()
                );
            }
            bail!(
                "{}: not a byline index (no {MARKER}); use another --index directory",
                dir.display()
            );
        }
        Err(e) => bail!("{}: cannot read: {e}", marker_path.display()),
    };
    let marker: Marker = serde_json::from_slice(&bytes).map_err(|e| {
        anyhow!(
            "{}: corrupt ({e}); {}",
            marker_path.display(),
            rebuild_hint(dir)
        )
    })?;
    if marker.schema_version != SCHEMA_VERSION {
        bail!(
            "{}: index written by {} with schema version {}, this byline reads version {SCHEMA_VERSION}; {}",
            dir.display(),
            marker.created_by,
            marker.schema_version,
            rebuild_hint(dir)
        );
    }
    Ok(())
}

fn finish_open(dir: PathBuf, index: Index) -> Result<Store> {
    let fields = fields_for(&dir, &index)?;
    // A writer may commit and delete the manifest we are about to read between our reading
    // meta.json and the manifest: then read meta.json again (it names the new manifest).
    let mut attempt = 0;
    let (manifest, manifest_name) = loop {
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
        manifest,
        manifest_name,
    })
}

/// The manifest named by the last commit's payload (none for a fresh index).
fn load_manifest(dir: &Path, index: &Index) -> Result<(Manifest, Option<String>)> {
    let dir = dir.to_path_buf();
    let metas = index.load_metas().map_err(|e| {
        anyhow!(
            "{}: cannot read index metadata ({e}); {}",
            dir.display(),
            rebuild_hint(&dir)
        )
    })?;
    Ok(match metas.payload.as_deref() {
        None => (Manifest::default(), None),
        Some(p) => {
            let payload: Payload = serde_json::from_str(p).map_err(|e| {
                anyhow!(
                    "{}: unreadable commit payload ({e}); {}",
                    dir.display(),
                    rebuild_hint(&dir)
                )
            })?;
            let m = Manifest::load(&dir, &payload.manifest)?;
            if m.generation != payload.generation {
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
        Ok(()) => {}
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

/// Bytes on disk of the index directory.
pub fn size_on_disk(dir: &Path) -> u64 {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter_map(|e| e.metadata().ok())
        .filter(|m| m.is_file())
        .map(|m| m.len())
        .sum()
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
            roots: vec![corpus.clone()],
            index_dir: pristine.clone(),
            rebuild: false,
            threads: 1,
            memory_mb: 64,
            max_file_mb: 64,
            strict: false,
            follow: false,
            hidden: false,
            entities: None,
            settle: None,
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
            assert!(store.manifest.files.is_empty(), "byte {back} from the end");
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
