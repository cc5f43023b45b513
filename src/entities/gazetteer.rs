//! The gazetteer: known entities (type, canonical name, aliases, flags) from the built-in data
//! files (`data/*.tsv`) plus users' files (`byline index --entities FILE`), with every surface
//! form in a hash table looked up at word starts.

use std::hash::{Hash, Hasher};

use rustc_hash::{FxHashMap, FxHasher};

use super::Kind;

/// The built-in gazetteer, compiled into the binary.
pub const BUILTIN: &str = include_str!("../../data/entities.tsv");

/// Countries, regions and cities from GeoNames (`data/build/lists.py` makes it), compiled in
/// after `BUILTIN`, which holds none of its names.
pub const PLACES: &str = include_str!("../../data/places.tsv");

/// Organisations beyond tech: international bodies, governments, parties, news
/// organisations, and the companies of major stock indices (`data/build/orgs.py`).
pub const ORGS: &str = include_str!("../../data/orgs.tsv");

/// Well-known people (Pantheon 1.0, CC0; `data/build/known.py`).
pub const PEOPLE: &str = include_str!("../../data/people.tsv");
/// Companies and brands that OpenStreetMap's name-suggestion-index links to Wikidata
/// (`data/build/known.py`).
pub const BRANDS: &str = include_str!("../../data/brands.tsv");

/// One known entity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub kind: Kind,
    pub name: String,
    pub aliases: Vec<String>,
    /// Also an ordinary word or a common non-tech sense: needs a capital and context.
    pub ambiguous: bool,
    /// A place that is also a given name ("Florence", "Charlotte") or a word: a place only
    /// after a place word ("in", "from", ...) or before ", Place".
    pub cue: bool,
    /// A product that is also its company's name ("Facebook", "Slack"): the company where
    /// the text speaks of a company ("Facebook said", "Facebook's chief executive").
    pub company: bool,
}

/// A malformed gazetteer line.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{origin}:{line}: {message}")]
pub struct GazetteerError {
    pub origin: String,
    pub line: usize,
    pub message: String,
}

/// Parse gazetteer text. `origin` names the file in errors.
pub fn parse(origin: &str, text: &str) -> Result<Vec<Entry>, GazetteerError> {
    let mut out = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let err = |message: String| GazetteerError {
            origin: origin.to_string(),
            line: i + 1,
            message,
        };
        let line = raw.trim_end_matches('\r');
        if line.trim().is_empty() || line.trim_start().starts_with('#') {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() < 2 || cols.len() > 4 {
            return Err(err(format!(
                "expected 2 to 4 tab-separated columns (type, name, aliases, flags), found {}",
                cols.len()
            )));
        }
        let kind = Kind::parse(cols[0].trim()).ok_or_else(|| {
            err(format!(
                "unknown type {:?} (expected org, person, product or place)",
                cols[0].trim()
            ))
        })?;
        if kind == Kind::Misc {
            return Err(err("type misc is for discovered names only".into()));
        }
        let name = cols[1].trim();
        if name.is_empty() {
            return Err(err("empty name".into()));
        }
        let aliases: Vec<String> = cols
            .get(2)
            .map(|a| {
                a.split('|')
                    .map(str::trim)
                    .filter(|a| !a.is_empty())
                    .map(String::from)
                    .collect()
            })
            .unwrap_or_default();
        let (mut ambiguous, mut cue, mut company) = (false, false, false);
        for f in cols
            .get(3)
            .map_or("", |f| f.trim())
            .split(',')
            .map(str::trim)
        {
            match f {
                "" => {}
                "ambiguous" => ambiguous = true,
                "cue" => cue = true,
                "company" if kind == Kind::Product => company = true,
                "company" => return Err(err("flag \"company\" is for products only".into())),
                f => {
                    return Err(err(format!(
                        "unknown flag {f:?} (expected ambiguous, cue or company, comma-separated)"
                    )))
                }
            }
        }
        let aliases = with_and_spelled_both_ways(kind, name, aliases);
        out.push(Entry {
            kind,
            name: name.to_string(),
            aliases,
            ambiguous,
            cue,
            company,
        });
    }
    Ok(out)
}

