//! Names the gazetteer knows, found in the text: the candidates of each text (organisation
//! spans first, then the gazetteer's forms at word starts), and the checks that keep a known
//! form from being taken where the text means something else (case, a place cue, an ordinary
//! sense, a longer name around it), with products' model words, numbers and versions.

use super::*;

/// Every text's gazetteer matches, organisation spans and discovered names, typed by the
/// rules; ambiguous known names only where the article has a strong mention of them.
pub(super) fn candidates(
    gz: &Gazetteer,
    texts: &[&str],
    headlines: usize,
    keep_below: usize,
) -> Vec<Candidate> {
    let total: usize = texts.iter().map(|t| t.len()).sum();
    let keep_words = total < keep_below;
    let mut words: Vec<Vec<Word>> = Vec::with_capacity(if keep_words { texts.len() } else { 0 });
    // Capitalised words seen mid-sentence anywhere in the body: a sentence-initial word that
    // also occurs mid-sentence is a name, not a sentence starter.
    let mut mid_caps: FxHashSet<&str> =
        FxHashSet::with_capacity_and_hasher(total / 48, Default::default());
    for (i, t) in texts.iter().enumerate() {
        let ws = split_words(t, i < headlines);
        if i >= headlines {
            for w in ws.iter().filter(|w| w.upper && !w.sentence_start) {
                mid_caps.insert(strip_possessive(&t[w.start..w.end]));
            }
        }
        if keep_words {
            words.push(ws);
        }
    }

    let mut cands: Vec<Candidate> = Vec::new();
    for (i, text) in texts.iter().enumerate() {
        let split;
        let ws: &[Word] = if keep_words {
            &words[i]
        } else {
            split = split_words(text, i < headlines);
            &split
        };
        text_candidates(gz, text, i, ws, i < headlines, &mid_caps, &mut cands);
    }
    // Ambiguous known names count only if the article has a strong mention of them.
    let keep: Vec<bool> = {
        let strong: FxHashSet<(Kind, &str)> = cands
            .iter()
            .filter(|c| c.strong)
            .map(|c| (c.kind, c.name.as_str()))
            .collect();
        cands
            .iter()
            .map(|c| c.strong || strong.contains(&(c.kind, c.name.as_str())))
            .collect()
    };
    let mut keep = keep.into_iter();
    cands.retain(|_| keep.next().unwrap_or(false));
    // "Generative AI" opening a sentence or a headline, where the article also writes
    // "generative AI": a phrase of ordinary words, not a name.
    // Only names opening a headline or a sentence are looked for (elsewhere the capital is
    // the writer's choice), each name once.
    let opening = |c: &Candidate| c.text < headlines || opens_sentence(texts[c.text], c.start);
    let names: FxHashSet<&str> = cands
        .iter()
        .filter(|c| !c.known && c.name.contains(' ') && opening(c))
        .map(|c| c.name.as_str())
        .collect();
    let phrases: FxHashSet<String> = names
        .into_iter()
        .filter(|n| lowered_elsewhere(texts, n))
        .map(str::to_string)
        .collect();
    cands.retain(|c| c.known || !phrases.contains(c.name.as_str()));
    // A known product's name without its maker that is also an organisation word ("Office"
    // for Microsoft Office) counts only where the article names the maker: "the Statistics
    // Office said" is no software.
    cands.retain(|c| {
        let slice = strip_possessive(&texts[c.text][c.start..c.end]);
        match c.name.strip_suffix(slice) {
            Some(maker)
                if c.known
                    && c.kind == Kind::Product
                    && maker.ends_with(' ')
                    && words::ORG_SUFFIX.has(slice) =>
            {
                let maker = maker.trim_end();
                texts.iter().any(|t| t.contains(maker))
            }
            _ => true,
        }
    });

    cands
}

