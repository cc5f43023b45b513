//! Once every name of an article is found: typing the untyped ones (the learned typer, lists,
//! the corpus), linking short forms, surnames, knights, acronyms and name tails to the full
//! names the article gives, and dropping what is not a name after all (titles of works,
//! products named without their maker).

use super::*;

/// A product the gazetteer names after its maker, found by its last word alone ("Galaxy" for
/// Samsung Galaxy, "Watson" for IBM Watson, "Outlook" for Microsoft Outlook), is that product
/// only where the article names the maker or lists it with other products or companies
/// ("applications including Chrome, Microsoft 365 and Zoom"): elsewhere the word is a cable
/// company, a person or a report's "Situation and Outlook".
pub(super) fn drop_makerless_products(gz: &Gazetteer, texts: &[&str], cands: &mut Vec<Candidate>) {
    let listed = |c: &Candidate| {
        let t = texts[c.text];
        let joins = |gap: &str| matches!(gap, ", " | " and " | " or " | ", and ");
        // A company after it may open the next clause ("... and Outlook, USDA said").
        cands.iter().any(|o| {
            o.text == c.text
                && (o.kind == Kind::Product && o.start >= c.end && joins(&t[c.end..o.start])
                    || matches!(o.kind, Kind::Product | Kind::Org)
                        && o.end <= c.start
                        && joins(&t[o.end..c.start]))
        })
    };
    // "Excel spreadsheets", "a Chrome extension", "the Quest 2": a product's own noun or
    // version after it.
    let cued = |c: &Candidate| {
        let next = texts[c.text][c.end..]
            .strip_prefix(' ')
            .and_then(|r| r.split([' ', ',', '.', ';', ':']).next())
            .unwrap_or("");
        words::PRODUCT_NOUN.has(next)
            || is_in(words::PRODUCT_USES, next)
            || (!next.is_empty() && next.len() <= 4 && next.bytes().all(|b| b.is_ascii_digit()))
    };
    let makerless = |c: &Candidate| {
        if !(c.known && c.kind == Kind::Product) {
            return false;
        }
        let slice = &texts[c.text][c.start..c.end];
        let Some((maker, _)) = c.name.split_once(' ') else {
            return false;
        };
        !slice.contains(' ')
            && c.name.ends_with(slice)
            && gz.lookup(maker).any(|e| e.kind == Kind::Org)
            && !texts.iter().any(|t| t.contains(maker))
            && !listed(c)
            && !cued(c)
    };
    let drop: Vec<bool> = cands.iter().map(makerless).collect();
    let mut drop = drop.into_iter();
    cands.retain(|_| !drop.next().unwrap_or(false));
}

/// A film's, a book's or a show's title that looks like a person's name ("the drama Vera
/// Drake", "Harry Potter films", "Vera Drake star Imelda Staunton") names no one: where one of
/// its mentions has such a cue, none of them counts. Only discovered names: a known person
/// stays a person ("a film about Steve Jobs").
pub(super) fn drop_titles(texts: &[&str], cands: &mut Vec<Candidate>) {
    let titled = |c: &Candidate| {
        let t = texts[c.text];
        let before = t[..c.start].trim_end().rsplit(' ').next().unwrap_or("");
        let after = t[c.end..].strip_prefix(' ').map_or("", |r| {
            r.split(|ch: char| !ch.is_alphabetic()).next().unwrap_or("")
        });
        is_in(WORK_BEFORE, before) || is_in(WORK_AFTER, after)
    };
    let titles: Vec<String> = cands
        .iter()
        .filter(|c| c.kind == Kind::Person && !c.known && c.name.contains(' ') && titled(c))
        .map(|c| c.name.clone())
        .collect();
    if !titles.is_empty() {
        cands.retain(|c| c.known || !titles.contains(&c.name));
    }
}

/// Nouns right before a creative work's title ("the film Vera Drake").
pub(super) const WORK_BEFORE: &[&str] = &[
    "film",
    "movie",
    "drama",
    "comedy",
    "thriller",
    "biopic",
    "documentary",
    "novel",
    "book",
    "musical",
    "play",
    "sitcom",
    "series",
    "album",
    "song",
    "single",
    "opera",
    "show",
];
/// Words right after a creative work's title ("Vera Drake star", "Harry Potter films").
pub(super) const WORK_AFTER: &[&str] = &[
    "star",
    "stars",
    "director",
    "cast",
    "sequel",
    "sequels",
    "franchise",
    "films",
    "movies",
    "books",
    "novels",
    "series",
    "fans",
    "licence",
    "licences",
    "license",
    "licenses",
    "universe",
];

