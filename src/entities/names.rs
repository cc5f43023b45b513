//! One person, one name across the corpus: a surname used alone ("President Reagan", "Mr
//! Fogg", a recurring "Reagan") is the person the corpus names in full with it, when one
//! full name dominates ("Ronald Reagan" in 1987 newswire). Within an article the extractor
//! links surnames itself; this covers articles that never give the full name.
//!
//! One name, one type across the corpus: a name that no context in its article types (an
//! untyped "Texaco", a lone "Lawson") takes the type the corpus gives it elsewhere: an
//! organisation when articles name it with a legal form ("Texaco Inc"), a person when
//! articles name someone in full with it as surname ("Nigel Lawson"), whichever dominates.
//!
//! Full names and organisation names are counted once per article from cheap word scans (a
//! given name then a capitalised word; capitalised words then a legal form), in the indexer's
//! pass before extraction, and kept in the index (`surnames.tsv`, `org_names.tsv`) for later
//! runs. Pure.

use rustc_hash::FxHashMap;

use super::gazetteer::Gazetteer;
use super::words;
use super::Kind;

/// A surname resolves to a full name held by at least this many articles...
const MIN_ARTICLES: u32 = 3;
/// ...and by at least this share of the articles naming anyone with that surname in full.
const MIN_SHARE: f64 = 0.9;

/// Full names per surname, with how many articles name each.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Surnames {
    full: Nested,
}

/// The distinct full names ("Ronald Reagan") an article's texts give: a known given name
/// followed, after one space, by a capitalised word that could be a surname.
pub fn full_names<'a>(texts: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for t in texts {
        text_full_names(t, &mut out);
    }
    out
}

/// [`full_names`] of one text, added to `out`; and whether a word after its first is a legal
/// form (what [`org_names`] looks for), from the same scan.
fn text_full_names(t: &str, out: &mut Vec<String>) -> bool {
    let mut legal_form = false;
    // The previous capitalised token's end, and the token if a name can go on after it; and
    // whether the token before that one was a given name right before it.
    let mut prev: (usize, Option<&str>) = (usize::MAX, None);
    let mut after_given_name = false;
    // A pair is kept once the next token shows it is not the start of a longer name
    // ("Hannah Jane" of "Hannah Jane Parkinson").
    let mut pending: Option<String> = None;
    let commit = |name: String, out: &mut Vec<String>| {
        if !out.contains(&name) {
            out.push(name);
        }
    };
    // Most words are not capitalised: neither a given name nor a surname, and nothing
    // pairs with them.
    for (start, token) in capital_tokens(t) {
        legal_form = legal_form || (start > 0 && is_legal_form(token));
        let adjacent = prev.0.wrapping_add(1) == start;
        let bare = token.trim_end_matches([',', '.', ';', ':', '!', '?', ')', '"', '”', '’', '\'']);
        let word = bare
            .strip_suffix("'s")
            .or_else(|| bare.strip_suffix("’s"))
            .unwrap_or(bare);
        if let Some(name) = pending.take() {
            let continues = adjacent && prev.1.is_some() && surname_like(word);
            if !continues {
                commit(name, out);
            }
        }
        let mut given_name_here = false;
        if let (true, Some(first)) = (adjacent, prev.1) {
            // Cheapest tests first: most word pairs are not capitalised twice.
            if word.starts_with(|c: char| c.is_uppercase())
                && first.starts_with(|c: char| c.is_uppercase())
                && words::is_first_name(first)
            {
                given_name_here = true;
                // "Hannah Jane Parkinson" gives no "Jane Parkinson".
                if !after_given_name && surname_like(word) {
                    pending = Some(format!("{first} {word}"));
                }
            }
        }
        after_given_name = given_name_here;
        // Punctuation or a possessive after a word ends the pair.
        prev = (
            start + token.len(),
            (word.len() == token.len() && !word.is_empty()).then_some(word),
        );
    }
    if let Some(name) = pending {
        commit(name, out);
    }
    legal_form
}

/// The distinct organisation names an article's texts give with a legal form: the
/// capitalised words before "Inc", "Corp", "Co", "Ltd", ... ("Texaco Inc" gives "Texaco",
/// "Procter and Gamble Co" "Procter and Gamble"), and the first word of a longer name
/// ("Salomon" of "Salomon Brothers Inc"), which is how later mentions shorten it.
pub fn org_names<'a>(texts: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    org_names_marked(texts.into_iter().map(|t| {
        let legal_form = capital_tokens(t).any(|(start, token)| start > 0 && is_legal_form(token));
        (t, legal_form)
    }))
}

