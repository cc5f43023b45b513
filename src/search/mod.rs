//! `byline search`: from a query string and options to ranked, highlighted passages.
//!
//! Data flow (one pass over each query word's postings, no per-passage boolean logic):
//! 1. `query::parse` turns the text into a tree; `compile` turns each leaf (word, phrase,
//!    prefix, fuzzy word) into tantivy queries over the passage text, the article title and
//!    the source.
//! 2. `Engine::leaf_postings` runs each leaf once and keeps, per matching passage, its article
//!    id and BM25 score. The set of articles a leaf matches is the union over the article's
//!    passages and title: a query matches an *article* when the article as a whole satisfies
//!    it (words may sit in different passages).
//! 3. The tree is evaluated over those article sets (sorted `u64` vectors), intersected with
//!    the filters (dates, sources). With fewer full matches than the page needs, articles that
//!    match at least half of the top-level words fill the page after them (unless `strict`).
//! 4. Passages of the matching articles are scored (BM25 of their words plus the article's
//!    title score, weighted by how many query words they hold); each article is ranked by its
//!    best passage; exact duplicates (same text hash) collapse into one hit.
//! 5. Only the page's passages and article metadata are read from the document store, and
//!    highlighted (`highlight`).

pub mod export;
pub mod facets;
pub mod highlight;
pub mod morph;
pub mod query;
pub mod related;
pub mod show;
pub mod timeline;

use std::ops::Bound;
use std::path::Path;
use std::time::Instant;

use anyhow::{anyhow, bail, Result};
use rustc_hash::FxHashMap;
use tantivy::query::{
    BooleanQuery, BoostQuery, EnableScoring, FuzzyTermQuery, Occur, PhraseQuery, Query, RangeQuery,
    RegexQuery, TermQuery, Weight,
};
use tantivy::schema::{Field as TField, IndexRecordOption, Value};
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{DateTime, DocAddress, ReloadPolicy, Searcher, SegmentReader, TantivyDocument, Term};

use crate::entities::{Gazetteer, Kind};

use crate::schema::{EntityColumns, Fields, PassageColumns};
use facets::{Dim, Facets};
use highlight::Pattern;
use query::{Field, Node};

/// How much a query word found in the title weighs against the same word in a passage.
const TITLE_WEIGHT: f32 = 2.0;
/// Weight of the number of an article's passages holding query words (log-scaled) in its
/// passages' scores (BENCHMARKS.md: relevance).
const ABOUT_WEIGHT: f32 = 0.1;
/// At most this many paths of a hit's duplicates are read and shown (`copies` counts all).
const MAX_DUPLICATE_PATHS: usize = 10;
/// How much a related word (`acquired` for `acquisitions`) weighs against the word as typed.
const VARIANT_WEIGHT: f32 = 0.6;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Sort {
    #[default]
    Relevance,
    Newest,
    Oldest,
}

/// What to search for and how much to return.
#[derive(Debug, Clone)]
pub struct Request {
    pub query: String,
    pub limit: usize,
    pub offset: usize,
    /// Passages shown per article (at least 1).
    pub per_article: usize,
    /// Inclusive bounds, seconds since the epoch (UTC).
    pub since: Option<i64>,
    pub until: Option<i64>,
    /// Source names (case-insensitive; `wired` also matches `wired.com`).
    pub sources: Vec<String>,
    pub sort: Sort,
    /// No fill-in with partial matches.
    pub strict: bool,
    /// Show every copy of duplicate articles instead of collapsing them.
    pub duplicates: bool,
    /// Read and highlight the page's passages (off for `--count`).
    pub fetch: bool,
    /// Facets to count over the matching articles (empty: none).
    pub facets: Vec<Dim>,
    /// Values per facet.
    pub facet_limit: usize,
    /// Entity filters: (type, name as written, negated). All must hold.
    pub filters: Vec<(Kind, String, bool)>,
    /// The query's words and the filtered entities must share a passage.
    pub same_passage: bool,
    /// Count the full matches per period (`byline timeline`).
    pub timeline: Option<timeline::Period>,
}

impl Default for Request {
    fn default() -> Self {
        Request {
            query: String::new(),
            limit: 10,
            offset: 0,
            per_article: 1,
            since: None,
            until: None,
            sources: Vec::new(),
            sort: Sort::Relevance,
            strict: false,
            duplicates: false,
            fetch: true,
            facets: Vec::new(),
            facet_limit: 5,
            filters: Vec::new(),
            same_passage: false,
            timeline: None,
        }
    }
}

#[derive(Debug, Clone)]
pub struct ArticleMeta {
    pub id: u64,
    /// The file's path (absolute, lossy for non-UTF-8 names).
    pub path: String,
    /// The file's path exactly (for `paths` and `tsv` output, and `path_base64` in JSON).
    pub raw_path: std::path::PathBuf,
    /// 1-based record number in a JSON / JSON Lines file.
    pub record: Option<u64>,
    pub title: Option<String>,
    pub title_derived: bool,
    /// Seconds since the epoch.
    pub date: Option<i64>,
    pub source: Option<String>,
    pub url: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Hit {
    /// The article's rank (1-based, counting `offset`); hits of one article share it.
    pub rank: usize,
    pub score: f32,
    pub article: ArticleMeta,
    /// The passage's ordinal in its article.
    pub passage_index: u64,
    pub text: String,
    /// Byte ranges of `text` to highlight, sorted, disjoint.
    pub highlights: Vec<(usize, usize)>,
    /// Top-level query words the article lacks (partial matches only).
    pub missing: Vec<String>,
    /// Number of articles with this text among the matches (1 = no duplicate).
    pub copies: usize,
    /// Other articles with the same text (collapsed into this hit): the first
    /// `MAX_DUPLICATE_PATHS`.
    pub duplicates: Vec<ArticleRef>,
    /// Entities the passage mentions.
    pub entities: Vec<(Kind, String)>,
}

#[derive(Debug, Clone)]
pub struct ArticleRef {
    pub path: String,
    pub record: Option<u64>,
}

#[derive(Debug, Clone)]
pub struct Results {
    pub query: String,
    /// Articles matching the whole query (duplicates collapsed unless asked otherwise).
    pub total_articles: u64,
    /// Articles shown as partial matches on top of the full ones.
    pub total_partial: u64,
    /// Passages holding query words in the fully matching articles.
    pub total_passages: u64,
    pub hits: Vec<Hit>,
    /// Common words of the query that were not required (see `COMMON_WORDS`).
    pub ignored: Vec<String>,
    /// Requested facets over the fully matching articles.
    pub facets: Facets,
    /// Full matches per period when asked (`Request::timeline`), and how many are undated.
    pub timeline: Option<timeline::Timeline>,
    pub took_ms: f64,
}

/// Why a search found nothing that the user should hear about (printed on stderr).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Notice {
    UnknownSource {
        name: String,
        known: Vec<String>,
    },
    UnknownEntity {
        kind: Kind,
        name: String,
        known: Vec<String>,
    },
}

