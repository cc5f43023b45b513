//! Facets over a search's matching articles (distinct articles, not passages): entities by
//! type, sources and years; and entity filters (`-f TYPE:NAME`).

use anyhow::Result;
use rustc_hash::FxHashMap;
use tantivy::columnar::StrColumn;
use tantivy::schema::IndexRecordOption;
use tantivy::Term;

use super::Snapshot;
use crate::entities::Kind;
use crate::schema::EntityColumns;

/// A facet dimension.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Dim {
    /// Entities of one type.
    Entity(Kind),
    /// Sources.
    Source,
    /// Publication years.
    Year,
}

impl Dim {
    /// What `byline search` counts by default.
    pub const DEFAULT: [Dim; 6] = [
        Dim::Entity(Kind::Org),
        Dim::Entity(Kind::Person),
        Dim::Entity(Kind::Product),
        Dim::Entity(Kind::Place),
        Dim::Source,
        Dim::Year,
    ];

    /// Its name in options and JSON (`org`, `source`, `year`, ...).
    pub fn name(self) -> &'static str {
        match self {
            Dim::Entity(k) => k.as_str(),
            Dim::Source => "source",
            Dim::Year => "year",
        }
    }

    /// The dimension a name stands for.
    pub fn parse(s: &str) -> Option<Dim> {
        match s {
            "source" => Some(Dim::Source),
            "year" => Some(Dim::Year),
            s => Kind::parse(s).map(Dim::Entity),
        }
    }

    /// The entity types among `dims`, in order.
    pub fn entity_kinds(dims: &[Dim]) -> Vec<Kind> {
        dims.iter()
            .filter_map(|d| match d {
                Dim::Entity(k) => Some(*k),
                _ => None,
            })
            .collect()
    }

    /// A comma-separated list (`org,person,year`, any case; `none` for no facet), in order,
    /// without repeats; the error names the first unknown dimension.
    pub fn parse_list(s: &str) -> Result<Vec<Dim>, String> {
        if s.trim() == "none" {
            return Ok(Vec::new());
        }
        let mut out = Vec::new();
        for part in s.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let d = Dim::parse(&part.to_lowercase()).ok_or_else(|| {
                format!("unknown facet '{part}' (expected org, person, product, place, misc, source, year or none)")
            })?;
            if !out.contains(&d) {
                out.push(d);
            }
        }
        Ok(out)
    }
}

/// One facet value and the number of matching articles that have it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FacetValue {
    /// The value (canonical entity name, source, or year).
    pub name: String,
    /// Matching articles with it.
    pub count: u64,
}

/// Requested facets (in order) with their top values.
pub type Facets = Vec<(Dim, Vec<FacetValue>)>;

/// An entity as written in a filter, resolved to the index's terms.
#[derive(Debug, Clone)]
pub struct EntityFilter {
    /// The entity's type.
    pub kind: Kind,
    /// The canonical name found in the index.
    pub name: String,
    /// Exclude the articles naming it instead.
    pub negate: bool,
}

/// From this many matching articles on, entity ordinals are counted in a table.
const DENSE_FROM_ARTICLES: usize = 2048;

/// Counted entity terms, per segment, for `top_entities`.
struct Counted<'a> {
    ecols: &'a [EntityColumns],
    /// The requested types' ordinal ranges.
    ranges: &'a [Vec<(Kind, u64, u64)>],
    /// (ordinal, articles), sorted by ordinal.
    runs: &'a [Vec<(u64, u64)>],
}

/// A name's articles so far, whether any of its terms is confirmed, and which of its terms
/// (segment, unconfirmed) were counted.
#[derive(Default)]
struct NameCount {
    articles: u64,
    confirmed: bool,
    counted: Vec<(usize, bool)>,
}

impl Snapshot {
    /// The first passage (ordinal 0) of the article whose passage is at `ad`: the indexer
    /// adds each article as one batch, so its passages are consecutive documents of one
    /// segment and it is `doc - ordinal` (checked; an index written otherwise is looked up).
    pub(super) fn first_passage(&self, ad: u64) -> Result<Option<u64>> {
        let seg = &self.segs[(ad >> 32) as usize];
        let doc = ad as u32;
        let ord = seg.ordinal.first(doc).unwrap_or(0) as u32;
        if let Some(first) = doc.checked_sub(ord) {
            if seg.ordinal.first(first) == Some(0)
                && seg.article.first(first) == seg.article.first(doc)
            {
                return Ok(Some(((ad >> 32) << 32) | first as u64));
            }
        }
        match seg.article.first(doc) {
            Some(id) => self.doc_with_ordinal(id, 0),
            None => Ok(None),
        }
    }