/// An organisation's forms with " & " are written with " and " too, and the other way
/// round ("Procter and Gamble" is Procter & Gamble, "Marks & Spencer" Marks and Spencer).
fn with_and_spelled_both_ways(kind: Kind, name: &str, mut aliases: Vec<String>) -> Vec<String> {
    if kind != Kind::Org {
        return aliases;
    }
    let variants: Vec<String> = std::iter::once(name)
        .chain(aliases.iter().map(String::as_str))
        .filter_map(|f| {
            if f.contains(" & ") {
                Some(f.replace(" & ", " and "))
            } else if f.contains(" and ") {
                Some(f.replace(" and ", " & "))
            } else {
                None
            }
        })
        .collect();
    for v in variants {
        if v != name && !aliases.contains(&v) {
            aliases.push(v);
        }
    }
    aliases
}

/// The built-in entries: `data/entities.tsv`, then `data/places.tsv`, `data/orgs.tsv`,
/// `data/people.tsv` and `data/brands.tsv`, in that order.
///
/// The largest list, the brands, is parsed on a thread of its own beside the others (it is
/// on the path of every indexing run: 400 files index in ~0.16 s, of which parsing these lists
/// took ~8 ms on one thread).
fn builtin_entries() -> Vec<Entry> {
    let parse_brands = || parse("data/brands.tsv", BRANDS).expect("built-in brands parse");
    let rest = || {
        let mut entries = parse("data/entities.tsv", BUILTIN).expect("built-in gazetteer parses");
        entries.extend(parse("data/places.tsv", PLACES).expect("built-in places parse"));
        entries.extend(parse("data/orgs.tsv", ORGS).expect("built-in organisations parse"));
        entries.extend(parse("data/people.tsv", PEOPLE).expect("built-in people parse"));
        entries
    };
    let (mut entries, brands) = std::thread::scope(|s| {
        let thread = std::thread::Builder::new().spawn_scoped(s, parse_brands);
        let entries = rest();
        // No thread to be had: parse them here.
        let brands = match thread {
            Ok(h) => h
                .join()
                .expect("parsing the built-in brands does not panic"),
            Err(_) => parse_brands(),
        };
        (entries, brands)
    });
    entries.extend(brands);
    entries
}

/// A surface form of an entry in the automaton (as written, and in capitals). Matching is
/// case-sensitive: "apple" is never Apple.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Form {
    pub entry: u32,
}

/// A surface form found in a text: its byte span and which form (an index into `patterns`
/// and `forms`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Found {
    start: usize,
    end: usize,
    pattern: usize,
}

impl Found {
    pub(crate) fn start(&self) -> usize {
        self.start
    }
    pub(crate) fn end(&self) -> usize {
        self.end
    }
    pub(crate) fn pattern(&self) -> usize {
        self.pattern
    }
}

fn form_hash(s: &str) -> u64 {
    let mut h = FxHasher::default();
    s.hash(&mut h);
    h.finish()
}

/// Known entities, ready for matching.
pub struct Gazetteer {
    pub entries: Vec<Entry>,
    /// (hash of a lower-cased canonical name or alias, entry), sorted: for filters, labels and
    /// the extractor's "is this word a known name" questions.
    by_lower: Vec<(u64, u32)>,
    /// What matching in text needs, built on first use: resolving a filter's name does not.
    matcher: std::sync::OnceLock<Matcher>,
}

/// Every surface form, ready to be found in text.
struct Matcher {
    forms: Vec<Form>,
    patterns: Vec<String>,
    /// Every surface form by its hash: the first form (in entry order) with that text.
    /// Looked up at word starts, longest candidate first. Built in a few milliseconds where an
    /// Aho-Corasick automaton over the ~60,000 forms took ~250 ms (measured, session 10).
    by_form: FxHashMap<u64, u32>,
    /// Forms whose hash another form already holds (never seen so far; kept for correctness).
    clashes: FxHashMap<String, u32>,
    /// How forms start, by their first bytes: matching is tried only where one of them
    /// opens a word.
    starts: Starts,
    /// Hashes of every form's starts that end where a word or a sign ends ("New", "New ",
    /// "New York" of "New York"), the whole form included: matching at a word start goes on
    /// only while the text so far is one of them.
    prefixes: rustc_hash::FxHashSet<u64>,
}

/// `a` and `b` are the same lower-cased.
fn same_lower(a: &str, b: &str) -> bool {
    a.chars()
        .flat_map(char::to_lowercase)
        .eq(b.chars().flat_map(char::to_lowercase))
}

/// The first bytes of surface forms, as bit sets: forms of one byte by that byte, of two
/// bytes by the pair, longer ones by their first three bytes hashed into 2^18 bits. Two bytes
/// alone let 41% of the words of scraped articles through ("in", "to", "re", "ma" open a few
/// brand names); three let ~1/10 through.
struct Starts {
    one: [u64; 4],
    two: Box<[u64; 1024]>,
    three: Box<[u64; 4096]>,
}

