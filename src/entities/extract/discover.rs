//! Discovery of names the gazetteer does not know: runs of capitalised words, trimmed to a
//! name, split where two names meet, and typed by their shape and context (`type_run`), or by
//! the noun of the list they are in ("startups such as ...", `listed_kind`).

use super::*;

/// Unknown capitalised names: runs of capitalised words (with connectors such as "of"),
/// outside gazetteer matches, minus sentence starters, months, weekdays, pronouns, titles and
/// nationality adjectives; typed by suffix, honorific, first name or preposition.
pub(super) fn discover(
    gz: &Gazetteer,
    text: &str,
    ti: usize,
    ws: &[Word],
    covered: &[(usize, usize)],
    mid_caps: &FxHashSet<&str>,
    out: &mut Vec<Candidate>,
) {
    // `covered` is sorted by start and its spans do not overlap much: look up by position.
    let inside = |w: &Word| {
        let k = covered.partition_point(|&(s, _)| s < w.end);
        covered[..k]
            .iter()
            .rev()
            .take(4)
            .any(|&(s, e)| w.start < e && s < w.end)
    };
    // "iPhone"-style words are products the gazetteer knows; discovery takes names that
    // start with a capital (acronyms included).
    let cap = |w: &Word| w.upper;
    let mut i = 0;
    while i < ws.len() {
        if !cap(&ws[i]) || inside(&ws[i]) {
            i += 1;
            continue;
        }
        // Grow the run: capitalised words separated by single spaces, or a connector between
        // two capitalised words.
        let mut j = i;
        loop {
            let gap_ok = |a: &Word, b: &Word| {
                let gap = &text[a.end..b.start];
                gap == " " || gap == "\u{a0}"
            };
            let possessive = {
                let t = &text[ws[j].start..ws[j].end];
                t.ends_with("'s") || t.ends_with("’s")
            };
            if possessive {
                break;
            }
            // A middle initial: "Allan C. Halpern".
            let initial = j > i
                && ws[j].end - ws[j].start == 1
                && j + 1 < ws.len()
                && &text[ws[j].end..ws[j + 1].start] == ". ";
            if j + 1 < ws.len()
                && (gap_ok(&ws[j], &ws[j + 1]) || initial)
                && cap(&ws[j + 1])
                && !inside(&ws[j + 1])
            {
                j += 1;
                continue;
            }
            if j + 2 < ws.len()
                && gap_ok(&ws[j], &ws[j + 1])
                && gap_ok(&ws[j + 1], &ws[j + 2])
                && is_in(words::CONNECTORS, &text[ws[j + 1].start..ws[j + 1].end])
                && cap(&ws[j + 2])
                && !inside(&ws[j + 2])
            {
                j += 2;
                continue;
            }
            // Two particles: "Jeroen van der Veer", "Ana de la Cruz".
            if j + 3 < ws.len()
                && gap_ok(&ws[j], &ws[j + 1])
                && gap_ok(&ws[j + 1], &ws[j + 2])
                && gap_ok(&ws[j + 2], &ws[j + 3])
                && is_in(words::PARTICLES, &text[ws[j + 1].start..ws[j + 1].end])
                && is_in(words::PARTICLES, &text[ws[j + 2].start..ws[j + 2].end])
                && cap(&ws[j + 3])
                && !inside(&ws[j + 3])
            {
                j += 3;
                continue;
            }
            break;
        }
        let run = &ws[i..=j];
        let prev = if i > 0 {
            Some(&text[ws[i - 1].start..ws[i - 1].end])
        } else {
            None
        };
        let next = ws
            .get(j + 1)
            .filter(|n| &text[ws[j].end..n.start] == " " && !inside(n));
        i = j + 1;
        let last = &text[ws[j].start..ws[j].end];
        if eponym_after(text, ws[j].start + strip_possessive(last).len()) {
            continue;
        }
        take_run(gz, text, ti, run, prev, next, mid_caps, out);
    }
}

/// A run's name within it, as word indices `a..b`, and what was trimmed off its start: leading
/// stop words, honorifics and roles go ("The", "Chief Executive", "Mr"), and trailing stop words
/// and connectors.
pub(super) struct Trimmed {
    pub(super) a: usize,
    pub(super) b: usize,
    /// An honorific came before the name ("Mr", "Dr").
    pub(super) honorific: bool,
    /// A role or title came before the name ("actress", "Foreign Secretary").
    pub(super) role: bool,
}

