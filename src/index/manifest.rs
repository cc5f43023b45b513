//! The manifest: what was indexed, file by file, so that a rerun touches only what changed.
//!
//! On disk it is postcard (`manifest-NNNNNNNN.bin`): as JSON it was a fifth of a run with
//! nothing to do on 10,000 files. Every run reads the file ([`Saved`]), compares the files it
//! finds with the stamps read in place (key, size, modification time: [`Stamps`]), and
//! decodes the whole manifest only when it writes. Manifests written as JSON by earlier
//! versions (`manifest-NNNNNNNN.json`) are still read; the next commit writes a binary one.
//!
//! Crash safety rests on one rule: a manifest file is written (to a new name, fsynced) *before*
//! the tantivy commit whose payload names it, and older manifests are deleted only *after* that
//! commit. So the committed index always names a complete manifest that describes exactly it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};

/// One indexed file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    pub size: u64,
    /// Modification time, nanoseconds since the Unix epoch.
    pub mtime_ns: i128,
    /// xxh3-128 of the file's bytes (32 hex digits in JSON).
    #[serde(with = "hex128")]
    pub hash: u128,
    pub articles: u64,
    pub passages: u64,
    /// Distinct sources of the file's articles. (Fields with defaults may be absent from an
    /// older JSON manifest; postcard writes every field.)
    #[serde(default)]
    pub sources: Vec<String>,
    /// Earliest and latest article date, `YYYY-MM-DD`.
    #[serde(default)]
    pub dates: Option<(String, String)>,
    /// Records of the file that were skipped when it was indexed.
    #[serde(default)]
    pub skipped: u64,
    /// Bytes of the file's passages set aside as site boilerplate (no entities taken from
    /// them), per source.
    #[serde(default)]
    pub boilerplate: Vec<(String, u64)>,
}

/// A `u128`: 32 lower-case hex digits in JSON, the number itself in postcard. 16 bytes per
/// file in memory instead of a 56-byte string.
mod hex128 {
    use serde::{de::Error, Deserialize, Deserializer, Serialize, Serializer};

    pub fn serialize<S: Serializer>(v: &u128, s: S) -> Result<S::Ok, S::Error> {
        if s.is_human_readable() {
            s.collect_str(&format_args!("{v:032x}"))
        } else {
            v.serialize(s)
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<u128, D::Error> {
        if !d.is_human_readable() {
            return u128::deserialize(d);
        }
        let s = <std::borrow::Cow<str>>::deserialize(d)?;
        u128::from_str_radix(&s, 16).map_err(|_| D::Error::custom(format!("bad hash {s:?}")))
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    pub generation: u64,
    /// Absolute roots that were indexed; `byline index` without a path re-syncs them.
    pub roots: Vec<String>,
    /// RFC 3339 time of the commit that wrote this manifest.
    pub updated: Option<String>,
    /// By file key (see `keys::path_key`).
    #[serde(deserialize_with = "sorted_map")]
    pub files: BTreeMap<String, Entry>,
}

/// A map read as a list of pairs, then built in one go: the keys come sorted (they were
/// written from a `BTreeMap`), and inserting them one by one was a tenth of loading 10,000.
fn sorted_map<'de, D: serde::Deserializer<'de>>(d: D) -> Result<BTreeMap<String, Entry>, D::Error> {
    struct Pairs;
    impl<'de> serde::de::Visitor<'de> for Pairs {
        type Value = Vec<(String, Entry)>;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a map of file keys to entries")
        }
        fn visit_map<A: serde::de::MapAccess<'de>>(
            self,
            mut m: A,
        ) -> Result<Self::Value, A::Error> {
            let mut v = Vec::with_capacity(m.size_hint().unwrap_or(0).min(1 << 20));
            while let Some(pair) = m.next_entry()? {
                v.push(pair);
            }
            Ok(v)
        }
    }
    Ok(d.deserialize_map(Pairs)?.into_iter().collect())
}

/// The commit payload stored in tantivy's meta.json.
#[derive(Debug, Serialize, Deserialize)]
pub struct Payload {
    pub manifest: String,
    pub generation: u64,
}

pub fn file_name(generation: u64) -> String {
    format!("manifest-{generation:08}.bin")
}

/// A manifest as a commit saved it: its bytes, read but not decoded yet. A run first needs
/// only each file's size and modification time ([`Saved::stamps`], read in place without
/// building the map or a string), and the whole manifest ([`Saved::decode`]) only when it
/// writes: a run with nothing to do on 10,000 files spent a sixth of its time decoding it.
#[derive(Debug)]
pub struct Saved {
    /// Where it was read from (for messages); none for a fresh index.
    path: Option<PathBuf>,
    /// Postcard (a JSON manifest of an earlier version is re-encoded when read).
    bytes: Vec<u8>,
}

/// What a run compares the files it finds with: the manifest's roots and, per file, its key,
/// size and modification time, borrowed from [`Saved`]'s bytes.
#[derive(Debug, PartialEq, Eq)]
pub struct Stamps<'a> {
    pub generation: u64,
    pub roots: Vec<&'a str>,
    /// In key order (as written from the manifest's map).
    pub files: Vec<Stamp<'a>>,
    /// Articles and passages of all the files.
    pub articles: u64,
    pub passages: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp<'a> {
    pub key: &'a str,
    pub size: u64,
    pub mtime_ns: i128,
}