/// Words naming a model of a product line after its name.
pub(super) const MODEL_WORDS: &[&str] = &[
    "Pro", "Max", "Plus", "Mini", "Ultra", "Air", "Lite", "SE", "XL", "XS", "XR", "X",
];

/// One or two capitalised words after a known product's name ending at `e` that name a
/// product of its line ("Show" after "Echo", "Store" after "Google Play"): title case (not
/// capitals: "CPU", "PCs" are generic), no name of their own, no organisation, place, role or
/// calendar word, no given name, and no more capitalised words after them; never in a
/// headline, a heading alone on its line or a line of capitals.
pub(super) fn product_words_after<'t>(
    gz: &Gazetteer,
    text: &'t str,
    s: usize,
    e: usize,
    headline: bool,
) -> &'t str {
    if headline || shouting(text, e.saturating_sub(1), e) {
        return "";
    }
    let word_at = |at: usize| -> Option<&'t str> {
        let r = text[at..].strip_prefix(' ')?;
        let w = &r[..r.find(|c: char| !c.is_alphanumeric()).unwrap_or(r.len())];
        let title = w.starts_with(|c: char| c.is_ascii_uppercase())
            && w.chars().skip(1).all(|c| c.is_lowercase())
            && w.len() >= 3;
        let ok = title
            && !words::ORG_SUFFIX.has(w)
            && !words::PLACE_SUFFIX.has(w)
            && !is_role(w)
            && !words::SPAN_STOPPER.has(w)
            && !words::is_first_name(w)
            && gz.lookup(w).next().is_none();
        ok.then_some(w)
    };
    let capitalised_at = |at: usize| {
        text[at..]
            .strip_prefix(' ')
            .is_some_and(|r| r.starts_with(char::is_uppercase))
    };
    let mut end = e;
    for _ in 0..2 {
        match word_at(end) {
            Some(w) => end += 1 + w.len(),
            None => break,
        }
        if !capitalised_at(end) {
            return if alone_on_its_line(text, s, end) {
                ""
            } else {
                &text[e + 1..end]
            };
        }
    }
    ""
}

/// Most words after a known organisation that [`org_words_after`] takes.
pub(super) const ORG_WORDS_AFTER: usize = 3;

/// Where a longer name would end that goes on from a known organisation's name ending at
/// `e` with up to three capitalised words or small numbers ("BBC One", "BBC Radio 4",
/// "Sony Pictures"), or 0: the words are one space apart, are no role, title, calendar word,
/// given name, plural acronym ("GPUs") or name of their own ("GM Canada", "Eastman Kodak"),
/// not only legal forms ("General Motors Corp" is General Motors), a possessive ends them,
/// and no capitalised word follows them; never in a line of capitals or a heading alone on
/// its line. Whether it is a name, and of what, the learned typer says.
pub(super) fn org_words_after(gz: &Gazetteer, text: &str, s: usize, e: usize) -> usize {
    let word_ok = |w: &str| {
        let number = !w.is_empty() && w.len() <= 2 && w.bytes().all(|b| b.is_ascii_digit());
        let capital = w.starts_with(char::is_uppercase)
            && w.chars().count() >= 2
            && !is_role(w)
            && !words::HONORIFIC.has(w)
            && !words::SPAN_STOPPER.has(w)
            && !words::is_first_name(w)
            && !plural_acronym(w)
            && !words::is_demonym(w)
            && !gz.lookup(w).any(|x| x.kind == Kind::Person || !x.ambiguous);
        number || capital
    };
    let mut end = e;
    for _ in 0..ORG_WORDS_AFTER {
        let Some(r) = text[end..].strip_prefix(' ') else {
            break;
        };
        let raw = &r[..r
            .find(|c: char| !(c.is_alphanumeric() || matches!(c, '\'' | '’' | '-' | '&')))
            .unwrap_or(r.len())];
        let w = strip_possessive(raw);
        if !word_ok(w) {
            break;
        }
        end += 1 + w.len();
        if w.len() < raw.len() {
            break;
        }
    }
    // More capitalised words, or a connector and more ("Stanford Institute for Human-Centered
    // AI", "United Nations Food and Agriculture Organization"): a longer name than it can see.
    let capital_next = text[end..].strip_prefix(' ').is_some_and(|r| {
        r.starts_with(char::is_uppercase)
            || r.split_once(' ').is_some_and(|(w, rest)| {
                matches!(w, "of" | "for" | "and" | "&" | "de")
                    && rest.starts_with(char::is_uppercase)
            })
    });
    // A name does not end in a number alone after a word ("BBC News 24" is fine, "Sony 2"
    // is a version).
    let last_number = text[e..end]
        .rsplit(' ')
        .next()
        .is_some_and(|w| w.bytes().all(|b| b.is_ascii_digit()))
        && text[e..end].trim().split(' ').count() == 1;
    // "General Motors Corp", "Toyota Motor Corp": a legal form alone names the same company.
    let legal_only = text[e..end]
        .split(' ')
        .filter(|w| !w.is_empty())
        .all(|w| words::LEGAL_FORM.has(w));
    if end == e
        || capital_next
        || last_number
        || legal_only
        || shouting(text, s, end)
        || alone_on_its_line(text, s, end)
    {
        return 0;
    }
    end
}