pub(super) fn trim_run(text: &str, run: &[Word], prev: Option<&str>) -> Trimmed {
    let tok = |w: &Word| strip_possessive(&text[w.start..w.end]);
    let mut a = 0;
    let mut b = run.len();
    let mut honorific = prev.is_some_and(|p| words::HONORIFIC.has(p));
    // Leading stop words and titles go ("The", "Chief Executive", "Mr").
    let mut role = prev.is_some_and(|p| words::ROLE.has(p));
    // A title inside the run: the name follows it ("Labour Minister Ghazi al-Gosaibi",
    // "Foreign Secretary Jack Straw").
    if let Some(i) = (a..b.saturating_sub(1)).rev().find(|&i| {
        let t = tok(&run[i]);
        words::HONORIFIC.has(t) || is_role(t) || is_in(words::TITLE_WORDS, t)
    }) {
        honorific |= words::HONORIFIC.has(tok(&run[i]));
        role = true;
        a = i + 1;
    }
    // "House Speaker Jim Wright", "Agent Simon Beresford", "Grandmaster Matthew Sadler":
    // ordinary words before a given name and a surname describe the person.
    if let Some(i) = (a + 1..b.saturating_sub(1)).find(|&i| words::is_first_name(tok(&run[i]))) {
        let before = &run[a..i];
        if !words::is_first_name(tok(&run[a]))
            && before.iter().all(|w| words::is_word(tok(w)))
            && before.iter().any(|w| !stop_word(tok(w)))
        {
            role = true;
            a = i;
        }
    }
    while a < b
        && (stop_word(tok(&run[a])) || words::HONORIFIC.has(tok(&run[a])) || is_role(tok(&run[a])))
    {
        if words::HONORIFIC.has(tok(&run[a])) {
            honorific = true;
        }
        role |= is_role(tok(&run[a]));
        a += 1;
    }
    // "CEO of Tome", "Minister for Trade": what follows the title is its organisation or
    // office, not the name of the person holding it.
    if a > 0 && a < b && is_in(words::CONNECTORS, tok(&run[a])) {
        a += 1;
        role = false;
        honorific = false;
    }
    while b > a && (stop_word(tok(&run[b - 1])) || is_in(words::CONNECTORS, tok(&run[b - 1]))) {
        b -= 1;
    }
    Trimmed {
        a,
        b,
        honorific,
        role,
    }
}

