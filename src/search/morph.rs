//! Derivational variants of a query word: `acquisitions` → `acquire`, `acquired` →
//! `acquisition`, `announcement` → `announce`. Snowball stemming only removes inflections
//! (`acquired` and `acquiring` share the stem `acquir`, but `acquisition` stems to
//! `acquisit`), while people searching news expect the noun to find the verb and back.
//!
//! Pure and deliberately generous: it proposes candidate words from a small table of suffix
//! pairs; the engine keeps only the candidates whose stems exist in the index and weighs them
//! below the word as typed. Guards keep short stems out (`station` never proposes `st`).

/// (noun suffix, verb suffix) pairs, most specific first.
const RULES: &[(&str, &str)] = &[
    ("isition", "ire"), // acquisition / acquire
    ("ication", "y"),   // application / apply
    ("ator", "ate"),    // regulator / regulate
    ("ation", "ate"),   // regulation / regulate
    ("ation", "e"),     // organisation / organise
    ("ation", ""),      // transformation / transform
    ("ition", "e"),     // competition / compete
    ("mption", "me"),   // consumption / consume
    ("ption", "be"),    // subscription / subscribe
    ("ption", "ve"),    // reception / receive
    ("ssion", "t"),     // permission / permit
    ("sion", "de"),     // decision / decide
    ("sion", "d"),      // expansion / expand
    ("ion", ""),        // connection / connect
    ("ment", ""),       // investment / invest
    ("ance", ""),       // acceptance / accept
    ("ence", ""),       // dependence / depend
    ("al", "e"),        // approval / approve
];

/// Shortest common part a rule may leave (`cre` + `ation` / `cre` + `ate`).
const MIN_STEM: usize = 3;
/// Shortest common part for rules that only add a suffix (`sect` + `ion` is not a pair).
const MIN_STEM_BARE: usize = 5;

/// Base forms of an inflected word: itself, without plural `s`, without `ed`/`ing` (with and
/// without a restored final `e`, and with a doubled final consonant undone).
fn bases(w: &str) -> Vec<String> {
    let mut out = vec![w.to_string()];
    let mut push = |s: String| {
        if s.chars().count() >= MIN_STEM && !out.contains(&s) {
            out.push(s);
        }
    };
    if let Some(s) = w.strip_suffix('s') {
        if !s.ends_with('s') {
            push(s.to_string());
        }
    }
    for suf in ["ed", "ing"] {
        if let Some(s) = w.strip_suffix(suf) {
            push(s.to_string());
            push(format!("{s}e"));
            let b = s.as_bytes();
            if b.len() >= 2 && b[b.len() - 1] == b[b.len() - 2] && !b[b.len() - 1].is_ascii_digit()
            {
                push(s[..s.len() - 1].to_string());
            }
        }
    }
    out
}

/// Candidate related words of `word` (lower-cased; never the word itself).
pub fn variants(word: &str) -> Vec<String> {
    let w = word.to_lowercase();
    if w.chars().count() < 4 || !w.chars().all(char::is_alphabetic) {
        return Vec::new();
    }
    let mut out: Vec<String> = Vec::new();
    let mut add = |s: String| {
        if s != w && !out.contains(&s) {
            out.push(s);
        }
    };
    for base in bases(&w) {
        for &(noun, verb) in RULES {
            let min = if verb.is_empty() {
                MIN_STEM_BARE
            } else {
                MIN_STEM
            };
            // Noun to verb.
            if let Some(stem) = base.strip_suffix(noun) {
                if stem.chars().count() >= min {
                    add(format!("{stem}{verb}"));
                }
            }
            // Verb to noun.
            if let Some(stem) = base.strip_suffix(verb) {
                if stem.chars().count() >= min && !base.ends_with(noun) {
                    add(format!("{stem}{noun}"));
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn has(word: &str, other: &str) -> bool {
        variants(word).iter().any(|v| v == other)
    }

    #[test]
    fn nouns_find_verbs_and_back() {
        for (a, b) in [
            ("acquisitions", "acquire"),
            ("acquisition", "acquire"),
            ("acquired", "acquisition"),
            ("acquiring", "acquisition"),
            ("announcement", "announce"),
            ("announced", "announcement"),
            ("regulation", "regulate"),
            ("regulators", "regulate"),
            ("investment", "invest"),
            ("subscription", "subscribe"),
            ("decision", "decide"),
            ("permitted", "permission"),
            ("applications", "apply"),
        ] {
            assert!(has(a, b), "{a} should propose {b}: {:?}", variants(a));
        }
    }

    #[test]
    fn short_stems_are_not_proposed() {
        assert!(!has("station", "st"));
        assert!(!has("state", "station"));
        assert!(!has("nation", "n"));
        assert!(!has("section", "sect"));
        assert!(!has("mention", "ment"));
        assert!(variants("ai").is_empty());
        assert!(variants("c3po").is_empty());
    }

    #[test]
    fn never_the_word_itself() {
        for w in ["acquisition", "connect", "regulate", "development"] {
            assert!(!variants(w).contains(&w.to_string()));
        }
    }
}
