//! A learned typer for discovered names that no rule could type: a linear model over the
//! name's shape and the words around it (averaged perceptron, trained by
//! `benches/entities/typer.py` on labels we may ship; weights in `data/typer.tsv` with their
//! provenance). Pure: text and span in, scores out.

use super::{words, Gazetteer, Kind};
use rustc_hash::FxHashMap;
use std::sync::OnceLock;

/// The weights: one line per feature, `feature<TAB>org<TAB>person<TAB>product<TAB>place<TAB>none`.
pub const WEIGHTS: &str = include_str!("../../data/typer.tsv");

/// The classes a name can get, in the weight file's column order; `None` (last) is "no
/// name of these types" (a phrase, a fragment, an event).
pub const CLASSES: [Option<Kind>; 5] = [
    Some(Kind::Org),
    Some(Kind::Person),
    Some(Kind::Product),
    Some(Kind::Place),
    None,
];

/// A linear model: per feature, one weight per class.
pub struct Typer {
    /// Keyed by [`feature_hash`] of the feature.
    weights: FxHashMap<u64, [f32; 5]>,
    /// Lowest margin (best class score minus the runner-up's, summed over a name's mentions)
    /// at which a name takes the best class.
    pub margin: f32,
}

impl Typer {
    /// The built-in model (parsed once, on first use).
    pub fn builtin() -> &'static Typer {
        static T: OnceLock<Typer> = OnceLock::new();
        T.get_or_init(|| Typer::parse(WEIGHTS).expect("data/typer.tsv is well formed"))
    }

    /// Parse a weight file; `# margin <x>` sets the margin. Errors name the line.
    pub fn parse(src: &str) -> Result<Typer, String> {
        let mut weights = FxHashMap::default();
        let mut margin = f32::INFINITY;
        for (n, line) in src.lines().enumerate() {
            if let Some(m) = line.strip_prefix("# margin ") {
                margin = m
                    .trim()
                    .parse()
                    .map_err(|_| format!("line {}: bad margin {m:?}", n + 1))?;
                continue;
            }
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let mut cols = line.split('\t');
            let feature = cols.next().unwrap_or_default();
            let mut w = [0f32; 5];
            for slot in &mut w {
                *slot = cols
                    .next()
                    .and_then(|c| c.parse().ok())
                    .ok_or_else(|| format!("line {}: expected 5 weights", n + 1))?;
            }
            weights.insert(feature_hash(&[feature]), w);
        }
        Ok(Typer { weights, margin })
    }

    /// Class scores of one mention.
    pub fn scores(&self, gz: &Gazetteer, text: &str, start: usize, end: usize) -> [f32; 5] {
        let mut s = [0f32; 5];
        features(gz, text, start, end, |parts| {
            if let Some(w) = self.weights.get(&feature_hash(parts)) {
                for (a, b) in s.iter_mut().zip(w) {
                    *a += b;
                }
            }
        });
        s
    }

    /// The class of summed scores, if it wins by the margin.
    pub fn decide(&self, s: &[f32; 5]) -> Option<Kind> {
        let best = (0..5).max_by(|&a, &b| s[a].total_cmp(&s[b]))?;
        let runner = (0..5)
            .filter(|&k| k != best)
            .map(|k| s[k])
            .fold(f32::NEG_INFINITY, f32::max);
        CLASSES[best].filter(|_| s[best] - runner >= self.margin)
    }
}

/// A word of the context: letters, digits and the marks inside names.
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '-' | '&' | '\'' | '’' | '.')
}

/// Up to two words before `start` (nearest first) and the mark right before the name.
fn before(text: &str, start: usize) -> ([Option<&str>; 2], Option<char>) {
    let head = &text[..start];
    let mark = head
        .trim_end_matches(' ')
        .chars()
        .next_back()
        .filter(|c| !is_word_char(*c));
    let mut out = [None, None];
    if mark.is_none() {
        let mut rest = head.trim_end();
        for slot in &mut out {
            let raw = rest.rsplit(|c: char| !is_word_char(c)).next().unwrap_or("");
            let w = raw.trim_matches(['.', '\'', '’']);
            if w.is_empty() {
                break;
            }
            *slot = Some(w);
            rest = rest[..rest.len() - raw.len()].trim_end_matches(' ');
            // A mark between words ends the context.
            if rest.chars().next_back().is_some_and(|c| !is_word_char(c)) {
                break;
            }
        }
    }
    (out, mark)
}

