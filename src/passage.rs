//! Splitting an article's text into passages: the paragraph-sized units that search returns.
//!
//! Pure. The rules, in order:
//! 1. Hard-wrapped text (lines of at most ~100 columns, at least 40% of which run on into the
//!    next line mid-sentence, as in newswire copy) is rejoined into paragraphs, which start at a
//!    blank line or an indented line. Otherwise every non-blank line is a paragraph.
//! 2. Whitespace inside a paragraph is collapsed to single spaces.
//! 3. Paragraphs shorter than [`MIN_WORDS`] (subheadings, bylines, one-line captions) are merged
//!    into the paragraph that follows them (the last one into the one before), joined by `\n`.
//! 4. Paragraphs longer than [`MAX_WORDS`] are cut at sentence boundaries into balanced pieces of
//!    at most `MAX_WORDS` words. A sentence is never cut, unless it alone exceeds
//!    [`MAX_SENTENCE_WORDS`] (scraped navigation junk, tables): then it is cut at clause
//!    punctuation, and failing that between words. Words are never cut.
//!
//! Invariant (tested): the words of the passages, in order, are exactly the words of the input.

pub const MAX_WORDS: usize = 80;
pub const MIN_WORDS: usize = 12;
pub const MAX_SENTENCE_WORDS: usize = 160;

/// Split an article body into passages.
pub fn split(body: &str) -> Vec<String> {
    let paras = merge_short(counted_paragraphs(body));
    let mut out = Vec::with_capacity(paras.len() + 2);
    for (p, words) in paras {
        if words <= MAX_WORDS {
            out.push(p);
        } else {
            split_long(&p, &mut out);
        }
    }
    out
}

fn word_count(s: &str) -> usize {
    s.split_whitespace().count()
}

/// [`word_count`] of text whose whitespace is already collapsed to single spaces and newlines
/// (a paragraph from [`split`]'s first steps, or a slice of one): a byte count instead of a
/// Unicode whitespace walk, which was 4% of indexing CPU.
fn collapsed_word_count(s: &str) -> usize {
    let t = s.trim_matches([' ', '\n']);
    let n = if t.is_empty() {
        0
    } else {
        1 + t.bytes().filter(|&b| b == b' ' || b == b'\n').count()
    };
    debug_assert_eq!(n, word_count(s), "{s:?}");
    n
}

/// Rule 1 and 2: lines to paragraphs.
pub fn paragraphs(body: &str) -> Vec<String> {
    counted_paragraphs(body)
        .into_iter()
        .map(|(p, _)| p)
        .collect()
}

/// Paragraphs with their word counts (counted once, while whitespace is collapsed).
fn counted_paragraphs(body: &str) -> Vec<(String, usize)> {
    let lines: Vec<&str> = body.lines().collect();
    let mut out = Vec::new();
    if is_hard_wrapped(&lines) {
        let mut cur = String::new();
        for line in &lines {
            let indented = line.starts_with("  ") || line.starts_with('\t');
            if line.trim().is_empty() || indented {
                push_para(&mut out, &cur);
                cur.clear();
            }
            if !line.trim().is_empty() {
                cur.push(' ');
                cur.push_str(line);
            }
        }
        push_para(&mut out, &cur);
    } else {
        for line in &lines {
            push_para(&mut out, line);
        }
    }
    out
}

fn push_para(out: &mut Vec<(String, usize)>, text: &str) {
    if text.is_ascii() {
        push_ascii_para(out, text);
        return;
    }
    let mut p = String::with_capacity(text.len());
    let mut n = 0;
    for w in text.split_whitespace() {
        if n > 0 {
            p.push(' ');
        }
        p.push_str(w);
        n += 1;
    }
    if n > 0 {
        out.push((p, n));
    }
}

/// [`push_para`] of ASCII text: the same words (split at the ASCII whitespace
/// `char::is_whitespace` knows: tab, line feed, vertical tab, form feed, carriage return,
/// space), a byte at a time instead of a `char` at a time (half the cost of passage splitting).
fn push_ascii_para(out: &mut Vec<(String, usize)>, text: &str) {
    let mut p = Vec::with_capacity(text.len());
    let mut n = 0;
    let mut in_word = false;
    for &b in text.as_bytes() {
        if matches!(b, b'\t'..=b'\r' | b' ') {
            in_word = false;
        } else {
            if !in_word {
                if n > 0 {
                    p.push(b' ');
                }
                n += 1;
                in_word = true;
            }
            p.push(b);
        }
    }
    if n > 0 {
        // Only ASCII bytes were copied.
        out.push((String::from_utf8(p).unwrap_or_default(), n));
    }
}

