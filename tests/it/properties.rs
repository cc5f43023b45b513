//! Property tests (proptest) over the pure stages, with arbitrary input: parsing any bytes in
//! any format never panics, passage splitting never loses or reorders a word, entity mentions
//! and highlight spans always fall on UTF-8 boundaries inside their text. 128 cases each by
//! default; `PROPTEST_CASES=N` for longer runs (RELIABILITY.md records them).

use byline::article::{parse_bytes, Format};
use byline::entities::{extract, Gazetteer};
use byline::search::highlight::{spans, Pattern};
use proptest::prelude::*;
use tantivy::tokenizer::TextAnalyzer;

const FORMATS: [Format; 5] = [
    Format::Txt,
    Format::Markdown,
    Format::Json,
    Format::JsonLines,
    Format::Html,
];

/// Text built from pieces that exercise the parsers and splitters: markup, JSON punctuation,
/// front matter fences, headers, sentence ends, names, non-ASCII, control and bidi characters.
fn texty() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("word ".to_string()),
        Just("Microsoft ".to_string()),
        Just("Mr Gates ".to_string()),
        Just("Apple pie. ".to_string()),
        Just("U.S. ".to_string()),
        Just("end. ".to_string()),
        Just("\n".to_string()),
        Just("\n\n".to_string()),
        Just("---\n".to_string()),
        Just("+++\n".to_string()),
        Just("title: x\n".to_string()),
        Just("Title: Headline\nDate: 2024-02-30\n\n".to_string()),
        Just("<p>".to_string()),
        Just("</div>".to_string()),
        Just("<script>x</script>".to_string()),
        Just("{\"title\": \"a\", \"body\": \"b\"}\n".to_string()),
        Just("[".to_string()),
        Just("\"".to_string()),
        Just("\\u00e9".to_string()),
        Just("&#233;".to_string()),
        Just("naïve ".to_string()),
        Just("\u{200b}\u{202e}\u{2066}".to_string()),
        Just("\0".to_string()),
        Just("\r\n".to_string()),
        Just("’s ".to_string()),
        "[a-zA-Z]{1,12} ",
        any::<char>().prop_map(|c| c.to_string()),
    ];
    prop::collection::vec(piece, 0..120).prop_map(|v| v.concat())
}

/// The analyser the index uses for text (tantivy's `en_stem`).
fn en() -> TextAnalyzer {
    tantivy::tokenizer::TokenizerManager::default()
        .get("en_stem")
        .expect("tantivy registers en_stem")
}

fn stems(a: &TextAnalyzer, text: &str) -> Vec<String> {
    let mut a = a.clone();
    let mut ts = a.token_stream(text);
    let mut out = Vec::new();
    while ts.advance() {
        out.push(ts.token().text.clone());
    }
    out
}

/// One gazetteer for every case (building its automaton per case would dominate).
fn gazetteer() -> &'static Gazetteer {
    static GZ: std::sync::OnceLock<Gazetteer> = std::sync::OnceLock::new();
    GZ.get_or_init(Gazetteer::builtin)
}

/// Cases per property: 128 in `cargo test`; more with `PROPTEST_CASES=N`.
fn config() -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(128);
    ProptestConfig::with_cases(cases)
}

fn words(s: &str) -> Vec<&str> {
    s.split_whitespace().collect()
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn parsing_any_bytes_never_panics(bytes in prop::collection::vec(any::<u8>(), 0..2048)) {
        for f in FORMATS {
            let p = parse_bytes(f, &bytes);
            for a in &p.articles {
                prop_assert!(!a.body.contains('\0'));
            }
        }
    }

    #[test]
    fn parsing_any_text_never_panics(text in texty()) {
        for f in FORMATS {
            let p = parse_bytes(f, text.as_bytes());
            for a in &p.articles {
                prop_assert!(!a.body.contains('\0'));
                prop_assert!(a.body.len() <= text.len() * 4 + 16);
            }
        }
    }

    #[test]
    fn passage_splitting_keeps_every_word_in_order(text in prop_oneof![texty(), any::<String>()]) {
        let ps = byline::passage::split(&text);
        let joined = ps.join(" ");
        prop_assert_eq!(words(&joined), words(&text));
        for p in &ps {
            prop_assert!(!p.trim().is_empty());
        }
    }

    #[test]
    fn entity_mentions_are_spans_of_their_text(
        texts in prop::collection::vec(prop_oneof![texty(), any::<String>()], 1..4),
        headlines in 0usize..2,
    ) {
        let gz = gazetteer();
        let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
        let headlines = headlines.min(refs.len());
        let a = extract(gz, &refs, headlines);
        prop_assert_eq!(a.mentions.len(), refs.len());
        for (t, ms) in refs.iter().zip(&a.mentions) {
            for m in ms {
                prop_assert!(m.start < m.end && m.end <= t.len());
                prop_assert!(t.is_char_boundary(m.start) && t.is_char_boundary(m.end));
                prop_assert!(!m.name.is_empty());
            }
        }
        let total: usize = a.mentions.iter().map(Vec::len).sum();
        let counted: u32 = a.entities.iter().map(|e| e.mentions).sum();
        prop_assert_eq!(total as u32, counted);
    }

    #[test]
    fn highlight_spans_are_sorted_disjoint_and_on_boundaries(
        text in prop_oneof![texty(), any::<String>()],
        query in texty(),
        fuzzy in 0u8..3,
    ) {
        let a = en();
        let qs = stems(&a, &query);
        let mut patterns = vec![Pattern::Seq(qs.iter().take(3).cloned().collect()), Pattern::Any(qs.clone())];
        if let Some(first) = qs.first() {
            patterns.push(Pattern::Prefix(first.clone(), first.clone()));
            patterns.push(Pattern::Fuzzy(first.clone(), fuzzy));
        }
        // Words of the text itself, so that some spans are found.
        let ts = stems(&a, &text);
        if let Some(w) = ts.get(ts.len() / 2) {
            patterns.push(Pattern::Seq(vec![w.clone()]));
        }
        let sp = spans(&a, &text, &patterns);
        let mut last_end = 0;
        for (i, &(s, e)) in sp.iter().enumerate() {
            prop_assert!(s < e && e <= text.len());
            prop_assert!(text.is_char_boundary(s) && text.is_char_boundary(e));
            if i > 0 {
                prop_assert!(s > last_end, "spans overlap or touch: {:?}", sp);
            }
            last_end = e;
        }
    }
}
