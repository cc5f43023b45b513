//! Site boilerplate: sentences and lines that one source repeats on many of its pages
//! (menus, share buttons, newsletter and event banners, footers). They stay in the article's
//! text, searchable, but no entity is taken from them: "LinkedIn" in a share bar or "San
//! Francisco" in an event banner on every VentureBeat page is not something the article names.
//!
//! A passage is cut into *units* (lines, sentences, `|`- or `•`-separated items). Each unit is
//! counted once per article that holds it, per source, in a count-min sketch (two rows of
//! saturating byte counters: a fixed, small memory however many units a corpus has; a
//! collision can only over-count, and both rows must collide for it to matter). A unit held
//! by at least [`Sketch::threshold`] articles of its source is boilerplate. Pure: the indexer
//! feeds it and stores it (`boilerplate.bin`).

use rustc_hash::FxHashMap;
use xxhash_rust::xxh3::xxh3_64_with_seed;

/// Units shorter than this are not counted ("Share", "More"); a sign-off such as Reuters'
/// "Reuter" is.
const MIN_UNIT: usize = 6;

/// The byte spans of a passage's units, trimmed, each at least `MIN_UNIT` bytes long.
pub fn units(text: &str) -> Vec<(usize, usize)> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut start = 0;
    let mut push = |s: usize, e: usize| {
        let seg = &text[s..e];
        let lead = seg.len() - seg.trim_start().len();
        let t = seg.trim();
        if t.len() >= MIN_UNIT {
            out.push((s + lead, s + lead + t.len()));
        }
    };
    let mut i = 0;
    while i < b.len() {
        // Skip to the next byte that can cut: most bytes cannot.
        match b[i..].iter().position(|&c| CUT[c as usize]) {
            Some(k) => i += k,
            None => break,
        }
        let c = b[i];
        let cut_here = match c {
            b'\n' | b'|' => Some(i),
            b'.' | b'!' | b'?' => {
                // A sentence end: the mark (and a closing quote), then a space and a capital
                // or a quote.
                let quote = if text[i + 1..].starts_with(['"', '”', '’']) {
                    text[i + 1..].chars().next().map_or(0, char::len_utf8)
                } else {
                    0
                };
                let end = i + 1 + quote;
                let next = b.get(end).copied();
                let after = b.get(end + 1).copied();
                (matches!(next, Some(b' '))
                    && after.is_some_and(|a| a.is_ascii_uppercase() || a == b'"' || a >= 0x80))
                .then_some(end)
            }
            0xE2 if text[i..].starts_with('•') => Some(i),
            _ => None,
        };
        if let Some(end) = cut_here {
            push(start, end);
            start = if end == i { i + 1 } else { end };
            if c == 0xE2 {
                start = i + '•'.len_utf8();
            }
        }
        i += 1;
    }
    push(start, b.len());
    out
}

/// Bytes where a unit may end: `\n`, `|`, `.`, `!`, `?`, and the first byte of `•`.
const CUT: [bool; 256] = {
    let mut t = [false; 256];
    t[b'\n' as usize] = true;
    t[b'|' as usize] = true;
    t[b'.' as usize] = true;
    t[b'!' as usize] = true;
    t[b'?' as usize] = true;
    t[0xE2] = true;
    t
};

/// The sketch key of a unit of a passage: passages are whitespace-normalised already
/// (`passage::split` joins words with single spaces), so the unit is hashed as it is: checking
/// every byte for whitespace to normalise was a third of the boilerplate work.
fn passage_key(source_seed: u64, unit: &str) -> u64 {
    debug_assert_eq!(
        unit.split_whitespace().collect::<Vec<_>>().join(" "),
        unit,
        "a passage's unit is whitespace-normalised"
    );
    xxh3_64_with_seed(unit.as_bytes(), source_seed)
}

/// The seed of a source's sketch keys (its name, lower-cased).
pub fn source_seed(source: &str) -> u64 {
    xxh3_64_with_seed(source.to_lowercase().as_bytes(), 0x6279_6c69_6e65)
}

