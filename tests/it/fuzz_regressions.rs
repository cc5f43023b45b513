//! Replays every committed fuzz input through its target in `fuzz/src/lib.rs` (the fuzz
//! crate's library, `byline_fuzz`): the hand-written seeds (`fuzz/seeds/<target>/*`) and every crash a fuzzer found (`fuzz/regressions/<target>/*`,
//! saved after the fix). So each past crash stays fixed in plain `cargo test`, with no nightly
//! toolchain or cargo-fuzz. See `fuzz/RESULTS.md` for how to add one.

use std::path::{Path, PathBuf};

use crate::fuzzing::{target, TARGETS};

fn fuzz_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz")
}

/// The files of `fuzz/<kind>/<target>/`, per target directory, sorted.
fn inputs(kind: &str) -> Vec<(String, Vec<PathBuf>)> {
    let dir = fuzz_dir().join(kind);
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for entry in entries {
        let path = entry.expect("readable fuzz directory").path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        assert!(
            path.is_dir(),
            "{}: expected only target directories",
            path.display()
        );
        let mut files: Vec<PathBuf> = std::fs::read_dir(&path)
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
            .map(|e| e.expect("readable entry").path())
            .filter(|p| p.is_file())
            .collect();
        files.sort();
        out.push((name, files));
    }
    out.sort();
    out
}

/// Feed each file to its target; a panic names the file that caused it.
fn replay(kind: &str) -> Vec<(String, usize)> {
    let mut counts = Vec::new();
    for (name, files) in inputs(kind) {
        let f = target(&name).unwrap_or_else(|| {
            panic!("fuzz/{kind}/{name}: no target of that name in fuzz/src/lib.rs TARGETS")
        });
        for file in &files {
            let data = std::fs::read(file).unwrap();
            let outcome = std::panic::catch_unwind(|| f(&data));
            if let Err(e) = outcome {
                let msg = e
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| e.downcast_ref::<&str>().map(|s| s.to_string()))
                    .unwrap_or_default();
                panic!("{} failed: {msg}", file.display());
            }
        }
        counts.push((name, files.len()));
    }
    counts
}

#[test]
fn every_seed_passes_its_target() {
    let counts = replay("seeds");
    for (name, _) in TARGETS {
        let n = counts.iter().find(|(t, _)| t == name).map_or(0, |c| c.1);
        assert!(
            n > 0,
            "no seed replayed for fuzz target {name} (fuzz/seeds/{name}/)"
        );
    }
}

#[test]
fn every_past_crash_stays_fixed() {
    // A target without a regressions directory has had no crash; one with a directory must
    // hold at least one input.
    for (name, n) in replay("regressions") {
        assert!(n > 0, "fuzz/regressions/{name}/ is empty");
    }
}

#[test]
fn fuzz_target_files_match_the_targets() {
    let dir = fuzz_dir().join("fuzz_targets");
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_stem().unwrap().to_string_lossy();
        assert!(
            target(&name).is_some(),
            "{}: no target of that name in fuzz/src/lib.rs TARGETS",
            path.display()
        );
    }
    for (name, _) in TARGETS {
        let file = fuzz_dir().join("fuzz_targets").join(format!("{name}.rs"));
        let src =
            std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        assert!(
            src.contains(&format!("byline_fuzz::{name}(")),
            "{} does not call byline_fuzz::{name}",
            file.display()
        );
    }
}
