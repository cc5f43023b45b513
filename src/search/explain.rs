//! `--explain`: why a hit ranks where it does. Per query word and field (the shown passage,
//! the title): its BM25 part, with tf and idf as tantivy computed them; then every factor the
//! ranking stage applies (`rank`): title weight, coverage, title share, passage count, a
//! partial match's share; and the copies folded into the hit. Computed for the page's hits
//! only, and only when asked: a search without `--explain` does none of this.

use anyhow::Result;
use tantivy::query::{EnableScoring, Query};

use super::articles::doc_address;
use super::matching::Matches;
use super::plan::Plan;
use super::rank::{PassageMatch, Scored, Weights, ABOUT_WEIGHT, TITLE_WEIGHT};
use super::Snapshot;

/// One query word's part in a field.
#[derive(Debug, Clone, PartialEq)]
pub struct WordScore {
    /// The word (leaf) as the user wrote it.
    pub word: String,
    /// Its BM25 in the field.
    pub bm25: f32,
    /// Occurrences in the field (a phrase's: its matches), when tantivy reports them.
    pub tf: Option<f32>,
    /// Its inverse document frequency, when tantivy reports it (a phrase: summed over words).
    pub idf: Option<f32>,
    /// Its weight in coverage (rarity: idf over passages).
    pub weight: f32,
}

/// A hit's score, taken apart: `score = (passage_bm25 + title_bm25) × coverage_factor ×
/// title_factor × about_factor × partial_share`.
#[derive(Debug, Clone, PartialEq)]
pub struct Explanation {
    /// The score, as ranked.
    pub score: f32,
    /// The query words the shown passage holds.
    pub passage_words: Vec<WordScore>,
    /// Their BM25, summed.
    pub passage_bm25: f32,
    /// The query words the article's title holds (BM25 before `title_weight`).
    pub title_words: Vec<WordScore>,
    /// The weight of title matches.
    pub title_weight: f32,
    /// Their BM25, summed, times `title_weight`.
    pub title_bm25: f32,
    /// The share of the query (weighted by rarity) the passage and title hold together.
    pub coverage: f32,
    /// 0.5 + 0.5 × coverage.
    pub coverage_factor: f32,
    /// The share of the query the title alone holds.
    pub title_share: f32,
    /// 1 + title share.
    pub title_factor: f32,
    /// The article's passages holding query words.
    pub passages: u32,
    /// 1 + `ABOUT_WEIGHT` × ln(1 + passages).
    pub about_factor: f32,
    /// A partial match's share of the query (its passages and title together); `None` for a
    /// full match.
    pub partial_share: Option<f32>,
    /// Copies of the text folded into this hit.
    pub duplicates_folded: usize,
}

/// Put the parts together (pure): `passage` and `title` words with their BM25, the article as
/// ranked, the passage's leaves, and the copies folded in.
pub fn explanation(
    passage_words: Vec<WordScore>,
    title_words: Vec<WordScore>,
    leaves: u64,
    article: &Scored,
    weights: &Weights,
    duplicates_folded: usize,
) -> Explanation {
    let passage_bm25: f32 = passage_words.iter().map(|w| w.bm25).sum();
    let coverage = weights.cov(leaves | article.title_mask);
    let title_share = weights.cov(article.title_mask);
    let about_factor = 1.0 + ABOUT_WEIGHT * (1.0 + article.npass as f32).ln();
    let partial_share = (!article.full).then(|| weights.cov(article.held | article.title_mask));
    let coverage_factor = 0.5 + 0.5 * coverage;
    let title_factor = 1.0 + title_share;
    let score = (passage_bm25 + article.title_score)
        * coverage_factor
        * title_factor
        * about_factor
        * partial_share.unwrap_or(1.0);
    Explanation {
        score,
        passage_words,
        passage_bm25,
        title_words,
        title_weight: TITLE_WEIGHT,
        title_bm25: article.title_score,
        coverage,
        coverage_factor,
        title_share,
        title_factor,
        passages: article.npass,
        about_factor,
        partial_share,
        duplicates_folded,
    }
}

impl Snapshot {
    /// The explanation of a hit showing `passage` (`None`: the lead passage of an article
    /// matched by its title or source only) of `article`.
    pub(super) fn explain(
        &self,
        plan: &Plan,
        matches: &Matches,
        article: &Scored,
        weights: &Weights,
        passage: Option<&PassageMatch>,
        duplicates_folded: usize,
    ) -> Result<Explanation> {
        let leaves = passage.map_or(0, |p| p.leaves);
        let mut passage_words = Vec::new();
        let mut title_words = Vec::new();
        let first = match article.title_mask {
            0 => None,
            _ => self.doc_with_ordinal(article.id, 0)?,
        };
        for li in plan.positive_leaves() {
            let leaf = &plan.leaves[li];
            let hits = &matches.hits[li];
            if let Some(p) = passage.filter(|p| p.leaves & (1u64 << li) != 0) {
                let bm25 = hits
                    .passages
                    .binary_search_by_key(&p.addr, |h| h.addr)
                    .map_or(0.0, |i| hits.passages[i].score);
                let (tf, idf) = self.tf_idf(leaf.text.as_deref(), p.addr)?;
                passage_words.push(WordScore {
                    word: leaf.display.clone(),
                    bm25,
                    tf,
                    idf,
                    weight: weights.of(li),
                });
            }
            if article.title_mask & (1u64 << li) != 0 {
                let bm25 = hits
                    .titles
                    .iter()
                    .find(|t| t.article == article.id)
                    .map_or(0.0, |t| t.score);
                let (tf, idf) = match first {
                    Some(ad) => self.tf_idf(leaf.title.as_deref(), ad)?,
                    None => (None, None),
                };
                title_words.push(WordScore {
                    word: leaf.display.clone(),
                    bm25,
                    tf,
                    idf,
                    weight: weights.of(li),
                });
            }
        }
        Ok(explanation(
            passage_words,
            title_words,
            leaves,
            article,
            weights,
            duplicates_folded,
        ))
    }

