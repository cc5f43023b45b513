//! Stories: while the writer adds articles, each one is matched against the articles indexed
//! before it (in the index as the run found it, and earlier in this run) and joins the story
//! of the first one that tells the same story (`similar::SAME_STORY`), or starts its own. A
//! joining article carries the story in a fast column on each of its passages (an article that
//! starts one carries nothing: its story is its id), so search folds near copies as cheaply as
//! exact ones. An article is compared with every earlier one sharing a key (`Signature::keys`) with
//! it, not only with the one that started the story: resemblance is estimated, and a copy
//! close to one member may fall just short of another.

use std::fs::File;
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::{DocAddress, DocSet, Index, ReloadPolicy, Searcher, TantivyDocument, Term};

use crate::schema::{Fields, PassageColumns};
use crate::similar::{title_words, word_jaccard, SameStory, Signature, SAME_STORY, SLOTS};

/// The new article as the rule sees it.
struct Seen {
    id: u64,
    sig: Signature,
    title: Vec<u64>,
    day: Option<i64>,
}

/// Does an earlier article (its signature, title words and day) tell `seen`'s story?
fn same(rule: &SameStory, sig: &Signature, title: &[u64], day: Option<i64>, seen: &Seen) -> bool {
    rule.holds(
        sig.resemblance(&seen.sig),
        word_jaccard(title, &seen.title),
        day.zip(seen.day).map(|(a, b)| a - b),
    )
}

pub(super) struct Stories {
    fields: Fields,
    rule: SameStory,
    /// The index as the run found it (`None` when rebuilding or before the first article).
    before: Option<(Searcher, Vec<PassageColumns>)>,
    opened: bool,
    index: Index,
    rebuild: bool,
    /// Articles added in this run.
    in_run: InRun,
}

impl Stories {
    /// Stories for a run writing `index` in `dir` (where the run's signatures are kept).
    pub(super) fn new(index: &Index, dir: &Path, fields: Fields, rebuild: bool) -> Stories {
        Stories {
            fields,
            rule: SAME_STORY,
            before: None,
            opened: false,
            index: index.clone(),
            rebuild,
            in_run: InRun::new(SigStore::in_dir(dir)),
        }
    }

    /// Name the story of an article (its documents, first passage first): set `story` on every
    /// passage when it joins an earlier article's story (an article that starts its own has
    /// none: the column stays sparse and cheap), and the `near_key`s on the first.
    pub(super) fn assign(&mut self, docs: &mut [TantivyDocument]) -> Result<()> {
        let Some(first) = docs.first() else {
            return Ok(());
        };
        let f = self.fields;
        let id = first.get_first(f.article_id).and_then(|v| v.as_u64());
        let sig = Signature::from_u64s(first.get_all(f.near).filter_map(|v| v.as_u64()));
        let (story, keys) = match (id, sig) {
            (Some(id), Some(sig)) => {
                let seen = Seen {
                    id,
                    title: title_words(
                        first
                            .get_first(f.title)
                            .and_then(|v| v.as_str())
                            .unwrap_or(""),
                    ),
                    day: first
                        .get_first(f.date)
                        .and_then(|v| v.as_datetime())
                        .map(|d| d.into_timestamp_secs().div_euclid(86_400)),
                    sig,
                };
                let keys = seen.sig.keys(self.rule.max_unequal());
                let story = match self.in_run.story_of(&self.rule, &seen, &keys)? {
                    Some(s) => s,
                    None => self.in_index(&seen, &keys)?.unwrap_or(seen.id),
                };
                self.in_run.remember(story, seen, &keys)?;
                (story, keys)
            }
            (Some(id), None) => (id, Vec::new()),
            (None, _) => return Ok(()),
        };
        let joined = id.is_some_and(|id| id != story);
        for (i, d) in docs.iter_mut().enumerate() {
            if joined {
                d.add_u64(f.story, story);
            }
            if i == 0 {
                for &k in &keys {
                    d.add_u64(f.near_key, k);
                }
            }
        }
        Ok(())
    }