/// A unit of a passage, or a shingle of its last unit, with its sketch key: what the sketch
/// counts and the masker looks up, worked out once per passage.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    pub start: u32,
    pub end: u32,
    pub key: u64,
    pub shingle: bool,
}

/// The spans of one passage (whitespace-normalised, `passage::split`) of a source with seed
/// [`source_seed`]: each unit, followed by its shingles.
pub fn passage_spans(seed: u64, passage: &str) -> Vec<Span> {
    let mut out = Vec::new();
    for (s, e) in units(passage) {
        out.push(Span {
            start: s as u32,
            end: e as u32,
            key: passage_key(seed, &passage[s..e]),
            shingle: false,
        });
        for (a, b) in shingles(&passage[s..e]) {
            out.push(Span {
                start: (s + a) as u32,
                end: (s + b) as u32,
                key: passage_key(seed ^ SHINGLE_SEED, &passage[s + a..s + b]),
                shingle: true,
            });
        }
    }
    out
}

/// The distinct sketch keys of an article's spans ([`passage_spans`] of each passage): what
/// [`Sketch::add_keys`] counts.
pub fn keys_of<'a>(spans: impl IntoIterator<Item = &'a [Span]>) -> Vec<u64> {
    let mut keys: Vec<u64> = spans
        .into_iter()
        .flat_map(|ps| ps.iter().map(|sp| sp.key))
        .collect();
    keys.sort_unstable();
    keys.dedup();
    keys
}

/// The distinct sketch keys of an article's units and shingles; cheap to compute in
/// parallel. `passages` are whitespace-normalised (`passage::split`).
pub fn article_keys<'a>(source: &str, passages: impl IntoIterator<Item = &'a str>) -> Vec<u64> {
    let seed = source_seed(source);
    let spans: Vec<Vec<Span>> = passages
        .into_iter()
        .map(|p| passage_spans(seed, p))
        .collect();
    keys_of(spans.iter().map(Vec::as_slice))
}

/// Words per shingle.
const SHINGLE_WORDS: usize = 6;
/// Capitalised words a shingle needs (title-case headlines and names, not prose).
const SHINGLE_CAPITALS: usize = 4;
/// Units with fewer words are not cut into shingles: only long ones hold lists run together.
const SHINGLE_UNIT_WORDS: usize = 12;
/// Shingle keys are seeded apart from whole units'.
const SHINGLE_SEED: u64 = 0x5348_494e_474c_4553;

/// A source's "most popular" list or author credits often run into the article's own first
/// words on one line ("... Makeover Boone Ashworth Security The Startup That Transformed the
/// Hack-for-Hire Industry Andy Greenberg There are plenty of ..."), so the whole line is
/// unique to each page although most of it repeats across the site. Such lines are cut into
/// shingles: every run of [`SHINGLE_WORDS`] words with at least [`SHINGLE_CAPITALS`]
/// capitalised ones, in units of at least [`SHINGLE_UNIT_WORDS`] words. The byte spans (within
/// `unit`) of its shingles.
fn shingles(unit: &str) -> Vec<(usize, usize)> {
    let b = unit.as_bytes();
    // The last SHINGLE_WORDS words (start, end, capitalised), in one pass without buffers:
    // most units are prose, short or without a capitalised run, and give no shingle.
    let mut last = [(0usize, 0usize, false); SHINGLE_WORDS];
    let (mut n, mut caps) = (0usize, 0usize);
    let mut out = Vec::new();
    let mut word = |s: usize, e: usize| {
        let capital = match b.get(s) {
            Some(&c) if c < 0x80 => c.is_ascii_uppercase(),
            Some(_) => unit[s..].starts_with(|c: char| c.is_uppercase()),
            None => false,
        };
        let slot = n % SHINGLE_WORDS;
        if n >= SHINGLE_WORDS {
            caps -= usize::from(last[slot].2);
        }
        last[slot] = (s, e, capital);
        caps += usize::from(capital);
        n += 1;
        if n >= SHINGLE_WORDS && caps >= SHINGLE_CAPITALS {
            // The oldest of the window is in the slot after this one.
            out.push((last[n % SHINGLE_WORDS].0, e));
        }
    };
    // Words are separated by single spaces (passages are normalised).
    let mut start = 0;
    for i in memchr::memchr_iter(b' ', b) {
        word(start, i);
        start = i + 1;
    }
    word(start, b.len());
    if n < SHINGLE_UNIT_WORDS {
        out.clear();
    }
    out
}