#[allow(clippy::too_many_arguments)]
pub(super) fn take_run(
    gz: &Gazetteer,
    text: &str,
    ti: usize,
    run: &[Word],
    prev: Option<&str>,
    next: Option<&Word>,
    mid_caps: &FxHashSet<&str>,
    out: &mut Vec<Candidate>,
) {
    let tok = |w: &Word| strip_possessive(&text[w.start..w.end]);
    let Trimmed {
        a,
        b,
        honorific,
        role,
    } = trim_run(text, run, prev);
    if a >= b {
        return;
    }
    // "By Jane Roe": an author's credit, not a mention; nor is a copyright's owner.
    if (a == 0 && prev == Some("By")) || after_copyright(text, run[a].start) {
        return;
    }
    // The word after the run is next to the name only if nothing was trimmed off its end.
    let next = if b == run.len() { next } else { None };
    let run = &run[a..b];
    let toks: Vec<&str> = run.iter().map(tok).collect();
    if let Some((x, y)) = split_point(&toks) {
        // Right after the first name, or after the "of" between them.
        let (mid_next, mid_prev) = if x == y {
            (Some(&run[x]), toks[x - 1])
        } else {
            (None, toks[x])
        };
        take_run(gz, text, ti, &run[..x], prev, mid_next, mid_caps, out);
        take_run(gz, text, ti, &run[y..], Some(mid_prev), next, mid_caps, out);
        return;
    }
    if toks.iter().filter(|t| !is_in(words::CONNECTORS, t)).count() > MAX_NAME_WORDS {
        return;
    }
    // A lone word that starts a sentence is a sentence starter unless it also occurs
    // capitalised mid-sentence.
    let org_ctx = || {
        let (s, e) = (run[0].start, run[run.len() - 1].end);
        let e = s + strip_possessive(&text[s..e]).len();
        org_context(text, s, e, prev)
    };
    // "StarCraft", "PlayStation": a capital inside the word marks a name anywhere.
    let camel =
        toks[0].chars().skip(1).any(char::is_uppercase) && toks[0].chars().any(char::is_lowercase);
    let numbered = next.is_some_and(|n| text[n.start..n.end].bytes().all(|b| b.is_ascii_digit()));
    if toks.len() == 1
        && run[0].sentence_start
        && !mid_caps.contains(toks[0])
        && !honorific
        && !camel
        && !numbered
        && !org_ctx()
    {
        return;
    }
    // "band U2", "the AP news agency": two capitals or a capital and a digit, where the
    // context says organisation, are a name.
    let code = |t: &str| {
        t.len() == 2
            && t.bytes()
                .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
            && t.as_bytes()[0].is_ascii_uppercase()
    };
    if toks.len() == 1 && lone_word_noise(gz, toks[0]) && !(code(toks[0]) && org_ctx()) {
        return;
    }
    let start = run[0].start;
    let end = run[run.len() - 1].end;
    let (product_cue, end) = product_cues(gz, text, &toks, prev, next, start, end);
    let name = strip_possessive(&text[start..end]).to_string();
    let end = start + name.len();
    let (kind, cued, given_name_only) = type_run(&Run {
        gz,
        text,
        toks: &toks,
        start,
        end,
        ctx_end: run[0].start + strip_possessive(&text[run[0].start..run[run.len() - 1].end]).len(),
        prev,
        honorific,
        role,
        product_cue,
    });
    let (kind, cued) = match kind {
        Kind::Misc => listed_here(text, run, &toks, start, end).map_or((kind, cued), |k| (k, true)),
        _ => (kind, cued),
    };
    if kind == Kind::Misc
        && untyped_noise(text, &toks, start, end, run[0].sentence_start && numbered)
    {
        return;
    }
    let name = match kind {
        Kind::Org => org_name(&name).to_string(),
        Kind::Person => without_middle_initials(&name),
        _ => name,
    };
    out.push(Candidate {
        text: ti,
        start,
        end,
        kind,
        name,
        known: false,
        strong: true,
        cued: cued || kind == Kind::Person && (role || attributed(text, start, end)),
        given_name_only,
        longer: 0,
    });
}

/// Where a run holds two names rather than one: the end of the first and the start of the
/// second. Two people's names run together (a list of credits: "Christopher Beam David
/// Gilbert"), each a given name and a surname; a person and where they work ("Emmanuel
/// Gaillard of Shearman", "Ali Partovi of Neo"), unless an organisation's word comes before
/// "of" ("Victoria University of Wellington").
pub(super) fn split_point(toks: &[&str]) -> Option<(usize, usize)> {
    if toks.len() == 4
        && words::is_first_name(toks[0])
        && words::is_first_name(toks[2])
        && !words::is_first_name(toks[1])
    {
        return Some((2, 2));
    }
    let of = toks.iter().position(|t| *t == "of")?;
    ((2..=3).contains(&of)
        && of + 1 < toks.len()
        && words::is_first_name(toks[0])
        && !toks[1..of]
            .iter()
            .any(|t| words::ORG_SUFFIX.has(t) || words::INSTITUTION.has(t)))
    .then_some((of, of + 1))
}

/// "video games such as Joust, Tempest and Adventure": the list's noun types a name the rules
/// left untyped, ordinary words among them; not a sentence's first word, a plural acronym
/// ("OEMs") or the owner in a longer title ("Assassin's Creed").
pub(super) fn listed_here(
    text: &str,
    run: &[Word],
    toks: &[&str],
    start: usize,
    end: usize,
) -> Option<Kind> {
    let owner_of_title = text[end..]
        .strip_prefix("'s ")
        .or_else(|| text[end..].strip_prefix("’s "))
        .is_some_and(|r| r.starts_with(char::is_uppercase));
    let acronyms = toks.len() == 1 && plural_acronym(toks[0]);
    if run[0].sentence_start || acronyms || owner_of_title {
        return None;
    }
    listed_kind(text, start)
}

