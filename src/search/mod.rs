//! The read side: from a request to ranked, highlighted passages, facets and timelines.
//!
//! A search is a chain of stages, each a module with its own tests:
//!
//! 1. parse (`query`): the query text becomes a tree of words, phrases, prefixes, fuzzy
//!    words and operators, with column-precise errors.
//! 2. plan (`plan`): each leaf becomes tantivy queries over the passage text, the title and
//!    the source, plus what to highlight; common words among others are left out.
//! 3. match (`matching`): each leaf runs once; its passages (article, BM25) and article set
//!    are kept; the tree is evaluated over article sets under the filters (dates, sources,
//!    entities); partial matches are found.
//! 4. rank (`rank`, pure): candidates are scored from their passages and titles and ordered.
//! 5. collapse (`collapse`, pure): copies of one text become one hit, then near copies of one
//!    story (named at index time, `index::stories`) fold into the best-ranked.
//! 6. page (`page`): only the shown articles' passages and metadata are read and highlighted
//!    (`highlight`); `--explain` (`explain`) takes each hit's score apart.
//! 7. facets (`facets`) and timelines (`timeline`) count over the full matches.
//!
//! `Engine::search` reads as that chain; `count`, `facets` and `timeline` share its first
//! five stages. `related`, `show` and `export` are entry points of their own.

#[doc(hidden)]
pub mod articles;
#[doc(hidden)]
pub mod collapse;
pub mod explain;
#[doc(hidden)]
pub mod export;
pub mod facets;
#[cfg(test)]
mod fixture;
#[doc(hidden)]
pub mod highlight;
#[doc(hidden)]
pub mod hints;
#[doc(hidden)]
pub mod matching;
#[doc(hidden)]
pub mod morph;
#[doc(hidden)]
pub mod ordinals;
#[doc(hidden)]
pub mod page;
#[doc(hidden)]
pub mod plan;
#[doc(hidden)]
pub mod query;
#[doc(hidden)]
pub mod rank;
pub mod related;
pub mod request;
#[doc(hidden)]
pub mod sets;
pub mod show;
pub mod timeline;

use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, OnceLock, RwLock};
use std::time::Instant;

use anyhow::Result;
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{IndexReader, ReloadPolicy, Searcher};

use crate::entities::Gazetteer;
use crate::schema::{EntityColumns, Fields, PassageColumns};
use articles::addr;
use collapse::Group;
use facets::Facets;
use matching::{Filter, Matches};
use plan::Plan;
use rank::{Candidate, LeafMatches, Scoring, Weights};

pub use hints::closest_names;
pub use plan::BadQuery;
pub use request::{
    ArticleMeta, ArticleRef, EntityFilter, Hit, NearRef, Notice, Request, Results, Sort,
};

/// An opened index, ready for queries: `Send + Sync`, shared by reference (or in an `Arc`)
/// across threads. Every query reads one `Snapshot` (one commit) from start to end;
/// `reload` moves the engine to the latest commit for the queries that start after it.
pub struct Engine {
    reader: IndexReader,
    fields: Fields,
    stem: TextAnalyzer,
    dir: std::path::PathBuf,
    current: RwLock<Arc<Snapshot>>,
    /// Build each snapshot's facet table before queries see it (`keep_facet_tables`).
    facet_tables: AtomicBool,
    /// One reload at a time: two at once could each read a commit and put the older one in
    /// place last, and queries would go back in time.
    reloading: std::sync::Mutex<()>,
}

/// One commit of the index as queries read it: its searcher and the columns they need.
pub struct Snapshot {
    fields: Fields,
    searcher: Searcher,
    stem: TextAnalyzer,
    segs: Vec<PassageColumns>,
    /// Entity and source columns, opened on first use (facets): a search without facets
    /// does not read their dictionaries.
    ents: OnceLock<Vec<EntityColumns>>,
    /// For filters' aliases; built on first use (it costs a few milliseconds).
    gazetteer_cell: OnceLock<Gazetteer>,
    /// Every article's facet values in memory, when the engine keeps them.
    facet_table: OnceLock<ordinals::FacetTable>,
    /// The indexer's facet map of these segments (`facetmap`), opened on first use; none when
    /// the index has none for them.
    facet_map: OnceLock<Option<crate::facetmap::View>>,
    dir: std::path::PathBuf,
}

/// The matching articles, ranked and collapsed: what every entry point after matching reads.
struct Ranked {
    plan: Plan,
    matches: Matches,
    scoring: Scoring,
    groups: Vec<Group>,
    notices: Vec<Notice>,
}

