//! Facets over a search's matching articles (distinct articles, not passages): entities by
//! type, sources and years; and entity filters (`-f TYPE:NAME`).

use anyhow::Result;
use rustc_hash::FxHashMap;
use tantivy::columnar::StrColumn;
use tantivy::schema::IndexRecordOption;
use tantivy::Term;

use super::Engine;
use crate::entities::Kind;

/// A facet dimension.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Dim {
    Entity(Kind),
    Source,
    Year,
}

impl Dim {
    pub const DEFAULT: [Dim; 6] = [
        Dim::Entity(Kind::Org),
        Dim::Entity(Kind::Person),
        Dim::Entity(Kind::Product),
        Dim::Entity(Kind::Place),
        Dim::Source,
        Dim::Year,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Dim::Entity(k) => k.as_str(),
            Dim::Source => "source",
            Dim::Year => "year",
        }
    }

    pub fn parse(s: &str) -> Option<Dim> {
        match s {
            "source" => Some(Dim::Source),
            "year" => Some(Dim::Year),
            s => Kind::parse(s).map(Dim::Entity),
        }
    }
}

/// One facet value and the number of matching articles that have it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FacetValue {
    pub name: String,
    pub count: u64,
}

/// Requested facets (in order) with their top values.
pub type Facets = Vec<(Dim, Vec<FacetValue>)>;

/// An entity as written in a filter, resolved to the index's terms.
#[derive(Debug, Clone)]
pub struct EntityFilter {
    pub kind: Kind,
    /// The canonical name found in the index.
    pub name: String,
    pub negate: bool,
}

/// Per-segment entity columns.
pub(super) struct EntityCols {
    pub article_entity: Option<StrColumn>,
    pub entity: Option<StrColumn>,
    pub source: Option<StrColumn>,
}

impl Engine {
    /// The first passage (ordinal 0) of the article whose passage is at `ad`: passages of an
    /// article are consecutive documents, so it is `doc - ordinal` (checked; else looked up).
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

    /// Entity terms of a document in one of the two entity columns, unconfirmed ones (`~`)
    /// kept only when two or more articles have the entity.
    pub(super) fn entity_terms(&self, ad: u64, article_level: bool) -> Result<Vec<(Kind, String)>> {
        let si = (ad >> 32) as usize;
        let cols = &self.ents[si];
        let col = if article_level {
            &cols.article_entity
        } else {
            &cols.entity
        };
        let Some(col) = col else {
            return Ok(Vec::new());
        };
        let mut out = Vec::new();
        let mut s = String::new();
        for ord in col.term_ords(ad as u32) {
            s.clear();
            col.ord_to_str(ord, &mut s)?;
            if let Some(e) = self.accept_term(&s)? {
                out.push(e);
            }
        }
        Ok(out)
    }

