//! Facet tables: every article's facet values held in memory and numbered across segments
//! (what search engines call global ordinals), so that counting a result set's facets is an
//! array increment per value instead of dictionary lookups per segment.
//!
//! Building one reads every article's entity, source and date columns once (tens of
//! milliseconds for 10,000 articles), so only a long-running process keeps them
//! (`Engine::keep_facet_tables`, used by `byline serve`); a one-off query counts through the
//! indexer's facet map (`crate::facetmap`), or from the dictionaries without one (`facets`).
//! All three give the same facets: counts, order, and the recurrence rule (a name never
//! confirmed in the matching articles counts once two articles of the index have it), which
//! the tests check on one index through every path.

use std::cell::RefCell;

use anyhow::Result;
use rustc_hash::FxHashMap;
use tantivy::columnar::StrColumn;

use super::facets::{Dim, FacetValue};
use super::Snapshot;
use crate::entities::Kind;

/// No row, source or code.
const NONE: u32 = u32::MAX;
/// An undated article's year.
const NO_YEAR: i32 = i32::MIN;

/// One snapshot's facet values per article, numbered across its segments.
pub struct FacetTable {
    /// Per segment, per document: the row of its article (`NONE`: no article found).
    row_of: Vec<Vec<u32>>,
    /// Row `r`'s entity terms are `codes[starts[r]..starts[r + 1]]`, each a name id shifted
    /// left once, plus one for an unconfirmed (`~type:`) term.
    starts: Vec<u32>,
    codes: Vec<u32>,
    /// Per row: its source's id (`NONE`: none) and year (`NO_YEAR`: undated).
    source: Vec<u32>,
    year: Vec<i32>,
    /// Entity names by id, sorted by type then name (bytes), so id order is name order
    /// within a type; `kinds` holds each type's id range `[lo, hi)`.
    names: Vec<Box<str>>,
    kinds: Vec<(Kind, u32, u32)>,
    /// Per name id: how many terms of the index name it, both marks, deleted articles
    /// included (what `Snapshot::article_freq` counts), capped at 2.
    recurs: Vec<u8>,
    /// Source names by id.
    sources: Vec<Box<str>>,
}

thread_local! {
    /// Counts per code, all zero between calls (only touched entries are set and reset).
    static SCRATCH: RefCell<(Vec<u32>, Vec<u32>)> = const { RefCell::new((Vec::new(), Vec::new())) };
}

/// Every term of a column's dictionary, by ordinal.
fn all_terms(col: &StrColumn) -> Result<Vec<Box<str>>> {
    let mut out = Vec::with_capacity(col.num_terms());
    let mut s = col.dictionary().stream()?;
    while s.advance() {
        out.push(String::from_utf8_lossy(s.key()).into());
    }
    Ok(out)
}

/// Sorted distinct strings, and each input list mapped to their ids.
fn number<'a>(lists: &'a [Vec<&'a str>]) -> (Vec<&'a str>, Vec<Vec<u32>>) {
    let mut all: Vec<&str> = lists.iter().flatten().copied().collect();
    all.sort_unstable();
    all.dedup();
    let ids = lists
        .iter()
        .map(|l| {
            l.iter()
                .map(|s| all.binary_search(s).map_or(NONE, |i| i as u32))
                .collect()
        })
        .collect();
    (all, ids)
}

/// Entity names numbered across segments: `type:Name` and `~type:Name` of one name share an
/// id; ids sort by type, then name.
struct NamedTerms {
    names: Vec<Box<str>>,
    kinds: Vec<(Kind, u32, u32)>,
    /// Per segment, per term ordinal: its code (`NONE`: not an entity term).
    codes_of: Vec<Vec<u32>>,
}