impl Ranked {
    /// The groups that are full matches.
    fn full(&self) -> impl Iterator<Item = &rank::Scored> + '_ {
        self.groups
            .iter()
            .map(|g| &self.scoring.articles[g.lead as usize])
            .filter(|a| a.full)
    }

    /// Some document of each full match (facets and timelines count these).
    fn full_docs(&self) -> Vec<u64> {
        self.full().filter_map(|a| a.any_doc).collect()
    }

    fn totals(&self) -> (u64, u64, u64) {
        let articles = self.full().count() as u64;
        let partial = self.groups.len() as u64 - articles;
        let passages = self.full().map(|a| a.npass.max(1) as u64).sum();
        (articles, partial, passages)
    }
}

impl Engine {
    /// Open the index in `dir` for reading. Errors say what is wrong and how to recover.
    pub fn open(dir: &Path) -> Result<Engine> {
        let (index, fields) = crate::disk::open_index(dir)?;
        let reader: IndexReader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()
            .map_err(|e| crate::disk::unreadable(dir, e))?;
        let stem = index.tokenizer_for_field(fields.text)?;
        let snapshot = Snapshot::new(reader.searcher(), fields, stem.clone(), dir)?;
        Ok(Engine {
            reader,
            fields,
            stem,
            dir: dir.to_path_buf(),
            current: RwLock::new(Arc::new(snapshot)),
            reloading: std::sync::Mutex::new(()),
            facet_tables: AtomicBool::new(false),
        })
    }

    /// Keep every article's facet values in memory, numbered across segments, for this
    /// commit and (built by `reload` before queries see them) every later one. Faceted
    /// queries then count by array increments instead of dictionary lookups, with the same
    /// results. Building costs tens of milliseconds and a few megabytes per 10,000 articles:
    /// worth it in a long-running process (`byline serve`), not for one query.
    pub fn keep_facet_tables(&self) -> Result<()> {
        self.facet_tables.store(true, Ordering::Relaxed);
        self.snapshot().keep_facet_table()
    }

    /// The commit queries read now. Cheap (a reference count); a caller that runs several
    /// queries on one commit keeps it.
    pub fn snapshot(&self) -> Arc<Snapshot> {
        match self.current.read() {
            Ok(s) => Arc::clone(&s),
            Err(poisoned) => Arc::clone(&poisoned.into_inner()),
        }
    }

    /// Move to the index's latest commit. Queries already running finish on the commit they
    /// started with. Returns whether the commit changed.
    pub fn reload(&self) -> Result<bool> {
        let _one = self.reloading.lock().unwrap_or_else(|p| p.into_inner());
        self.reader
            .reload()
            .map_err(|e| crate::disk::unreadable(&self.dir, e))?;
        let searcher = self.reader.searcher();
        // Same segments with the same deletes: the same commit's data.
        let current = self.snapshot();
        if searcher.generation().segments() == current.searcher.generation().segments() {
            return Ok(false);
        }
        let next = Arc::new(Snapshot::new(
            searcher,
            self.fields,
            self.stem.clone(),
            &self.dir,
        )?);
        if self.facet_tables.load(Ordering::Relaxed) {
            next.keep_facet_table()?;
        }
        match self.current.write() {
            Ok(mut s) => *s = next,
            Err(poisoned) => *poisoned.into_inner() = next,
        }
        Ok(true)
    }

    /// See [`Snapshot::search`].
    pub fn search(&self, req: &Request) -> Result<(Results, Vec<Notice>)> {
        self.snapshot().search(req)
    }

    /// See [`Snapshot::count`].
    pub fn count(&self, req: &Request) -> Result<(Results, Vec<Notice>)> {
        self.snapshot().count(req)
    }

    /// See [`Snapshot::facets`].
    pub fn facets(&self, req: &Request) -> Result<(Facets, Vec<Notice>)> {
        self.snapshot().facets(req)
    }

    /// See [`Snapshot::timeline`].
    pub fn timeline(
        &self,
        req: &Request,
        by: timeline::Period,
    ) -> Result<(timeline::Timeline, Vec<Notice>)> {
        self.snapshot().timeline(req, by)
    }

    /// See [`Snapshot::timeline_all`].
    pub fn timeline_all(
        &self,
        filters: &[EntityFilter],
        by: timeline::Period,
    ) -> Result<(timeline::Timeline, Vec<Notice>)> {
        self.snapshot().timeline_all(filters, by)
    }