/// A token that is a legal form ("Inc", "Co.", "Ltd,").
fn is_legal_form(token: &str) -> bool {
    // Most words are not capitalised: no legal form.
    if !token.starts_with(|c: char| c.is_ascii_uppercase()) {
        return false;
    }
    let form = token.trim_end_matches([',', ';', ':', ')']);
    words::LEGAL_FORM.has(form) || words::LEGAL_FORM.has(form.trim_end_matches('.'))
}

/// [`org_names`] of texts each marked with whether a word after its first is a legal form.
fn org_names_marked<'a>(texts: impl IntoIterator<Item = (&'a str, bool)>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut push = |n: &str| {
        if !out.iter().any(|o| o == n) {
            out.push(n.to_string());
        }
    };
    let is_form = is_legal_form;
    let mut tokens: Vec<&str> = Vec::new();
    for (t, legal_form) in texts {
        if !legal_form {
            continue;
        }
        tokens.clear();
        tokens.extend(space_tokens(t));
        for (k, token) in tokens.iter().enumerate() {
            if k == 0 || !is_form(token) {
                continue;
            }
            // "James Capel and Co": the name is what comes before "and".
            let k = if k >= 2 && matches!(tokens[k - 1], "and" | "&") && org_word(tokens[k - 2]) {
                k - 1
            } else {
                k
            };
            // Walk back over capitalised words, "and" / "&" between two of them. `marked`: a
            // bracket, quote or sentence word marks where the name starts.
            let mut a = k;
            let mut marked = false;
            while a > 0 && k - a < 5 {
                let w = tokens[a - 1];
                let bare = w.trim_start_matches(OPENERS);
                if bare.len() < w.len() {
                    // "(Acme Holdings Ltd)": a bracket or quote opens the name.
                    if org_word(bare) {
                        a -= 1;
                        marked = true;
                    }
                    break;
                }
                let connector =
                    matches!(w, "and" | "&") && a >= 2 && a < k && org_word(tokens[a - 2]);
                if !(org_word(w) || connector) {
                    break;
                }
                a -= 1;
            }
            // Sentence words before the name go ("The Acme Co"); nationalities stay ("American
            // Express Co").
            while a < k
                && words::STOP.has(tokens[a].trim_start_matches(OPENERS))
                && !words::is_demonym(tokens[a].trim_start_matches(OPENERS))
            {
                a += 1;
                marked = true;
            }
            if a == k || matches!(tokens[a], "and" | "&") {
                continue;
            }
            // A run cut by the length limit or by a capitalised word that can't be part of a
            // name ("Big Tech Firms Rise Inc") is a headline in title case or a list.
            let before = a.checked_sub(1).map(|i| tokens[i]);
            // "Volkswagen of America Inc", "Bank of America Corp": the name is longer than
            // what follows "of"; "America" is not the company.
            // ("Shares of Acme Co" is Acme: an ordinary word before "of" is no name's.)
            let owner = |w: &str| {
                w.starts_with(|c: char| c.is_uppercase())
                    && (!words::with_lower(w, words::is_word)
                        || words::ORG_SUFFIX.has(w)
                        || words::ORG_PREFIX.has(w)
                        || words::INSTITUTION.has(w))
            };
            if !marked && before == Some("of") && a >= 2 && owner(tokens[a - 2]) {
                continue;
            }
            if !marked
                && before.is_some_and(|w| {
                    w.starts_with(|c: char| c.is_uppercase())
                        && w.ends_with(|c: char| c.is_alphanumeric())
                        && !w.ends_with("'s")
                        && !w.ends_with("’s")
                })
            {
                continue;
            }
            let first = tokens[a].trim_start_matches(OPENERS);
            let rest = &tokens[a + 1..k];
            push(
                &std::iter::once(first)
                    .chain(rest.iter().copied())
                    .collect::<Vec<_>>()
                    .join(" "),
            );
            // How later mentions shorten it: its first word ("Salomon"), and its first two
            // ("Merrill Lynch" of "Merrill Lynch Capital Markets Inc").
            // Not a nationality ("American" of "American Express Co").
            if k - a > 1 && !words::is_demonym(first) {
                push(first);
            }
            if k - a > 2 && org_word(rest[0]) {
                push(&format!("{first} {}", rest[0]));
            }
        }
    }
    out
}

