//! Stage 4 of a search, rank. Pure: plain vectors in (the candidate articles, each positive
//! leaf's matching passages and titles with their BM25), scored articles and their order out.
//! No tantivy.
//!
//! A passage's score is the BM25 of the query words it holds plus its article's title BM25
//! (weighted), times how much of the query (rarity-weighted) passage and title hold together,
//! times how much the title alone holds. An article's score is its best passage's (most query
//! words held, then score) times article-level factors: how many of its passages come back to
//! the query (gently, log-scaled), and for a partial match the share of the query it holds.
//! Every factor is listed by `--explain` (see `explain`).

use rustc_hash::FxHashMap;

use super::matching::{PassageHit, TitleHit};
use super::request::Sort;

/// How much a query word found in the title weighs against the same word in a passage.
pub const TITLE_WEIGHT: f32 = 2.0;
/// Weight of the number of an article's passages holding query words (log-scaled) in its
/// passages' scores (BENCHMARKS.md: relevance).
pub const ABOUT_WEIGHT: f32 = 0.1;
/// From this many top-level words on, fill-in articles are not held back behind every full
/// match: a partial match's score is multiplied by the (rarity-weighted) share of the query it
/// holds, and it is ranked with the full matches by that score. Long queries on long pages
/// (scraped pages hold nearly every word somewhere) otherwise bury the answer that lacks one
/// synonym under full matches that mention each word once in passing. Shorter queries keep
/// strict full-matches-first, as do `--strict` and the date sorts.
pub const MIX_MIN_WORDS: usize = 3;

/// Do partial matches rank among the full ones (see `MIX_MIN_WORDS`)?
pub fn mixes(strict: bool, sort: Sort, positive_words: usize) -> bool {
    !strict && sort == Sort::Relevance && positive_words >= MIX_MIN_WORDS
}

/// How much each positive query word counts in coverage: its BM25 idf over passages, so a
/// passage holding the rare words of a query covers more of it than one holding the common ones.
#[derive(Debug, Clone)]
pub struct Weights {
    w: [f32; 64],
    total: f32,
}

impl Weights {
    /// `passage_df[leaf]`: the number of passages matching each leaf; `num_docs`: passages in
    /// the index.
    pub fn new(pos_leaves: &[usize], passage_df: &[usize], num_docs: u64) -> Weights {
        let mut w = [0.0f32; 64];
        let n = num_docs as f32;
        for &li in pos_leaves {
            let df = passage_df[li] as f32;
            w[li] = (1.0 + (n - df + 0.5) / (df + 0.5)).ln().max(0.01);
        }
        let total = pos_leaves
            .iter()
            .map(|&li| w[li])
            .sum::<f32>()
            .max(f32::MIN_POSITIVE);
        Weights { w, total }
    }

    /// The share of the query the leaves of `mask` hold (0 to 1).
    pub fn cov(&self, mask: u64) -> f32 {
        let mut m = mask;
        let mut s = 0.0;
        while m != 0 {
            let i = m.trailing_zeros() as usize;
            s += self.w[i];
            m &= m - 1;
        }
        s / self.total
    }

    /// One leaf's weight in `cov`.
    pub fn of(&self, leaf: usize) -> f32 {
        self.w[leaf]
    }
}

/// A passage's score: BM25 of its words plus its article's (weighted) title BM25, times how
/// much of the query the passage and title hold together, times how much the title alone
/// holds (an article whose title names the query is about it).
pub fn passage_score(text: f32, mask: u64, title: f32, title_mask: u64, w: &Weights) -> f32 {
    let cov = w.cov(mask | title_mask);
    let title_cov = w.cov(title_mask);
    (text + title) * (0.5 + 0.5 * cov) * (1.0 + title_cov)
}

/// How a passage compares with the other passages of its article.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PassageKey {
    /// Query words (leaves) held.
    pub words: u32,
    /// Its score before the article's factor.
    pub score: f32,
    pub addr: u64,
}

impl PassageKey {
    const NONE: PassageKey = PassageKey {
        words: 0,
        score: f32::NEG_INFINITY,
        addr: u64::MAX,
    };
}

/// Passages of one article, best first: most query words held, then score, then position.
pub fn passage_order(x: &PassageKey, y: &PassageKey) -> std::cmp::Ordering {
    y.words
        .cmp(&x.words)
        .then(y.score.total_cmp(&x.score))
        .then(x.addr.cmp(&y.addr))
}

