//! The context that types a name: a person's roles, titles and speech ("said"), a company's
//! doings and relations, products' cues (versions, launches, a maker's possessive), and the
//! generic institution words that make a name of ordinary words or do not.

use super::*;

/// Context that only a person has: "said" right before the name, or an apposition naming a
/// role ("Ana Souza, head of research", "Jo Roe, a senior analyst at").
pub(super) fn person_context(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].trim_end();
    if before.ends_with(" said") || before.ends_with(" says") || before.ends_with(",\" said") {
        return true;
    }
    let Some(r) = text[end..].strip_prefix(", ") else {
        return false;
    };
    r.split(|c: char| !(c.is_alphanumeric() || c == '-'))
        .filter(|w| !w.is_empty())
        .take(4)
        .take_while(|w| !matches!(*w, "said" | "says" | "and" | "which" | "that"))
        .any(|w| words::ROLE.has(w) || matches!(w, "chief" | "head" | "co-founder"))
}

/// Product cues around a discovered name `toks` at `start..end`: a version number after it
/// ("StarCraft 2", "Pixel 8", which then joins the name: the returned end), a product noun
/// after it ("the Asimo robot"), a known company's possessive before it ("Amazon's Echo
/// Show"), a model number in it ("Galaxy S24").
pub(super) fn product_cues(
    gz: &Gazetteer,
    text: &str,
    toks: &[&str],
    prev: Option<&str>,
    next: Option<&Word>,
    start: usize,
    mut end: usize,
) -> (bool, usize) {
    let ends_possessive = strip_possessive(&text[start..end]).len() < end - start;
    // Product cues: a version number after the name ("StarCraft 2", "Pixel 8"), a product
    // noun after it ("the Asimo robot"), a known company's possessive before it ("Amazon's
    // Echo Show"), a model number in it ("Galaxy S24").
    let next_tok = next.map(|n| &text[n.start..n.end]);
    // A version number follows a product's own name: mixed case, four letters or more, not
    // a month or an ordinary word ("StarCraft 2", "Pixel 8"; not "APR 7", "Shr 10", "March 5").
    let version = !ends_possessive
        && next_tok
            .is_some_and(|t| t.len() <= 3 && t.bytes().all(|b| b.is_ascii_digit()) && t != "1" && t != "0")
        && toks.iter().all(|t| {
            t.chars().count() >= 4
                && t.chars().any(char::is_lowercase)
                && !near_month(t)
                // "Pre-tax 133": a compound word, not a name.
                && !t
                    .split('-')
                    .skip(1)
                    .any(|p| p.chars().next().is_some_and(char::is_lowercase))
        })
        && !all_words(toks)
        && !prev.is_some_and(|p| is_in(words::PLACE_CUE_WORDS, p)) // "in Kreis 5"
        // "Adsteam 49 pct", "Australasia 24 mln": a quantity, not a version; nor the first
        // digits of a longer number ("Eurodollars 107,988").
        && !next.is_some_and(|n| {
            let rest = &text[n.end..];
            let longer = rest.len() > 1
                && rest.starts_with([',', '.'])
                && rest.as_bytes()[1].is_ascii_digit();
            let after = rest.trim_start();
            if longer {
                return true;
            }
            let w = after.split(|c: char| !c.is_alphanumeric()).next().unwrap_or("");
            after.starts_with('%')
                || words::with_lower(w, |w| is_in(words::UNIT_WORDS, w))
                || figures_follow(rest)
        });
    if version {
        if let Some(n) = next {
            end = n.end;
        }
    }
    let product_noun = !ends_possessive && next_tok.is_some_and(|t| words::PRODUCT_NOUN.has(t));
    // Not a place the company is at ("VW's Hanover plant", "Ford's Dagenham").
    let site = next_tok.is_some_and(|t| is_in(words::FACILITY_NOUNS, t))
        || gz.lookup(&text[start..end]).any(|e| e.kind == Kind::Place);
    let owner_org = !site
        && prev.is_some_and(|p| {
            let owner = strip_possessive(p);
            owner.len() < p.len()
                && gz
                    .lookup(owner)
                    .any(|e| e.kind == Kind::Org && !e.ambiguous)
        });
    // A model number after a name that is not an ordinary word ("Galaxy S24"; not "Total
    // M1", "Sterling M3", "Provisional Aa-3").
    let model = toks.len() >= 2
        && toks.last().is_some_and(|t| {
            t.len() <= 6
                && t.bytes().any(|b| b.is_ascii_digit())
                && t.bytes().any(|b| b.is_ascii_uppercase())
        })
        && !toks[..toks.len() - 1].iter().all(|t| words::is_word(t))
        // "Year-on-year M-3", "Broadly-based M-2": a compound word, not a name.
        && !toks[..toks.len() - 1].iter().any(|t| lower_after_hyphen(t))
        // A table's header of months ("Feb'87 Jan'87 Feb'86") or a grade ("Brazilian No.1").
        && !toks.iter().any(|t| month_and_year(t))
        && !toks.last().is_some_and(|t| t.starts_with("No.") || t.starts_with("NO."));
    (version || product_noun || owner_org || model, end)
}

