//! What a caller asks the read side for, and what it gets back: the types of the search API.
//! Plain data; the stages in this module's siblings fill them.

use super::facets::{Dim, Facets};
use crate::entities::Kind;

/// The order of hits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Sort {
    #[default]
    /// Best first (the default).
    Relevance,
    /// Newest first; undated last.
    Newest,
    /// Oldest first; undated last.
    Oldest,
}

/// An entity filter (`-f TYPE:NAME`, `-f '!TYPE:NAME'`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntityFilter {
    /// The entity's type.
    pub kind: Kind,
    /// As written: a canonical name or an alias, any case.
    pub name: String,
    /// Exclude the articles naming it instead.
    pub negate: bool,
}

/// What to search for and how much to return. `Engine::search` reads every field;
/// `Engine::count`, `Engine::facets` and `Engine::timeline` read the ones that choose the
/// matching articles (query, dates, sources, filters, same passage, strict, duplicates).
#[derive(Debug, Clone)]
pub struct Request {
    /// The query, in byline's syntax (bare words all required, "phrases", OR, -word, field:word).
    pub query: String,
    /// Articles to return.
    pub limit: usize,
    /// Articles to skip first (paging).
    pub offset: usize,
    /// Passages shown per article (at least 1).
    pub per_article: usize,
    /// Inclusive bounds, seconds since the epoch (UTC).
    pub since: Option<i64>,
    /// See `since`.
    pub until: Option<i64>,
    /// Source names (case-insensitive; `wired` also matches `wired.com`).
    pub sources: Vec<String>,
    /// The order of hits.
    pub sort: Sort,
    /// No fill-in with partial matches.
    pub strict: bool,
    /// Show every copy of duplicate articles instead of collapsing them.
    pub duplicates: bool,
    /// Facets to count over the matching articles (empty: none).
    pub facets: Vec<Dim>,
    /// Values per facet.
    pub facet_limit: usize,
    /// Entity filters. All must hold.
    pub filters: Vec<EntityFilter>,
    /// The query's words and the filtered entities must share a passage.
    pub same_passage: bool,
    /// Say why each hit ranks where it does (`Hit::explain`).
    pub explain: bool,
}

impl Request {
    /// A request for `query` with the defaults (10 hits, one passage each, no facets); set
    /// the other fields with struct update syntax or by assignment.
    pub fn new(query: impl Into<String>) -> Request {
        Request {
            query: query.into(),
            ..Request::default()
        }
    }
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
            facets: Vec::new(),
            facet_limit: 5,
            filters: Vec::new(),
            same_passage: false,
            explain: false,
        }
    }
}

/// An article's metadata, as stored.
#[derive(Debug, Clone)]
pub struct ArticleMeta {
    /// Stable id of (file, record); JSON shows it as 16 hex digits.
    pub id: u64,
    /// The file's path (absolute, lossy for non-UTF-8 names).
    pub path: String,
    /// The file's path exactly (for `paths` and `tsv` output, and `path_base64` in JSON).
    pub raw_path: std::path::PathBuf,
    /// 1-based record number in a JSON / JSON Lines file, or item number in a feed.
    pub record: Option<u64>,
    /// The title, given or derived from the first sentence.
    pub title: Option<String>,
    /// The title was derived, not given.
    pub title_derived: bool,
    /// Seconds since the epoch.
    pub date: Option<i64>,
    /// The publisher (metadata's, else the URL's registrable domain).
    pub source: Option<String>,
    /// The article's URL.
    pub url: Option<String>,
}

/// One shown passage of a matching article.
#[derive(Debug, Clone)]
pub struct Hit {
    /// The article's rank (1-based, counting `offset`); hits of one article share it.
    pub rank: usize,
    /// The relevance score; comparable within one query only.
    pub score: f32,
    /// The article the passage is from.
    pub article: ArticleMeta,
    /// The passage's ordinal in its article.
    pub passage_index: u64,
    /// The passage.
    pub text: String,
    /// Byte ranges of `text` to highlight, sorted, disjoint.
    pub highlights: Vec<(usize, usize)>,
    /// Top-level query words the article lacks (partial matches only).
    pub missing: Vec<String>,
    /// Number of articles with this text among the matches (1 = no duplicate).
    pub copies: usize,
    /// Other articles with the same text (collapsed into this hit): the first
    /// `page::MAX_DUPLICATE_PATHS`.
    pub duplicates: Vec<ArticleRef>,
    /// Near copies of the story folded into this hit (`similar::SAME_STORY`): how many.
    pub near_copies: usize,
    /// The first `page::MAX_DUPLICATE_PATHS` of them, most similar first.
    pub near_duplicates: Vec<NearRef>,
    /// Entities the passage mentions.
    pub entities: Vec<(Kind, String)>,
    /// Why the hit ranks where it does (`Request::explain`).
    pub explain: Option<super::explain::Explanation>,
}

/// Where another copy of an article is.
#[derive(Debug, Clone)]
pub struct ArticleRef {
    /// The file's path.
    pub path: String,
    /// 1-based record number in a JSON / JSON Lines file or feed.
    pub record: Option<u64>,
}

/// A near copy folded into a hit.
#[derive(Debug, Clone)]
pub struct NearRef {
    /// Where it is.
    pub article: ArticleRef,
    /// Its title.
    pub title: Option<String>,
    /// Estimated resemblance of the two texts (0 to 1).
    pub similarity: f32,
}

/// What a search returns.
#[derive(Debug, Clone)]
pub struct Results {
    /// The query as given.
    pub query: String,
    /// Articles matching the whole query (duplicates collapsed unless asked otherwise).
    pub total_articles: u64,
    /// Articles shown as partial matches on top of the full ones.
    pub total_partial: u64,
    /// Passages holding query words in the fully matching articles.
    pub total_passages: u64,
    /// The hits, best first.
    pub hits: Vec<Hit>,
    /// Common words of the query that were not required (see `plan::COMMON_WORDS`).
    pub ignored: Vec<String>,
    /// Requested facets over the fully matching articles.
    pub facets: Facets,
    /// Time spent searching, in milliseconds.
    pub took_ms: f64,
}

/// Why a search found nothing that the user should hear about (printed on stderr).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Notice {
    /// A `sources` name the index does not have.
    UnknownSource {
        /// The name as given.
        name: String,
        /// Close names the index has.
        known: Vec<String>,
    },
    /// A filter's entity the index does not have.
    UnknownEntity {
        /// Its type.
        kind: Kind,
        /// The name as given.
        name: String,
        /// Close names the index has.
        known: Vec<String>,
    },
}