    /// A passage's entities from its stored document (unconfirmed ones only where they
    /// recur across articles).
    pub(super) fn stored_entities(
        &self,
        doc: &tantivy::TantivyDocument,
    ) -> Result<Vec<(Kind, String)>> {
        use tantivy::schema::Value;
        let mut out = Vec::new();
        for v in doc.get_all(self.fields.entity) {
            if let Some(t) = v.as_str() {
                if let Some(e) = self.accept_term(t)? {
                    out.push(e);
                }
            }
        }
        Ok(out)
    }

    /// `type:Name` -> (kind, name); `~type:Name` only if two or more articles have it.
    pub(super) fn accept_term(&self, term: &str) -> Result<Option<(Kind, String)>> {
        let (plain, tentative) = match term.strip_prefix('~') {
            Some(t) => (t, true),
            None => (term, false),
        };
        let Some((k, name)) = plain.split_once(':') else {
            return Ok(None);
        };
        let Some(kind) = Kind::parse(k) else {
            return Ok(None);
        };
        if tentative && self.article_freq(plain)? < 2 {
            return Ok(None);
        }
        Ok(Some((kind, name.to_string())))
    }

    /// Articles that have entity `plain` (`type:Name`), confirmed or not.
    pub(super) fn article_freq(&self, plain: &str) -> Result<u64> {
        let f = self.fields.article_entity;
        let a = self.searcher.doc_freq(&Term::from_field_text(f, plain))?;
        let b = self
            .searcher
            .doc_freq(&Term::from_field_text(f, &format!("~{plain}")))?;
        Ok(a + b)
    }