/// A month and a year run together, as newswire tables head their columns ("Feb'87",
/// "Jan87").
pub(super) fn month_and_year(t: &str) -> bool {
    let head = t.trim_end_matches(|c: char| c.is_ascii_digit());
    let head = head.strip_suffix(['\'', '’']).unwrap_or(head);
    head.len() < t.len() && words::MONTHS.iter().any(|m| m.eq_ignore_ascii_case(head))
}

/// A month's name, or one misspelt by a letter or two ("Aoril 15", "Febraury 28", "Marcxh 31"
/// in newswire dates).
pub(super) fn near_month(w: &str) -> bool {
    // A misspelling keeps the first letter; a short month allows one slip ("Dune 2" is no
    // June).
    words::MONTHS.iter().any(|m| {
        m.eq_ignore_ascii_case(w)
            || m.len() >= 4
                && w.len() >= 4
                && w.as_bytes()[0].eq_ignore_ascii_case(&m.as_bytes()[0])
                && strsim::osa_distance(&w.to_lowercase(), &m.to_lowercase())
                    <= if m.len() <= 5 { 1 } else { 2 }
    })
}

/// Does a table's figure go on after a number: a change ("Hanyang Chemical 600 to 11,700"),
/// last year's figure in brackets ("Cameroun 464 (560)"; not a year, "Fallout 4 (2015)"), a
/// fraction or date ("Leixoes 25/4")? (Not a list's next item: "West Cameron 296, Vermilion
/// 266" reads like "Xbox 360, PlayStation 3".)
pub(super) fn figures_follow(rest: &str) -> bool {
    let digit_after = |r: &str| r.trim_start().starts_with(|c: char| c.is_ascii_digit());
    if rest.starts_with(' ') && rest[1..].strip_prefix("to ").is_some_and(digit_after) {
        return true;
    }
    if let Some(r) = rest.strip_prefix('/') {
        return digit_after(r);
    }
    if let Some(r) = rest.trim_start().strip_prefix('(') {
        let year = r.len() >= 5
            && (r.starts_with("19") || r.starts_with("20"))
            && r.as_bytes()[..4].iter().all(u8::is_ascii_digit)
            && !r.as_bytes()[4].is_ascii_digit();
        return digit_after(r) && !year;
    }
    false
}