fn is_hard_wrapped(lines: &[&str]) -> bool {
    // Hard-wrapped text breaks lines mid-sentence; one-paragraph-per-line text breaks them at
    // sentence ends. Count lines that run on into a following, non-indented line.
    let nonblank = lines.iter().filter(|l| !l.trim().is_empty()).count();
    if nonblank < 3 {
        return false;
    }
    let too_long = lines
        .iter()
        .filter(|l| l.trim_end().chars().count() > 100)
        .count();
    if too_long * 20 > nonblank {
        return false;
    }
    let runs_on = lines
        .windows(2)
        .filter(|w| {
            let (this, next) = (w[0].trim_end(), w[1]);
            !this.trim().is_empty()
                && !next.trim().is_empty()
                && !next.starts_with([' ', '\t'])
                && !this.ends_with(['.', '!', '?', ':', '"', '\'', '”', '’', ')'])
        })
        .count();
    runs_on * 5 >= nonblank * 2
}

/// Rule 3: short paragraphs join the next one (or the previous one at the end).
fn merge_short(paras: Vec<(String, usize)>) -> Vec<(String, usize)> {
    let mut out: Vec<(String, usize)> = Vec::with_capacity(paras.len());
    let mut pending = String::new();
    let mut pending_words = 0;
    for (p, words) in paras {
        if !pending.is_empty() {
            pending.push('\n');
        }
        pending.push_str(&p);
        pending_words += words;
        if pending_words >= MIN_WORDS && (words >= MIN_WORDS || pending_words > words) {
            out.push((std::mem::take(&mut pending), pending_words));
            pending_words = 0;
        }
    }
    if !pending.is_empty() {
        match out.last_mut() {
            Some((last, n)) if *n + pending_words <= MAX_WORDS => {
                last.push('\n');
                last.push_str(&pending);
                *n += pending_words;
            }
            _ => out.push((pending, pending_words)),
        }
    }
    out
}

/// Rule 4: cut a long paragraph into balanced pieces at sentence boundaries.
fn split_long(p: &str, out: &mut Vec<String>) {
    let mut units: Vec<&str> = Vec::new();
    let mut counts: Vec<usize> = Vec::new();
    for s in sentences(p) {
        let n = collapsed_word_count(s);
        if n > MAX_SENTENCE_WORDS {
            let from = units.len();
            cut_oversized(s, &mut units);
            counts.extend(units[from..].iter().map(|u| collapsed_word_count(u)));
        } else {
            units.push(s);
            counts.push(n);
        }
    }
    let total: usize = counts.iter().sum();
    let pieces = total.div_ceil(MAX_WORDS).max(1);
    let target = total.div_ceil(pieces);
    let mut start = 0;
    let mut words = 0;
    for i in 0..units.len() {
        if i > start && (words + counts[i] > MAX_WORDS || words >= target) {
            out.push(join_units(&units[start..i]));
            start = i;
            words = 0;
        }
        words += counts[i];
    }
    if start < units.len() {
        out.push(join_units(&units[start..]));
    }
}

fn join_units(units: &[&str]) -> String {
    let mut s = String::new();
    for u in units {
        if !s.is_empty() {
            s.push(' ');
        }
        s.push_str(u.trim());
    }
    s
}