    /// The story of an article already in the index (not this article's own earlier version:
    /// a changed file is compared afresh).
    fn in_index(&mut self, seen: &Seen, keys: &[u64]) -> Result<Option<u64>> {
        if !self.opened {
            self.opened = true;
            if !self.rebuild {
                let reader = self
                    .index
                    .reader_builder()
                    .reload_policy(ReloadPolicy::Manual)
                    .try_into()?;
                let searcher: Searcher = reader.searcher();
                let cols = searcher
                    .segment_readers()
                    .iter()
                    .map(PassageColumns::open)
                    .collect::<tantivy::Result<_>>()?;
                self.before = Some((searcher, cols));
            }
        }
        let Some((searcher, cols)) = &self.before else {
            return Ok(None);
        };
        let mut tried: Vec<(u32, u32)> = Vec::new();
        for &k in keys {
            let term = Term::from_field_u64(self.fields.near_key, k);
            for (si, sr) in searcher.segment_readers().iter().enumerate() {
                let inv = sr.inverted_index(self.fields.near_key)?;
                let Some(mut postings) = inv.read_postings(&term, IndexRecordOption::Basic)? else {
                    continue;
                };
                let c = &cols[si];
                let mut doc = postings.doc();
                while doc != tantivy::TERMINATED {
                    let here = (si as u32, doc);
                    let alive = sr.alive_bitset().is_none_or(|b| b.is_alive(doc));
                    let article = c.article.first(doc);
                    let story = c.story.first(doc).or(article);
                    if alive
                        && !tried.contains(&here)
                        && article.is_some()
                        && article != Some(seen.id)
                    {
                        tried.push(here);
                        if let Some(sig) = Signature::from_u64s(c.near.values_for_doc(doc)) {
                            if sig.resemblance(&seen.sig) >= self.rule.resemblance {
                                let stored: TantivyDocument =
                                    searcher.doc(DocAddress::new(si as u32, doc))?;
                                let title = title_words(
                                    stored
                                        .get_first(self.fields.title)
                                        .and_then(|v| v.as_str())
                                        .unwrap_or(""),
                                );
                                let day = c
                                    .date
                                    .first(doc)
                                    .map(|d| d.into_timestamp_secs().div_euclid(86_400));
                                if same(&self.rule, &sig, &title, day, seen) {
                                    return Ok(Some(story.unwrap_or_default()));
                                }
                            }
                        }
                    }
                    doc = postings.advance();
                }
            }
        }
        Ok(None)
    }
}

/// The articles added earlier in this run, as the rule compares them, in columns: about 90
/// bytes an article in memory (its keys' slots ~60, title words, day and story) and its
/// signature's 260 in `sigs`, a file. A `Vec` of structs with a hash map of the 64-bit keys and
/// a chain of entries took ~950, ~95 MB at 100,000 files (BENCHMARKS.md, issue 19).
struct InRun {
    stories: Vec<u64>,
    sigs: SigStore,
    /// Days since the epoch, `NO_DAY` when undated.
    days: Vec<i64>,
    /// Article `i`'s title words are `title_words[title_ends[i - 1]..title_ends[i]]`.
    title_ends: Vec<usize>,
    title_words: Vec<u64>,
    keys: KeyTable,
}

const NO_DAY: i64 = i64::MIN;

impl InRun {
    fn new(sigs: SigStore) -> InRun {
        InRun {
            stories: Vec::new(),
            sigs,
            days: Vec::new(),
            title_ends: Vec::new(),
            title_words: Vec::new(),
            keys: KeyTable::default(),
        }
    }

    /// The story of the first article of the run (in the order added) that tells `seen`'s
    /// story; only articles sharing one of `keys` are compared.
    fn story_of(&mut self, rule: &SameStory, seen: &Seen, keys: &[u64]) -> Result<Option<u64>> {
        let mut candidates: Vec<u32> = Vec::new();
        for &k in keys {
            self.keys.find(k, |a| candidates.push(a));
        }
        candidates.sort_unstable();
        candidates.dedup();
        for a in candidates.into_iter().map(|a| a as usize) {
            let sig = self.sigs.get(a)?;
            if same(rule, &sig, self.title(a), self.day(a), seen) {
                return Ok(Some(self.stories[a]));
            }
        }
        Ok(None)
    }

    fn title(&self, a: usize) -> &[u64] {
        let start = if a == 0 { 0 } else { self.title_ends[a - 1] };
        &self.title_words[start..self.title_ends[a]]
    }

    fn day(&self, a: usize) -> Option<i64> {
        Some(self.days[a]).filter(|&d| d != NO_DAY)
    }

