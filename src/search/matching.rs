//! Stage 3 of a search, match: each leaf's queries run once over every segment, keeping per
//! matching passage its article and BM25 score (`LeafHits`); the query tree is evaluated over
//! the leaves' article sets (a query matches an *article* when the article as a whole
//! satisfies it: words may sit in different passages), narrowed by the filters (dates,
//! sources, entities). With fewer full matches than the page needs, or from
//! `rank::MIX_MIN_WORDS` words on, articles holding at least half of the top-level words are
//! partial matches (unless `strict`).

use std::ops::Bound;

use anyhow::Result;
use tantivy::query::{EnableScoring, Query, RangeQuery, Weight};
use tantivy::{DateTime, Term};

use super::hints::closest_names;
use super::plan::{Plan, Tree};
use super::request::{Notice, Request};
use super::sets::{difference, intersect, union};
use super::{addr, rank, Snapshot};

/// A passage matching one leaf.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PassageHit {
    /// Where the passage is (`addr`: segment << 32 | doc).
    pub addr: u64,
    pub article: u64,
    /// The leaf's BM25 in the passage.
    pub score: f32,
}

/// An article whose title matches one leaf.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TitleHit {
    pub article: u64,
    /// The leaf's BM25 in the title.
    pub score: f32,
}

/// A leaf's matches.
#[derive(Default)]
pub struct LeafHits {
    /// In address order.
    pub passages: Vec<PassageHit>,
    pub titles: Vec<TitleHit>,
    /// Articles matched through the source field.
    pub sources: Vec<u64>,
    /// Sorted, distinct articles.
    pub articles: Vec<u64>,
}

/// What the filters leave: `articles` (`None`: no filter), entity exclusions, the passages
/// naming every filtered entity (`--same-passage`), and the names the index does not have.
#[derive(Default)]
pub struct Filter {
    pub articles: Option<Vec<u64>>,
    pub excluded: Vec<u64>,
    /// Sorted passage addresses.
    pub co_passages: Option<Vec<u64>>,
    pub notices: Vec<Notice>,
}

/// An article holding at least half of the query's top-level words but not all.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Partial {
    pub article: u64,
    /// Bit j: the j-th positive top-level conjunct is missing.
    pub missing: u64,
}

/// The articles a query matches.
pub struct Matches {
    /// Per leaf (by index in `Plan::leaves`).
    pub hits: Vec<LeafHits>,
    /// Sorted full matches.
    pub full: Vec<u64>,
    pub partial: Vec<Partial>,
}

impl Snapshot {
    /// Run the plan's leaves, evaluate its tree under the filter, and find partial matches
    /// when `wanted` articles are more than the full matches (or the query is long).
    pub(super) fn matches(
        &self,
        plan: &Plan,
        filter: &Filter,
        req: &Request,
        wanted: usize,
    ) -> Result<Matches> {
        let hits: Vec<LeafHits> = plan
            .leaves
            .iter()
            .map(|l| self.leaf_hits(l))
            .collect::<Result<_>>()?;
        let mut universe: Option<Vec<u64>> = filter.articles.clone();
        let mut eval = Eval {
            engine: self,
            hits: &hits,
            universe: &mut universe,
        };
        let mut full = eval.eval(&plan.tree)?;
        if let Some(f) = &filter.articles {
            full = intersect(&full, f);
        }
        if !filter.excluded.is_empty() {
            full = difference(&full, &filter.excluded);
        }
        let positive = plan.positive();
        let mix = rank::mixes(req.strict, req.sort, positive.len());
        let partial = if !req.strict && positive.len() >= 2 && (full.len() < wanted || mix) {
            partial_matches(&mut eval, plan, &full, filter)?
        } else {
            Vec::new()
        };
        Ok(Matches {
            hits,
            full,
            partial,
        })
    }

    /// The filters' article sets. Positive entity filters narrow the universe; negative ones
    /// are removed from the matches; an unknown name matches nothing (with a hint).
    pub(super) fn filter(&self, req: &Request) -> Result<Filter> {
        let mut out = Filter::default();
        let mut unknown = Vec::new();
        if req.since.is_some() || req.until.is_some() {
            let t =
                |s: i64| Term::from_field_date(self.fields.date, DateTime::from_timestamp_secs(s));
            let lo = req
                .since
                .map_or(Bound::Unbounded, |s| Bound::Included(t(s)));
            let hi = req
                .until
                .map_or(Bound::Unbounded, |s| Bound::Included(t(s)));
            out.articles = Some(self.articles_of(&RangeQuery::new(lo, hi))?);
        }
        if !req.sources.is_empty() {
            let mut terms = Vec::new();
            for name in &req.sources {
                let found = self.source_terms(name, false)?;
                if found.is_empty() {
                    unknown.push(name.clone());
                }
                terms.extend(found);
            }
            let arts = match self.source_query(&terms) {
                Some(q) => self.articles_of(q.as_ref())?,
                None => Vec::new(),
            };
            out.articles = Some(narrow(out.articles, arts));
        }
        if !unknown.is_empty() {
            let known = self.all_sources()?;
            out.notices
                .extend(unknown.into_iter().map(|name| Notice::UnknownSource {
                    known: closest_names(&name, &known),
                    name,
                }));
        }
        for f in &req.filters {
            let Some(canon) = self.resolve_entity(f.kind, &f.name)? else {
                let known = self.entity_names(f.kind)?;
                out.notices.push(Notice::UnknownEntity {
                    kind: f.kind,
                    name: f.name.clone(),
                    known: closest_names(&f.name, &known),
                });
                out.articles = Some(Vec::new());
                continue;
            };
            let arts = self.articles_with_entity(f.kind, &canon)?;
            if f.negate {
                out.excluded = union(&out.excluded, &arts);
                continue;
            }
            out.articles = Some(narrow(out.articles, arts));
            if req.same_passage {
                let ps = self.passages_with_entity(f.kind, &canon)?;
                out.co_passages = Some(narrow(out.co_passages, ps));
            }
        }
        Ok(out)
    }

