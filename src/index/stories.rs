//! Stories: while the writer adds articles, each one is matched against the articles indexed
//! before it (in the index as the run found it, and earlier in this run) and joins the story
//! of the first one that tells the same story (`similar::SAME_STORY`), or starts its own. A
//! joining article carries the story in a fast column on each of its passages (an article that
//! starts one carries nothing: its story is its id), so search folds near copies as cheaply as
//! exact ones. An article is compared with every earlier one sharing a key (`Signature::keys`) with
//! it, not only with the one that started the story: resemblance is estimated, and a copy
//! close to one member may fall just short of another.

use anyhow::Result;
use rustc_hash::FxHashMap;
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::{DocAddress, DocSet, Index, ReloadPolicy, Searcher, TantivyDocument, Term};

use crate::schema::{Fields, PassageColumns};
use crate::similar::{title_words, word_jaccard, SameStory, Signature, SAME_STORY};

/// What the rule compares of an earlier article.
struct Earlier {
    story: u64,
    sig: Signature,
    title: Vec<u64>,
    day: Option<i64>,
}

/// The new article as the rule sees it.
struct Seen {
    id: u64,
    sig: Signature,
    title: Vec<u64>,
    day: Option<i64>,
}

/// No entry (the end of a key's chain).
const NONE: u32 = u32::MAX;

pub(super) struct Stories {
    fields: Fields,
    rule: SameStory,
    /// The index as the run found it (`None` when rebuilding or before the first article).
    before: Option<(Searcher, Vec<PassageColumns>)>,
    opened: bool,
    index: Index,
    rebuild: bool,
    /// Articles added in this run, by key: each key's latest entry in `chain`, whose entries
    /// are (article in `earlier`, the key's previous entry); a few hundred bytes per article.
    by_key: FxHashMap<u64, u32>,
    chain: Vec<(u32, u32)>,
    earlier: Vec<Earlier>,
}

impl Stories {
    pub(super) fn new(index: &Index, fields: Fields, rebuild: bool) -> Stories {
        Stories {
            fields,
            rule: SAME_STORY,
            before: None,
            opened: false,
            index: index.clone(),
            rebuild,
            by_key: FxHashMap::default(),
            chain: Vec::new(),
            earlier: Vec::new(),
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
                let story = match self.in_run(&seen, &keys) {
                    Some(s) => s,
                    None => self.in_index(&seen, &keys)?.unwrap_or(seen.id),
                };
                self.remember(story, seen, &keys);
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

    fn same(&self, earlier: &Earlier, seen: &Seen) -> bool {
        self.rule.holds(
            earlier.sig.resemblance(&seen.sig),
            word_jaccard(&earlier.title, &seen.title),
            earlier.day.zip(seen.day).map(|(a, b)| a - b),
        )
    }

    /// The story of an article added earlier in this run.
    fn in_run(&self, seen: &Seen, keys: &[u64]) -> Option<u64> {
        let mut candidates: Vec<u32> = Vec::new();
        for k in keys {
            let mut at = self.by_key.get(k).copied().unwrap_or(NONE);
            while at != NONE {
                let (earlier, prev) = self.chain[at as usize];
                candidates.push(earlier);
                at = prev;
            }
        }
        candidates.sort_unstable();
        candidates.dedup();
        candidates
            .into_iter()
            .map(|i| &self.earlier[i as usize])
            .find(|earlier| self.same(earlier, seen))
            .map(|earlier| earlier.story)
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
                                let earlier = Earlier {
                                    story: story.unwrap_or_default(),
                                    sig,
                                    title: title_words(
                                        stored
                                            .get_first(self.fields.title)
                                            .and_then(|v| v.as_str())
                                            .unwrap_or(""),
                                    ),
                                    day: c
                                        .date
                                        .first(doc)
                                        .map(|d| d.into_timestamp_secs().div_euclid(86_400)),
                                };
                                if self.same(&earlier, seen) {
                                    return Ok(Some(earlier.story));
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

    /// Keep an article of this run for the ones after it.
    fn remember(&mut self, story: u64, seen: Seen, keys: &[u64]) {
        let at = self.earlier.len() as u32;
        for &k in keys {
            let entry = self.chain.len() as u32;
            let prev = self.by_key.insert(k, entry).unwrap_or(NONE);
            self.chain.push((at, prev));
        }
        self.earlier.push(Earlier {
            story,
            sig: seen.sig,
            title: seen.title,
            day: seen.day,
        });
    }
}