/// `text.split(' ')` by a byte loop: the tokens are words of a few bytes, for which
/// `split`'s memchr costs more than it saves (the word scans were 6% of indexing).
fn space_tokens(text: &str) -> impl Iterator<Item = &str> {
    let b = text.as_bytes();
    let mut i = 0;
    std::iter::from_fn(move || {
        if i > b.len() {
            return None;
        }
        let start = i;
        while i < b.len() && b[i] != b' ' {
            i += 1;
        }
        i += 1;
        // A space is one byte: both ends are character boundaries.
        Some(&text[start..i - 1])
    })
}

/// The tokens of `text.split(' ')` that start with an ASCII capital or a non-ASCII
/// character, with their byte offsets. Word starts are found eight bytes at a time: a space
/// followed by such a byte.
fn capital_tokens(text: &str) -> impl Iterator<Item = (usize, &str)> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = ONES * 0x80;
    let b = text.as_bytes();
    let capital = |c: u8| c.is_ascii_uppercase() || c >= 0x80;
    // Bit 7 of byte k set where a token starts at `at + k + 1`.
    let starts_after = move |at: usize| -> u64 {
        let w = u64::from_le_bytes(b[at..at + 8].try_into().unwrap_or_default());
        let n = u64::from_le_bytes(b[at + 1..at + 9].try_into().unwrap_or_default());
        let x = w ^ (ONES * b' ' as u64);
        let space = !((((x & !HIGH) + !HIGH) | x) | !HIGH);
        let low = n & !HIGH;
        let from_a = (low + ONES * (0x80 - b'A' as u64)) & HIGH;
        let past_z = (low + ONES * (0x80 - b'Z' as u64 - 1)) & HIGH;
        space & ((n & HIGH) | (from_a & !past_z))
    };
    // `mask` holds the starts found in the chunk at `base`; `next` is the next chunk's.
    let (mut base, mut mask, mut next) = (0, 0u64, 0);
    let mut first = b.first().is_some_and(|&c| capital(c));
    std::iter::from_fn(move || {
        let start = loop {
            if first {
                first = false;
                break 0;
            }
            if mask != 0 {
                let k = mask.trailing_zeros() as usize / 8;
                mask &= mask - 1;
                break base + k + 1;
            }
            if next + 9 <= b.len() {
                (base, mask) = (next, starts_after(next));
                next += 8;
                continue;
            }
            // The last few bytes, one at a time.
            while next + 1 < b.len() && !(b[next] == b' ' && capital(b[next + 1])) {
                next += 1;
            }
            if next + 1 >= b.len() {
                return None;
            }
            next += 1;
            break next;
        };
        let len = b[start..]
            .iter()
            .position(|&c| c == b' ')
            .unwrap_or(b.len() - start);
        // Tokens start after a space and end before one: both are character boundaries.
        Some((start, &text[start..start + len]))
    })
}

/// Brackets and quotes that can open a name.
const OPENERS: [char; 4] = ['(', '"', '“', '\''];

/// A word that can be part of an organisation's name before its legal form: capitalised,
/// letters, digits and inner `-` `&` `.` `'` only (no punctuation after it), not a legal
/// form or honorific, and not in capitals beyond four letters (a headline).
fn org_word(w: &str) -> bool {
    let mut chars = w.chars();
    chars.next().is_some_and(char::is_uppercase)
        && w.chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '&' | '.' | '\'' | '’'))
        && !w.ends_with('.')
        && (w.len() <= 4 || w.chars().any(char::is_lowercase))
        && !words::LEGAL_FORM.has(w)
        && !words::HONORIFIC.has(w)
}

