//! One integration-test binary (see matklad, "Delete Cargo Integration Tests"): CLI behaviour
//! through the real `byline` binary, with small fixtures written by each test.

mod entities;
mod export;
mod fuzz_regressions;
mod index;
mod properties;
mod reliability;
mod search;
mod util;
