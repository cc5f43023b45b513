//! Fuzz targets as plain functions: the library of the fuzz crate (`byline_fuzz`), outside the
//! production crate. Shared by the cargo-fuzz harness in `fuzz/` (one
//! `fuzz_targets/<name>.rs` per function, each a one-line call), by the regression test
//! `tests/it/fuzz_regressions.rs` (which replays every committed seed and past crash through
//! them in `cargo test`) and by the property tests in `tests/it/properties.rs` (which call the
//! `check_*` helpers).
//!
//! Each target takes arbitrary bytes, runs the real code on them and panics when an invariant
//! that must hold is broken; returning normally means the input passed. The integration tests
//! compile this file as their module `fuzzing` (`#[path]` in tests/it/main.rs), so it names
//! byline only through its public API (`byline::...`).

use std::sync::OnceLock;

use tantivy::tokenizer::TextAnalyzer;

use byline::article::{date, parse_bytes, Format, Parsed};
use byline::entities::{extract, Gazetteer};
use byline::search::highlight::{spans, Pattern};
use byline::search::query::{self, Node};

/// A fuzz target: panics when an input breaks an invariant.
pub type Target = fn(&[u8]);

/// Every target, by the name used for `fuzz/fuzz_targets/<name>.rs`, `fuzz/seeds/<name>/` and
/// `fuzz/regressions/<name>/`.
pub const TARGETS: &[(&str, Target)] = &[
    ("txt", txt),
    ("markdown", markdown),
    ("json", json),
    ("jsonl", jsonl),
    ("html", html),
    ("date", date),
    ("passages", passages),
    ("entities", entities),
    ("query_highlight", query_highlight),
];

/// The target function for a name; `None` for an unknown name.
pub fn target(name: &str) -> Option<Target> {
    TARGETS.iter().find(|(n, _)| *n == name).map(|&(_, f)| f)
}

/// The analyser the index uses for text (byline's `en_stem`), built once.
pub fn analyser() -> &'static TextAnalyzer {
    static EN: OnceLock<TextAnalyzer> = OnceLock::new();
    EN.get_or_init(byline::stem::en_stem)
}

/// The built-in gazetteer, built once (its automaton would dominate each run otherwise).
pub fn gazetteer() -> &'static Gazetteer {
    static GZ: OnceLock<Gazetteer> = OnceLock::new();
    GZ.get_or_init(Gazetteer::builtin)
}

/// The analysed terms (stems) of `text`, in order.
pub fn stems(text: &str) -> Vec<String> {
    let mut a = analyser().clone();
    let mut ts = a.token_stream(text);
    let mut out = Vec::new();
    while ts.advance() {
        out.push(ts.token().text.clone());
    }
    out
}

fn text(data: &[u8]) -> std::borrow::Cow<'_, str> {
    String::from_utf8_lossy(data)
}

// ---------------------------------------------------------------------------------------------
// Article parsers

pub fn txt(data: &[u8]) {
    check_parse(Format::Txt, data);
}

pub fn markdown(data: &[u8]) {
    check_parse(Format::Markdown, data);
}

pub fn json(data: &[u8]) {
    check_parse(Format::Json, data);
}

pub fn jsonl(data: &[u8]) {
    check_parse(Format::JsonLines, data);
}

pub fn html(data: &[u8]) {
    check_parse(Format::Html, data);
}

/// Parse `data` as `format` (never panics) and check what every parsed article must be: a body
/// that is trimmed and free of control characters other than newline and tab (so no NUL), no
/// larger than the input could make it; a title, if any, that is one clean line; an article that
/// has a body or a title; record numbers only (and always, increasing) for JSON formats.
pub fn check_parse(format: Format, data: &[u8]) -> Parsed {
    let parsed = parse_bytes(format, data);
    let mut last_record = 0;
    for a in &parsed.articles {
        let what = format!("{} article {:?}", format.name(), a.record);
        assert!(!a.body.contains('\0'), "{what}: NUL in body");
        assert!(
            !a.body
                .chars()
                .any(|c| c.is_control() && c != '\n' && c != '\t'),
            "{what}: control character in body {:?}",
            a.body
        );
        assert_eq!(a.body, a.body.trim(), "{what}: body not trimmed");
        // Decoding (Windows-1252 is at most 3 UTF-8 bytes per input byte) and markup removal
        // never make text much larger than its input.
        assert!(
            a.body.len() <= data.len() * 4 + 16,
            "{what}: body of {} bytes from {} input bytes",
            a.body.len(),
            data.len()
        );
        assert!(
            !a.body.is_empty() || a.title.is_some(),
            "{what}: neither body nor title"
        );
        if let Some(t) = &a.title {
            assert!(!t.is_empty(), "{what}: empty title");
            assert_eq!(
                t.split_whitespace().collect::<Vec<_>>().join(" "),
                *t,
                "{what}: title not clean"
            );
            assert!(
                !t.chars().any(char::is_control),
                "{what}: control character in title {t:?}"
            );
        } else {
            assert!(!a.title_derived, "{what}: derived title missing");
        }
        match format {
            Format::Json | Format::JsonLines => {
                let r = a
                    .record
                    .unwrap_or_else(|| panic!("{what}: no record number"));
                assert!(r > last_record, "{what}: record numbers not increasing");
                last_record = r;
            }
            _ => assert!(a.record.is_none(), "{what}: record number"),
        }
    }
    if !matches!(format, Format::Json | Format::JsonLines) {
        assert!(
            parsed.articles.len() <= 1,
            "{} articles",
            parsed.articles.len()
        );
    }
    parsed
}