/// What can stand between a title and the site's name after it ("Story | VentureBeat",
/// "Story - BBC News").
const TITLE_SEPARATORS: [&str; 5] = [" | ", " - ", " – ", " — ", " · "];
/// Title tails' keys are seeded apart from units'.
const TITLE_SEED: u64 = 0x5449_544c_4554_4149;

/// Where the last separated part of `title` starts, and its separator: `Some((s, t))` with
/// `title[t..]` the tail and `title[..s]` the title without it.
pub fn title_tail(title: &str) -> Option<(usize, usize)> {
    TITLE_SEPARATORS
        .iter()
        .filter_map(|sep| title.rfind(sep).map(|i| (i, i + sep.len())))
        .max()
        .filter(|&(s, t)| s > 0 && t < title.len())
}

/// The sketch key of a title's tail ([`title_tail`]) for a source of seed `seed`, if it has one.
pub fn title_key(seed: u64, title: &str) -> Option<u64> {
    title_tail(title)
        .map(|(_, t)| xxh3_64_with_seed(title[t..].trim().as_bytes(), seed ^ TITLE_SEED))
}

/// Units of a source held by this many of its articles are boilerplate: at least 5 (so that a
/// story syndicated a few times is not), and at least 1 in 200 of the source's articles.
pub const MIN_ARTICLES: u32 = 5;
const PER_ARTICLES: u32 = 200;
/// Counters saturate at 255; thresholds stay below.
const MAX_THRESHOLD: u32 = 200;

/// Masks the boilerplate of one source's passages (see [`Sketch::masker`]).
pub struct Masker<'a> {
    sketch: &'a Sketch,
    seed: u64,
    threshold: u32,
    none: bool,
}

impl Masker<'_> {
    /// `title` without its tail ([`title_tail`]) when the source ends that many titles with
    /// it: the site's name ("| VentureBeat", "| MIT Technology Review"), not something the
    /// article names.
    pub fn title<'t>(&self, title: &'t str) -> &'t str {
        if self.none {
            return title;
        }
        match (title_tail(title), title_key(self.seed, title)) {
            (Some((s, _)), Some(k)) if self.sketch.count(k) >= self.threshold => &title[..s],
            _ => title,
        }
    }

    /// `passage` with its boilerplate units blanked out (spaces, so byte offsets hold), and
    /// how many bytes were blanked.
    pub fn mask(&self, passage: &str) -> (Option<String>, usize) {
        if self.none {
            return (None, 0);
        }
        self.mask_spans(passage, &passage_spans(self.seed, passage))
    }

    /// [`Masker::mask`] with the passage's [`passage_spans`] worked out already (by the
    /// corpus pass).
    pub fn mask_spans(&self, passage: &str, spans: &[Span]) -> (Option<String>, usize) {
        let mut out: Option<String> = None;
        let mut blanked = 0;
        if self.none {
            return (out, blanked);
        }
        // What to blank: whole units, or the repeated shingles of a long one.
        let mut blank: Vec<(usize, usize)> = Vec::new();
        let mut unit_blanked = false;
        let mut unit_start = 0;
        for sp in spans {
            let (s, e) = (sp.start as usize, sp.end as usize);
            if !sp.shingle {
                unit_start = s;
                unit_blanked = self.sketch.count(sp.key) >= self.threshold;
                if unit_blanked {
                    blank.push((s, e));
                }
                continue;
            }
            if unit_blanked || self.sketch.count(sp.key) < self.threshold {
                continue;
            }
            match blank.last_mut() {
                Some(last) if last.1 >= s => last.1 = last.1.max(e),
                // Words of one run-on line between two repeated stretches of it are the
                // site's too (a coupon list: "... H&R Block tax software: Save 20% ..."
                // between the menu and the footer), however they vary from page to page.
                Some(last)
                    if last.0 >= unit_start && gap_words(&passage[last.1..s]) <= GAP_WORDS =>
                {
                    last.1 = e
                }
                _ => blank.push((s, e)),
            }
        }
        for (s, e) in blank {
            let o = out.get_or_insert_with(|| passage.to_string());
            // Blank whole characters: the replaced range is valid UTF-8 boundaries.
            o.replace_range(s..e, &" ".repeat(e - s));
            blanked += e - s;
        }
        (out, blanked)
    }
}