/// What a list's introduction says its names are: a plural noun and "such as", "like",
/// "including" or "include" ("video games such as", "robots, like", "whose brands include",
/// "companies including").
pub(super) const LIST_NOUNS: &[(&str, Kind)] = &[
    ("companies", Kind::Org),
    ("firms", Kind::Org),
    ("startups", Kind::Org),
    ("start-ups", Kind::Org),
    ("banks", Kind::Org),
    ("lenders", Kind::Org),
    ("insurers", Kind::Org),
    ("retailers", Kind::Org),
    ("airlines", Kind::Org),
    ("carriers", Kind::Org),
    ("brokerages", Kind::Org),
    ("investors", Kind::Org),
    ("backers", Kind::Org),
    ("customers", Kind::Org),
    ("clients", Kind::Org),
    ("partners", Kind::Org),
    ("bands", Kind::Org),
    ("labels", Kind::Org),
    ("studios", Kind::Org),
    ("publishers", Kind::Org),
    ("broadcasters", Kind::Org),
    ("newspapers", Kind::Org),
    ("magazines", Kind::Org),
    ("outlets", Kind::Org),
    ("publications", Kind::Org),
    ("agencies", Kind::Org),
    ("charities", Kind::Org),
    ("universities", Kind::Org),
    ("organisations", Kind::Org),
    ("organizations", Kind::Org),
    ("manufacturers", Kind::Org),
    ("makers", Kind::Org),
    ("carmakers", Kind::Org),
    ("automakers", Kind::Org),
    ("chipmakers", Kind::Org),
    ("vendors", Kind::Org),
    ("providers", Kind::Org),
    ("suppliers", Kind::Org),
    ("products", Kind::Product),
    ("games", Kind::Product),
    ("apps", Kind::Product),
    ("applications", Kind::Product),
    ("tools", Kind::Product),
    ("devices", Kind::Product),
    ("gadgets", Kind::Product),
    ("phones", Kind::Product),
    ("smartphones", Kind::Product),
    ("handsets", Kind::Product),
    ("consoles", Kind::Product),
    ("robots", Kind::Product),
    ("drones", Kind::Product),
    ("cars", Kind::Product),
    ("brands", Kind::Product),
    ("marques", Kind::Product),
    ("drugs", Kind::Product),
    ("vaccines", Kind::Product),
    ("browsers", Kind::Product),
    ("chatbots", Kind::Product),
    ("libraries", Kind::Product),
    ("frameworks", Kind::Product),
    ("websites", Kind::Product),
    ("cities", Kind::Place),
    ("towns", Kind::Place),
    ("countries", Kind::Place),
    ("nations", Kind::Place),
    ("states", Kind::Place),
    ("regions", Kind::Place),
    ("provinces", Kind::Place),
];

/// Words that introduce a list's names after its noun.
pub(super) const LIST_CUES: &[&str] = &[" such as", " like", " including", " include", " includes"];

/// Most bytes before a name that [`listed_kind`] reads back for a list's introduction.
pub(super) const LIST_REACH: usize = 240;

