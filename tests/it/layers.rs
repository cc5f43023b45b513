//! The layer order of `src/` (ARCHITECTURE.md, "Layers") holds: every `crate::` path in a
//! module's code names a module of a lower layer. No import circles, no back edges (the read
//! side reaching into the indexer, printers reaching into argument parsing).
//!
//! The order is read from ARCHITECTURE.md itself, so the document and the code cannot drift
//! apart: the fenced block after the "## Layers" heading, one layer per line, top first,
//! modules of one layer separated by `|` (they must not import each other either).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// A `crate::` reference that breaks the order.
#[derive(Debug, PartialEq, Eq)]
struct Violation {
    file: String,
    line: usize,
    from: String,
    to: String,
}

/// The layers from the text of ARCHITECTURE.md: top layer first.
fn layers_of(doc: &str) -> Vec<Vec<String>> {
    let after = doc
        .split_once("\n## Layers")
        .expect("ARCHITECTURE.md has a \"## Layers\" section")
        .1;
    let block = after
        .split_once("```")
        .and_then(|(_, rest)| rest.split_once('\n'))
        .and_then(|(_, rest)| rest.split_once("```"))
        .expect("the Layers section opens with a fenced block")
        .0;
    block
        .lines()
        .map(|l| {
            l.split('|')
                .map(|m| m.trim().to_string())
                .filter(|m| !m.is_empty())
                .collect::<Vec<_>>()
        })
        .filter(|l| !l.is_empty())
        .collect()
}

/// The top-level modules a line of code names through `crate::` (`crate::a::b`, `crate::{a, b}`).
fn crate_refs(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = line;
    while let Some(at) = rest.find("crate::") {
        let before = rest[..at].chars().next_back();
        rest = &rest[at + "crate::".len()..];
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            continue; // `byline_crate::` or the like
        }
        if let Some(group) = rest.strip_prefix('{') {
            let end = group.find('}').unwrap_or(group.len());
            for item in group[..end].split(',') {
                let name: String = item
                    .trim()
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                if !name.is_empty() {
                    out.push(name);
                }
            }
        } else {
            let name: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            if !name.is_empty() {
                out.push(name);
            }
        }
    }
    out
}

/// Check `(file, module, source)` triples against the layers. Comments are skipped; so are
/// references to `testutil` (unit-test helpers) and a module's references to itself.
fn check(layers: &[Vec<String>], files: &[(String, String, String)]) -> Vec<Violation> {
    let depth: BTreeMap<&str, usize> = layers
        .iter()
        .enumerate()
        .flat_map(|(i, l)| l.iter().map(move |m| (m.as_str(), i)))
        .collect();
    let mut out = Vec::new();
    for (file, module, text) in files {
        let Some(&from) = depth.get(module.as_str()) else {
            out.push(Violation {
                file: file.clone(),
                line: 0,
                from: module.clone(),
                to: "(no layer: add the module to ARCHITECTURE.md)".into(),
            });
            continue;
        };
        for (n, line) in text.lines().enumerate() {
            if line.trim_start().starts_with("//") {
                continue;
            }
            for to in crate_refs(line) {
                if to == *module || to == "testutil" {
                    continue;
                }
                if depth.get(to.as_str()).is_none_or(|&d| d <= from) {
                    out.push(Violation {
                        file: file.clone(),
                        line: n + 1,
                        from: module.clone(),
                        to,
                    });
                }
            }
        }
    }
    out
}

/// Every `.rs` file under `src/` but the binary's `main.rs` and the crate root, with the
/// top-level module it belongs to.
fn sources(root: &Path) -> Vec<(String, String, String)> {
    let mut out = Vec::new();
    let mut stack: Vec<PathBuf> = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(&dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
                continue;
            }
            let rel = p.strip_prefix(root).unwrap();
            if p.extension().is_none_or(|x| x != "rs")
                || rel == Path::new("main.rs")
                || rel == Path::new("lib.rs")
            {
                continue;
            }
            let top = rel
                .components()
                .next()
                .unwrap()
                .as_os_str()
                .to_string_lossy();
            let module = top.trim_end_matches(".rs").to_string();
            out.push((
                format!("src/{}", rel.display()),
                module,
                std::fs::read_to_string(&p).unwrap(),
            ));
        }
    }
    out.sort();
    out
}

#[test]
fn src_follows_the_layer_order_in_architecture_md() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let doc = std::fs::read_to_string(root.join("ARCHITECTURE.md")).unwrap();
    let layers = layers_of(&doc);
    assert!(layers.len() >= 4, "{layers:?}");
    let files = sources(&root.join("src"));
    // Every module on disk has a layer, and every layer's module exists.
    for l in &layers {
        for m in l {
            assert!(
                files.iter().any(|(_, module, _)| module == m),
                "ARCHITECTURE.md names a module `{m}` that src/ does not have"
            );
        }
    }
    let bad = check(&layers, &files);
    let shown: Vec<String> = bad
        .iter()
        .map(|v| format!("{}:{}: `{}` uses `{}`", v.file, v.line, v.from, v.to))
        .collect();
    assert!(
        bad.is_empty(),
        "imports against the layer order (ARCHITECTURE.md, Layers; a module may use only \
         modules of lower layers):\n{}",
        shown.join("\n")
    );
}

#[test]
fn the_checker_finds_upward_same_layer_and_unknown_references() {
    let layers = layers_of("x\n## Layers\n\n```text\napp\nsearch | index\nschema\n```\n");
    assert_eq!(
        layers,
        vec![vec!["app"], vec!["search", "index"], vec!["schema"]]
    );
    let file = |m: &str, text: &str| (format!("src/{m}.rs"), m.to_string(), text.to_string());
    let files = vec![
        file(
            "app",
            "use crate::{search, index};\nuse crate::schema::Fields;",
        ),
        file(
            "search",
            "use crate::schema;\n// see crate::app\nfn f() { crate::index::run(); }",
        ),
        file(
            "schema",
            "use crate::app::Thing;\nuse crate::testutil::X;\nuse crate::schema::Y;",
        ),
        file("stray", "fn f() {}"),
    ];
    let found: Vec<(String, usize, String)> = check(&layers, &files)
        .into_iter()
        .map(|v| (v.from, v.line, v.to))
        .collect();
    assert_eq!(
        found,
        vec![
            ("search".to_string(), 3, "index".to_string()),
            ("schema".to_string(), 1, "app".to_string()),
            (
                "stray".to_string(),
                0,
                "(no layer: add the module to ARCHITECTURE.md)".to_string()
            ),
        ]
    );
}