/// Number the entity terms of every segment (each segment's terms by ordinal).
fn name_terms(seg_terms: &[Vec<Box<str>>]) -> NamedTerms {
    let plain: Vec<Vec<&str>> = seg_terms
        .iter()
        .map(|ts| {
            ts.iter()
                .map(|t| t.strip_prefix('~').unwrap_or(t))
                .collect()
        })
        .collect();
    let (keys, key_ids) = number(&plain);
    let mut names = Vec::with_capacity(keys.len());
    let mut kinds: Vec<(Kind, u32, u32)> = Vec::new();
    let mut valid = Vec::with_capacity(keys.len());
    for (i, key) in keys.iter().enumerate() {
        let parsed = key
            .split_once(':')
            .and_then(|(k, n)| Kind::parse(k).map(|k| (k, n)));
        valid.push(parsed.is_some());
        let (kind, name) = parsed.unwrap_or((Kind::Misc, ""));
        names.push(Box::<str>::from(name));
        if parsed.is_some() {
            match kinds.last_mut() {
                Some(r) if r.0 == kind => r.2 = i as u32 + 1,
                _ => kinds.push((kind, i as u32, i as u32 + 1)),
            }
        }
    }
    let codes_of = seg_terms
        .iter()
        .zip(&key_ids)
        .map(|(terms, ids)| {
            terms
                .iter()
                .zip(ids)
                .map(|(t, &id)| {
                    if id == NONE || !valid[id as usize] {
                        NONE
                    } else {
                        id << 1 | t.starts_with('~') as u32
                    }
                })
                .collect()
        })
        .collect();
    NamedTerms {
        names,
        kinds,
        codes_of,
    }
}

impl Snapshot {
    /// Read every article's facet values into a table.
    pub(super) fn build_facet_table(&self) -> Result<FacetTable> {
        let ecols = self.ent_cols()?;
        let terms_of = |col: &Option<StrColumn>| match col {
            Some(c) => all_terms(c),
            None => Ok(Vec::new()),
        };
        let seg_terms = ecols
            .iter()
            .map(|c| terms_of(&c.article_entity))
            .collect::<Result<Vec<_>>>()?;
        let seg_sources = ecols
            .iter()
            .map(|c| terms_of(&c.source))
            .collect::<Result<Vec<_>>>()?;
        let named = name_terms(&seg_terms);
        let src_lists: Vec<Vec<&str>> = seg_sources
            .iter()
            .map(|l| l.iter().map(|s| &**s).collect())
            .collect();
        let (sources, source_ids) = number(&src_lists);
        let mut t = FacetTable {
            row_of: Vec::with_capacity(self.segs.len()),
            starts: vec![0],
            codes: Vec::new(),
            source: Vec::new(),
            year: Vec::new(),
            recurs: vec![0; named.names.len()],
            names: named.names,
            kinds: named.kinds,
            sources: sources.iter().map(|&s| s.into()).collect(),
        };
        self.add_rows(&mut t, &named.codes_of, &source_ids)?;
        self.map_other_passages(&mut t)?;
        Ok(t)
    }

    /// One row per first passage (the article's fields live there), in index order.
    fn add_rows(
        &self,
        t: &mut FacetTable,
        codes_of: &[Vec<u32>],
        source_ids: &[Vec<u32>],
    ) -> Result<()> {
        use chrono::Datelike;
        let ecols = self.ent_cols()?;
        for (si, sr) in self.searcher.segment_readers().iter().enumerate() {
            let seg = &self.segs[si];
            let mut rows = vec![NONE; sr.max_doc() as usize];
            for doc in 0..sr.max_doc() {
                if seg.ordinal.first(doc) != Some(0) {
                    continue;
                }
                rows[doc as usize] = t.source.len() as u32;
                if let Some(col) = &ecols[si].article_entity {
                    for ord in col.term_ords(doc) {
                        let code = codes_of[si][ord as usize];
                        if code != NONE {
                            t.codes.push(code);
                            let r = &mut t.recurs[(code >> 1) as usize];
                            *r = (*r + 1).min(2);
                        }
                    }
                }
                t.starts.push(t.codes.len() as u32);
                let src = ecols[si]
                    .source
                    .as_ref()
                    .and_then(|col| col.term_ords(doc).next());
                t.source
                    .push(src.map_or(NONE, |o| source_ids[si][o as usize]));
                let year = seg
                    .date
                    .first(doc)
                    .and_then(|d| chrono::DateTime::from_timestamp(d.into_timestamp_secs(), 0));
                t.year.push(year.map_or(NO_YEAR, |d| d.year()));
            }
            t.row_of.push(rows);
        }
        Ok(())
    }