/// The type a list's introduction gives the name at `start` when it is one of the list's
/// names: `"<noun> such as A, B and"` right before it, every name before it capitalised, none
/// longer than five words, nothing else between (no sentence end, no lower-case word).
pub(super) fn listed_kind(text: &str, start: usize) -> Option<Kind> {
    // Most names follow no separator or cue: read no further back for them.
    let head = text[..start].trim_end_matches(' ');
    let listed = head.ends_with(',')
        || head.ends_with(" and")
        || head.ends_with(" or")
        || LIST_CUES.iter().any(|c| head.ends_with(c));
    if !listed {
        return None;
    }
    let mut from = start.saturating_sub(LIST_REACH);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    let window = &text[from..start];
    let (at, cue) = LIST_CUES
        .iter()
        .filter_map(|c| window.rfind(c).map(|i| (i, *c)))
        .filter(|&(i, c)| window[i + c.len()..].starts_with(' '))
        .max_by_key(|&(i, _)| i)?;
    let names = &window[at + cue.len() + 1..];
    let names_ok = names.split(',').all(|part| {
        let part = part.trim();
        let part = part
            .strip_prefix("and ")
            .or_else(|| part.strip_prefix("or "))
            .unwrap_or(part);
        let part = part
            .strip_suffix(" and")
            .or_else(|| part.strip_suffix(" or"))
            .unwrap_or(part)
            .trim();
        let words: Vec<&str> = part.split(' ').filter(|w| !w.is_empty()).collect();
        words.len() <= 5
            && words.iter().all(|w| {
                w.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit())
                    || matches!(*w, "of" | "the" | "&" | "de")
            })
            && !part.contains(['.', '!', '?', ';', ':', '(', ')', '"', '“', '”'])
    });
    // The name comes right after the cue or after a separator.
    let tail = names.trim_end_matches(' ');
    let after_separator =
        tail.is_empty() || tail.ends_with(',') || tail.ends_with(" and") || tail.ends_with(" or");
    if !names_ok || !after_separator {
        return None;
    }
    let noun = window[..at].trim_end_matches([' ', ',']);
    let noun = noun.rsplit(' ').next()?;
    LIST_NOUNS
        .iter()
        .find(|(n, _)| *n == noun)
        .map(|&(_, kind)| kind)
}

/// What the typing rules read about a discovered run of capitalised words.
pub(super) struct Run<'a> {
    pub(super) gz: &'a Gazetteer,
    pub(super) text: &'a str,
    pub(super) toks: &'a [&'a str],
    /// The name's span (a product's version included, a possessive not).
    pub(super) start: usize,
    pub(super) end: usize,
    /// Where the run itself ends (without a possessive): organisation context is read there.
    pub(super) ctx_end: usize,
    pub(super) prev: Option<&'a str>,
    /// A title before it ("Mr", "Dr") or a role ("actress").
    pub(super) honorific: bool,
    pub(super) role: bool,
    pub(super) product_cue: bool,
}

/// A discovered name's type from its shape and context: the type, whether its own shape or
/// context says so (then it counts when named once; otherwise it must recur), and whether it
/// is a person by a given name alone (the corpus may know it as an organisation).
pub(super) fn type_run(r: &Run) -> (Kind, bool, bool) {
    let Run {
        gz,
        text,
        toks,
        start,
        end,
        ctx_end,
        prev,
        honorific,
        role,
        product_cue,
    } = *r;
    let last = *toks.last().unwrap_or(&"");
    // "X Topics" (a share button, then a tag header): a lone letter before an ordinary word
    // is no first name.
    let letter_then_word = toks.len() == 2 && toks[0].len() == 1 && words::is_word(toks[1]);
    let personal = toks.len() <= 4
        && !words::NOT_SURNAME.has(last)
        && !letter_then_word
        && toks.iter().all(|t| {
            t.chars()
                .all(|c| c.is_alphabetic() || matches!(c, '-' | '\'' | '’' | '.'))
        });
    // All capitals is a newswire table or headline ("EDT WHEAT MAY7"), not a model name.
    let capitals_only = !toks.iter().any(|t| t.chars().any(char::is_lowercase));
    let productish = !capitals_only && product_cue;
    // Nothing but organisation words ("Co Inc", "Central Bank", "Finance Ministry",
    // "District Court"): a fragment or a generic office, not a name.
    let generic = generic_org_here(gz, text, toks, end);
    let mut given_name_only = false;
    let org_ctx = || org_context(text, start, ctx_end, prev);
    let (kind, cued) = if productish
        && (!words::ORG_SUFFIX.has(last) || toks.len() < 2)
        && !words::is_first_name(toks[0])
        && !honorific
        && !all_words(toks)
    {
        (Kind::Product, true)
    } else if words::ORG_SUFFIX.has(last)
        && toks.len() >= 2
        && !generic
        && (words::STRONG_ORG_SUFFIX.has(last) || !all_words(toks))
    {
        // A weak suffix after ordinary words is a topic ("Artificial Neural Networks",
        // "Data Mining"), not a company.
        (Kind::Org, words::STRONG_ORG_SUFFIX.has(last))
    } else if toks.len() >= 3
        && words::ORG_PREFIX.has(toks[0])
        && (toks[1] == "of" || (toks[1] == "for" && words::INSTITUTION.has(toks[0])))
    {
        (Kind::Org, true)
    } else if words::PLACE_SUFFIX.has(last) && toks.len() >= 2 {
        (Kind::Place, true)
    } else if toks.len() == 2
        && !honorific
        && toks[0].len() >= 3
        && toks[1].chars().skip(1).all(char::is_lowercase)
        && !alone_on_its_line(text, start, end)
        && gz.lookup(toks[0]).any(|e| e.kind == Kind::Product)
    {
        // "Echo Show", "Android Marshmallow": a known product's word and a title-case word,
        // a product of its line (not "Windows PCs", "Cobalt CPU", nor a heading).
        (Kind::Product, true)
    } else if !honorific
        && toks.len() <= 4
        && !all_words(toks)
        && org_ctx()
        && !(personal
            && toks.len() >= 2
            && words::is_first_name(toks[0])
            && person_role_before(text, start, prev))
    {
        // "chemicals firm BASF", "LVMH, the luxury goods group", "shares in Enron",
        // "Bombardier's chief executive", Reuters' "<Amoco Chemical Co>".
        (Kind::Org, true)
    } else if personal && (honorific || (words::is_first_name(toks[0]) && toks.len() >= 2)) {
        given_name_only = !honorific && !role;
        (Kind::Person, true)
    } else if personal
        && (2..=3).contains(&toks.len())
        && (role || person_context(text, start, end))
    {
        // "actress Sara Forestier", "said Ghazi al-Gosaibi", "Ana Souza, an analyst".
        (Kind::Person, true)
    } else if toks.len() == 1
        && prev.is_some_and(|p| is_in(words::PLACE_PREPOSITIONS, p))
        && !toks[0].chars().all(|c| c.is_uppercase())
        && !plural_acronym(toks[0])
        && !words::is_word(toks[0])
    {
        // "in Dartford"; not "in Translation", "in History".
        (Kind::Place, false)
    } else {
        (Kind::Misc, false)
    };
    (kind, cued, given_name_only)
}