    /// See [`Snapshot::index_facets`].
    pub fn index_facets(&self, dims: &[facets::Dim], limit: usize) -> Result<Facets> {
        self.snapshot().index_facets(dims, limit)
    }

    /// See [`Snapshot::entity_names`].
    pub fn entity_names(&self, kind: crate::entities::Kind) -> Result<Vec<String>> {
        self.snapshot().entity_names(kind)
    }

    /// See [`Snapshot::resolve_any`].
    pub fn resolve_any(&self, arg: &str) -> Result<Option<(crate::entities::Kind, String)>> {
        self.snapshot().resolve_any(arg)
    }

    /// See [`Snapshot::related`].
    pub fn related(
        &self,
        kind: crate::entities::Kind,
        name: &str,
        only: Option<crate::entities::Kind>,
        limit: usize,
    ) -> Result<Vec<related::Related>> {
        self.snapshot().related(kind, name, only, limit)
    }

    /// See [`Snapshot::find_article`].
    pub fn find_article(&self, target: &str) -> Result<Option<u64>> {
        self.snapshot().find_article(target)
    }

    /// See [`Snapshot::show`].
    pub fn show(&self, id: u64) -> Result<show::Shown> {
        self.snapshot().show(id)
    }

    /// See [`Snapshot::meta`].
    pub fn meta(&self, id: u64) -> Result<ArticleMeta> {
        self.snapshot().meta(id)
    }

    /// See [`Snapshot::all_sources`].
    pub fn all_sources(&self) -> Result<Vec<String>> {
        self.snapshot().all_sources()
    }

    /// See [`Snapshot::num_passages`].
    pub fn num_passages(&self) -> u64 {
        self.snapshot().num_passages()
    }

    /// See [`Snapshot::export`].
    pub fn export(
        &self,
        opts: export::ExportOptions,
        sink: &mut dyn FnMut(&export::ExportPassage) -> Result<()>,
    ) -> Result<export::ExportCounts> {
        self.snapshot().export(opts, sink)
    }
}

impl Snapshot {
    fn new(searcher: Searcher, fields: Fields, stem: TextAnalyzer, dir: &Path) -> Result<Snapshot> {
        let segs = searcher
            .segment_readers()
            .iter()
            .map(PassageColumns::open)
            .collect::<tantivy::Result<_>>()?;
        Ok(Snapshot {
            fields,
            searcher,
            stem,
            segs,
            ents: OnceLock::new(),
            gazetteer_cell: OnceLock::new(),
            facet_table: OnceLock::new(),
            facet_map: OnceLock::new(),
            dir: dir.to_path_buf(),
        })
    }

    /// Build this commit's facet table (once); later faceted queries count with it.
    pub fn keep_facet_table(&self) -> Result<()> {
        if self.facet_table.get().is_none() {
            let t = self.build_facet_table()?;
            let _ = self.facet_table.set(t);
        }
        Ok(())
    }

