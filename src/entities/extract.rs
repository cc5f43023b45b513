//! Entity extraction for one article: gazetteer matches (one Aho-Corasick pass per text),
//! disambiguation by case and context, discovery of unknown capitalised names, and
//! within-article aliasing ("Mr Gates" and "Gates" after "Bill Gates"). Pure: text in,
//! mentions out.

use rustc_hash::{FxHashMap, FxHashSet};

use super::gazetteer::Gazetteer;
use super::names::{self, Surnames};
use super::typer;
use super::words::{self, is_in};
use super::Corpus;
use super::Kind;

/// One mention of an entity in one text of the article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mention {
    pub kind: Kind,
    /// Canonical name.
    pub name: String,
    /// Byte span in the text.
    pub start: usize,
    pub end: usize,
}

/// The entities of one article.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ArticleEntities {
    /// Mentions per input text (same order as the input), in text order.
    pub mentions: Vec<Vec<Mention>>,
    /// Each entity of the article: (kind, canonical name, mentions, confirmed). Known
    /// (gazetteer) entities are confirmed; discovered ones when mentioned at least twice in the
    /// article. Unconfirmed ones count only where they recur across articles.
    pub entities: Vec<EntityCount>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntityCount {
    pub kind: Kind,
    pub name: String,
    pub mentions: u32,
    pub confirmed: bool,
}

/// A word of a text: byte span and whether it starts a sentence (or is in a headline).
#[derive(Debug, Clone, Copy)]
struct Word {
    start: usize,
    end: usize,
    sentence_start: bool,
    /// Holds an inner hyphen ("US-China"): a name may start after it.
    hyphen: bool,
    /// Starts with a capital letter.
    upper: bool,
}

#[derive(Debug, Clone)]
struct Candidate {
    text: usize,
    start: usize,
    end: usize,
    kind: Kind,
    name: String,
    known: bool,
    /// Mid-sentence and capitalised (or a known unambiguous name): counts on its own.
    strong: bool,
    /// A discovered name typed by its own shape or context: a person quoted or described in
    /// the news way ("said Jane Roe", "Jane Roe, an analyst", "actress Jane Roe"), a given name
    /// or title before it, an organisation or place suffix ("Acme Robotics Inc", "Tartu
    /// University", "Kent County"): kept even when named once.
    cued: bool,
    /// A person by the shape of the name alone (a given name, then a capitalised word), with
    /// no title or role ("said" is no help: companies say things too): the corpus may know it
    /// as an organisation ("Merrill Lynch").
    given_name_only: bool,
    /// A known organisation followed by capitalised words that may name another one with it
    /// ("BBC One", "Sony Pictures", "Deutsche Bank Securities"): where that longer name
    /// would end, for the learned typer to take or leave; 0 when there is none.
    longer: usize,
}

/// Extract the entities of one article. `texts[0..headlines]` are headlines (title case:
/// every word is treated like a sentence start); the rest are body passages.
pub fn extract(gz: &Gazetteer, texts: &[&str], headlines: usize) -> ArticleEntities {
    extract_keeping_words_below(gz, None, texts, headlines, KEEP_WORDS_BELOW)
}

/// [`extract`] with what is known of the corpus: a lone surname that the corpus names in full
/// with one dominant person ("Reagan") is that person ("Ronald Reagan"); a name nothing in
/// the article types takes the corpus's type for it ([`names::corpus_type`]).
pub fn extract_with(
    gz: &Gazetteer,
    corpus: &Corpus,
    source: &str,
    texts: &[&str],
    headlines: usize,
) -> ArticleEntities {
    extract_keeping_words_below(
        gz,
        Some((corpus, source)),
        texts,
        headlines,
        KEEP_WORDS_BELOW,
    )
}

/// Articles with less text than this keep every text's words between the two passes below;
/// longer ones split each text into words twice instead. Words take ~24 bytes each, about four
/// times the text: holding them all for a 60 MB one-article file cost ~250 MB.
const KEEP_WORDS_BELOW: usize = 1 << 20;

fn extract_keeping_words_below(
    gz: &Gazetteer,
    corpus: Option<(&Corpus, &str)>,
    texts: &[&str],
    headlines: usize,
    keep_below: usize,
) -> ArticleEntities {
    let mut cands = by_rules(gz, texts, headlines, keep_below);
    if let Some((c, _)) = corpus {
        type_by_corpus(c, &mut cands);
    }
    type_by_model(gz, typer::Typer::builtin(), texts, &mut cands);
    link_to_full_names(texts, headlines, &mut cands);
    if let Some((c, source)) = corpus {
        link_corpus_surnames(texts, &c.surnames, &mut cands);
        // Bylines and related-story credits of the source's own writers.
        cands.retain(|c_| !(c_.kind == Kind::Person && c.authors.is_author(source, &c_.name)));
    }

    count_mentions(cands, texts.len())
}

/// One article's candidates as the rules leave them: found, linked within the article
/// (acronyms, short forms, surnames) and typed by the lists they stand in.
fn by_rules(gz: &Gazetteer, texts: &[&str], headlines: usize, keep_below: usize) -> Vec<Candidate> {
    let mut cands = candidates(gz, texts, headlines, keep_below);
    drop_titles(texts, &mut cands);
    drop_makerless_products(gz, texts, &mut cands);
    link_acronyms(texts, &mut cands);
    link_short_forms(texts, &mut cands);
    link_surnames(gz, texts, &mut cands);
    type_by_list(texts, &mut cands);
    cands
}