/// Context that only an organisation has: an organisation noun before the name ("chemicals
/// firm BASF", "rock band Keane") or in an apposition after it ("LVMH, the luxury goods
/// group"), a business relation before it ("shares in Enron", "chief executive of Acme"), its
/// possessive before an office ("Bombardier's chief executive"), or a newswire company tag
/// (`"<Acme Corp>"`).
pub(super) fn org_context(text: &str, start: usize, end: usize, prev: Option<&str>) -> bool {
    if text[..start].ends_with('<') && text[end..].starts_with('>') {
        // A ticker in the tag ("<ROT.L>", "<BNL>") is no name.
        let name = &text[start..end];
        let ticker =
            name.contains('.') || (name.len() <= 4 && name.bytes().all(|b| b.is_ascii_uppercase()));
        return !ticker;
    }
    if prev.is_some_and(|p| words::ORG_NOUN.has(p)) {
        return true;
    }
    let before: Vec<&str> = text[..start]
        .rsplit(|c: char| !c.is_alphanumeric() && c != '-')
        .filter(|w| !w.is_empty())
        .take(2)
        .collect();
    if let [of, noun] = before[..] {
        if matches!(of, "of" | "in" | "for") && is_in(RELATION_BEFORE, &noun.to_lowercase()) {
            return true;
        }
    }
    let after = &text[end..];
    let next_word = |r: &str| -> String { r.chars().take_while(|c| c.is_alphabetic()).collect() };
    if let Some(r) = after
        .strip_prefix("'s ")
        .or_else(|| after.strip_prefix("’s "))
    {
        if is_in(OWNED_AFTER_POSSESSIVE, &next_word(r)) {
            return true;
        }
    }
    // "Ladbrokes spokesman Warren Lush", "Acme chief executive Jo Roe".
    if let Some(r) = after.strip_prefix(' ') {
        if is_in(STAFF_AFTER, &next_word(r)) {
            return true;
        }
    }
    apposition_says_org(after)
}

/// "shares in X", "chief executive of X", "a bid for X": a business relation before a name.
pub(super) const RELATION_BEFORE: &[&str] = &[
    "shares",
    "stake",
    "executive",
    "chairman",
    "boss",
    "founder",
    "ceo",
    "takeover",
    "acquisition",
    "bid",
    "owner",
    "subsidiary",
    "unit",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "president",
    "director",
];

/// "X's shares", "X's chief", "X's debut album": what only an organisation has.
pub(super) const OWNED_AFTER_POSSESSIVE: &[&str] = &[
    "shares",
    "chief",
    "chairman",
    "boss",
    "board",
    "shareholders",
    "subsidiary",
    "headquarters",
    "profits",
    "revenue",
    "sales",
    "stock",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "founder",
    "CEO",
    "debut",
    "album",
    "frontman",
    "singer",
];

/// "X spokesman", "X analyst", "X news agency": its people or its line of work after it.
pub(super) const STAFF_AFTER: &[&str] = &[
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "shares",
    "shareholders",
    "chief",
    "analyst",
    "economist",
    "strategist",
    "frontman",
    "news",
];

/// Words that end an apposition's noun phrase: its own noun comes before them ("Jo Roe, an
/// analyst at a Dublin consultancy" is a person).
pub(super) const APPOSITION_END: &[&str] = &[
    "said", "says", "and", "which", "that", "who", "at", "in", "of", "for", "with", "from", "on",
    "by",
];

/// ", the luxury goods group", ", the country's biggest mortgage lender" after a name: an
/// apposition whose noun (within six words) is an organisation's.
pub(super) fn apposition_says_org(after: &str) -> bool {
    let Some(r) = after
        .strip_prefix(", the ")
        .or_else(|| after.strip_prefix(", a "))
        .or_else(|| after.strip_prefix(", an "))
    else {
        return false;
    };
    r.split(|c: char| !(c.is_alphanumeric() || c == '-'))
        .filter(|w| !w.is_empty())
        .take(6)
        .take_while(|w| !is_in(APPOSITION_END, w))
        .any(|w| words::ORG_NOUN.has(w))
}

/// Words before a name that say organisation of most names but person of a given name and a
/// surname: "producer Robert Evans" (a film producer; "oil producer Acme"), "best director
/// for Alexander Payne" (an award; "director of Acme").
pub(super) fn person_role_before(text: &str, start: usize, prev: Option<&str>) -> bool {
    if prev.is_some_and(|p| {
        matches!(
            p,
            "producer" | "developer" | "publisher" | "designer" | "distributor" | "operator"
        )
    }) {
        return true;
    }
    let mut before = text[..start]
        .rsplit(|c: char| !c.is_alphanumeric() && c != '-')
        .filter(|w| !w.is_empty());
    before.next() == Some("for") && before.next() == Some("director")
}

/// A role noun, also capitalised at a sentence start ("Actress Jo Roe said").
pub(super) fn is_role(w: &str) -> bool {
    words::ROLE.has(w) || (starts_upper(w) && words::with_lower(w, |l| words::ROLE.has(l)))
}

