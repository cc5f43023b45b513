//! How both sides name a file and an article: the indexer writes these keys into the index
//! and its manifest, and the read side (show, export, stats) turns them back into paths or
//! looks an article up by them. One module, so that the two sides cannot drift apart.

use std::path::{Path, PathBuf};

use xxhash_rust::xxh3::xxh3_64;

/// A path as a string key, losslessly: the path itself when it is valid UTF-8; otherwise a NUL
/// marker followed by the path with `\` escaped as `\\` and each invalid byte as `\xNN`.
pub fn path_key(path: &Path) -> String {
    if let Some(s) = path.to_str() {
        return s.to_string();
    }
    let bytes = path.as_os_str().as_encoded_bytes();
    let mut out = String::from("\0");
    for chunk in bytes.utf8_chunks() {
        for c in chunk.valid().chars() {
            if c == '\\' {
                out.push_str("\\\\");
            } else {
                out.push(c);
            }
        }
        for b in chunk.invalid() {
            out.push_str(&format!("\\x{b:02x}"));
        }
    }
    out
}

/// A path from the bytes of a file name list (`--files-from`): the bytes as they are on Unix
/// (any name, UTF-8 or not), UTF-8 elsewhere (invalid bytes replaced).
pub fn path_from_bytes(bytes: &[u8]) -> PathBuf {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        PathBuf::from(std::ffi::OsStr::from_bytes(bytes))
    }
    #[cfg(not(unix))]
    {
        PathBuf::from(String::from_utf8_lossy(bytes).into_owned())
    }
}

/// The path a key names (inverse of [`path_key`]).
pub fn key_path(key: &str) -> PathBuf {
    let Some(rest) = key.strip_prefix('\0') else {
        return PathBuf::from(key);
    };
    let mut bytes = Vec::with_capacity(rest.len());
    let mut chars = rest.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\\' {
            let mut buf = [0u8; 4];
            bytes.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
            continue;
        }
        match chars.next() {
            Some('\\') => bytes.push(b'\\'),
            Some('x') => {
                let hex: String = chars.by_ref().take(2).collect();
                bytes.push(u8::from_str_radix(&hex, 16).unwrap_or(b'?'));
            }
            Some(other) => {
                bytes.push(b'\\');
                let mut buf = [0u8; 4];
                bytes.extend_from_slice(other.encode_utf8(&mut buf).as_bytes());
            }
            None => bytes.push(b'\\'),
        }
    }
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStringExt;
        PathBuf::from(std::ffi::OsString::from_vec(bytes))
    }
    #[cfg(not(unix))]
    {
        PathBuf::from(String::from_utf8_lossy(&bytes).into_owned())
    }
}

/// Identifies an article: a hash of its file key and record number.
pub fn article_id(key: &str, record: Option<u64>) -> u64 {
    let mut buf = Vec::with_capacity(key.len() + 9);
    buf.extend_from_slice(key.as_bytes());
    buf.push(0);
    buf.extend_from_slice(&record.unwrap_or(0).to_le_bytes());
    xxh3_64(&buf)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn non_utf8_keys_round_trip() {
        use std::os::unix::ffi::OsStrExt;
        let p = Path::new(std::ffi::OsStr::from_bytes(b"/tmp/caf\xe9\\x41.txt"));
        let k = path_key(p);
        assert!(k.starts_with('\0'));
        assert_eq!(key_path(&k), p);
        assert_eq!(path_key(Path::new("/a/b.txt")), "/a/b.txt");
        assert_eq!(key_path("/a/b.txt"), Path::new("/a/b.txt"));
    }

    #[test]
    fn article_ids_tell_records_apart() {
        let a = article_id("/a/b.jsonl", Some(1));
        assert_ne!(a, article_id("/a/b.jsonl", Some(2)));
        assert_ne!(a, article_id("/a/b.jsonl", None));
        assert_eq!(a, article_id("/a/b.jsonl", Some(1)));
    }
}
