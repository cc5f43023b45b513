//! Property tests (proptest) over the pure stages, with arbitrary input: parsing any bytes in
//! any format never panics, passage splitting never loses or reorders a word, entity mentions
//! and highlight spans always fall on UTF-8 boundaries inside their text. The checks themselves
//! live in `fuzz/src/lib.rs`, shared with the fuzz targets in `fuzz/`. 128 cases each by
//! default; `PROPTEST_CASES=N` for longer runs (RELIABILITY.md records them).

use crate::fuzzing;
use byline::article::Format;
use byline::search::highlight::Pattern;
use proptest::prelude::*;

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

/// Cases per property: 128 in `cargo test`; more with `PROPTEST_CASES=N`.
fn config() -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(128);
    ProptestConfig::with_cases(cases)
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn parsing_any_bytes_never_panics(bytes in prop::collection::vec(any::<u8>(), 0..2048)) {
        for f in FORMATS {
            fuzzing::check_parse(f, &bytes);
        }
    }

    #[test]
    fn parsing_any_text_never_panics(text in texty()) {
        for f in FORMATS {
            fuzzing::check_parse(f, text.as_bytes());
        }
    }

    #[test]
    fn passage_splitting_keeps_every_word_in_order(text in prop_oneof![texty(), any::<String>()]) {
        fuzzing::check_passages(&text);
    }

    #[test]
    fn entity_mentions_are_spans_of_their_text(
        texts in prop::collection::vec(prop_oneof![texty(), any::<String>()], 1..4),
        headlines in 0usize..2,
    ) {
        let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
        fuzzing::check_entities(&refs, headlines.min(refs.len()));
    }

    #[test]
    fn highlight_spans_are_sorted_disjoint_and_on_boundaries(
        text in prop_oneof![texty(), any::<String>()],
        query in texty(),
        fuzzy in 0u8..3,
    ) {
        let qs = fuzzing::stems(&query);
        let mut patterns = vec![Pattern::Seq(qs.iter().take(3).cloned().collect()), Pattern::Any(qs.clone())];
        if let Some(first) = qs.first() {
            patterns.push(Pattern::Prefix(first.clone(), first.clone()));
            patterns.push(Pattern::Fuzzy(first.clone(), fuzzy));
        }
        // Words of the text itself, so that some spans are found.
        let ts = fuzzing::stems(&text);
        if let Some(w) = ts.get(ts.len() / 2) {
            patterns.push(Pattern::Seq(vec![w.clone()]));
        }
        fuzzing::check_highlight(&text, &patterns);
    }

    #[test]
    fn date_parsing_reads_back_its_own_dates(text in prop_oneof![texty(), any::<String>(), "[0-9]{1,4}[-/ ][A-Za-z0-9]{1,9}[-/ ][0-9]{1,4}( [0-9]{1,2}:[0-9]{2}(:[0-9]{2})?)?"]) {
        fuzzing::date(text.as_bytes());
    }

    #[test]
    fn any_query_round_trips_and_highlights(query in texty(), text in texty()) {
        fuzzing::query_highlight(format!("{query}\n{text}").as_bytes());
    }
}