/// What one article adds to the corpus's names: its people ([`full_names`] without the names
/// the gazetteer knows as something else, "San Francisco", or that the article gives with a
/// legal form, "Merrill Lynch and Co") and its organisations ([`org_names`]).
pub fn article_names(gz: &Gazetteer, texts: &[&str]) -> (Vec<String>, Vec<String>) {
    // One scan of each text finds its full names and whether it holds a legal form.
    let mut people = Vec::new();
    let marked: Vec<(&str, bool)> = texts
        .iter()
        .map(|&t| (t, text_full_names(t, &mut people)))
        .collect();
    let orgs = org_names_marked(marked);
    people.retain(|n| !orgs.contains(n) && gz.lookup(n).all(|e| e.kind == Kind::Person));
    (people, orgs)
}

fn surname_like(w: &str) -> bool {
    w.chars().count() >= 2
        && w.chars().next().is_some_and(char::is_uppercase)
        && w.chars().skip(1).any(char::is_lowercase)
        && w.chars()
            .all(|c| c.is_alphabetic() || matches!(c, '-' | '\'' | '’'))
        && !words::STOP.has(w)
        && !words::is_demonym(w)
        && !words::HONORIFIC.has(w)
        && !words::ORG_SUFFIX.has(w)
        && !words::PLACE_SUFFIX.has(w)
        && !words::NOT_SURNAME.has(w)
}

impl Surnames {
    /// Count one article's [`full_names`].
    pub fn add_article(&mut self, names: &[String]) {
        for n in names {
            if let Some((_, last)) = n.rsplit_once(' ') {
                *self
                    .full
                    .entry(last.to_string())
                    .or_default()
                    .entry(n.clone())
                    .or_default() += 1;
            }
        }
    }

    /// The full name a lone `surname` stands for in this corpus, if one dominates.
    pub fn resolve(&self, surname: &str) -> Option<&str> {
        let names = self.full.get(surname)?;
        let total: u32 = names.values().sum();
        let (best, &n) = names
            .iter()
            .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))?;
        (n >= MIN_ARTICLES && n as f64 >= MIN_SHARE * total as f64).then_some(best.as_str())
    }

    pub fn is_empty(&self) -> bool {
        self.full.is_empty()
    }

    /// How many articles give this full name as a person's.
    pub fn articles(&self, full: &str) -> u32 {
        full.rsplit_once(' ')
            .and_then(|(_, last)| self.full.get(last))
            .and_then(|m| m.get(full))
            .copied()
            .unwrap_or(0)
    }

    /// How many article counts name someone in full with this surname.
    pub fn people(&self, surname: &str) -> u32 {
        self.full.get(surname).map_or(0, |m| m.values().sum())
    }

    /// `surname<TAB>full name<TAB>articles` lines, sorted.
    pub fn to_tsv(&self) -> String {
        nested_to_tsv(&self.full)
    }

    /// What [`Surnames::to_tsv`] wrote; malformed lines are skipped (the file is a cache
    /// the next `--rebuild` remakes).
    pub fn from_tsv(text: &str) -> Surnames {
        Surnames {
            full: nested_from_tsv(text),
        }
    }
}

/// Counts under two keys (surname → full name, source → author).
type Nested = FxHashMap<String, FxHashMap<String, u32>>;

/// `outer<TAB>inner<TAB>count` lines, sorted.
fn nested_to_tsv(counts: &Nested) -> String {
    let mut rows: Vec<(&String, &String, &u32)> = counts
        .iter()
        .flat_map(|(o, m)| m.iter().map(move |(i, n)| (o, i, n)))
        .collect();
    rows.sort();
    rows.iter()
        .map(|(o, i, n)| format!("{o}\t{i}\t{n}\n"))
        .collect()
}

/// What [`nested_to_tsv`] wrote; malformed lines are skipped.
fn nested_from_tsv(text: &str) -> Nested {
    let mut counts = Nested::default();
    for line in text.lines() {
        let mut cols = line.split('\t');
        if let (Some(o), Some(i), Some(n)) = (cols.next(), cols.next(), cols.next()) {
            if let Ok(n) = n.parse::<u32>() {
                *counts
                    .entry(o.to_string())
                    .or_default()
                    .entry(i.to_string())
                    .or_default() += n;
            }
        }
    }
    counts
}

