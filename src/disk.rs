//! The index directory as both sides see it: the names of byline's files in it (marker, lock,
//! entities file), the schema-version marker, opening it read-only (searches must not need
//! write access), verifying checksums, and what to say when it is missing, foreign, damaged or
//! unreadable. The indexer (`index`) creates and writes it; the read side (`search`, `stats`)
//! only opens it, through here.
//!
//! Layout of an index directory: tantivy's files (`meta.json`, segments), `byline.json` (schema
//! version), `manifest-NNNNNNNN.bin` (named by the last commit's payload, see
//! `index::manifest`), `byline.lock`, `entities.tsv` (a user gazetteer given to `index
//! --entities`), `verified.tsv` (segment files already verified, `index::verified`), and
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

use crate::schema::{self, Fields, SCHEMA_VERSION};

/// The user gazetteer an index keeps (from `byline index --entities FILE`).
pub const ENTITIES_FILE: &str = "entities.tsv";

pub const MARKER: &str = "byline.json";
/// Where `write_atomic` writes the marker before renaming it.
pub const MARKER_TMP: &str = ".byline.json.tmp";
pub const LOCK: &str = "byline.lock";
/// Segment files whose checksums an indexing run has verified (`index::verified`).
pub const VERIFIED_FILE: &str = "verified.tsv";

#[derive(Debug, Serialize, Deserialize)]
pub struct Marker {
    pub schema_version: u32,
    pub created_by: String,
    /// The analyser the text was indexed with (`stem::ANALYZER`); empty in an index written
    /// before it was recorded.
    #[serde(default)]
    pub analyzer: String,
}

pub fn rebuild_hint(dir: &Path) -> String {
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
pub fn check_segments(dir: &Path, index: &Index) -> Result<()> {
    let _reader: tantivy::IndexReader = index
        .reader_builder()
        .reload_policy(tantivy::ReloadPolicy::Manual)
        .try_into()
        .map_err(|e| unreadable(dir, e))?;
    Ok(())
}

/// Is there nothing in `dir` but files we may ignore?
pub fn is_empty_dir(dir: &Path) -> Result<bool> {
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

pub fn is_permission(e: &std::io::Error) -> bool {
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
pub fn fields_for(dir: &Path, index: &Index) -> Result<Fields> {
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

/// Read the index's marker and refuse an index this byline cannot read (another schema
/// version, another analyser).
pub fn check_marker(dir: &Path) -> Result<Marker> {
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
    if !schema::READS_SCHEMA_VERSIONS.contains(&marker.schema_version) {
        bail!(
            "{}: index written by {} with schema version {}, this byline reads versions {} to {SCHEMA_VERSION}; {}",
            dir.display(),
            marker.created_by,
            marker.schema_version,
            schema::READS_SCHEMA_VERSIONS.start(),
            rebuild_hint(dir)
        );
    }
    if marker.analyzer != crate::stem::ANALYZER {
        let was = if marker.analyzer.is_empty() {
            "an analyser it did not record".to_string()
        } else {
            format!("analyser '{}'", marker.analyzer)
        };
        bail!(
            "{}: index written by {} with {was}, this byline stems words with '{}' (words would be missed); {}",
            dir.display(),
            marker.created_by,
            crate::stem::ANALYZER,
            rebuild_hint(dir)
        );
    }
    Ok(marker)
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