/// Names the rules leave untyped take the learned typer's class when it wins by its margin,
/// summed over the name's mentions in the article: one name, one type.
pub(super) fn type_by_model(
    gz: &Gazetteer,
    typer: &typer::Typer,
    texts: &[&str],
    cands: &mut Vec<Candidate>,
) {
    // A run opening a sentence with an ordinary word ("Fans of Green Day") is the sentence's
    // words, not a name the model should vouch for.
    let untyped = |c: &Candidate| {
        c.kind == Kind::Misc
            && !c.known
            && !c.name.split_once(' ').is_some_and(|(first, _)| {
                opens_sentence(texts[c.text], c.start) && words::with_lower(first, words::is_word)
            })
    };
    let mut sums: FxHashMap<String, [f32; 5]> = FxHashMap::default();
    for c in cands.iter().filter(|c| untyped(c)) {
        add_scores(
            sums.entry(c.name.clone()).or_default(),
            typer.scores(gz, texts[c.text], c.start, c.end),
        );
    }
    for c in cands.iter_mut().filter(|c| untyped(c)) {
        // One word is a person only with a title or a role (the rules' cues): alone it is
        // as often a first name, a character or a surname already named in full. Products
        // are left to the rules' cues: the model has seen too few of them (cross-validated,
        // 3 of 5 typed right).
        let decided = sums.get(&c.name).and_then(|s| typer.decide(s));
        // Nor a thing named after a person ("Colin McRae Rally"), nor an office named
        // generically ("Finance Ministry": whose, the text says elsewhere).
        let kept = |k: &Kind| match k {
            Kind::Person => c
                .name
                .rsplit_once(' ')
                .is_some_and(|(_, last)| !words::NOT_SURNAME.has(last)),
            Kind::Org => !generic_org(&c.name.split(' ').collect::<Vec<_>>()),
            Kind::Product => false,
            _ => true,
        };
        if let Some(kind) = decided.filter(kept) {
            c.kind = kind;
            c.cued = true;
            if kind == Kind::Org {
                c.name = org_name(&c.name).to_string();
            }
        }
    }
    take_longer_names(gz, typer, texts, cands);
}

/// A name's class scores summed over its mentions.
pub(super) fn add_scores(sum: &mut [f32; 5], s: [f32; 5]) {
    for (a, b) in sum.iter_mut().zip(s) {
        *a += b;
    }
}

/// A known organisation goes on to the longer name after it ("BBC One", "Sony Pictures")
/// where the typer says that name is an organisation or a product, summed over its mentions;
/// otherwise it stays the known name.
pub(super) fn take_longer_names(
    gz: &Gazetteer,
    typer: &typer::Typer,
    texts: &[&str],
    cands: &mut Vec<Candidate>,
) {
    let longer = |c: &Candidate| {
        let t = texts[c.text];
        (c.known && c.longer > c.end).then(|| &t[c.start..c.longer])
    };
    let mut sums: FxHashMap<&str, [f32; 5]> = FxHashMap::default();
    for c in cands.iter() {
        if let Some(name) = longer(c) {
            add_scores(
                sums.entry(name).or_default(),
                typer.scores(gz, texts[c.text], c.start, c.longer),
            );
        }
    }
    let decided: FxHashMap<String, Kind> = sums
        .into_iter()
        .filter_map(|(name, s)| {
            let kind = typer.decide(&s)?;
            matches!(kind, Kind::Org | Kind::Product).then(|| (name.to_string(), kind))
        })
        .collect();
    if decided.is_empty() {
        return;
    }
    // (text, start, end) of each name that went on to its longer name.
    let mut grown: Vec<(usize, usize, usize)> = Vec::new();
    for c in cands.iter_mut() {
        let Some(name) = longer(c) else { continue };
        if let Some(&kind) = decided.get(name) {
            c.kind = kind;
            c.name = match kind {
                Kind::Org => org_name(name).to_string(),
                _ => name.to_string(),
            };
            c.end = c.longer;
            c.known = false;
            c.cued = true;
            grown.push((c.text, c.start, c.end));
        }
    }
    // The longer name takes in the names found inside it ("Aaa" of "Microsoft Aaa"): mentions
    // stay disjoint.
    cands.retain(|c| {
        grown.contains(&(c.text, c.start, c.end))
            || !grown
                .iter()
                .any(|&(t, s, e)| c.text == t && c.start < e && s < c.end)
    });
}

