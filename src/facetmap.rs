//! The facet map (`facets.bin`): every segment's entity terms numbered across the segments of
//! one commit, what search engines call global ordinals, written by the indexer after each
//! run and memory-mapped by a search.
//!
//! Counting a result set's entity facets needs, for each term ordinal an article holds, the
//! entity name it stands for: `org:Acme` and `~org:Acme` (unconfirmed) of every segment are one
//! name. Without the map a search resolves ordinals through the segments' term dictionaries,
//! which for a result set of a few hundred articles costs over a millisecond (most of the
//! facets' share of a one-off query). With it, an ordinal's name id is one array read, and
//! only the names shown are read.
//!
//! The map is derived data. It names the segments it was built for, and a search uses it only
//! for exactly that set; any other set (an older byline's index, a run that failed to write
//! it) counts from the dictionaries, with the same result (`search::facets` tests both).
//!
//! Layout, all integers little-endian `u32`, sections 4-byte aligned:
//!
//! ```text
//! magic "BYLFMAP1", checksum (xxh3-64 of everything after it, 8 bytes)
//! segments  names  kinds
//! per segment: id (32 hex digits), terms, byte offset of its codes
//! per kind:    kind number, lo, hi          (name id range [lo, hi) of that type)
//! name offsets (names + 1), name bytes (padded)
//! recurs: one byte per name (padded)
//! per segment: one code per term ordinal
//! ```
//!
//! A code is `name id << 1`, plus 1 for an unconfirmed (`~type:`) term; `NONE` for a term
//! that names no entity. Name ids sort by type, then name (bytes), so id order is name order
//! within a type. `recurs` is how many articles of the commit's segments (deleted ones
//! included) hold a term of the name, capped at 2: the recurrence rule's count.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use anyhow::{bail, Result};
use tantivy::columnar::StrColumn;
use tantivy::directory::OwnedBytes;
use tantivy::index::SegmentId;
use tantivy::Searcher;

use crate::entities::Kind;
use crate::schema::EntityColumns;

/// The file in the index directory.
pub const FILE: &str = "facets.bin";
/// No name: the term is not `type:Name` with a known type.
pub const NONE: u32 = u32::MAX;

const MAGIC: &[u8; 8] = b"BYLFMAP1";
/// The checksum sits after the magic; the counts after it.
const SUM: usize = MAGIC.len();
const HEAD: usize = SUM + 8 + 12;
const SEG: usize = 40;
const KIND: usize = 12;

/// The map as built, to be written (`encode`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Map {
    /// Per segment: its id (`SegmentId::uuid_string`, 32 hex digits) and one code per term
    /// ordinal.
    pub segments: Vec<([u8; 32], Vec<u32>)>,
    /// Names by id (type prefix removed).
    pub names: Vec<String>,
    /// Each type's id range `[lo, hi)`, in id order.
    pub kinds: Vec<(Kind, u32, u32)>,
    /// Per name: articles holding it, capped at 2.
    pub recurs: Vec<u8>,
}

/// One segment's entity terms, in ordinal order (one buffer), and each term's articles.
struct SegTerms {
    id: [u8; 32],
    bytes: Vec<u8>,
    /// Term `i` is `bytes[ends[i - 1]..ends[i]]`.
    ends: Vec<u32>,
    articles: Vec<u32>,
}

impl SegTerms {
    fn len(&self) -> usize {
        self.ends.len()
    }

    fn term(&self, i: usize) -> &[u8] {
        let lo = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        &self.bytes[lo..self.ends[i] as usize]
    }
}

/// Build the map of a searcher's segments (their `article_entity` columns). With `old`, the
/// map of an earlier commit, when the searcher only added segments to those it names: the old
/// names and counts stand for the old segments, and only the new segments' dictionaries are
/// read (an added file costs a small segment's terms, not the whole index's). Otherwise, from
/// every segment.
pub fn build(searcher: &Searcher, old: Option<Map>) -> Result<Map> {
    let order: Vec<[u8; 32]> = searcher
        .segment_readers()
        .iter()
        .map(|sr| seg_key(sr.segment_id()))
        .collect();
    if let Some(old) = old {
        let known = |id: &[u8; 32]| old.segments.iter().any(|s| s.0 == *id);
        let mut new = Vec::new();
        for sr in searcher.segment_readers() {
            if !known(&seg_key(sr.segment_id())) {
                new.push(seg_terms(sr)?);
            }
        }
        if let Some(m) = extend(old, &order, new) {
            return Ok(m);
        }
    }
    let all = searcher
        .segment_readers()
        .iter()
        .map(seg_terms)
        .collect::<Result<Vec<_>>>()?;
    Ok(number(&all))
}