// ---------------------------------------------------------------------------------------------
// Dates

/// Date parsing never panics, and a date it returns is one it reads back from its own RFC 3339
/// form (when the year fits that form).
pub fn date(data: &[u8]) {
    let input = text(data);
    let Some(d) = date::parse_date(&input) else {
        return;
    };
    let _ = date::ymd(&d);
    use chrono::Datelike;
    if (0..=9999).contains(&d.year()) {
        let shown = d.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true);
        assert_eq!(
            date::parse_date(&shown),
            Some(d),
            "{input:?} read as {shown}"
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Passages

pub fn passages(data: &[u8]) {
    check_passages(&text(data));
}

/// Passage splitting keeps every word in order, makes no empty passage, leaves whitespace
/// collapsed (single spaces and newlines, none at either end), and makes no passage longer than
/// one oversized sentence may be. The first sentence (for derived titles) is a slice of the text.
pub fn check_passages(text: &str) -> Vec<String> {
    use byline::passage::{first_sentence, split, MAX_SENTENCE_WORDS};
    let ps = split(text);
    let joined = ps.join(" ");
    assert!(
        joined.split_whitespace().eq(text.split_whitespace()),
        "words lost or reordered"
    );
    for p in &ps {
        assert!(!p.trim().is_empty(), "empty passage");
        assert_eq!(p.trim(), p, "passage not trimmed");
        let mut prev_space = false;
        for c in p.chars() {
            if c.is_whitespace() {
                assert!(c == ' ' || c == '\n', "whitespace {c:?} kept in {p:?}");
                assert!(!prev_space, "whitespace not collapsed in {p:?}");
            }
            prev_space = c.is_whitespace();
        }
        let n = p.split_whitespace().count();
        assert!(n <= MAX_SENTENCE_WORDS, "passage of {n} words");
    }
    let first = first_sentence(text);
    let range = text.as_bytes().as_ptr_range();
    assert!(
        first.is_empty() || range.contains(&first.as_ptr()),
        "first sentence is not a slice of the text"
    );
    ps
}

// ---------------------------------------------------------------------------------------------
// Entities

/// The input is split into texts at ASCII record separators (0x1E). With more than one text the
/// first is a headline (as an article's title is at index time), unless the input starts with
/// the separator (no headline, as for a derived title).
pub fn entities(data: &[u8]) {
    let input = text(data);
    let (rest, headline) = match input.strip_prefix('\u{1e}') {
        Some(rest) => (rest, false),
        None => (&*input, true),
    };
    let texts: Vec<&str> = rest.split('\u{1e}').collect();
    let headlines = usize::from(headline && texts.len() > 1);
    check_entities(&texts, headlines);
}

/// Entity mentions are non-empty spans on UTF-8 boundaries inside their text, in text order and
/// disjoint; each names an entity of the article (the indexer looks them up), and the entities'
/// counts add up to the mentions.
pub fn check_entities(texts: &[&str], headlines: usize) {
    let a = extract(gazetteer(), texts, headlines);
    assert_eq!(a.mentions.len(), texts.len());
    for (t, ms) in texts.iter().zip(&a.mentions) {
        let mut last_end = 0;
        for m in ms {
            assert!(m.start < m.end && m.end <= t.len(), "{m:?} outside {t:?}");
            assert!(
                t.is_char_boundary(m.start) && t.is_char_boundary(m.end),
                "{m:?} not on char boundaries of {t:?}"
            );
            assert!(!m.name.is_empty(), "{m:?} has no name");
            assert!(
                m.start >= last_end,
                "mentions overlap or out of order: {ms:?}"
            );
            last_end = m.end;
            assert!(
                a.entities
                    .iter()
                    .any(|e| e.kind == m.kind && e.name == m.name),
                "{m:?} names no entity of the article"
            );
        }
    }
    let total: usize = a.mentions.iter().map(Vec::len).sum();
    let counted: u32 = a.entities.iter().map(|e| e.mentions).sum();
    assert_eq!(total as u32, counted, "entity counts do not add up");
}

// ---------------------------------------------------------------------------------------------
// Query parsing and highlighting

/// The first line is a query, the rest a text to highlight (the query itself when there is no
/// rest). A query that parses re-parses from its `Display` form to an equal node; an error has a
/// column inside the query and a one-line message. Highlight spans of the query's patterns are
/// then checked on the text.
pub fn query_highlight(data: &[u8]) {
    let input = text(data);
    let (q, rest) = input.split_once('\n').unwrap_or((&input, ""));
    let text = if rest.is_empty() { q } else { rest };
    match query::parse(q) {
        Ok(node) => {
            let shown = node.to_string();
            assert_eq!(
                query::parse(&shown).as_ref(),
                Ok(&node),
                "{q:?} shown as {shown:?}"
            );
            let mut patterns = Vec::new();
            leaf_patterns(&node, &mut patterns);
            check_highlight(text, &patterns);
        }
        Err(e) => {
            let columns = 1..=q.chars().count() + 1;
            assert!(columns.contains(&e.column), "{q:?}: {e}");
            assert!(
                !e.message.is_empty() && !e.message.contains('\n') && !e.message.ends_with('.'),
                "{q:?}: {e}"
            );
            // Highlighting does not depend on the query parsing: try the words anyway.
            let ss = stems(q);
            check_highlight(text, &[Pattern::Seq(ss.clone()), Pattern::Any(ss)]);
        }
    }
}

/// Highlight patterns for the leaves of a query, made the way the engine's `compile_leaf` makes
/// them (less the derivational variants, which it keeps only when the index holds them: here
/// every variant is kept).
fn leaf_patterns(node: &Node, out: &mut Vec<Pattern>) {
    let seq = |s: Vec<String>| (!s.is_empty()).then_some(Pattern::Seq(s));
    match node {
        Node::And(children) | Node::Or(children) => {
            for c in children {
                leaf_patterns(c, out);
            }
        }
        Node::Not(inner) => leaf_patterns(inner, out),
        Node::Term { word, .. } => {
            let ss = stems(word);
            if ss.len() == 1 {
                for v in byline::search::morph::variants(word) {
                    out.extend(stems(&v).pop().map(|s| Pattern::Seq(vec![s])));
                }
            }
            out.extend(seq(ss));
        }
        Node::Phrase { text, slop, .. } => {
            let ss = stems(text);
            match (ss.len(), slop) {
                (0, _) => {}
                (_, 0) => out.push(Pattern::Seq(ss)),
                _ => out.push(Pattern::Any(ss)),
            }
        }
        Node::Prefix { prefix, .. } => {
            let words: Vec<String> = prefix
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .map(str::to_lowercase)
                .collect();
            match words.as_slice() {
                [one] => {
                    let stem = stems(one).pop().unwrap_or_else(|| one.clone());
                    out.push(Pattern::Prefix(one.clone(), stem));
                }
                _ => out.extend(seq(stems(prefix))),
            }
        }
        Node::Fuzzy { word, distance, .. } => {
            let ss = stems(word);
            match ss.as_slice() {
                [one] => out.push(Pattern::Fuzzy(one.clone(), *distance)),
                _ => out.extend(seq(ss)),
            }
        }
    }
}

/// Highlight spans are non-empty, inside the text, on UTF-8 boundaries, sorted, disjoint and
/// not touching (touching spans are merged).
pub fn check_highlight(text: &str, patterns: &[Pattern]) -> Vec<(usize, usize)> {
    let sp = spans(analyser(), text, patterns);
    let mut last_end = None;
    for &(s, e) in &sp {
        assert!(s < e && e <= text.len(), "span {s}..{e} outside the text");
        assert!(
            text.is_char_boundary(s) && text.is_char_boundary(e),
            "span {s}..{e} not on char boundaries"
        );
        if let Some(last) = last_end {
            assert!(s > last, "spans overlap or touch: {sp:?}");
        }
        last_end = Some(e);
    }
    sp
}
