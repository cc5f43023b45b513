//! One article in full (`byline show`): metadata, passages, entities with mention counts.

use std::path::Path;

use anyhow::Result;
use tantivy::schema::Value;
use tantivy::TantivyDocument;

use super::articles::doc_address;
use super::{ArticleMeta, Snapshot};
use crate::entities::Kind;

/// An article as `byline show` prints it.
#[derive(Debug, Clone)]
pub struct Shown {
    /// Its metadata.
    pub article: ArticleMeta,
    /// Its passages, in order.
    pub passages: Vec<String>,
    /// (type, name, mentions), most mentioned first, then type and name.
    pub entities: Vec<(Kind, String, u32)>,
}

impl Snapshot {
    /// The article an argument names: a 16-hex-digit id, or a path with an optional
    /// `:RECORD` (JSON / JSON Lines files). `None` when the index has no such article.
    pub fn find_article(&self, target: &str) -> Result<Option<u64>> {
        let hex = target.len() == 16 && target.chars().all(|c| c.is_ascii_hexdigit());
        if hex {
            let id = u64::from_str_radix(target, 16)?;
            if self.first_doc(id)?.is_some() {
                return Ok(Some(id));
            }
        }
        let mut tries: Vec<(&str, Option<u64>)> = vec![(target, None)];
        if let Some((p, r)) = target.rsplit_once(':') {
            if let Ok(r) = r.parse::<u64>() {
                tries.insert(0, (p, Some(r)));
            }
        }
        for (p, record) in tries {
            let path = Path::new(p);
            let Ok(abs) = std::fs::canonicalize(path) else {
                continue;
            };
            let key = crate::keys::path_key(&abs);
            // A one-article file has no record; a JSON file's first record is 1.
            for r in [record, record.or(Some(1))] {
                let id = crate::keys::article_id(&key, r);
                if self.first_doc(id)?.is_some() {
                    return Ok(Some(id));
                }
            }
        }
        Ok(None)
    }

    /// The whole article.
    pub fn show(&self, id: u64) -> Result<Shown> {
        let article = self.meta(id)?;
        let mut docs: Vec<(u64, u64)> = Vec::new();
        self.docs_of(id, &mut |ad| {
            let seg = &self.segs[(ad >> 32) as usize];
            docs.push((seg.ordinal.first(ad as u32).unwrap_or(0), ad));
            true
        })?;
        docs.sort_unstable();
        let mut passages = Vec::new();
        let mut entities = Vec::new();
        for (ordinal, ad) in docs {
            let doc: TantivyDocument = self.searcher.doc(doc_address(ad))?;
            if let Some(t) = doc.get_first(self.fields.text).and_then(|v| v.as_str()) {
                passages.push(t.to_string());
            }
            if ordinal == 0 {
                for v in doc.get_all(self.fields.entity_mentions) {
                    let Some((term, n)) = v.as_str().and_then(|s| s.split_once('\t')) else {
                        continue;
                    };
                    if let Some((kind, name)) = self.accept_term(term)? {
                        entities.push((kind, name, n.parse().unwrap_or(0)));
                    }
                }
            }
        }
        entities.sort_by(|a, b| b.2.cmp(&a.2).then_with(|| (a.0, &a.1).cmp(&(b.0, &b.1))));
        Ok(Shown {
            article,
            passages,
            entities,
        })
    }
}
