//! Stage 6 of a search, page: only the shown articles are read from the document store: each
//! article's best passages (up to `per_article`), its metadata, the paths of the copies
//! folded into it, the passage's entities, and the highlights.

use anyhow::Result;
use rustc_hash::FxHashMap;
use tantivy::schema::Value;
use tantivy::TantivyDocument;

use super::articles::doc_address;
use super::collapse::Group;
use super::highlight;
use super::matching::Matches;
use super::plan::Plan;
use super::rank::{passage_order, PassageKey, PassageMatch, Scoring};
use super::request::{ArticleRef, Hit, NearRef, Request};
use super::Snapshot;

/// At most this many paths of a hit's duplicates are read and shown (`copies` counts all).
pub const MAX_DUPLICATE_PATHS: usize = 10;

/// A passage chosen for the page, with its score in its article.
struct Shown<'a> {
    addr: u64,
    score: f32,
    /// `None`: the lead passage of an article matched by its title or source only.
    passage: Option<&'a PassageMatch>,
}

impl Snapshot {
    /// The hits of the page `req.offset .. + req.limit` of `groups`.
    pub(super) fn page(
        &self,
        plan: &Plan,
        matches: &Matches,
        scoring: &Scoring,
        groups: &[Group],
        req: &Request,
    ) -> Result<Vec<Hit>> {
        let patterns = plan.patterns();
        let page = || groups.iter().enumerate().skip(req.offset).take(req.limit);
        // The passages of the shown articles, in one pass over all matching passages.
        let mut passages: FxHashMap<u32, Vec<&PassageMatch>> =
            page().map(|(_, g)| (g.lead, Vec::new())).collect();
        for p in scoring.passages.iter().filter(|p| scoring.shows(p)) {
            if let Some(v) = passages.get_mut(&p.cand) {
                v.push(p);
            }
        }
        let mut out = Vec::new();
        for (rank0, group) in page() {
            let shown = self.shown_passages(
                scoring,
                group.lead,
                passages.remove(&group.lead).unwrap_or_default(),
                req.per_article,
            )?;
            let article = &scoring.articles[group.lead as usize];
            let meta = self.meta(article.id)?;
            let missing = plan.missing_words(article.missing);
            let duplicates = self.duplicate_refs(scoring, &group.copies)?;
            let near_duplicates = self.near_refs(scoring, group.lead, &group.near)?;
            for s in shown {
                let doc: TantivyDocument = self.searcher.doc(doc_address(s.addr))?;
                let text = doc
                    .get_first(self.fields.text)
                    .and_then(|v| v.as_str())
                    .unwrap_or("")
                    .to_string();
                let seg = &self.segs[(s.addr >> 32) as usize];
                let highlights = highlight::spans(&self.stem, &text, &patterns);
                let explain = if req.explain {
                    let mut e = self.explain(
                        plan,
                        matches,
                        article,
                        &scoring.weights,
                        s.passage,
                        group.copies.len(),
                    )?;
                    e.score = s.score;
                    Some(e)
                } else {
                    None
                };
                out.push(Hit {
                    rank: rank0 + 1,
                    score: s.score,
                    article: meta.clone(),
                    passage_index: seg.ordinal.first(s.addr as u32).unwrap_or(0),
                    text,
                    highlights,
                    missing: missing.clone(),
                    copies: group.copies.len() + 1,
                    duplicates: duplicates.clone(),
                    near_copies: group.near.len(),
                    near_duplicates: near_duplicates.clone(),
                    entities: self.stored_entities(&doc)?,
                    explain,
                });
            }
        }
        Ok(out)
    }

