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
    ("ism", "ist"),     // racism / racist
];

/// Irregular verbs (base, past, past participle) that stemming cannot join: `grown` does not
/// stem to `grow`, nor `bought` to `buy`. Verbs whose forms are common words of their own
/// (`left`, `found`, `led`, `saw`, `bit`, `mean`) are left out.
const IRREGULAR: &[(&str, &str, &str)] = &[
    ("arise", "arose", "arisen"),
    ("become", "became", "become"),
    ("begin", "began", "begun"),
    ("blow", "blew", "blown"),
    ("break", "broke", "broken"),
    ("bring", "brought", "brought"),
    ("build", "built", "built"),
    ("buy", "bought", "bought"),
    ("catch", "caught", "caught"),
    ("choose", "chose", "chosen"),
    ("come", "came", "come"),
    ("deal", "dealt", "dealt"),
    ("do", "did", "done"),
    ("draw", "drew", "drawn"),
    ("drink", "drank", "drunk"),
    ("drive", "drove", "driven"),
    ("eat", "ate", "eaten"),
    ("fall", "fell", "fallen"),
    ("feel", "felt", "felt"),
    ("fight", "fought", "fought"),
    ("fly", "flew", "flown"),
    ("forget", "forgot", "forgotten"),
    ("freeze", "froze", "frozen"),
    ("get", "got", "gotten"),
    ("give", "gave", "given"),
    ("go", "went", "gone"),
    ("grow", "grew", "grown"),
    ("hide", "hid", "hidden"),
    ("hold", "held", "held"),
    ("keep", "kept", "kept"),
    ("know", "knew", "known"),
    ("lend", "lent", "lent"),
    ("lose", "lost", "lost"),
    ("make", "made", "made"),
    ("meet", "met", "met"),
    ("pay", "paid", "paid"),
    ("ride", "rode", "ridden"),
    ("ring", "rang", "rung"),
    ("rise", "rose", "risen"),
    ("run", "ran", "run"),
    ("say", "said", "said"),
    ("seek", "sought", "sought"),
    ("sell", "sold", "sold"),
    ("send", "sent", "sent"),
    ("shake", "shook", "shaken"),
    ("shoot", "shot", "shot"),
    ("show", "showed", "shown"),
    ("shrink", "shrank", "shrunk"),
    ("sing", "sang", "sung"),
    ("sink", "sank", "sunk"),
    ("sleep", "slept", "slept"),
    ("speak", "spoke", "spoken"),
    ("spend", "spent", "spent"),
    ("stand", "stood", "stood"),
    ("steal", "stole", "stolen"),
    ("strike", "struck", "struck"),
    ("swim", "swam", "swum"),
    ("take", "took", "taken"),
    ("teach", "taught", "taught"),
    ("tell", "told", "told"),
    ("think", "thought", "thought"),
    ("throw", "threw", "thrown"),
    ("understand", "understood", "understood"),
    ("wake", "woke", "woken"),
    ("wear", "wore", "worn"),
    ("win", "won", "won"),
    ("withdraw", "withdrew", "withdrawn"),
    ("write", "wrote", "written"),
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
    let mut out: Vec<String> = Vec::new();
    for forms in IRREGULAR {
        let (base, past, participle) = *forms;
        let base_s = format!("{base}s");
        if [base, past, participle, base_s.as_str()].contains(&w.as_str()) {
            for f in [base, past, participle] {
                if f != w && !out.iter().any(|o| o == f) {
                    out.push(f.to_string());
                }
            }
        }
    }
    if w.chars().count() < 4 || !w.chars().all(char::is_alphabetic) {
        return out;
    }
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
            ("racist", "racism"),
            ("journalism", "journalist"),
        ] {
            assert!(has(a, b), "{a} should propose {b}: {:?}", variants(a));
        }
    }

    #[test]
    fn irregular_verbs_join_their_forms() {
        assert!(has("grown", "grow"));
        assert!(has("grows", "grown"));
        assert!(has("bought", "buy"));
        assert!(has("buys", "bought"));
        assert!(has("written", "write"));
        assert!(!has("grow", "grow"));
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