/// The mark right after the name ("'s" counts as one) and up to two words after it.
fn after(text: &str, end: usize) -> (Option<&str>, [Option<&str>; 2]) {
    let tail = &text[end..];
    let (mark, mut rest) =
        if let Some(r) = tail.strip_prefix("'s").or_else(|| tail.strip_prefix("’s")) {
            (Some("'s"), r)
        } else {
            match tail.chars().next() {
                Some(c) if c != ' ' && !is_word_char(c) => {
                    (Some(&tail[..c.len_utf8()]), &tail[c.len_utf8()..])
                }
                _ => (None, tail),
            }
        };
    let mut out = [None, None];
    if matches!(mark, None | Some("'s")) {
        for slot in &mut out {
            let r = rest.trim_start_matches(' ');
            let w: &str = &r[..r.find(|c: char| !is_word_char(c)).unwrap_or(r.len())];
            let w = w.trim_end_matches(['.', '\'', '’']);
            if w.is_empty() {
                break;
            }
            *slot = Some(w);
            rest = &r[w.len()..];
            if !rest.starts_with(' ') {
                break;
            }
        }
    }
    (mark, out)
}

/// A word's shape: runs of capitals, small letters and digits as X, x, 9; other marks kept.
fn shape(w: &str, out: &mut String) {
    let mut last = '\0';
    for c in w.chars() {
        let s = if c.is_uppercase() {
            'X'
        } else if c.is_lowercase() {
            'x'
        } else if c.is_numeric() {
            '9'
        } else {
            c
        };
        if s != last {
            out.push(s);
            last = s;
        }
    }
}

/// The types the gazetteer knows a word by, as a feature value ("org", "place", "-").
fn known_kind(gz: &Gazetteer, w: &str) -> &'static str {
    gz.lookup(w)
        .find(|e| !e.ambiguous)
        .map_or("-", |e| e.kind.as_str())
}

/// Every feature of the name at `start..end` of `text`, handed to `f` one at a time as
/// parts: the first is taken as it is (a label such as "p1="), the others lower-cased, all
/// joined (see [`feature_string`] and [`feature_hash`]: the same feature either way).
pub fn features(gz: &Gazetteer, text: &str, start: usize, end: usize, mut f: impl FnMut(&[&str])) {
    let name = &text[start..end];
    let mut toks = name.split(' ').filter(|t| !t.is_empty());
    let first = toks.next().unwrap_or("");
    let (mut n, mut last, mut dict) = (1, first, words::with_lower(first, words::is_word));
    for t in toks {
        n += 1;
        last = t;
        dict &= words::with_lower(t, words::is_word);
    }
    f(&["bias"]);
    f(&[match n {
        1 => "n=1",
        2 => "n=2",
        3 => "n=3",
        _ => "n=4+",
    }]);
    // The name's inner words are left out: they learn names, not kinds (cross-validated at
    // margin 4: 95 right and 54 wrong with them, 93 and 37 without; BENCHMARKS.md).
    f(&["f=", first]);
    f(&["l=", last]);
    let suf = last
        .char_indices()
        .rev()
        .nth(2)
        .map_or(last, |(i, _)| &last[i..]);
    f(&["suf=", suf]);
    let mut sh = String::with_capacity(24);
    sh.push_str("shape=");
    for (i, t) in name.split(' ').filter(|t| !t.is_empty()).enumerate() {
        if i > 0 {
            sh.push(' ');
        }
        shape(t, &mut sh);
    }
    f(&[&sh]);
    if words::is_first_name(first) {
        f(&["given"]);
    }
    if dict {
        f(&["dict"]);
    }
    let (pw, pmark) = before(text, start);
    let (nmark, nw) = after(text, end);
    let mut mk = [0u8; 4];
    let pm: &str = match pmark {
        Some(c) => c.encode_utf8(&mut mk),
        None if start == 0 => "^",
        None => "",
    };
    let p1 = pw[0].unwrap_or(pm);
    let p2 = pw[1].unwrap_or("_");
    let n1 = nw[0].unwrap_or(nmark.unwrap_or("$"));
    let n2 = nw[1].unwrap_or("_");
    f(&["p1=", p1]);
    f(&["p2=", p2, " ", p1]);
    f(&["n1=", n1]);
    if nmark == Some("'s") {
        f(&["pos"]);
        f(&["posn1=", n1]);
    }
    f(&["n2=", n1, " ", n2]);
    f(&["pn=", p1, " _ ", n1]);
    if let Some(w) = pw[0].filter(|w| w.starts_with(char::is_uppercase)) {
        f(&["p1k=", known_kind(gz, w)]);
    }
    if let Some(w) = nw[0].filter(|w| w.starts_with(char::is_uppercase)) {
        f(&["n1k=", known_kind(gz, w)]);
    }
    // A known name that the span goes on from ("BBC" in "BBC One"): its type.
    if let Some(m) = gz.find_at(text, start).filter(|m| m.end() < end) {
        f(&["head=", gz.form_entry(m.pattern()).kind.as_str()]);
    }
    // A list of names ("GoodData, Cloud9, Birst and Tableau"): what its neighbours are.
    let (lp, ln) = (list_before(text, start), list_after(text, end));
    for (label, run) in [("lp=", lp), ("ln=", ln)] {
        if let Some(kind) = run.and_then(|r| run_kind(gz, r)) {
            f(&[label, kind]);
            f(&["lk=", kind]);
        }
    }
}