/// One segment's entity terms and their article counts.
fn seg_terms(sr: &tantivy::SegmentReader) -> Result<SegTerms> {
    let mut t = SegTerms {
        id: seg_key(sr.segment_id()),
        bytes: Vec::new(),
        ends: Vec::new(),
        articles: Vec::new(),
    };
    if let Some(col) = EntityColumns::open(sr)?.article_entity {
        let mut s = col.dictionary().stream()?;
        while s.advance() {
            t.bytes.extend_from_slice(s.key());
            t.ends.push(t.bytes.len() as u32);
        }
        t.articles = term_articles(&col);
    }
    Ok(t)
}

/// The map of the segments `order` from `old` and the segments `new` it lacks: the new
/// segments are numbered on their own, their names merged into `old`'s (both sorted by type,
/// then name), and every segment's codes renumbered. None when `old` names a segment that
/// `order` has not (a merge took it: its counts cannot be taken out of the capped ones), or
/// `new` is not the rest of `order`.
fn extend(old: Map, order: &[[u8; 32]], new: Vec<SegTerms>) -> Option<Map> {
    let in_order = |id: &[u8; 32]| order.contains(id);
    if !old.segments.iter().all(|s| in_order(&s.0))
        || old.segments.len() + new.len() != order.len()
        || !new.iter().all(|s| in_order(&s.id))
        || old.recurs.len() != old.names.len()
    {
        return None;
    }
    let added = number(&new);
    let kinds_of = |m: &Map| -> Option<Vec<Kind>> {
        let mut k = vec![Kind::Misc; m.names.len()];
        for &(kind, lo, hi) in &m.kinds {
            k.get_mut(lo as usize..hi as usize)?.fill(kind);
        }
        Some(k)
    };
    let (old_kind, add_kind) = (kinds_of(&old)?, kinds_of(&added)?);
    // `type:Name` order, without building the keys.
    let key_cmp = |k1: Kind, n1: &str, k2: Kind, n2: &str| {
        let a = k1.as_str().bytes().chain([b':']).chain(n1.bytes());
        a.cmp(k2.as_str().bytes().chain([b':']).chain(n2.bytes()))
    };
    let mut merged = Map::default();
    let mut old_id = Vec::with_capacity(old.names.len());
    let mut add_id = Vec::with_capacity(added.names.len());
    let (mut i, mut j) = (0, 0);
    let mut names_old = old.names.into_iter();
    let mut names_add = added.names.into_iter();
    let (mut next_old, mut next_add) = (names_old.next(), names_add.next());
    loop {
        let order = match (&next_old, &next_add) {
            (None, None) => break,
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (Some(a), Some(b)) => key_cmp(old_kind[i], a, add_kind[j], b),
        };
        let id = merged.names.len() as u32;
        let (name, kind, recurs) = match order {
            std::cmp::Ordering::Less => {
                old_id.push(id);
                i += 1;
                let r = (next_old.take()?, old_kind[i - 1], old.recurs[i - 1]);
                next_old = names_old.next();
                r
            }
            std::cmp::Ordering::Greater => {
                add_id.push(id);
                j += 1;
                let r = (next_add.take()?, add_kind[j - 1], added.recurs[j - 1]);
                next_add = names_add.next();
                r
            }
            std::cmp::Ordering::Equal => {
                old_id.push(id);
                add_id.push(id);
                i += 1;
                j += 1;
                let r = (
                    next_old.take()?,
                    old_kind[i - 1],
                    (old.recurs[i - 1] + added.recurs[j - 1]).min(2),
                );
                next_old = names_old.next();
                next_add = names_add.next();
                r
            }
        };
        merged.names.push(name);
        merged.recurs.push(recurs);
        match merged.kinds.last_mut() {
            Some(r) if r.0 == kind => r.2 = id + 1,
            _ => merged.kinds.push((kind, id, id + 1)),
        }
    }
    let renumber = |codes: &[u32], ids: &[u32]| -> Vec<u32> {
        codes
            .iter()
            .map(|&c| match ids.get((c >> 1) as usize) {
                Some(&n) if c != NONE => n << 1 | (c & 1),
                _ => NONE,
            })
            .collect()
    };
    merged.segments = order
        .iter()
        .map(|id| {
            if let Some((_, codes)) = old.segments.iter().find(|s| s.0 == *id) {
                return Some((*id, renumber(codes, &old_id)));
            }
            let (_, codes) = added.segments.iter().find(|s| s.0 == *id)?;
            Some((*id, renumber(codes, &add_id)))
        })
        .collect::<Option<_>>()?;
    Some(merged)
}