    /// An article's best `per_article` passages (at least one); its lead passage when none
    /// holds a query word (only the title or source matched).
    fn shown_passages<'a>(
        &self,
        scoring: &Scoring,
        cand: u32,
        passages: Vec<&'a PassageMatch>,
        per_article: usize,
    ) -> Result<Vec<Shown<'a>>> {
        // Each passage scored once, then ordered: most query words, score, position.
        let mut keyed: Vec<(PassageKey, &'a PassageMatch)> = passages
            .into_iter()
            .map(|p| {
                let key = PassageKey {
                    words: p.leaves.count_ones(),
                    score: scoring.passage_score(p),
                    addr: p.addr,
                };
                (key, p)
            })
            .collect();
        keyed.sort_by(|x, y| passage_order(&x.0, &y.0));
        let mut shown: Vec<Shown> = keyed
            .into_iter()
            .take(per_article.max(1))
            .map(|(key, p)| Shown {
                addr: p.addr,
                score: key.score,
                passage: Some(p),
            })
            .collect();
        if shown.is_empty() {
            let article = &scoring.articles[cand as usize];
            if let Some(addr) = self.doc_with_ordinal(article.id, 0)? {
                shown.push(Shown {
                    addr,
                    score: article.best,
                    passage: None,
                });
            }
        }
        Ok(shown)
    }

    /// The paths of the first `MAX_DUPLICATE_PATHS` copies, sorted by path (article ids, hashes
    /// of absolute paths, must not decide the order).
    fn duplicate_refs(&self, scoring: &Scoring, copies: &[u32]) -> Result<Vec<ArticleRef>> {
        let mut out = copies
            .iter()
            .take(MAX_DUPLICATE_PATHS)
            .map(|&d| {
                self.meta(scoring.articles[d as usize].id)
                    .map(|m| ArticleRef {
                        path: m.path,
                        record: m.record,
                    })
            })
            .collect::<Result<Vec<_>>>()?;
        out.sort_by(|a, b| (&a.path, a.record).cmp(&(&b.path, b.record)));
        Ok(out)
    }
}

impl Snapshot {
    /// The first `MAX_DUPLICATE_PATHS` near copies of `lead`, most similar first (the
    /// resemblance of the two texts' signatures), then by path.
    fn near_refs(&self, scoring: &Scoring, lead: u32, near: &[u32]) -> Result<Vec<NearRef>> {
        if near.is_empty() {
            return Ok(Vec::new());
        }
        let lead_sig = self.signature(scoring.articles[lead as usize].id)?;
        let mut out = Vec::new();
        for &n in near.iter().take(MAX_DUPLICATE_PATHS) {
            let id = scoring.articles[n as usize].id;
            let m = self.meta(id)?;
            let similarity = match (&lead_sig, self.signature(id)?) {
                (Some(a), Some(b)) => a.resemblance(&b),
                _ => 0.0,
            };
            out.push(NearRef {
                article: ArticleRef {
                    path: m.path,
                    record: m.record,
                },
                title: m.title,
                similarity,
            });
        }
        out.sort_by(|a, b| {
            b.similarity.total_cmp(&a.similarity).then_with(|| {
                (&a.article.path, a.article.record).cmp(&(&b.article.path, b.article.record))
            })
        });
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use crate::search::fixture;
    use crate::search::Request;

    fn request(query: &str) -> Request {
        Request {
            query: query.into(),
            per_article: 2,
            ..Request::default()
        }
    }

    #[test]
    fn the_page_shows_best_passages_and_folds_copies() {
        let s = fixture::chips();
        let (r, _) = s.search(&request("chip takeover")).unwrap();
        // The story and its copy are one hit; the roundup lacks "takeover" and fills in.
        assert_eq!((r.total_articles, r.total_partial), (1, 1));
        let first: Vec<(usize, &str, u64)> = r
            .hits
            .iter()
            .map(|h| (h.rank, h.article.path.as_str(), h.passage_index))
            .collect();
        // The passage holding both words first, then one holding "chip" (scored higher: the
        // shorter one); then the partial match.
        assert_eq!(
            first,
            vec![
                (1, "/c/arm.txt", 1),
                (1, "/c/arm.txt", 2),
                (2, "/c/roundup.txt", 0),
            ]
        );
        let top = &r.hits[0];
        assert_eq!(top.copies, 2);
        assert_eq!(top.duplicates[0].path, "/c/copy-of-arm.txt");
        assert_eq!(r.hits[2].missing, vec!["takeover"]);
        // Highlights are the query's words in the passage.
        let words: Vec<&str> = top
            .highlights
            .iter()
            .map(|&(a, b)| &top.text[a..b])
            .collect();
        assert_eq!(words, vec!["chip", "takeover"]);
        assert!(top.score >= r.hits[1].score && r.hits[1].score > 0.0);
        // --duplicates: every copy its own hit.
        let all = Request {
            duplicates: true,
            ..request("chip takeover")
        };
        assert_eq!(s.search(&all).unwrap().0.total_articles, 2);
    }

    #[test]
    fn a_title_only_match_shows_the_lead_passage() {
        let s = fixture::chips();
        let (r, _) = s.search(&request("bids")).unwrap();
        assert_eq!(r.total_articles, 1, "the copy is folded in");
        assert_eq!(r.hits.len(), 1);
        assert_eq!(r.hits[0].passage_index, 0);
        assert!(r.hits[0].highlights.is_empty());
        assert!(r.hits[0].score > 0.0);
    }
}
