//! byline: full-text search for tech news.
//!
//! Indexing flows one way: files → [`decode`] → [`article`] parsers → [`passage`] splitting →
//! [`schema`] documents → the single writer in [`index`]. The pure modules (`decode`, `article`,
//! `passage`) do no I/O and know nothing of tantivy; only [`schema`] names index fields; only
//! [`index::writer`] holds an `IndexWriter`.

pub mod app;
pub mod article;
pub mod cli;
pub mod decode;
pub mod index;
pub mod output;
pub mod passage;
pub mod schema;
pub mod stats;