    /// Every passage that is not an article's first: its article's row.
    fn map_other_passages(&self, t: &mut FacetTable) -> Result<()> {
        for si in 0..t.row_of.len() {
            for doc in 0..t.row_of[si].len() as u32 {
                if t.row_of[si][doc as usize] != NONE {
                    continue;
                }
                if let Some(first) = self.first_passage(super::addr(si, doc))? {
                    let row = t.row_of[(first >> 32) as usize][first as u32 as usize];
                    t.row_of[si][doc as usize] = row;
                }
            }
        }
        Ok(())
    }
}

/// Rows per value of `key` (rows without one are not counted), as facet values `name`d.
fn tally<K: std::hash::Hash + Eq>(
    rows: &[u32],
    key: impl Fn(u32) -> Option<K>,
    name: impl Fn(K) -> String,
) -> Vec<FacetValue> {
    let mut n: FxHashMap<K, u64> = FxHashMap::default();
    for &r in rows {
        if let Some(k) = key(r) {
            *n.entry(k).or_default() += 1;
        }
    }
    n.into_iter()
        .map(|(k, count)| FacetValue {
            name: name(k),
            count,
        })
        .collect()
}

impl FacetTable {
    /// Heap bytes held (`Snapshot::facet_table_bytes`; BENCHMARKS.md quotes it).
    pub fn heap_bytes(&self) -> usize {
        let rows: usize = self.row_of.iter().map(|r| r.len() * 4).sum();
        let names: usize = self.names.iter().map(|n| n.len() + 16).sum();
        let sources: usize = self.sources.iter().map(|n| n.len() + 16).sum();
        rows + (self.starts.len() + self.codes.len() + self.source.len() + self.year.len()) * 4
            + self.recurs.len()
            + names
            + sources
    }

    /// The requested facets over the articles of the passages at `docs` (one per article),
    /// each dimension's values unsorted but complete for its top `limit`.
    pub(super) fn count(
        &self,
        docs: &[u64],
        dims: &[Dim],
        limit: usize,
    ) -> FxHashMap<Dim, Vec<FacetValue>> {
        let rows: Vec<u32> = docs
            .iter()
            .filter_map(|&ad| {
                let r = *self
                    .row_of
                    .get((ad >> 32) as usize)?
                    .get(ad as u32 as usize)?;
                (r != NONE).then_some(r)
            })
            .collect();
        let mut out = FxHashMap::default();
        let kinds = Dim::entity_kinds(dims);
        if !kinds.is_empty() {
            for (k, v) in self.top_entities(&rows, &kinds, limit) {
                out.insert(Dim::Entity(k), v);
            }
        }
        if dims.contains(&Dim::Source) {
            let source = |r: u32| Some(self.source[r as usize]).filter(|&s| s != NONE);
            let name = |s: u32| self.sources[s as usize].to_string();
            out.insert(Dim::Source, tally(&rows, source, name));
        }
        if dims.contains(&Dim::Year) {
            let year = |r: u32| Some(self.year[r as usize]).filter(|&y| y != NO_YEAR);
            out.insert(Dim::Year, tally(&rows, year, |y| y.to_string()));
        }
        out
    }

    /// Per requested type: the `limit` names held by the most rows (a name's confirmed and
    /// unconfirmed terms added up), then by name, that pass the recurrence rule.
    fn top_entities(
        &self,
        rows: &[u32],
        kinds: &[Kind],
        limit: usize,
    ) -> Vec<(Kind, Vec<FacetValue>)> {
        SCRATCH.with(|cell| {
            let (counts, touched) = &mut *cell.borrow_mut();
            if counts.len() < self.names.len() * 2 {
                counts.resize(self.names.len() * 2, 0);
            }
            for &r in rows {
                let (a, b) = (self.starts[r as usize], self.starts[r as usize + 1]);
                for &code in &self.codes[a as usize..b as usize] {
                    let c = &mut counts[code as usize];
                    if *c == 0 {
                        touched.push(code);
                    }
                    *c += 1;
                }
            }
            let top = top_names(per_name(touched, counts), self, kinds, limit);
            for &code in touched.iter() {
                counts[code as usize] = 0;
            }
            touched.clear();
            top
        })
    }
}