/// An opened index, ready for queries.
pub struct Engine {
    fields: Fields,
    searcher: Searcher,
    stem: TextAnalyzer,
    segs: Vec<PassageColumns>,
    /// Entity and source columns, opened on first use (facets): a search without facets
    /// does not read their dictionaries.
    ents: std::cell::OnceCell<Vec<EntityColumns>>,
    /// For filters' aliases; built on first use (it costs a few milliseconds).
    gazetteer_cell: std::cell::OnceCell<Gazetteer>,
    dir: std::path::PathBuf,
}

/// One compiled leaf of the query tree.
struct Leaf {
    /// How the user wrote it (for `missing`).
    display: String,
    text: Option<Box<dyn Query>>,
    title: Option<Box<dyn Query>>,
    source: Option<Box<dyn Query>>,
    /// What to highlight in passages (empty: nothing).
    patterns: Vec<Pattern>,
}

/// The query tree over leaf indexes.
#[derive(Debug, Clone)]
enum Tree {
    Leaf(usize),
    And(Vec<Tree>),
    Or(Vec<Tree>),
    Not(Box<Tree>),
}

/// A leaf's matches: passages (with article and score) and titles (article, score).
#[derive(Default)]
struct LeafHits {
    /// (segment << 32 | doc, article, score)
    passages: Vec<(u64, u64, f32)>,
    titles: Vec<(u64, f32)>,
    /// Articles matched through the source field.
    sources: Vec<u64>,
    /// Sorted, distinct articles.
    articles: Vec<u64>,
}

/// A candidate article (a full or partial match) while ranking.
struct ArticleAcc {
    id: u64,
    full: bool,
    /// Top-level positive conjuncts it lacks (bit j = the j-th positive conjunct).
    missing: u64,
    title_score: f32,
    title_mask: u64,
    /// Leaves held by its passages.
    held: u64,
    /// Its passages holding query words.
    npass: u32,
    /// Its best passage's score, times `factor` (the article's score).
    best: f32,
    /// The best passage so far (words held, score before `factor`, address).
    best_key: (u32, f32, u64),
    /// Article-level factor on its passages' scores.
    factor: f32,
    /// Only read for the date sorts.
    date: Option<i64>,
    body_hash: u64,
    /// Address of some document of the article (for metadata when no passage matched).
    any_doc: Option<u64>,
    /// Left out by `--same-passage`.
    dropped: bool,
}

fn addr(seg: usize, doc: u32) -> u64 {
    ((seg as u64) << 32) | doc as u64
}

fn doc_address(a: u64) -> DocAddress {
    DocAddress::new((a >> 32) as u32, a as u32)
}

impl Engine {
    pub fn open(dir: &Path) -> Result<Engine> {
        let (index, fields) = crate::disk::open_index(dir)?;
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()
            .map_err(|e| crate::disk::unreadable(dir, e))?;
        let searcher = reader.searcher();
        let stem = index.tokenizer_for_field(fields.text)?;
        let segs = searcher
            .segment_readers()
            .iter()
            .map(PassageColumns::open)
            .collect::<tantivy::Result<_>>()?;
        Ok(Engine {
            fields,
            searcher,
            stem,
            segs,
            ents: std::cell::OnceCell::new(),
            gazetteer_cell: std::cell::OnceCell::new(),
            dir: dir.to_path_buf(),
        })
    }

    /// Per segment: the article entity and source columns (opened once).
    fn ent_cols(&self) -> Result<&[EntityColumns]> {
        if let Some(c) = self.ents.get() {
            return Ok(c);
        }
        let v = self
            .searcher
            .segment_readers()
            .iter()
            .map(EntityColumns::open)
            .collect::<tantivy::Result<_>>()?;
        Ok(self.ents.get_or_init(|| v))
    }

    /// The built-in gazetteer plus the index's own entities file, if any.
    pub fn gazetteer(&self) -> &Gazetteer {
        self.gazetteer_cell.get_or_init(|| {
            let kept = self.dir.join(crate::disk::ENTITIES_FILE);
            std::fs::read_to_string(&kept)
                .ok()
                .and_then(|t| crate::entities::gazetteer::parse("", &t).ok())
                .map(Gazetteer::with_extra)
                .unwrap_or_else(Gazetteer::builtin)
        })
    }

    /// Words of `text` as the passage analyser sees them (lower-cased, stemmed).
    fn stems(&self, text: &str) -> Vec<String> {
        let mut a = self.stem.clone();
        let mut ts = a.token_stream(text);
        let mut out = Vec::new();
        while ts.advance() {
            out.push(ts.token().text.clone());
        }
        out
    }

    /// Lower-cased words of `text`, not stemmed (for prefixes).
    fn plain_words(text: &str) -> Vec<String> {
        text.split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect()
    }

    /// Related words (see `morph`) of a one-word term whose stems occur in the index.
    fn variant_stems(&self, word: &str, stem: &str) -> Result<Vec<String>> {
        let mut out: Vec<String> = Vec::new();
        for v in morph::variants(word) {
            let Some(s) = self.stems(&v).pop() else {
                continue;
            };
            if s == stem || out.contains(&s) {
                continue;
            }
            let present = self
                .searcher
                .doc_freq(&Term::from_field_text(self.fields.text, &s))?
                > 0;
            if present {
                out.push(s);
            }
        }
        Ok(out)
    }