/// Each term's articles: its ordinal's occurrences in the column's values (only first
/// passages have values, and the indexer writes each term of an article once), deleted
/// articles included, as the term's document frequency counts them.
fn term_articles(col: &StrColumn) -> Vec<u32> {
    let mut out = vec![0u32; col.num_terms()];
    let values = &col.ords().values;
    let total = values.num_vals();
    let mut buf = vec![0u64; 4096];
    let mut at = 0;
    while at < total {
        let n = (total - at).min(buf.len() as u32);
        let chunk = &mut buf[..n as usize];
        values.get_range(u64::from(at), chunk);
        for &o in chunk.iter() {
            if let Some(c) = out.get_mut(o as usize) {
                *c += 1;
            }
        }
        at += n;
    }
    out
}

/// Number the terms: a k-way merge of each segment's two sorted runs (its `type:` terms and,
/// with the `~` taken off, its `~type:` terms), so no sort of all the names is needed.
fn number(segs: &[SegTerms]) -> Map {
    let plain = |t: &[u8]| -> (bool, usize) {
        match t.first() {
            Some(b'~') => (true, 1),
            _ => (false, 0),
        }
    };
    // Runs: per segment, the ordinals of its plain terms, then those of its `~` terms, each
    // in ordinal (so key) order.
    let mut runs: Vec<(usize, Vec<u32>)> = Vec::new();
    for (si, s) in segs.iter().enumerate() {
        for tilde in [false, true] {
            let ords: Vec<u32> = (0..s.len() as u32)
                .filter(|&o| plain(s.term(o as usize)).0 == tilde)
                .collect();
            runs.push((si, ords));
        }
    }
    let key = |run: usize, pos: usize| -> &[u8] {
        let (si, ords) = &runs[run];
        let t = segs[*si].term(ords[pos] as usize);
        &t[plain(t).1..]
    };
    let mut heap: BinaryHeap<Reverse<(&[u8], usize, usize)>> = runs
        .iter()
        .enumerate()
        .filter(|(_, r)| !r.1.is_empty())
        .map(|(ri, _)| Reverse((key(ri, 0), ri, 0)))
        .collect();
    let mut map = Map {
        segments: segs.iter().map(|s| (s.id, vec![NONE; s.len()])).collect(),
        ..Map::default()
    };
    let mut last: Option<(&[u8], Option<u32>)> = None;
    let mut recurs: Vec<u32> = Vec::new();
    while let Some(Reverse((k, ri, pos))) = heap.pop() {
        let id = match last {
            Some((lk, id)) if lk == k => id,
            _ => {
                let id = new_name(&mut map, k);
                if id.is_some() {
                    recurs.push(0);
                }
                last = Some((k, id));
                id
            }
        };
        let (si, ords) = &runs[ri];
        let ord = ords[pos] as usize;
        if let Some(id) = id {
            let tilde = plain(segs[*si].term(ord)).0;
            map.segments[*si].1[ord] = id << 1 | tilde as u32;
            recurs[id as usize] += segs[*si].articles[ord];
        }
        if pos + 1 < ords.len() {
            heap.push(Reverse((key(ri, pos + 1), ri, pos + 1)));
        }
    }
    map.recurs = recurs.into_iter().map(|n| n.min(2) as u8).collect();
    map
}