/// Entity names by id, numbered across segments: what picking the top names needs, from a
/// server's facet table or the indexer's facet map.
pub(super) trait Names {
    /// The type of name `id`.
    fn kind_of(&self, id: u32) -> Option<Kind>;
    /// Articles of the index holding it (deleted ones included), at least up to 2.
    fn recurs(&self, id: u32) -> u8;
    /// The name.
    fn name(&self, id: u32) -> &str;
}

impl Names for FacetTable {
    fn kind_of(&self, id: u32) -> Option<Kind> {
        self.kinds
            .iter()
            .find(|&&(_, lo, hi)| lo <= id && id < hi)
            .map(|r| r.0)
    }

    fn recurs(&self, id: u32) -> u8 {
        self.recurs[id as usize]
    }

    fn name(&self, id: u32) -> &str {
        &self.names[id as usize]
    }
}

impl Names for crate::facetmap::View {
    fn kind_of(&self, id: u32) -> Option<Kind> {
        crate::facetmap::View::kind_of(self, id)
    }

    fn recurs(&self, id: u32) -> u8 {
        crate::facetmap::View::recurs(self, id)
    }

    fn name(&self, id: u32) -> &str {
        crate::facetmap::View::name(self, id)
    }
}

/// Each counted name once, as (id, articles with its confirmed term, with its unconfirmed
/// term), from the articles per code (`counts`: a name's confirmed code is `id << 1`, its
/// unconfirmed one `id << 1 | 1`) and the codes counted at least once (`touched`).
pub(super) fn per_name<'a>(
    touched: &'a [u32],
    counts: &'a [u32],
) -> impl Iterator<Item = (u32, u32, u32)> + 'a {
    touched.iter().filter_map(|&code| {
        let id = code >> 1;
        let (yes, no) = (counts[(id << 1) as usize], counts[(id << 1 | 1) as usize]);
        // From its confirmed code when both were counted.
        (code & 1 == 0 || yes == 0).then_some((id, yes, no))
    })
}