/// A candidate article: a full match, or a partial one with the top-level words it lacks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Candidate {
    pub id: u64,
    pub full: bool,
    /// Bit j: the j-th positive top-level conjunct is missing.
    pub missing: u64,
}

/// One positive leaf's matches, as ranking reads them.
pub struct LeafMatches<'a> {
    /// The leaf's index (its bit in masks).
    pub leaf: usize,
    /// In address order.
    pub passages: &'a [PassageHit],
    pub titles: &'a [TitleHit],
}

/// A candidate's passage holding query words.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PassageMatch {
    pub addr: u64,
    /// The candidate's number (index in `Scoring::articles`).
    pub cand: u32,
    /// BM25 of the query words it holds, summed.
    pub bm25: f32,
    /// The leaves it holds.
    pub leaves: u64,
}

/// A candidate article while ranking.
#[derive(Debug, Clone)]
pub struct Scored {
    pub id: u64,
    pub full: bool,
    pub missing: u64,
    /// Its title's BM25 over the query words it holds, times `TITLE_WEIGHT`.
    pub title_score: f32,
    pub title_mask: u64,
    /// Leaves held by its passages.
    pub held: u64,
    /// Its passages holding query words.
    pub npass: u32,
    /// Its best passage's score, times `factor` (the article's score).
    pub best: f32,
    pub best_key: PassageKey,
    /// Article-level factor on its passages' scores.
    pub factor: f32,
    /// Some passage of it (for metadata and columns); `None` when only its title or source
    /// matched (the engine looks one up).
    pub any_doc: Option<u64>,
    /// Only read for the date sorts (filled in by the engine).
    pub date: Option<i64>,
    /// Its text hash (filled in by the engine; the id until then).
    pub body_hash: u64,
    /// Its story (`index::stories`; filled in by the engine, the id until then).
    pub story: u64,
    /// Left out by `--same-passage`.
    pub dropped: bool,
}

/// Scored candidates and their passages.
pub struct Scoring {
    pub articles: Vec<Scored>,
    /// Every passage of a candidate that holds query words, in address order.
    pub passages: Vec<PassageMatch>,
    pub weights: Weights,
    /// The passages that may be shown (`--same-passage`: those naming every filtered entity),
    /// sorted; `None`: all.
    co_passages: Option<Vec<u64>>,
    /// The mask of every positive leaf.
    all_leaves: u64,
}

impl Scoring {
    /// May this passage be shown (and count as its article's best)?
    pub fn shows(&self, p: &PassageMatch) -> bool {
        self.co_passages
            .as_ref()
            .is_none_or(|c| p.leaves == self.all_leaves && c.binary_search(&p.addr).is_ok())
    }

    /// A passage's score in its article (the article's factor included).
    pub fn passage_score(&self, p: &PassageMatch) -> f32 {
        let a = &self.articles[p.cand as usize];
        passage_score(p.bm25, p.leaves, a.title_score, a.title_mask, &self.weights) * a.factor
    }
}

/// Score the candidates from their passages and titles. `co_passages`: with `--same-passage`,
/// only a passage that holds every query word and names every filtered entity counts, and an
/// article without one is dropped.
pub fn score(
    candidates: &[Candidate],
    leaves: &[LeafMatches],
    weights: Weights,
    co_passages: Option<Vec<u64>>,
) -> Scoring {
    let mut articles: Vec<Scored> = candidates.iter().map(scored).collect();
    let index: FxHashMap<u64, u32> = articles
        .iter()
        .enumerate()
        .map(|(i, a)| (a.id, i as u32))
        .collect();
    let passages = merge_passages(leaves, &index, &mut articles);
    let all_leaves = leaves.iter().fold(0u64, |m, l| m | 1u64 << l.leaf);
    let mut s = Scoring {
        articles,
        passages,
        weights,
        co_passages,
        all_leaves,
    };
    best_passages(&mut s);
    for a in s.articles.iter_mut() {
        a.factor = 1.0 + ABOUT_WEIGHT * (1.0 + a.npass as f32).ln();
        if !a.full {
            a.factor *= s.weights.cov(a.held | a.title_mask);
        }
        a.best = a.factor
            * if a.npass > 0 {
                a.best_key.score
            } else {
                passage_score(0.0, 0, a.title_score, a.title_mask, &s.weights)
            };
    }
    s
}