/// Most words between two repeated stretches of one unit that are taken as the site's too.
const GAP_WORDS: usize = 40;

fn gap_words(gap: &str) -> usize {
    memchr::memchr_iter(b' ', gap.as_bytes()).count()
}

/// Counts of units per source (see the module docs).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sketch {
    /// log2 of the row width.
    bits: u32,
    rows: [Vec<u8>; 2],
    /// Articles counted per source (lower-cased).
    articles: FxHashMap<String, u32>,
}

impl Sketch {
    /// A sketch for about `units` distinct units: rows twice that wide, 4 KiB to 16 MiB each.
    pub fn with_capacity(units: usize) -> Sketch {
        let bits = (units.max(1) * 2)
            .next_power_of_two()
            .trailing_zeros()
            .clamp(16, 24);
        Sketch {
            bits,
            rows: [vec![0; 1 << bits], vec![0; 1 << bits]],
            articles: FxHashMap::default(),
        }
    }

    fn slots(&self, k: u64) -> [usize; 2] {
        let mask = (1usize << self.bits) - 1;
        [(k as usize) & mask, ((k >> 32) as usize) & mask]
    }

    /// Count one article of `source` with its passages.
    pub fn add_article<'a>(&mut self, source: &str, passages: impl IntoIterator<Item = &'a str>) {
        let keys = article_keys(source, passages);
        self.add_keys(source, &keys);
    }

    /// Count one article of `source` by its [`article_keys`].
    pub fn add_keys(&mut self, source: &str, keys: &[u64]) {
        for &k in keys {
            for (row, slot) in self.slots(k).into_iter().enumerate() {
                let c = &mut self.rows[row][slot];
                *c = c.saturating_add(1);
            }
        }
        *self.articles.entry(source.to_lowercase()).or_default() += 1;
    }

    /// How many articles of its source must hold a unit for it to be boilerplate.
    pub fn threshold(&self, source: &str) -> u32 {
        let n = self
            .articles
            .get(&source.to_lowercase())
            .copied()
            .unwrap_or(0);
        (n / PER_ARTICLES).clamp(MIN_ARTICLES, MAX_THRESHOLD)
    }

    fn count(&self, k: u64) -> u32 {
        let [a, b] = self.slots(k);
        self.rows[0][a].min(self.rows[1][b]) as u32
    }

    /// `passage` with its boilerplate units blanked out (spaces, so byte offsets hold), and
    /// how many bytes were blanked.
    pub fn mask(&self, source: &str, passage: &str) -> (Option<String>, usize) {
        self.masker(source).mask(passage)
    }

    /// What masks the passages of one source (its seed and threshold worked out once).
    pub fn masker(&self, source: &str) -> Masker<'_> {
        Masker {
            sketch: self,
            seed: source_seed(source),
            threshold: self.threshold(source),
            // A source with fewer articles than the threshold has no boilerplate.
            none: self.is_empty()
                || self
                    .articles
                    .get(&source.to_lowercase())
                    .is_none_or(|&n| n < MIN_ARTICLES),
        }
    }

    /// Is the sketch empty (nothing counted)?
    pub fn is_empty(&self) -> bool {
        self.articles.is_empty()
    }

    /// The sketch as bytes: a version, the width, the per-source counts, then each row's
    /// non-zero counters (most are zero; most others are 1). Each is the gap from the previous
    /// one and its count: one byte `count << 6 | gap` when the gap is below 64 and the count
    /// 1 to 3 (nearly all), else a zero byte, the gap (LEB128) and the count byte.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(16 + self.rows[0].len() / 2);
        out.extend_from_slice(b"BYBP2");
        out.push(self.bits as u8);
        out.extend_from_slice(&(self.articles.len() as u32).to_le_bytes());
        let mut sources: Vec<_> = self.articles.iter().collect();
        sources.sort();
        for (s, n) in sources {
            out.extend_from_slice(&(s.len() as u32).to_le_bytes());
            out.extend_from_slice(s.as_bytes());
            out.extend_from_slice(&n.to_le_bytes());
        }
        for r in &self.rows {
            // One pass over the row: the count of non-zero cells is filled in after it.
            let at = out.len();
            out.extend_from_slice(&[0; 4]);
            let mut nonzero = 0u32;
            let mut last = 0usize;
            for_nonzero(r, |i, c| {
                nonzero += 1;
                let gap = i - last;
                if gap < 64 && c <= 3 {
                    out.push(c << 6 | gap as u8);
                } else {
                    out.push(0);
                    put_varint(&mut out, gap as u64);
                    out.push(c);
                }
                last = i;
            });
            out[at..at + 4].copy_from_slice(&nonzero.to_le_bytes());
        }
        out
    }

    /// The sketch [`Sketch::to_bytes`] wrote (or the dense rows of the first version), or
    /// `None` when the bytes are not one.
    pub fn from_bytes(b: &[u8]) -> Option<Sketch> {
        let (sparse, rest) = match (b.strip_prefix(b"BYBP2"), b.strip_prefix(b"BYBP1")) {
            (Some(r), _) => (true, r),
            (None, Some(r)) => (false, r),
            _ => return None,
        };
        let (&bits, mut rest) = rest.split_first()?;
        if !(12..=24).contains(&bits) {
            return None;
        }
        let mut take = |n: usize| -> Option<&[u8]> {
            let (a, r) = rest.split_at_checked(n)?;
            rest = r;
            Some(a)
        };
        let n = u32::from_le_bytes(take(4)?.try_into().ok()?);
        let mut articles = FxHashMap::default();
        for _ in 0..n {
            let len = u32::from_le_bytes(take(4)?.try_into().ok()?) as usize;
            let s = std::str::from_utf8(take(len)?).ok()?.to_string();
            let c = u32::from_le_bytes(take(4)?.try_into().ok()?);
            articles.insert(s, c);
        }
        let width = 1usize << bits;
        let mut rows = [Vec::new(), Vec::new()];
        for row in &mut rows {
            if !sparse {
                *row = take(width)?.to_vec();
                continue;
            }
            *row = vec![0; width];
            let nonzero = u32::from_le_bytes(take(4)?.try_into().ok()?);
            let mut at = 0usize;
            for k in 0..nonzero {
                let first = take(1)?[0];
                let (gap, c) = if first >> 6 > 0 {
                    ((first & 63) as usize, first >> 6)
                } else {
                    let gap = get_varint(&mut take)? as usize;
                    (gap, take(1)?[0])
                };
                // Gaps after the first are at least 1: positions strictly increase.
                if k > 0 && gap == 0 {
                    return None;
                }
                at = at.checked_add(gap)?;
                if at >= width || c == 0 {
                    return None;
                }
                row[at] = c;
            }
        }
        if !rest.is_empty() {
            return None;
        }
        Some(Sketch {
            bits: bits as u32,
            rows,
            articles,
        })
    }
}