/// A "sentence" too long to be one: cut after clause punctuation, then between words.
/// Linear in the sentence length: word boundaries are found once.
fn cut_oversized<'a>(s: &'a str, units: &mut Vec<&'a str>) {
    let s = s.trim();
    // (start, end) byte offsets of each word.
    let mut words: Vec<(usize, usize)> = Vec::new();
    let mut word_start = None;
    for (i, c) in s.char_indices() {
        match (c.is_whitespace(), word_start) {
            (true, Some(st)) => {
                words.push((st, i));
                word_start = None;
            }
            (false, None) => word_start = Some(i),
            _ => {}
        }
    }
    if let Some(st) = word_start {
        words.push((st, s.len()));
    }
    let mut first = 0;
    while words.len() - first > MAX_WORDS {
        let window = &words[first..first + MAX_WORDS];
        // The last word of the window's second half that ends a clause, else the window's end.
        let cut = window[MAX_WORDS / 2..]
            .iter()
            .rposition(|&(st, en)| s[st..en].ends_with([';', ':', ',', '—', '|']))
            .map_or(MAX_WORDS, |k| MAX_WORDS / 2 + k + 1);
        units.push(&s[words[first].0..words[first + cut - 1].1]);
        first += cut;
    }
    if first < words.len() {
        units.push(&s[words[first].0..]);
    }
}

const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "inc", "corp", "ltd", "co", "vs", "gen",
    "gov", "sen", "rep", "mt", "ft", "no", "fig", "jan", "feb", "mar", "apr", "jun", "jul", "aug",
    "sep", "sept", "oct", "nov", "dec", "approx", "dept", "est", "col", "lt", "capt", "rev", "u.s",
    "u.k", "e.g", "i.e", "a.m", "p.m",
];

/// Sentence spans of a paragraph (slices of it, whitespace between them dropped). A newline is
/// always a boundary; so is `.`, `!` or `?` (plus closing quotes or brackets) followed by a space
/// and an upper-case letter, digit or opening quote, unless the word before is an abbreviation
/// or an initial.
pub fn sentences(p: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    // Bytes, not chars: the signs looked for are ASCII, which never occur inside a multi-byte
    // character.
    let bytes = p.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        if c == b'\n' {
            push_span(&mut out, &p[start..i]);
            start = i + 1;
            i += 1;
            continue;
        }
        if !matches!(c, b'.' | b'!' | b'?') {
            i += 1;
            continue;
        }
        // Extend over repeated punctuation and closing quotes/brackets.
        let mut end = i + 1;
        for d in p[end..].chars() {
            if matches!(d, '.' | '!' | '?' | '"' | '\'' | '”' | '’' | ')' | ']') {
                end += d.len_utf8();
            } else {
                break;
            }
        }
        let at = i;
        i = end;
        if ends_sentence(p, start, at, end) {
            push_span(&mut out, &p[start..end]);
            start = end;
        }
    }
    push_span(&mut out, &p[start..]);
    out
}

/// Whether the sign at `at` (`.`, `!` or `?`, extended over closing signs to `end`) ends the
/// sentence that began at `start`: a space and an upper-case letter, a digit or an opening
/// quote follow, and a full stop does not close an abbreviation or an initial.
fn ends_sentence(p: &str, start: usize, at: usize, end: usize) -> bool {
    let Some(after) = p[end..].strip_prefix(' ') else {
        return false;
    };
    let next = after.trim_start_matches(' ').chars().next();
    let starts_sentence = next.is_some_and(|n| {
        n.is_uppercase() || n.is_ascii_digit() || matches!(n, '"' | '“' | '‘' | '\'' | '(' | '[')
    });
    starts_sentence && !(p.as_bytes()[at] == b'.' && is_abbreviation(&p[start..at]))
}

fn push_span<'a>(out: &mut Vec<&'a str>, s: &'a str) {
    let s = s.trim();
    if !s.is_empty() {
        out.push(s);
    }
}

/// Is the word just before a period an abbreviation or an initial ("J.", "U.S", "Mr")?
fn is_abbreviation(before: &str) -> bool {
    let word = before
        .rsplit(|c: char| c.is_whitespace() || c == '(' || c == '"' || c == '“')
        .next()
        .unwrap_or("");
    if word.is_empty() {
        return false;
    }
    let mut cs = word.chars();
    if let (Some(c), None) = (cs.next(), cs.next()) {
        return c.is_uppercase();
    }
    let lower = word.to_lowercase();
    ABBREVIATIONS.contains(&lower.as_str()) || (word.contains('.') && word.len() <= 6)
}