    fn word_query(
        &self,
        field: TField,
        stems: &[String],
        slop: u32,
        variants: &[String],
    ) -> Option<Box<dyn Query>> {
        let term = |s: &str| -> Box<dyn Query> {
            Box::new(TermQuery::new(
                Term::from_field_text(field, s),
                IndexRecordOption::WithFreqs,
            ))
        };
        match stems {
            [] => None,
            [one] if variants.is_empty() => Some(term(one)),
            [one] => {
                let mut qs = vec![(Occur::Should, term(one))];
                for v in variants {
                    let q: Box<dyn Query> = Box::new(BoostQuery::new(term(v), VARIANT_WEIGHT));
                    qs.push((Occur::Should, q));
                }
                Some(Box::new(BooleanQuery::new(qs)))
            }
            many => {
                let mut q = PhraseQuery::new(
                    many.iter()
                        .map(|s| Term::from_field_text(field, s))
                        .collect(),
                );
                q.set_slop(slop);
                Some(Box::new(q))
            }
        }
    }

    /// The index's source names matching `name`: equal ignoring case, or `name.` + a suffix
    /// (`wired` finds `wired.com`).
    fn source_terms(&self, name: &str, prefix: bool) -> Result<Vec<String>> {
        let name = name.trim().to_lowercase();
        let mut out = std::collections::BTreeSet::new();
        for sr in self.searcher.segment_readers() {
            let inv = sr.inverted_index(self.fields.source)?;
            let mut stream = inv.terms().stream()?;
            while stream.advance() {
                let Ok(t) = std::str::from_utf8(stream.key()) else {
                    continue;
                };
                let hit = if prefix {
                    t.starts_with(&name)
                } else {
                    t == name || t.strip_prefix(&name).is_some_and(|r| r.starts_with('.'))
                };
                if hit {
                    out.insert(t.to_string());
                }
            }
        }
        Ok(out.into_iter().collect())
    }

    /// Every source name in the index.
    pub fn all_sources(&self) -> Result<Vec<String>> {
        self.source_terms("", true)
    }

    fn source_query(&self, terms: &[String]) -> Option<Box<dyn Query>> {
        if terms.is_empty() {
            return None;
        }
        let qs = terms
            .iter()
            .map(|t| {
                let q: Box<dyn Query> = Box::new(TermQuery::new(
                    Term::from_field_text(self.fields.source, t),
                    IndexRecordOption::Basic,
                ));
                (Occur::Should, q)
            })
            .collect();
        Some(Box::new(BooleanQuery::new(qs)))
    }

    fn compile_leaf(&self, node: &Node) -> Result<Option<Leaf>> {
        let f = &self.fields;
        let display = node.to_string();
        let (field, pattern, text_for) = match node {
            Node::Term { field, word } => {
                let stems = self.stems(word);
                let variants = match stems.as_slice() {
                    [one] if *field != Field::Source => self.variant_stems(word, one)?,
                    _ => Vec::new(),
                };
                let mut pattern: Vec<Pattern> = (!stems.is_empty())
                    .then(|| Pattern::Seq(stems.clone()))
                    .into_iter()
                    .collect();
                pattern.extend(variants.iter().map(|v| Pattern::Seq(vec![v.clone()])));
                (
                    *field,
                    pattern,
                    LeafKind::Words(stems, 0, word.clone(), variants),
                )
            }
            Node::Phrase { field, text, slop } => {
                let stems = self.stems(text);
                let pattern = match (stems.len(), *slop) {
                    (0, _) => vec![],
                    (_, 0) => vec![Pattern::Seq(stems.clone())],
                    _ => vec![Pattern::Any(stems.clone())],
                };
                (
                    *field,
                    pattern,
                    LeafKind::Words(stems, *slop, text.clone(), Vec::new()),
                )
            }
            Node::Prefix { field, prefix } => {
                let words = Self::plain_words(prefix);
                match words.as_slice() {
                    [one] => {
                        let stem = self.stems(one).pop().unwrap_or_else(|| one.clone());
                        (
                            *field,
                            vec![Pattern::Prefix(one.clone(), stem.clone())],
                            LeafKind::Prefix(one.clone(), stem, prefix.clone()),
                        )
                    }
                    // `e-mai*` and the like: treat as the words without the star.
                    _ => {
                        let stems = self.stems(prefix);
                        let pattern = (!stems.is_empty())
                            .then(|| Pattern::Seq(stems.clone()))
                            .into_iter()
                            .collect();
                        (
                            *field,
                            pattern,
                            LeafKind::Words(stems, 0, prefix.clone(), Vec::new()),
                        )
                    }
                }
            }
            Node::Fuzzy {
                field,
                word,
                distance,
            } => {
                let stems = self.stems(word);
                match stems.as_slice() {
                    [one] => (
                        *field,
                        vec![Pattern::Fuzzy(one.clone(), *distance)],
                        LeafKind::Fuzzy(one.clone(), *distance, word.clone()),
                    ),
                    _ => {
                        let pattern = (!stems.is_empty())
                            .then(|| Pattern::Seq(stems.clone()))
                            .into_iter()
                            .collect();
                        (
                            *field,
                            pattern,
                            LeafKind::Words(stems, 0, word.clone(), Vec::new()),
                        )
                    }
                }
            }
            _ => unreachable!("compile_leaf on an operator"),
        };
        let on = |tf: TField| -> Result<Option<Box<dyn Query>>> {
            Ok(match &text_for {
                LeafKind::Words(stems, slop, _, variants) => {
                    self.word_query(tf, stems, *slop, variants)
                }
                LeafKind::Prefix(plain, stem, _) => {
                    let pat = if plain == stem || !plain.starts_with(stem.as_str()) {
                        format!("{}.*", regex_escape(plain))
                    } else {
                        format!("{}.*", regex_escape(stem))
                    };
                    Some(Box::new(RegexQuery::from_pattern(&pat, tf)?))
                }
                LeafKind::Fuzzy(stem, d, _) => Some(Box::new(FuzzyTermQuery::new(
                    Term::from_field_text(tf, stem),
                    *d,
                    true,
                ))),
            })
        };
        let leaf = match field {
            Field::Default => Leaf {
                display,
                text: on(f.text)?,
                title: on(f.title_terms)?,
                source: None,
                patterns: pattern,
            },
            Field::Title => Leaf {
                display,
                text: None,
                title: on(f.title_terms)?,
                source: None,
                patterns: Vec::new(),
            },
            Field::Source => {
                let raw = text_for.raw();
                let terms = match &text_for {
                    LeafKind::Prefix(..) => self.source_terms(raw, true)?,
                    _ => self.source_terms(raw, false)?,
                };
                Leaf {
                    display,
                    text: None,
                    title: None,
                    source: Some(
                        self.source_query(&terms)
                            .unwrap_or_else(|| Box::new(tantivy::query::EmptyQuery)),
                    ),
                    patterns: Vec::new(),
                }
            }
        };
        if leaf.text.is_none() && leaf.title.is_none() && leaf.source.is_none() {
            return Ok(None);
        }
        Ok(Some(leaf))
    }

