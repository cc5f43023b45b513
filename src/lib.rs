//! byline: full-text search for tech news.
//!
//! Indexing flows one way: files → [`decode`] → [`article`] parsers → [`passage`] splitting →
//! [`entities`] → [`schema`] documents → the single writer in [`index`] (its stages: plan,
//! corpus, parse, writer). Searching flows one way too: [`search::Engine`] hands each query a
//! [`search::Snapshot`], whose stages are parse, plan, matching, rank, collapse, page, facets.
//! The pure modules (`decode`, `article`, `passage`, `entities`, `search::rank`,
//! `search::collapse`) do no I/O; only [`schema`] names index fields; the read and write sides
//! share only [`disk`], [`keys`] and [`schema`]. `app`, `cli`, `config` and `output` are the
//! command line; the layer order is in ARCHITECTURE.md and enforced by `tests/it/layers.rs`.

pub mod app;
pub mod article;
pub mod cli;
pub mod config;
pub mod decode;
pub mod disk;
pub mod entities;
pub mod index;
pub mod keys;
pub mod output;
pub mod passage;
pub mod problem;
pub mod schema;
pub mod search;
pub mod similar;
pub mod stats;
pub mod stem;

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

    /// A made-up environment: `var(name)` answers from `pairs`.
    pub fn fake_env(
        pairs: &'static [(&'static str, &'static str)],
    ) -> impl Fn(&str) -> Option<std::ffi::OsString> {
        move |k: &str| {
            pairs
                .iter()
                .find(|(n, _)| *n == k)
                .map(|(_, v)| std::ffi::OsString::from(v))
        }
    }
}
