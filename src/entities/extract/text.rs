//! Words of an article's texts and what a position in them looks like: word splitting (with
//! headline and sentence starts), character classes, case, sentence starts, menus of links,
//! and the boundaries a name may start and end at.

use super::*;

/// A word of a text: byte span and whether it starts a sentence (or is in a headline).
#[derive(Debug, Clone, Copy)]
pub(super) struct Word {
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) sentence_start: bool,
    /// Holds an inner hyphen ("US-China"): a name may start after it.
    pub(super) hyphen: bool,
    /// Starts with a capital letter.
    pub(super) upper: bool,
}

/// Whether a name at `start` opens a sentence of `text` (past quotes and a bracket).
pub(super) fn opens_sentence(text: &str, start: usize) -> bool {
    let before = text[..start].trim_end_matches([' ', '"', '“', '(']);
    before.is_empty() || before.ends_with(['.', '!', '?', ':', '\n'])
}

/// Whether `name` (of several words, the first capitalised) is also written with that word
/// in lower case, as words of its own, in one of `texts`.
pub(super) fn lowered_elsewhere(texts: &[&str], name: &str) -> bool {
    let Some((first, _)) = name.split_once(' ') else {
        return false;
    };
    let mut chars = first.chars();
    if !chars.next().is_some_and(|c| c.is_ascii_uppercase()) || !chars.all(char::is_lowercase) {
        return false;
    }
    let lowered = format!("{}{}", name[..1].to_ascii_lowercase(), &name[1..]);
    let finder = memchr::memmem::Finder::new(lowered.as_bytes());
    texts.iter().any(|t| {
        finder.find_iter(t.as_bytes()).any(|i| {
            let e = i + lowered.len();
            !t[..i].ends_with(|c: char| c.is_alphanumeric())
                && !t[e..].starts_with(|c: char| c.is_alphanumeric())
        })
    })
}

/// Stretches of a body text between sentence starts where most words are capitalised:
/// navigation menus, share buttons and tag lists of scraped pages ("Artificial Intelligence
/// View All AI, ML and Deep Learning ..."). No entity is taken from them.
pub(super) fn menu_spans(text: &str, ws: &[Word]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < ws.len() {
        let mut j = i + 1;
        while j < ws.len() && !ws[j].sentence_start {
            j += 1;
        }
        let n = j - i;
        let caps = ws[i..j].iter().filter(|w| w.upper).count();
        // "Past performers include Abba, Celine Dion, Bucks Fizz and Lulu.": a list in a
        // sentence (commas, then a full stop) is prose, however many names it holds.
        let (s, e) = (ws[i].start, ws[j - 1].end);
        let prose_list = || text[e..].starts_with('.') && text[s..e].matches(", ").nth(1).is_some();
        if n >= MENU_MIN_WORDS && caps * 4 >= n * 3 && !prose_list() {
            out.push((s, e));
        }
        i = j;
    }
    out
}

/// A "sentence" this long with three quarters of its words capitalised is a menu.
pub(super) const MENU_MIN_WORDS: usize = 10;

/// "PCs", "CDs", "DVDs": capitals then a plural s.
pub(super) fn plural_acronym(w: &str) -> bool {
    w.len() >= 3 && w.ends_with('s') && w[..w.len() - 1].chars().all(|c| c.is_ascii_uppercase())
}

pub(super) fn starts_upper(s: &str) -> bool {
    s.chars().next().is_some_and(|c| c.is_uppercase())
}

pub(super) fn strip_possessive(s: &str) -> &str {
    s.strip_suffix("'s")
        .or_else(|| s.strip_suffix("’s"))
        .or_else(|| s.strip_suffix('\''))
        .or_else(|| s.strip_suffix('’'))
        .unwrap_or(s)
}

/// The character at byte `i` of `text` and its length (ASCII without decoding).
#[inline]
pub(super) fn char_at(text: &str, i: usize) -> (char, usize) {
    let b = text.as_bytes()[i];
    if b < 0x80 {
        (b as char, 1)
    } else {
        let c = text[i..].chars().next().unwrap_or(' ');
        (c, c.len_utf8())
    }
}

/// `char::is_alphanumeric`, with a short cut for ASCII and for the General Punctuation block
/// (curly quotes, dashes, bullets), which scraped text is full of.
#[inline]
pub(super) fn is_alnum(c: char) -> bool {
    if c.is_ascii() {
        ASCII_ALNUM[c as usize]
    } else if ('\u{2000}'..='\u{206f}').contains(&c) {
        false
    } else {
        c.is_alphanumeric()
    }
}

/// ASCII letters and digits: the common case of `char::is_alphanumeric`, by table.
pub(super) const ASCII_ALNUM: [bool; 128] = {
    let mut t = [false; 128];
    let mut i = 0;
    while i < 128 {
        t[i] = (i as u8).is_ascii_alphanumeric();
        i += 1;
    }
    t
};