impl Starts {
    fn new() -> Starts {
        Starts {
            one: [0; 4],
            two: Box::new([0; 1024]),
            three: Box::new([0; 4096]),
        }
    }

    fn set(bits: &mut [u64], k: usize) {
        bits[k >> 6] |= 1 << (k & 63);
    }

    fn get(bits: &[u64], k: usize) -> bool {
        bits[k >> 6] & (1 << (k & 63)) != 0
    }

    fn three_key(b: &[u8]) -> usize {
        let k = (b[0] as u32) << 16 | (b[1] as u32) << 8 | b[2] as u32;
        (k.wrapping_mul(0x9E37_79B1) >> 14) as usize
    }

    fn add(&mut self, form: &[u8]) {
        match form {
            [] => {}
            [a] => Starts::set(&mut self.one, *a as usize),
            [a, b] => Starts::set(&mut *self.two, (*a as usize) << 8 | *b as usize),
            _ => Starts::set(&mut *self.three, Starts::three_key(form)),
        }
    }

    /// Whether some form may start `text` (not empty).
    #[inline]
    fn may_start(&self, text: &[u8]) -> bool {
        Starts::get(&self.one, text[0] as usize)
            || (text.len() >= 2
                && Starts::get(&*self.two, (text[0] as usize) << 8 | text[1] as usize))
            || (text.len() >= 3 && Starts::get(&*self.three, Starts::three_key(text)))
    }
}

/// The byte offsets in `form` where a match of it may stop short: where a word or a sign
/// ends (as [`Gazetteer::find_at`] walks a text), and its end.
fn word_ends(form: &str) -> impl Iterator<Item = usize> + '_ {
    let mut prev_alnum = true;
    form.char_indices()
        .filter_map(move |(i, c)| {
            let alnum = c.is_alphanumeric();
            let end = i > 0 && !(alnum && prev_alnum);
            prev_alnum = alnum;
            end.then_some(i)
        })
        .chain((!form.is_empty()).then_some(form.len()))
}

impl Gazetteer {
    /// The built-in gazetteer.
    pub fn builtin() -> Gazetteer {
        Gazetteer::new(builtin_entries())
    }

    /// The built-in gazetteer extended by users' entries: an entry with the same type and
    /// (case-insensitive) name as a built-in one replaces it; others are added.
    pub fn with_extra(extra: Vec<Entry>) -> Gazetteer {
        let mut entries = builtin_entries();
        let mut at: FxHashMap<(Kind, String), usize> = entries
            .iter()
            .enumerate()
            .map(|(i, e)| ((e.kind, e.name.to_lowercase()), i))
            .collect();
        for e in extra {
            match at.get(&(e.kind, e.name.to_lowercase())) {
                Some(&i) => entries[i] = e,
                None => {
                    at.insert((e.kind, e.name.to_lowercase()), entries.len());
                    entries.push(e);
                }
            }
        }
        Gazetteer::new(entries)
    }

    pub fn new(entries: Vec<Entry>) -> Gazetteer {
        let mut by_lower: Vec<(u64, u32)> = Vec::with_capacity(entries.len() * 2);
        for (i, e) in entries.iter().enumerate() {
            for f in std::iter::once(&e.name).chain(&e.aliases) {
                by_lower.push((super::words::with_lower(f, form_hash), i as u32));
            }
        }
        by_lower.sort_unstable();
        by_lower.dedup();
        Gazetteer {
            entries,
            by_lower,
            matcher: std::sync::OnceLock::new(),
        }
    }

    fn matcher(&self) -> &Matcher {
        self.matcher.get_or_init(|| Matcher::new(&self.entries))
    }

    /// Build what matching in text needs now (~10 ms for the built-in lists) instead of at the
    /// first match: the indexer does it on a thread of its own beside the corpus pass, which
    /// does not match, rather than in the first extraction while the other workers wait.
    pub fn prepare_matching(&self) {
        self.matcher();
    }

    /// The text of form `pattern` (a [`Found`]'s).
    pub(crate) fn form_text(&self, pattern: usize) -> &str {
        &self.matcher().patterns[pattern]
    }

    /// The entry form `pattern` names.
    pub(crate) fn form_entry(&self, pattern: usize) -> &Entry {
        &self.entries[self.matcher().forms[pattern].entry as usize]
    }