/// The people an article credits as its authors: "By Jane Roe" (a given name and a
/// surname after a capitalised "By"), wherever the page has it (a byline, a list of related
/// stories with their authors).
pub fn bylines<'a>(texts: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for t in texts {
        for i in memchr::memmem::find_iter(t.as_bytes(), b"By ") {
            if t[..i]
                .chars()
                .next_back()
                .is_some_and(char::is_alphanumeric)
            {
                continue;
            }
            let mut words = t[i + 3..].split(' ');
            let (Some(first), Some(last)) = (words.next(), words.next()) else {
                continue;
            };
            let last = last.trim_end_matches([',', '.', ';', ':', '|', ')']);
            if words::is_first_name(first) && surname_like(last) {
                let name = format!("{first} {last}");
                if !out.contains(&name) {
                    out.push(name);
                }
            }
        }
    }
    out
}

/// Authors per source: how many of a source's articles credit each name ([`bylines`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Authors {
    by_source: Nested,
}

impl Authors {
    /// Count one article's [`bylines`].
    pub fn add_article(&mut self, source: &str, names: &[String]) {
        if names.is_empty() {
            return;
        }
        let of = self.by_source.entry(source.to_string()).or_default();
        for n in names {
            *of.entry(n.clone()).or_default() += 1;
        }
    }

    /// The source credits `name` as an author in at least [`MIN_VOTES`] articles: on that
    /// source's pages the name is furniture (bylines, related stories), not a mention.
    pub fn is_author(&self, source: &str, name: &str) -> bool {
        self.by_source
            .get(source)
            .and_then(|of| of.get(name))
            .is_some_and(|&c| c >= MIN_VOTES)
    }

    /// `source<TAB>name<TAB>articles` lines, sorted.
    pub fn to_tsv(&self) -> String {
        nested_to_tsv(&self.by_source)
    }

    /// What [`Authors::to_tsv`] wrote; malformed lines are skipped.
    pub fn from_tsv(text: &str) -> Authors {
        Authors {
            by_source: nested_from_tsv(text),
        }
    }
}

/// Organisation names given with a legal form, with how many articles give each
/// ([`org_names`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OrgNames {
    articles: FxHashMap<String, u32>,
}

impl OrgNames {
    /// Count one article's [`org_names`].
    pub fn add_article(&mut self, names: &[String]) {
        for n in names {
            *self.articles.entry(n.clone()).or_default() += 1;
        }
    }

    /// How many articles name `name` with a legal form.
    pub fn articles(&self, name: &str) -> u32 {
        self.articles.get(name).copied().unwrap_or(0)
    }

    /// `name<TAB>articles` lines, sorted.
    pub fn to_tsv(&self) -> String {
        let mut rows: Vec<(&String, &u32)> = self.articles.iter().collect();
        rows.sort();
        rows.iter().map(|(s, n)| format!("{s}\t{n}\n")).collect()
    }

    /// What [`OrgNames::to_tsv`] wrote; malformed lines are skipped.
    pub fn from_tsv(text: &str) -> OrgNames {
        let mut o = OrgNames::default();
        for line in text.lines() {
            if let Some((name, n)) = line.split_once('\t') {
                if let Ok(n) = n.parse::<u32>() {
                    *o.articles.entry(name.to_string()).or_default() += n;
                }
            }
        }
        o
    }
}

/// The type the corpus gives a name that nothing in its article typed: an organisation when
/// at least [`MIN_VOTES`] articles give it with a legal form and people named in full with it
/// are fewer than a third of that; a person (and which one, in full) when the surname resolves
/// ([`Surnames::resolve`]) and organisation mentions are fewer than a third of its full names.
pub fn corpus_type(surnames: &Surnames, orgs: &OrgNames, name: &str) -> Option<(Kind, String)> {
    let o = orgs.articles(name);
    let p = if name.contains(' ') {
        0
    } else {
        surnames.people(name)
    };
    if o >= MIN_VOTES && 3 * p < o {
        return Some((Kind::Org, name.to_string()));
    }
    if 3 * o < p {
        if let Some(full) = surnames.resolve(name) {
            return Some((Kind::Person, full.to_string()));
        }
    }
    None
}

/// A name that looks like a person's (a given name, then a capitalised word) is an
/// organisation's when at least [`MIN_VOTES`] articles give it with a legal form, and at
/// least a third as many as name it at all ("Merrill Lynch and Co" in 89 Reuters articles,
/// "Merrill Lynch" in 123; "James Capel and Co"). The scan that counts people sees every
/// "Merrill Lynch"; a person's name is rarely followed by a legal form.
pub fn org_not_person(surnames: &Surnames, orgs: &OrgNames, name: &str) -> bool {
    let o = orgs.articles(name);
    o >= MIN_VOTES && 3 * o >= surnames.articles(name)
}