/// A model code: one to three capitals and one to four digits, then at most two letters
/// ("X55", "S24", "A14", "RTX"-less "A380"); not a ticker, a year or a word.
pub(super) fn model_code(t: &str) -> bool {
    let letters = t.bytes().take_while(u8::is_ascii_uppercase).count();
    let digits = t[letters..].bytes().take_while(u8::is_ascii_digit).count();
    let rest = &t[letters + digits..];
    (1..=3).contains(&letters)
        && (1..=4).contains(&digits)
        && rest.len() <= 2
        && rest.bytes().all(|b| b.is_ascii_alphabetic())
}

/// The model words after a known product's name ending at `e` ("12 Pro Max" after
/// "iPhone", "X55" after "Snapdragon", "SE"): a version number first, then model codes and
/// model words, each a whole word; empty if none.
pub(super) fn model_tail(text: &str, e: usize) -> &str {
    let mut end = e;
    if let Some(v) = version_after(text, e) {
        end = e + 1 + v.len();
    }
    while let Some(rest) = text[end..].strip_prefix(' ') {
        let w = &rest[..rest
            .find(|c: char| !c.is_alphanumeric())
            .unwrap_or(rest.len())];
        let after = &rest[w.len()..];
        // A whole word: not "X-ray", "SE's", "X.Y".
        let whole = !(after.starts_with(['-', '\'', '’'])
            || after.starts_with('.') && after[1..].starts_with(char::is_alphanumeric));
        if w.is_empty() || !whole || !(is_in(MODEL_WORDS, w) || (end == e && model_code(w))) {
            break;
        }
        end += 1 + w.len();
    }
    if end == e {
        ""
    } else {
        &text[e + 1..end]
    }
}