/// An organisation word after at most one ordinary word ("Central Bank", "Finance
/// Ministry", "District Court", "Co Inc"): an office named generically, or a fragment.
pub(super) fn generic_org(toks: &[&str]) -> bool {
    let legal = |t: &str| is_in(words::LEGAL_FORMS, t.trim_end_matches('.'));
    if toks.iter().all(|t| legal(t)) {
        return true; // "Co Inc"
    }
    // A legal form or a firm's word after an ordinary word is still a firm's name
    // ("Beneficial Corp", "Chemical Brothers").
    let firm = |t: &str| legal(t) || matches!(t, "Brothers" | "Group" | "Holdings" | "Partners");
    toks.len() <= 2
        && toks
            .last()
            .is_some_and(|l| words::ORG_SUFFIX.has(l) && !firm(l))
        && toks
            .iter()
            .all(|t| words::ORG_SUFFIX.has(t) || words::is_word(t))
}

/// A name of ordinary words and an organisation word where the text itself is read: a
/// strong institution word makes a name of them ("Heritage Foundation", "Kingfisher
/// Airlines") unless a word says what office it is ("Finance Ministry", "Central Bank"), the
/// name goes on past the span ("Major League Soccer", "National Council for Adoption": a
/// fragment) or the whole is a place ("West Bank"). A weak one is a topic ("Responsible AI").
pub(super) fn generic_org_here(gz: &Gazetteer, text: &str, toks: &[&str], end: usize) -> bool {
    if !generic_org(toks) {
        return false;
    }
    let last = toks.last().copied().unwrap_or("");
    if toks.len() < 2
        || words::LEGAL_FORM.has(last)
        || !words::STRONG_ORG_SUFFIX.has(last)
        || words::OFFICE_WORD.has(toks[0])
        || toks.len() == 2 && words::ORG_SUFFIX.has(toks[0])
    {
        return true;
    }
    let whole = toks.join(" ");
    if gz.lookup(&whole).any(|e| e.kind == Kind::Place) {
        return true;
    }
    name_goes_on(&text[end..])
}

/// Does the text after a name carry it on: a capitalised word ("Major League Soccer"), or "of",
/// "for" or "on", then (after "the") a capital?
pub(super) fn name_goes_on(after: &str) -> bool {
    let Some(r) = after.strip_prefix(' ') else {
        return false;
    };
    let r = ["of ", "for ", "on "]
        .iter()
        .find_map(|w| r.strip_prefix(w))
        .map_or(r, |r| r.strip_prefix("the ").unwrap_or(r));
    r.starts_with(char::is_uppercase)
}

/// Are all the words of a name (connectors aside) ordinary English words?
pub(super) fn all_words(toks: &[&str]) -> bool {
    toks.iter()
        .filter(|t| !is_in(words::CONNECTORS, t) && **t != "and")
        .all(|t| words::is_word(t))
}

/// Words that attribute a quote or a view to the person next to them.
pub(super) const SPEECH: &[&str] = &[
    "said",
    "says",
    "told",
    "added",
    "wrote",
    "writes",
    "explained",
    "noted",
    "argued",
    "warned",
    "believes",
    "thinks",
    "according",
    "asked",
    "replied",
    "insisted",
    "estimated",
];

/// Is the name at `start..end` attributed in the news way: a speech verb right after it or
/// among the three words before it ("said investor Meera Iyer"), or an apposition after it
/// ("Meera Iyer, an investor").
pub(super) fn attributed(text: &str, start: usize, end: usize) -> bool {
    let after = text[end..].trim_start_matches(['\'', '’', 's']);
    let next: String = after
        .trim_start()
        .chars()
        .take_while(|c| c.is_alphabetic())
        .collect();
    if SPEECH.contains(&next.as_str()) {
        return true;
    }
    if let Some(r) = after.strip_prefix(", ") {
        let w: String = r.chars().take_while(|c| c.is_alphabetic()).collect();
        if matches!(
            w.as_str(),
            "a" | "an" | "the" | "who" | "whose" | "chief" | "head" | "founder" | "co"
        ) {
            return true;
        }
    }
    text[..start]
        .rsplit(|c: char| !c.is_alphabetic() && c != '-')
        .filter(|w| !w.is_empty())
        .take(3)
        .any(|w| SPEECH.contains(&w))
}