/// Give `type:Name` the next id (None if the type is unknown or the key not UTF-8).
fn new_name(map: &mut Map, key: &[u8]) -> Option<u32> {
    let key = std::str::from_utf8(key).ok()?;
    let (k, name) = key.split_once(':')?;
    let kind = Kind::parse(k)?;
    let id = map.names.len() as u32;
    map.names.push(name.to_string());
    match map.kinds.last_mut() {
        Some(r) if r.0 == kind => r.2 = id + 1,
        _ => map.kinds.push((kind, id, id + 1)),
    }
    Some(id)
}

/// A segment's id as the map stores it.
fn seg_key(id: SegmentId) -> [u8; 32] {
    let mut out = [b'0'; 32];
    let s = id.uuid_string();
    let n = s.len().min(32);
    out[..n].copy_from_slice(&s.as_bytes()[..n]);
    out
}

fn kind_number(k: Kind) -> u32 {
    Kind::ALL.iter().position(|&x| x == k).unwrap_or(0) as u32
}

fn pad4(out: &mut Vec<u8>) {
    while !out.len().is_multiple_of(4) {
        out.push(0);
    }
}

impl Map {
    /// The file's bytes.
    pub fn encode(&self) -> Vec<u8> {
        let mut out = Vec::new();
        let put = |out: &mut Vec<u8>, v: u32| out.extend_from_slice(&v.to_le_bytes());
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&[0; 8]);
        put(&mut out, self.segments.len() as u32);
        put(&mut out, self.names.len() as u32);
        put(&mut out, self.kinds.len() as u32);
        let seg_table = out.len();
        out.resize(seg_table + SEG * self.segments.len(), 0);
        for &(k, lo, hi) in &self.kinds {
            put(&mut out, kind_number(k));
            put(&mut out, lo);
            put(&mut out, hi);
        }
        let mut off = 0u32;
        put(&mut out, 0);
        for n in &self.names {
            off += n.len() as u32;
            put(&mut out, off);
        }
        for n in &self.names {
            out.extend_from_slice(n.as_bytes());
        }
        pad4(&mut out);
        out.extend_from_slice(&self.recurs);
        pad4(&mut out);
        for (i, (id, codes)) in self.segments.iter().enumerate() {
            let at = seg_table + SEG * i;
            out[at..at + 32].copy_from_slice(id);
            out[at + 32..at + 36].copy_from_slice(&(codes.len() as u32).to_le_bytes());
            let codes_at = out.len() as u32;
            out[at + 36..at + 40].copy_from_slice(&codes_at.to_le_bytes());
            for &c in codes {
                put(&mut out, c);
            }
        }
        let sum = checksum(&out);
        out[SUM..SUM + 8].copy_from_slice(&sum.to_le_bytes());
        out
    }
}

/// Whether the map at `path` names exactly `segments`, reading only its head (not whether it
/// is intact). False when there is none.
pub fn names_segments(path: &std::path::Path, segments: &[SegmentId]) -> bool {
    use std::io::Read;
    let Ok(mut f) = std::fs::File::open(path) else {
        return false;
    };
    let want = HEAD + SEG * segments.len();
    let mut head = Vec::with_capacity(want);
    if f.by_ref().take(want as u64).read_to_end(&mut head).is_err() || head.len() < want {
        return false;
    }
    names(&head, segments)
}

/// Whether the map in `bytes` (its head at least) names exactly `segments`.
pub fn names(bytes: &[u8], segments: &[SegmentId]) -> bool {
    placed(bytes, segments).is_some()
}

/// Where each of `segments` (in that order) has its codes in the map: (byte offset, terms).
/// None unless the map names exactly these segments.
fn placed(b: &[u8], segments: &[SegmentId]) -> Option<Vec<(usize, usize)>> {
    let nseg = segments.len();
    if b.get(..MAGIC.len()) != Some(MAGIC) || u32_at(b, HEAD - 12)? as usize != nseg {
        return None;
    }
    let table: Vec<(&[u8], (usize, usize))> = (0..nseg)
        .map(|i| {
            let at = HEAD + SEG * i;
            let id = b.get(at..at + 32)?;
            let terms = u32_at(b, at + 32)? as usize;
            let off = u32_at(b, at + 36)? as usize;
            Some((id, (off, terms)))
        })
        .collect::<Option<_>>()?;
    segments
        .iter()
        .map(|s| {
            let key = seg_key(*s);
            table
                .iter()
                .find(|(id, _)| *id == key.as_slice())
                .map(|&(_, place)| place)
        })
        .collect()
}