    /// The longest surface form starting at byte `at` of `text` that can be a whole word
    /// there (it ends where a word or a sign ends), if any.
    pub(crate) fn find_at(&self, text: &str, at: usize) -> Option<Found> {
        let m = self.matcher();
        let b = text.as_bytes();
        if at >= b.len() || !m.starts.may_start(&b[at..]) {
            return None;
        }
        // Forms end where a word or a sign ends (not inside a run of letters and digits; a
        // non-ASCII character is looked at as a character: "’" ends a word, "é" does not).
        // Every such end is tried, shortest first, while the text so far is some form's
        // start ("New", "New ", "New York"): most words are no form's first word.
        let mut best = None;
        let mut prev_alnum = true;
        let mut pos = at;
        loop {
            let (alnum, len) = match b.get(pos) {
                None => (false, 0),
                Some(&c) if c < 0x80 => (c.is_ascii_alphanumeric(), 1),
                Some(_) => {
                    let c = text[pos..].chars().next().unwrap_or(' ');
                    (c.is_alphanumeric(), c.len_utf8())
                }
            };
            if pos > at && !(alnum && prev_alnum) {
                let h = form_hash(&text[at..pos]);
                if !m.prefixes.contains(&h) {
                    break;
                }
                if let Some(pattern) = m.form_hashed(&text[at..pos], h) {
                    best = Some(Found {
                        start: at,
                        end: pos,
                        pattern,
                    });
                }
            }
            if len == 0 {
                break;
            }
            prev_alnum = alnum;
            pos += len;
        }
        best
    }

    /// Entries whose canonical name or alias is `name` (case-insensitive).
    pub fn lookup<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Entry> + 'a {
        let h = super::words::with_lower(name, form_hash);
        let from = self.by_lower.partition_point(|&(k, _)| k < h);
        self.by_lower[from..]
            .iter()
            .take_while(move |&&(k, _)| k == h)
            .map(|&(_, i)| &self.entries[i as usize])
            .filter(move |e| {
                std::iter::once(&e.name)
                    .chain(&e.aliases)
                    .any(|f| same_lower(f, name))
            })
    }

    /// The canonical name for `name` of kind `kind` if the gazetteer knows it, else `name`.
    pub fn canonical(&self, kind: Kind, name: &str) -> String {
        self.lookup(name)
            .find(|e| e.kind == kind)
            .map(|e| e.name.clone())
            .unwrap_or_else(|| name.to_string())
    }
}

impl Matcher {
    fn new(entries: &[Entry]) -> Matcher {
        let mut forms = Vec::new();
        let mut patterns = Vec::new();
        for (i, e) in entries.iter().enumerate() {
            for f in std::iter::once(&e.name).chain(&e.aliases) {
                patterns.push(f.clone());
                forms.push(Form { entry: i as u32 });
                // Headlines in capitals ("NVIDIA UNVEILS ..."): the capitalised form too.
                let upper = f.to_uppercase();
                if &upper != f && f.chars().filter(|c| c.is_alphabetic()).count() >= 3 {
                    patterns.push(upper);
                    forms.push(Form { entry: i as u32 });
                }
            }
        }
        let mut starts = Starts::new();
        for p in &patterns {
            starts.add(p.as_bytes());
        }
        // Sized up front: growing the set while filling it was a quarter of this build.
        let mut prefixes = rustc_hash::FxHashSet::with_capacity_and_hasher(
            patterns.len() * 3 / 2,
            Default::default(),
        );
        for p in &patterns {
            for e in word_ends(p) {
                prefixes.insert(form_hash(&p[..e]));
            }
        }
        let mut by_form: FxHashMap<u64, u32> =
            FxHashMap::with_capacity_and_hasher(patterns.len(), Default::default());
        let mut clashes: FxHashMap<String, u32> = FxHashMap::default();
        for (i, p) in patterns.iter().enumerate() {
            match by_form.entry(form_hash(p)) {
                std::collections::hash_map::Entry::Vacant(v) => {
                    v.insert(i as u32);
                }
                std::collections::hash_map::Entry::Occupied(o) => {
                    if patterns[*o.get() as usize] != *p {
                        clashes.entry(p.clone()).or_insert(i as u32);
                    }
                }
            }
        }
        Matcher {
            forms,
            patterns,
            by_form,
            clashes,
            starts,
            prefixes,
        }
    }