    /// The tree of `node` over `leaves`; `None` when nothing searchable is left. Common words
    /// (`the`, `in`, `who`...) written bare among other words are left out and listed in
    /// `ignored`: nearly every article has them, so they would only add cost and noise.
    fn compile_query(
        &self,
        node: &Node,
        leaves: &mut Vec<Leaf>,
        ignored: &mut Vec<String>,
    ) -> Result<Option<Tree>> {
        let stripped = strip_common(node, ignored);
        self.compile(&stripped, leaves)
    }

    fn compile(&self, node: &Node, leaves: &mut Vec<Leaf>) -> Result<Option<Tree>> {
        Ok(match node {
            Node::And(children) | Node::Or(children) => {
                let mut kids = Vec::new();
                for c in children {
                    if let Some(t) = self.compile(c, leaves)? {
                        kids.push(t);
                    }
                }
                match kids.len() {
                    0 => None,
                    1 => kids.pop(),
                    _ if matches!(node, Node::And(_)) => Some(Tree::And(kids)),
                    _ => Some(Tree::Or(kids)),
                }
            }
            Node::Not(inner) => self.compile(inner, leaves)?.map(|t| Tree::Not(Box::new(t))),
            leaf => self.compile_leaf(leaf)?.map(|l| {
                leaves.push(l);
                Tree::Leaf(leaves.len() - 1)
            }),
        })
    }

    fn alive(sr: &SegmentReader, doc: u32) -> bool {
        sr.alive_bitset().is_none_or(|b| b.is_alive(doc))
    }