    /// Keep an article of this run, with its story, for the ones after it (past `u32::MAX - 1`
    /// articles in one run, later ones are compared with the index only).
    fn remember(&mut self, story: u64, seen: Seen, keys: &[u64]) -> Result<()> {
        let Ok(at) = u32::try_from(self.stories.len()) else {
            return Ok(());
        };
        if at >= KeyTable::MAX_ARTICLES {
            return Ok(());
        }
        self.sigs.push(&seen.sig)?;
        for &k in keys {
            self.keys.insert(k, at);
        }
        self.stories.push(story);
        self.days.push(seen.day.unwrap_or(NO_DAY));
        self.title_words.extend_from_slice(&seen.title);
        self.title_ends.push(self.title_words.len());
        Ok(())
    }
}

/// Bytes of a signature in `SigStore`'s file: the slots, then the shingle count.
const SIG_BYTES: usize = 4 * (SLOTS + 1);

/// The run's signatures by article, in an unnamed temporary file in the index directory, gone
/// when the run ends: a new article reads back only those of the few articles sharing a key with
/// it. In memory when no such file can be made (a read-only directory?).
struct SigStore {
    file: Option<(File, PathBuf)>,
    /// Signatures not written yet (the file's tail), encoded.
    tail: Vec<u8>,
    /// Signatures in the file.
    written: usize,
    /// Write the tail once it holds this many bytes.
    flush_at: usize,
    memory: Vec<Signature>,
}

impl SigStore {
    fn in_dir(dir: &Path) -> SigStore {
        SigStore {
            file: tempfile::tempfile_in(dir)
                .ok()
                .map(|f| (f, dir.to_path_buf())),
            tail: Vec::new(),
            written: 0,
            flush_at: 64 << 10,
            memory: Vec::new(),
        }
    }

    fn push(&mut self, sig: &Signature) -> Result<()> {
        let Some((file, dir)) = self.file.as_mut() else {
            self.memory.push(sig.clone());
            return Ok(());
        };
        for m in sig.mins.iter().chain([&sig.shingles]) {
            self.tail.extend_from_slice(&m.to_le_bytes());
        }
        if self.tail.len() >= self.flush_at {
            file.seek(SeekFrom::Start((self.written * SIG_BYTES) as u64))
                .and_then(|_| file.write_all(&self.tail))
                .with_context(|| cannot(dir))?;
            self.written += self.tail.len() / SIG_BYTES;
            self.tail.clear();
        }
        Ok(())
    }

    fn get(&mut self, a: usize) -> Result<Signature> {
        let Some((file, dir)) = self.file.as_mut() else {
            return Ok(self.memory[a].clone());
        };
        let mut record = [0u8; SIG_BYTES];
        if a < self.written {
            file.seek(SeekFrom::Start((a * SIG_BYTES) as u64))
                .and_then(|_| file.read_exact(&mut record))
                .with_context(|| cannot(dir))?;
        } else {
            let at = (a - self.written) * SIG_BYTES;
            record.copy_from_slice(&self.tail[at..at + SIG_BYTES]);
        }
        let mut words = record
            .chunks_exact(4)
            .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]));
        let mins = std::array::from_fn(|_| words.next().unwrap_or_default());
        let shingles = words.next().unwrap_or_default();
        Ok(Signature { mins, shingles })
    }
}

fn cannot(dir: &Path) -> String {
    format!(
        "{}: cannot use the temporary file of this run's article signatures",
        dir.display()
    )
}

/// Keys to articles, any number of articles a key: open addressing with linear probing, one
/// `u64` a slot holding the key's upper half and the article + 1 (0: empty). Keys are hashes,
/// so the upper half alone places them. Two keys with the same upper half yield each other's
/// articles: a candidate too many, which the rule turns down (two articles it accepts differ
/// in at most `max_unequal` slots, so they share a whole key: `Signature::keys`), so the
/// answer is the same as with whole keys.
#[derive(Default)]
struct KeyTable {
    slots: Vec<u64>,
    len: usize,
}

impl KeyTable {
    const MAX_ARTICLES: u32 = u32::MAX - 1;

    fn insert(&mut self, key: u64, article: u32) {
        if (self.len + 1) * 10 > self.slots.len() * 7 {
            self.grow();
        }
        let entry = (key >> 32) << 32 | u64::from(article + 1);
        let mask = self.slots.len() - 1;
        let mut at = (key >> 32) as usize & mask;
        while self.slots[at] != 0 {
            at = (at + 1) & mask;
        }
        self.slots[at] = entry;
        self.len += 1;
    }

    /// Call `f` with every article inserted under `key` (and any under a key with the same
    /// upper half).
    fn find(&self, key: u64, mut f: impl FnMut(u32)) {
        if self.slots.is_empty() {
            return;
        }
        let mask = self.slots.len() - 1;
        let mut at = (key >> 32) as usize & mask;
        loop {
            let e = self.slots[at];
            if e == 0 {
                return;
            }
            if e >> 32 == key >> 32 {
                f((e as u32) - 1);
            }
            at = (at + 1) & mask;
        }
    }