/// Per requested type: the `limit` names held by the most articles, then by name (id order),
/// that pass the recurrence rule (a name never confirmed among the counted articles counts
/// once two articles of the index have it). `per_name` gives each counted name once: its id
/// and the articles holding its confirmed and its unconfirmed term.
pub(super) fn top_names(
    per_name: impl Iterator<Item = (u32, u32, u32)>,
    names: &impl Names,
    kinds: &[Kind],
    limit: usize,
) -> Vec<(Kind, Vec<FacetValue>)> {
    // (articles, name id) per requested type.
    let mut cands: Vec<Vec<(u32, u32)>> = vec![Vec::new(); kinds.len()];
    for (id, yes, no) in per_name {
        let Some(kind) = names.kind_of(id) else {
            continue;
        };
        if let Some(i) = kinds.iter().position(|&k| k == kind) {
            let n = yes + no;
            if yes > 0 || n >= 2 || names.recurs(id) >= 2 {
                cands[i].push((n, id));
            }
        }
    }
    kinds
        .iter()
        .zip(cands)
        .map(|(&k, mut c)| {
            let by_rank = |a: &(u32, u32), b: &(u32, u32)| b.0.cmp(&a.0).then(a.1.cmp(&b.1));
            if c.len() > limit && limit > 0 {
                c.select_nth_unstable_by(limit - 1, by_rank);
            }
            c.truncate(limit);
            c.sort_unstable_by(by_rank);
            let v = c
                .into_iter()
                .map(|(n, id)| FacetValue {
                    name: names.name(id).to_string(),
                    count: n as u64,
                })
                .collect();
            (k, v)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;
    use tantivy::directory::OwnedBytes;

    use super::super::facets::Dim;
    use super::super::fixture::{snapshot_in_segments, Article};
    use crate::entities::Kind;

    const NAMES: [&str; 6] = ["Acme", "Bolt", "Cato", "Dune", "Echo", "Fjord"];
    const SOURCES: [&str; 3] = ["BBC", "Wired", "bbc"];

    /// A generated article: passages, (type, name, unconfirmed) terms, source, day.
    #[derive(Debug, Clone)]
    struct Gen {
        passages: usize,
        terms: Vec<(usize, usize, bool)>,
        source: Option<usize>,
        day: Option<i64>,
        /// In the result set, and by which passage.
        picked: Option<usize>,
    }

    fn gen() -> impl Strategy<Value = Gen> {
        (
            1..4usize,
            proptest::collection::vec((0..5usize, 0..6usize, any::<bool>()), 0..7),
            proptest::option::of(0..3usize),
            proptest::option::of(0..3000i64),
            proptest::option::of(0..3usize),
        )
            .prop_map(|(passages, terms, source, day, picked)| Gen {
                passages,
                terms,
                source,
                day: day.map(|d| d * 7),
                picked,
            })
    }

    fn term((k, n, tentative): (usize, usize, bool)) -> String {
        let mark = if tentative { "~" } else { "" };
        format!("{mark}{}:{}", Kind::ALL[k].as_str(), NAMES[n])
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        /// The table and the facet map count what the dictionaries count, for any articles,
        /// segments, result set and limit: values, counts, order and the recurrence rule.
        #[test]
        fn table_counts_equal_dictionary_counts(
            segs in proptest::collection::vec(proptest::collection::vec(gen(), 1..8), 1..4),
            limit in prop_oneof![1..4usize, Just(100usize)],
        ) {
            let texts = ["Alpha words.", "Beta words.", "Gamma words."];
            let terms: Vec<Vec<Vec<String>>> = segs
                .iter()
                .map(|s| s.iter().map(|g| {
                    let mut t: Vec<String> = g.terms.iter().map(|&x| term(x)).collect();
                    t.sort();
                    t.dedup();
                    t
                }).collect())
                .collect();
            let refs: Vec<Vec<Vec<&str>>> = terms
                .iter()
                .map(|s| s.iter().map(|a| a.iter().map(String::as_str).collect()).collect())
                .collect();
            let mut id = 0;
            let articles: Vec<Vec<Article>> = segs
                .iter()
                .zip(&refs)
                .map(|(s, r)| s.iter().zip(r).map(|(g, ents)| {
                    id += 1;
                    Article {
                        id,
                        path: "/a.txt",
                        title: "T",
                        passages: &texts[..g.passages],
                        hash: id,
                        day: g.day,
                        entities: ents,
                        source: g.source.map(|i| SOURCES[i]),
                    }
                }).collect())
                .collect();
            let groups: Vec<&[Article]> = articles.iter().map(Vec::as_slice).collect();
            let snap = snapshot_in_segments(&groups);
            let mut docs = Vec::new();
            for (a, g) in articles.iter().flatten().zip(segs.iter().flatten()) {
                if let Some(p) = g.picked {
                    let mut all = Vec::new();
                    snap.docs_of(a.id, &mut |d| { all.push(d); true }).unwrap();
                    all.sort_unstable();
                    docs.push(all[p % all.len()]);
                }
            }
            let mut dims = Dim::DEFAULT.to_vec();
            dims.push(Dim::Entity(Kind::Misc));
            let mut snap = snap;
            // No facet map: the fixture index lives in memory.
            let by_dictionary = snap.count_facets(&docs, &dims, limit).unwrap();
            prop_assert!(snap.facet_map().is_none());
            let map = crate::facetmap::build(&snap.searcher, None).unwrap();
            let ids: Vec<_> = snap.searcher.segment_readers().iter().map(|s| s.segment_id()).collect();
            let view = crate::facetmap::View::open(OwnedBytes::new(map.encode()), &ids).unwrap();
            snap.facet_map = std::sync::OnceLock::from(Some(view));
            let by_map = snap.count_facets(&docs, &dims, limit).unwrap();
            prop_assert_eq!(&by_map, &by_dictionary);
            snap.keep_facet_table().unwrap();
            prop_assert!(snap.facet_table_bytes().is_some());
            let by_table = snap.count_facets(&docs, &dims, limit).unwrap();
            prop_assert_eq!(by_table, by_dictionary);
        }
    }
}