impl Saved {
    /// The manifest of a fresh index: empty.
    pub fn empty() -> Saved {
        Saved::encode(&Manifest::default())
    }

    fn encode(m: &Manifest) -> Saved {
        Saved {
            path: None,
            // Encoding into memory fails only on allocation failure.
            bytes: postcard::to_allocvec(m).expect("a manifest encodes"),
        }
    }

    /// Read manifest `name` of `dir` (checked when its stamps or the whole are decoded).
    pub fn read(dir: &Path, name: &str) -> Result<Saved> {
        let path = dir.join(name);
        let bytes = std::fs::read(&path).with_context(|| {
            format!(
                "{}: cannot read the index manifest (rebuild with `byline index --rebuild PATH`)",
                path.display()
            )
        })?;
        Ok(if name.ends_with(".json") {
            let m: Manifest = serde_json::from_slice(&bytes).with_context(|| corrupt(&path))?;
            Saved {
                path: Some(path),
                ..Saved::encode(&m)
            }
        } else {
            Saved {
                path: Some(path),
                bytes,
            }
        })
    }

    /// The manifest's generation: its first field, read alone.
    pub fn generation(&self) -> Result<u64> {
        let (g, _) = postcard::take_from_bytes(&self.bytes).with_context(|| self.corrupt())?;
        Ok(g)
    }

    fn corrupt(&self) -> String {
        corrupt(self.path.as_deref().unwrap_or(Path::new("(new index)")))
    }

    /// The roots and each file's stamp, read in place.
    pub fn stamps(&self) -> Result<Stamps<'_>> {
        let v: view::Manifest =
            postcard::from_bytes(&self.bytes).with_context(|| self.corrupt())?;
        Ok(Stamps {
            generation: v.generation,
            roots: v.roots,
            articles: v.files.iter().map(|(_, e)| e.articles).sum(),
            passages: v.files.iter().map(|(_, e)| e.passages).sum(),
            files: v
                .files
                .into_iter()
                .map(|(key, e)| Stamp {
                    key,
                    size: e.size,
                    mtime_ns: e.mtime_ns,
                })
                .collect(),
        })
    }

    /// The whole manifest.
    pub fn decode(&self) -> Result<Manifest> {
        postcard::from_bytes(&self.bytes).with_context(|| self.corrupt())
    }
}