/// A lone surname typed person (by a title, a role, a quote) that the corpus names in full
/// with one dominant person is that person; known names are left alone.
/// Untyped names (misc) take the type the corpus gives them ([`names::corpus_type`]): an
/// untyped "Texaco" where other articles say "Texaco Inc", a lone "Lawson" where they say
/// "Nigel Lawson".
/// Names listed together are of one kind: in "BASF, Siemens and Cadbury Schweppes" (three or
/// more names joined by commas and a final "and" / "or"), an untyped name is an organisation
/// (or a product) when at least two of the others are and no other kind is as common.
pub(super) fn type_by_list(texts: &[&str], cands: &mut [Candidate]) {
    let mut order: Vec<usize> = (0..cands.len()).collect();
    order.sort_by_key(|&i| (cands[i].text, cands[i].start));
    let joined = |a: &Candidate, b: &Candidate| {
        a.text == b.text
            && a.end <= b.start
            && matches!(
                &texts[a.text][a.end..b.start],
                ", " | " and " | ", and " | " or " | ", or "
            )
    };
    let mut i = 0;
    while i < order.len() {
        let mut j = i + 1;
        while j < order.len() && joined(&cands[order[j - 1]], &cands[order[j]]) {
            j += 1;
        }
        let list = &order[i..j];
        if list.len() >= 3 {
            let mut counts = [0usize; 5];
            for &k in list {
                counts[cands[k].kind as usize] += 1;
            }
            counts[Kind::Misc as usize] = 0;
            let best = (0..5).max_by_key(|&k| counts[k]).unwrap_or(0);
            let tie = (0..5).any(|k| k != best && counts[k] == counts[best]);
            // A lone word among people or places is as often a first name ("Phil, Andy and
            // Bryan") or a street as a person or a town: only organisations and products.
            let kind = Kind::ALL[best];
            if counts[best] >= 2 && !tie && matches!(kind, Kind::Org | Kind::Product) {
                for &k in list {
                    if cands[k].kind == Kind::Misc && !cands[k].known {
                        cands[k].kind = kind;
                        cands[k].cued = true;
                    }
                }
            }
        }
        i = j;
    }
}

/// "Paul McCartney ... Sir Paul", "Dame Judi": a knight or a dame is called by the given
/// name, which means the one person of the article with that given name.
pub(super) fn link_knights(texts: &[&str], cands: &mut [Candidate]) {
    let knighted = |c: &Candidate| {
        let before = texts[c.text][..c.start].trim_end_matches(' ');
        !c.known
            && c.kind == Kind::Person
            && !c.name.contains(' ')
            && matches!(before.rsplit([' ', '\n']).next(), Some("Sir" | "Dame"))
    };
    if !cands.iter().any(knighted) {
        return;
    }
    let mut given: FxHashMap<String, Option<(String, bool)>> = FxHashMap::default();
    for c in cands
        .iter()
        .filter(|c| c.kind == Kind::Person && c.name.contains(' '))
    {
        let first = c.name.split(' ').next().unwrap_or("").to_string();
        given
            .entry(first)
            .and_modify(|v| {
                if v.as_ref().is_some_and(|(n, _)| n != &c.name) {
                    *v = None;
                }
            })
            .or_insert(Some((c.name.clone(), c.known)));
    }
    for c in cands.iter_mut() {
        if !knighted(c) {
            continue;
        }
        if let Some(Some((full, known))) = given.get(&c.name) {
            c.name = full.clone();
            c.known = *known;
        }
    }
}