    fn grow(&mut self) {
        let size = (self.slots.len() * 2).max(1024);
        let old = std::mem::replace(&mut self.slots, vec![0; size]);
        let mask = self.slots.len() - 1;
        for e in old.into_iter().filter(|&e| e != 0) {
            let mut at = (e >> 32) as usize & mask;
            while self.slots[at] != 0 {
                at = (at + 1) & mask;
            }
            self.slots[at] = e;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::similar::SLOTS;
    use proptest::prelude::*;
    use std::collections::HashMap;

    proptest! {
        /// Every article inserted under a key is found under it, through any number of
        /// growths, and anything else found shares the key's upper half.
        #[test]
        fn the_key_table_finds_every_article_of_a_key(
            keys in proptest::collection::vec((0u64..6, 0u64..4), 0..3000)
        ) {
            let mut table = KeyTable::default();
            let mut truth: HashMap<u64, Vec<u32>> = HashMap::new();
            for (i, &(hi, lo)) in keys.iter().enumerate() {
                // Few distinct upper halves, several keys each: collisions on purpose.
                let key = (hi.wrapping_mul(0x9e37_79b9) << 32) | lo;
                table.insert(key, i as u32);
                truth.entry(key).or_default().push(i as u32);
            }
            for (&key, want) in &truth {
                let mut got = Vec::new();
                table.find(key, |a| got.push(a));
                for a in want {
                    prop_assert!(got.contains(a), "{key:x} misses {a}");
                }
                for a in got {
                    let (hi, lo) = keys[a as usize];
                    prop_assert_eq!((hi.wrapping_mul(0x9e37_79b9) << 32) >> 32, key >> 32, "{}", lo);
                }
            }
        }

        /// The story found through the keys is the one a comparison with every earlier article
        /// of the run, in order, finds.
        #[test]
        fn in_run_stories_equal_comparing_every_earlier_article(
            articles in proptest::collection::vec(
                (0usize..4, proptest::collection::vec((0usize..SLOTS, any::<u32>()), 0..12),
                 0u64..3, proptest::option::of(0i64..4)),
                1..120,
            )
        ) {
            let rule = SAME_STORY;
            let bases: Vec<[u32; SLOTS]> = (0..4u32)
                .map(|b| std::array::from_fn(|i| b.wrapping_mul(2_654_435_761) ^ (i as u32 * 97)))
                .collect();
            let dir = tempfile::tempdir().unwrap();
            let mut file_store = SigStore::in_dir(dir.path());
            prop_assert!(file_store.file.is_some());
            file_store.flush_at = 3 * SIG_BYTES;
            let memory_store = SigStore { file: None, ..SigStore::in_dir(dir.path()) };
            let mut runs = [InRun::new(file_store), InRun::new(memory_store)];
            let mut all: Vec<(u64, Seen)> = Vec::new();
            for (id, (base, changes, title, day)) in articles.into_iter().enumerate() {
                let mut mins = bases[base];
                for (slot, v) in changes {
                    mins[slot] = v;
                }
                let sig = Signature { mins, shingles: 100 + id as u32 };
                let title_text = ["chip news today", "chip news", "weather report"][title as usize];
                let seen = Seen { id: id as u64, sig, title: title_words(title_text), day };
                let keys = seen.sig.keys(rule.max_unequal());
                let want = all
                    .iter()
                    .find(|(_, e)| same(&rule, &e.sig, &e.title, e.day, &seen))
                    .map(|(story, _)| *story);
                let mut story = seen.id;
                for run in &mut runs {
                    let got = run.story_of(&rule, &seen, &keys).unwrap();
                    prop_assert_eq!(got, want, "article {}", id);
                    story = got.unwrap_or(seen.id);
                    let copy = Seen { id: seen.id, sig: seen.sig.clone(), title: seen.title.clone(), day: seen.day };
                    run.remember(story, copy, &keys).unwrap();
                }
                // Signatures read back as they went in.
                let [file_run, memory_run] = &mut runs;
                for a in [0, id / 2, id] {
                    prop_assert_eq!(file_run.sigs.get(a).unwrap(), memory_run.sigs.get(a).unwrap());
                }
                prop_assert_eq!(&runs[0].sigs.get(id).unwrap(), &seen.sig);
                all.push((story, seen));
            }
        }
    }
}
