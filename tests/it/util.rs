//! Shared fixtures: a temporary corpus + index, and helpers to run `byline`.

use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;
use serde_json::Value;
use tempfile::TempDir;

/// The `byline` binary, in an environment free of the developer's settings: no config file
/// (`BYLINE_CONFIG` empty), no `BYLINE_INDEX`, no crash hook.
pub fn byline() -> Command {
    let mut c = Command::cargo_bin("byline").unwrap();
    c.env("BYLINE_CONFIG", "")
        .env_remove("BYLINE_INDEX")
        .env_remove("BYLINE_TEST_CRASH");
    c
}

/// [`byline`] as a `std::process::Command` (for spawning and `pre_exec`).
pub fn byline_std() -> std::process::Command {
    let mut c = std::process::Command::new(assert_cmd::cargo::cargo_bin("byline"));
    hermetic(&mut c);
    c
}

/// The environment of [`byline`] on any command that runs it (through `setpriv`, say).
pub fn hermetic(c: &mut std::process::Command) -> &mut std::process::Command {
    c.env("BYLINE_CONFIG", "")
        .env_remove("BYLINE_INDEX")
        .env_remove("BYLINE_TEST_CRASH")
}

/// [`byline_std`] run as a user without privileges: as root (which permissions do not stop),
/// through `setpriv` as `nobody`; otherwise as is.
pub fn byline_unprivileged() -> std::process::Command {
    if !is_root() {
        return byline_std();
    }
    let mut c = std::process::Command::new("setpriv");
    c.args(["--reuid=65534", "--regid=65534", "--clear-groups"])
        .arg(assert_cmd::cargo::cargo_bin("byline"));
    hermetic(&mut c);
    c
}

pub struct Fixture {
    pub tmp: TempDir,
}

impl Fixture {
    pub fn new() -> Fixture {
        let tmp = tempfile::tempdir().expect("tempdir");
        std::fs::create_dir_all(tmp.path().join("corpus")).unwrap();
        Fixture { tmp }
    }

    pub fn corpus(&self) -> PathBuf {
        self.tmp.path().join("corpus")
    }

    pub fn index_dir(&self) -> PathBuf {
        self.tmp.path().join("idx")
    }

    /// Write a file under the corpus (parents created).
    pub fn write(&self, rel: impl AsRef<Path>, bytes: impl AsRef<[u8]>) -> PathBuf {
        let p = self.corpus().join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(&p, bytes).unwrap();
        p
    }

    pub fn cmd(&self) -> Command {
        let mut c = byline();
        c.arg("--index").arg(self.index_dir());
        c
    }

    /// `byline index CORPUS --json EXTRA...`
    pub fn index(&self, extra: &[&str]) -> Output {
        self.cmd()
            .arg("index")
            .arg(self.corpus())
            .arg("--json")
            .args(extra)
            .output()
            .unwrap()
    }

    /// Index and parse the JSON summary, asserting exit 0.
    pub fn index_ok(&self, extra: &[&str]) -> (Value, String) {
        let out = self.index(extra);
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        assert_eq!(out.status.code(), Some(0), "stderr: {stderr}");
        (json(&out.stdout), stderr)
    }

    pub fn stats(&self) -> Value {
        ok_json(&self.cmd().args(["stats", "--json"]).output().unwrap())
    }
}

/// Assert exit 0 and parse stdout as JSON.
pub fn ok_json(out: &Output) -> Value {
    assert_eq!(
        out.status.code(),
        Some(0),
        "stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    json(&out.stdout)
}

pub fn json(bytes: &[u8]) -> Value {
    serde_json::from_slice(bytes)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(bytes)))
}

/// Numbers of a summary, for compact assertions: (added, updated, removed, unchanged, skipped).
pub fn counts(s: &Value) -> (u64, u64, u64, u64, usize) {
    (
        s["added"].as_u64().unwrap(),
        s["updated"].as_u64().unwrap(),
        s["removed"].as_u64().unwrap(),
        s["unchanged"].as_u64().unwrap(),
        s["skipped"].as_array().unwrap().len(),
    )
}

/// The skipped entries as (file name, line, reason).
pub fn skipped(s: &Value) -> Vec<(String, Option<u64>, String)> {
    s["skipped"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let path = r["path"].as_str().unwrap();
            let name = Path::new(path)
                .file_name()
                .unwrap()
                .to_string_lossy()
                .into_owned();
            (
                name,
                r["line"].as_u64(),
                r["reason"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// A plausible article text of about `words` words.
pub fn article_text(seed: usize, words: usize) -> String {
    const W: &[&str] = &[
        "cloud",
        "chip",
        "market",
        "regulators",
        "said",
        "the",
        "company",
        "would",
        "expand",
        "data",
        "centres",
        "in",
        "Europe",
        "and",
        "Asia",
        "analysts",
        "expect",
        "growth",
        "model",
        "launch",
    ];
    let mut out = String::new();
    for i in 0..words {
        let w = W[(seed * 7 + i * 13 + i / 5) % W.len()];
        if i % 12 == 0 {
            let mut c = w.chars();
            let first = c.next().unwrap().to_uppercase().collect::<String>();
            out.push_str(&first);
            out.push_str(c.as_str());
        } else {
            out.push_str(w);
        }
        out.push_str(if i % 12 == 11 { ".\n" } else { " " });
    }
    out.push_str(&format!("Unique marker word{seed}.\n"));
    out
}

/// Assert that a skipped entry names file `name` with a reason containing `needle`.
pub fn assert_skipped(sk: &[(String, Option<u64>, String)], name: &str, needle: &str) {
    assert!(
        sk.iter().any(|(n, _, r)| n == name && r.contains(needle)),
        "no skipped {name:?} with {needle:?}: {sk:?}"
    );
}

/// True when running as root (permission bits do not stop root from reading).
pub fn is_root() -> bool {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("Uid:"))
                .map(|l| l.split_whitespace().nth(1) == Some("0"))
        })
        .unwrap_or(false)
}
