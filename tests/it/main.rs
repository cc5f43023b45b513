//! One integration-test binary (see matklad, "Delete Cargo Integration Tests"): CLI behaviour
//! through the real `byline` binary, with small fixtures written by each test.

mod browser;
mod deps;
mod engine;
mod entities;
mod export;
mod fuzz_regressions;
/// The fuzz targets as plain functions: the fuzz crate's library, compiled here too so that
/// seeds, past crashes and property tests run in `cargo test`.
#[path = "../../fuzz/src/lib.rs"]
mod fuzzing;
mod index;
mod layers;
mod near;
mod properties;
mod reliability;
mod search;
mod serve;
mod util;
