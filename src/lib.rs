#![warn(missing_docs)]
//! byline: full-text search for tech news, as a library.
//!
//! The `byline` command line and `byline serve` are built on this API; a program can use it
//! the same way: index a directory ([`index::run`]), open the index ([`Engine::open`]), and
//! ask it questions with a [`Request`]: [`Engine::search`] (ranked, highlighted passages with
//! facets), [`Engine::facets`], [`Engine::timeline`], [`Engine::related`], [`Engine::show`],
//! and [`stats()`]. The results are typed; [`json`] turns each into exactly the JSON the CLI
//! prints with `--json` (docs/json-output.md).
//!
//! ```
//! # fn main() -> anyhow::Result<()> {
//! use byline::{Engine, Request};
//!
//! // A directory of articles (any of the supported formats), indexed into another.
//! let tmp = tempfile::tempdir()?;
//! let articles = tmp.path().join("articles");
//! std::fs::create_dir(&articles)?;
//! std::fs::write(
//!     articles.join("chips.md"),
//!     "---\ntitle: Acme opens a chip plant\ndate: 2024-03-05\n---\n\n\
//!      Acme Corp opened a chip plant in Dresden on Tuesday.\n",
//! )?;
//! let index_dir = tmp.path().join("index");
//! let options = byline::index::Options::new(vec![articles], index_dir.clone());
//! let summary = byline::index::run(&options, &|_event| {})?;
//! assert_eq!(summary.added, 1);
//!
//! let engine = Engine::open(&index_dir)?;
//! let request = Request {
//!     query: "chip plant".into(),
//!     ..Request::default()
//! };
//! let (results, _notices) = engine.search(&request)?;
//! assert_eq!(results.total_articles, 1);
//! assert_eq!(results.hits[0].article.title.as_deref(), Some("Acme opens a chip plant"));
//! // The same JSON as `byline search --json 'chip plant'`.
//! let json = serde_json::to_value(byline::json::search(&results))?;
//! assert_eq!(json["hits"][0]["article"]["date"], "2024-03-05");
//! # Ok(())
//! # }
//! ```
//!
//! An [`Engine`] is `Send + Sync`: one is shared by every thread of a server, and
//! [`Engine::reload`] moves it to the index's latest commit for the queries that start after.
//!
//! # Inside
//!
//! Indexing flows one way: files → `decode` → `article` parsers → `passage` splitting →
//! `entities` → `schema` documents → the single writer in [`index`] (its stages: plan,
//! corpus, parse, writer). Searching flows one way too: [`Engine`] hands each query a
//! [`search::Snapshot`], whose stages are parse, plan, matching, rank, collapse, page, facets.
//! The pure modules (`decode`, `article`, `passage`, `entities`, `search::rank`,
//! `search::collapse`) do no I/O; only `schema` names index fields; the read and write sides
//! share only `disk`, `keys` and `schema`. The layer order is in ARCHITECTURE.md and enforced
//! by `tests/it/layers.rs`. Modules hidden from these docs are internal: public for the
//! binary, the tests and the benchmarks, and free to change.

pub mod index;
pub mod json;
pub mod search;
pub mod stats;

#[doc(hidden)]
pub mod article;
#[doc(hidden)]
pub mod decode;
#[doc(hidden)]
pub mod disk;
#[doc(hidden)]
pub mod entities;
#[doc(hidden)]
pub mod facetmap;
#[doc(hidden)]
pub mod keys;
#[doc(hidden)]
pub mod passage;
#[doc(hidden)]
pub mod problem;
#[doc(hidden)]
pub mod schema;
#[doc(hidden)]
pub mod similar;
#[doc(hidden)]
pub mod stem;

pub use entities::Kind;
pub use search::facets::{Dim, FacetValue, Facets};
pub use search::related::Related;
pub use search::show::Shown;
pub use search::timeline::{Period, Timeline};
pub use search::{ArticleMeta, Engine, EntityFilter, Hit, Notice, Request, Results, Sort};
pub use stats::{stats, Stats};

/// Helpers shared by unit tests.
#[cfg(test)]
pub(crate) mod testutil {
    /// A tiny deterministic pseudo-random generator (xorshift64) for randomised tests.
    pub struct XorShift(pub u64);

    impl XorShift {
        pub fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }
    }
}