fn corrupt(path: &Path) -> String {
    format!(
        "{}: the index manifest is corrupt (rebuild with `byline index --rebuild PATH`)",
        path.display()
    )
}

/// The manifest's postcard encoding read in place: the same fields in the same order as
/// [`Manifest`] and [`Entry`], strings borrowed (those not needed as bytes: postcard writes
/// both alike, and bytes are not checked for UTF-8), lists read and dropped
/// (`tests::stamps_read_what_the_manifest_holds` checks that the two agree).
mod view {
    use std::marker::PhantomData;

    use serde::de::{Deserializer, MapAccess, SeqAccess, Visitor};
    use serde::Deserialize;

    #[derive(Deserialize)]
    pub(super) struct Manifest<'a> {
        pub generation: u64,
        #[serde(borrow)]
        pub roots: Vec<&'a str>,
        #[serde(borrow)]
        _updated: Option<&'a [u8]>,
        #[serde(borrow, deserialize_with = "pairs")]
        pub files: Vec<(&'a str, Entry<'a>)>,
    }

    #[derive(Deserialize)]
    pub(super) struct Entry<'a> {
        pub size: u64,
        pub mtime_ns: i128,
        _hash: u128,
        pub articles: u64,
        pub passages: u64,
        #[serde(borrow)]
        _sources: SkipSeq<&'a [u8]>,
        #[serde(borrow)]
        _dates: Option<(&'a [u8], &'a [u8])>,
        _skipped: u64,
        #[serde(borrow)]
        _boilerplate: SkipSeq<(&'a [u8], u64)>,
    }

    /// A map's pairs, in the order written.
    fn pairs<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<(&'de str, Entry<'de>)>, D::Error> {
        struct Pairs;
        impl<'de> Visitor<'de> for Pairs {
            type Value = Vec<(&'de str, Entry<'de>)>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a map of file keys to entries")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut m: A) -> Result<Self::Value, A::Error> {
                let mut v = Vec::with_capacity(m.size_hint().unwrap_or(0).min(1 << 20));
                while let Some(pair) = m.next_entry()? {
                    v.push(pair);
                }
                Ok(v)
            }
        }
        d.deserialize_map(Pairs)
    }

    /// A sequence of `T`, each element read and dropped: nothing allocated.
    pub(super) struct SkipSeq<T>(PhantomData<T>);

    impl<'de, T: Deserialize<'de>> Deserialize<'de> for SkipSeq<T> {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            struct Elements<T>(PhantomData<T>);
            impl<'de, T: Deserialize<'de>> Visitor<'de> for Elements<T> {
                type Value = SkipSeq<T>;
                fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                    f.write_str("a sequence")
                }
                fn visit_seq<A: SeqAccess<'de>>(self, mut s: A) -> Result<SkipSeq<T>, A::Error> {
                    while s.next_element::<T>()?.is_some() {}
                    Ok(SkipSeq(PhantomData))
                }
            }
            d.deserialize_seq(Elements(PhantomData))
        }
    }
}

impl Manifest {
    pub fn load(dir: &Path, name: &str) -> Result<Manifest> {
        Saved::read(dir, name)?.decode()
    }

    /// Write atomically under this manifest's generation name; returns the name.
    pub fn store(&self, dir: &Path) -> Result<String> {
        let name = file_name(self.generation);
        let path = dir.join(&name);
        // Streamed: a manifest of a million files is ~100 MB, never held whole.
        write_atomic(&path, |w| {
            let mut keep = KeepError { w, err: None };
            match postcard::to_io(self, &mut keep) {
                Ok(_) => Ok(()),
                // postcard reports any write error as a full buffer: give the real one.
                Err(e) => Err(keep.err.take().unwrap_or_else(|| std::io::Error::other(e))),
            }
        })
        .with_context(|| format!("{}: cannot write the index manifest", path.display()))?;
        Ok(name)
    }

    pub fn articles(&self) -> u64 {
        self.files.values().map(|e| e.articles).sum()
    }