    /// Run one query over every segment: (address, article, score) of each live match.
    pub(super) fn run(
        &self,
        q: &dyn Query,
        scoring: bool,
        out: &mut dyn FnMut(u64, u64, f32),
    ) -> Result<()> {
        let weight: Box<dyn Weight> = if scoring {
            q.weight(EnableScoring::enabled_from_searcher(&self.searcher))?
        } else {
            q.weight(EnableScoring::disabled_from_searcher(&self.searcher))?
        };
        for (si, sr) in self.searcher.segment_readers().iter().enumerate() {
            let col = &self.segs[si].article;
            weight.for_each(sr, &mut |doc, score| {
                if Self::alive(sr, doc) {
                    if let Some(a) = col.first(doc) {
                        out(addr(si, doc), a, score);
                    }
                }
            })?;
        }
        Ok(())
    }

    fn leaf_hits(&self, leaf: &super::plan::Leaf) -> Result<LeafHits> {
        let mut h = LeafHits::default();
        if let Some(q) = &leaf.text {
            self.run(q.as_ref(), true, &mut |addr, article, score| {
                h.passages.push(PassageHit {
                    addr,
                    article,
                    score,
                })
            })?;
        }
        if let Some(q) = &leaf.title {
            self.run(q.as_ref(), true, &mut |_, article, score| {
                h.titles.push(TitleHit { article, score })
            })?;
        }
        if let Some(q) = &leaf.source {
            self.run(q.as_ref(), false, &mut |_, a, _| h.sources.push(a))?;
        }
        let mut arts: Vec<u64> = h
            .passages
            .iter()
            .map(|p| p.article)
            .chain(h.titles.iter().map(|t| t.article))
            .chain(h.sources.iter().copied())
            .collect();
        arts.sort_unstable();
        arts.dedup();
        h.articles = arts;
        Ok(h)
    }

    /// Articles of the documents a query matches (sorted, distinct).
    pub(super) fn articles_of(&self, q: &dyn Query) -> Result<Vec<u64>> {
        let mut v = Vec::new();
        self.run(q, false, &mut |_, a, _| v.push(a))?;
        v.sort_unstable();
        v.dedup();
        Ok(v)
    }

    /// Every article in the index.
    fn all_articles(&self) -> Result<Vec<u64>> {
        self.articles_of(&tantivy::query::AllQuery)
    }
}

/// `set` narrowed to `to` (`set` being `None` means everything).
fn narrow(set: Option<Vec<u64>>, to: Vec<u64>) -> Vec<u64> {
    match set {
        Some(s) => intersect(&s, &to),
        None => to,
    }
}

/// Articles holding at least half of the positive top-level conjuncts but not all, not
/// excluded by a negated conjunct or a filter, with the conjuncts they lack.
fn partial_matches(
    eval: &mut Eval,
    plan: &Plan,
    full: &[u64],
    filter: &Filter,
) -> Result<Vec<Partial>> {
    let conj = plan.conjuncts();
    let positive = plan.positive();
    // (article, conjunct) for every positive conjunct an article holds, grouped by article
    // through one sort (cheaper than hashing on large sets).
    let mut held: Vec<(u64, u8)> = Vec::new();
    for (j, &i) in positive.iter().enumerate() {
        held.extend(eval.eval(conj[i])?.into_iter().map(|a| (a, j as u8)));
    }
    held.sort_unstable();
    let mut excluded: Vec<u64> = Vec::new();
    for c in &conj {
        if let Tree::Not(inner) = c {
            excluded = union(&excluded, &eval.eval(inner)?);
        }
    }
    Ok(partial_of(&held, positive.len(), full, &excluded, filter))
}