/// A product the gazetteer names after its maker, found by its last word alone ("Galaxy" for
/// Samsung Galaxy, "Watson" for IBM Watson, "Outlook" for Microsoft Outlook), is that product
/// only where the article names the maker or lists it with other products or companies
/// ("applications including Chrome, Microsoft 365 and Zoom"): elsewhere the word is a cable
/// company, a person or a report's "Situation and Outlook".
fn drop_makerless_products(gz: &Gazetteer, texts: &[&str], cands: &mut Vec<Candidate>) {
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
fn drop_titles(texts: &[&str], cands: &mut Vec<Candidate>) {
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
const WORK_BEFORE: &[&str] = &[
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
const WORK_AFTER: &[&str] = &[
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

/// The discovered names that the rules leave untyped (before the learned typer), and the
/// longer names known organisations may go on to ("BBC One"), with their text and span: what
/// `benches/entities/typer.py` trains the typer on.
pub fn untyped_names(gz: &Gazetteer, texts: &[&str], headlines: usize) -> Vec<(usize, Mention)> {
    by_rules(gz, texts, headlines, KEEP_WORDS_BELOW)
        .into_iter()
        .filter_map(|c| {
            let m = if c.kind == Kind::Misc && !c.known {
                Mention {
                    kind: c.kind,
                    name: c.name,
                    start: c.start,
                    end: c.end,
                }
            } else if c.longer > c.end {
                Mention {
                    kind: Kind::Misc,
                    name: texts[c.text][c.start..c.longer].to_string(),
                    start: c.start,
                    end: c.longer,
                }
            } else {
                return None;
            };
            Some((c.text, m))
        })
        .collect()
}

/// Names the rules leave untyped take the learned typer's class when it wins by its margin,
/// summed over the name's mentions in the article: one name, one type.
fn type_by_model(gz: &Gazetteer, typer: &typer::Typer, texts: &[&str], cands: &mut [Candidate]) {
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
fn add_scores(sum: &mut [f32; 5], s: [f32; 5]) {
    for (a, b) in sum.iter_mut().zip(s) {
        *a += b;
    }
}

/// A known organisation goes on to the longer name after it ("BBC One", "Sony Pictures")
/// where the typer says that name is an organisation or a product, summed over its mentions;
/// otherwise it stays the known name.
fn take_longer_names(
    gz: &Gazetteer,
    typer: &typer::Typer,
    texts: &[&str],
    cands: &mut [Candidate],
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
        }
    }
}

/// Every text's gazetteer matches, organisation spans and discovered names, typed by the
/// rules; ambiguous known names only where the article has a strong mention of them.
fn candidates(
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
const MODEL_WORDS: &[&str] = &[
    "Pro", "Max", "Plus", "Mini", "Ultra", "Air", "Lite", "SE", "XL", "XS", "XR", "X",
];

/// One or two capitalised words after a known product's name ending at `e` that name a
/// product of its line ("Show" after "Echo", "Store" after "Google Play"): title case (not
/// capitals: "CPU", "PCs" are generic), no name of their own, no organisation, place, role or
/// calendar word, no given name, and no more capitalised words after them; never in a
/// headline, a heading alone on its line or a line of capitals.
fn product_words_after<'t>(
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
const ORG_WORDS_AFTER: usize = 3;

/// Where a longer name would end that goes on from a known organisation's name ending at
/// `e` with up to three capitalised words or small numbers ("BBC One", "BBC Radio 4",
/// "Sony Pictures"), or 0: the words are one space apart, are no role, title, calendar word,
/// given name, plural acronym ("GPUs") or name of their own ("GM Canada", "Eastman Kodak"),
/// not only legal forms ("General Motors Corp" is General Motors), a possessive ends them,
/// and no capitalised word follows them; never in a line of capitals or a heading alone on
/// its line. Whether it is a name, and of what, the learned typer says.
fn org_words_after(gz: &Gazetteer, text: &str, s: usize, e: usize) -> usize {
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
fn model_code(t: &str) -> bool {
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
fn model_tail(text: &str, e: usize) -> &str {
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
fn model_number_after(text: &str, e: usize) -> Option<&str> {
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

/// Whether a name at `start` opens a sentence of `text` (past quotes and a bracket).
fn opens_sentence(text: &str, start: usize) -> bool {
    let before = text[..start].trim_end_matches([' ', '"', '“', '(']);
    before.is_empty() || before.ends_with(['.', '!', '?', ':', '\n'])
}

/// A version number right after a name ending at `e`: " 2", " 3.0" (one or two digits, a
/// dotted minor version), not a quantity ("Windows 2 pct") or the start of a longer number.
fn version_after(text: &str, e: usize) -> Option<&str> {
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

/// Whether `name` (of several words, the first capitalised) is also written with that word
/// in lower case, as words of its own, in one of `texts`.
fn lowered_elsewhere(texts: &[&str], name: &str) -> bool {
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

/// One text's candidates, appended to `cands`: gazetteer matches (outside menus and
/// organisation spans), the organisation spans, then discovered names.
fn text_candidates(
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
    let mut try_match = |m: super::gazetteer::Found| {
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
fn span_candidates(
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
fn state_abbreviations(gz: &Gazetteer, text: &str, ws: &[Word]) -> Vec<(usize, usize, String)> {
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
fn lower_after_hyphen(t: &str) -> bool {
    t.split('-')
        .skip(1)
        .any(|p| p.chars().next().is_some_and(char::is_lowercase))
}

/// The text speaks of a company at the name `start..end`: an organisation's context
/// ([`org_context`]: "Facebook's chief executive", "shares in Facebook"), or a company's
/// doing right after it ("Facebook said", "Slack acquired"). "on Facebook" is the service.
fn company_context(text: &str, start: usize, end: usize) -> bool {
    let prev = text[..start].trim_end().rsplit(' ').next();
    let next = text[end..]
        .strip_prefix(' ')
        .map(|r| r.split(|c: char| !c.is_alphabetic()).next().unwrap_or(""));
    org_context(text, start, end, prev) || next.is_some_and(|w| is_in(COMPANY_DOINGS, w))
}

/// What a company does, right after its name.
const COMPANY_DOINGS: &[&str] = &[
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
fn partnership(gz: &Gazetteer, name: &str) -> Option<String> {
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
fn known_mention(
    gz: &Gazetteer,
    text: &str,
    ws: &[Word],
    m: super::gazetteer::Found,
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

/// Count mentions per entity (first-mention order), then move the names into mentions.
fn count_mentions(mut cands: Vec<Candidate>, texts: usize) -> ArticleEntities {
    cands.sort_by_key(|c| (c.text, c.start));
    let mut entities: Vec<EntityCount> = Vec::new();
    {
        let mut at: FxHashMap<(Kind, &str), usize> = FxHashMap::default();
        for c in &cands {
            let i = *at.entry((c.kind, c.name.as_str())).or_insert_with(|| {
                entities.push(EntityCount {
                    kind: c.kind,
                    name: c.name.clone(),
                    mentions: 0,
                    confirmed: false,
                });
                entities.len() - 1
            });
            let e = &mut entities[i];
            e.mentions += 1;
            e.confirmed |= c.known || c.cued;
        }
    }
    for e in &mut entities {
        e.confirmed |= e.mentions >= 2;
    }
    let mut mentions: Vec<Vec<Mention>> = vec![Vec::new(); texts];
    for c in cands {
        mentions[c.text].push(Mention {
            kind: c.kind,
            name: c.name,
            start: c.start,
            end: c.end,
        });
    }
    ArticleEntities { mentions, entities }
}

/// A capitalised name ending in an organisation word ("Western National Life Insurance Co",
/// "Asian Development Bank") or opening with one and "of" ("University of Tartu"), found before
/// the gazetteer so that a place or person inside it is not taken on its own.
#[derive(Debug, Clone, Copy)]
struct OrgSpan {
    start: usize,
    end: usize,
    /// Ends in a strong suffix or is "X of Y": counts when named once.
    cued: bool,
}

/// Capitalised adjectives that end no organisation's name ("the Paris Club of Western
/// creditors"), besides demonyms.
const ADJECTIVES_ENDING_NO_NAME: &[&str] = &[
    "Western", "Eastern", "Northern", "Southern", "Central", "Other", "Several", "Major",
];

/// Most capitalised words an organisation span takes.
const ORG_SPAN_WORDS: usize = 5;

fn org_spans(gz: &Gazetteer, text: &str, ws: &[Word], menus: &[(usize, usize)]) -> Vec<OrgSpan> {
    let scan = SpanScan { gz, text, ws };
    let mut out: Vec<OrgSpan> = Vec::new();
    for k in 0..ws.len() {
        if !ws[k].upper {
            continue;
        }
        let Some((a, b, cued)) = scan.suffix_span(k).or_else(|| scan.prefix_span(k)) else {
            continue;
        };
        let (start, end) = (ws[a].start, ws[b].end);
        if menus.iter().any(|&(x, y)| x <= start && start < y) {
            continue;
        }
        // "the Orange British Academy Film Awards": the name of an event, not the academy.
        if scan.event_after(b) {
            continue;
        }
        // "Life Insurance" then "Life Insurance Co": the longer span replaces the shorter.
        if let Some(last) = out.last() {
            if last.end > start {
                if start <= last.start {
                    out.pop();
                } else {
                    continue;
                }
            }
        }
        if text[start..end].contains(", ") || !scan.known(a, b) {
            out.push(OrgSpan { start, end, cued });
        }
    }
    out
}

/// Weak organisation words that also name a field of work ("Canadian AI").
const TOPIC_SUFFIXES: &[&str] = &[
    "AI",
    "Data",
    "Cloud",
    "Security",
    "Computing",
    "Analytics",
    "Technology",
];

/// The words of one text, for finding organisation spans in it.
struct SpanScan<'a> {
    gz: &'a Gazetteer,
    text: &'a str,
    ws: &'a [Word],
}

impl SpanScan<'_> {
    fn tok(&self, k: usize) -> &str {
        &self.text[self.ws[k].start..self.ws[k].end]
    }

    /// Words `k` and `k + 1` are one space apart.
    fn adjacent(&self, k: usize) -> bool {
        matches!(
            &self.text[self.ws[k].end..self.ws[k + 1].start],
            " " | "\u{a0}"
        )
    }

    /// Word `k` can be part of an organisation's name.
    fn part(&self, k: usize) -> bool {
        let t = self.tok(k);
        // "Privately-held" is no part of a name; "Rolls-Royce" and "al-Faisal" are.
        let lower_after_hyphen = t
            .split('-')
            .skip(1)
            .any(|p| p.chars().next().is_some_and(char::is_lowercase));
        self.ws[k].upper
            && !lower_after_hyphen
            && !words::HONORIFIC.has(t)
            && !words::SPAN_STOPPER.has(t)
    }

    /// The capitalised words right after word `b` (up to three) name an event or a thing
    /// ("Film Awards", "Prize", "Bridge").
    fn event_after(&self, b: usize) -> bool {
        let mut k = b;
        while k + 1 < self.ws.len() && k < b + 3 && self.adjacent(k) && self.ws[k + 1].upper {
            k += 1;
            if words::NOT_SURNAME.has(self.tok(k)) {
                return true;
            }
        }
        false
    }

    /// Words `k - 2`, `k - 1` are a name word and "and" / "&" before word `k`.
    fn and_before(&self, k: usize) -> bool {
        k >= 2
            && matches!(self.tok(k - 1), "and" | "&")
            && self.adjacent(k - 1)
            && self.adjacent(k - 2)
            && self.part(k - 2)
    }

    /// Word `k` opens a sentence and is an ordinary word, not an organisation's ("Shares",
    /// "Bonds"; not "Bank", "University").
    fn sentence_word(&self, k: usize) -> bool {
        let t = self.tok(k);
        self.ws[k].sentence_start
            && words::with_lower(t, words::is_word)
            && !words::ORG_SUFFIX.has(t)
            && !words::ORG_PREFIX.has(t)
            && !words::INSTITUTION.has(t)
    }

    /// Word `k + 1` is "of" right after word `k`.
    fn of_after(&self, k: usize) -> bool {
        k + 1 < self.ws.len() && self.tok(k + 1) == "of" && self.adjacent(k)
    }

    /// The capitalised words after "of" at `of` ("of Science and Technology"): the last one.
    fn of_tail(&self, of: usize) -> usize {
        let mut e = of;
        loop {
            if e + 1 < self.ws.len() && self.adjacent(e) && self.part(e + 1) {
                e += 1;
            } else if e > of
                && e + 2 < self.ws.len()
                && matches!(self.tok(e + 1), "and" | "&")
                && self.adjacent(e)
                && self.adjacent(e + 1)
                && self.part(e + 2)
            {
                e += 2;
            } else {
                break;
            }
        }
        // "the Paris Club of Western creditor nations": an adjective that ends the run is no
        // part of the name.
        while e > of
            && (is_in(ADJECTIVES_ENDING_NO_NAME, self.tok(e)) || words::is_demonym(self.tok(e)))
        {
            e -= 1;
            if e > of && matches!(self.tok(e), "and" | "&") {
                e -= 1;
            }
        }
        e
    }

    /// A name ending in an organisation word at `k` ("Western National Life Insurance Co",
    /// "James Capel and Co", "London School of Economics"): its first and last word, and
    /// whether the suffix is a strong one.
    fn suffix_span(&self, k: usize) -> Option<(usize, usize, bool)> {
        let t = self.tok(k);
        if !words::ORG_SUFFIX.has(t) {
            return None;
        }
        let after_name = k > 0 && self.adjacent(k - 1) && self.part(k - 1);
        let and_co = is_in(words::LEGAL_FORMS, t) && self.and_before(k);
        if !(after_name || and_co) {
            return None;
        }
        // Walk back over capitalised words and connectors.
        let (mut a, mut b) = (k, k);
        let mut n = 1;
        while a > 0 && n < ORG_SPAN_WORDS {
            // "Procter & Gamble Co", "Marsh & McLennan Cos": an ampersand joins the name's
            // words (it is no word itself), unless a legal form ends the name before it.
            if !self.adjacent(a - 1) {
                let amp = &self.text[self.ws[a - 1].end..self.ws[a].start] == " & ";
                if amp && self.part(a - 1) && !words::LEGAL_FORM.has(self.tok(a - 1)) {
                    a -= 1;
                    n += 1;
                    continue;
                }
                break;
            }
            let pt = self.tok(a - 1);
            if pt.ends_with("'s") || pt.ends_with("’s") {
                // "Moody's Investors Service", but not "Japan's Finance Ministry".
                let owner = strip_possessive(pt);
                if self.part(a - 1)
                    && !words::ORG_SUFFIX.has(owner)
                    && self.gz.lookup(owner).next().is_none()
                {
                    a -= 1;
                    // "Standard and Poor's Corp": the name goes on before "and".
                    if self.and_before(a) {
                        a -= 2;
                    }
                }
                break;
            }
            if self.part(a - 1) {
                a -= 1;
                n += 1;
            } else if (is_in(words::CONNECTORS, pt) || (pt == "and" && a < k))
                && a >= 2
                && self.part(a - 2)
                && self.adjacent(a - 2)
                // "Quorvex Geothermal Inc and Quorvex Mining Corp": a legal form ends a name.
                && !words::LEGAL_FORM.has(self.tok(a - 2))
                // "Shares of Acme Electric Co": an ordinary word opening the sentence is no
                // name's ("Bank of America Corp" is).
                && !(pt == "of" && self.sentence_word(a - 2))
            {
                // "Securities and Exchange Commission"; not "Moult and University".
                a -= 1;
            } else {
                break;
            }
        }
        if a == k && and_co {
            a = self.partners_before(k);
        }
        if a == k || is_in(words::CONNECTORS, self.tok(a)) || self.tok(a) == "and" {
            return None;
        }
        // Cut by the length limit with more capitalised words before it: a label list or a
        // menu ("Community Code of Conduct Videos and Slides Press"), not a name.
        if n >= ORG_SPAN_WORDS && a > 0 && self.adjacent(a - 1) && self.part(a - 1) {
            return None;
        }
        // "London School of Economics": the suffix word's own "of" part. At most three
        // words after "of": more is a label list ("University of Mozambique Sponsorship
        // Prospectus").
        // "Hallmark Cards Inc of Kansas City": a legal form ends the name; the town is where
        // it is. "Co of" and "Corp of" go on ("Prudential Insurance Co of America", "Hospital
        // Corp of America").
        if self.of_after(k)
            && (!words::LEGAL_FORM.has(t)
                || matches!(t, "Co" | "Co." | "Corp" | "Corp." | "Corporation"))
        {
            let e = self.of_tail(k + 1);
            if (k + 2..=k + 5).contains(&e) {
                b = e;
            }
        }
        let cued = words::STRONG_ORG_SUFFIX.has(t);
        let toks: Vec<&str> = (a..=b).map(|i| self.tok(i)).collect();
        if !cued && all_words(&toks) {
            return None; // "Artificial Neural Networks": a topic
        }
        if !cued && self.field_of_work(&toks) {
            return None;
        }
        if generic_org_here(self.gz, self.text, &toks, self.ws[b].end) {
            return None;
        }
        Some((a, b, cued))
    }

    /// Where the partners' names start before "and" and a final legal form at `k` ("James
    /// Capel and Co", "Procter & Gamble Co"), a comma between two one-word names included
    /// ("Goldman, Sachs and Co", "Kidder, Peabody and Co"; not "Morgan Stanley, Goldman Sachs
    /// and Co").
    fn partners_before(&self, k: usize) -> usize {
        let mut a = k - 2;
        while a > 0 && k - a < ORG_SPAN_WORDS && self.adjacent(a - 1) && self.part(a - 1) {
            a -= 1;
        }
        let comma = |i: usize| &self.text[self.ws[i].end..self.ws[i + 1].start] == ", ";
        if a == k - 2
            && a > 0
            && comma(a - 1)
            && self.part(a - 1)
            && !(a > 1 && (self.adjacent(a - 2) && self.ws[a - 2].upper))
        {
            a -= 1;
        }
        a
    }

    /// "Canadian AI", "Hiroshima AI", "African Data": a country's or a place's field of work,
    /// not a company.
    fn field_of_work(&self, toks: &[&str]) -> bool {
        let place = |w: &str| {
            words::is_demonym(w)
                || self
                    .gz
                    .lookup(w)
                    .any(|e| e.kind == Kind::Place && !e.ambiguous)
        };
        toks.len() == 2 && is_in(TOPIC_SUFFIXES, toks[1]) && place(toks[0])
    }

    /// "University of Tartu", "Bank of the Philippine Islands": an organisation word at `k`,
    /// "of" and up to four capitalised words.
    fn prefix_span(&self, k: usize) -> Option<(usize, usize, bool)> {
        // "Centre for Economic Policy Research", "Institute for Fiscal Studies".
        let for_after = k + 1 < self.ws.len()
            && self.tok(k + 1) == "for"
            && self.adjacent(k)
            && words::INSTITUTION.has(self.tok(k));
        if !words::ORG_PREFIX.has(self.tok(k)) || !(self.of_after(k) || for_after) {
            return None;
        }
        let mut b = k + 1;
        if b + 1 < self.ws.len() && self.tok(b + 1) == "the" && self.adjacent(b) {
            b += 1;
        }
        let from = b;
        b = self.of_tail(b);
        // "International Federation of ...", "European Association of ...": a scope or a
        // nationality before the head belongs to the name.
        let mut a = k;
        while a > 0
            && k - a < 2
            && self.adjacent(a - 1)
            && (words::is_in(
                &[
                    "International",
                    "World",
                    "Global",
                    "National",
                    "Royal",
                    "Federal",
                ],
                self.tok(a - 1),
            ) || words::is_demonym(self.tok(a - 1)))
        {
            a -= 1;
        }
        (b != from && b - from <= 4).then_some((a, b, true))
    }

    /// The gazetteer names the span (words `a..=b`) itself: a known name of any type that is
    /// the whole span ("Soviet Union" is a place), or a known organisation or product in it
    /// (past a possessive first word) followed only by legal forms and weak organisation
    /// words ("Microsoft Corp", "Google Cloud Security"). A longer name that goes on from a
    /// known one is another organisation ("Amoco Chemical Co", "Bell Canada Enterprises
    /// Inc", "Commonwealth Bank of Australia").
    fn known(&self, a: usize, b: usize) -> bool {
        let (gz, text) = (self.gz, self.text);
        let (start, end) = (self.ws[a].start, self.ws[b].end);
        if gz
            .find_at(text, start)
            .is_some_and(|m| m.end() == end && boundary_ok(text, start, end))
        {
            return true;
        }
        let first_possessive = strip_possessive(self.tok(a)).len() < self.tok(a).len();
        let from = if first_possessive { a + 1 } else { a };
        (from..=b).any(|k| {
            gz.find_at(text, self.ws[k].start).is_some_and(|m| {
                let e = gz.form_entry(m.pattern());
                // "General Signal Corp", "Nippon Signal Co": a product's name with a legal
                // form is a company's, not the product's.
                let legal_after = || {
                    (k..=b)
                        .filter(|&i| self.ws[i].start >= m.end())
                        .any(|i| words::LEGAL_FORM.has(self.tok(i)))
                };
                // "Zorblax National Bank", "Michigan National Bank", "Qatar National Bank":
                // a generic name the gazetteer holds ("National Bank") after a name's own
                // words is part of a longer name; not after a nationality or a country's
                // initials ("US Commerce Department" is the Commerce Department).
                let generic_tail = || {
                    k > a
                        && generic_org(&text[m.start()..m.end()].split(' ').collect::<Vec<_>>())
                        && (a..k).all(|i| {
                            let t = strip_possessive(self.tok(i));
                            let initials = !t.chars().any(char::is_lowercase);
                            let country = initials && gz.lookup(t).any(|e| e.kind == Kind::Place);
                            !(words::is_demonym(t) || country)
                        })
                };
                m.end() <= end
                    && boundary_ok(text, m.start(), m.end())
                    && (e.kind == Kind::Org || e.kind == Kind::Product && !legal_after())
                    && !self.names_more((k..=b).filter(|&i| self.ws[i].start >= m.end()))
                    && !generic_tail()
            })
        })
    }

    /// The words after a known name that opens a span name another organisation with it:
    /// a name part ending in a strong suffix or legal form ("Chemical Co", "Enterprises
    /// Inc") or the suffix's "of" part ("Bank of Australia"), with no "and" joining a second
    /// name ("Amazon Web Services and Google Cloud").
    fn names_more(&self, rest: impl Iterator<Item = usize>) -> bool {
        let rest: Vec<&str> = rest.map(|i| self.tok(i)).collect();
        let of = rest.iter().position(|&t| t == "of");
        let head = &rest[..of.unwrap_or(rest.len())];
        if head.iter().any(|&t| matches!(t, "and" | "&")) {
            return false;
        }
        if of.is_some() {
            return true;
        }
        let Some((&last, before)) = head.split_last() else {
            return false;
        };
        words::STRONG_ORG_SUFFIX.has(last) && before.iter().any(|&t| !words::LEGAL_FORM.has(t))
    }
}

/// An organisation's name without a trailing legal form unless only ordinary words are left
/// ("Amoco Chemical Co" is "Amoco Chemical", "Chrysler Corp" is "Chrysler", as the corpus's
/// vote names it; "Pioneer Corp" stays), and without a possessive.
fn org_name(span: &str) -> &str {
    let mut name = strip_possessive(span);
    while let Some((head, last)) = name.rsplit_once(' ') {
        let legal = is_in(words::LEGAL_FORMS, last.trim_end_matches(['.', ',']));
        let head = head.trim_end_matches(',');
        // "Commodity Credit Corporation" keeps its legal form: without it, ordinary words.
        let plain: Vec<&str> = head.split(' ').collect();
        // "James Capel and Co" keeps it too: "and Co" is part of the name.
        if !legal || all_words(&plain) || head.ends_with(" and") || head.ends_with(" &") {
            break;
        }
        name = head;
    }
    name
}

/// Stretches of a body text between sentence starts where most words are capitalised:
/// navigation menus, share buttons and tag lists of scraped pages ("Artificial Intelligence
/// View All AI, ML and Deep Learning ..."). No entity is taken from them.
fn menu_spans(text: &str, ws: &[Word]) -> Vec<(usize, usize)> {
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
const MENU_MIN_WORDS: usize = 10;

/// Discovered names longer than this (not counting connectors) are lists, not names.
const MAX_NAME_WORDS: usize = 4;

/// "PCs", "CDs", "DVDs": capitals then a plural s.
fn plural_acronym(w: &str) -> bool {
    w.len() >= 3 && w.ends_with('s') && w[..w.len() - 1].chars().all(|c| c.is_ascii_uppercase())
}

fn starts_upper(s: &str) -> bool {
    s.chars().next().is_some_and(|c| c.is_uppercase())
}

fn strip_possessive(s: &str) -> &str {
    s.strip_suffix("'s")
        .or_else(|| s.strip_suffix("’s"))
        .or_else(|| s.strip_suffix('\''))
        .or_else(|| s.strip_suffix('’'))
        .unwrap_or(s)
}

/// The character at byte `i` of `text` and its length (ASCII without decoding).
#[inline]
fn char_at(text: &str, i: usize) -> (char, usize) {
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
fn is_alnum(c: char) -> bool {
    if c.is_ascii() {
        ASCII_ALNUM[c as usize]
    } else if ('\u{2000}'..='\u{206f}').contains(&c) {
        false
    } else {
        c.is_alphanumeric()
    }
}

/// ASCII letters and digits: the common case of `char::is_alphanumeric`, by table.
const ASCII_ALNUM: [bool; 128] = {
    let mut t = [false; 128];
    let mut i = 0;
    while i < 128 {
        t[i] = (i as u8).is_ascii_alphanumeric();
        i += 1;
    }
    t
};

/// Words: runs of letters, digits and inner `-`, `'`, `’`, `.` (acronyms like U.S.).
fn split_words(text: &str, headline: bool) -> Vec<Word> {
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

fn is_sentence_start(words: &[Word], at: usize) -> bool {
    match words.binary_search_by_key(&at, |w| w.start) {
        Ok(i) => words[i].sentence_start,
        Err(_) => false,
    }
}

/// The word after byte `e` is one that ends no person's name ("Rally", "Prize", "Bridge").
/// The name ending at `e` is an eponym's: "'s" and a noun such as "law" follow ("Moore's
/// law", "Parkinson's disease").
fn eponym_after(text: &str, e: usize) -> bool {
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
fn after_copyright(text: &str, s: usize) -> bool {
    // Most names follow a space and a lower-case word: nothing to look at.
    let before = text[..s]
        .trim_end_matches(|c: char| c.is_ascii_digit() || matches!(c, '-' | '–' | ' ' | ','));
    let ends_with = |tail: &str| {
        before.len() >= tail.len()
            && before.as_bytes()[before.len() - tail.len()..].eq_ignore_ascii_case(tail.as_bytes())
    };
    before.ends_with('©') || ends_with("(c)") || ends_with("copyright")
}

fn names_a_thing(text: &str, e: usize) -> bool {
    text[e..].strip_prefix(' ').is_some_and(|r| {
        let w = r.split(|c: char| !c.is_alphanumeric()).next().unwrap_or("");
        words::NOT_SURNAME.has(w)
    })
}

/// The match is a whole word (or words): no letter/digit on either side, not inside a domain,
/// e-mail or path.
fn boundary_ok(text: &str, s: usize, e: usize) -> bool {
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
fn case_ok(slice: &str, form: &str) -> bool {
    if slice == form {
        return true;
    }
    let upper = slice.chars().any(|c| c.is_alphabetic())
        && !slice.chars().any(|c| c.is_lowercase())
        && slice.chars().filter(|c| c.is_alphabetic()).count() >= 3;
    upper && slice.to_uppercase() == form.to_uppercase()
}

/// A place word before `s..e` ("in Florence", "from Charlotte") or ", Place" or "-based"
/// after it ("Florence, Italy", "Reading-based"): the name is the place's.
fn place_cue(gz: &Gazetteer, text: &str, s: usize, e: usize) -> bool {
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
fn ordinary_sense(text: &str, e: usize) -> bool {
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
fn inside_longer_name(text: &str, ws: &[Word], s: usize, e: usize) -> bool {
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

/// The text around bytes `s..e` is in capitals (a newswire headline or table).
fn shouting(text: &str, s: usize, e: usize) -> bool {
    let (mut a, mut b) = (s.saturating_sub(40), (e + 40).min(text.len()));
    while !text.is_char_boundary(a) {
        a -= 1;
    }
    while !text.is_char_boundary(b) {
        b += 1;
    }
    !text[a..b].chars().any(char::is_lowercase)
}

/// Unknown capitalised names: runs of capitalised words (with connectors such as "of"),
/// outside gazetteer matches, minus sentence starters, months, weekdays, pronouns, titles and
/// nationality adjectives; typed by suffix, honorific, first name or preposition.
fn discover(
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

fn stop_word(w: &str) -> bool {
    words::STOP.has(w) || words::is_demonym(w)
}

/// A run's name within it, as word indices `a..b`, and what was trimmed off its start: leading
/// stop words, honorifics and roles go ("The", "Chief Executive", "Mr"), and trailing stop words
/// and connectors.
struct Trimmed {
    a: usize,
    b: usize,
    /// An honorific came before the name ("Mr", "Dr").
    honorific: bool,
    /// A role or title came before the name ("actress", "Foreign Secretary").
    role: bool,
}

fn trim_run(text: &str, run: &[Word], prev: Option<&str>) -> Trimmed {
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
fn take_run(
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
fn split_point(toks: &[&str]) -> Option<(usize, usize)> {
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
fn listed_here(text: &str, run: &[Word], toks: &[&str], start: usize, end: usize) -> Option<Kind> {
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
const LIST_NOUNS: &[(&str, Kind)] = &[
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
const LIST_CUES: &[&str] = &[" such as", " like", " including", " include", " includes"];

/// Most bytes before a name that [`listed_kind`] reads back for a list's introduction.
const LIST_REACH: usize = 240;

/// The type a list's introduction gives the name at `start` when it is one of the list's
/// names: "<noun> such as A, B and" right before it, every name before it capitalised, none
/// longer than five words, nothing else between (no sentence end, no lower-case word).
fn listed_kind(text: &str, start: usize) -> Option<Kind> {
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
struct Run<'a> {
    gz: &'a Gazetteer,
    text: &'a str,
    toks: &'a [&'a str],
    /// The name's span (a product's version included, a possessive not).
    start: usize,
    end: usize,
    /// Where the run itself ends (without a possessive): organisation context is read there.
    ctx_end: usize,
    prev: Option<&'a str>,
    /// A title before it ("Mr", "Dr") or a role ("actress").
    honorific: bool,
    role: bool,
    product_cue: bool,
}

/// A discovered name's type from its shape and context: the type, whether its own shape or
/// context says so (then it counts when named once; otherwise it must recur), and whether it
/// is a person by a given name alone (the corpus may know it as an organisation).
fn type_run(r: &Run) -> (Kind, bool, bool) {
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

/// The span is all its line holds but marks (a heading, a menu item).
fn alone_on_its_line(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].rsplit('\n').next().unwrap_or("");
    let after = text[end..].split('\n').next().unwrap_or("");
    !before
        .chars()
        .chain(after.chars())
        .any(char::is_alphanumeric)
}

/// A person's name without its middle initials: "Carl C. Icahn" and "Carl Icahn" are one
/// person (the span keeps the initial).
fn without_middle_initials(name: &str) -> String {
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
fn lone_word_noise(gz: &Gazetteer, tok: &str) -> bool {
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
fn untyped_noise(text: &str, toks: &[&str], start: usize, end: usize, table_label: bool) -> bool {
    (toks.len() == 1 && (words::is_word(toks[0]) || toks[0].contains(['\'', '’'])))
        || shouting(text, start, end)
        || table_label
}

/// Context that only a person has: "said" right before the name, or an apposition naming a
/// role ("Ana Souza, head of research", "Jo Roe, a senior analyst at").
fn person_context(text: &str, start: usize, end: usize) -> bool {
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
fn product_cues(
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
fn month_and_year(t: &str) -> bool {
    let head = t.trim_end_matches(|c: char| c.is_ascii_digit());
    let head = head.strip_suffix(['\'', '’']).unwrap_or(head);
    head.len() < t.len() && words::MONTHS.iter().any(|m| m.eq_ignore_ascii_case(head))
}

/// A month's name, or one misspelt by a letter or two ("Aoril 15", "Febraury 28", "Marcxh 31"
/// in newswire dates).
fn near_month(w: &str) -> bool {
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
fn figures_follow(rest: &str) -> bool {
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
/// ("<Acme Corp>").
fn org_context(text: &str, start: usize, end: usize, prev: Option<&str>) -> bool {
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
const RELATION_BEFORE: &[&str] = &[
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
const OWNED_AFTER_POSSESSIVE: &[&str] = &[
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
const STAFF_AFTER: &[&str] = &[
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
const APPOSITION_END: &[&str] = &[
    "said", "says", "and", "which", "that", "who", "at", "in", "of", "for", "with", "from", "on",
    "by",
];

/// ", the luxury goods group", ", the country's biggest mortgage lender" after a name: an
/// apposition whose noun (within six words) is an organisation's.
fn apposition_says_org(after: &str) -> bool {
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
fn person_role_before(text: &str, start: usize, prev: Option<&str>) -> bool {
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
fn is_role(w: &str) -> bool {
    words::ROLE.has(w) || (starts_upper(w) && words::with_lower(w, |l| words::ROLE.has(l)))
}

/// An organisation word after at most one ordinary word ("Central Bank", "Finance
/// Ministry", "District Court", "Co Inc"): an office named generically, or a fragment.
fn generic_org(toks: &[&str]) -> bool {
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
fn generic_org_here(gz: &Gazetteer, text: &str, toks: &[&str], end: usize) -> bool {
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
fn name_goes_on(after: &str) -> bool {
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
fn all_words(toks: &[&str]) -> bool {
    toks.iter()
        .filter(|t| !is_in(words::CONNECTORS, t) && **t != "and")
        .all(|t| words::is_word(t))
}

/// Words that attribute a quote or a view to the person next to them.
const SPEECH: &[&str] = &[
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
fn attributed(text: &str, start: usize, end: usize) -> bool {
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

/// A lone surname typed person (by a title, a role, a quote) that the corpus names in full
/// with one dominant person is that person; known names are left alone.
/// Untyped names (misc) take the type the corpus gives them ([`names::corpus_type`]): an
/// untyped "Texaco" where other articles say "Texaco Inc", a lone "Lawson" where they say
/// "Nigel Lawson".
/// Names listed together are of one kind: in "BASF, Siemens and Cadbury Schweppes" (three or
/// more names joined by commas and a final "and" / "or"), an untyped name is an organisation
/// (or a product) when at least two of the others are and no other kind is as common.
fn type_by_list(texts: &[&str], cands: &mut [Candidate]) {
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
fn link_knights(texts: &[&str], cands: &mut [Candidate]) {
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
fn link_short_forms(texts: &[&str], cands: &mut [Candidate]) {
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
fn link_to_full_names(texts: &[&str], headlines: usize, cands: &mut [Candidate]) {
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
fn name_words<'t>(text: &'t str, name: &str) -> &'t str {
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
fn link_acronyms(texts: &[&str], cands: &mut [Candidate]) {
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
fn acronym_of(acronym: &str, name: &str) -> bool {
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

fn type_by_corpus(corpus: &Corpus, cands: &mut [Candidate]) {
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

fn link_corpus_surnames(texts: &[&str], surnames: &Surnames, cands: &mut [Candidate]) {
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
fn link_name_tails(cands: &mut [Candidate]) {
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
fn link_surnames(gz: &Gazetteer, texts: &[&str], cands: &mut [Candidate]) {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_acronym_the_article_defines_means_its_name() {
        let gz = Gazetteer::builtin();
        let n = names(
            &gz,
            "Traders may propose a formula for International Coffee Organization (ICO) \
             quotas. The ICO meets in London. The Zorbic Trading Board (ZTB) agreed; ZTB said so.",
        );
        assert!(
            n.contains(&"org:International Coffee Organization".to_string()),
            "{n:?}"
        );
        assert!(!n.iter().any(|x| x.contains("Commissioner")), "{n:?}");
        assert!(n.contains(&"org:Zorbic Trading Board".to_string()), "{n:?}");
        assert!(!n.iter().any(|x| x.ends_with(":ZTB")), "{n:?}");
        assert!(acronym_of("PwC", "PricewaterhouseCoopers"));
        let n = names(
            &gz,
            "Talks with the Paris Club of Western creditor nations went on. The Zorbic Trading \
             Board of Western Ontario met.",
        );
        assert!(n.contains(&"org:Paris Club".to_string()), "{n:?}");
        let n = names(
            &gz,
            "She won at the Zorbic British Academy Film Awards on Sunday.",
        );
        assert!(!n.iter().any(|x| x.starts_with("org:")), "{n:?}");
        assert!(!acronym_of("EU", "International Coffee Organization"));
        assert!(!acronym_of("A", "Apple"));
    }

    #[test]
    fn a_dotted_country_form_counts_in_a_headline() {
        let gz = Gazetteer::builtin();
        let a = extract(
            &gz,
            &[
                "MILLER SAYS REAGAN OPPOSES U.S. EXCISE TAX HIKES",
                "Miller spoke on Monday.",
            ],
            1,
        );
        assert!(
            a.entities.iter().any(|e| e.name == "United States"),
            "{:?}",
            a.entities
        );
        let b = extract(
            &gz,
            &["LET US TALK ABOUT TAXES", "Miller spoke on Monday."],
            1,
        );
        assert!(!b.entities.iter().any(|e| e.name == "United States"));
        // Capitals opening a sentence, or before an acronym: the country.
        for t in [
            "It won. US film Zorbic took the award.",
            "He starred in a US TV drama.",
        ] {
            let c = extract(&gz, &[t], 0);
            assert!(
                c.entities.iter().any(|e| e.name == "United States"),
                "{t}: {:?}",
                c.entities
            );
        }
        let d = extract(&gz, &["Give it to us. Then the US Senate voted."], 0);
        assert!(!d.entities.iter().any(|e| e.name == "United States"));
    }

    #[test]
    fn a_product_without_its_maker_needs_the_maker_in_the_article() {
        let gz = Gazetteer::builtin();
        let n = names(
            &gz,
            "The Statistics Office said output rose. The Office said so.",
        );
        assert!(
            !n.contains(&"product:Microsoft Office".to_string()),
            "{n:?}"
        );
        let n = names(&gz, "Microsoft said the new Office costs less.");
        assert!(n.contains(&"product:Microsoft Office".to_string()), "{n:?}");
    }

    #[test]
    fn tickers_and_hyphenated_names_are_no_list_names() {
        let gz = Gazetteer::builtin();
        let n = names(
            &gz,
            "Great American First Savings <GTA> offers notes. Allied-Signal sold a unit, and \
             ALLIED-SIGNAL <ALD> said so.",
        );
        assert!(!n.iter().any(|x| x.starts_with("product:")), "{n:?}");
    }

    #[test]
    fn a_short_form_means_the_articles_own_company() {
        let gz = Gazetteer::builtin();
        let n = names(
            &gz,
            "Aurora Zorbic Systems runs twelve sites. Aurora's founder said so. Aurora \
             competes.",
        );
        assert!(!n.contains(&"org:Aurora Innovation".to_string()), "{n:?}");
        assert!(
            n.contains(&"org:Aurora Zorbic Systems".to_string()),
            "{n:?}"
        );
        let n = names(
            &gz,
            "Operators such as Aurora Downlink grow. Aurora's founder agreed.",
        );
        assert!(!n.contains(&"org:Aurora Innovation".to_string()), "{n:?}");
        assert!(n.contains(&"org:Aurora Downlink".to_string()), "{n:?}");
    }

    #[test]
    fn a_short_form_found_by_its_context_means_the_full_name() {
        let gz = Gazetteer::builtin();
        let n = names(
            &gz,
            "Quorvex Geothermal Inc said it got financing. Quorvex, a wholesale utility, \
             said the deal closes soon.",
        );
        assert!(n.contains(&"org:Quorvex Geothermal".to_string()), "{n:?}");
        assert!(!n.contains(&"org:Quorvex".to_string()), "{n:?}");
        // Two full names it could stand for: left alone.
        let n = names(
            &gz,
            "Quorvex Geothermal Inc and Quorvex Mining Corp merged. Quorvex, a wholesale \
             utility, said so.",
        );
        for want in [
            "org:Quorvex Geothermal",
            "org:Quorvex Mining",
            "org:Quorvex",
        ] {
            assert!(n.contains(&want.to_string()), "{want}: {n:?}");
        }
    }

    #[test]
    fn words_after_a_known_organisation_may_name_a_longer_one() {
        let gz = Gazetteer::builtin();
        let after = |text: &str, org: &str| {
            let s = text.find(org).unwrap();
            let e = org_words_after(&gz, text, s, s + org.len());
            text[s..e.max(s)].to_string()
        };
        assert_eq!(
            after("It is shown on BBC One from Friday.", "BBC"),
            "BBC One"
        );
        assert_eq!(after("fans of BBC Radio 4 wrote in", "BBC"), "BBC Radio 4");
        assert_eq!(after("a hit on BBC Three's schedule", "BBC"), "BBC Three");
        assert_eq!(after("said Sony Pictures chief", "Sony"), "Sony Pictures");
        // No capitalised word after it, a role or a given name, a version number alone, more
        // capitalised words than a name takes, a heading, a line of capitals: none.
        for (text, org) in [
            ("the BBC said so", "BBC"),
            ("BBC Director Jo Roe spoke", "BBC"),
            ("Sony 2 came out", "Sony"),
            ("shares of General Motors Corp rose", "General Motors"),
            ("sales at GM Canada fell", "GM"),
            ("Nvidia GPUs are scarce", "Nvidia"),
            ("the Stanford Institute for Human-Centered AI", "Stanford"),
            ("its Siemens German unit", "Siemens"),
            ("BBC News Online Today Says More", "BBC"),
            ("News\nBBC One\nSport", "BBC"),
            ("SHOWN ON BBC ONE TONIGHT", "BBC"),
        ] {
            assert_eq!(after(text, org), "", "{text}");
        }
    }

    #[test]
    fn the_typer_decides_whether_a_known_organisation_goes_on() {
        let gz = Gazetteer::builtin();
        let texts = ["It is shown on BBC One from Friday, after BBC said so."];
        let run = |weights: &str| {
            let t = typer::Typer::parse(weights).unwrap();
            let mut cands = by_rules(&gz, &texts, 0, usize::MAX);
            take_longer_names(&gz, &t, &texts, &mut cands);
            let mut v: Vec<String> = cands
                .iter()
                .map(|c| format!("{}:{}", c.kind.as_str(), c.name))
                .collect();
            v.sort();
            v
        };
        assert_eq!(
            run("# margin 1\nhead=org\t2\t0\t0\t0\t0\n"),
            ["org:BBC", "org:BBC One"]
        );
        assert_eq!(
            run("# margin 1\nhead=org\t0\t0\t0\t0\t2\n"),
            ["org:BBC", "org:BBC"]
        );
        // A person or a place is no longer name of an organisation's.
        assert_eq!(
            run("# margin 1\nhead=org\t0\t2\t0\t0\t0\n"),
            ["org:BBC", "org:BBC"]
        );
    }

    #[test]
    fn a_lists_noun_types_its_names() {
        let gz = Gazetteer::builtin();
        let n = names(
            &gz,
            "He loved video games such as Zorkle, Tempest, Black Tiger and Adventure. \
             Rivals include startups like Quorvex and Plimsor. GM, whose brands include \
             Zandar and Quibble, grew.",
        );
        for want in [
            "product:Zorkle",
            "product:Tempest",
            "product:Black Tiger",
            "product:Adventure",
            "org:Quorvex",
            "org:Plimsor",
            "product:Zandar",
            "product:Quibble",
        ] {
            assert!(n.contains(&want.to_string()), "{want}: {n:?}");
        }
        // No list noun, a sentence between, or a lower-case word among the names: no type.
        for text in [
            "He met people such as Zorkle and Quibble.",
            "It sold games. Such as it was, Zorkle grew.",
            "It sold games such as many old titles and Zorkle.",
        ] {
            let s = text.find("Zorkle").unwrap();
            assert_eq!(listed_kind(text, s), None, "{text}");
        }
        // A plural acronym is no name ("OEMs").
        let n = names(&gz, "It works with companies such as OEMs and Zorkle.");
        assert!(!n.contains(&"org:OEMs".to_string()), "{n:?}");
        let n = names(&gz, "It sold games such as Zorkle's Creed and Tempest.");
        assert!(!n.contains(&"product:Zorkle".to_string()), "{n:?}");
        let text = "games such as Tempest, Zorkle";
        assert_eq!(
            listed_kind(text, text.find("Zorkle").unwrap()),
            Some(Kind::Product)
        );
    }

    #[test]
    fn an_ampersand_joins_a_name_before_its_legal_form() {
        let gz = Gazetteer::builtin();
        let n = names(
            &gz,
            "Shares of Quorvex & Plimsor Co rose. The deal with Zorbic & Quibble Cos closed. \
             Acme Inc & Zandar Corp merged.",
        );
        for want in [
            "org:Quorvex & Plimsor",
            "org:Zorbic & Quibble",
            "org:Acme",
            "org:Zandar",
        ] {
            assert!(n.contains(&want.to_string()), "{want}: {n:?}");
        }
        for fragment in ["org:Plimsor", "org:Quibble", "org:Acme Inc & Zandar"] {
            assert!(!n.contains(&fragment.to_string()), "{fragment}: {n:?}");
        }
    }

    #[test]
    fn a_nationality_is_no_name_whatever_the_country() {
        let gz = Gazetteer::builtin();
        let n = names(
            &gz,
            "He met Algerian officials. Later, Algerian and Togolese ministers agreed with \
             Zorbic Bank's Malawian unit.",
        );
        assert!(
            !n.iter()
                .any(|x| x.contains("Algerian") || x.contains("Togolese")),
            "{n:?}"
        );
        assert!(words::is_demonym("Algerian") && words::is_demonym("French"));
        assert!(!words::is_demonym("Gibraltar"));
    }

    #[test]
    fn a_knight_is_called_by_the_given_name() {
        let gz = Gazetteer::builtin();
        let n = names(
            &gz,
            "Zander Quorvell will play the show. Sir Zander said he was thrilled.",
        );
        assert!(n.contains(&"person:Zander Quorvell".to_string()), "{n:?}");
        assert!(!n.contains(&"person:Zander".to_string()), "{n:?}");
        // Two people with that given name: which one, the text does not say.
        let n = names(
            &gz,
            "Zander Quorvell and Zander Plimsoll played. Sir Zander said so.",
        );
        assert!(n.contains(&"person:Zander".to_string()), "{n:?}");
    }

    #[test]
    fn institution_and_company_words_type_a_name() {
        let gz = Gazetteer::builtin();
        let n = names(
            &gz,
            "China joined the Zorbic Trade Organisation. Quorvex Bros signed. Roxy Music \
             signed, as did the Official Zorbic Company and the Natural Quorvex Museum.",
        );
        for want in [
            "org:Zorbic Trade Organisation",
            "org:Quorvex Bros",
            "org:Roxy Music",
            "org:Official Zorbic Company",
            "org:Natural Quorvex Museum",
        ] {
            assert!(n.contains(&want.to_string()), "{want} in {n:?}");
        }
    }

    #[test]
    fn a_known_company_opening_a_sentence_counts_in_a_company_context() {
        let gz = Gazetteer::builtin();
        let n = names(&gz, "He left. Ladbrokes spokesman Warren Lush said so.");
        assert!(n.contains(&"org:Ladbrokes".to_string()), "{n:?}");
        let n = names(&gz, "He left. Ladbrokes are open late.");
        assert!(!n.contains(&"org:Ladbrokes".to_string()), "{n:?}");
    }

    #[test]
    fn a_list_of_names_in_a_sentence_is_no_menu() {
        let gz = Gazetteer::builtin();
        let n = names(
            &gz,
            "Past Eurovision performers include Abba, Celine Dion, Bucks Fizz, Nana Mouskouri, \
             Lulu and Julio Iglesias.",
        );
        assert!(n.contains(&"person:Celine Dion".to_string()), "{n:?}");
        let n = names(
            &gz,
            "Home News Sport Weather Business Technology Celine Dion Entertainment Health \
             Science Video",
        );
        assert!(!n.contains(&"person:Celine Dion".to_string()), "{n:?}");
    }

    #[test]
    fn words_before_a_given_name_describe_the_person() {
        let gz = Gazetteer::builtin();
        let n = names(
            &gz,
            "He said House Speaker Jim Quorvell's plan would pass. Agent Simon Zorbic said \
             so, as did chief executive Jeroen van der Quist.",
        );
        for want in [
            "person:Jim Quorvell",
            "person:Simon Zorbic",
            "person:Jeroen van der Quist",
        ] {
            assert!(n.contains(&want.to_string()), "{want} in {n:?}");
        }
    }

    #[test]
    fn a_name_listed_with_names_of_one_kind_is_of_that_kind() {
        let gz = Gazetteer::builtin();
        let n = names(
            &gz,
            "It included representatives of BASF, Siemens and Quorvex Zentrale.",
        );
        assert!(n.contains(&"org:Quorvex Zentrale".to_string()), "{n:?}");
        // Two names, or a list of mixed kinds: no type by this rule (the learned typer, which
        // runs after the rules, may still weigh the neighbour with the rest of the context).
        for text in [
            "Talks with Siemens and Quorvex Zentrale went on.",
            "It went to BASF, London and Quorvex Zentrale.",
        ] {
            let kinds: Vec<Kind> = by_rules(&gz, &[text], 0, usize::MAX)
                .into_iter()
                .filter(|c| c.name == "Quorvex Zentrale")
                .map(|c| c.kind)
                .collect();
            assert_eq!(kinds, [Kind::Misc], "{text}");
        }
    }

    /// Long articles split words twice instead of keeping them: the result must not change.
    #[test]
    fn splitting_words_twice_finds_the_same_entities() {
        let gz = Gazetteer::builtin();
        let texts = [
            "Apple Sues Samsung Over Tablet Design",
            "Microsoft said on Monday that Satya Nadella would visit Berlin. Nadella spoke.",
            "Home | News | Tech | Contact. Shares of Apple rose; apple pie did not.",
            "\"We are pleased,\" said Jane Roe, an analyst at Gartner. Roe expects US-China talks.",
            "Tim Cook met Sundar Pichai of Google in London and Tokyo. Cook left early.",
        ];
        let kept = extract_keeping_words_below(&gz, None, &texts, 1, usize::MAX);
        let split = extract_keeping_words_below(&gz, None, &texts, 1, 0);
        assert!(kept.entities.len() >= 8, "{:?}", kept.entities);
        assert_eq!(kept, split);
    }

    #[test]
    fn a_name_given_in_full_first_is_what_its_short_forms_mean() {
        let gz = Gazetteer::builtin();
        // A leading part of several words, and initials the article never defines.
        let n = names(
            &gz,
            "Tarvel Pacific Resources Corp said it would sell power to the National Union of \
             Quarrymen. Tarvel Pacific will supply 20 megawatts a year, the NUQ said.",
        );
        for want in [
            "org:Tarvel Pacific Resources",
            "org:National Union of Quarrymen",
        ] {
            assert!(n.contains(&want.to_string()), "{want}: {n:?}");
        }
        for gone in ["Tarvel Pacific", "NUQ"] {
            assert!(
                !n.iter().any(|x| x.ends_with(&format!(":{gone}"))),
                "{gone}: {n:?}"
            );
        }
        // The short form first: two names, as the article may mean the parent.
        let n = names(
            &gz,
            "The NUQ said so. Later the National Union of Quarrymen wrote to members.",
        );
        assert!(n.iter().any(|x| x.ends_with(":NUQ")), "{n:?}");
        // A name that holds the initials as a word is no expansion of them.
        let n = names(
            &gz,
            "BBC Vision Ltd showed the film. Then the BBC said ratings rose.",
        );
        for want in ["org:BBC Vision", "org:BBC"] {
            assert!(n.contains(&want.to_string()), "{want}: {n:?}");
        }
    }

    #[test]
    fn a_persons_name_that_ends_a_longer_one_is_that_person() {
        let gz = Gazetteer::builtin();
        let n = names(
            &gz,
            "The tales of Hans Christian Andersen were read by Philip van Doren Stern. \
             Christian Andersen wrote them in Odense, said Van Doren Stern.",
        );
        for want in [
            "person:Hans Christian Andersen",
            "person:Philip van Doren Stern",
        ] {
            assert!(n.contains(&want.to_string()), "{want}: {n:?}");
        }
        for gone in ["person:Christian Andersen", "person:Van Doren Stern"] {
            assert!(!n.contains(&gone.to_string()), "{gone}: {n:?}");
        }
    }

    #[test]
    fn a_legal_form_ends_a_name_and_a_sentences_first_word_opens_none() {
        let gz = Gazetteer::builtin();
        let n = names(
            &gz,
            "GE Information Services Co, a unit of General Electric Co, said it was ready.",
        );
        assert!(n.contains(&"org:General Electric".to_string()), "{n:?}");
        assert!(!n.contains(&"org:Electric Co".to_string()), "{n:?}");
        // An ambiguous known name opening a sentence counts with a legal form after it.
        let n = names(
            &gz,
            "Amoco Corp said a Taiwan venture would make chemicals.",
        );
        assert!(n.contains(&"org:Amoco".to_string()), "{n:?}");
        let n = names(&gz, "Bonds of Quorvex Electric Co rose on Monday.");
        assert!(n.contains(&"org:Quorvex Electric".to_string()), "{n:?}");
        assert!(!n.iter().any(|x| x.contains("Bonds")), "{n:?}");
        // "Markets" ends a firm's name ("Merrill Lynch Capital Markets").
        let n = names(
            &gz,
            "The notes were sold by Quorvex Capital Markets on Monday.",
        );
        assert!(
            n.contains(&"org:Quorvex Capital Markets".to_string()),
            "{n:?}"
        );
        // An organisation's own word opening the sentence is the name's.
        let n = names(&gz, "Bank of Quorvex Corp said so.");
        assert!(n.contains(&"org:Bank of Quorvex".to_string()), "{n:?}");
    }

    #[test]
    fn partners_written_with_a_comma_are_one_firm() {
        let gz = Gazetteer::builtin();
        let n = names(
            &gz,
            "The shares were placed by Goldman, Sachs and Co and Kidder, Peabody and Co, it said.",
        );
        for want in ["org:Goldman Sachs", "org:Kidder, Peabody and Co"] {
            assert!(n.contains(&want.to_string()), "{want}: {n:?}");
        }
        for gone in [
            "org:Goldman",
            "org:Sachs and Co",
            "org:Peabody and Co",
            "org:Kidder",
        ] {
            assert!(!n.contains(&gone.to_string()), "{gone}: {n:?}");
        }
        // A list of firms keeps each its own ("Morgan Stanley, Goldman Sachs and Co").
        let n = names(&gz, "It was led by Morgan Stanley, Goldman Sachs and Co.");
        for want in ["org:Morgan Stanley", "org:Goldman Sachs"] {
            assert!(n.contains(&want.to_string()), "{want}: {n:?}");
        }
    }

    #[test]
    fn a_known_name_after_an_organisations_word_and_of_is_inside_its_name() {
        let gz = Gazetteer::builtin();
        // "Five" is also a television channel's name.
        let n = names(
            &gz,
            "The yen rose after a meeting of the Group of Five in Paris.",
        );
        assert!(!n.iter().any(|x| x.contains("Channel")), "{n:?}");
    }

    #[test]
    fn a_newswire_state_abbreviation_after_a_town_names_the_state() {
        let gz = Gazetteer::builtin();
        let n = names(
            &gz,
            "Quorvex Inc of San Jose, Calif., said sales rose at its plant in Albany, N.Y. \
             He was ill. Boston, Mass. firms and the Mass in Latin were mentioned.",
        );
        for want in ["place:California", "place:New York", "place:Massachusetts"] {
            assert!(n.contains(&want.to_string()), "{want}: {n:?}");
        }
        assert!(
            !n.iter()
                .any(|x| x.ends_with(":Calif") || x.ends_with(":Mass") || x.ends_with(":Ill")),
            "{n:?}"
        );
        // A legal form ends the company's name; the town after "of" is where it is.
        assert!(n.contains(&"org:Quorvex".to_string()), "{n:?}");
        let n = names(
            &gz,
            "A unit of Prudential Insurance Co of America bought Hospital Corp of America.",
        );
        for want in [
            "org:Prudential Insurance Co of America",
            "org:Hospital Corp of America",
        ] {
            assert!(n.contains(&want.to_string()), "{want}: {n:?}");
        }
    }

    #[test]
    fn products_named_by_ordinary_words_are_no_products_in_capitals_or_with_a_legal_form() {
        let gz = Gazetteer::builtin();
        let n = names(
            &gz,
            "LME COPPER 1ST RING 1207 - APR 7. SPOT PRODUCTS--OUTLOOK--APRIL 07",
        );
        assert!(!n.iter().any(|x| x.starts_with("product:")), "{n:?}");
        let n = names(
            &gz,
            "General Signal Corp said so. Nippon Signal Co Ltd is issuing notes.",
        );
        assert!(!n.contains(&"product:Signal".to_string()), "{n:?}");
        assert!(n.contains(&"org:Nippon Signal".to_string()), "{n:?}");
        // The model family's own name is no property trust's ("GPT Group").
        let n = names(&gz, "OpenAI built GPT, and GPT Builder came later.");
        assert!(n.contains(&"product:GPT".to_string()), "{n:?}");
        assert!(!n.contains(&"org:GPT".to_string()), "{n:?}");
        // Written as the product writes itself, it is the product.
        let n = names(
            &gz,
            "Amazon bought Ring for $1bn, and users chat on Signal.",
        );
        for want in ["product:Ring", "product:Signal"] {
            assert!(n.contains(&want.to_string()), "{want}: {n:?}");
        }
        // Compounds of ordinary words and the first digits of a longer number name nothing.
        let n = names(
            &gz,
            "Year-on-year M-3 rose. Eurodollars 107,988 71,671 T-bonds.",
        );
        assert!(!n.iter().any(|x| x.starts_with("product:")), "{n:?}");
    }

    #[test]
    fn a_product_named_after_its_company_is_the_company_where_a_company_acts() {
        let gz = Gazetteer::builtin();
        let n = names(
            &gz,
            "Facebook said it would hire staff. Users post photos on Facebook.",
        );
        for want in ["org:Facebook", "product:Facebook"] {
            assert!(n.contains(&want.to_string()), "{want}: {n:?}");
        }
        let n = names(&gz, "Shares in Slack rose. Teams chat on Slack every day.");
        assert!(n.contains(&"org:Slack".to_string()), "{n:?}");
        // A product without the flag stays a product.
        let n = names(&gz, "ChatGPT said it could not help.");
        assert!(n.contains(&"product:ChatGPT".to_string()), "{n:?}");
    }

    #[test]
    fn a_countrys_field_of_work_is_no_company() {
        let gz = Gazetteer::builtin();
        let n = names(
            &gz,
            "Canadian AI startups grew and African Data centres opened. Quorvex AI raised \
             money, as did British Energy.",
        );
        for gone in ["org:Canadian AI", "org:African Data"] {
            assert!(!n.contains(&gone.to_string()), "{gone}: {n:?}");
        }
        for want in ["org:Quorvex AI", "org:British Energy"] {
            assert!(n.contains(&want.to_string()), "{want}: {n:?}");
        }
    }

    #[test]
    fn a_person_of_a_firm_is_a_person_and_a_firm() {
        let gz = Gazetteer::builtin();
        let n = names(
            &gz,
            "\"It is fair,\" said Emmanuel Gaillard of Shearman, and Jack Straw of Labour agreed. \
             The Bank of England did not.",
        );
        for want in [
            "person:Emmanuel Gaillard",
            "person:Jack Straw",
            "org:Bank of England",
        ] {
            assert!(n.contains(&want.to_string()), "{want}: {n:?}");
        }
        assert!(
            !n.iter()
                .any(|x| x.starts_with("person:") && x.contains(" of ")),
            "{n:?}"
        );
    }

    #[test]
    fn a_title_that_looks_like_a_persons_name_names_no_one() {
        let gz = Gazetteer::builtin();
        let n = names(
            &gz,
            "Vera Quorn star Imelda Staunton won. Leigh directed Vera Quorn. The Harry Quill \
             films made money. A film about Steve Jobs and the singer Jane Roe was shown. Games \
             based on the Tom Vexley licenses and for Tom Vexley fans sold.",
        );
        for gone in ["Vera Quorn", "Harry Quill", "Tom Vexley"] {
            assert!(
                !n.iter().any(|x| x.ends_with(&format!(":{gone}"))),
                "{gone}: {n:?}"
            );
        }
        for want in [
            "person:Imelda Staunton",
            "person:Steve Jobs",
            "person:Jane Roe",
        ] {
            assert!(n.contains(&want.to_string()), "{want}: {n:?}");
        }
    }

    fn names(gz: &Gazetteer, text: &str) -> Vec<String> {
        let a = extract(gz, &[text], 0);
        let mut v: Vec<String> = a
            .entities
            .iter()
            .map(|e| format!("{}:{}", e.kind.as_str(), e.name))
            .collect();
        v.sort();
        v
    }

    /// The confirmed entities of one text (what facets count from a single article).
    fn confirmed(gz: &Gazetteer, text: &str) -> Vec<String> {
        let a = extract(gz, &[text], 0);
        let mut v: Vec<String> = a
            .entities
            .iter()
            .filter(|e| e.confirmed)
            .map(|e| format!("{}:{}", e.kind.as_str(), e.name))
            .collect();
        v.sort();
        v
    }

    #[test]
    fn ordinary_words_before_an_institution_word_name_it_unless_the_name_goes_on() {
        let gz = Gazetteer::builtin();
        // Ordinary words and a strong organisation word are a name of their own.
        for name in [
            "Duke University",
            "Heritage Foundation",
            "Kingfisher Airlines",
        ] {
            let text = format!("She joined {name} last year.");
            assert_eq!(names(&gz, &text), [format!("org:{name}")], "{text}");
        }
        // A weak one is a topic; a span the text carries on is a fragment.
        assert!(names(&gz, "Work on Responsible AI goes on.").is_empty());
        for text in [
            "Protests came from the National Council for Adoption today.",
            "Apple shows Major League Soccer on its app.",
        ] {
            let n = names(&gz, text);
            assert!(
                !n.contains(&"org:National Council".to_string())
                    && !n.contains(&"org:Major League".to_string()),
                "{text}: {n:?}"
            );
        }
        // The tail of a longer name the article gave first is that name.
        let a = extract(
            &gz,
            &["The Quorvex Film Council gave money. The Film Council said so."],
            0,
        );
        let orgs: Vec<&str> = a.entities.iter().map(|e| e.name.as_str()).collect();
        assert_eq!(orgs, ["Quorvex Film Council"]);
    }

    #[test]
    fn a_generic_name_the_gazetteer_holds_is_part_of_a_longer_one() {
        let gz = Gazetteer::builtin();
        for (text, want) in [
            (
                "Its subsidiary Zorblax National Bank raised rates.",
                "org:Zorblax National Bank",
            ),
            (
                "Its unit Michigan National Bank raised rates.",
                "org:Michigan National Bank",
            ),
        ] {
            let n = names(&gz, text);
            assert!(n.contains(&want.to_string()), "{want} in {n:?}");
            assert!(!n.contains(&"org:National Bank".to_string()), "{n:?}");
        }
    }

    #[test]
    fn institutions_for_something_and_their_scope_are_one_name() {
        let gz = Gazetteer::builtin();
        assert_eq!(
            names(&gz, "The Centre for Economic Policy Research said so."),
            ["org:Centre for Economic Policy Research"]
        );
        assert_eq!(
            names(
                &gz,
                "It said the International Federation of the Phonographic Industry grew."
            ),
            ["org:International Federation of the Phonographic Industry"]
        );
        // "for" after a word that heads no institution is no name's part.
        assert!(names(&gz, "Royal for a day, he said.").is_empty());
    }

    #[test]
    fn versions_of_known_products_and_compound_adjectives() {
        let gz = Gazetteer::builtin();
        assert_eq!(
            names(
                &gz,
                "The firm released Claude 2 and then Claude 3.0 this year."
            ),
            ["product:Claude 2", "product:Claude 3.0"]
        );
        // A quantity or a year after the name is no version.
        assert_eq!(version_after("Windows 2 pct", 7), None);
        assert_eq!(version_after("Windows 2018 sales", 7), None);
        assert_eq!(version_after("Windows 2, out", 7), Some("2"));
        assert!(names(&gz, "The AI-driven tool and an ML-trained model helped.").is_empty());
    }

    #[test]
    fn newswire_tables_and_headlines_give_no_names() {
        let gz = Gazetteer::builtin();
        // Capitals in a line of capitals, a table row's label, a lone legal form.
        assert!(names(&gz, "GELCO CORP 2ND QTR SHR 67 CTS VS 23 CTS").is_empty());
        assert!(names(&gz, "Shr 34 cts vs 1.19 dlrs\nShr 12 cts vs 10 cts").is_empty());
        assert_eq!(
            names(
                &gz,
                "Industrial Equity (Pacific) Ltd, a Hong Kong firm, bought it."
            ),
            ["misc:Industrial Equity", "place:Hong Kong"]
        );
        // A number with a unit after it is a quantity; one without may be a version.
        assert_eq!(
            names(
                &gz,
                "It gives Adsteam 49 pct of Markheath. It ordered six Jetstream 31 jets."
            ),
            ["misc:Adsteam", "misc:Markheath", "product:Jetstream 31"]
        );
    }

    #[test]
    fn eponyms_copyrights_and_phrases_in_capitals_are_no_names() {
        let gz = Gazetteer::builtin();
        assert_eq!(
            names(
                &gz,
                "Moore's law held. Gordon Moore said so, as Kowalski’s syndrome spread."
            ),
            ["person:Gordon Moore"]
        );
        // A copyright notice's owner is the publisher's furniture.
        assert_eq!(
            names(
                &gz,
                "Terms © 2023 VentureBeat. Copyright (c) 2019-2021 Acme Robotics Ltd."
            ),
            Vec::<String>::new()
        );
        assert_eq!(names(&gz, "VentureBeat reported it."), ["org:VentureBeat"]);
        // Written in lower case elsewhere in the article: a phrase, not a name.
        assert_eq!(
            names(
                &gz,
                "Generative AI is everywhere. Firms bet on generative AI. Stability AI too."
            ),
            ["org:Stability AI"]
        );
    }

    #[test]
    fn names_typed_by_shape_or_context_count_when_named_once() {
        let gz = Gazetteer::builtin();
        let c = confirmed(
            &gz,
            "The deal was led by Quorvant Robotics Inc and advised by Harlowe Analytics. \
             Actress Sorcha Delaney-Byrne starred, said Teodor Marinescu, a senior analyst at the \
             firm. Researchers at the University of Tartu agreed.",
        );
        for want in [
            "org:Quorvant Robotics",
            "person:Sorcha Delaney-Byrne",
            "person:Teodor Marinescu",
            "org:University of Tartu",
        ] {
            assert!(c.contains(&want.to_string()), "{want} in {c:?}");
        }
        // A weak suffix ("Analytics") is not enough alone: it must recur.
        assert!(!c.iter().any(|n| n.contains("Harlowe")), "{c:?}");
        // "Ana Souza said" is no evidence of a person (companies say things too); a name the
        // given-name list knows is.
        let c = confirmed(
            &gz,
            "Vexlor Dynamics said so. Later Maria Quillfeather said no.",
        );
        assert!(!c.iter().any(|n| n.starts_with("person:Vexlor")), "{c:?}");
        assert!(
            c.contains(&"person:Maria Quillfeather".to_string()),
            "{c:?}"
        );
    }

    #[test]
    fn places_and_people_inside_organisation_names_are_not_taken_alone() {
        let gz = Gazetteer::builtin();
        let n = names(
            &gz,
            "Western National Life Insurance Co and the Tokyo Stock Exchange met the \
             Norwegian University of Science and Technology and the Securities and Exchange \
             Commission, then Moult and University of Leeds staff.",
        );
        for want in [
            "org:Western National Life Insurance Co",
            "org:Tokyo Stock Exchange",
            "org:Norwegian University of Science and Technology",
            "org:Securities and Exchange Commission",
            "org:University of Leeds",
        ] {
            assert!(n.contains(&want.to_string()), "{want} in {n:?}");
        }
        for not in ["place:Tokyo", "place:Leeds", "org:Exchange Commission"] {
            assert!(!n.contains(&not.to_string()), "{not} in {n:?}");
        }
        assert!(!n.iter().any(|x| x.contains("Moult and")), "{n:?}");
        let n = names(
            &gz,
            "The ratings came from Standard and Poor's Corp, and later from Moody's Investors \
             Service Inc, which looked at the loans of Acme Trading Co Inc and Quorvex Corp. \
             Brazil's Central Bank and the Finance Ministry met. EDT WHEAT MAY7 rose.",
        );
        for want in [
            "org:Standard and Poor's",
            "org:Moody's Investors Service",
            "org:Acme Trading",
            "org:Quorvex",
        ] {
            assert!(n.contains(&want.to_string()), "{want} in {n:?}");
        }
        for not in [
            "org:Central Bank",
            "org:Finance Ministry",
            "org:Co Inc",
            "org:Poor's",
        ] {
            assert!(!n.contains(&not.to_string()), "{not} in {n:?}");
        }
        assert!(!n.iter().any(|x| x.starts_with("product:")), "{n:?}");
        let n = names(
            &gz,
            "The Soviet Union and James Capel and Co talked to the Office of Management and \
             Budget.",
        );
        assert!(n.contains(&"place:Soviet Union".to_string()), "{n:?}");
        assert!(!n.contains(&"org:Soviet Union".to_string()), "{n:?}");
        assert!(n.contains(&"org:James Capel and Co".to_string()), "{n:?}");
        assert!(!n.iter().any(|x| x.starts_with("person:James")), "{n:?}");
        assert!(
            !n.contains(&"product:Microsoft Office".to_string()),
            "{n:?}"
        );
        // A label list is not one long name.
        let n = names(
            &gz,
            "Host Institution United Methodist University of Mozambique Schedule Sponsorship Prospectus",
        );
        assert!(!n.iter().any(|x| x.contains("Schedule")), "{n:?}");
    }

    #[test]
    fn places_that_are_given_names_or_words_need_a_place_cue() {
        let gz = Gazetteer::builtin();
        let n = names(
            &gz,
            "Florence Welch sang. Later she flew to Florence and on to Charlotte, North Carolina.",
        );
        assert!(n.contains(&"place:Florence".to_string()), "{n:?}");
        assert!(n.contains(&"place:Charlotte".to_string()), "{n:?}");
        let a = extract(&gz, &["Florence Welch sang and Florence Welch left."], 0);
        assert!(
            !a.entities.iter().any(|e| e.kind == Kind::Place),
            "{:?}",
            a.entities
        );
        // Ordinary words after "in" are not towns; unknown names are.
        let n = names(
            &gz,
            "Lost in Translation won. A lab in Quexworth opened; in Quexworth rents rose.",
        );
        assert!(!n.contains(&"place:Translation".to_string()), "{n:?}");
        assert!(n.contains(&"place:Quexworth".to_string()), "{n:?}");
        // A state in the agencies' style confirms the town; a place name that only begins
        // the next word does not ("Tempe" in "Tempest", "Cali" in "Calif.").
        let n = names(&gz, "The Berkeley, Calif.-based firm grew.");
        assert!(n.contains(&"place:Berkeley".to_string()), "{n:?}");
        let n = names(&gz, "Games such as Pac-Man, Tempest and Joust.");
        assert!(!n.iter().any(|x| x.starts_with("place:")), "{n:?}");
    }

    #[test]
    fn titles_roles_and_particles_around_names() {
        let gz = Gazetteer::builtin();
        let n = names(
            &gz,
            "Labour Minister Ghazi al-Gosaibi spoke, and VC Josh Kopelmanns agreed.",
        );
        assert!(n.contains(&"person:Ghazi al-Gosaibi".to_string()), "{n:?}");
        assert!(n.contains(&"person:Josh Kopelmanns".to_string()), "{n:?}");
        assert!(!n.iter().any(|x| x.contains("VC ")), "{n:?}");
        // What follows "CEO of" is the company, never a person named "of ...".
        let n = names(
            &gz,
            "Jo Roe, co-founder and CEO of Quillbox, said so. CEO of Y Labs Ann Lee agreed.",
        );
        assert!(!n.iter().any(|x| x.contains("person:of ")), "{n:?}");
        // Topics with an organisation word are not organisations.
        let n = names(
            &gz,
            "Artificial Neural Networks and Data Mining, then Artificial Neural Networks.",
        );
        assert!(!n.iter().any(|x| x.starts_with("org:")), "{n:?}");
    }

    #[test]
    fn a_product_named_by_its_makers_word_needs_the_maker_or_a_products_context() {
        let gz = Gazetteer::builtin();
        let has = |text: &str, want: &str| names(&gz, text).contains(&want.to_string());
        for (text, not) in [
            (
                "In the classic The Hitchhiker's Guide to the Galaxy, you slide a fish in.",
                "product:Samsung Galaxy",
            ),
            (
                "In the USSR Grain Situation and Outlook, USDA said it rose.",
                "product:Microsoft Outlook",
            ),
            ("Redis on Flash helps.", "product:Adobe Flash"),
        ] {
            assert!(!has(text, not), "{not} in {text}");
        }
        for (text, want) in [
            (
                "Samsung said the Galaxy sold well.",
                "product:Samsung Galaxy",
            ),
            (
                "Popular applications including Chrome, Microsoft 365 and Zoom run.",
                "product:Google Chrome",
            ),
            (
                "They keep passwords in Excel spreadsheets.",
                "product:Microsoft Excel",
            ),
        ] {
            assert!(has(text, want), "{want} in {text}: {:?}", names(&gz, text));
        }
    }

    #[test]
    fn a_misspelt_month_or_a_tables_figure_is_no_version_number() {
        let gz = Gazetteer::builtin();
        let n = names(
            &gz,
            "Volumes were: Feb'87 Jan'87 Feb'86 and CASTORSEEDOIL Brazilian No.1 sold. \
             Unadjusted M-2 plus CDs stood at 336,000 billion yen. Trucks are made at \
             Volkswagen's Hanover plant.",
        );
        assert!(!n.iter().any(|x| x.starts_with("product:")), "{n:?}");
        let n = names(
            &gz,
            "Holders of record Aoril 15 and Febraury 28 got it. Exports were Cameroun 464 (560) \
             and Leixoes 25/4 loaded; Hanyang Chemical 600 to 11,700 and Soybeans 0 bu.",
        );
        assert!(!n.iter().any(|x| x.starts_with("product:")), "{n:?}");
        // A product's version stays one, with its year in brackets or a model after it.
        let n = names(
            &gz,
            "The Zorvex 4 (2015) sold. We liked the Qarlin 7 7730U chip. The Dunmore 2 is out.",
        );
        for want in ["product:Zorvex 4", "product:Qarlin 7", "product:Dunmore 2"] {
            assert!(n.contains(&want.to_string()), "{want} in {n:?}");
        }
    }

    #[test]
    fn organisations_and_products_typed_by_context() {
        let gz = Gazetteer::builtin();
        let c = confirmed(
            &gz,
            "Chemicals firm Qarbex cut jobs. Shares in Drovanta fell, and Zelquist's chief \
             executive quit. Velmora, the luxury goods group, grew. &lt;Brannock Mills Co> and \
             <QRX.L> reported. Honda's Asimo robot and the Trivex console sold well; \
             StarCraft 2 and the Quorvex Z9 too. Their office is in Kreis 5. Holders of \
             record April 15 got it; Total M1 and Sterling M3 rose; Eurodollars 107 traded. \
             Payable APril 22. Pre-tax 133 mln.",
        );
        for want in [
            "org:Qarbex",
            "org:Drovanta",
            "org:Zelquist",
            "org:Velmora",
            "org:Brannock Mills",
            "product:Asimo",
            "product:Trivex",
            "product:StarCraft 2",
        ] {
            assert!(c.contains(&want.to_string()), "{want} in {c:?}");
        }
        assert!(
            !c.iter().any(|n| n.contains("QRX")),
            "a ticker is no name: {c:?}"
        );
        // A person's apposition is not an organisation's.
        let c = confirmed(&gz, "Dan Jolvik, of Empire magazine, liked it.");
        assert!(!c.iter().any(|n| n.starts_with("org:Dan")), "{c:?}");
    }

    #[test]
    fn ordinary_words_and_contractions_are_not_untyped_names() {
        let gz = Gazetteer::builtin();
        let n = names(
            &gz,
            "Shoppers want to Save money. I’m sure. Later the Save button and Black Friday \
             came; Save again. Zorblax rose and Zorblax fell.",
        );
        assert!(
            !n.iter()
                .any(|x| x == "misc:Save" || x.starts_with("misc:I")),
            "{n:?}"
        );
        assert!(n.contains(&"misc:Zorblax".to_string()), "{n:?}");
    }

    #[test]
    fn lone_surnames_resolve_to_the_corpus_full_name() {
        let gz = Gazetteer::builtin();
        let mut c = Corpus::empty();
        for _ in 0..5 {
            c.surnames.add_article(&["Ronald Reagan".into()]);
            c.surnames.add_article(&["Robert Salomon".into()]);
            c.orgs
                .add_article(&["Salomon Brothers".into(), "Salomon".into()]);
        }
        let a = extract_with(
            &gz,
            &c,
            "",
            &["President Reagan spoke. Salomon rose and Salomon fell."],
            0,
        );
        let n: Vec<String> = a
            .entities
            .iter()
            .map(|e| format!("{}:{}", e.kind.as_str(), e.name))
            .collect();
        assert!(n.contains(&"person:Ronald Reagan".to_string()), "{n:?}");
        assert!(!n.iter().any(|x| x.contains("Robert Salomon")), "{n:?}");
        // A person-shaped name that the corpus writes with a legal form is an organisation;
        // with a title it stays a person.
        for _ in 0..3 {
            c.orgs.add_article(&["Merrill Lynch".into()]);
        }
        let n = |t: &str| -> Vec<String> {
            extract_with(&gz, &c, "", &[t], 0)
                .entities
                .iter()
                .map(|e| format!("{}:{}", e.kind.as_str(), e.name))
                .collect()
        };
        let got = n("Analysts at Merrill Lynch said shares rose.");
        assert!(got.contains(&"org:Merrill Lynch".to_string()), "{got:?}");
        assert!(n("Without Merrill Lynch it fell.").contains(&"org:Merrill Lynch".to_string()));
        assert!(
            n("Mr Merrill Lynch, a farmer, said so.").contains(&"person:Merrill Lynch".to_string())
        );
        // Without the corpus, the surname stays as written.
        let a = extract(&gz, &["President Reagan spoke."], 0);
        assert_eq!(a.entities[0].name, "Reagan");
        // A company's possessive before a surname the corpus knows: that person, not a
        // product of the company.
        for _ in 0..5 {
            c.surnames.add_article(&["Helmut Quillinger".into()]);
        }
        let got: Vec<String> = extract_with(
            &gz,
            &c,
            "",
            &["Bundesbank's Quillinger sees no reason to cut rates."],
            0,
        )
        .entities
        .iter()
        .map(|e| format!("{}:{}", e.kind.as_str(), e.name))
        .collect();
        assert!(
            got.contains(&"person:Helmut Quillinger".to_string()),
            "{got:?}"
        );
    }

    #[test]
    fn known_names_aliases_and_possessives() {
        let gz = Gazetteer::builtin();
        let n = names(
            &gz,
            "Microsoft's cloud arm and AWS compete. Amazon Web Services said its prices fell.",
        );
        assert!(n.contains(&"org:Microsoft".to_string()), "{n:?}");
        assert!(n.contains(&"org:Amazon Web Services".to_string()), "{n:?}");
        let a = extract(&gz, &["AWS and Amazon Web Services and AWS."], 0);
        let aws = a
            .entities
            .iter()
            .find(|e| e.name == "Amazon Web Services")
            .unwrap();
        assert_eq!(aws.mentions, 3);
    }

    #[test]
    fn ordinary_senses_are_not_entities() {
        let gz = Gazetteer::builtin();
        for text in [
            "The farm sells apple pie and cider every autumn.",
            "Apple pie sales rose at the fair, growers said.",
            "Scientists mapped the Amazon rainforest from orbit.",
            "The study, a meta-analysis of 40 trials, found little effect.",
            "Meta-analysis of the trials found little effect.",
            "The shop fits windows and doors across the county.",
        ] {
            let n = names(&gz, text);
            for bad in ["org:Apple", "org:Amazon", "org:Meta", "product:Windows"] {
                assert!(!n.contains(&bad.to_string()), "{text:?} gave {n:?}");
            }
        }
        // The company senses still count.
        let n = names(
            &gz,
            "Shares in Apple rose. Analysts said Amazon and Meta lagged.",
        );
        for good in ["org:Apple", "org:Amazon", "org:Meta"] {
            assert!(n.contains(&good.to_string()), "{n:?}");
        }
    }

    #[test]
    fn surnames_and_titles_refer_to_the_full_name() {
        let gz = Gazetteer::builtin();
        let a = extract(
            &gz,
            &["Sam Altman spoke first. Later, Altman said the board agreed, and Mr Altman left."],
            0,
        );
        let sam = a.entities.iter().find(|e| e.name == "Sam Altman").unwrap();
        assert_eq!(sam.mentions, 3, "{:?}", a.entities);
        let a = extract(
            &gz,
            &["Priya Raman, an analyst, said demand was strong. Ms Raman expects growth."],
            0,
        );
        let p = a.entities.iter().find(|e| e.name == "Priya Raman").unwrap();
        assert_eq!((p.kind, p.mentions, p.confirmed), (Kind::Person, 2, true));
        // A titled surname makes an untyped full name a person.
        let a = extract(
            &gz,
            &["Zoltar Quibbleworth wrote the post. Mr Quibbleworth disagreed."],
            0,
        );
        let p = a
            .entities
            .iter()
            .find(|e| e.name == "Zoltar Quibbleworth")
            .unwrap();
        assert_eq!((p.kind, p.mentions), (Kind::Person, 2), "{:?}", a.entities);
    }

    #[test]
    fn discovery_rules() {
        let gz = Gazetteer::builtin();
        let n = names(
            &gz,
            "Officials in Bishkek said the Kyrgyz Republic would use the ink. On Monday, \
             Askar Akaev met DeepGreen Labs. The ink came from DeepGreen Labs in March.",
        );
        assert!(n.contains(&"place:Kyrgyz Republic".to_string()), "{n:?}");
        assert!(n.contains(&"place:Bishkek".to_string()), "{n:?}");
        assert!(n.contains(&"org:DeepGreen Labs".to_string()), "{n:?}");
        // Never alone: months, weekdays, sentence starters, honorifics, pronouns.
        for bad in ["Monday", "March", "Officials", "The", "On"] {
            assert!(
                !n.iter().any(|x| x.ends_with(&format!(":{bad}"))),
                "{bad} in {n:?}"
            );
        }
        // Discovered once: not confirmed; twice: confirmed.
        let a = extract(
            &gz,
            &["We met Zorblax Quantix once. Zorblax Quantix came back."],
            0,
        );
        assert!(a
            .entities
            .iter()
            .any(|e| e.name == "Zorblax Quantix" && e.confirmed));
        let a = extract(&gz, &["We met Zorblax Quantix once."], 0);
        assert!(a
            .entities
            .iter()
            .any(|e| e.name == "Zorblax Quantix" && !e.confirmed));
    }

    #[test]
    fn menus_and_long_capitalised_runs_are_not_names() {
        let gz = Gazetteer::builtin();
        let menu = "Artificial Intelligence View All AI, ML and Deep Learning Auto ML Data \
                    Labelling Synthetic Data Conversational AI NLP Share on Facebook LinkedIn";
        let a = extract(&gz, &[menu], 0);
        assert!(a.entities.is_empty(), "{:?}", a.entities);
        // A sentence listing companies is prose, not a menu.
        let n = names(
            &gz,
            "Microsoft, Google, Amazon and Nvidia all raised prices this year, analysts said.",
        );
        assert_eq!(n.len(), 4, "{n:?}");
        // Five or more capitalised words in a row are not one name; a possessive ends a name.
        let a = extract(
            &gz,
            &["We saw Blue Green Red Yellow Purple Violet again and again."],
            0,
        );
        assert!(a.entities.is_empty(), "{:?}", a.entities);
        let n = names(
            &gz,
            "He sang Johnny Cash's Hurt Tonight at the show, and Johnny Cash smiled.",
        );
        assert!(n.contains(&"person:Johnny Cash".to_string()), "{n:?}");
        assert!(
            !n.iter()
                .any(|x| x.contains("Cash's") || x.contains("Cash Hurt")),
            "{n:?}"
        );
    }

    #[test]
    fn fragments_events_and_plural_acronyms_are_not_names() {
        let gz = Gazetteer::builtin();
        let n = names(
            &gz,
            "He told the BBC World Service programme Go Digital about it.",
        );
        assert!(!n.contains(&"product:Go".to_string()), "{n:?}");
        let n = names(
            &gz,
            "Fans queued for Colin McRae Rally and Colin McRae Rally sold out. Fans watched the \
             Rio Olympics, and the Rio Olympics ended. Senior Editor X Topics AI chips.",
        );
        assert!(!n.iter().any(|x| x.starts_with("person:")), "{n:?}");
        let n = names(
            &gz,
            "Prices fell in PCs and in Bristol, and sales in Bristol rose.",
        );
        assert!(!n.contains(&"place:PCs".to_string()), "{n:?}");
        assert!(n.contains(&"place:Bristol".to_string()), "{n:?}");
        let n = names(&gz, "Lawrence Livermore National Laboratory built it; Lawrence Livermore National Laboratory said so.");
        assert!(
            n.contains(&"org:Lawrence Livermore National Laboratory".to_string()),
            "{n:?}"
        );
    }

    #[test]
    fn headline_words_are_weak_for_ambiguous_names() {
        let gz = Gazetteer::builtin();
        let a = extract(
            &gz,
            &[
                "Drones Help Apple Growers",
                "Orchards in Kent use drones to count fruit.",
            ],
            1,
        );
        assert!(
            !a.entities.iter().any(|e| e.name == "Apple"),
            "{:?}",
            a.entities
        );
        let a = extract(
            &gz,
            &[
                "Apple Sues Leakers",
                "The lawsuit filed by Apple names two sites.",
            ],
            1,
        );
        assert!(
            a.entities.iter().any(|e| e.name == "Apple"),
            "{:?}",
            a.entities
        );
    }

    #[test]
    fn spans_point_at_the_mention() {
        let gz = Gazetteer::builtin();
        let t = "Héllo: Nvidia’s chips ship to Taiwan.";
        let a = extract(&gz, &[t], 0);
        for m in &a.mentions[0] {
            assert!(t.is_char_boundary(m.start) && t.is_char_boundary(m.end));
        }
        let spans: Vec<&str> = a.mentions[0].iter().map(|m| &t[m.start..m.end]).collect();
        assert!(spans.contains(&"Nvidia"), "{spans:?}");
        assert!(spans.contains(&"Taiwan"), "{spans:?}");
    }
    #[test]
    fn the_learned_typer_types_what_the_rules_leave() {
        let gz = Gazetteer::builtin();
        let kind_of = |texts: &[&str], name: &str| {
            let a = extract(&gz, texts, 0);
            a.entities
                .iter()
                .find(|e| e.name == name)
                .map(|e| (e.kind, e.confirmed))
        };
        // No rule types these (see `untyped_names`); the model does, by their context.
        let t = "JustCall, which was founded by SaaSLabs, sells phone software.";
        assert!(untyped_names(&gz, &[t], 0)
            .iter()
            .any(|(_, m)| m.name == "JustCall"));
        assert_eq!(kind_of(&[t], "JustCall"), Some((Kind::Org, true)));
        let t = "Fans of Green Day and Keane bought tickets.";
        assert_eq!(kind_of(&[t], "Keane"), Some((Kind::Org, true)));
        // A sentence's opening words are not vouched for.
        assert_eq!(
            kind_of(&[t], "Fans of Green Day"),
            Some((Kind::Misc, false))
        );
        // One name, one type: every mention of a typed name takes it.
        let a = extract(
            &gz,
            &[
                "JustCall, which was founded by SaaSLabs, sells phone software.",
                "We tried JustCall.",
            ],
            0,
        );
        let kinds: Vec<Kind> = a
            .mentions
            .iter()
            .flatten()
            .filter(|m| m.name == "JustCall")
            .map(|m| m.kind)
            .collect();
        assert_eq!(kinds, [Kind::Org, Kind::Org]);
    }
    #[test]
    fn model_words_and_numbers_name_products() {
        assert_eq!(model_tail("iPhone 12 Pro Max, out", 6), "12 Pro Max");
        assert_eq!(model_tail("Snapdragon X55 modem", 10), "X55");
        assert_eq!(model_tail("iPhone SE.", 6), "SE");
        assert_eq!(model_tail("iPhone sales", 6), "");
        assert_eq!(model_tail("iPhone US sales", 6), "");
        assert_eq!(model_number_after("Boeing 747 jumbo", 6), Some("747"));
        assert_eq!(
            model_number_after("Boeing 777-200LR flights", 6),
            Some("777-200LR")
        );
        assert_eq!(model_number_after("Airbus A350 orders", 6), Some("A350"));
        // Years, quantities and newswire tables are no models.
        assert_eq!(model_number_after("Boeing 2019 results", 6), None);
        assert_eq!(model_number_after("Boeing 340 vs 250", 6), None);
        assert_eq!(model_number_after("Boeing 340 mln dlrs", 6), None);
        assert_eq!(model_number_after("Boeing 1,340", 6), None);
        assert_eq!(model_number_after("Boeing 12 planes", 6), None);
        let gz = Gazetteer::builtin();
        let a = extract(&gz, &["The A380 will replace the Boeing 747 jumbo."], 0);
        let names: Vec<String> = a
            .entities
            .iter()
            .map(|e| format!("{}:{}", e.kind.as_str(), e.name))
            .collect();
        assert!(
            names.contains(&"product:Boeing 747".to_string()),
            "{names:?}"
        );
    }
    #[test]
    fn organisation_cues_of_session_12() {
        let gz = Gazetteer::builtin();
        let typed = |t: &str| -> Vec<String> {
            extract(&gz, &[t], 0)
                .entities
                .iter()
                .filter(|e| e.confirmed)
                .map(|e| format!("{}:{}", e.kind.as_str(), e.name))
                .collect()
        };
        // Two capitals or a capital and a digit count where the context says organisation.
        assert!(typed("Irish band U2 have been honoured.").contains(&"org:U2".into()));
        assert!(typed("Workers told the AP news agency on Monday.").contains(&"org:AP".into()));
        assert!(typed("Workers told the AP on Monday.")
            .iter()
            .all(|n| !n.ends_with(":AP")));
        // "X analyst Jo Roe": X employs the analyst.
        let t = typed("It is a bill for mismanagement, said HVB analyst Peter-Thilo Halser.");
        assert!(t.contains(&"org:HVB".into()), "{t:?}");
        // An apposition's noun comes before its prepositions.
        let t = typed("Location matters, said Fiona Gallway, an infrastructure analyst at a Dublin consultancy.");
        assert!(t.contains(&"person:Fiona Gallway".into()), "{t:?}");
        let t = typed(
            "Research from Brackwell, the country's biggest mortgage lender, says prices rose.",
        );
        assert!(t.contains(&"org:Brackwell".into()), "{t:?}");
        // A scope word opens an institution's name.
        let t = typed("It was met with protests by the National Council for Adoption.");
        assert!(
            t.contains(&"org:National Council for Adoption".into()),
            "{t:?}"
        );
    }
    #[test]
    fn middle_initials_and_names_run_together() {
        let gz = Gazetteer::builtin();
        let people = |t: &str| -> Vec<String> {
            extract(&gz, &[t], 0)
                .entities
                .iter()
                .filter(|e| e.kind == Kind::Person)
                .map(|e| e.name.clone())
                .collect()
        };
        // The initial stays inside the span; the name drops it, so that "Carl C. Icahn" and
        // "Carl Icahn" are one person.
        assert_eq!(
            people("It works, according to Allan C. Halpern, a dermatologist."),
            ["Allan Halpern"]
        );
        assert_eq!(
            people("Investor Carl C. Icahn said so, and Carl Icahn left."),
            ["Carl Icahn"]
        );
        assert_eq!(
            people("Stories by Christopher Beam David Gilbert appeared."),
            ["Christopher Beam", "David Gilbert"]
        );
        assert_eq!(people("Mary Jane Smith said so."), ["Mary Jane Smith"]);
    }
    #[test]
    fn a_given_name_after_a_person_role_is_a_person() {
        let gz = Gazetteer::builtin();
        let kind = |t: &str, name: &str| {
            extract(&gz, &[t], 0)
                .entities
                .iter()
                .find(|e| e.name == name)
                .map(|e| e.kind)
        };
        let t = "Stan Lee is to team up with producer Robert Evans on a movie.";
        assert_eq!(kind(t, "Robert Evans"), Some(Kind::Person));
        let t = "The film won best director for Alexander Payne.";
        assert_eq!(kind(t, "Alexander Payne"), Some(Kind::Person));
        // Business context still says organisation, given name or not.
        let t = "Analysts expect a bid for Philip Morris soon.";
        assert_eq!(kind(t, "Philip Morris"), Some(Kind::Org));
        let t = "The oil producer Brackwell Petroleum raised output.";
        assert_eq!(kind(t, "Brackwell Petroleum"), Some(Kind::Org));
    }
    #[test]
    fn a_known_products_line() {
        let gz = Gazetteer::builtin();
        let products = |t: &str| -> Vec<String> {
            extract(&gz, &[t], 0)
                .entities
                .iter()
                .filter(|e| e.kind == Kind::Product && e.confirmed)
                .map(|e| e.name.clone())
                .collect()
        };
        let p = products("The Echo Show and the Xbox Live service were both on sale.");
        assert!(p.contains(&"Echo Show".to_string()), "{p:?}");
        assert!(p.contains(&"Xbox Live".to_string()), "{p:?}");
        let p = products("Apps in the Google Play Store sold well.");
        assert!(p.iter().any(|n| n.ends_with("Play Store")), "{p:?}");
        // Generic nouns, headings and headlines are no product names.
        let p = products("New Windows PCs shipped with the Cobalt CPU inside.");
        assert!(
            !p.iter().any(|n| n.ends_with("PCs") || n.ends_with("CPU")),
            "{p:?}"
        );
        assert!(!products("Xbox Introduction")
            .iter()
            .any(|n| n.contains("Introduction")));
        let a = extract(&gz, &["Xbox Live Gets Update", "It shipped."], 1);
        assert!(
            a.entities.iter().all(|e| e.name != "Xbox Live Gets"),
            "{:?}",
            a.entities
        );
    }
    #[test]
    fn the_typer_keeps_the_rules_vetoes() {
        let gz = Gazetteer::builtin();
        // Whatever the model says, a generic office is no organisation name of its own.
        for t in [
            "The Finance Ministry said on Monday that it would cut rates, the Finance Ministry added.",
            "Officials at the Finance Ministry declined to comment.",
        ] {
            let a = extract(&gz, &[t], 0);
            assert!(
                !a.entities.iter().any(|e| e.kind == Kind::Org && e.name == "Finance Ministry"),
                "{:?}",
                a.entities
            );
        }
    }
}