/// Articles that must give a name with a legal form before it types the name elsewhere.
pub const MIN_VOTES: u32 = 2;

#[cfg(test)]
mod tests {
    use super::*;

    /// `split(' ')`'s tokens that start with an ASCII capital or a non-ASCII byte.
    fn capital_split(t: &str) -> Vec<(usize, &str)> {
        let mut at = 0;
        t.split(' ')
            .map(|w| {
                at += w.len() + 1;
                (at - w.len() - 1, w)
            })
            .filter(|(_, w)| {
                w.bytes()
                    .next()
                    .is_some_and(|c| c.is_ascii_uppercase() || c >= 0x80)
            })
            .collect()
    }

    #[test]
    fn capital_tokens_are_the_capitalised_space_split_tokens() {
        for t in [
            "",
            "A",
            " B",
            "a b",
            "Ronald Reagan met  Ólafur in Bonn, said Ana Souza (AP) Co.",
            "x Yz abcdefghijklmn Op qrstuvwxyz Éa b Cd",
        ] {
            assert_eq!(
                capital_tokens(t).collect::<Vec<_>>(),
                capital_split(t),
                "{t:?}"
            );
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]
        #[test]
        fn capital_tokens_of_any_text(t in "[ aAzZ@\\[`{é’.]{0,40}") {
            proptest::prop_assert_eq!(capital_tokens(&t).collect::<Vec<_>>(), capital_split(&t));
        }
    }

    #[test]
    fn space_tokens_are_split_on_spaces() {
        for t in ["", " ", "a", "Ab  cd ", " é’s x", "two words"] {
            assert_eq!(
                space_tokens(t).collect::<Vec<_>>(),
                t.split(' ').collect::<Vec<_>>(),
                "{t:?}"
            );
        }
    }

    #[test]
    fn full_names_are_given_name_then_surname() {
        let n = full_names([
            "President Ronald Reagan said, and James Baker agreed. Ronald Reagan left.",
            "Mr Reagan met Ronald Reagan's aides in New York.",
        ]);
        assert_eq!(n, ["Ronald Reagan", "James Baker"]);
        // No pair across punctuation, none with a word that is no surname.
        assert!(full_names(["James. Baker left; David Park Hotel"]).is_empty());
        // A pair inside a longer name is not a full name of its own.
        assert!(full_names(["a column by Hannah Jane Parkinson on robots"]).is_empty());
        assert_eq!(
            full_names(["by Jane Parkinson. Parkinson said"]),
            ["Jane Parkinson"]
        );
    }

    #[test]
    fn organisation_names_are_capitalised_words_before_a_legal_form() {
        let n = org_names([
            "Texaco Inc said it and Salomon Brothers Inc. agreed, as did Procter and Gamble Co.",
            "The company (Acme Holdings Ltd) and TEXACO INC rose; Co said Inc.",
            "Analysts at James Capel and Co and Merrill Lynch Capital Markets Inc agreed.",
        ]);
        assert_eq!(
            n,
            [
                "Texaco",
                "Salomon Brothers",
                "Salomon",
                "Procter and Gamble",
                "Procter",
                "Acme Holdings",
                "Acme",
                "James Capel",
                "James",
                "Merrill Lynch Capital Markets",
                "Merrill",
                "Merrill Lynch",
            ]
        );
        // Headlines in capitals, sentence words and a run cut by the length limit are not.
        let n = org_names(["Shares Of Five Big Tech Firms Rise Inc"]);
        assert!(n.is_empty(), "{n:?}");
        // The words after "of" in a longer name are not the company ("Volkswagen of America
        // Inc" is no vote for "America").
        let n = org_names(["Sales at Volkswagen of America Inc and Bank of Quorvex Corp rose."]);
        assert!(n.is_empty(), "{n:?}");
        // Nor is a nationality opening a longer name a short form of it.
        let n = org_names(["Shares of American Quorvex Co rose."]);
        assert_eq!(n, ["American Quorvex"]);
    }