    /// `type:Name` -> (kind, name); `~type:Name` only if two or more articles have it.
    fn accept_term(&self, term: &str) -> Result<Option<(Kind, String)>> {
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
    fn article_freq(&self, plain: &str) -> Result<u64> {
        let f = self.fields.article_entity;
        let a = self.searcher.doc_freq(&Term::from_field_text(f, plain))?;
        let b = self
            .searcher
            .doc_freq(&Term::from_field_text(f, &format!("~{plain}")))?;
        Ok(a + b)
    }

    /// Count facets over articles given by any of their passages' addresses.
    pub(super) fn count_facets(&self, docs: &[u64], dims: &[Dim], limit: usize) -> Result<Facets> {
        let want_entities = dims.iter().any(|d| matches!(d, Dim::Entity(_)));
        let want_source = dims.contains(&Dim::Source);
        let want_year = dims.contains(&Dim::Year);
        let nseg = self.segs.len();
        let mut ent_counts: Vec<FxHashMap<u64, u64>> = vec![FxHashMap::default(); nseg];
        let mut src_counts: Vec<FxHashMap<u64, u64>> = vec![FxHashMap::default(); nseg];
        let mut years: FxHashMap<i32, u64> = FxHashMap::default();
        for &ad in docs {
            let si = (ad >> 32) as usize;
            let doc = ad as u32;
            if want_entities {
                if let (Some(first), Some(col)) =
                    (self.first_passage(ad)?, &self.ents[si].article_entity)
                {
                    for ord in col.term_ords(first as u32) {
                        *ent_counts[si].entry(ord).or_default() += 1;
                    }
                }
            }
            if want_source {
                if let Some(col) = &self.ents[si].source {
                    if let Some(ord) = col.term_ords(doc).next() {
                        *src_counts[si].entry(ord).or_default() += 1;
                    }
                }
            }
            if want_year {
                if let Some(d) = self.segs[si].date.first(doc) {
                    let secs = d.into_timestamp_secs();
                    if let Some(t) = chrono::DateTime::from_timestamp(secs, 0) {
                        use chrono::Datelike;
                        *years.entry(t.year()).or_default() += 1;
                    }
                }
            }
        }
        // Resolve term ordinals to names, merging segments.
        let mut by_dim: FxHashMap<Dim, FxHashMap<String, u64>> = FxHashMap::default();
        let mut s = String::new();
        for si in 0..nseg {
            if let Some(col) = &self.ents[si].article_entity {
                for (&ord, &n) in &ent_counts[si] {
                    s.clear();
                    col.ord_to_str(ord, &mut s)?;
                    if let Some((kind, name)) = self.accept_term(&s)? {
                        let d = Dim::Entity(kind);
                        if dims.contains(&d) {
                            *by_dim.entry(d).or_default().entry(name).or_default() += n;
                        }
                    }
                }
            }
            if let Some(col) = &self.ents[si].source {
                for (&ord, &n) in &src_counts[si] {
                    s.clear();
                    col.ord_to_str(ord, &mut s)?;
                    *by_dim
                        .entry(Dim::Source)
                        .or_default()
                        .entry(s.clone())
                        .or_default() += n;
                }
            }
        }
        if want_year {
            let m = by_dim.entry(Dim::Year).or_default();
            for (y, n) in years {
                m.insert(y.to_string(), n);
            }
        }
        Ok(dims
            .iter()
            .map(|&d| {
                let mut v: Vec<FacetValue> = by_dim
                    .remove(&d)
                    .unwrap_or_default()
                    .into_iter()
                    .map(|(name, count)| FacetValue { name, count })
                    .collect();
                v.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.name.cmp(&b.name)));
                v.truncate(limit);
                (d, v)
            })
            .collect())
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
        let mut candidates: Vec<String> = self
            .gazetteer()
            .lookup(name)
            .filter(|e| e.kind == kind)
            .map(|e| e.name.clone())
            .collect();
        candidates.push(name.to_string());
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

    /// Articles (sorted ids) that have the entity.
    pub(super) fn articles_with_entity(&self, kind: Kind, name: &str) -> Result<Vec<u64>> {
        let plain = format!("{}:{name}", kind.as_str());
        let mut out = Vec::new();
        for t in [plain.clone(), format!("~{plain}")] {
            let term = Term::from_field_text(self.fields.article_entity, &t);
            for (si, sr) in self.searcher.segment_readers().iter().enumerate() {
                let inv = sr.inverted_index(self.fields.article_entity)?;
                if let Some(mut postings) = inv.read_postings(&term, IndexRecordOption::Basic)? {
                    use tantivy::DocSet;
                    let mut doc = postings.doc();
                    while doc != tantivy::TERMINATED {
                        if Self::alive(sr, doc) {
                            if let Some(a) = self.segs[si].article.first(doc) {
                                out.push(a);
                            }
                        }
                        doc = postings.advance();
                    }
                }
            }
        }
        out.sort_unstable();
        out.dedup();
        Ok(out)
    }

    /// Passage addresses (sorted) that mention the entity.
    pub(super) fn passages_with_entity(&self, kind: Kind, name: &str) -> Result<Vec<u64>> {
        let plain = format!("{}:{name}", kind.as_str());
        let mut out = Vec::new();
        for t in [plain.clone(), format!("~{plain}")] {
            let term = Term::from_field_text(self.fields.entity, &t);
            for (si, sr) in self.searcher.segment_readers().iter().enumerate() {
                let inv = sr.inverted_index(self.fields.entity)?;
                if let Some(mut postings) = inv.read_postings(&term, IndexRecordOption::Basic)? {
                    use tantivy::DocSet;
                    let mut doc = postings.doc();
                    while doc != tantivy::TERMINATED {
                        if Self::alive(sr, doc) {
                            out.push(super::addr(si, doc));
                        }
                        doc = postings.advance();
                    }
                }
            }
        }
        out.sort_unstable();
        out.dedup();
        Ok(out)
    }
}