    pub fn passages(&self) -> u64 {
        self.files.values().map(|e| e.passages).sum()
    }
}

/// A writer that keeps the first error of the one it wraps.
struct KeepError<W> {
    w: W,
    err: Option<std::io::Error>,
}

impl<W> KeepError<W> {
    fn keep<T>(&mut self, r: std::io::Result<T>) -> std::io::Result<T> {
        r.map_err(|e| {
            let again = std::io::Error::new(e.kind(), e.to_string());
            self.err.get_or_insert(e);
            again
        })
    }
}

impl<W: std::io::Write> std::io::Write for KeepError<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let r = self.w.write(buf);
        self.keep(r)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        let r = self.w.flush();
        self.keep(r)
    }
}

/// Write a file of the index directory so that a crash leaves either the old file or the new
/// one, never a part: to `.NAME.tmp`, fsynced, renamed over `NAME`, the directory fsynced.
pub fn write_atomic(
    path: &Path,
    write: impl FnOnce(&mut std::io::BufWriter<std::fs::File>) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    let tmp = dir.join(format!(".{name}.tmp"));
    let mut w = std::io::BufWriter::with_capacity(1 << 16, std::fs::File::create(&tmp)?);
    write(&mut w)?;
    let f = w.into_inner().map_err(|e| e.into_error())?;
    f.sync_all()?;
    std::fs::rename(&tmp, path)?;
    sync_dir(dir)
}

/// Make a rename in `dir` durable. Where the platform refuses to open or sync a directory
/// (Windows cannot open one as a file; some file systems answer EINVAL), there is nothing more
/// to do, as in tantivy's own directory sync.
fn sync_dir(dir: &Path) -> std::io::Result<()> {
    if !cfg!(unix) {
        return Ok(());
    }
    match std::fs::File::open(dir).and_then(|d| d.sync_all()) {
        Err(e)
            if matches!(
                e.kind(),
                std::io::ErrorKind::InvalidInput | std::io::ErrorKind::Unsupported
            ) =>
        {
            Ok(())
        }
        other => other,
    }
}

