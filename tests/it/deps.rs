//! The dependency policy, checked against the lock file: crates flagged unmaintained, or pulled
//! in by a feature byline does not need, stay out of the build.

/// (crate name or prefix ending in `*`, why it is kept out).
const BANNED: &[(&str, &str)] = &[
    (
        "fxhash",
        "unmaintained (RUSTSEC-2025-0057); scraper >= 0.29 no longer needs it",
    ),
    ("serde_yaml", "unmaintained; YAML goes through serde_norway"),
    (
        "serde_yaml_ng",
        "no release since 2024; YAML goes through serde_norway",
    ),
    (
        "icu_*",
        "url's IDNA goes through unicode-rs (idna_adapter ~1.1), not ICU4X",
    ),
];

/// The banned crates a lock file's text names, each with the reason.
fn banned_in(lock_text: &str) -> Vec<String> {
    let lock: toml::Table = toml::from_str(lock_text).unwrap();
    let mut found = Vec::new();
    for package in lock["package"].as_array().unwrap() {
        let name = package["name"].as_str().unwrap();
        for (banned, why) in BANNED {
            let hit = match banned.strip_suffix('*') {
                Some(prefix) => name.starts_with(prefix),
                None => name == *banned,
            };
            if hit {
                found.push(format!("{name}: {why}"));
            }
        }
    }
    found
}

#[test]
fn the_lock_file_holds_no_banned_crate() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.lock");
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(
        text.contains("name = \"tantivy\""),
        "not byline's lock file?"
    );
    let found = banned_in(&text);
    assert!(
        found.is_empty(),
        "banned crates in Cargo.lock:\n{}",
        found.join("\n")
    );
}

#[test]
fn banned_crates_are_recognised() {
    let lock = "version = 4\n\n[[package]]\nname = \"fxhash\"\nversion = \"0.2.1\"\n\n\
        [[package]]\nname = \"icu_normalizer\"\nversion = \"2.0.0\"\n\n\
        [[package]]\nname = \"fxhash2\"\nversion = \"1.0.0\"\n";
    let found = banned_in(lock);
    assert_eq!(found.len(), 2, "{found:?}");
    assert!(found[0].starts_with("fxhash: unmaintained"));
    assert!(found[1].starts_with("icu_normalizer: "));
}