/// A model number after a maker's name ending at `e`: a model code ("A380") or a number of
/// three or four digits that is no year ("747", "2600"), with a "-" variant ("777-200LR"),
/// followed by neither a unit, another number nor "vs" (a newswire table's "Boeing 340 vs
/// 250").
pub(super) fn model_number_after(text: &str, e: usize) -> Option<&str> {
    let rest = text[e..].strip_prefix(' ')?;
    let len = rest
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
        .unwrap_or(rest.len());
    let w = rest[..len].trim_end_matches('-');
    let (head, variant) = w.split_once('-').unwrap_or((w, ""));
    let number = (3..=4).contains(&head.len())
        && head.bytes().all(|b| b.is_ascii_digit())
        && !(head.len() == 4 && (head.starts_with("19") || head.starts_with("20")));
    let ok = (number || model_code(head))
        && variant.len() <= 6
        && variant.bytes().all(|b| b.is_ascii_alphanumeric())
        && !rest[w.len()..].starts_with(|c: char| {
            c == ',' || c == '.' && rest[w.len() + 1..].starts_with(|d: char| d.is_ascii_digit())
        });
    let after = rest[w.len()..].trim_start();
    let next = after
        .split(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("");
    let quantity = after.starts_with('%')
        || next.starts_with(|c: char| c.is_ascii_digit())
        || words::with_lower(next, |n| is_in(words::UNIT_WORDS, n));
    (ok && !quantity).then_some(w)
}

/// A version number right after a name ending at `e`: " 2", " 3.0" (one or two digits, a
/// dotted minor version), not a quantity ("Windows 2 pct") or the start of a longer number.
pub(super) fn version_after(text: &str, e: usize) -> Option<&str> {
    let rest = text[e..].strip_prefix(' ')?;
    let len = rest
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(rest.len());
    let v = rest[..len].trim_end_matches('.');
    let (major, minor) = v.split_once('.').unwrap_or((v, ""));
    let ok = (1..=2).contains(&major.len())
        && major.bytes().all(|b| b.is_ascii_digit())
        && minor.len() <= 1
        && minor.bytes().all(|b| b.is_ascii_digit())
        && !rest[v.len()..].starts_with(char::is_alphanumeric)
        // "2,000": a longer number.
        && !(rest[v.len()..].starts_with(',')
            && rest[v.len() + 1..].starts_with(|c: char| c.is_ascii_digit()));
    let unit = || {
        let w = rest[v.len()..].trim_start();
        let w = w.split(|c: char| !c.is_alphanumeric()).next().unwrap_or("");
        w.starts_with('%') || words::with_lower(w, |w| is_in(words::UNIT_WORDS, w))
    };
    (ok && !unit()).then_some(v)
}

/// One text's candidates, appended to `cands`: gazetteer matches (outside menus and
/// organisation spans), the organisation spans, then discovered names.
pub(super) fn text_candidates(
    gz: &Gazetteer,
    text: &str,
    i: usize,
    ws: &[Word],
    headline: bool,
    mid_caps: &FxHashSet<&str>,
    cands: &mut Vec<Candidate>,
) {
    let menus = if headline {
        Vec::new()
    } else {
        menu_spans(text, ws)
    };
    let in_menu = |s: usize| menus.iter().any(|&(a, b)| a <= s && s < b);
    let orgs = org_spans(gz, text, ws, &menus);
    let states = state_abbreviations(gz, text, ws);
    let mut covered: Vec<(usize, usize)> = Vec::new();
    let mut try_match = |m: crate::entities::gazetteer::Found| {
        let (s, e) = (m.start(), m.end());
        if in_menu(s) {
            return false;
        }
        // A place or person inside an organisation's name ("Lawrence Livermore National
        // Laboratory", "Tokyo Stock Exchange") is not mentioned on its own.
        if orgs.iter().any(|o| o.start <= s && e <= o.end)
            || states.iter().any(|&(a, b, _)| a < e && s < b)
        {
            return false;
        }
        let Some(strong) = known_mention(gz, text, ws, m) else {
            return false;
        };
        let entry = gz.form_entry(m.pattern());
        // "Claude 2", "AlphaFold 2": a known product and its version are that version.
        // "iPhone 12 Pro Max", "Snapdragon X55", "iPhone SE": its model's words too.
        // "Echo Show", "Google Play Store": a known product and capitalised words after it
        // name one of its line.
        let tail = if entry.kind == Kind::Product {
            Some(model_tail(text, e))
                .filter(|t| !t.is_empty())
                .unwrap_or_else(|| product_words_after(gz, text, s, e, headline))
        } else {
            ""
        };
        // "Boeing 747", "Airbus A380": a maker and a model number name its product.
        let model = (entry.kind == Kind::Org && !entry.ambiguous)
            .then(|| model_number_after(text, e))
            .flatten();
        let kind = if model.is_some() {
            Kind::Product
        } else if entry.company && company_context(text, s, e) {
            Kind::Org
        } else {
            entry.kind
        };
        let tail = model.unwrap_or(tail);
        let longer = if kind == Kind::Org && strong && !headline {
            org_words_after(gz, text, s, e)
        } else {
            0
        };
        let (e, name) = if tail.is_empty() {
            (e, entry.name.clone())
        } else {
            (e + 1 + tail.len(), format!("{} {tail}", entry.name))
        };
        covered.push((s, e));
        cands.push(Candidate {
            text: i,
            start: s,
            end: e,
            kind,
            name,
            known: true,
            strong,
            cued: false,
            given_name_only: false,
            longer,
        });
        true
    };
    // Names start at word starts, or after a hyphen inside a word ("US-China").
    let mut free_from = 0;
    for w in ws {
        let mut at = w.start;
        loop {
            if at >= free_from {
                if let Some(m) = gz.find_at(text, at) {
                    if try_match(m) {
                        free_from = m.end();
                    }
                }
            }
            match w.hyphen.then(|| text[at..w.end].find('-')).flatten() {
                Some(k) => at += k + 1,
                None => break,
            }
        }
    }
    // Menus count as covered: nothing is discovered in them. Organisation spans are
    // candidates already.
    covered.extend(menus.iter().copied());
    span_candidates(gz, text, i, states, orgs, &mut covered, cands);
    covered.sort_unstable();
    discover(gz, text, i, ws, &covered, mid_caps, cands);
}

/// The candidates of the spans found before the gazetteer: states abbreviated after a town
/// and organisation spans (not a copyright's owner), each covering its words.
pub(super) fn span_candidates(
    gz: &Gazetteer,
    text: &str,
    i: usize,
    states: Vec<(usize, usize, String)>,
    orgs: Vec<OrgSpan>,
    covered: &mut Vec<(usize, usize)>,
    cands: &mut Vec<Candidate>,
) {
    let candidate = |start, end, kind, name, known, cued| Candidate {
        text: i,
        start,
        end,
        kind,
        name,
        known,
        strong: true,
        cued,
        given_name_only: false,
        longer: 0,
    };
    for (start, end, name) in states {
        covered.push((start, end));
        cands.push(candidate(start, end, Kind::Place, name, true, false));
    }
    for o in orgs {
        covered.push((o.start, o.end));
        if after_copyright(text, o.start) {
            continue;
        }
        let name = org_name(&text[o.start..o.end]);
        let known = partnership(gz, name);
        let is_known = known.is_some();
        let name = known.unwrap_or_else(|| name.to_string());
        cands.push(candidate(o.start, o.end, Kind::Org, name, is_known, o.cued));
    }
}

/// US states abbreviated the newswire way after a town ("San Jose, Calif.", "Natick, Mass."):
/// each a mention of the state, by its gazetteer name. Only after a capitalised word and a
/// comma, and with its full stop: "Mass", "Ill" and "Miss" are words elsewhere.
pub(super) fn state_abbreviations(
    gz: &Gazetteer,
    text: &str,
    ws: &[Word],
) -> Vec<(usize, usize, String)> {
    let mut out = Vec::new();
    for (k, w) in ws.iter().enumerate().skip(1) {
        if !w.upper || !ws[k - 1].upper || &text[ws[k - 1].end..w.start] != ", " {
            continue;
        }
        let rest = &text[w.start..];
        let Some(&(abbr, state)) = words::state_abbreviations().iter().find(|(a, _)| {
            rest.strip_prefix(a)
                .is_some_and(|after| !after.starts_with(|c: char| c.is_alphanumeric()))
        }) else {
            continue;
        };
        if let Some(e) = gz.lookup(state).find(|e| e.kind == Kind::Place) {
            // The span stops before the full stop, which may end the sentence too.
            out.push((w.start, w.start + abbr.len() - 1, e.name.clone()));
        }
    }
    out
}

/// A compound of ordinary words ("Year-on-year", "Privately-held"): a part after a hyphen
/// starts in lower case. Names' parts do not ("Rolls-Royce", "al-Faisal" aside).
pub(super) fn lower_after_hyphen(t: &str) -> bool {
    t.split('-')
        .skip(1)
        .any(|p| p.chars().next().is_some_and(char::is_lowercase))
}

/// The text speaks of a company at the name `start..end`: an organisation's context
/// ([`org_context`]: "Facebook's chief executive", "shares in Facebook"), or a company's
/// doing right after it ("Facebook said", "Slack acquired"). "on Facebook" is the service.
pub(super) fn company_context(text: &str, start: usize, end: usize) -> bool {
    let prev = text[..start].trim_end().rsplit(' ').next();
    let next = text[end..]
        .strip_prefix(' ')
        .map(|r| r.split(|c: char| !c.is_alphabetic()).next().unwrap_or(""));
    org_context(text, start, end, prev) || next.is_some_and(|w| is_in(COMPANY_DOINGS, w))
}

/// What a company does, right after its name.
pub(super) const COMPANY_DOINGS: &[&str] = &[
    "said",
    "says",
    "announced",
    "announces",
    "acquired",
    "acquires",
    "bought",
    "buys",
    "hired",
    "hires",
    "sued",
    "reported",
    "reports",
    "plans",
    "declined",
    "confirmed",
    "agreed",
    "employs",
    "paid",
    "pays",
    "raised",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "executives",
    "employees",
    "staff",
    "shares",
    "stock",
    "founder",
    "co-founder",
    "CEO",
];

/// The gazetteer's organisation that a partnership's name written with a comma means
/// ("Goldman, Sachs and Co" is Goldman Sachs), if the name has a comma and it knows one.
pub(super) fn partnership(gz: &Gazetteer, name: &str) -> Option<String> {
    let (first, rest) = name.split_once(", ")?;
    let rest = rest
        .strip_suffix(" and Co")
        .or_else(|| rest.strip_suffix(" & Co"))
        .unwrap_or(rest);
    [" ", " & ", " and "].iter().find_map(|sep| {
        gz.lookup(&format!("{first}{sep}{rest}"))
            .find(|e| e.kind == Kind::Org)
            .map(|e| e.name.clone())
    })
}

/// Whether the gazetteer's match `m` is a mention of its entry here (case, word boundaries,
/// place cues, things named after people, tickers, hyphenated names, ordinary senses), and if
/// so whether it is a strong one (counts alone; a weak one needs a strong mention elsewhere
/// in the article).
pub(super) fn known_mention(
    gz: &Gazetteer,
    text: &str,
    ws: &[Word],
    m: crate::entities::gazetteer::Found,
) -> Option<bool> {
    let (s, e) = (m.start(), m.end());
    let form = gz.form_text(m.pattern());
    let entry = gz.form_entry(m.pattern());
    if !boundary_ok(text, s, e) || !case_ok(&text[s..e], form) {
        return None;
    }
    // "LME COPPER 1ST RING": in capitals, a product named by an ordinary word is the word.
    if entry.kind == Kind::Product
        && !text[s..e].chars().any(char::is_lowercase)
        && entry.name.chars().any(char::is_lowercase)
        && !form.contains(' ')
        && words::with_lower(form, words::is_word)
    {
        return None;
    }
    if entry.cue && (!place_cue(gz, text, s, e) || inside_longer_name(text, ws, s, e)) {
        return None; // "Florence Welch", not "in Florence"
    }
    // "Colin McRae Rally", "George Washington Bridge": a thing named after a person.
    if entry.kind == Kind::Person && names_a_thing(text, e) {
        return None;
    }
    if eponym_after(text, e) || after_copyright(text, s) {
        return None;
    }
    // A newswire ticker ("<GTA>", "<ALD>") is no name, whatever a list spells so.
    if text[..s].ends_with('<') && text[e..].starts_with('>') && e - s <= 5 {
        return None;
    }
    // "Allied-Signal": a word after a name's hyphen is no ordinary-word name of its own.
    if entry.ambiguous
        && text[..s]
            .strip_suffix('-')
            .and_then(|r| r.chars().next_back())
            .is_some_and(char::is_alphabetic)
    {
        return None;
    }
    let initial = is_sentence_start(ws, s);
    // "U.S." and "U.K." are no ordinary words, even in a headline; "US" may be.
    let dotted = text[s..e].contains('.');
    // "US film" opening a sentence: the pronoun is never written in capitals except
    // in text that is all capitals. (Only places: "WIRED" in a site's menu is not.)
    let capitals = entry.kind == Kind::Place
        && text[s..e].chars().filter(|c| c.is_alphabetic()).count() >= 2
        && !text[s..e].chars().any(char::is_lowercase)
        && !shouting(text, s, e);
    let strong = if entry.ambiguous && entry.kind != Kind::Person {
        if ordinary_sense(text, e) || inside_longer_name(text, ws, s, e) {
            return None;
        }
        // "Ladbrokes spokesman Warren Lush said" opening a sentence: the company.
        let org_here = || {
            let prev = text[..s].trim_end().rsplit(' ').next();
            // "Amoco Corp said": a legal form after it.
            let legal = text[e..]
                .strip_prefix(' ')
                .and_then(|r| r.split([' ', ',', '\'']).next())
                .is_some_and(|w| words::LEGAL_FORM.has(w));
            entry.kind == Kind::Org && (legal || org_context(text, s, e, prev))
        };
        // In a line of capitals ("... QTR SHR 67 CTS VS 23 CTS") capitals say nothing.
        dotted || ((!initial || capitals || org_here()) && !shouting(text, s, e))
    } else {
        true
    };
    Some(strong)
}

/// The word after byte `e` is one that ends no person's name ("Rally", "Prize", "Bridge").
/// The name ending at `e` is an eponym's: "'s" and a noun such as "law" follow ("Moore's
/// law", "Parkinson's disease").
pub(super) fn eponym_after(text: &str, e: usize) -> bool {
    text[e..]
        .strip_prefix("'s ")
        .or_else(|| text[e..].strip_prefix("’s "))
        .is_some_and(|r| {
            let w = r.split(|c: char| !c.is_alphabetic()).next().unwrap_or("");
            is_in(words::EPONYM_NOUNS, w)
        })
}

/// The name starting at `s` is a copyright notice's owner ("© 2023 VentureBeat",
/// "Copyright (c) 2019 Acme"): the publisher's furniture, not something the text names.
pub(super) fn after_copyright(text: &str, s: usize) -> bool {
    // Most names follow a space and a lower-case word: nothing to look at.
    let before = text[..s]
        .trim_end_matches(|c: char| c.is_ascii_digit() || matches!(c, '-' | '–' | ' ' | ','));
    let ends_with = |tail: &str| {
        before.len() >= tail.len()
            && before.as_bytes()[before.len() - tail.len()..].eq_ignore_ascii_case(tail.as_bytes())
    };
    before.ends_with('©') || ends_with("(c)") || ends_with("copyright")
}

pub(super) fn names_a_thing(text: &str, e: usize) -> bool {
    text[e..].strip_prefix(' ').is_some_and(|r| {
        let w = r.split(|c: char| !c.is_alphanumeric()).next().unwrap_or("");
        words::NOT_SURNAME.has(w)
    })
}

/// A place word before `s..e` ("in Florence", "from Charlotte") or ", Place" or "-based"
/// after it ("Florence, Italy", "Reading-based"): the name is the place's.
pub(super) fn place_cue(gz: &Gazetteer, text: &str, s: usize, e: usize) -> bool {
    let before = text[..s].trim_end();
    let prev = before
        .rsplit(|c: char| !c.is_alphabetic())
        .next()
        .unwrap_or("");
    if before.len() < s && is_in(words::PLACE_CUE_WORDS, prev) {
        return true;
    }
    let rest = &text[e..];
    if rest.starts_with("-based") {
        return true;
    }
    rest.strip_prefix(", ").is_some_and(|r| {
        words::state_abbreviations().iter().any(|(a, _)| {
            r.strip_prefix(a)
                .is_some_and(|after| !after.starts_with(|c: char| c.is_alphanumeric()))
        }) || gz.find_at(text, text.len() - r.len()).is_some_and(|m| {
            gz.form_entry(m.pattern()).kind == Kind::Place && boundary_ok(text, m.start(), m.end())
        })
    })
}

/// An ambiguous name used in its ordinary sense: followed by a sense word ("Apple orchards",
/// "Amazon rainforest") or hyphenated into a lower-case word ("Meta-analysis").
pub(super) fn ordinary_sense(text: &str, e: usize) -> bool {
    let rest = &text[e..];
    if let Some(r) = rest.strip_prefix('-') {
        if r.chars().next().is_some_and(|c| c.is_lowercase()) {
            return true;
        }
    }
    let rest = rest.trim_start_matches(['\'', '’', 's']).trim_start();
    let next: String = rest
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '\'')
        .collect::<String>()
        .to_lowercase();
    words::ORDINARY_NEXT.has(&next)
}