/// Call `f(index, count)` for each non-zero cell of a row, in order, eight cells at a time: a
/// row is millions of cells, most of them zero, and it is written at every commit that
/// learnt something (byte by byte this was 11% of a run adding one file to 10,000).
fn for_nonzero(row: &[u8], mut f: impl FnMut(usize, u8)) {
    const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let chunks = row.chunks_exact(8);
    let tail = chunks.remainder();
    for (ci, ch) in chunks.enumerate() {
        let w = u64::from_le_bytes(ch.try_into().unwrap_or([0; 8]));
        if w == 0 {
            continue;
        }
        // The high bit of each non-zero byte: its low seven bits carry into it, or it is set.
        let mut m = ((w & LOW7).wrapping_add(LOW7) | w) & HIGH;
        while m != 0 {
            let b = (m.trailing_zeros() / 8) as usize;
            f(ci * 8 + b, ch[b]);
            m &= m - 1;
        }
    }
    let base = row.len() - tail.len();
    for (i, &c) in tail.iter().enumerate() {
        if c > 0 {
            f(base + i, c);
        }
    }
}

fn put_varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

fn get_varint<'a>(take: &mut impl FnMut(usize) -> Option<&'a [u8]>) -> Option<u64> {
    let mut v = 0u64;
    for shift in (0..64).step_by(7) {
        let b = take(1)?[0];
        v |= u64::from(b & 0x7f) << shift;
        if b < 0x80 {
            return Some(v);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(us: &str) -> Vec<&str> {
        units(us).into_iter().map(|(s, e)| &us[s..e]).collect()
    }

    #[test]
    fn units_are_lines_sentences_and_bar_items() {
        assert_eq!(
            texts("Join us in San Francisco on July 11. Register now for free!\nShare on LinkedIn | Share on Facebook • Email this story"),
            vec![
                "Join us in San Francisco on July 11.",
                "Register now for free!",
                "Share on LinkedIn",
                "Share on Facebook",
                "Email this story"
            ]
        );
        // A quotation's end ends the sentence too.
        assert_eq!(
            texts("It was “not the other way around.” For AI coverage, send tips to Jo Roe."),
            vec![
                "It was “not the other way around.”",
                "For AI coverage, send tips to Jo Roe."
            ]
        );
        // Abbreviations inside a sentence and short bits are not cuts or units.
        assert_eq!(
            texts("Mr. smith met U.S. officials. Ok."),
            vec!["Mr. smith met U.S. officials."]
        );
    }

    #[test]
    fn a_title_tail_the_source_repeats_is_its_name() {
        let mut sk = Sketch::with_capacity(100);
        let seed = source_seed("site.example");
        for i in 0..6 {
            let title = format!("Acme Robotics hires {i} | Site Weekly");
            let mut keys = article_keys("site.example", ["A story of its own, told once."]);
            keys.extend(title_key(seed, &title));
            sk.add_keys("site.example", &keys);
        }
        let m = sk.masker("site.example");
        assert_eq!(
            m.title("Jane Roe joins Acme | Site Weekly"),
            "Jane Roe joins Acme"
        );
        // A tail held by one title, or no tail at all, stays.
        assert_eq!(m.title("Rust 2.0 | a review"), "Rust 2.0 | a review");
        assert_eq!(m.title("Site Weekly"), "Site Weekly");
        assert_eq!(title_tail("| Site Weekly"), None);
        assert_eq!(title_tail("A - B – C"), Some((5, 10)));
        // Another source's titles are its own.
        assert_eq!(
            sk.masker("other.example").title("Story | Site Weekly"),
            "Story | Site Weekly"
        );
    }

    #[test]
    fn repeated_units_of_a_source_are_masked_and_others_kept() {
        let banner = "Join leaders in San Francisco on July 11 for our AI summit.";
        let mut sk = Sketch::with_capacity(100);
        for i in 0..6 {
            let story = format!("Story {i} says Acme Robotics hired Jane Roe in Tartu.");
            sk.add_article("site.example", [banner, story.as_str()]);
        }
        // The banner once on another site: not that site's boilerplate.
        sk.add_article("other.example", [banner]);
        let p = format!("{banner} Acme Robotics said so.");
        let (masked, n) = sk.mask("Site.Example", &p);
        let masked = masked.expect("the banner is masked");
        assert_eq!(masked.len(), p.len());
        assert_eq!(n, banner.len());
        assert!(masked.trim_start().starts_with("Acme Robotics said so."));
        assert_eq!(sk.mask("other.example", &p), (None, 0));
        // A story held by one article only is never masked.
        let (m, _) = sk.mask(
            "site.example",
            "Story 3 says Acme Robotics hired Jane Roe in Tartu.",
        );
        assert!(m.is_none());
    }

    /// Shingles by the definition, word list first.
    fn shingles_by_definition(unit: &str) -> Vec<(usize, usize)> {
        let mut at = 0;
        let words: Vec<(usize, usize)> = unit
            .split(' ')
            .map(|w| {
                at += w.len() + 1;
                (at - w.len() - 1, at - 1)
            })
            .collect();
        if words.len() < SHINGLE_UNIT_WORDS {
            return Vec::new();
        }
        words
            .windows(SHINGLE_WORDS)
            .filter(|w| {
                w.iter()
                    .filter(|&&(s, _)| unit[s..].starts_with(char::is_uppercase))
                    .count()
                    >= SHINGLE_CAPITALS
            })
            .map(|w| (w[0].0, w[SHINGLE_WORDS - 1].1))
            .collect()
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]
        #[test]
        fn shingles_of_any_unit(words in proptest::collection::vec("[aAÉé]{1,3}", 0..30)) {
            let unit = words.join(" ");
            proptest::prop_assert_eq!(shingles(&unit), shingles_by_definition(&unit));
        }
    }

    #[test]
    fn lists_run_into_the_text_are_masked_by_their_repeated_shingles() {
        let popular = "Popular Sam Altman Leaves Acme Labs Jo Roe Gear The Quiet Electric \
                       Bike Gets a Makeover Ann Lee";
        let mut sk = Sketch::with_capacity(1000);
        let firms = ["Zed", "Yak", "Xu", "Wex", "Vim", "Ulm", "Tor", "Sol"];
        let stories: Vec<String> = firms
            .iter()
            .map(|f| format!("{popular} Story of {f} Corp: it hired {f} Park in May."))
            .collect();
        for st in &stories {
            sk.add_article("site.example", [st.as_str()]);
        }
        let (masked, n) = sk.mask("site.example", &stories[3]);
        let masked = masked.expect("the list is masked");
        assert!(
            !masked.contains("Sam Altman") && !masked.contains("Ann Lee"),
            "{masked}"
        );
        assert!(masked.contains("Wex Corp: it hired Wex Park"), "{masked}");
        assert!(n >= popular.len() - 10, "{n}");
        // Prose and short units are never cut into shingles.
        assert!(shingles("Jo Roe said the plan was fine.").is_empty());
        assert!(shingles(&"the plan was fine and it rose again ".repeat(3)).is_empty());
    }

    #[test]
    fn words_between_two_repeated_stretches_of_a_line_are_the_sites() {
        // A menu, then coupons that change from page to page, then a footer: one line.
        let menu = "Staff Writer Topics Shopping PCs Accessories Gear Team Picks WIRED COUPONS";
        let footer = "Facebook X Pinterest YouTube Instagram Tiktok More From WIRED Subscribe";
        let mut sk = Sketch::with_capacity(1000);
        let deals = [
            "Vexo", "Quml", "Brax", "Tolo", "Iyra", "Pazu", "Nerv", "Ostu",
        ];
        let pages: Vec<String> = deals
            .iter()
            .map(|d| {
                format!("{menu} {d} coupon: save 20% on {d} Tax software, no code needed {footer}")
            })
            .collect();
        for p in &pages {
            sk.add_article("site.example", [p.as_str()]);
        }
        let fresh = format!(
            "{menu} an extra $15 off with Zuvo Tax, a coupon for all tax services {footer}"
        );
        let (masked, _) = sk.mask("site.example", &fresh);
        let masked = masked.expect("the menu and footer are masked");
        assert!(!masked.contains("Zuvo Tax"), "{masked}");
        // Too many words between them: the line's own text, kept.
        let long =
            "and the company said it would open a new plant near the river next year ".repeat(4);
        let fresh = format!("{menu} Zuvo Tax {long}{footer}");
        let (masked, _) = sk.mask("site.example", &fresh);
        assert!(masked.expect("masked").contains("Zuvo Tax"));
    }

    #[test]
    fn keys_ignore_how_whitespace_was_written() {
        // Passages come whitespace-normalised from `passage::split`: the same words however
        // they were spaced give the same keys; other words other keys.
        let keys = |t: &str| {
            let ps = crate::passage::split(t);
            article_keys("a.example", ps.iter().map(String::as_str))
        };
        assert_eq!(
            keys("Join us in Paris for the summit."),
            keys("Join  us\tin\u{a0}Paris for\u{2003}the summit.")
        );
        assert_ne!(
            keys("Join us in Paris for the summit."),
            keys("Join us in Rome for the summit.")
        );
    }

    #[test]
    fn thresholds_grow_with_the_source() {
        let mut sk = Sketch::with_capacity(10);
        for _ in 0..3000 {
            sk.add_article(
                "big.example",
                ["Every page of this site says this sentence."],
            );
        }
        assert_eq!(sk.threshold("big.example"), 15);
        assert_eq!(sk.threshold("unknown.example"), MIN_ARTICLES);
    }

    proptest::proptest! {
        /// Eight cells at a time finds what a byte-by-byte scan finds, in order.
        #[test]
        fn nonzero_cells_are_found_in_order(
            row in proptest::collection::vec(
                proptest::prop_oneof![3 => proptest::strategy::Just(0u8), 1 => 0u8..=255],
                0..200,
            ),
        ) {
            let mut got = Vec::new();
            for_nonzero(&row, |i, c| got.push((i, c)));
            let want: Vec<(usize, u8)> = row
                .iter()
                .enumerate()
                .filter(|(_, &c)| c > 0)
                .map(|(i, &c)| (i, c))
                .collect();
            proptest::prop_assert_eq!(got, want);
        }
    }

    #[test]
    fn bytes_round_trip_and_garbage_is_refused() {
        let mut sk = Sketch::with_capacity(10);
        sk.add_article("a.example", ["Sign up for our daily newsletter today."]);
        let b = sk.to_bytes();
        assert_eq!(Sketch::from_bytes(&b), Some(sk.clone()));
        assert_eq!(Sketch::from_bytes(&b[..b.len() - 1]), None);
        assert_eq!(Sketch::from_bytes(b"BYBP1\x10garbage"), None);
        assert_eq!(Sketch::from_bytes(b"BYBP1\x30garbage"), None);
        assert_eq!(Sketch::from_bytes(b"BYBP2\x10garbage"), None);
        // Mostly zeros: far smaller than the two dense rows (2 x 64 KiB here).
        assert!(b.len() < 100, "{} bytes", b.len());
        // The first version's dense rows still read.
        let mut v1 = b"BYBP1".to_vec();
        v1.push(sk.bits as u8);
        v1.extend_from_slice(&1u32.to_le_bytes());
        v1.extend_from_slice(&9u32.to_le_bytes());
        v1.extend_from_slice(b"a.example");
        v1.extend_from_slice(&1u32.to_le_bytes());
        for r in &sk.rows {
            v1.extend_from_slice(r);
        }
        assert_eq!(Sketch::from_bytes(&v1), Some(sk));
        assert_eq!(Sketch::from_bytes(b""), None);
        // Dense rows (gaps below 64) with counts from 1 to 255 take both encodings.
        let mut sk = Sketch::with_capacity(10);
        for i in 0..300u64 {
            let keys: Vec<u64> = (0..400u64).filter(|k| k % 300 <= i).collect();
            sk.add_keys("b.example", &keys);
        }
        let b = sk.to_bytes();
        assert!(sk.rows[0].contains(&255) && sk.rows[0].contains(&2));
        assert_eq!(Sketch::from_bytes(&b), Some(sk));
    }
}