/// A map read from its bytes (memory-mapped), checked against the segments it serves.
pub struct View {
    bytes: OwnedBytes,
    /// Per searcher segment: (byte offset of its codes, terms).
    codes: Vec<(usize, usize)>,
    names: usize,
    /// Offsets table, name bytes, recurs: byte offsets.
    name_offsets: usize,
    name_bytes: usize,
    recurs: usize,
    kinds: Vec<(Kind, u32, u32)>,
}

fn checksum(b: &[u8]) -> u64 {
    xxhash_rust::xxh3::xxh3_64(b.get(SUM + 8..).unwrap_or_default())
}

impl Map {
    /// The map in `bytes` (an intact one: see `intact`), every part read; None if it is not
    /// one or is damaged.
    pub fn decode(bytes: &[u8]) -> Option<Map> {
        if bytes.get(..MAGIC.len()) != Some(MAGIC) {
            return None;
        }
        let nseg = u32_at(bytes, HEAD - 12)? as usize;
        let ids: Vec<SegmentId> = (0..nseg)
            .map(|i| {
                let at = HEAD + SEG * i;
                let id = std::str::from_utf8(bytes.get(at..at + 32)?).ok()?;
                SegmentId::from_uuid_string(id).ok()
            })
            .collect::<Option<_>>()?;
        let view = View::open(OwnedBytes::new(bytes.to_vec()), &ids).ok()?;
        let b = view.bytes.as_slice();
        let segments = ids
            .iter()
            .zip(&view.codes)
            .map(|(id, &(off, terms))| {
                let codes = (0..terms)
                    .map(|i| u32_at(b, off + 4 * i))
                    .collect::<Option<_>>()?;
                Some((seg_key(*id), codes))
            })
            .collect::<Option<_>>()?;
        let names = (0..view.len() as u32)
            .map(|id| view.name(id).to_string())
            .collect();
        let recurs = (0..view.len() as u32).map(|id| view.recurs(id)).collect();
        Some(Map {
            segments,
            names,
            kinds: view.kinds.clone(),
            recurs,
        })
    }
}