    /// Run one query over every segment: (address, article, score) of each live match.
    fn run(&self, q: &dyn Query, scoring: bool, out: &mut dyn FnMut(u64, u64, f32)) -> Result<()> {
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

    fn leaf_hits(&self, leaf: &Leaf) -> Result<LeafHits> {
        let mut h = LeafHits::default();
        if let Some(q) = &leaf.text {
            self.run(q.as_ref(), true, &mut |ad, a, s| {
                h.passages.push((ad, a, s))
            })?;
        }
        if let Some(q) = &leaf.title {
            self.run(q.as_ref(), true, &mut |_, a, s| h.titles.push((a, s)))?;
        }
        if let Some(q) = &leaf.source {
            self.run(q.as_ref(), false, &mut |_, a, _| h.sources.push(a))?;
        }
        let mut arts: Vec<u64> = h
            .passages
            .iter()
            .map(|p| p.1)
            .chain(h.titles.iter().map(|t| t.0))
            .chain(h.sources.iter().copied())
            .collect();
        arts.sort_unstable();
        arts.dedup();
        h.articles = arts;
        Ok(h)
    }

    /// Articles of the documents a query matches (sorted, distinct).
    fn articles_of(&self, q: &dyn Query) -> Result<Vec<u64>> {
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

    /// The filter's article set (`None`: no filter), and unknown source names.
    fn filter(&self, req: &Request) -> Result<(Option<Vec<u64>>, Vec<String>)> {
        let mut set: Option<Vec<u64>> = None;
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
            set = Some(self.articles_of(&RangeQuery::new(lo, hi))?);
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
            set = Some(match set {
                Some(s) => intersect(&s, &arts),
                None => arts,
            });
        }
        Ok((set, unknown))
    }

    /// Search. Errors: a malformed query (message with its column), an unreadable index.
    pub fn search(&self, req: &Request) -> Result<(Results, Vec<Notice>)> {
        let t0 = Instant::now();
        let node = query::parse(&req.query).map_err(|e| anyhow!("bad query: {e}"))?;
        let mut leaves = Vec::new();
        let mut ignored = Vec::new();
        let Some(tree) = self.compile_query(&node, &mut leaves, &mut ignored)? else {
            bail!("bad query: no searchable word in {:?}", req.query);
        };
        if leaves.len() > 64 {
            bail!("bad query: too many words ({}; at most 64)", leaves.len());
        }
        let (filter, unknown) = self.filter(req)?;
        let notices: Vec<Notice> = if unknown.is_empty() {
            Vec::new()
        } else {
            let known = self.all_sources()?;
            unknown
                .into_iter()
                .map(|name| Notice::UnknownSource {
                    known: closest(&name, &known),
                    name,
                })
                .collect()
        };
        let mut notices = notices;
        // Entity filters: positive ones narrow the universe; negative ones are removed from
        // the matches; an unknown name matches nothing (with a hint).
        let mut filter = filter;
        let mut excluded_entities: Vec<u64> = Vec::new();
        let mut co_passages: Option<Vec<u64>> = None;
        for (kind, name, negate) in &req.filters {
            let Some(canon) = self.resolve_entity(*kind, name)? else {
                let known = self.entity_names(*kind)?;
                notices.push(Notice::UnknownEntity {
                    kind: *kind,
                    name: name.clone(),
                    known: closest(name, &known),
                });
                filter = Some(Vec::new());
                continue;
            };
            let arts = self.articles_with_entity(*kind, &canon)?;
            if *negate {
                excluded_entities = union(&excluded_entities, &arts);
                continue;
            }
            filter = Some(match filter {
                Some(f) => intersect(&f, &arts),
                None => arts,
            });
            if req.same_passage {
                let ps = self.passages_with_entity(*kind, &canon)?;
                co_passages = Some(match co_passages {
                    Some(c) => intersect(&c, &ps),
                    None => ps,
                });
            }
        }
        let hits: Vec<LeafHits> = leaves
            .iter()
            .map(|l| self.leaf_hits(l))
            .collect::<Result<_>>()?;
        let mut universe: Option<Vec<u64>> = filter.clone();
        let mut eval = Eval {
            engine: self,
            hits: &hits,
            universe: &mut universe,
        };
        let mut full = eval.eval(&tree)?;
        if let Some(f) = &filter {
            full = intersect(&full, f);
        }
        if !excluded_entities.is_empty() {
            full = difference(&full, &excluded_entities);
        }

        // The top-level conjuncts: what a partial match is measured against.
        let conj: Vec<&Tree> = match &tree {
            Tree::And(c) => c.iter().collect(),
            t => vec![t],
        };
        let positive: Vec<usize> = (0..conj.len())
            .filter(|&i| !matches!(conj[i], Tree::Not(_)))
            .collect();
        let wanted = req.offset + req.limit;
        // Partial matches: (article, bit mask of the top-level conjuncts it lacks).
        let mut partial: Vec<(u64, u64)> = Vec::new();
        // Long queries: a partial match may outrank a weak full match (see `MIX_MIN_WORDS`).
        let mix = !req.strict && req.sort == Sort::Relevance && positive.len() >= MIX_MIN_WORDS;
        if !req.strict && positive.len() >= 2 && (full.len() < wanted || mix) {
            // (article, conjunct) for every positive conjunct an article holds, grouped by
            // article through one sort (cheaper than hashing on large sets).
            let mut held: Vec<(u64, u8)> = Vec::new();
            for (j, &i) in positive.iter().enumerate() {
                held.extend(eval.eval(conj[i])?.into_iter().map(|a| (a, j as u8)));
            }
            held.sort_unstable();
            let mut excluded: Vec<u64> = Vec::new();
            for c in conj.iter().filter(|c| matches!(c, Tree::Not(_))) {
                let Tree::Not(inner) = c else { continue };
                excluded = union(&excluded, &eval.eval(inner)?);
            }
            let n = positive.len();
            let all: u64 = if n == 64 { u64::MAX } else { (1u64 << n) - 1 };
            for run in held.chunk_by(|x, y| x.0 == y.0) {
                let a = run[0].0;
                let k = run.len();
                if k * 2 >= n
                    && k < n
                    && full.binary_search(&a).is_err()
                    && excluded.binary_search(&a).is_err()
                    && excluded_entities.binary_search(&a).is_err()
                    && filter.as_ref().is_none_or(|f| f.binary_search(&a).is_ok())
                {
                    let has = run.iter().fold(0u64, |m, x| m | 1u64 << x.1);
                    partial.push((a, all & !has));
                }
            }
        }

        // Which leaves count where: positive leaves only (never those under NOT).
        let mut pos_leaves = Vec::new();
        positive_leaves(&tree, false, &mut pos_leaves);
        let weights = Weights::new(&pos_leaves, &hits, self.searcher.num_docs());

        // Candidate articles, densely numbered; `index` maps an article id to its number.
        let new_acc = |id: u64, full: bool, missing: u64| ArticleAcc {
            id,
            full,
            missing,
            title_score: 0.0,
            title_mask: 0,
            held: 0,
            npass: 0,
            best: 0.0,
            best_key: (0, f32::NEG_INFINITY, u64::MAX),
            factor: 1.0,
            date: None,
            body_hash: id,
            any_doc: None,
            dropped: false,
        };
        let mut accs: Vec<ArticleAcc> = Vec::with_capacity(full.len() + partial.len());
        accs.extend(full.iter().map(|&a| new_acc(a, true, 0)));
        accs.extend(partial.iter().map(|&(a, m)| new_acc(a, false, m)));
        let index: FxHashMap<u64, u32> = accs
            .iter()
            .enumerate()
            .map(|(i, acc)| (acc.id, i as u32))
            .collect();
        let lookup = |last: &mut (u64, Option<u32>), a: u64| -> Option<u32> {
            if last.0 != a {
                *last = (a, index.get(&a).copied());
            }
            last.1
        };
        // Every matching passage of a candidate: (address, article number, leaf, BM25), then
        // merged by address (a leaf's passages come in address order; one sort merges them).
        let mut raw: Vec<(u64, u32, u8, f32)> = Vec::new();
        for &li in &pos_leaves {
            let mut last = (u64::MAX, None);
            for &(ad, a, s) in &hits[li].passages {
                if let Some(i) = lookup(&mut last, a) {
                    raw.push((ad, i, li as u8, s));
                }
            }
            let mut last = (u64::MAX, None);
            for &(a, s) in &hits[li].titles {
                if let Some(i) = lookup(&mut last, a) {
                    let acc = &mut accs[i as usize];
                    acc.title_score += s * TITLE_WEIGHT;
                    acc.title_mask |= 1u64 << li;
                }
            }
        }
        if pos_leaves.len() > 1 {
            raw.sort_unstable_by_key(|p| p.0);
        }
        // One entry per passage: (address, article number, BM25 of its words, leaf mask).
        let mut passages: Vec<(u64, u32, f32, u64)> = Vec::with_capacity(raw.len());
        for p in raw {
            match passages.last_mut() {
                Some(last) if last.0 == p.0 => {
                    last.2 += p.3;
                    last.3 |= 1u64 << p.2;
                }
                _ => passages.push((p.0, p.1, p.3, 1u64 << p.2)),
            }
        }
        // With `--same-passage`, only a passage that holds every query word and names every
        // filtered entity is shown (the co-mention asked for).
        let all_leaves = pos_leaves.iter().fold(0u64, |m, &li| m | 1u64 << li);
        let co_ok = |ad: u64, mask: u64| {
            co_passages
                .as_ref()
                .is_none_or(|c| mask == all_leaves && c.binary_search(&ad).is_ok())
        };
        // Each article's best passage: most query words held, then score, then position.
        for &(ad, i, text, mask) in &passages {
            let acc = &mut accs[i as usize];
            let score = passage_score(text, mask, acc.title_score, acc.title_mask, &weights);
            let key = (mask.count_ones(), score, ad);
            if co_ok(ad, mask) && passage_order(&key, &acc.best_key).is_lt() {
                acc.best_key = key;
            }
            acc.npass += 1;
            acc.held |= mask;
            if acc.any_doc.is_none() {
                acc.any_doc = Some(ad);
            }
        }
        if let Some(co) = &co_passages {
            let mut ok = vec![false; accs.len()];
            for &(ad, i, _, mask) in &passages {
                if mask == all_leaves && co.binary_search(&ad).is_ok() {
                    ok[i as usize] = true;
                }
            }
            for (acc, ok) in accs.iter_mut().zip(ok) {
                acc.dropped = !ok;
            }
        }
        for acc in accs.iter_mut() {
            // Article-level factors on its passages' scores (they do not change which is
            // best): an article that comes back to the query in many passages is about it
            // (gently); a partial match counts for the (rarity-weighted) share of the query
            // it holds.
            acc.factor = 1.0 + ABOUT_WEIGHT * (1.0 + acc.npass as f32).ln();
            if !acc.full {
                acc.factor *= weights.cov(acc.held | acc.title_mask);
            }
            acc.best = acc.factor
                * if acc.npass > 0 {
                    acc.best_key.1
                } else {
                    passage_score(0.0, 0, acc.title_score, acc.title_mask, &weights)
                };
            // Text hash (and date, for the date sorts), from any of its documents.
            if acc.any_doc.is_none() {
                acc.any_doc = self.first_doc(acc.id)?;
            }
            if let Some(ad) = acc.any_doc {
                let cols = &self.segs[(ad >> 32) as usize];
                let doc = ad as u32;
                if req.sort != Sort::Relevance {
                    acc.date = cols.date.first(doc).map(|d| d.into_timestamp_secs());
                }
                acc.body_hash = cols.body_hash.first(doc).unwrap_or(acc.id);
            }
        }
        let mut ranked: Vec<u32> = (0..accs.len() as u32)
            .filter(|&i| !accs[i as usize].dropped)
            .collect();
        ranked.sort_unstable_by(|&x, &y| {
            let (x, y) = (&accs[x as usize], &accs[y as usize]);
            (if mix {
                std::cmp::Ordering::Equal
            } else {
                y.full.cmp(&x.full)
            })
            .then_with(|| match req.sort {
                Sort::Relevance => y.best.total_cmp(&x.best),
                Sort::Newest => date_order(x.date, y.date, true),
                Sort::Oldest => date_order(x.date, y.date, false),
            })
            .then(y.best.total_cmp(&x.best))
            .then(x.id.cmp(&y.id))
        });

        // Collapse exact duplicates: the best-ranked copy stands for the others.
        let mut groups: Vec<(u32, Vec<u32>)> = Vec::new();
        if req.duplicates {
            groups = ranked.into_iter().map(|a| (a, Vec::new())).collect();
        } else {
            let mut first: FxHashMap<u64, usize> =
                FxHashMap::with_capacity_and_hasher(ranked.len(), Default::default());
            for a in ranked {
                match first.entry(accs[a as usize].body_hash) {
                    std::collections::hash_map::Entry::Occupied(e) => groups[*e.get()].1.push(a),
                    std::collections::hash_map::Entry::Vacant(e) => {
                        e.insert(groups.len());
                        groups.push((a, Vec::new()));
                    }
                }
            }
        }
        let total_articles = groups.iter().filter(|g| accs[g.0 as usize].full).count() as u64;
        let total_partial = groups.len() as u64 - total_articles;
        let total_passages = groups
            .iter()
            .map(|g| &accs[g.0 as usize])
            .filter(|acc| acc.full)
            .map(|acc| acc.npass.max(1) as u64)
            .sum();

        // Facets and timelines count the full matches (one passage of each).
        let want_facets = req.fetch && !req.facets.is_empty();
        let full_docs: Vec<u64> = if want_facets || req.timeline.is_some() {
            groups
                .iter()
                .map(|g| &accs[g.0 as usize])
                .filter(|acc| acc.full)
                .filter_map(|acc| acc.any_doc)
                .collect()
        } else {
            Vec::new()
        };
        let facets = if want_facets {
            self.count_facets(&full_docs, &req.facets, req.facet_limit)?
        } else {
            Vec::new()
        };
        let timeline = req.timeline.map(|by| self.timeline_of(&full_docs, by));
        let mut out = Vec::new();
        if req.fetch {
            let patterns: Vec<Pattern> = pos_leaves
                .iter()
                .flat_map(|&i| leaves[i].patterns.iter().cloned())
                .collect();
            let page: Vec<&(u32, Vec<u32>)> =
                groups.iter().skip(req.offset).take(req.limit).collect();
            // The passages of the shown articles, in one pass over all matching passages.
            let mut shown_passages: FxHashMap<u32, Vec<(u64, f32, u64)>> =
                page.iter().map(|g| (g.0, Vec::new())).collect();
            for &(ad, i, text, mask) in passages.iter().filter(|p| co_ok(p.0, p.3)) {
                if let Some(v) = shown_passages.get_mut(&i) {
                    let acc = &accs[i as usize];
                    let score =
                        passage_score(text, mask, acc.title_score, acc.title_mask, &weights);
                    v.push((ad, score * acc.factor, mask));
                }
            }
            for (rank0, (ai, dups)) in groups.iter().enumerate().skip(req.offset).take(req.limit) {
                let acc = &accs[*ai as usize];
                let meta = self.meta(acc.id)?;
                let missing: Vec<String> = positive
                    .iter()
                    .enumerate()
                    .filter(|(j, _)| acc.missing & (1u64 << j) != 0)
                    .map(|(_, &i)| tree_display(conj[i], &leaves))
                    .collect();
                let mut duplicates = dups
                    .iter()
                    .take(MAX_DUPLICATE_PATHS)
                    .map(|&d| {
                        self.meta(accs[d as usize].id).map(|m| ArticleRef {
                            path: m.path,
                            record: m.record,
                        })
                    })
                    .collect::<Result<Vec<_>>>()?;
                // Listed by path: article ids (hashes of absolute paths) must not decide order.
                duplicates.sort_by(|a, b| (&a.path, a.record).cmp(&(&b.path, b.record)));
                let mut ordered = shown_passages.remove(ai).unwrap_or_default();
                ordered.sort_by(|x, y| {
                    passage_order(&(x.2.count_ones(), x.1, x.0), &(y.2.count_ones(), y.1, y.0))
                });
                let mut shown: Vec<(u64, f32)> = ordered
                    .iter()
                    .take(req.per_article.max(1))
                    .map(|p| (p.0, p.1))
                    .collect();
                if shown.is_empty() {
                    // Only the title (or source) matched: show the lead passage.
                    if let Some(ad) = self.doc_with_ordinal(acc.id, 0)? {
                        shown.push((ad, acc.best));
                    }
                }
                for (ad, score) in shown {
                    let doc: TantivyDocument = self.searcher.doc(doc_address(ad))?;
                    let text = doc
                        .get_first(self.fields.text)
                        .and_then(|v| v.as_str())
                        .unwrap_or("")
                        .to_string();
                    let seg = &self.segs[(ad >> 32) as usize];
                    let highlights = highlight::spans(&self.stem, &text, &patterns);
                    out.push(Hit {
                        rank: rank0 + 1,
                        score,
                        article: meta.clone(),
                        passage_index: seg.ordinal.first(ad as u32).unwrap_or(0),
                        text,
                        highlights,
                        missing: missing.clone(),
                        copies: dups.len() + 1,
                        duplicates: duplicates.clone(),
                        entities: self.stored_entities(&doc)?,
                    });
                }
            }
        }
        Ok((
            Results {
                query: req.query.clone(),
                total_articles,
                total_partial,
                total_passages,
                hits: out,
                ignored,
                facets,
                timeline,
                took_ms: t0.elapsed().as_secs_f64() * 1000.0,
            },
            notices,
        ))
    }

    /// Live documents of an article, by its indexed id.
    fn docs_of(&self, id: u64, out: &mut dyn FnMut(u64) -> bool) -> Result<()> {
        let term = Term::from_field_u64(self.fields.article_id, id);
        for (si, sr) in self.searcher.segment_readers().iter().enumerate() {
            let inv = sr.inverted_index(self.fields.article_id)?;
            if let Some(mut postings) = inv.read_postings(&term, IndexRecordOption::Basic)? {
                use tantivy::DocSet;
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

    fn first_doc(&self, id: u64) -> Result<Option<u64>> {
        let mut found = None;
        self.docs_of(id, &mut |ad| {
            found = Some(ad);
            false
        })?;
        Ok(found)
    }

    fn doc_with_ordinal(&self, id: u64, ordinal: u64) -> Result<Option<u64>> {
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
            date: doc
                .get_first(f.date)
                .and_then(|v| v.as_datetime())
                .map(|d| d.into_timestamp_secs()),
            source: s(f.source),
            url: s(f.url),
        })
    }
}

enum LeafKind {
    /// Stems, slop, the text as typed, related words' stems (one-word terms only).
    Words(Vec<String>, u32, String, Vec<String>),
    /// Lower-cased prefix, its stem, as typed.
    Prefix(String, String, String),
    /// Stem, distance, as typed.
    Fuzzy(String, u8, String),
}

impl LeafKind {
    fn raw(&self) -> &str {
        match self {
            LeafKind::Words(_, _, r, _) | LeafKind::Prefix(_, _, r) | LeafKind::Fuzzy(_, _, r) => r,
        }
    }
}

fn regex_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if !c.is_alphanumeric() {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Passages of one article, best first: most query words held, then score, then position.
/// Keys are (query words held, score, address).
fn passage_order(x: &(u32, f32, u64), y: &(u32, f32, u64)) -> std::cmp::Ordering {
    y.0.cmp(&x.0).then(y.1.total_cmp(&x.1)).then(x.2.cmp(&y.2))
}

/// A passage's score: BM25 of its words plus its article's (weighted) title BM25, times how
/// much of the query the passage and title hold together, times how much the title alone
/// holds (an article whose title names the query is about it).
fn passage_score(text: f32, mask: u64, title: f32, title_mask: u64, w: &Weights) -> f32 {
    let cov = w.cov(mask | title_mask);
    let title_cov = w.cov(title_mask);
    (text + title) * (0.5 + 0.5 * cov) * (1.0 + title_cov)
}

/// From this many top-level words on, fill-in articles are not held back behind every full
/// match: a partial match's score is multiplied by the (rarity-weighted) share of the query it
/// holds, and it is ranked with the full matches by that score. Long queries on long pages
/// (scraped pages hold nearly every word somewhere) otherwise bury the answer that lacks one
/// synonym under full matches that mention each word once in passing. Shorter queries keep
/// strict full-matches-first, as do `--strict` and the date sorts.
const MIX_MIN_WORDS: usize = 3;

/// How much each positive query word counts in coverage: its BM25 idf over passages, so a
/// passage holding the rare words of a query covers more of it than one holding the common ones.
struct Weights {
    w: [f32; 64],
    total: f32,
}

impl Weights {
    fn new(pos_leaves: &[usize], hits: &[LeafHits], num_docs: u64) -> Weights {
        let mut w = [0.0f32; 64];
        let n = num_docs as f32;
        for &li in pos_leaves {
            let df = hits[li].passages.len() as f32;
            w[li] = (1.0 + (n - df + 0.5) / (df + 0.5)).ln().max(0.01);
        }
        let total = pos_leaves
            .iter()
            .map(|&li| w[li])
            .sum::<f32>()
            .max(f32::MIN_POSITIVE);
        Weights { w, total }
    }

    fn cov(&self, mask: u64) -> f32 {
        let mut m = mask;
        let mut s = 0.0;
        while m != 0 {
            let i = m.trailing_zeros() as usize;
            s += self.w[i];
            m &= m - 1;
        }
        s / self.total
    }
}

/// Words too common to require: a bare one among other words is dropped (quote it to keep it).
const COMMON_WORDS: &[&str] = &[
    "a", "about", "after", "an", "and", "are", "as", "at", "be", "been", "before", "but", "by",
    "can", "could", "did", "do", "does", "for", "from", "had", "has", "have", "he", "her", "his",
    "how", "i", "if", "in", "into", "is", "it", "its", "may", "more", "most", "of", "on", "or",
    "our", "over", "she", "should", "so", "than", "that", "the", "their", "then", "there", "these",
    "they", "this", "those", "to", "up", "was", "we", "were", "what", "when", "where", "which",
    "who", "why", "will", "with", "would", "you",
];

fn is_common(node: &Node) -> bool {
    match node {
        Node::Term {
            field: Field::Default,
            word,
        } => COMMON_WORDS.contains(&word.to_lowercase().as_str()),
        _ => false,
    }
}

/// `node` without the common words of its conjunctions, unless nothing else would remain.
fn strip_common(node: &Node, ignored: &mut Vec<String>) -> Node {
    match node {
        Node::And(children) => {
            let keep: Vec<Node> = children
                .iter()
                .filter(|c| !is_common(c))
                .map(|c| strip_common(c, ignored))
                .collect();
            if keep.is_empty() {
                return node.clone();
            }
            for c in children.iter().filter(|c| is_common(c)) {
                ignored.push(c.to_string());
            }
            match keep.len() {
                1 => keep.into_iter().next().unwrap_or_else(|| node.clone()),
                _ => Node::And(keep),
            }
        }
        Node::Or(children) => Node::Or(children.iter().map(|c| strip_common(c, ignored)).collect()),
        Node::Not(inner) => Node::Not(Box::new(strip_common(inner, ignored))),
        leaf => leaf.clone(),
    }
}

/// The order of two articles by date, newest or oldest first; undated articles come last.
fn date_order(a: Option<i64>, b: Option<i64>, newest: bool) -> std::cmp::Ordering {
    use std::cmp::Ordering::*;
    match (a, b) {
        (Some(x), Some(y)) if newest => y.cmp(&x),
        (Some(x), Some(y)) => x.cmp(&y),
        (Some(_), None) => Less,
        (None, Some(_)) => Greater,
        (None, None) => Equal,
    }
}

/// How the user would write the subtree (for `missing`).
fn tree_display(t: &Tree, leaves: &[Leaf]) -> String {
    match t {
        Tree::Leaf(i) => leaves[*i].display.clone(),
        Tree::And(c) => format!(
            "({})",
            c.iter()
                .map(|c| tree_display(c, leaves))
                .collect::<Vec<_>>()
                .join(" ")
        ),
        Tree::Or(c) => format!(
            "({})",
            c.iter()
                .map(|c| tree_display(c, leaves))
                .collect::<Vec<_>>()
                .join(" OR ")
        ),
        Tree::Not(c) => format!("-{}", tree_display(c, leaves)),
    }
}

/// The leaves under `t` that are not negated.
fn positive_leaves(t: &Tree, negated: bool, out: &mut Vec<usize>) {
    match t {
        Tree::Leaf(i) => {
            if !negated {
                out.push(*i)
            }
        }
        Tree::And(c) | Tree::Or(c) => c.iter().for_each(|c| positive_leaves(c, negated, out)),
        Tree::Not(c) => positive_leaves(c, !negated, out),
    }
}

struct Eval<'a> {
    engine: &'a Engine,
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
                // Positive children first, smallest first, so intersections stay small.
                for c in c {
                    match c {
                        Tree::Not(inner) => minus = union(&minus, &self.eval(inner)?),
                        c => {
                            let s = self.eval(c)?;
                            acc = Some(match acc {
                                Some(a) => intersect(&a, &s),
                                None => s,
                            });
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

fn intersect(a: &[u64], b: &[u64]) -> Vec<u64> {
    let (mut i, mut j, mut out) = (0, 0, Vec::new());
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                out.push(a[i]);
                i += 1;
                j += 1;
            }
        }
    }
    out
}

fn union(a: &[u64], b: &[u64]) -> Vec<u64> {
    let mut out = Vec::with_capacity(a.len() + b.len());
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => {
                out.push(a[i]);
                i += 1
            }
            std::cmp::Ordering::Greater => {
                out.push(b[j]);
                j += 1
            }
            std::cmp::Ordering::Equal => {
                out.push(a[i]);
                i += 1;
                j += 1;
            }
        }
    }
    out.extend_from_slice(&a[i..]);
    out.extend_from_slice(&b[j..]);
    out
}

fn difference(a: &[u64], b: &[u64]) -> Vec<u64> {
    if b.is_empty() {
        return a.to_vec();
    }
    a.iter()
        .copied()
        .filter(|x| b.binary_search(x).is_err())
        .collect()
}

/// Up to five known names closest to `name` (by edit distance, then name).
/// The known names closest to `name` (for "did you mean" hints).
pub fn closest_names(name: &str, known: &[String]) -> Vec<String> {
    closest(name, known)
}

fn closest(name: &str, known: &[String]) -> Vec<String> {
    let name = name.to_lowercase();
    let mut scored: Vec<(usize, &String)> = known
        .iter()
        .map(|k| {
            let d = if k.contains(&name) || name.contains(k.as_str()) {
                0
            } else {
                highlight::edit_distance(&name, k)
            };
            (d, k)
        })
        .collect();
    scored.sort();
    scored.into_iter().take(5).map(|(_, k)| k.clone()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_words_are_dropped_only_among_others() {
        let mut ignored = Vec::new();
        let n = strip_common(&query::parse("the chatbot in a day").unwrap(), &mut ignored);
        assert_eq!(n.to_string(), "chatbot day");
        assert_eq!(ignored, vec!["the", "in", "a"]);
        let mut ignored = Vec::new();
        let n = strip_common(&query::parse("the who").unwrap(), &mut ignored);
        assert_eq!(n.to_string(), "the who");
        assert!(ignored.is_empty());
        // Quoted, in a field, or alone: kept.
        let mut ignored = Vec::new();
        let n = strip_common(
            &query::parse("\"who\" title:the vaccine").unwrap(),
            &mut ignored,
        );
        assert_eq!(n.to_string(), "\"who\" title:the vaccine");
    }

    #[test]
    fn set_operations() {
        assert_eq!(intersect(&[1, 3, 5, 7], &[3, 4, 5]), vec![3, 5]);
        assert_eq!(union(&[1, 3], &[2, 3, 9]), vec![1, 2, 3, 9]);
        assert_eq!(difference(&[1, 2, 3], &[2]), vec![1, 3]);
        assert_eq!(difference(&[1, 2, 3], &[]), vec![1, 2, 3]);
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
        let hits = |n: usize| LeafHits {
            passages: vec![(0, 0, 1.0); n],
            ..LeafHits::default()
        };
        // Leaf 0 is in 5 of 1000 passages, leaf 2 in 500; leaf 1 is not a positive leaf.
        let all = [hits(5), hits(1), hits(500)];
        let w = Weights::new(&[0, 2], &all, 1000);
        assert!(w.cov(0b001) > 0.8, "{}", w.cov(0b001));
        assert!(w.cov(0b100) < 0.2, "{}", w.cov(0b100));
        assert!((w.cov(0b101) - 1.0).abs() < 1e-6);
        assert_eq!(w.cov(0b010), 0.0);
        assert_eq!(w.cov(0), 0.0);
    }

    #[test]
    fn closest_names_prefer_substrings_then_edits() {
        let known = vec![
            "wired.com".to_string(),
            "theverge.com".to_string(),
            "venturebeat.com".to_string(),
        ];
        assert_eq!(closest("wired", &known)[0], "wired.com");
        assert_eq!(closest("vergee", &known)[0], "theverge.com");
    }
}
