//! Which byte ranges of a passage to highlight for a query. Pure: the passage is analysed with
//! the same analyser as the index (so `acquisitions` lights up `acquired`), and each query leaf
//! becomes a pattern over the analysed words. A phrase is one span from its first word to its
//! last; spans are merged when they touch or overlap. Offsets are UTF-8 byte offsets that always
//! fall on character boundaries (they come from the tokenizer).

use tantivy::tokenizer::TextAnalyzer;

/// What a query leaf looks for in analysed words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Pattern {
    /// These stems at consecutive positions (a word, or a phrase): one span.
    Seq(Vec<String>),
    /// Each of these stems on its own (a phrase with slop).
    Any(Vec<String>),
    /// A word starting with the lower-cased prefix, or whose stem starts with the prefix's stem.
    Prefix(String, String),
    /// A stem within this edit distance (transpositions count one).
    Fuzzy(String, u8),
}

struct Word {
    start: usize,
    end: usize,
    stem: String,
}

fn analyse(analyser: &TextAnalyzer, text: &str) -> Vec<Word> {
    let mut a = analyser.clone();
    let mut ts = a.token_stream(text);
    let mut words = Vec::new();
    while ts.advance() {
        let t = ts.token();
        words.push(Word {
            start: t.offset_from,
            end: t.offset_to,
            stem: t.text.clone(),
        });
    }
    words
}

/// Highlight spans of `text` for `patterns`: sorted, disjoint, merged.
pub fn spans(analyser: &TextAnalyzer, text: &str, patterns: &[Pattern]) -> Vec<(usize, usize)> {
    let words = analyse(analyser, text);
    let mut out: Vec<(usize, usize)> = Vec::new();
    for p in patterns {
        match p {
            Pattern::Seq(stems) if !stems.is_empty() => {
                for i in 0..words.len() {
                    let n = stems.len();
                    if i + n <= words.len()
                        && words[i..i + n].iter().zip(stems).all(|(w, s)| &w.stem == s)
                    {
                        out.push((words[i].start, words[i + n - 1].end));
                    }
                }
            }
            Pattern::Seq(_) => {}
            Pattern::Any(stems) => out.extend(
                words
                    .iter()
                    .filter(|w| stems.contains(&w.stem))
                    .map(|w| (w.start, w.end)),
            ),
            Pattern::Prefix(plain, stem) => out.extend(
                words
                    .iter()
                    .filter(|w| {
                        text[w.start..w.end]
                            .to_lowercase()
                            .starts_with(plain.as_str())
                            || w.stem.starts_with(stem.as_str())
                    })
                    .map(|w| (w.start, w.end)),
            ),
            Pattern::Fuzzy(stem, d) => out.extend(
                words
                    .iter()
                    .filter(|w| edit_distance(&w.stem, stem) <= *d as usize)
                    .map(|w| (w.start, w.end)),
            ),
        }
    }
    merge(out)
}

/// Sort and merge overlapping or touching spans.
fn merge(mut v: Vec<(usize, usize)>) -> Vec<(usize, usize)> {
    v.sort_unstable();
    let mut out: Vec<(usize, usize)> = Vec::with_capacity(v.len());
    for (s, e) in v {
        match out.last_mut() {
            Some(last) if s <= last.1 => last.1 = last.1.max(e),
            _ => out.push((s, e)),
        }
    }
    out
}

/// Optimal-string-alignment distance (Levenshtein with adjacent transpositions costing one),
/// over characters: `strsim`'s, which matches tantivy's fuzzy terms' notion of one edit.
pub fn edit_distance(a: &str, b: &str) -> usize {
    strsim::osa_distance(a, b)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn en() -> TextAnalyzer {
        crate::stem::en_stem()
    }

    fn stems(s: &str) -> Vec<String> {
        analyse(&en(), s).into_iter().map(|w| w.stem).collect()
    }

    fn marked(text: &str, pats: &[Pattern]) -> String {
        let mut out = String::new();
        let mut last = 0;
        for (s, e) in spans(&en(), text, pats) {
            assert!(text.is_char_boundary(s) && text.is_char_boundary(e));
            out.push_str(&text[last..s]);
            out.push('[');
            out.push_str(&text[s..e]);
            out.push(']');
            last = e;
        }
        out.push_str(&text[last..]);
        out
    }

    #[test]
    fn stemmed_forms_light_up() {
        let p = [Pattern::Seq(stems("acquisitions"))];
        assert_eq!(
            marked("Acme acquired Beta; more acquisitions follow.", &p),
            "Acme acquired Beta; more [acquisitions] follow."
        );
        // Snowball stems 'acquired' to 'acquir' and 'acquisitions' to 'acquisit': the index
        // cannot join them, and neither does the highlighter.
        let p = [Pattern::Seq(stems("acquire"))];
        assert_eq!(
            marked("It acquired, is acquiring, acquires.", &p),
            "It [acquired], is [acquiring], [acquires]."
        );
    }

    #[test]
    fn phrase_is_one_span_and_needs_order() {
        let p = [Pattern::Seq(stems("cloud computing"))];
        assert_eq!(
            marked("Cloud computing, computing clouds and cloud-computed.", &p),
            "[Cloud computing], computing clouds and [cloud-computed]."
        );
    }

    #[test]
    fn non_ascii_offsets_are_char_boundaries() {
        let p = [Pattern::Seq(stems("zürich")), Pattern::Seq(stems("café"))];
        assert_eq!(
            marked("In Zürich — a café 🚀 near 東京: Zürich’s cafés.", &p),
            "In [Zürich] — a [café] 🚀 near 東京: [Zürich]’s [cafés]."
        );
        let p = [Pattern::Seq(stems("東京"))];
        assert_eq!(marked("Tokyo is 東京.", &p), "Tokyo is [東京].");
    }

    #[test]
    fn prefix_fuzzy_and_slop() {
        let p = [Pattern::Prefix("micro".into(), "micro".into())];
        assert_eq!(
            marked("Microsoft and microchips, not Macro.", &p),
            "[Microsoft] and [microchips], not Macro."
        );
        let p = [Pattern::Fuzzy("microsoft".into(), 1)];
        assert_eq!(
            marked("Mircosoft, Microsoft, Macrosift.", &p),
            "[Mircosoft], [Microsoft], Macrosift."
        );
        let p = [Pattern::Any(stems("chief executive"))];
        assert_eq!(
            marked("The executive, the chief.", &p),
            "The [executive], the [chief]."
        );
    }

    #[test]
    fn overlapping_spans_merge() {
        let p = [
            Pattern::Seq(stems("open source")),
            Pattern::Seq(stems("source code")),
        ];
        assert_eq!(
            marked("Open source code here.", &p),
            "[Open source code] here."
        );
        assert_eq!(merge(vec![(5, 7), (0, 2), (2, 3)]), vec![(0, 3), (5, 7)]);
    }

    #[test]
    fn distances() {
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("ab", "ba"), 1);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("é", "e"), 1);
    }
}