/// Delete manifest files other than `keep` (and stale temporaries).
pub fn remove_others(dir: &Path, keep: &str) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in rd.flatten() {
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        let ours =
            (name.starts_with("manifest-") || name.starts_with(".manifest-")) && name != keep;
        if ours {
            let _ = std::fs::remove_file(PathBuf::from(dir).join(name));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn store_and_load_round_trip() {
        let dir = tempfile::tempdir().unwrap();
        let mut m = Manifest {
            generation: 3,
            roots: vec!["/a".into()],
            ..Manifest::default()
        };
        m.files.insert(
            "/a/x.txt".into(),
            Entry {
                size: 10,
                mtime_ns: 5,
                hash: 0xab,
                articles: 1,
                passages: 4,
                sources: vec!["s".into()],
                dates: Some(("2024-01-01".into(), "2024-01-01".into())),
                skipped: 0,
                boilerplate: vec![("s".into(), 120)],
            },
        );
        let name = m.store(dir.path()).unwrap();
        assert_eq!(name, "manifest-00000003.bin");
        assert_eq!(Manifest::load(dir.path(), &name).unwrap(), m);
        // A JSON manifest of an earlier version (fields with defaults left out) still reads.
        let json = r#"{"generation":3,"roots":["/a"],"updated":null,"files":{"/a/x.txt":
            {"size":10,"mtime_ns":5,"hash":"000000000000000000000000000000ab","articles":1,
             "passages":4,"sources":["s"],"dates":["2024-01-01","2024-01-01"],
             "boilerplate":[["s",120]]}}}"#;
        std::fs::write(dir.path().join("manifest-00000002.json"), json).unwrap();
        assert_eq!(
            Manifest::load(dir.path(), "manifest-00000002.json").unwrap(),
            m
        );
        // A cut or garbled binary manifest is an error, never a panic.
        let bytes = std::fs::read(dir.path().join(&name)).unwrap();
        for cut in [0, 1, bytes.len() / 2, bytes.len() - 1] {
            std::fs::write(dir.path().join("manifest-00000009.bin"), &bytes[..cut]).unwrap();
            let e = Manifest::load(dir.path(), "manifest-00000009.bin").unwrap_err();
            assert!(format!("{e:#}").contains("corrupt"), "{e:#}");
        }
        std::fs::write(dir.path().join("manifest-00000001.json"), "{}").unwrap();
        remove_others(dir.path(), &name);
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    fn entry(size: u64, sources: &[&str], dates: bool, boilerplate: usize) -> Entry {
        Entry {
            size,
            mtime_ns: -(size as i128) * 1_000_000_007,
            hash: u128::MAX - size as u128,
            articles: size % 7,
            passages: size % 31,
            sources: sources.iter().map(|s| s.to_string()).collect(),
            dates: dates.then(|| ("2001-02-03".into(), "2024-12-31".into())),
            skipped: size % 3,
            boilerplate: (0..boilerplate)
                .map(|i| (format!("s{i}"), i as u64 * 300))
                .collect(),
        }
    }

    /// The stamps, read in place by `view`, agree with the manifest decoded whole, whatever
    /// its entries hold (empty lists, long ones, no dates, big numbers); also for a JSON
    /// manifest and a fresh index.
    #[test]
    fn stamps_read_what_the_manifest_holds() {
        let dir = tempfile::tempdir().unwrap();
        let mut m = Manifest {
            generation: 300,
            roots: vec!["/a".into(), "/b/c".into()],
            updated: Some("2026-12-05T08:00:00Z".into()),
            ..Manifest::default()
        };
        for i in 0..200u64 {
            let e = entry(
                i * 1_000_003,
                &["x.com", "y.org"][..(i % 3) as usize],
                i % 2 == 0,
                (i % 4) as usize,
            );
            m.files.insert(format!("/a/{i:04}-é.txt"), e);
        }
        m.files
            .insert("/b/c/big".into(), entry(u64::MAX, &[], false, 0));
        let name = m.store(dir.path()).unwrap();
        let json = dir.path().join("manifest-00000300.json");
        std::fs::write(&json, serde_json::to_vec(&m).unwrap()).unwrap();
        for name in [name.as_str(), "manifest-00000300.json"] {
            let saved = Saved::read(dir.path(), name).unwrap();
            let stamps = saved.stamps().unwrap();
            assert_eq!(stamps.generation, 300);
            assert_eq!(stamps.roots, ["/a", "/b/c"]);
            assert_eq!(stamps.articles, m.articles());
            assert_eq!(stamps.passages, m.passages());
            let want: Vec<Stamp> = m
                .files
                .iter()
                .map(|(k, e)| Stamp {
                    key: k,
                    size: e.size,
                    mtime_ns: e.mtime_ns,
                })
                .collect();
            assert_eq!(stamps.files, want);
            assert_eq!(saved.decode().unwrap(), m);
        }
        let fresh = Saved::empty();
        assert!(fresh.stamps().unwrap().files.is_empty());
        assert_eq!(fresh.decode().unwrap(), Manifest::default());
        // A cut manifest fails as its stamps are read: before anything relies on them.
        let bytes = std::fs::read(dir.path().join(&name)).unwrap();
        std::fs::write(
            dir.path().join("manifest-00000301.bin"),
            &bytes[..bytes.len() - 3],
        )
        .unwrap();
        let cut = Saved::read(dir.path(), "manifest-00000301.bin").unwrap();
        assert_eq!(cut.generation().unwrap(), 300);
        let e = cut.stamps().unwrap_err();
        assert!(format!("{e:#}").contains("corrupt"), "{e:#}");
    }
}
