//! byline: full-text search for tech news.
//!
//! Indexing flows one way: files → [`decode`] → [`article`] parsers → [`passage`] splitting →
//! [`schema`] documents → the single writer in [`index`]. The pure modules (`decode`, `article`,
//! `passage`) do no I/O and know nothing of tantivy; only [`schema`] names index fields; only
//! [`index::writer`] holds an `IndexWriter`.

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
}