/// The partial matches among `held` (sorted (article, conjunct) pairs) for `n` positive
/// conjuncts. Pure.
fn partial_of(
    held: &[(u64, u8)],
    n: usize,
    full: &[u64],
    excluded: &[u64],
    filter: &Filter,
) -> Vec<Partial> {
    let all: u64 = if n == 64 { u64::MAX } else { (1u64 << n) - 1 };
    let mut out = Vec::new();
    for run in held.chunk_by(|x, y| x.0 == y.0) {
        let a = run[0].0;
        let k = run.len();
        if k * 2 >= n
            && k < n
            && full.binary_search(&a).is_err()
            && excluded.binary_search(&a).is_err()
            && filter.excluded.binary_search(&a).is_err()
            && filter
                .articles
                .as_ref()
                .is_none_or(|f| f.binary_search(&a).is_ok())
        {
            let has = run.iter().fold(0u64, |m, x| m | 1u64 << x.1);
            out.push(Partial {
                article: a,
                missing: all & !has,
            });
        }
    }
    out
}

/// The query tree evaluated over the leaves' article sets; `universe` (every article, or the
/// filter's) is read only when a negation needs it.
struct Eval<'a> {
    engine: &'a Snapshot,
    hits: &'a [LeafHits],
    universe: &'a mut Option<Vec<u64>>,
}

impl Eval<'_> {
    fn universe(&mut self) -> Result<Vec<u64>> {
        if self.universe.is_none() {
            *self.universe = Some(self.engine.all_articles()?);
        }
        Ok(self.universe.clone().unwrap_or_default())
    }

    fn eval(&mut self, t: &Tree) -> Result<Vec<u64>> {
        Ok(match t {
            Tree::Leaf(i) => self.hits[*i].articles.clone(),
            Tree::Or(c) => {
                let mut acc = Vec::new();
                for c in c {
                    acc = union(&acc, &self.eval(c)?);
                }
                acc
            }
            Tree::And(c) => {
                let mut acc: Option<Vec<u64>> = None;
                let mut minus = Vec::new();
                for c in c {
                    match c {
                        Tree::Not(inner) => minus = union(&minus, &self.eval(inner)?),
                        c => {
                            let s = self.eval(c)?;
                            acc = Some(narrow(acc, s));
                        }
                    }
                }
                let base = match acc {
                    Some(a) => a,
                    None => self.universe()?,
                };
                difference(&base, &minus)
            }
            Tree::Not(inner) => {
                let u = self.universe()?;
                difference(&u, &self.eval(inner)?)
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Three positive conjuncts: two held is a partial match, one is not, three is full.
    #[test]
    fn partial_matches_hold_half_the_words_and_pass_the_filters() {
        let held = [
            (1, 0),
            (1, 2),
            (2, 1),
            (3, 0),
            (3, 1),
            (3, 2),
            (4, 0),
            (4, 1),
            (5, 1),
            (5, 2),
        ];
        let filter = Filter {
            excluded: vec![5],
            ..Filter::default()
        };
        let got = partial_of(&held, 3, &[3], &[], &filter);
        assert_eq!(
            got,
            vec![
                Partial {
                    article: 1,
                    missing: 0b010
                },
                Partial {
                    article: 4,
                    missing: 0b100
                },
            ]
        );
        // A negated conjunct's articles and those outside the filter's set are left out.
        let filter = Filter {
            articles: Some(vec![1, 2, 3]),
            ..Filter::default()
        };
        assert_eq!(partial_of(&held, 3, &[3], &[], &filter).len(), 1);
        assert!(partial_of(&held, 3, &[3], &[1], &filter).is_empty());
    }
}

#[cfg(test)]
mod index_tests {
    use super::*;
    use crate::search::fixture;

    fn full(s: &Snapshot, query: &str, req: &Request) -> Vec<u64> {
        let plan = s.plan(query).unwrap();
        let filter = s.filter(req).unwrap();
        s.matches(&plan, &filter, req, 10).unwrap().full
    }

    #[test]
    fn the_tree_is_evaluated_over_whole_articles_under_the_filters() {
        let s = fixture::chips();
        let any = Request::default();
        // Words in different passages (and the title) match the article.
        assert_eq!(full(&s, "designer takeover", &any), vec![1, 3]);
        assert_eq!(full(&s, "bids regulators", &any), vec![1, 3]);
        assert_eq!(full(&s, "nvidia -regulators", &any), vec![2]);
        assert_eq!(full(&s, "pears OR designer", &any), vec![1, 3, 4]);
        assert_eq!(full(&s, "title:apples", &any), vec![4]);
        // Dates: the undated copy drops out.
        let since = Request {
            since: Some(18_450 * 86_400),
            ..Request::default()
        };
        assert_eq!(full(&s, "nvidia OR pears", &since), vec![1, 4]);
        // Partial matches: at least half of the words, with the ones they lack.
        let plan = s.plan("chip takeover phones").unwrap();
        let m = s.matches(&plan, &Filter::default(), &any, 10).unwrap();
        assert!(m.full.is_empty());
        let partial: Vec<(u64, u64)> = m.partial.iter().map(|p| (p.article, p.missing)).collect();
        assert_eq!(partial, vec![(1, 0b100), (2, 0b010), (3, 0b100)]);
        // Each leaf's passages in address order, with their article.
        let h = &m.hits[0];
        assert!(h.passages.windows(2).all(|w| w[0].addr < w[1].addr));
        assert_eq!(h.articles, vec![1, 2, 3]);
    }
}
