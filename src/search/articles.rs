//! An article's documents (one per passage) and its metadata, by article id: what every
//! stage after matching reads to show an article. Documents are named by an address,
//! `segment << 32 | doc` (`addr`).

use anyhow::{anyhow, Result};
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::{DocAddress, DocSet, SegmentReader, TantivyDocument, Term};

use super::request::ArticleMeta;
use super::Snapshot;

/// The address of a document: its segment's number and its id there, in one `u64` that sorts
/// in index order.
pub fn addr(seg: usize, doc: u32) -> u64 {
    ((seg as u64) << 32) | doc as u64
}

/// tantivy's address of the document at `a`.
pub fn doc_address(a: u64) -> DocAddress {
    DocAddress::new((a >> 32) as u32, a as u32)
}

impl Snapshot {
    /// Is `doc` of this segment live (not deleted)?
    pub(super) fn alive(sr: &SegmentReader, doc: u32) -> bool {
        sr.alive_bitset().is_none_or(|b| b.is_alive(doc))
    }

    /// Live documents of an article, by its indexed id; `out` returns false to stop.
    pub(super) fn docs_of(&self, id: u64, out: &mut dyn FnMut(u64) -> bool) -> Result<()> {
        let term = Term::from_field_u64(self.fields.article_id, id);
        for (si, sr) in self.searcher.segment_readers().iter().enumerate() {
            let inv = sr.inverted_index(self.fields.article_id)?;
            if let Some(mut postings) = inv.read_postings(&term, IndexRecordOption::Basic)? {
                let mut doc = postings.doc();
                while doc != tantivy::TERMINATED {
                    if Self::alive(sr, doc) && !out(addr(si, doc)) {
                        return Ok(());
                    }
                    doc = postings.advance();
                }
            }
        }
        Ok(())
    }

    /// Some live document of an article.
    pub(super) fn first_doc(&self, id: u64) -> Result<Option<u64>> {
        let mut found = None;
        self.docs_of(id, &mut |ad| {
            found = Some(ad);
            false
        })?;
        Ok(found)
    }

    /// The article's passage with this ordinal.
    pub(super) fn doc_with_ordinal(&self, id: u64, ordinal: u64) -> Result<Option<u64>> {
        let mut found = None;
        self.docs_of(id, &mut |ad| {
            let seg = &self.segs[(ad >> 32) as usize];
            if seg.ordinal.first(ad as u32) == Some(ordinal) {
                found = Some(ad);
                false
            } else {
                true
            }
        })?;
        Ok(found)
    }

    /// An article's near-duplicate signature (`None`: a text too short to have one, or an
    /// unknown article).
    pub fn signature(&self, id: u64) -> Result<Option<crate::similar::Signature>> {
        let Some(ad) = self.doc_with_ordinal(id, 0)? else {
            return Ok(None);
        };
        let col = &self.segs[(ad >> 32) as usize].near;
        Ok(crate::similar::Signature::from_u64s(
            col.values_for_doc(ad as u32),
        ))
    }

    /// An article's story (`index::stories`; its id when it started its own): near copies
    /// share it. `None` for an unknown article.
    pub fn story(&self, id: u64) -> Result<Option<u64>> {
        let Some(ad) = self.first_doc(id)? else {
            return Ok(None);
        };
        Ok(Some(
            self.segs[(ad >> 32) as usize]
                .story
                .first(ad as u32)
                .unwrap_or(id),
        ))
    }

    /// An article's metadata, from its first passage's stored fields.
    pub fn meta(&self, id: u64) -> Result<ArticleMeta> {
        let ad = self
            .doc_with_ordinal(id, 0)?
            .ok_or_else(|| anyhow!("article {id:016x}: no first passage in the index; rebuild it with `byline index --rebuild`"))?;
        let doc: TantivyDocument = self.searcher.doc(doc_address(ad))?;
        let f = &self.fields;
        let s = |field| {
            doc.get_first(field)
                .and_then(|v| v.as_str())
                .map(str::to_string)
        };
        let raw_path = crate::keys::key_path(&s(f.path).unwrap_or_default());
        Ok(ArticleMeta {
            id,
            path: raw_path.to_string_lossy().into_owned(),
            raw_path,
            record: doc.get_first(f.record).and_then(|v| v.as_u64()),
            title: s(f.title),
            title_derived: doc
                .get_first(f.title_derived)
                .and_then(|v| v.as_bool())
                .unwrap_or(false),
            date: self.date_at(ad),
            source: self.source_at(ad)?,
            url: s(f.url),
        })
    }

    /// The date of the passage at `ad` (seconds since the epoch), from its fast column.
    pub(super) fn date_at(&self, ad: u64) -> Option<i64> {
        self.segs[(ad >> 32) as usize]
            .date
            .first(ad as u32)
            .map(|d| d.into_timestamp_secs())
    }

    /// The source of the passage at `ad` as written, from its fast column (not stored since
    /// schema 6; older indexes have it in both).
    pub(super) fn source_at(&self, ad: u64) -> Result<Option<String>> {
        let Some(col) = &self.ent_cols()?[(ad >> 32) as usize].source else {
            return Ok(None);
        };
        let Some(ord) = col.term_ords(ad as u32).next() else {
            return Ok(None);
        };
        let mut out = String::new();
        Ok(col.ord_to_str(ord, &mut out)?.then_some(out))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_sort_in_index_order_and_round_trip() {
        assert!(addr(0, u32::MAX) < addr(1, 0));
        let a = doc_address(addr(3, 17));
        assert_eq!((a.segment_ord, a.doc_id), (3, 17));
    }
}