    /// The facet table's heap size in bytes, if this commit keeps one.
    pub fn facet_table_bytes(&self) -> Option<usize> {
        self.facet_table.get().map(ordinals::FacetTable::heap_bytes)
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

    /// The indexer's facet map, if it has one for exactly these segments.
    fn facet_map(&self) -> Option<&crate::facetmap::View> {
        self.facet_map
            .get_or_init(|| {
                // Tantivy's own directory would check the file for a tantivy footer: the plain
                // memory-mapped directory reads it as it is, mapped, not copied.
                use tantivy::directory::{Directory, MmapDirectory};
                let dir = MmapDirectory::open(&self.dir).ok()?;
                let file = dir.open_read(Path::new(crate::facetmap::FILE)).ok()?;
                let ids: Vec<_> = self
                    .searcher
                    .segment_readers()
                    .iter()
                    .map(|s| s.segment_id())
                    .collect();
                crate::facetmap::View::open(file.read_bytes().ok()?, &ids).ok()
            })
            .as_ref()
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

    /// Search. Errors: a malformed query (message with its column), an unreadable index.
    pub fn search(&self, req: &Request) -> Result<(Results, Vec<Notice>)> {
        let t0 = Instant::now();
        let ranked = self.ranked(req, req.offset + req.limit)?;
        let facets = if req.facets.is_empty() {
            Vec::new()
        } else {
            self.count_facets(&ranked.full_docs(), &req.facets, req.facet_limit)?
        };
        let hits = self.page(
            &ranked.plan,
            &ranked.matches,
            &ranked.scoring,
            &ranked.groups,
            req,
        )?;
        Ok(self.results(req, ranked, hits, facets, t0))
    }

    /// The totals of a search without its page or facets (`--count`).
    pub fn count(&self, req: &Request) -> Result<(Results, Vec<Notice>)> {
        let t0 = Instant::now();
        let ranked = self.ranked(req, req.offset + req.limit)?;
        Ok(self.results(req, ranked, Vec::new(), Vec::new(), t0))
    }

    /// `req.facets` counted over the articles matching `req`.
    pub fn facets(&self, req: &Request) -> Result<(Facets, Vec<Notice>)> {
        let ranked = self.ranked(req, 0)?;
        let facets = self.count_facets(&ranked.full_docs(), &req.facets, req.facet_limit)?;
        Ok((facets, ranked.notices))
    }

    /// The articles matching `req` per period.
    pub fn timeline(
        &self,
        req: &Request,
        by: timeline::Period,
    ) -> Result<(timeline::Timeline, Vec<Notice>)> {
        let ranked = self.ranked(req, 0)?;
        Ok((self.timeline_of(&ranked.full_docs(), by), ranked.notices))
    }

    /// Stages 1 to 5: plan, filter, match, rank, collapse. `wanted`: how many articles the
    /// caller shows (partial matches fill in up to it).
    fn ranked(&self, req: &Request, wanted: usize) -> Result<Ranked> {
        let plan = self.plan(&req.query)?;
        let mut filter = self.filter(req)?;
        let matches = self.matches(&plan, &filter, req, wanted)?;
        let scoring = self.score(&plan, &matches, &mut filter, req.sort)?;
        let mix = rank::mixes(req.strict, req.sort, plan.positive().len());
        let order = rank::order(&scoring.articles, req.sort, mix);
        let mut groups = collapse::collapse(
            order,
            |a| scoring.articles[a as usize].body_hash,
            req.duplicates,
        );
        if !req.duplicates {
            groups = collapse::fold_stories(groups, |a| scoring.articles[a as usize].story);
        }
        Ok(Ranked {
            plan,
            matches,
            scoring,
            groups,
            notices: filter.notices,
        })
    }

    /// Score the candidates (pure, `rank::score`), then read what ordering and collapsing
    /// need from the columns: each candidate's text hash, and its date for the date sorts.
    fn score(
        &self,
        plan: &Plan,
        matches: &Matches,
        filter: &mut Filter,
        sort: Sort,
    ) -> Result<Scoring> {
        let pos_leaves = plan.positive_leaves();
        let df: Vec<usize> = matches.hits.iter().map(|h| h.passages.len()).collect();
        let weights = Weights::new(&pos_leaves, &df, self.searcher.num_docs());
        let candidates: Vec<Candidate> = matches
            .full
            .iter()
            .map(|&id| Candidate {
                id,
                full: true,
                missing: 0,
            })
            .chain(matches.partial.iter().map(|p| Candidate {
                id: p.article,
                full: false,
                missing: p.missing,
            }))
            .collect();
        let leaves: Vec<LeafMatches> = pos_leaves
            .iter()
            .map(|&li| LeafMatches {
                leaf: li,
                passages: &matches.hits[li].passages,
                titles: &matches.hits[li].titles,
            })
            .collect();
        let mut scoring = rank::score(&candidates, &leaves, weights, filter.co_passages.take());
        for a in scoring.articles.iter_mut() {
            if a.any_doc.is_none() {
                a.any_doc = self.first_doc(a.id)?;
            }
            if let Some(ad) = a.any_doc {
                let cols = &self.segs[(ad >> 32) as usize];
                let doc = ad as u32;
                if sort != Sort::Relevance {
                    a.date = cols.date.first(doc).map(|d| d.into_timestamp_secs());
                }
                a.body_hash = cols.article_body_hash(doc).unwrap_or(a.id);
                a.story = cols.story.first(doc).unwrap_or(a.id);
            }
        }
        Ok(scoring)
    }

    fn results(
        &self,
        req: &Request,
        ranked: Ranked,
        hits: Vec<Hit>,
        facets: Facets,
        t0: Instant,
    ) -> (Results, Vec<Notice>) {
        let (total_articles, total_partial, total_passages) = ranked.totals();
        let results = Results {
            query: req.query.clone(),
            total_articles,
            total_partial,
            total_passages,
            hits,
            ignored: ranked.plan.ignored,
            facets,
            took_ms: t0.elapsed().as_secs_f64() * 1000.0,
        };
        (results, ranked.notices)
    }
}