/// A one-word short form that the gazetteer knows for another company ("Aurora" for Aurora
/// Innovation) means the article's own organisation of that first word when it names one in
/// full ("Aurora Downlink ... Aurora's founder"). So does a one-word organisation found by its
/// context ("Munson Geothermal Inc said ... Munson, a wholesale electric utility").
pub(super) fn link_short_forms(texts: &[&str], cands: &mut [Candidate]) {
    let mut full: Vec<String> = cands
        .iter()
        .filter(|c| matches!(c.kind, Kind::Org | Kind::Misc) && c.name.contains(' '))
        .map(|c| c.name.clone())
        .collect();
    if full.is_empty() {
        return;
    }
    full.sort_unstable();
    full.dedup();
    let mut linked: Vec<String> = Vec::new();
    for c in cands.iter_mut().filter(|c| c.kind == Kind::Org) {
        let slice = strip_possessive(&texts[c.text][c.start..c.end]);
        if slice.contains(' ') || (c.known && slice == c.name) {
            continue;
        }
        let mut own = full
            .iter()
            .filter(|n| **n != c.name && n.strip_prefix(slice).is_some_and(|r| r.starts_with(' ')));
        if let (Some(n), None) = (own.next(), own.next()) {
            c.name = n.clone();
            c.known = false;
            c.cued = true;
            linked.push(n.clone());
        }
    }
    // The full name is an organisation's, as its short form is.
    for c in cands.iter_mut() {
        if c.kind == Kind::Misc && linked.contains(&c.name) {
            c.kind = Kind::Org;
            c.cued = true;
        }
    }
}

/// One organisation, one name, once every name is typed: where the article names an
/// organisation in full before it shortens it, the short form means the full name. A leading
/// part of the name ("Munson Geothermal Inc ... Munson", "Sierra Pacific Resources Corp ...
/// Sierra Pacific", "Asahi Breweries ... Asahi") or its initials ("National Union of
/// Journalists ... the NUJ", "GlaxoSmithKline ... GSK") take the full name, whatever the
/// gazetteer knows them as, when exactly one of the article's organisations fits. The full
/// name is one the article itself gives, not one the gazetteer knows: "Google Cloud ...
/// Google" are two. A short form met first stays its own name; headlines are left out of the
/// order (they shorten anything).
pub(super) fn link_to_full_names(texts: &[&str], headlines: usize, cands: &mut [Candidate]) {
    let mut first: FxHashMap<&str, (usize, usize)> = FxHashMap::default();
    for c in cands.iter().filter(|c| c.text >= headlines) {
        let at = first.entry(c.name.as_str()).or_insert((c.text, c.start));
        *at = (*at).min((c.text, c.start));
    }
    let fulls: Vec<(&str, (usize, usize), &str)> = {
        let mut seen: FxHashSet<&str> = FxHashSet::default();
        cands
            .iter()
            .filter(|c| c.kind == Kind::Org && !c.known && seen.insert(c.name.as_str()))
            .filter(|c| {
                c.name.contains(' ') || c.name.chars().filter(|ch| ch.is_uppercase()).count() > 1
            })
            .filter_map(|c| {
                let at = *first.get(c.name.as_str())?;
                Some((c.name.as_str(), at, &texts[at.0][at.1..]))
            })
            .collect()
    };
    if fulls.is_empty() {
        return;
    }
    let mut renamed: Vec<(usize, String)> = Vec::new();
    for (i, c) in cands.iter().enumerate() {
        if !matches!(c.kind, Kind::Org | Kind::Misc) {
            continue;
        }
        let slice = strip_possessive(&texts[c.text][c.start..c.end]);
        let Some(&mine) = first.get(c.name.as_str()) else {
            continue;
        };
        let initials = slice.len() >= 2
            && slice.chars().all(|ch| ch.is_ascii_uppercase() || ch == '&')
            && (c.kind == Kind::Org || slice.len() >= 3);
        // "BBC One" is no expansion of "BBC".
        let spelled = |full: &str| full.split(' ').any(|w| w == slice);
        let part = |full: &str| {
            full.strip_prefix(slice).is_some_and(|r| r.starts_with(' '))
                && c.kind == Kind::Org
                && !c.known
        };
        // "UK Film Council ... the Film Council": ordinary words and an organisation word
        // that end a longer name are that name.
        let tail = |full: &str| {
            c.kind == Kind::Org
                && !c.known
                && full.strip_suffix(slice).is_some_and(|r| r.ends_with(' '))
                && generic_org(&slice.split(' ').collect::<Vec<_>>())
        };
        let mut fits = fulls.iter().filter(|(full, at, text)| {
            *full != c.name
                && *at < mine
                && (part(full)
                    || tail(full)
                    || initials
                        && !spelled(full)
                        && (acronym_of(slice, full) || acronym_of(slice, name_words(text, full))))
        });
        if let (Some((full, ..)), None) = (fits.next(), fits.next()) {
            renamed.push((i, full.to_string()));
        }
    }
    for (i, full) in renamed {
        let c = &mut cands[i];
        c.name = full;
        c.kind = Kind::Org;
        c.known = false;
        c.cued = true;
    }
}