/// Most words of a list neighbour read.
const LIST_WORDS: usize = 4;

/// The capitalised run before a list separator (", " or " and "/" or ") that ends right
/// before `start`.
fn list_before(text: &str, start: usize) -> Option<&str> {
    let head = text[..start].trim_end_matches(' ');
    let rest = head
        .strip_suffix(',')
        .or_else(|| head.strip_suffix(" and"))
        .or_else(|| head.strip_suffix(" or"))?
        .trim_end_matches(' ');
    let mut from = rest.len();
    for _ in 0..LIST_WORDS {
        let w_start = rest[..from]
            .rfind(|c: char| !is_word_char(c))
            .map_or(0, |i| {
                i + rest[i..].chars().next().map_or(1, char::len_utf8)
            });
        let w = &rest[w_start..from];
        if !w.starts_with(char::is_uppercase) {
            break;
        }
        from = w_start;
        if !rest[..from].ends_with(' ') || from < 1 {
            break;
        }
        from -= 1;
        if !rest[..from].ends_with(|c: char| is_word_char(c)) {
            from += 1;
            break;
        }
    }
    let run = rest[from..].trim_start_matches(' ');
    (!run.is_empty()).then_some(run)
}

/// The capitalised run after a list separator that starts right after `end`.
fn list_after(text: &str, end: usize) -> Option<&str> {
    let tail = &text[end..];
    let rest = tail
        .strip_prefix(", ")
        .or_else(|| tail.strip_prefix(" and "))
        .or_else(|| tail.strip_prefix(" or "))?
        .trim_start_matches(' ');
    let mut to = 0;
    for _ in 0..LIST_WORDS {
        let w = &rest[to..];
        let w = &w[..w.find(|c: char| !is_word_char(c)).unwrap_or(w.len())];
        if !w.starts_with(char::is_uppercase) {
            break;
        }
        to += w.len();
        if !rest[to..].starts_with(' ') {
            break;
        }
        if !rest[to + 1..].starts_with(char::is_uppercase) {
            break;
        }
        to += 1;
    }
    let run = rest[..to].trim_end_matches(['.', '\'', '’']);
    (!run.is_empty()).then_some(run)
}

/// The type the gazetteer knows a run by (whole, else its first or last word).
fn run_kind(gz: &Gazetteer, run: &str) -> Option<&'static str> {
    let run = run.trim_end_matches("'s").trim_end_matches("’s");
    let first = run.split(' ').next().unwrap_or(run);
    let last = run.rsplit(' ').next().unwrap_or(run);
    [run, first, last]
        .into_iter()
        .map(|w| known_kind(gz, w))
        .find(|k| *k != "-")
}

/// A feature's parts as one string: the first as it is, the others lower-cased.
pub fn feature_string(parts: &[&str]) -> String {
    let mut s = parts[0].to_string();
    for p in &parts[1..] {
        s.push_str(&p.to_lowercase());
    }
    s
}

/// FNV-1a over a feature's bytes, lower-casing all parts but the first on the fly: equal to
/// `fnv(feature_string(parts))`, with no string built.
pub fn feature_hash(parts: &[&str]) -> u64 {
    let mut h = Fnv::default();
    h.bytes(parts[0].as_bytes());
    for p in &parts[1..] {
        if p.is_ascii() {
            for b in p.bytes() {
                h.byte(b.to_ascii_lowercase());
            }
        } else {
            let mut buf = [0u8; 4];
            for c in p.chars().flat_map(char::to_lowercase) {
                h.bytes(c.encode_utf8(&mut buf).as_bytes());
            }
        }
    }
    h.0
}