    /// Count facets over articles given by any of their passages' addresses: from the
    /// commit's facet table when it keeps one, else entities through the indexer's facet map
    /// when it names these segments, else from the column dictionaries.
    pub(super) fn count_facets(&self, docs: &[u64], dims: &[Dim], limit: usize) -> Result<Facets> {
        if docs.is_empty() {
            // Nothing to count: no column to open.
            return Ok(dims.iter().map(|&d| (d, Vec::new())).collect());
        }
        let mut by_dim = match self.facet_table.get() {
            Some(t) => t.count(docs, dims, limit),
            None => self.count_by_dictionary(docs, dims, limit)?,
        };
        let mut out = Vec::new();
        for &d in dims {
            let mut v = by_dim.remove(&d).unwrap_or_default();
            v.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.name.cmp(&b.name)));
            v.truncate(limit);
            out.push((d, v));
        }
        Ok(out)
    }

    /// Facet values per dimension (unsorted; complete for each top `limit`), counted from the
    /// column dictionaries.
    fn count_by_dictionary(
        &self,
        docs: &[u64],
        dims: &[Dim],
        limit: usize,
    ) -> Result<FxHashMap<Dim, Vec<FacetValue>>> {
        let kinds = Dim::entity_kinds(dims);
        let ecols = self.ent_cols()?;
        let mut by_dim: FxHashMap<Dim, Vec<FacetValue>> = FxHashMap::default();
        // The facet map is opened only when entities are counted.
        let map = if kinds.is_empty() {
            None
        } else {
            self.facet_map()
        };
        if let Some(map) = map {
            for (k, v) in self.entities_by_map(map, docs, ecols, &kinds, limit)? {
                by_dim.insert(Dim::Entity(k), v);
            }
        } else if !kinds.is_empty() {
            // Per segment: the requested types' term ordinal ranges (terms sort by their
            // `type:` / `~type:` prefix).
            let ranges: Vec<Vec<(Kind, u64, u64)>> = ecols
                .iter()
                .map(|c| match &c.article_entity {
                    Some(col) => kind_ranges(col, &kinds),
                    None => Ok(Vec::new()),
                })
                .collect::<Result<_>>()?;
            let runs = self.entity_runs(docs, ecols, &ranges)?;
            let counted = Counted {
                ecols,
                ranges: &ranges,
                runs: &runs,
            };
            for &k in &kinds {
                by_dim.insert(Dim::Entity(k), self.top_entities(&counted, k, limit)?);
            }
        }
        if dims.contains(&Dim::Source) {
            by_dim.insert(Dim::Source, self.source_counts(docs, ecols)?);
        }
        if dims.contains(&Dim::Year) {
            by_dim.insert(Dim::Year, self.year_counts(docs));
        }
        Ok(by_dim)
    }

    /// The top `limit` names of each type in `kinds`, through the indexer's facet map: each
    /// article's term ordinals become name codes (one array read each), and only the names
    /// shown are read.
    fn entities_by_map(
        &self,
        map: &crate::facetmap::View,
        docs: &[u64],
        ecols: &[EntityColumns],
        kinds: &[Kind],
        limit: usize,
    ) -> Result<Vec<(Kind, Vec<FacetValue>)>> {
        let mut codes: Vec<u32> = Vec::new();
        let mut ords: Vec<u64> = Vec::new();
        for &ad in docs {
            let Some((fs, first)) = self.first_passage_of(ad)? else {
                continue;
            };
            let Some(col) = &ecols[fs].article_entity else {
                continue;
            };
            article_ords(col, first, &mut ords);
            codes.extend(
                ords.iter()
                    .map(|&o| map.code(fs, o))
                    .filter(|&c| (c as usize) < map.len() * 2),
            );
        }
        let per_name = count_codes(codes, map.len());
        Ok(super::ordinals::top_names(
            per_name.into_iter(),
            map,
            kinds,
            limit,
        ))
    }

    /// The segment and document of the first passage of the article whose passage is at `ad`.
    fn first_passage_of(&self, ad: u64) -> Result<Option<(usize, u32)>> {
        Ok(self
            .first_passage(ad)?
            .map(|first| ((first >> 32) as usize, first as u32)))
    }

    /// Per segment: (entity term ordinal, articles), sorted by ordinal, for the ordinals in
    /// `ranges`. Counted in a table the size of the dictionary for large result sets, by
    /// sorting a list of occurrences for small ones (no table to allocate).
    fn entity_runs(
        &self,
        docs: &[u64],
        ecols: &[EntityColumns],
        ranges: &[Vec<(Kind, u64, u64)>],
    ) -> Result<Vec<Vec<(u64, u64)>>> {
        let nseg = self.segs.len();
        let dense = docs.len() >= DENSE_FROM_ARTICLES;
        let mut tables: Vec<Vec<u32>> = vec![Vec::new(); nseg];
        let mut ent_ords: Vec<Vec<u32>> = vec![Vec::new(); nseg];
        let mut ords: Vec<u64> = Vec::new();
        for &ad in docs {
            if ranges[(ad >> 32) as usize].is_empty() {
                continue;
            }
            // The first passage may sit in another segment (an older index).
            let Some((fs, first)) = self.first_passage_of(ad)? else {
                continue;
            };
            let Some(col) = &ecols[fs].article_entity else {
                continue;
            };
            let wanted = |ord: &u64| {
                ranges[fs]
                    .iter()
                    .any(|&(_, lo, hi)| lo <= *ord && *ord < hi)
            };
            article_ords(col, first, &mut ords);
            let ords = ords.iter().copied().filter(wanted);
            if dense {
                let t = &mut tables[fs];
                if t.is_empty() {
                    t.resize(col.dictionary().num_terms(), 0);
                }
                for ord in ords {
                    t[ord as usize] += 1;
                }
            } else {
                ent_ords[fs].extend(ords.map(|o| o as u32));
            }
        }
        Ok((0..nseg)
            .map(|si| {
                if dense {
                    tables[si]
                        .iter()
                        .enumerate()
                        .filter(|(_, &n)| n > 0)
                        .map(|(o, &n)| (o as u64, n as u64))
                        .collect()
                } else {
                    let v = &mut ent_ords[si];
                    v.sort_unstable();
                    v.chunk_by(|a, b| a == b)
                        .map(|r| (r[0] as u64, r.len() as u64))
                        .collect()
                }
            })
            .collect())
    }

    /// Articles per source (as written), over the passages at `docs`.
    fn source_counts(&self, docs: &[u64], ecols: &[EntityColumns]) -> Result<Vec<FacetValue>> {
        let mut per_seg: Vec<FxHashMap<u64, u64>> = vec![FxHashMap::default(); self.segs.len()];
        for &ad in docs {
            let si = (ad >> 32) as usize;
            if let Some(col) = &ecols[si].source {
                if let Some(ord) = col.term_ords(ad as u32).next() {
                    *per_seg[si].entry(ord).or_default() += 1;
                }
            }
        }
        let mut sources: FxHashMap<String, u64> = FxHashMap::default();
        for (si, counts) in per_seg.iter().enumerate() {
            let Some(col) = &ecols[si].source else {
                continue;
            };
            let mut ords: Vec<u64> = counts.keys().copied().collect();
            ords.sort_unstable();
            let mut k = 0;
            col.dictionary().sorted_ords_to_term_cb(&ords, |bytes| {
                let n = counts[&ords[k]];
                k += 1;
                *sources
                    .entry(String::from_utf8_lossy(bytes).into_owned())
                    .or_default() += n;
            })?;
        }
        Ok(sources
            .into_iter()
            .map(|(name, count)| FacetValue { name, count })
            .collect())
    }

    /// Articles per year (UTC), over the passages at `docs`; undated ones are not counted.
    fn year_counts(&self, docs: &[u64]) -> Vec<FacetValue> {
        use chrono::Datelike;
        let mut years: FxHashMap<i32, u64> = FxHashMap::default();
        for &ad in docs {
            let date = self.segs[(ad >> 32) as usize].date.first(ad as u32);
            if let Some(t) =
                date.and_then(|d| chrono::DateTime::from_timestamp(d.into_timestamp_secs(), 0))
            {
                *years.entry(t.year()).or_default() += 1;
            }
        }
        years
            .into_iter()
            .map(|(y, n)| FacetValue {
                name: y.to_string(),
                count: n,
            })
            .collect()
    }

    /// The `limit` names of one type held by the most counted articles (then by name), with a
    /// name's confirmed (`type:`) and unconfirmed (`~type:`) terms in every segment added up.
    ///
    /// Exact without resolving every counted ordinal to its name: a name has at most
    /// `parts` = segments x 2 terms. Let `c` be the count of the (limit x parts)-th biggest
    /// term; those terms name at least `limit` names, each held by `c` articles or more. A name
    /// none of whose terms reaches `c / parts` is held by fewer than `c` articles, so only
    /// terms reaching `c / parts` are resolved; their names' totals are then completed by
    /// looking their other terms up. If too few of them pass the recurrence rule (a name
    /// never confirmed counts once two articles have it), every ordinal is resolved.
    fn top_entities(&self, counted: &Counted, kind: Kind, limit: usize) -> Result<Vec<FacetValue>> {
        let nseg = counted.runs.len();
        let parts = (nseg * 2).max(1);
        let in_kind = |si: usize, ord: u64| {
            counted.ranges[si]
                .iter()
                .any(|&(k, lo, hi)| k == kind && lo <= ord && ord < hi)
        };
        let mut terms: Vec<(u64, usize, u64)> = Vec::new(); // (articles, segment, ordinal)
        for (si, run) in counted.runs.iter().enumerate() {
            terms.extend(
                run.iter()
                    .filter(|&&(o, _)| in_kind(si, o))
                    .map(|&(o, n)| (n, si, o)),
            );
        }
        let kth = limit.saturating_mul(parts);
        let threshold = if terms.len() > kth && kth > 0 {
            terms.select_nth_unstable_by(kth - 1, |a, b| b.0.cmp(&a.0));
            terms[kth - 1].0
        } else {
            0
        };
        let (v, floor) = self.name_totals(counted, kind, &terms, threshold, parts, limit)?;
        if threshold > 0 && (v.len() < limit || v[limit - 1].count <= floor) {
            return Ok(self.name_totals(counted, kind, &terms, 0, parts, limit)?.0);
        }
        Ok(v)
    }

    /// Names of the terms holding at least `threshold / parts` articles (all when 0), with
    /// their totals over every segment and both marks, filtered by the recurrence rule, best
    /// first, at most `limit`; and the most articles a name left out may hold (it is exact
    /// when the last name returned holds more).
    #[allow(clippy::too_many_arguments)]
    fn name_totals(
        &self,
        counted: &Counted,
        kind: Kind,
        terms: &[(u64, usize, u64)],
        threshold: u64,
        parts: usize,
        limit: usize,
    ) -> Result<(Vec<FacetValue>, u64)> {
        let nseg = counted.runs.len();
        // Per name: articles, confirmed, and the (segment, unconfirmed) terms resolved.
        let mut names: FxHashMap<String, NameCount> = FxHashMap::default();
        for si in 0..nseg {
            let Some(col) = &counted.ecols[si].article_entity else {
                continue;
            };
            let mut ords: Vec<(u64, u64)> = terms
                .iter()
                .filter(|t| t.1 == si && t.0 * parts as u64 >= threshold)
                .map(|t| (t.2, t.0))
                .collect();
            ords.sort_unstable();
            let just_ords: Vec<u64> = ords.iter().map(|o| o.0).collect();
            let mut k = 0;
            col.dictionary()
                .sorted_ords_to_term_cb(&just_ords, |bytes| {
                    let n = ords[k].1;
                    k += 1;
                    let Ok(t) = std::str::from_utf8(bytes) else {
                        return;
                    };
                    let (plain, tentative) = match t.strip_prefix('~') {
                        Some(p) => (p, true),
                        None => (t, false),
                    };
                    if let Some((_, name)) = plain.split_once(':') {
                        let e = names.entry(name.to_string()).or_default();
                        e.articles += n;
                        e.confirmed |= !tentative;
                        e.counted.push((si, tentative));
                    }
                })?;
        }
        let mut floor = 0;
        if threshold > 0 {
            // A term left unresolved holds at most `cap` articles; a name none of whose terms
            // was resolved holds fewer than `threshold`.
            let cap = (threshold - 1) / parts as u64;
            floor = threshold - 1;
            let upper = |e: &NameCount| e.articles + (parts - e.counted.len()) as u64 * cap;
            let mut lowers: Vec<u64> = names.values().map(|e| e.articles).collect();
            lowers.sort_unstable_by(|a, b| b.cmp(a));
            let enough = lowers.get(limit.saturating_sub(1)).copied().unwrap_or(0);
            // Names that cannot reach the top are left out (their bound goes into `floor`);
            // the others' totals are completed from their terms not counted yet.
            names.retain(|_, e| {
                let up = upper(e);
                if up < enough {
                    floor = floor.max(up);
                }
                up >= enough
            });
            for (name, e) in names.iter_mut() {
                for si in 0..nseg {
                    let Some(col) = &counted.ecols[si].article_entity else {
                        continue;
                    };
                    for tentative in [false, true] {
                        if e.counted.contains(&(si, tentative)) {
                            continue;
                        }
                        let mark = if tentative { "~" } else { "" };
                        let key = format!("{mark}{}:{name}", kind.as_str());
                        if let Some(ord) = col.dictionary().term_ord(key.as_bytes())? {
                            let run = &counted.runs[si];
                            if let Ok(i) = run.binary_search_by_key(&ord, |r| r.0) {
                                e.articles += run[i].1;
                                e.confirmed |= !tentative;
                            }
                        }
                    }
                }
            }
        }
        let mut all: Vec<(String, u64, bool)> = names
            .into_iter()
            .map(|(n, e)| (n, e.articles, e.confirmed))
            .collect();
        all.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        let mut v = Vec::new();
        for (name, n, confirmed) in all {
            if v.len() >= limit {
                break;
            }
            if confirmed || n >= 2 || self.article_freq(&format!("{}:{name}", kind.as_str()))? >= 2
            {
                v.push(FacetValue { name, count: n });
            }
        }
        Ok((v, floor))
    }

    /// Facets over every article of the index (copies of one text counted once).
    pub fn index_facets(&self, dims: &[Dim], limit: usize) -> Result<Facets> {
        let docs = self.first_passages_of_all(&mut |_| true);
        self.count_facets(&docs, dims, limit)
    }

    /// The first passage of every live article that `keep` accepts (by article id), one per
    /// text (copies collapsed), in index order.
    pub(super) fn first_passages_of_all(&self, keep: &mut dyn FnMut(u64) -> bool) -> Vec<u64> {
        let mut seen = rustc_hash::FxHashSet::default();
        let mut docs = Vec::new();
        for (si, sr) in self.searcher.segment_readers().iter().enumerate() {
            let seg = &self.segs[si];
            for doc in 0..sr.max_doc() {
                if seg.ordinal.first(doc) != Some(0) || !Self::alive(sr, doc) {
                    continue;
                }
                let Some(a) = seg.article.first(doc) else {
                    continue;
                };
                if keep(a) && seen.insert(seg.body_hash.first(doc).unwrap_or(a)) {
                    docs.push(super::addr(si, doc));
                }
            }
        }
        docs
    }

    /// Names of entities of `kind` in the index (confirmed or recurring), for filter hints.
    pub fn entity_names(&self, kind: Kind) -> Result<Vec<String>> {
        let mut out = Vec::new();
        let prefixes = [
            format!("{}:", kind.as_str()),
            format!("~{}:", kind.as_str()),
        ];
        for sr in self.searcher.segment_readers() {
            let inv = sr.inverted_index(self.fields.article_entity)?;
            for p in &prefixes {
                let mut stream = inv.terms().range().ge(p.as_bytes()).into_stream()?;
                while stream.advance() {
                    let Ok(t) = std::str::from_utf8(stream.key()) else {
                        continue;
                    };
                    let Some(rest) = t.strip_prefix(p.as_str()) else {
                        break;
                    };
                    if p.starts_with('~') && self.article_freq(&t[1..])? < 2 {
                        continue;
                    }
                    out.push(rest.to_string());
                }
            }
        }
        out.sort();
        out.dedup();
        Ok(out)
    }

    /// Resolve a filter name (canonical or alias, any case) to the index's canonical name.
    pub(super) fn resolve_entity(&self, kind: Kind, name: &str) -> Result<Option<String>> {
        // Fastest path: the name as indexed (no gazetteer to build: it holds ~30,000 entries).
        if self.article_freq(&format!("{}:{name}", kind.as_str()))? > 0 {
            return Ok(Some(name.to_string()));
        }
        let mut candidates: Vec<String> = self
            .gazetteer()
            .lookup(name)
            .filter(|e| e.kind == kind)
            .map(|e| e.name.clone())
            .collect();
        candidates.push(name.to_string());
        // Fast path: a candidate spelled as indexed.
        for c in &candidates {
            if self.article_freq(&format!("{}:{c}", kind.as_str()))? > 0 {
                return Ok(Some(c.clone()));
            }
        }
        let known = self.entity_names(kind)?;
        for c in &candidates {
            if let Some(k) = known
                .iter()
                .find(|k| k.eq_ignore_ascii_case(c) || k.to_lowercase() == c.to_lowercase())
            {
                return Ok(Some(k.clone()));
            }
        }
        Ok(None)
    }

    /// Live documents holding the entity (confirmed or not) in `field`: (segment, doc).
    fn entity_docs(
        &self,
        field: tantivy::schema::Field,
        kind: Kind,
        name: &str,
        out: &mut dyn FnMut(usize, u32),
    ) -> Result<()> {
        use tantivy::DocSet;
        let plain = format!("{}:{name}", kind.as_str());
        for t in [format!("~{plain}"), plain] {
            let term = Term::from_field_text(field, &t);
            for (si, sr) in self.searcher.segment_readers().iter().enumerate() {
                let inv = sr.inverted_index(field)?;
                if let Some(mut postings) = inv.read_postings(&term, IndexRecordOption::Basic)? {
                    let mut doc = postings.doc();
                    while doc != tantivy::TERMINATED {
                        if Self::alive(sr, doc) {
                            out(si, doc);
                        }
                        doc = postings.advance();
                    }
                }
            }
        }
        Ok(())
    }

    /// Articles (sorted ids) that have the entity.
    pub(super) fn articles_with_entity(&self, kind: Kind, name: &str) -> Result<Vec<u64>> {
        let mut out = Vec::new();
        self.entity_docs(self.fields.article_entity, kind, name, &mut |si, doc| {
            if let Some(a) = self.segs[si].article.first(doc) {
                out.push(a);
            }
        })?;
        out.sort_unstable();
        out.dedup();
        Ok(out)
    }

    /// Passage addresses (sorted) that mention the entity.
    pub(super) fn passages_with_entity(&self, kind: Kind, name: &str) -> Result<Vec<u64>> {
        let mut out = Vec::new();
        self.entity_docs(self.fields.entity, kind, name, &mut |si, doc| {
            out.push(super::addr(si, doc))
        })?;
        out.sort_unstable();
        out.dedup();
        Ok(out)
    }
}