    /// tf and idf of `q` on the document at `ad`, from tantivy's own explanation.
    fn tf_idf(&self, q: Option<&dyn Query>, ad: u64) -> Result<(Option<f32>, Option<f32>)> {
        let Some(q) = q else {
            return Ok((None, None));
        };
        let at = doc_address(ad);
        let weight = q.weight(EnableScoring::enabled_from_searcher(&self.searcher))?;
        let sr = self.searcher.segment_reader(at.segment_ord);
        let Ok(e) = weight.explain(sr, at.doc_id) else {
            return Ok((None, None));
        };
        let tree = serde_json::to_value(&e)?;
        let mut tf = None;
        let mut idf = None;
        find_parts(&tree, &mut tf, &mut idf);
        Ok((tf, idf))
    }
}

/// The first "freq..." constant and "idf..." value in a tantivy explanation tree (as JSON).
fn find_parts(node: &serde_json::Value, tf: &mut Option<f32>, idf: &mut Option<f32>) {
    let desc = node["description"].as_str().unwrap_or("");
    let value = node["value"].as_f64().map(|v| v as f32);
    if idf.is_none() && desc.starts_with("idf") {
        *idf = value;
    }
    if tf.is_none() && desc.starts_with("freq") && !desc.contains('/') {
        *tf = value;
    }
    if let Some(kids) = node["details"].as_array() {
        for k in kids {
            find_parts(k, tf, idf);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::matching::{PassageHit, TitleHit};
    use crate::search::rank::tests::two_leaves;
    use crate::search::rank::{score, Candidate};

    fn word(w: &str, bm25: f32) -> WordScore {
        WordScore {
            word: w.into(),
            bm25,
            tf: None,
            idf: None,
            weight: 1.0,
        }
    }

    /// The parts multiply back to the score the ranking stage gave the passage.
    #[test]
    fn the_parts_give_the_ranked_score() {
        let a = [PassageHit {
            addr: 5,
            article: 1,
            score: 1.25,
        }];
        let b = [PassageHit {
            addr: 9,
            article: 2,
            score: 2.0,
        }];
        let tb = [TitleHit {
            article: 1,
            score: 0.5,
        }];
        let cands = [
            Candidate {
                id: 1,
                full: false,
                missing: 0,
            },
            Candidate {
                id: 2,
                full: true,
                missing: 0,
            },
        ];
        let leaves = two_leaves((&a, &[]), (&b, &tb));
        let s = score(&cands, &leaves, Weights::new(&[0, 1], &[1, 3], 50), None);
        let p = s.passages[0];
        let e = explanation(
            vec![word("a", 1.25)],
            vec![word("b", 0.5)],
            p.leaves,
            &s.articles[0],
            &s.weights,
            2,
        );
        assert!(
            (e.score - s.passage_score(&p)).abs() < 1e-6,
            "{} {}",
            e.score,
            s.passage_score(&p)
        );
        assert!((e.title_bm25 - 0.5 * TITLE_WEIGHT).abs() < 1e-6);
        assert!((e.coverage - 1.0).abs() < 1e-6);
        assert!(e.partial_share.is_some());
        assert_eq!((e.passages, e.duplicates_folded), (1, 2));
        let full = explanation(
            vec![word("b", 2.0)],
            vec![],
            s.passages[1].leaves,
            &s.articles[1],
            &s.weights,
            0,
        );
        assert!((full.score - s.passage_score(&s.passages[1])).abs() < 1e-6);
        assert_eq!(full.partial_share, None);
    }

    #[test]
    fn tf_and_idf_are_read_from_tantivys_tree() {
        let tree = serde_json::json!({
            "value": 3.0, "description": "TermQuery, product of...",
            "details": [
                {"value": 2.2, "description": "(K1+1)"},
                {"value": 1.7, "description": "idf, computed as log(1 + (N - n + 0.5) / (n + 0.5))"},
                {"value": 0.6, "description": "freq / (freq + k1 * (1 - b + b * dl / avgdl))",
                 "details": [{"value": 4.0, "description": "freq, occurrences of term within document"}]}
            ]
        });
        let (mut tf, mut idf) = (None, None);
        find_parts(&tree, &mut tf, &mut idf);
        assert_eq!((tf, idf), (Some(4.0), Some(1.7)));
    }
}
