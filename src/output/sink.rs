//! Where output goes when it is not plain stdout: an export's file, written under a
//! temporary name beside its final one and renamed when complete (an interrupted export never
//! leaves a partial file under the name asked for), and a count of the bytes written.

use std::io::Write;

use anyhow::Result;

/// A writer that counts the bytes written through it.
pub struct CountingWriter<W: Write> {
    pub inner: W,
    pub count: u64,
}

impl<W: Write> CountingWriter<W> {
    pub fn new(inner: W) -> Self {
        CountingWriter { inner, count: 0 }
    }
}

impl<W: Write> Write for CountingWriter<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.count += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

/// Where an export goes.
pub enum Sink<'a> {
    Stdout(std::io::StdoutLock<'a>),
    File(std::fs::File),
}

impl Write for Sink<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match self {
            Sink::Stdout(s) => s.write(buf),
            Sink::File(f) => f.write(buf),
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        match self {
            Sink::Stdout(s) => s.flush(),
            Sink::File(f) => f.flush(),
        }
    }
}

/// An output file written under a temporary name beside its final one (`.NAME.XXXXXX.partial`,
/// `tempfile`'s), removed unless persisted.
pub struct TempOut {
    file: tempfile::TempPath,
}

impl TempOut {
    pub fn create(target: &std::path::Path) -> Result<(TempOut, std::fs::File)> {
        let name = target
            .file_name()
            .ok_or_else(|| anyhow::anyhow!("{}: not a file name", target.display()))?;
        let dir = match target.parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => std::path::Path::new("."),
        };
        let mut prefix = std::ffi::OsString::from(".");
        prefix.push(name);
        prefix.push(".");
        let tmp = tempfile::Builder::new()
            .prefix(&prefix)
            .suffix(".partial")
            .tempfile_in(dir)
            .map_err(|e| {
                anyhow::anyhow!("{}: cannot create a file beside it: {e}", target.display())
            })?;
        let (file, path) = tmp.into_parts();
        Ok((TempOut { file: path }, file))
    }

    /// The temporary file's path.
    #[cfg(test)]
    pub fn path(&self) -> &std::path::Path {
        &self.file
    }

    /// Move to `target`: in one step that never replaces a file that appeared meanwhile
    /// (`persist_noclobber`: a hard link then an unlink, so no check-then-rename race), unless
    /// `force`.
    pub fn persist(self, target: &std::path::Path, force: bool) -> Result<()> {
        let from = self.file.to_path_buf();
        let done = if force {
            self.file.persist(target)
        } else {
            self.file.persist_noclobber(target)
        };
        done.map_err(|e| {
            if e.error.kind() == std::io::ErrorKind::AlreadyExists {
                anyhow::anyhow!(
                    "{}: appeared during the export; not replaced (--force replaces it)",
                    target.display()
                )
            } else {
                anyhow::anyhow!(
                    "{}: cannot rename to {}: {}",
                    from.display(),
                    target.display(),
                    e.error
                )
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_temporary_file_is_renamed_when_persisted_and_removed_otherwise() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out.ndjson");
        let (tmp, mut file) = TempOut::create(&target).unwrap();
        let partial = tmp.path().to_path_buf();
        assert!(partial
            .file_name()
            .unwrap()
            .to_string_lossy()
            .starts_with(".out.ndjson."));
        file.write_all(b"x\n").unwrap();
        tmp.persist(&target, false).unwrap();
        assert_eq!(std::fs::read(&target).unwrap(), b"x\n");
        assert!(!partial.exists());
        // Dropped without persisting: nothing is left behind, the target is untouched.
        let (tmp, _file) = TempOut::create(&target).unwrap();
        let partial = tmp.path().to_path_buf();
        drop(tmp);
        assert!(!partial.exists());
        assert_eq!(std::fs::read(&target).unwrap(), b"x\n");
        // A file that appeared meanwhile is not replaced without `force`, and the temporary
        // file goes; with `force` it is replaced.
        let (tmp, mut file) = TempOut::create(&target).unwrap();
        let partial = tmp.path().to_path_buf();
        file.write_all(b"y\n").unwrap();
        let e = tmp.persist(&target, false).unwrap_err();
        assert!(e.to_string().contains("appeared during the export"), "{e}");
        assert_eq!(std::fs::read(&target).unwrap(), b"x\n");
        assert!(!partial.exists());
        let (tmp, mut file) = TempOut::create(&target).unwrap();
        file.write_all(b"z\n").unwrap();
        tmp.persist(&target, true).unwrap();
        assert_eq!(std::fs::read(&target).unwrap(), b"z\n");
    }

    #[test]
    fn counting_writer_counts_bytes() {
        let mut w = CountingWriter::new(Vec::new());
        w.write_all(b"hello ").unwrap();
        w.write_all(b"world").unwrap();
        assert_eq!((w.count, w.inner.len()), (11, 11));
    }
}