/// Each name among `codes` (a name's confirmed code is `id << 1`, its unconfirmed one
/// `id << 1 | 1`; all below `2 * names`) once: (id, confirmed count, unconfirmed count). In a
/// table the size of the codes when they are many, else by sorting them: a table touched at a
/// few random places costs a page fault per place.
fn count_codes(codes: Vec<u32>, names: usize) -> Vec<(u32, u32, u32)> {
    if codes.len() * 2 >= names {
        count_in_table(&codes, names)
    } else {
        count_by_sorting(codes)
    }
}

fn count_in_table(codes: &[u32], names: usize) -> Vec<(u32, u32, u32)> {
    let mut counts = vec![0u32; names * 2];
    let mut touched: Vec<u32> = Vec::new();
    for &code in codes {
        let c = &mut counts[code as usize];
        if *c == 0 {
            touched.push(code);
        }
        *c += 1;
    }
    super::ordinals::per_name(&touched, &counts).collect()
}

fn count_by_sorting(mut codes: Vec<u32>) -> Vec<(u32, u32, u32)> {
    codes.sort_unstable();
    let mut out: Vec<(u32, u32, u32)> = Vec::new();
    for run in codes.chunk_by(|a, b| a == b) {
        let (code, n) = (run[0], run.len() as u32);
        match out.last_mut() {
            Some(last) if last.0 == code >> 1 => last.2 += n,
            _ if code & 1 == 0 => out.push((code >> 1, n, 0)),
            _ => out.push((code >> 1, 0, n)),
        }
    }
    out
}