fn scored(c: &Candidate) -> Scored {
    Scored {
        id: c.id,
        full: c.full,
        missing: c.missing,
        title_score: 0.0,
        title_mask: 0,
        held: 0,
        npass: 0,
        best: 0.0,
        best_key: PassageKey::NONE,
        factor: 1.0,
        any_doc: None,
        date: None,
        body_hash: c.id,
        story: c.id,
        dropped: false,
    }
}

/// Every matching passage of a candidate, one entry per passage (the leaves' passages come in
/// address order; one sort merges them), and the title scores added to the candidates.
fn merge_passages(
    leaves: &[LeafMatches],
    index: &FxHashMap<u64, u32>,
    articles: &mut [Scored],
) -> Vec<PassageMatch> {
    // Consecutive hits are mostly of one article: remember the last lookup.
    let lookup = |last: &mut (u64, Option<u32>), a: u64| -> Option<u32> {
        if last.0 != a {
            *last = (a, index.get(&a).copied());
        }
        last.1
    };
    let mut raw: Vec<PassageMatch> = Vec::new();
    for l in leaves {
        let mut last = (u64::MAX, None);
        for p in l.passages {
            if let Some(cand) = lookup(&mut last, p.article) {
                raw.push(PassageMatch {
                    addr: p.addr,
                    cand,
                    bm25: p.score,
                    leaves: 1u64 << l.leaf,
                });
            }
        }
        let mut last = (u64::MAX, None);
        for t in l.titles {
            if let Some(i) = lookup(&mut last, t.article) {
                let a = &mut articles[i as usize];
                a.title_score += t.score * TITLE_WEIGHT;
                a.title_mask |= 1u64 << l.leaf;
            }
        }
    }
    if leaves.len() > 1 {
        raw.sort_unstable_by_key(|p| p.addr);
    }
    let mut passages: Vec<PassageMatch> = Vec::with_capacity(raw.len());
    for p in raw {
        match passages.last_mut() {
            Some(last) if last.addr == p.addr => {
                last.bm25 += p.bm25;
                last.leaves |= p.leaves;
            }
            _ => passages.push(p),
        }
    }
    passages
}

/// Each article's best passage, its passage count and the leaves its passages hold; with
/// `--same-passage`, articles without a co-mention passage are dropped.
fn best_passages(s: &mut Scoring) {
    let mut ok = vec![s.co_passages.is_none(); s.articles.len()];
    for p in &s.passages {
        let a = &s.articles[p.cand as usize];
        let score = passage_score(p.bm25, p.leaves, a.title_score, a.title_mask, &s.weights);
        let key = PassageKey {
            words: p.leaves.count_ones(),
            score,
            addr: p.addr,
        };
        let shows = s.shows(p);
        let a = &mut s.articles[p.cand as usize];
        if shows && passage_order(&key, &a.best_key).is_lt() {
            a.best_key = key;
        }
        a.npass += 1;
        a.held |= p.leaves;
        if a.any_doc.is_none() {
            a.any_doc = Some(p.addr);
        }
        ok[p.cand as usize] |= shows;
    }
    for (a, ok) in s.articles.iter_mut().zip(ok) {
        a.dropped = !ok;
    }
}

/// The order of the articles (numbers into `articles`; dropped ones left out): full matches
/// first unless `mix`, then by the sort, then by score, then by id.
pub fn order(articles: &[Scored], sort: Sort, mix: bool) -> Vec<u32> {
    let mut ranked: Vec<u32> = (0..articles.len() as u32)
        .filter(|&i| !articles[i as usize].dropped)
        .collect();
    ranked.sort_unstable_by(|&x, &y| {
        let (x, y) = (&articles[x as usize], &articles[y as usize]);
        (if mix {
            std::cmp::Ordering::Equal
        } else {
            y.full.cmp(&x.full)
        })
        .then_with(|| match sort {
            Sort::Relevance => y.best.total_cmp(&x.best),
            Sort::Newest => date_order(x.date, y.date, true),
            Sort::Oldest => date_order(x.date, y.date, false),
        })
        .then(y.best.total_cmp(&x.best))
        .then(x.id.cmp(&y.id))
    });
    ranked
}

