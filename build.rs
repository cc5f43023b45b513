//! Link the `byline` binary as a non-PIE executable on Linux/glibc: a PIE needs ~42,000
//! relative relocations applied at every start (copy-on-write of the pages holding them),
//! about 1 ms of each `byline search` process (see BENCHMARKS.md). The code is still
//! compiled position-independent; only the final link fixes the load address.
fn main() {
    println!("cargo::rerun-if-changed=build.rs");
    let os = std::env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    let env = std::env::var("CARGO_CFG_TARGET_ENV").unwrap_or_default();
    if os == "linux" && env == "gnu" {
        println!("cargo::rustc-link-arg-bins=-no-pie");
    }
}