/// The first sentence of a text, for deriving a title.
pub fn first_sentence(text: &str) -> &str {
    let first_para = text
        .split("\n\n")
        .find(|p| !p.trim().is_empty())
        .unwrap_or("");
    let line = first_para
        .lines()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("");
    sentences(line).into_iter().next().unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The definitions the byte-wise versions must match.
    fn sentences_by_chars(p: &str) -> Vec<&str> {
        let mut out = Vec::new();
        let mut start = 0;
        let mut chars = p.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            if c == '\n' {
                push_span(&mut out, &p[start..i]);
                start = i + 1;
                continue;
            }
            if !matches!(c, '.' | '!' | '?') {
                continue;
            }
            // Extend over repeated punctuation and closing quotes/brackets.
            let mut end = i + c.len_utf8();
            while let Some(&(j, d)) = chars.peek() {
                if matches!(d, '.' | '!' | '?' | '"' | '\'' | '”' | '’' | ')' | ']') {
                    end = j + d.len_utf8();
                    chars.next();
                } else {
                    break;
                }
            }
            if ends_sentence(p, start, i, end) {
                push_span(&mut out, &p[start..end]);
                start = end;
            }
        }
        push_span(&mut out, &p[start..]);
        out
    }

    fn push_para_by_chars(text: &str) -> Option<(String, usize)> {
        let words: Vec<&str> = text.split_whitespace().collect();
        (!words.is_empty()).then(|| (words.join(" "), words.len()))
    }

    proptest::proptest! {
        #[test]
        fn byte_wise_splitting_matches_the_char_wise_definition(
            text in proptest::prop_oneof![
                // ASCII only (the fast path of `push_para`), and with other characters.
                "([a-zA-Z0-9]{1,6}|[ \\t\\n\\r\\x0b\\x0c\\x1c]|[.!?\"')\\]]|Mr|(Mr|e\\.g|[A-Z])\\. [A-Z][a-z]{0,3}|[.!?] [A-Z0-9]){0,40}",
                "([a-zA-Z0-9]{1,6}|[ \\t\\n\\r\\x0b\\x0c]|[.!?\"')\\]]|[”’“‘(\\[]|Mr|é|\\u{a0}|\\u{2003}){0,40}",
            ]
        ) {
            proptest::prop_assert_eq!(sentences(&text), sentences_by_chars(&text));
            let mut out = Vec::new();
            push_para(&mut out, &text);
            proptest::prop_assert_eq!(out.pop(), push_para_by_chars(&text));
        }
    }

    fn words(s: &str) -> Vec<&str> {
        s.split_whitespace().collect()
    }

    fn check_lossless(body: &str) -> Vec<String> {
        let ps = split(body);
        let joined = ps.join(" ");
        assert_eq!(words(&joined), words(body), "words lost or reordered");
        ps
    }

    #[test]
    fn sentence_boundaries() {
        let s = sentences("Mr. Smith met Dr. Jones at 9 a.m. in the U.S. office. It rained! Did it? \"Yes.\" Then J. K. Rowling spoke.");
        assert_eq!(
            s,
            vec![
                "Mr. Smith met Dr. Jones at 9 a.m. in the U.S. office.",
                "It rained!",
                "Did it?",
                "\"Yes.\"",
                "Then J. K. Rowling spoke."
            ]
        );
        assert_eq!(
            sentences("Version 2.5 is out. Prices rose 3.4%."),
            vec!["Version 2.5 is out.", "Prices rose 3.4%."]
        );
    }

    #[test]
    fn blank_line_and_line_paragraphs() {
        let a = "First paragraph has enough words to stand alone as its own passage here.";
        let b = "Second paragraph also has enough words to stand alone as its own passage.";
        assert_eq!(check_lossless(&format!("{a}\n\n{b}\n")), vec![a, b]);
        assert_eq!(check_lossless(&format!("{a}\n{b}")), vec![a, b]);
    }

    #[test]
    fn short_lines_merge_with_next() {
        let body = "The deal\nMicrosoft agreed to buy the company for a sum that analysts called very large indeed.\nEnd.";
        let ps = check_lossless(body);
        assert_eq!(ps.len(), 1);
        assert!(ps[0].starts_with("The deal\nMicrosoft"));
        assert!(ps[0].ends_with("\nEnd."));
    }

    #[test]
    fn long_paragraph_cut_at_sentences() {
        let sentence = "The chip maker said demand for its accelerators stayed strong in every region it serves.";
        let para = [sentence; 12].join(" "); // 12 x 15 = 180 words
        let ps = check_lossless(&para);
        assert_eq!(ps.len(), 3);
        for p in &ps {
            assert!(word_count(p) <= MAX_WORDS);
            assert!(p.ends_with('.') && p.starts_with("The chip"));
        }
    }

    #[test]
    fn oversized_sentence_is_cut_between_words() {
        let junk = "Menu Home News Sport Weather ".repeat(100);
        let ps = check_lossless(&junk);
        assert!(ps.len() >= 5);
        assert!(ps.iter().all(|p| word_count(p) <= MAX_WORDS));
    }

    #[test]
    fn hard_wrapped_newswire_is_rejoined() {
        let body = concat!(
            "    Shares of the computer maker rose sharply on Thursday after the\n",
            "company said its quarterly profits would beat the forecasts that\n",
            "analysts had made earlier in the month, traders said.\n",
            "    The company also said it would buy back up to five mln of its\n",
            "own shares over the next year, subject to market conditions and\n",
            "approval by its board of directors at the next meeting.\n",
        );
        let ps = check_lossless(body);
        assert_eq!(ps.len(), 2, "{ps:#?}");
        assert!(ps[0].starts_with(
            "Shares of the computer maker rose sharply on Thursday after the company said"
        ));
        assert!(ps[1].starts_with("The company also said"));
    }

    #[test]
    fn short_hard_wrapped_story() {
        let body = concat!(
            "    (The Example Group Inc) said its\n",
            "steel unit received a contract valued at 8.5 mln\n",
            "dlrs to supply trusses for a new car\n",
            "plant in Ontario.\n",
            "    The group said it will produce the trusses at its\n",
            "two plants and deliver them by August.\n",
            " Reuter\n"
        );
        let ps = check_lossless(body);
        assert_eq!(ps.len(), 2, "{ps:#?}");
        assert!(ps[0].contains("said its steel unit received"), "{ps:#?}");
        assert!(ps[0].ends_with("plant in Ontario."), "{ps:#?}");
        assert!(
            ps[1].starts_with("The group said it will produce the trusses at its two plants"),
            "{ps:#?}"
        );
    }

    #[test]
    fn one_paragraph_per_line_is_not_rejoined() {
        let body = "Short first line of the story ends here.\nSecond line also ends with a full stop.\nThird one too, like the others.\nFourth.";
        assert!(!is_hard_wrapped(&body.lines().collect::<Vec<_>>()));
    }

    /// Deterministic pseudo-random texts (xorshift): the splitter never loses, adds or reorders
    /// a word, and never makes a passage longer than the limits allow.
    #[test]
    fn random_texts_are_split_losslessly() {
        const PIECES: &[&str] = &[
            "word",
            "Microsoft",
            "U.S.",
            "Mr.",
            "3.5",
            "end.",
            "Why?",
            "wow!",
            "\"Quote.\"",
            "(aside)",
            "naïve",
            "€2bn",
            "—",
            "x",
            "a;",
            "b,",
            "\n",
            "\n\n",
            "\n    ",
            " ",
            "  ",
            "\t",
            "Ünïcode.",
            "J.",
            "K.",
            "Rowling",
            "line-end",
            "...",
            "e.g.",
            "CAPS",
            "\u{200b}",
            "ok:",
        ];
        let mut rng = crate::testutil::XorShift(0x9E37_79B9_7F4A_7C15);
        let mut next = || rng.next();
        for _ in 0..500 {
            let len = (next() % 600) as usize;
            let mut text = String::new();
            for _ in 0..len {
                text.push_str(PIECES[(next() % PIECES.len() as u64) as usize]);
                if next() % 3 > 0 {
                    text.push(' ');
                }
            }
            let ps = check_lossless(&text);
            for p in &ps {
                assert!(!p.trim().is_empty(), "empty passage from {text:?}");
                assert!(
                    word_count(p) <= MAX_SENTENCE_WORDS.max(MAX_WORDS + MIN_WORDS * 2),
                    "{p:?}"
                );
            }
        }
    }

    #[test]
    fn first_sentence_for_titles() {
        assert_eq!(
            first_sentence("Apple sold more phones. Then it rained."),
            "Apple sold more phones."
        );
        assert_eq!(first_sentence("\n\nOnly line"), "Only line");
    }
}