/// The order of two articles by date, newest or oldest first; undated articles come last.
pub fn date_order(a: Option<i64>, b: Option<i64>, newest: bool) -> std::cmp::Ordering {
    use std::cmp::Ordering::*;
    match (a, b) {
        (Some(x), Some(y)) if newest => y.cmp(&x),
        (Some(x), Some(y)) => x.cmp(&y),
        (Some(_), None) => Less,
        (None, Some(_)) => Greater,
        (None, None) => Equal,
    }
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;

    /// Two leaves (0 and 1) with their passages and titles.
    pub(in crate::search) fn two_leaves<'a>(
        (a, title_a): (&'a [PassageHit], &'a [TitleHit]),
        (b, title_b): (&'a [PassageHit], &'a [TitleHit]),
    ) -> [LeafMatches<'a>; 2] {
        [
            LeafMatches {
                leaf: 0,
                passages: a,
                titles: title_a,
            },
            LeafMatches {
                leaf: 1,
                passages: b,
                titles: title_b,
            },
        ]
    }

    #[test]
    fn undated_sorts_last_both_ways() {
        use std::cmp::Ordering::*;
        for newest in [true, false] {
            assert_eq!(date_order(Some(1), None, newest), Less);
            assert_eq!(date_order(None, Some(1), newest), Greater);
            assert_eq!(date_order(None, None, newest), Equal);
        }
        assert_eq!(date_order(Some(1), Some(2), true), Greater);
        assert_eq!(date_order(Some(1), Some(2), false), Less);
    }

    #[test]
    fn rare_words_weigh_more_in_coverage() {
        // Leaf 0 is in 5 of 1000 passages, leaf 2 in 500; leaf 1 is not a positive leaf.
        let w = Weights::new(&[0, 2], &[5, 1, 500], 1000);
        assert!(w.cov(0b001) > 0.8, "{}", w.cov(0b001));
        assert!(w.cov(0b100) < 0.2, "{}", w.cov(0b100));
        assert!((w.cov(0b101) - 1.0).abs() < 1e-6);
        assert_eq!(w.cov(0b010), 0.0);
        assert_eq!(w.cov(0), 0.0);
    }

    fn hit(addr: u64, article: u64, score: f32) -> PassageHit {
        PassageHit {
            addr,
            article,
            score,
        }
    }

    fn full(id: u64) -> Candidate {
        Candidate {
            id,
            full: true,
            missing: 0,
        }
    }

    /// Two words, equally rare. Article 1 has both in one passage; article 2 has them in
    /// two passages, with more BM25 each; article 3 has both in its title only.
    fn fixture() -> (
        Vec<Candidate>,
        Vec<PassageHit>,
        Vec<PassageHit>,
        Vec<TitleHit>,
    ) {
        let word_a = vec![hit(10, 1, 1.0), hit(20, 2, 2.0)];
        let word_b = vec![hit(10, 1, 1.0), hit(21, 2, 2.0)];
        let titles_b = vec![TitleHit {
            article: 3,
            score: 1.5,
        }];
        (vec![full(1), full(2), full(3)], word_a, word_b, titles_b)
    }

    #[test]
    fn the_passage_holding_every_word_wins_and_titles_count() {
        let (cands, a, b, tb) = fixture();
        let titles_a = [TitleHit {
            article: 3,
            score: 1.5,
        }];
        let leaves = two_leaves((&a, &titles_a), (&b, &tb));
        let s = score(&cands, &leaves, Weights::new(&[0, 1], &[2, 2], 100), None);
        // One entry per passage, address order, BM25 summed.
        let addrs: Vec<(u64, f32, u64)> = s
            .passages
            .iter()
            .map(|p| (p.addr, p.bm25, p.leaves))
            .collect();
        assert_eq!(
            addrs,
            vec![(10, 2.0, 0b11), (20, 2.0, 0b01), (21, 2.0, 0b10)]
        );
        let [one, two, three] = &s.articles[..] else {
            panic!()
        };
        // Article 1's passage holds both words: coverage 1; article 2's hold half each.
        assert_eq!(one.best_key.words, 2);
        assert!((one.best_key.score - 2.0).abs() < 1e-6);
        assert_eq!(two.best_key.words, 1);
        assert!(
            (two.best_key.score - 1.5).abs() < 1e-6,
            "{}",
            two.best_key.score
        );
        assert_eq!((two.npass, two.held), (2, 0b11));
        // Title only: (0 + 2 × 3.0) × 1 × (1 + 1).
        assert_eq!(three.npass, 0);
        assert!((three.title_score - 6.0).abs() < 1e-6);
        assert!((three.best - 12.0).abs() < 1e-5, "{}", three.best);
        // More passages about the query: a gentle factor.
        assert!((one.factor - (1.0 + ABOUT_WEIGHT * 2f32.ln())).abs() < 1e-6);
        assert!((two.factor - (1.0 + ABOUT_WEIGHT * 3f32.ln())).abs() < 1e-6);
        assert_eq!(order(&s.articles, Sort::Relevance, false), vec![2, 0, 1]);
    }

    #[test]
    fn an_article_that_comes_back_to_the_query_ranks_above_a_mention_in_passing() {
        // Articles 1 and 2 have the same best passage (both words, BM25 1 each); article 2
        // holds a word in three more passages.
        let word_a = vec![
            hit(10, 1, 1.0),
            hit(20, 2, 1.0),
            hit(21, 2, 0.2),
            hit(22, 2, 0.2),
        ];
        let word_b = vec![hit(10, 1, 1.0), hit(20, 2, 1.0), hit(23, 2, 0.2)];
        let leaves = two_leaves((&word_a, &[]), (&word_b, &[]));
        let s = score(
            &[full(1), full(2)],
            &leaves,
            Weights::new(&[0, 1], &[4, 3], 100),
            None,
        );
        let (one, two) = (&s.articles[0], &s.articles[1]);
        assert_eq!((one.npass, two.npass), (1, 4));
        assert_eq!(one.best_key.score, two.best_key.score);
        let factor = |n: f32| 1.0 + ABOUT_WEIGHT * (1.0 + n).ln();
        assert!((one.factor - factor(1.0)).abs() < 1e-6);
        assert!((two.factor - factor(4.0)).abs() < 1e-6);
        assert_eq!(order(&s.articles, Sort::Relevance, false), vec![1, 0]);
    }

    #[test]
    fn partial_matches_count_for_their_share_and_wait_unless_mixed() {
        let (_, a, b, _) = fixture();
        let cands = [
            full(2),
            Candidate {
                id: 1,
                full: false,
                missing: 0b10,
            },
        ];
        let leaves = two_leaves((&a, &[]), (&b[1..], &[]));
        let s = score(&cands, &leaves, Weights::new(&[0, 1], &[2, 2], 100), None);
        let partial = &s.articles[1];
        // Holds leaf 0 only: half the query.
        assert!((partial.factor - (1.0 + ABOUT_WEIGHT * 2f32.ln()) * 0.5).abs() < 1e-6);
        // Full matches first, unless mixed: then by score.
        assert_eq!(order(&s.articles, Sort::Relevance, false), vec![0, 1]);
        let mixed = order(&s.articles, Sort::Relevance, true);
        let by_score = if s.articles[1].best > s.articles[0].best {
            vec![1, 0]
        } else {
            vec![0, 1]
        };
        assert_eq!(mixed, by_score);
    }

    #[test]
    fn same_passage_keeps_only_co_mentions() {
        let (cands, a, b, _) = fixture();
        let leaves = two_leaves((&a, &[]), (&b, &[]));
        // The entity is named in passages 10 and 20: only 10 holds both words as well.
        let s = score(
            &cands,
            &leaves,
            Weights::new(&[0, 1], &[2, 2], 100),
            Some(vec![10, 20]),
        );
        let dropped: Vec<bool> = s.articles.iter().map(|a| a.dropped).collect();
        assert_eq!(dropped, vec![false, true, true]);
        assert_eq!(order(&s.articles, Sort::Relevance, false), vec![0]);
        assert!(s.shows(&s.passages[0]) && !s.shows(&s.passages[1]));
    }

    #[test]
    fn date_sorts_put_undated_last_and_break_ties_by_score() {
        let mut arts: Vec<Scored> = [full(1), full(2), full(3)].iter().map(scored).collect();
        arts[0].date = Some(100);
        arts[1].date = None;
        arts[2].date = Some(200);
        assert_eq!(order(&arts, Sort::Newest, false), vec![2, 0, 1]);
        assert_eq!(order(&arts, Sort::Oldest, false), vec![0, 2, 1]);
        assert!(mixes(false, Sort::Relevance, 3));
        assert!(!mixes(false, Sort::Newest, 3) && !mixes(true, Sort::Relevance, 3));
        assert!(!mixes(false, Sort::Relevance, 2));
    }
}