/// An ambiguous name glued to another capitalised word is part of a longer name ("Go
/// Digital", "Orange County"), unless that word starts a sentence.
pub(super) fn inside_longer_name(text: &str, ws: &[Word], s: usize, e: usize) -> bool {
    let next = text[e..].strip_prefix(' ').and_then(|r| {
        let w: &str = r.split(|c: char| !c.is_alphanumeric()).next().unwrap_or("");
        (!w.is_empty()).then_some(w)
    });
    let prev = text[..s].strip_suffix(' ').and_then(|r| {
        let w: &str = r
            .rsplit(|c: char| !c.is_alphanumeric())
            .next()
            .unwrap_or("");
        (!w.is_empty()).then_some((w, s - 1 - w.len()))
    });
    // In capitals ("REAGAN OPPOSES U.S. EXCISE TAX HIKES") every word looks like a name's.
    let shouting = shouting(text, s, e);
    let capitalised =
        |w: &str| !shouting && starts_upper(w) && !matches!(w, "I" | "A" | "The" | "And" | "Or");
    // "US TV drama", "UK GDP": an acronym after the name does not go on with it.
    let acronym = |w: &str| w.len() <= 4 && !w.chars().any(char::is_lowercase);
    // "Office of Management and Budget": "of" and a capitalised word go on with the name.
    let of_name = text[e..]
        .strip_prefix(" of ")
        .and_then(|r| r.strip_prefix("the ").or(Some(r)))
        .is_some_and(|r| r.chars().next().is_some_and(char::is_uppercase));
    // "General Electric Co": a legal form ends the name it follows.
    let legal = |w: &str| words::LEGAL_FORM.has(w);
    // "the Group of Five", "Bank of Montreal": an organisation's word and "of" before it.
    let org_of = text[..s]
        .strip_suffix(" of ")
        .or_else(|| text[..s].strip_suffix(" of the "))
        .and_then(|r| r.rsplit(' ').next())
        .is_some_and(|w| {
            !shouting
                && (words::ORG_SUFFIX.has(w)
                    || words::INSTITUTION.has(w)
                    || words::ORG_PREFIX.has(w))
        });
    org_of
        || of_name
        || next.is_some_and(|w| capitalised(w) && !acronym(w) && !legal(w))
        || prev.is_some_and(|(w, at)| capitalised(w) && !is_sentence_start(ws, at))
}