/// The words of `text` that a name's first mention spans, legal form included ("American
/// Motors Corp" for the name "American Motors"): as many words as the name has, and one more
/// when it is a legal form.
pub(super) fn name_words<'t>(text: &'t str, name: &str) -> &'t str {
    let n = name.split(' ').count();
    let mut end = 0;
    for (k, w) in text.split(' ').enumerate().take(n + 1) {
        if k == n && !words::LEGAL_FORM.has(w.trim_end_matches([',', '.', ';', ':', ')'])) {
            break;
        }
        end += usize::from(k > 0) + w.len();
    }
    &text[..end]
}

/// Acronyms the article defines ("International Coffee Organization (ICO)") mean the name
/// they follow wherever the article uses them, whatever the gazetteer takes them for
/// (its "ICO" is the Information Commissioner's Office).
pub(super) fn link_acronyms(texts: &[&str], cands: &mut [Candidate]) {
    let mut defined: Vec<(&str, usize)> = Vec::new();
    for (i, c) in cands.iter().enumerate() {
        let rest = &texts[c.text][c.end..];
        let Some(inner) = rest.strip_prefix(" (") else {
            continue;
        };
        let Some(close) = inner.find(')') else {
            continue;
        };
        let acronym = &inner[..close];
        if acronym_of(acronym, &texts[c.text][c.start..c.end]) {
            defined.push((acronym, i));
        }
    }
    if defined.is_empty() {
        return;
    }
    let defined: Vec<(String, Kind, String, bool)> = defined
        .into_iter()
        .map(|(a, i)| {
            let c = &cands[i];
            (a.to_string(), c.kind, c.name.clone(), c.known || c.cued)
        })
        .collect();
    for c in cands.iter_mut() {
        let slice = strip_possessive(&texts[c.text][c.start..c.end]);
        if let Some((_, kind, name, sure)) = defined.iter().find(|(a, ..)| a == slice) {
            c.kind = *kind;
            c.name.clone_from(name);
            c.cued |= *sure;
        }
    }
}

/// `acronym` (2-8 capitals, digits or "&") abbreviates `name`: its capitals are the name's
/// capitals in order, starting with the first ("ICO" for "International Coffee
/// Organization", "PwC" for "PricewaterhouseCoopers").
pub(super) fn acronym_of(acronym: &str, name: &str) -> bool {
    let caps: Vec<char> = acronym.chars().filter(|c| c.is_uppercase()).collect();
    if !(2..=8).contains(&acronym.chars().count())
        || caps.len() < 2
        || !acronym
            .chars()
            .all(|c| c.is_alphanumeric() || c == '&' || c == '-')
        || acronym == name
    {
        return false;
    }
    let mut name_caps = name.chars().filter(|c| c.is_uppercase());
    if name_caps.next() != Some(caps[0]) {
        return false;
    }
    caps[1..].iter().all(|&a| name_caps.any(|n| n == a))
}

pub(super) fn type_by_corpus(corpus: &Corpus, cands: &mut [Candidate]) {
    for c in cands.iter_mut().filter(|c| !c.known) {
        if c.kind == Kind::Misc {
            if let Some((kind, name)) = names::corpus_type(&corpus.surnames, &corpus.orgs, &c.name)
            {
                c.kind = kind;
                c.name = name;
                c.cued = true;
            }
        } else if c.given_name_only
            && names::org_not_person(&corpus.surnames, &corpus.orgs, &c.name)
        {
            // "Merrill Lynch" looks like a person; the corpus writes "Merrill Lynch and Co".
            c.kind = Kind::Org;
        }
    }
}