    /// The form whose text is exactly `s` (of [`form_hash`] `h`), if any.
    fn form_hashed(&self, s: &str, h: u64) -> Option<usize> {
        match self.by_form.get(&h) {
            Some(&i) if self.patterns[i as usize] == s => Some(i as usize),
            _ => self.clashes.get(s).map(|&i| i as usize),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_is_large_and_consistent() {
        let g = Gazetteer::builtin();
        assert!(g.entries.len() >= 500, "{}", g.entries.len());
        for k in [Kind::Org, Kind::Person, Kind::Product, Kind::Place] {
            assert!(
                g.entries.iter().filter(|e| e.kind == k).count() >= 50,
                "{k:?}"
            );
        }
        let aws: Vec<&Entry> = g.lookup("aws").collect();
        assert_eq!(aws.len(), 1);
        assert_eq!(aws[0].name, "Amazon Web Services");
        assert_eq!(
            g.canonical(Kind::Org, "amazon web services"),
            "Amazon Web Services"
        );
        assert_eq!(g.canonical(Kind::Org, "Unknown Corp"), "Unknown Corp");
        // "and" and "&" are one spelling of an organisation's name.
        let pg: Vec<&Entry> = g.lookup("Procter and Gamble").collect();
        assert_eq!(pg.len(), 1);
        assert_eq!(pg[0].name, "Procter & Gamble");
        // No name is a fragment cut at a joining word ("Eli Lilly and", "McKinsey &").
        let cut: Vec<&str> = g
            .entries
            .iter()
            .map(|e| e.name.as_str())
            .filter(|n| n.ends_with(" &") || n.ends_with(" and") || n.ends_with(" of"))
            .collect();
        assert!(cut.is_empty(), "{cut:?}");
    }

    #[test]
    fn errors_name_the_line() {
        let e = parse("mine.tsv", "# c\norg\tAcme\n\nwidget\tThing\n").unwrap_err();
        assert_eq!(e.line, 4);
        assert!(e.to_string().starts_with("mine.tsv:4: unknown type"), "{e}");
        let e = parse("mine.tsv", "org\tAcme\tA | B\tweird\n").unwrap_err();
        assert!(e.to_string().contains("unknown flag"), "{e}");
        let e = parse("mine.tsv", "org only\n").unwrap_err();
        assert!(e.to_string().contains("columns"), "{e}");
        let ok = parse(
            "mine.tsv",
            "org\tAcme Rockets\tAcme | ACR\nproduct\tRoadrunner\t\tambiguous\n",
        )
        .unwrap();
        assert_eq!(ok[0].aliases, ["Acme", "ACR"]);
        assert!(ok[1].ambiguous);
        // Several flags, comma-separated; "company" only on a product.
        let ok = parse("mine.tsv", "product\tFlitter\t\tambiguous, company\n").unwrap();
        assert!(ok[0].ambiguous && ok[0].company && !ok[0].cue);
        let e = parse("mine.tsv", "org\tAcme\t\tcompany\n").unwrap_err();
        assert!(e.to_string().contains("products only"), "{e}");
    }

    #[test]
    fn users_entries_extend_and_override() {
        let extra = parse("x", "org\tMicrosoft\tMicrosofty\norg\tAcme Rockets\tAcme\n").unwrap();
        let g = Gazetteer::with_extra(extra);
        assert_eq!(g.lookup("microsofty").next().unwrap().name, "Microsoft");
        assert_eq!(g.lookup("acme").next().unwrap().name, "Acme Rockets");
        // The override replaced the built-in aliases.
        assert!(g.lookup("microsoft corporation").next().is_none());
    }

    #[test]
    fn forms_match_at_word_starts_whatever_their_first_letter() {
        let extra = parse(
            "x",
            "product\tq\nproduct\tzX\norg\tmacrohard\tthe Hard | maCro\nplace\tÉvian\n\
             product\tiPhone\n",
        )
        .unwrap();
        let g = Gazetteer::new(extra);
        let found = |text: &str| -> Vec<String> {
            (0..text.len())
                .filter(|&i| text.is_char_boundary(i))
                .filter_map(|i| g.find_at(text, i))
                .map(|m| text[m.start()..m.end()].to_string())
                .collect()
        };
        // Lower-case first letters: one, two and many bytes, and a two-word alias.
        assert_eq!(
            found("q zX macrohard the Hard maCro iPhone"),
            ["q", "zX", "macrohard", "the Hard", "maCro", "iPhone"]
        );
        // Words sharing the first bytes are not forms; the end of the text is no problem.
        assert!(
            found("may mac the the Har ma m i z").is_empty(),
            "{:?}",
            found("may mac the the Har ma m i z")
        );
        assert_eq!(found("Évian"), ["Évian"]);
    }
}