/// Whether `bytes` are a facet map that matches its checksum (read in full: for checks, not
/// for searches).
pub fn intact(bytes: &[u8]) -> bool {
    bytes.get(..MAGIC.len()) == Some(MAGIC)
        && bytes
            .get(SUM..SUM + 8)
            .is_some_and(|s| s == checksum(bytes).to_le_bytes())
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

impl View {
    /// Read `bytes` as the map of exactly `segments` (in the searcher's order). Errors: not a
    /// map, damaged, or built for another set of segments.
    pub fn open(bytes: OwnedBytes, segments: &[SegmentId]) -> Result<View> {
        let b = bytes.as_slice();
        if b.get(..MAGIC.len()) != Some(MAGIC) {
            bail!("not a facet map");
        }
        let field = |at| u32_at(b, at).map(|v| v as usize);
        let (Some(nseg), Some(names), Some(nkinds)) =
            (field(HEAD - 12), field(HEAD - 8), field(HEAD - 4))
        else {
            bail!("facet map cut short");
        };
        let Some(codes) = placed(b, segments) else {
            bail!("facet map of other segments, or cut short");
        };
        for &(off, terms) in &codes {
            let end = terms.checked_mul(4).and_then(|n| off.checked_add(n));
            if !off.is_multiple_of(4) || end.is_none_or(|end| end > b.len()) {
                bail!("facet map damaged");
            }
        }
        let kinds_at = HEAD + SEG * nseg;
        let mut kinds = Vec::with_capacity(nkinds);
        for i in 0..nkinds {
            let at = kinds_at + KIND * i;
            let (Some(k), Some(lo), Some(hi)) = (field(at), u32_at(b, at + 4), u32_at(b, at + 8))
            else {
                bail!("facet map cut short");
            };
            let Some(&kind) = Kind::ALL.get(k) else {
                bail!("facet map damaged");
            };
            kinds.push((kind, lo, hi));
        }
        let name_offsets = kinds_at + KIND * nkinds;
        let name_bytes = name_offsets + 4 * (names + 1);
        let Some(total) = field(name_offsets + 4 * names) else {
            bail!("facet map cut short");
        };
        let recurs = (name_bytes + total).next_multiple_of(4);
        if recurs + names > b.len() {
            bail!("facet map cut short");
        }
        Ok(View {
            bytes,
            codes,
            names,
            name_offsets,
            name_bytes,
            recurs,
            kinds,
        })
    }

    /// The code of term `ord` of segment `seg` (the searcher's order); `NONE` out of range.
    pub fn code(&self, seg: usize, ord: u64) -> u32 {
        match self.codes.get(seg) {
            Some(&(off, terms)) if (ord as usize) < terms => {
                u32_at(self.bytes.as_slice(), off + 4 * ord as usize).unwrap_or(NONE)
            }
            _ => NONE,
        }
    }

    /// How many names.
    pub fn len(&self) -> usize {
        self.names
    }

    /// Whether it names nothing.
    pub fn is_empty(&self) -> bool {
        self.names == 0
    }

    /// The type of name `id`.
    pub fn kind_of(&self, id: u32) -> Option<Kind> {
        self.kinds
            .iter()
            .find(|&&(_, lo, hi)| lo <= id && id < hi)
            .map(|r| r.0)
    }

    /// Name `id` (empty if the map is damaged there).
    pub fn name(&self, id: u32) -> &str {
        let b = self.bytes.as_slice();
        let at = self.name_offsets + 4 * id as usize;
        let (Some(lo), Some(hi)) = (u32_at(b, at), u32_at(b, at + 4)) else {
            return "";
        };
        b.get(self.name_bytes + lo as usize..self.name_bytes + hi as usize)
            .and_then(|s| std::str::from_utf8(s).ok())
            .unwrap_or("")
    }

    /// Articles holding name `id`, capped at 2.
    pub fn recurs(&self, id: u32) -> u8 {
        if (id as usize) < self.names {
            self.bytes.as_slice()[self.recurs + id as usize]
        } else {
            0
        }
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn seg(id: u8, terms: &[&str], articles: &[u32]) -> SegTerms {
        let mut s = SegTerms {
            id: seg_key(segments(&[id])[0]),
            bytes: Vec::new(),
            ends: Vec::new(),
            articles: articles.to_vec(),
        };
        for t in terms {
            s.bytes.extend_from_slice(t.as_bytes());
            s.ends.push(s.bytes.len() as u32);
        }
        s
    }

    fn segments(ids: &[u8]) -> Vec<SegmentId> {
        ids.iter()
            .map(|&i| SegmentId::from_uuid_string(&format!("{i:032x}")).unwrap())
            .collect()
    }

    #[test]
    fn names_are_numbered_across_segments_and_marks() {
        let segs = [
            seg(1, &["org:Acme", "person:Zoe", "~org:Bolt"], &[1, 1, 1]),
            seg(
                2,
                &["bogus:X", "org:Bolt", "~org:Acme", "~place:Oslo"],
                &[5, 1, 1, 1],
            ),
        ];
        let m = number(&segs);
        assert_eq!(m.names, ["Acme", "Bolt", "Zoe", "Oslo"]);
        assert_eq!(
            m.kinds,
            [(Kind::Org, 0, 2), (Kind::Person, 2, 3), (Kind::Place, 3, 4)]
        );
        assert_eq!(m.segments[0].1, [0, 2 << 1, 1 << 1 | 1]);
        assert_eq!(m.segments[1].1, [NONE, 1 << 1, 1, 3 << 1 | 1]);
        // Acme: 1 + 1, Bolt: 1 + 1, Zoe: 1, Oslo: 1.
        assert_eq!(m.recurs, [2, 2, 1, 1]);
    }

    /// A segment of generated terms (sorted, distinct, as a dictionary holds them).
    fn gen_seg() -> impl Strategy<Value = (Vec<String>, Vec<u32>)> {
        let term = (0..6usize, 0..5usize, any::<bool>()).prop_map(|(k, n, tilde)| {
            let kinds = ["org", "person", "place", "misc", "bogus", "product"];
            let names = ["Acme", "Bolt", "Cato", "Ünï", "Acme Corp"];
            format!("{}{}:{}", if tilde { "~" } else { "" }, kinds[k], names[n])
        });
        proptest::collection::btree_set(term, 0..12).prop_flat_map(|terms| {
            let n = terms.len();
            (
                Just(terms.into_iter().collect::<Vec<_>>()),
                proptest::collection::vec(0..4u32, n),
            )
        })
    }

    proptest! {
        /// A map extended by added segments equals the map built from every segment, in any
        /// segment order; and a map reads back as it was written.
        #[test]
        fn an_extended_map_equals_a_full_build(
            old in proptest::collection::vec(gen_seg(), 0..4),
            new in proptest::collection::vec(gen_seg(), 0..3),
            order_seed in any::<u64>(),
        ) {
            let make = |i: usize, (terms, arts): &(Vec<String>, Vec<u32>)| {
                let refs: Vec<&str> = terms.iter().map(String::as_str).collect();
                seg(i as u8 + 1, &refs, arts)
            };
            let olds: Vec<SegTerms> = old.iter().enumerate().map(|(i, g)| make(i, g)).collect();
            let news: Vec<SegTerms> =
                new.iter().enumerate().map(|(i, g)| make(old.len() + i, g)).collect();
            // The searcher's order: the segments shuffled by the seed.
            let mut all: Vec<SegTerms> = old
                .iter()
                .chain(&new)
                .enumerate()
                .map(|(i, g)| make(i, g))
                .collect();
            let mut seed = order_seed;
            for i in (1..all.len()).rev() {
                seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                all.swap(i, (seed >> 33) as usize % (i + 1));
            }
            let order: Vec<[u8; 32]> = all.iter().map(|s| s.id).collect();
            let full = number(&all);
            let base = number(&olds);
            prop_assert_eq!(Map::decode(&base.encode()), Some(number(&olds)));
            let extended = extend(base, &order, news);
            prop_assert_eq!(extended, Some(full));
        }
    }

    #[test]
    fn a_map_is_not_extended_past_a_removed_segment() {
        let a = seg(1, &["org:Acme"], &[1]);
        let b = seg(2, &["org:Bolt"], &[1]);
        let c = seg(3, &["org:Cato"], &[1]);
        let base = number(&[a, b]);
        let order = [seg_key(segments(&[1])[0]), seg_key(segments(&[3])[0])];
        assert_eq!(extend(base, &order, vec![c]), None);
    }

    #[test]
    fn a_map_reads_back_for_its_segments_only() {
        let segs = [
            seg(1, &["org:Acme", "~misc:Ünïcode"], &[3, 1]),
            seg(2, &["org:Acme"], &[1]),
        ];
        let m = number(&segs);
        let bytes = m.encode();
        let open = |ids: &[u8]| View::open(OwnedBytes::new(bytes.clone()), &segments(ids));
        // The searcher's order may differ from the map's.
        let v = open(&[2, 1]).unwrap();
        // misc:Ünïcode is name 0, org:Acme name 1.
        assert_eq!(v.len(), 2);
        assert_eq!(v.code(0, 0), 1 << 1);
        assert_eq!(v.code(1, 0), 1 << 1);
        assert_eq!(v.code(1, 1), 1);
        assert_eq!(v.code(1, 2), NONE);
        assert_eq!(v.code(2, 0), NONE);
        assert_eq!(v.name(0), "Ünïcode");
        assert_eq!(v.name(1), "Acme");
        assert_eq!(v.kind_of(0), Some(Kind::Misc));
        assert_eq!(v.kind_of(1), Some(Kind::Org));
        assert_eq!(v.recurs(0), 1);
        assert_eq!(v.recurs(1), 2);
        assert!(intact(&bytes));
        let mut flipped = bytes.clone();
        *flipped.last_mut().unwrap() ^= 1;
        assert!(!intact(&flipped));
        assert!(!intact(&bytes[..bytes.len() - 1]));
        assert!(open(&[1]).is_err());
        assert!(open(&[1, 3]).is_err());
        for cut in [0, 10, bytes.len() / 2, bytes.len() - 1] {
            let short = View::open(OwnedBytes::new(bytes[..cut].to_vec()), &segments(&[1, 2]));
            if let Ok(v) = short {
                // Whatever survives the cut reads without a panic.
                let _ = (
                    v.code(0, 0),
                    v.code(1, 1),
                    v.name(0),
                    v.name(1),
                    v.recurs(1),
                );
            }
        }
    }
}