/// Words: runs of letters, digits and inner `-`, `'`, `’`, `.` (acronyms like U.S.).
pub(super) fn split_words(text: &str, headline: bool) -> Vec<Word> {
    let b = text.as_bytes();
    let mut out: Vec<Word> = Vec::with_capacity(b.len() / 6);
    let mut sentence_start = true;
    let mut i = 0;
    while i < b.len() {
        // Spaces between words, the most common byte after letters.
        if b[i] == b' ' {
            i += 1;
            continue;
        }
        let (c, n) = char_at(text, i);
        if is_alnum(c) {
            let start = i;
            let mut end = i + n;
            let mut hyphen = false;
            loop {
                // Fast path: a run of ASCII letters and digits.
                end += b[end..]
                    .iter()
                    .position(|&x| x >= 0x80 || !ASCII_ALNUM[x as usize])
                    .unwrap_or(b.len() - end);
                if end >= b.len() {
                    break;
                }
                let x = b[end];
                if x < 0x80 {
                    // Inner `-`, `'`, `.`, `&` only: followed by a letter or digit.
                    if matches!(x, b'-' | b'\'' | b'.' | b'&')
                        && end + 1 < b.len()
                        && is_alnum(char_at(text, end + 1).0)
                    {
                        hyphen |= x == b'-';
                        end += 1;
                        continue;
                    }
                    break;
                }
                let (d, dn) = char_at(text, end);
                if is_alnum(d)
                    || (d == '’' && end + dn < b.len() && is_alnum(char_at(text, end + dn).0))
                {
                    end += dn;
                } else {
                    break;
                }
            }
            // Arabic name particles ("al-Faisal", "el-Sisi") belong to the name.
            let particle = hyphen
                && ["al-", "el-", "ul-", "bin-"]
                    .iter()
                    .any(|p| text[start..end].starts_with(p))
                && text[start..end]
                    .split('-')
                    .nth(1)
                    .and_then(|r| r.chars().next())
                    .is_some_and(char::is_uppercase);
            out.push(Word {
                start,
                end,
                sentence_start: headline || sentence_start,
                hyphen,
                upper: c.is_uppercase() || particle,
            });
            sentence_start = false;
            i = end;
            continue;
        }
        if matches!(
            c,
            '.' | '!' | '?' | ':' | ';' | '\n' | '•' | '|' | '—' | '–'
        ) {
            // A period after a one-letter word (initials, "U.S.") does not end a sentence.
            let initial = c == '.'
                && out
                    .last()
                    .is_some_and(|w| w.end == i && w.end - w.start == 1);
            if !initial {
                sentence_start = true;
            }
        } else if matches!(c, '"' | '“' | '(' | '[') {
            // Quotes and brackets open a new phrase: treat the next word as initial.
            if i == 0 || b[i - 1].is_ascii_whitespace() {
                sentence_start = true;
            }
        }
        i += n;
    }
    out
}

pub(super) fn is_sentence_start(words: &[Word], at: usize) -> bool {
    match words.binary_search_by_key(&at, |w| w.start) {
        Ok(i) => words[i].sentence_start,
        Err(_) => false,
    }
}

/// The match is a whole word (or words): no letter/digit on either side, not inside a domain,
/// e-mail or path.
pub(super) fn boundary_ok(text: &str, s: usize, e: usize) -> bool {
    let before = text[..s].chars().next_back();
    let after = text[e..].chars().next();
    if before.is_some_and(|c| c.is_alphanumeric() || matches!(c, '.' | '@' | '/' | '_' | '#')) {
        return false;
    }
    if after.is_some_and(|c| c.is_alphanumeric() || c == '_') {
        return false;
    }
    // "microsoft.com", "apple/swift": a domain or path.
    let rest = &text[e..];
    if (rest.starts_with('.') || rest.starts_with('/') || rest.starts_with('@'))
        && rest[1..]
            .chars()
            .next()
            .is_some_and(|c| c.is_alphanumeric())
    {
        return false;
    }
    true
}

/// The text spells the form as written, or in capitals (headlines, acronyms).
pub(super) fn case_ok(slice: &str, form: &str) -> bool {
    if slice == form {
        return true;
    }
    let upper = slice.chars().any(|c| c.is_alphabetic())
        && !slice.chars().any(|c| c.is_lowercase())
        && slice.chars().filter(|c| c.is_alphabetic()).count() >= 3;
    upper && slice.to_uppercase() == form.to_uppercase()
}

/// The text around bytes `s..e` is in capitals (a newswire headline or table).
pub(super) fn shouting(text: &str, s: usize, e: usize) -> bool {
    let (mut a, mut b) = (s.saturating_sub(40), (e + 40).min(text.len()));
    while !text.is_char_boundary(a) {
        a -= 1;
    }
    while !text.is_char_boundary(b) {
        b += 1;
    }
    !text[a..b].chars().any(char::is_lowercase)
}

pub(super) fn stop_word(w: &str) -> bool {
    words::STOP.has(w) || words::is_demonym(w)
}

/// The span is all its line holds but marks (a heading, a menu item).
pub(super) fn alone_on_its_line(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].rsplit('\n').next().unwrap_or("");
    let after = text[end..].split('\n').next().unwrap_or("");
    !before
        .chars()
        .chain(after.chars())
        .any(char::is_alphanumeric)
}