/// A person's name without its middle initials: "Carl C. Icahn" and "Carl Icahn" are one
/// person (the span keeps the initial).
pub(super) fn without_middle_initials(name: &str) -> String {
    let toks: Vec<&str> = name.split(' ').collect();
    if toks.len() < 3 {
        return name.to_string();
    }
    let initial =
        |t: &&str| t.len() == 2 && t.ends_with('.') && t.starts_with(|c: char| c.is_uppercase());
    let last = toks.len() - 1;
    toks.iter()
        .enumerate()
        .filter(|&(i, t)| i == 0 || i == last || !initial(t))
        .map(|(_, t)| *t)
        .collect::<Vec<_>>()
        .join(" ")
}

/// A lone discovered word that is no name: a compound adjective ("AI-driven",
/// "Iranian-born"), one or two letters ("A"; "EU" is in the gazetteer), a legal form alone
/// ("Ltd" after a bracket), or a known ambiguous name the gazetteer did not take here (a weak
/// mention such as "Amazon" opening a sentence is not rediscovered as an unknown one).
pub(super) fn lone_word_noise(gz: &Gazetteer, tok: &str) -> bool {
    tok.rsplit_once('-').is_some_and(|(_, tail)| {
        tail.starts_with(|c: char| c.is_lowercase()) && words::is_word(tail)
    }) || tok.chars().count() < 3
        || words::LEGAL_FORM.has(tok)
        || gz.lookup(tok).any(|e| e.ambiguous)
}

/// An untyped run that is no name: a single ordinary word ("Save", "Black", "Story") or
/// contraction ("I'm", "We've"); capitals in a line of capitals ("QTR SHR", "DLRS VS" in a
/// newswire headline) or a label opening a table row ("Shr 34 cts", `table_label`): capitals
/// say nothing there.
pub(super) fn untyped_noise(
    text: &str,
    toks: &[&str],
    start: usize,
    end: usize,
    table_label: bool,
) -> bool {
    (toks.len() == 1 && (words::is_word(toks[0]) || toks[0].contains(['\'', '’'])))
        || shouting(text, start, end)
        || table_label
}