    #[test]
    fn the_corpus_types_a_name_by_its_dominant_evidence() {
        let (mut s, mut o) = (Surnames::default(), OrgNames::default());
        for _ in 0..4 {
            o.add_article(&["Texaco".into()]);
            s.add_article(&["Nigel Lawson".into()]);
            s.add_article(&["Robert Salomon".into()]);
            o.add_article(&["Salomon".into()]);
        }
        o.add_article(&["Lawson".into()]);
        o.add_article(&["Zenith".into()]);
        let t = |n: &str| corpus_type(&s, &o, n).map(|(k, n)| format!("{}:{n}", k.as_str()));
        assert_eq!(t("Texaco").as_deref(), Some("org:Texaco"));
        assert_eq!(t("Lawson").as_deref(), Some("person:Nigel Lawson"));
        // Evidence both ways, or too little: no type.
        assert_eq!(t("Salomon"), None);
        assert_eq!(t("Zenith"), None);
        assert_eq!(t("Unheard"), None);
        // A person-shaped name the corpus writes with a legal form more often than alone.
        for _ in 0..3 {
            o.add_article(&["Merrill Lynch".into()]);
        }
        for _ in 0..9 {
            s.add_article(&["Merrill Lynch".into()]);
        }
        assert!(org_not_person(&s, &o, "Merrill Lynch"));
        s.add_article(&["Merrill Lynch".into()]);
        assert!(!org_not_person(&s, &o, "Merrill Lynch"));
        assert!(!org_not_person(&s, &o, "Nigel Lawson"));
    }

    #[test]
    fn bylines_credit_authors_per_source() {
        let texts = [
            "Rewriting the Rules By Simon Parkin archive page We have cars. By contrast, \
             Stand By Me played. Related: How to fix it By Katie Notopoulos, More",
            "Goodbye. Written by Jane Roe.",
        ];
        assert_eq!(bylines(texts), ["Simon Parkin", "Katie Notopoulos"]);
        let mut a = Authors::default();
        a.add_article("example.com", &bylines(texts));
        assert!(
            !a.is_author("example.com", "Simon Parkin"),
            "one article is not enough"
        );
        a.add_article("example.com", &["Simon Parkin".into()]);
        assert!(a.is_author("example.com", "Simon Parkin"));
        assert!(!a.is_author("other.org", "Simon Parkin"));
        assert_eq!(Authors::from_tsv(&a.to_tsv()), a);
    }

    #[test]
    fn org_names_round_trip_through_tsv() {
        let mut o = OrgNames::default();
        o.add_article(&["Texaco".into(), "Procter and Gamble".into()]);
        o.add_article(&["Texaco".into()]);
        let back = OrgNames::from_tsv(&o.to_tsv());
        assert_eq!(back, o);
        assert_eq!(back.articles("Texaco"), 2);
        assert_eq!(
            OrgNames::from_tsv("junk\nTexaco\tmany\n"),
            OrgNames::default()
        );
    }

    #[test]
    fn people_are_full_names_the_gazetteer_does_not_know_as_something_else() {
        let gz = Gazetteer::builtin();
        let texts = [
            "Ronald Reagan flew to San Francisco with Nigel Lawson.",
            "Merrill Lynch said so. Merrill Lynch and Co rose.",
        ];
        assert!(full_names(texts).contains(&"San Francisco".to_string()));
        assert!(full_names(texts).contains(&"Merrill Lynch".to_string()));
        let (people, orgs) = article_names(&gz, &texts);
        assert_eq!(people, ["Ronald Reagan", "Nigel Lawson"]);
        assert_eq!(orgs, ["Merrill Lynch", "Merrill"]);
    }

    #[test]
    fn a_dominant_full_name_resolves_its_surname() {
        let mut s = Surnames::default();
        for _ in 0..20 {
            s.add_article(&["Ronald Reagan".into()]);
        }
        s.add_article(&["Nancy Reagan".into()]);
        for _ in 0..5 {
            s.add_article(&["James Baker".into()]);
            s.add_article(&["Howard Baker".into()]);
        }
        s.add_article(&["Ian Fogg".into()]);
        assert_eq!(s.resolve("Reagan"), Some("Ronald Reagan"));
        assert_eq!(s.resolve("Baker"), None, "two people share it");
        assert_eq!(s.resolve("Fogg"), None, "too few articles");
        assert_eq!(s.resolve("Nobody"), None);
        assert_eq!(Surnames::from_tsv(&s.to_tsv()), s);
    }
}