/// FNV-1a, 64 bits: a stream hash (bytes fed in any grouping hash the same).
struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Fnv {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Fnv {
    fn byte(&mut self, b: u8) {
        self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
    }

    fn bytes(&mut self, bs: &[u8]) {
        for &b in bs {
            self.byte(b);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn feats(text: &str, name: &str) -> Vec<String> {
        let gz = Gazetteer::builtin();
        let s = text.find(name).unwrap();
        let mut v = Vec::new();
        features(&gz, text, s, s + name.len(), |p| {
            assert_eq!(feature_hash(p), feature_hash(&[&feature_string(p)]));
            v.push(feature_string(p))
        });
        v
    }

    #[test]
    fn context_words_stop_at_marks() {
        let v = feats(
            "a report by anti-corruption body Transparency International in 2003",
            "Transparency International",
        );
        assert!(v.contains(&"p1=body".to_string()), "{v:?}");
        assert!(v.contains(&"p2=anti-corruption body".to_string()), "{v:?}");
        assert!(v.contains(&"n2=in 2003".to_string()), "{v:?}");
        assert!(v.contains(&"shape=Xx Xx".to_string()), "{v:?}");
        let v = feats(
            "products from GoodData, Cloud9, Birst and Tableau",
            "Cloud9",
        );
        assert!(v.contains(&"p1=,".to_string()), "{v:?}");
        assert!(v.contains(&"n1=,".to_string()), "{v:?}");
        assert!(v.contains(&"shape=Xx9".to_string()), "{v:?}");
    }

    #[test]
    fn list_neighbours() {
        assert_eq!(list_before("from Good Data, ", 15), Some("Good Data"));
        assert_eq!(list_before("rivals Intel and ", 17), Some("Intel"));
        assert_eq!(list_before("said, ", 6), None);
        assert_eq!(list_before("the firm, ", 10), None);
        assert_eq!(
            list_after("X, Tableau Software and more", 1),
            Some("Tableau Software")
        );
        assert_eq!(list_after("X and others", 1), None);
        assert_eq!(list_after("X or Intel.", 1), Some("Intel"));
        let v = feats(
            "rivals such as Clouderax, Qliktech and Tableaux",
            "Qliktech",
        );
        assert!(!v.iter().any(|f| f.starts_with("lk=")), "{v:?}");
        let v = feats("rivals such as Microsoft, Qliktech and Tableau", "Qliktech");
        assert!(v.contains(&"lp=org".to_string()), "{v:?}");
        assert!(v.contains(&"lk=org".to_string()), "{v:?}");
        // A known name the span goes on from.
        let v = feats("shown on BBC One from Friday", "BBC One");
        assert!(v.contains(&"head=org".to_string()), "{v:?}");
        let v = feats("shown on Zorbic One from Friday", "Zorbic One");
        assert!(!v.iter().any(|f| f.starts_with("head=")), "{v:?}");
        // Not a list: no list feature.
        let v = feats("shares of Qliktech rose", "Qliktech");
        assert!(
            !v.iter()
                .any(|f| ["lp=", "ln=", "lk="].iter().any(|l| f.starts_with(l))),
            "{v:?}"
        );
    }

    #[test]
    fn possessive_and_start() {
        let v = feats("Investec's economist Philip Shaw said", "Investec");
        assert!(v.contains(&"p1=^".to_string()), "{v:?}");
        assert!(v.contains(&"posn1=economist".to_string()), "{v:?}");
        assert!(v.contains(&"n2=economist philip".to_string()), "{v:?}");
    }

    #[test]
    fn weights_parse_and_decide() {
        let t = Typer::parse("# margin 1\nf=acme\t2\t0\t0\t0\t0\nbias\t0\t0\t0\t0\t0.5\n").unwrap();
        let gz = Gazetteer::builtin();
        let text = "shares of Acme rose";
        let s = t.scores(&gz, text, 10, 14);
        assert_eq!(t.decide(&s), Some(Kind::Org));
        let s = t.scores(&gz, "shares of Zork rose", 10, 14);
        assert_eq!(t.decide(&s), None);
        assert!(Typer::parse("f=x\t1\t2\n")
            .err()
            .unwrap()
            .contains("line 1"));
        // The built-in weights load.
        assert!(Typer::builtin().margin.is_finite());
    }
    proptest::proptest! {
        #[test]
        fn hash_of_parts_is_hash_of_their_string(a in "\\PC{0,8}", b in "\\PC{0,8}", c in "[A-Za-zÀ-ÿİ ]{0,8}") {
            let parts = [a.as_str(), b.as_str(), c.as_str()];
            proptest::prop_assert_eq!(feature_hash(&parts), feature_hash(&[&feature_string(&parts)]));
        }
    }
}
