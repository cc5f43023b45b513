//! Where output goes when it is not plain stdout: an export's file, written under a
//! temporary name beside its final one and renamed when complete (an interrupted export never
//! leaves a partial file under the name asked for), and a count of the bytes written.

use std::io::Write;
use std::path::PathBuf;

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

/// An output file written under a temporary name beside its final one (`.NAME.PID.partial`),
/// removed unless persisted.
pub struct TempOut {
    path: PathBuf,
    done: bool,
}

impl TempOut {
    pub fn create(target: &std::path::Path) -> Result<(TempOut, std::fs::File)> {
        let name = target
            .file_name()
            .ok_or_else(|| anyhow::anyhow!("{}: not a file name", target.display()))?;
        let mut tmp_name = std::ffi::OsString::from(".");
        tmp_name.push(name);
        tmp_name.push(format!(".{}.partial", std::process::id()));
        let path = target.with_file_name(tmp_name);
        let file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
            .map_err(|e| anyhow::anyhow!("{}: cannot create: {e}", path.display()))?;
        Ok((TempOut { path, done: false }, file))
    }

    /// Rename to `target` (not over a file that appeared meanwhile, unless `force`).
    pub fn persist(mut self, target: &std::path::Path, force: bool) -> Result<()> {
        if !force && target.exists() {
            anyhow::bail!(
                "{}: appeared during the export; not replaced (--force replaces it)",
                target.display()
            );
        }
        std::fs::rename(&self.path, target).map_err(|e| {
            anyhow::anyhow!(
                "{}: cannot rename to {}: {e}",
                self.path.display(),
                target.display()
            )
        })?;
        self.done = true;
        Ok(())
    }
}

impl Drop for TempOut {
    fn drop(&mut self) {
        if !self.done {
            let _ = std::fs::remove_file(&self.path);
        }
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
        let partial = tmp.path.clone();
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
        let partial = tmp.path.clone();
        drop(tmp);
        assert!(!partial.exists());
        assert_eq!(std::fs::read(&target).unwrap(), b"x\n");
        // A file that appeared meanwhile is not replaced without `force`.
        let (tmp, _file) = TempOut::create(&target).unwrap();
        assert!(tmp.persist(&target, false).is_err());
    }

    #[test]
    fn counting_writer_counts_bytes() {
        let mut w = CountingWriter::new(Vec::new());
        w.write_all(b"hello ").unwrap();
        w.write_all(b"world").unwrap();
        assert_eq!((w.count, w.inner.len()), (11, 11));
    }
}