/// The entity term ordinals of the first passage `doc` into `ords`, read in one go (an
/// unpacked range of the column, not one value at a time).
fn article_ords(col: &StrColumn, doc: u32, ords: &mut Vec<u64>) {
    let column = col.ords();
    let rows = column.index.value_row_ids(doc);
    ords.clear();
    ords.resize(rows.len(), 0);
    column.values.get_range(u64::from(rows.start), ords);
}

/// Term ordinal ranges `[lo, hi)` of the `type:` and `~type:` terms of the given types.
fn kind_ranges(col: &StrColumn, kinds: &[Kind]) -> Result<Vec<(Kind, u64, u64)>> {
    use tantivy::columnar::TermOrdHit;
    let dict = col.dictionary();
    let n = dict.num_terms() as u64;
    let ord_of = |key: &str| -> Result<u64> {
        Ok(match dict.term_ord_or_next(key.as_bytes())? {
            TermOrdHit::Exact(o) | TermOrdHit::Next(o) => o.min(n),
        })
    };
    let mut out = Vec::new();
    for k in kinds {
        for mark in ["", "~"] {
            // ':' + 1 = ';': the first key after every `type:...` term.
            let lo = ord_of(&format!("{mark}{}:", k.as_str()))?;
            let hi = ord_of(&format!("{mark}{};", k.as_str()))?;
            if lo < hi {
                out.push((*k, lo, hi));
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    proptest! {
        /// Counting name codes in a table and by sorting gives the same names and counts.
        #[test]
        fn codes_count_alike_in_a_table_and_by_sorting(
            codes in proptest::collection::vec(0..40u32, 0..200),
        ) {
            let mut a = super::count_in_table(&codes, 20);
            let mut b = super::count_by_sorting(codes.clone());
            a.sort_unstable();
            b.sort_unstable();
            prop_assert_eq!(&a, &b);
            let total: u32 = a.iter().map(|&(_, y, n)| y + n).sum();
            prop_assert_eq!(total as usize, codes.len());
        }
    }
}