pub(super) fn link_corpus_surnames(texts: &[&str], surnames: &Surnames, cands: &mut [Candidate]) {
    for c in cands.iter_mut() {
        // Only a name already typed person ("Mr Reagan"): an untyped "Salomon" is as often
        // a company (Salomon Brothers) as a person named Salomon. A product only by a
        // company's possessive before it ("Bundesbank's Schlesinger", "Apple's Cook") is
        // the corpus's person of that surname too.
        let owned = || {
            c.kind == Kind::Product
                && ["'s ", "’s "]
                    .iter()
                    .any(|p| texts[c.text][..c.start].ends_with(p))
        };
        if c.known || c.name.contains(' ') || !(c.kind == Kind::Person || owned()) {
            continue;
        }
        if let Some(full) = surnames.resolve(&c.name) {
            c.kind = Kind::Person;
            c.name = full.to_string();
            c.cued = true;
        }
    }
}

/// A person's name of two or more words that ends the full name of exactly one other person
/// in the article is that person: "Hans Christian Andersen ... Christian Andersen", "Harry
/// Connick Jr ... Connick Jr", "Philip van Doren Stern ... Van Doren Stern".
pub(super) fn link_name_tails(cands: &mut [Candidate]) {
    let persons: Vec<(String, String, bool)> = {
        let mut seen: FxHashSet<&str> = FxHashSet::default();
        cands
            .iter()
            .filter(|c| c.kind == Kind::Person && c.name.contains(' '))
            .filter(|c| seen.insert(c.name.as_str()))
            .map(|c| (c.name.to_lowercase(), c.name.clone(), c.known))
            .collect()
    };
    if persons.len() < 2 {
        return;
    }
    for c in cands
        .iter_mut()
        .filter(|c| c.kind == Kind::Person && c.name.contains(' '))
    {
        let low = c.name.to_lowercase();
        let mut longer = persons.iter().filter(|(l, ..)| {
            l.strip_suffix(low.as_str())
                .is_some_and(|r| r.ends_with(' '))
        });
        if let (Some((_, full, known)), None) = (longer.next(), longer.next()) {
            c.name.clone_from(full);
            c.known = *known;
        }
    }
}

/// Persons' surnames (and "Mr Surname") refer to the person named in full in the article:
/// discovered one-word names (and misc ones) that equal the surname of a person of the
/// article become mentions of that person.
pub(super) fn link_surnames(gz: &Gazetteer, texts: &[&str], cands: &mut [Candidate]) {
    // "Cory Doctorow ... Mr Doctorow": a titled surname makes an untyped full name a person.
    let titled: FxHashSet<String> = cands
        .iter()
        .filter(|c| !c.known && c.kind == Kind::Person && !c.name.contains(' '))
        .map(|c| c.name.clone())
        .collect();
    for c in cands.iter_mut() {
        if !c.known
            && c.kind == Kind::Misc
            && c.name.contains(' ')
            && c.name
                .rsplit(' ')
                .next()
                .is_some_and(|l| titled.contains(l))
        {
            c.kind = Kind::Person;
            c.cued = true;
        }
    }
    link_name_tails(cands);
    let mut surnames: FxHashMap<String, Option<(String, bool)>> = FxHashMap::default();
    for c in cands
        .iter()
        .filter(|c| c.kind == Kind::Person && c.name.contains(' '))
    {
        let last = c.name.rsplit(' ').next().unwrap_or("").to_string();
        let known = c.known;
        surnames
            .entry(last)
            .and_modify(|v| {
                if v.as_ref().is_some_and(|(n, _)| n != &c.name) {
                    *v = None; // two persons share the surname: leave it alone
                }
            })
            .or_insert(Some((c.name.clone(), known)));
    }
    for c in cands.iter_mut() {
        if c.known || c.name.contains(' ') {
            continue;
        }
        if let Some(Some((full, known))) = surnames.get(&c.name) {
            c.kind = Kind::Person;
            c.name = full.clone();
            c.known = *known;
        }
    }
    link_knights(texts, cands);
    // A discovered full name that is a gazetteer person (by alias) takes its canonical name.
    for c in cands
        .iter_mut()
        .filter(|c| !c.known && c.kind == Kind::Person)
    {
        let known = gz
            .lookup(&c.name)
            .find(|e| e.kind == Kind::Person)
            .map(|e| e.name.clone());
        if let Some(name) = known {
            c.name = name;
            c.known = true;
        }
    }
}
