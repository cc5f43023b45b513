//! Entities mentioned in the same passages as a given one (`byline related`).

use anyhow::Result;
use rustc_hash::FxHashMap;
use tantivy::schema::Value;
use tantivy::{TantivyDocument, Term};

use super::articles::doc_address;
use super::Snapshot;
use crate::entities::Kind;

/// One co-mentioned entity.
#[derive(Debug, Clone, PartialEq)]
pub struct Related {
    /// Its type.
    pub kind: Kind,
    /// Its canonical name.
    pub name: String,
    /// Passages mentioning both.
    pub count: u64,
    /// How many times more often than chance: P(other | passage names the entity) / P(other).
    pub lift: f64,
}

impl Snapshot {
    /// Resolve `TYPE:NAME` or a bare name (any type; the one in most articles wins).
    pub fn resolve_any(&self, arg: &str) -> Result<Option<(Kind, String)>> {
        if let Some((k, n)) = arg.split_once(':') {
            if let Some(kind) = Kind::parse(&k.trim().to_lowercase()) {
                return Ok(self.resolve_entity(kind, n.trim())?.map(|c| (kind, c)));
            }
        }
        let mut best: Option<(u64, Kind, String)> = None;
        for kind in Kind::ALL {
            if let Some(c) = self.resolve_entity(kind, arg.trim())? {
                let n = self.article_freq(&format!("{}:{c}", kind.as_str()))?;
                if best.as_ref().is_none_or(|b| n > b.0) {
                    best = Some((n, kind, c));
                }
            }
        }
        Ok(best.map(|(_, k, c)| (k, c)))
    }

    /// Entities co-mentioned with (kind, name) in passages, most co-mentions first (then lift,
    /// then name); `only` keeps one type.
    pub fn related(
        &self,
        kind: Kind,
        name: &str,
        only: Option<Kind>,
        limit: usize,
    ) -> Result<Vec<Related>> {
        let passages = self.passages_with_entity(kind, name)?;
        let n_t = passages.len() as f64;
        let total = self.searcher.num_docs() as f64;
        let mut counts: FxHashMap<(Kind, String), u64> = FxHashMap::default();
        for ad in passages {
            let doc: TantivyDocument = self.searcher.doc(doc_address(ad))?;
            for v in doc.get_all(self.fields.entity) {
                let Some(t) = v.as_str() else { continue };
                let Some((k, n)) = self.accept_term(t)? else {
                    continue;
                };
                if (k == kind && n == name) || only.is_some_and(|o| o != k) {
                    continue;
                }
                *counts.entry((k, n)).or_default() += 1;
            }
        }
        let mut out = Vec::new();
        for ((k, n), c) in counts {
            let plain = format!("{}:{n}", k.as_str());
            let f = self.fields.entity;
            let n_e = self.searcher.doc_freq(&Term::from_field_text(f, &plain))?
                + self
                    .searcher
                    .doc_freq(&Term::from_field_text(f, &format!("~{plain}")))?;
            let lift = if n_e == 0 || n_t == 0.0 {
                0.0
            } else {
                (c as f64 / n_t) / (n_e as f64 / total)
            };
            out.push(Related {
                kind: k,
                name: n,
                count: c,
                lift: (lift * 100.0).round() / 100.0,
            });
        }
        out.sort_by(|a, b| {
            b.count
                .cmp(&a.count)
                .then(b.lift.total_cmp(&a.lift))
                .then_with(|| (a.kind, &a.name).cmp(&(b.kind, &b.name)))
        });
        out.truncate(limit);
        Ok(out)
    }
}
