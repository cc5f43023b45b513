//! What an index holds, for `byline stats`. Counts come from the manifest that the last commit
//! names (so they describe exactly the committed index) and are checked against tantivy's count.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;

use anyhow::{anyhow, Result};
use serde::Serialize;

use crate::index::store;

fn open_counted(dir: &Path) -> Result<(store::Store, u64, EntityCounts)> {
    let st = store::open(dir)?;
    let reader = st
        .index
        .reader()
        .map_err(|e| crate::disk::unreadable(dir, e))?;
    let searcher = reader.searcher();
    let passages = searcher.num_docs();
    let entities = entity_counts(&searcher, st.fields.article_entity)?;
    Ok((st, passages, entities))
}

/// Distinct entities per type: `org`, `person`, `product`, `place`, `misc`.
pub type EntityCounts = BTreeMap<String, u64>;

/// Distinct entities per type in the index: names confirmed in some article, and unconfirmed
/// ones (`~type:Name`) held by two or more articles (deleted documents may still count until
/// their segment is merged).
fn entity_counts(
    searcher: &tantivy::Searcher,
    field: tantivy::schema::Field,
) -> Result<EntityCounts> {
    let mut names: HashMap<(String, String), (bool, u64)> = HashMap::new();
    for sr in searcher.segment_readers() {
        let inv = sr.inverted_index(field)?;
        let mut stream = inv.terms().stream()?;
        while stream.advance() {
            let Ok(t) = std::str::from_utf8(stream.key()) else {
                continue;
            };
            let (plain, tentative) = match t.strip_prefix('~') {
                Some(p) => (p, true),
                None => (t, false),
            };
            if let Some((k, n)) = plain.split_once(':') {
                let e = names.entry((k.to_string(), n.to_string())).or_default();
                e.0 |= !tentative;
                e.1 += u64::from(stream.value().doc_freq);
            }
        }
    }
    let mut out: EntityCounts = crate::entities::Kind::ALL
        .iter()
        .map(|k| (k.as_str().to_string(), 0))
        .collect();
    for ((k, _), (confirmed, n)) in names {
        if confirmed || n >= 2 {
            *out.entry(k).or_default() += 1;
        }
    }
    Ok(out)
}

/// What `byline stats` reports (docs/json-output.md).
#[derive(Debug, Clone, Serialize)]
pub struct Stats {
    /// The index directory, absolute.
    pub index: String,
    /// The index's schema version.
    pub schema_version: u32,
    /// Articles in the committed index.
    pub articles: u64,
    /// Passages in it.
    pub passages: u64,
    /// Files indexed.
    pub files: u64,
    /// Distinct sources.
    pub sources: u64,
    /// The earliest article date (`YYYY-MM-DD`).
    pub date_min: Option<String>,
    /// The latest article date.
    pub date_max: Option<String>,
    /// Bytes on disk of the index directory.
    pub size_bytes: u64,
    /// Time of the last commit (RFC 3339).
    pub updated: Option<String>,
    /// The indexed roots.
    pub roots: Vec<String>,
    /// Files with records that were skipped when they were indexed.
    pub files_with_skipped_records: u64,
    /// Distinct entities per type.
    pub entities: EntityCounts,
    /// Bytes of text set aside as site boilerplate per source (menus, banners, footers a
    /// source repeats on many pages): still searchable, but no entity is taken from them.
    pub boilerplate: BTreeMap<String, u64>,
    /// With `--check`: how many segment files were read and matched their checksums.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub checked_files: Option<u64>,
}

/// Boilerplate bytes per source, added up over the manifest's files.
fn boilerplate_by_source(m: &crate::index::manifest::Manifest) -> BTreeMap<String, u64> {
    let mut out = BTreeMap::new();
    for (source, n) in m.files.values().flat_map(|e| &e.boilerplate) {
        *out.entry(source.clone()).or_default() += n;
    }
    out
}

/// `stats --check` for the facet map (`facets.bin`), which tantivy's checksums do not cover:
/// whether there is one, and an error naming it when it fails its own checksum. (Whether it
/// names the current segments does not matter here: a search uses it only if it does.)
pub fn check_facet_map(dir: &Path) -> Result<bool> {
    let path = dir.join(crate::facetmap::FILE);
    let bytes = match std::fs::read(&path) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(false),
        Err(e) => return Err(anyhow!("{}: cannot read: {e}", path.display())),
    };
    if !crate::facetmap::intact(&bytes) {
        return Err(anyhow!(
            "{}: the facet map fails its checksum; delete it and run `byline index` to write it \
             again (searches without it count facets the slower way)",
            path.display()
        ));
    }
    Ok(true)
}

/// Read the statistics of the index in `dir`.
pub fn stats(dir: &Path) -> Result<Stats> {
    // The manifest and the searcher are read one after the other; if an indexer committed in
    // between they describe different commits, so read both again once before complaining.
    let (mut st, mut passages, mut entities) = open_counted(dir)?;
    if passages != st.saved.stamps()?.passages {
        (st, passages, entities) = open_counted(dir)?;
    }
    let m = &st.manifest()?;
    if passages != m.passages() {
        return Err(anyhow!(
            "{}: the index holds {passages} passages but its manifest lists {}; rebuild it with `byline index --rebuild`",
            dir.display(),
            m.passages()
        ));
    }
    let sources: BTreeSet<&str> = m
        .files
        .values()
        .flat_map(|e| e.sources.iter().map(String::as_str))
        .collect();
    let date_min = m
        .files
        .values()
        .filter_map(|e| e.dates.as_ref())
        .map(|d| d.0.clone())
        .min();
    let date_max = m
        .files
        .values()
        .filter_map(|e| e.dates.as_ref())
        .map(|d| d.1.clone())
        .max();
    let abs = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
    Ok(Stats {
        index: abs.to_string_lossy().into_owned(),
        schema_version: crate::disk::check_marker(dir)?.schema_version,
        articles: m.articles(),
        passages,
        files: m.files.len() as u64,
        sources: sources.len() as u64,
        date_min,
        date_max,
        size_bytes: crate::disk::size_on_disk(dir),
        updated: m.updated.clone(),
        roots: m
            .roots
            .iter()
            .map(|r| crate::keys::key_path(r).to_string_lossy().into_owned())
            .collect(),
        files_with_skipped_records: m.files.values().filter(|e| e.skipped > 0).count() as u64,
        entities,
        boilerplate: boilerplate_by_source(m),
        checked_files: None,
    })
}
