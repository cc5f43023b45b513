//! Near-duplicate texts, pure: an article's words in overlapping runs of `SHINGLE_WORDS`
//! (shingles), summarised by a one-permutation MinHash signature (`SLOTS` minimums, one hash
//! per shingle, empty slots filled from their neighbours), from which two texts' resemblance
//! (Jaccard of their shingle sets) and containment (the share of the smaller one's shingles the
//! other holds: a page with comments appended still contains the story) are estimated.
//! Computed once per article at index time; compared at search time to collapse rewritten or
//! re-scraped copies of one story.

/// Words per shingle.
pub const SHINGLE_WORDS: usize = 5;
/// Minimums kept per signature.
pub const SLOTS: usize = 64;

/// When two articles are the same story (a re-scrape, a syndicated copy, a wire re-issue)
/// rather than two stories with similar words (a follow-up, a templated notice, a roundup).
/// The thresholds were chosen on the tuning half of the labelled pairs in `benches/dedup/`
/// (the highest recall at precision >= 0.97; `examples/near_pairs.rs`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SameStory {
    /// The texts' resemblance (estimated Jaccard of their shingles) at least this.
    pub resemblance: f32,
    /// Days apart at most this, when both are dated (a notice re-issued a week later with
    /// the same text is another notice).
    pub days: i64,
    /// Title words in common (Jaccard) at least this: a templated page under another title
    /// is another page.
    pub title: f32,
}

/// The rule search uses.
pub const SAME_STORY: SameStory = SameStory {
    resemblance: 0.9,
    days: 1,
    title: 0.5,
};

impl SameStory {
    /// Do two articles with these measures tell the same story?
    pub fn holds(&self, resemblance: f32, title: f32, days: Option<i64>) -> bool {
        resemblance >= self.resemblance
            && title >= self.title
            && days.is_none_or(|d| d.abs() <= self.days)
    }

    /// The most slots two signatures may differ in and still reach `resemblance`.
    pub fn max_unequal(&self) -> usize {
        (((1.0 - self.resemblance) * SLOTS as f32) + 1e-3)
            .floor()
            .max(0.0) as usize
    }
}

/// A title's words (runs of letters and digits, lower-cased) as hashes, sorted, without
/// repeats: 8 bytes a word, for the indexer to keep per article.
pub fn title_words(title: &str) -> Vec<u64> {
    let mut words = word_hashes([title]);
    words.sort_unstable();
    words.dedup();
    words
}

/// Jaccard of two `title_words` (1 when both are empty: two untitled articles do not differ
/// by their titles).
pub fn word_jaccard(a: &[u64], b: &[u64]) -> f32 {
    if a.is_empty() && b.is_empty() {
        return 1.0;
    }
    let common = a.iter().filter(|w| b.binary_search(w).is_ok()).count();
    common as f32 / (a.len() + b.len() - common) as f32
}

/// An article's MinHash signature and its number of distinct shingles (estimated).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signature {
    pub mins: [u32; SLOTS],
    /// Shingles in the text (with repeats; an upper bound of the distinct ones).
    pub shingles: u32,
}

/// 64-bit mix (the finaliser of SplitMix64): spreads a word hash over all bits.
fn mix(mut x: u64) -> u64 {
    x ^= x >> 30;
    x = x.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x ^= x >> 27;
    x = x.wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

/// Hashes of the lower-cased words (runs of letters and digits) of `texts`, in order.
fn word_hashes<'a>(texts: impl IntoIterator<Item = &'a str>) -> Vec<u64> {
    let mut out = Vec::new();
    for_each_word_hash(texts, |h| out.push(h));
    out
}

/// Call `f` with the hash (xxh3 of the lower-cased UTF-8) of every word (run of letters and
/// digits) of `texts`, in order; a word does not run from one text into the next. A run of
/// ASCII letters and digits already in lower case is hashed where it lies; any other word is
/// lower-cased into a buffer first (this is most of the signature's cost: see BENCHMARKS.md,
/// issue 19).
fn for_each_word_hash<'a>(texts: impl IntoIterator<Item = &'a str>, mut f: impl FnMut(u64)) {
    let hash = xxhash_rust::xxh3::xxh3_64;
    let mut word: Vec<u8> = Vec::new();
    for text in texts {
        let b = text.as_bytes();
        let mut i = 0;
        while i < b.len() {
            // A run of ASCII letters and digits, then what ends it.
            let start = i;
            let mut upper = false;
            while i < b.len() && b[i].is_ascii_alphanumeric() {
                upper |= b[i].is_ascii_uppercase();
                i += 1;
            }
            if i == b.len() || b[i].is_ascii() {
                // The word (if any) ends here, at an ASCII sign or the text's end.
                if start < i {
                    if upper || !word.is_empty() {
                        word.extend(b[start..i].iter().map(u8::to_ascii_lowercase));
                        f(hash(&word));
                        word.clear();
                    } else {
                        f(hash(&b[start..i]));
                    }
                } else if !word.is_empty() {
                    f(hash(&word));
                    word.clear();
                }
                i += 1;
                continue;
            }
            // A non-ASCII character: the word goes on through the buffer.
            word.extend(b[start..i].iter().map(u8::to_ascii_lowercase));
            let c = text[i..].chars().next().unwrap_or(' ');
            if c.is_alphanumeric() {
                let mut buf = [0u8; 4];
                for l in c.to_lowercase() {
                    word.extend_from_slice(l.encode_utf8(&mut buf).as_bytes());
                }
            } else if !word.is_empty() {
                f(hash(&word));
                word.clear();
            }
            i += c.len_utf8();
        }
        if !word.is_empty() {
            f(hash(&word));
            word.clear();
        }
    }
}

/// The signature of an article's texts (title and passages, or the body); `None` when they
/// hold fewer than `SHINGLE_WORDS` words.
pub fn signature<'a>(texts: impl IntoIterator<Item = &'a str>) -> Option<Signature> {
    let mut mins = [u32::MAX; SLOTS];
    let mut filled = [false; SLOTS];
    // The last `SHINGLE_WORDS` word hashes, oldest first once full.
    let mut window = [0u64; SHINGLE_WORDS];
    let mut words = 0usize;
    for_each_word_hash(texts, |x| {
        window.rotate_left(1);
        window[SHINGLE_WORDS - 1] = x;
        words += 1;
        if words < SHINGLE_WORDS {
            return;
        }
        add_shingle(&mut mins, &mut filled, &window);
    });
    if words < SHINGLE_WORDS {
        return None;
    }
    densify(&mut mins, &filled);
    Some(Signature {
        mins,
        shingles: (words - SHINGLE_WORDS + 1) as u32,
    })
}

/// Count one shingle (its words' hashes, in order) into the signature's slots.
fn add_shingle(mins: &mut [u32; SLOTS], filled: &mut [bool; SLOTS], words: &[u64]) {
    // Order matters: rotate each word's hash by its place in the shingle.
    let h = mix(words
        .iter()
        .enumerate()
        .fold(0u64, |acc, (i, &x)| acc ^ x.rotate_left(13 * i as u32)));
    let slot = (h >> 58) as usize;
    mins[slot] = mins[slot].min(h as u32);
    filled[slot] = true;
}

/// Fill each empty slot from the next filled one (cyclically), marked by its distance, so that
/// two texts' empty slots agree exactly when the slots they copy from do (Shrivastava and Li,
/// "Densifying one permutation hashing", 2014, the rotation scheme).
fn densify(mins: &mut [u32; SLOTS], filled: &[bool; SLOTS]) {
    if filled.iter().all(|&f| f) {
        return;
    }
    let from = *mins;
    for i in 0..SLOTS {
        if filled[i] {
            continue;
        }
        for d in 1..SLOTS {
            let j = (i + d) % SLOTS;
            if filled[j] {
                mins[i] = (mix(u64::from(from[j]) ^ ((d as u64) << 32)) as u32) | 1;
                break;
            }
        }
    }
}

impl Signature {
    /// Estimated Jaccard similarity of the two texts' shingle sets (0 to 1).
    pub fn resemblance(&self, other: &Signature) -> f32 {
        let same = self
            .mins
            .iter()
            .zip(&other.mins)
            .filter(|(a, b)| a == b)
            .count();
        same as f32 / SLOTS as f32
    }

    /// Estimated share of the smaller text's shingles that the other holds (0 to 1): from
    /// the resemblance J and the sizes, |A ∩ B| = J (|A| + |B|) / (1 + J).
    pub fn containment(&self, other: &Signature) -> f32 {
        let j = self.resemblance(other);
        let (a, b) = (self.shingles as f32, other.shingles as f32);
        let common = j * (a + b) / (1.0 + j);
        (common / a.min(b).max(1.0)).min(1.0)
    }

    /// Keys for finding candidates without comparing every pair: the slots cut into
    /// `max_unequal + 1` bands, one key per band. Two signatures that differ in at most
    /// `max_unequal` slots leave at least one band untouched, so they always share a key
    /// (pigeonhole: no candidate the rule would accept is missed).
    pub fn keys(&self, max_unequal: usize) -> Vec<u64> {
        let bands = (max_unequal + 1).min(SLOTS);
        let width = SLOTS / bands;
        (0..bands)
            .map(|b| {
                self.mins[b * width..(b + 1) * width]
                    .iter()
                    .fold(b as u64, |acc, &m| mix(acc ^ u64::from(m)))
            })
            .collect()
    }

    /// The signature as `1 + SLOTS / 2` numbers (the shingle count, then two slots per number),
    /// for a multi-valued fast column.
    pub fn to_u64s(&self) -> Vec<u64> {
        std::iter::once(u64::from(self.shingles))
            .chain(
                self.mins
                    .chunks(2)
                    .map(|p| u64::from(p[0]) << 32 | u64::from(p[1])),
            )
            .collect()
    }

    /// The inverse of `to_u64s`; `None` for another count of numbers.
    pub fn from_u64s(values: impl IntoIterator<Item = u64>) -> Option<Signature> {
        let mut it = values.into_iter();
        let shingles = it.next()? as u32;
        let mut mins = [0u32; SLOTS];
        for k in 0..SLOTS / 2 {
            let v = it.next()?;
            mins[2 * k] = (v >> 32) as u32;
            mins[2 * k + 1] = v as u32;
        }
        it.next().is_none().then_some(Signature { mins, shingles })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testutil::XorShift;

    /// The plain definition: lower-case each character, cut at anything that is not a
    /// letter or digit.
    fn word_hashes_by_chars<'a>(texts: impl IntoIterator<Item = &'a str>) -> Vec<u64> {
        let mut out = Vec::new();
        let mut word = String::new();
        for text in texts {
            for c in text.chars().chain(std::iter::once(' ')) {
                if c.is_alphanumeric() {
                    word.extend(c.to_lowercase());
                } else if !word.is_empty() {
                    out.push(xxhash_rust::xxh3::xxh3_64(word.as_bytes()));
                    word.clear();
                }
            }
        }
        out
    }

    proptest::proptest! {
        /// The fast path (ASCII words hashed in place) gives the plain definition's hashes,
        /// whatever the mix of cases, scripts, digits and signs.
        #[test]
        fn word_hashes_match_the_plain_definition(
            texts in proptest::collection::vec("[a-zA-Z0-9 .,'\\-éÉßİΣσﬁ٣\u{301}\t\n]{0,40}", 0..4)
        ) {
            let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
            let words = word_hashes_by_chars(refs.iter().copied());
            proptest::prop_assert_eq!(&word_hashes(refs.iter().copied()), &words);
            // And the rolling window gives the signature of the words' windows.
            let expected = (words.len() >= SHINGLE_WORDS).then(|| {
                let mut mins = [u32::MAX; SLOTS];
                let mut filled = [false; SLOTS];
                for w in words.windows(SHINGLE_WORDS) {
                    add_shingle(&mut mins, &mut filled, w);
                }
                densify(&mut mins, &filled);
                Signature { mins, shingles: (words.len() - SHINGLE_WORDS + 1) as u32 }
            });
            proptest::prop_assert_eq!(signature(refs.iter().copied()), expected);
        }
    }

    /// A text of `n` made-up words, reproducible from `seed`.
    fn text(seed: u64, n: usize) -> String {
        let mut rng = XorShift(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
        (0..n)
            .map(|_| format!("w{}", rng.next() % 5000))
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn copies_resemble_fully_and_strangers_not_at_all() {
        let a = text(1, 800);
        let s = signature([a.as_str()]).unwrap();
        // Case, punctuation and line breaks do not matter.
        let shouted = a.to_uppercase().replace(' ', ",\n ");
        assert_eq!(s.resemblance(&signature([shouted.as_str()]).unwrap()), 1.0);
        let b = text(2, 800);
        assert!(s.resemblance(&signature([b.as_str()]).unwrap()) < 0.1);
        assert!(signature(["too few words here"]).is_none());
    }

    #[test]
    fn resemblance_estimates_the_shared_share() {
        // Two texts sharing their first 600 of 800 words: about 600 / 1000 shingles shared.
        let common = text(3, 600);
        let a = format!("{common} {}", text(4, 200));
        let b = format!("{common} {}", text(5, 200));
        let (sa, sb) = (
            signature([a.as_str()]).unwrap(),
            signature([b.as_str()]).unwrap(),
        );
        let j = sa.resemblance(&sb);
        assert!((0.45..0.75).contains(&j), "{j}");
        // A page with as many words of comments appended: half the shingles, but it holds
        // the whole story.
        let with_comments = format!("{a} {}", text(6, 800));
        let sc = signature([with_comments.as_str()]).unwrap();
        assert!(sa.resemblance(&sc) < 0.7, "{}", sa.resemblance(&sc));
        assert!(sa.containment(&sc) > 0.85, "{}", sa.containment(&sc));
        assert!(sa.containment(&signature([text(7, 800).as_str()]).unwrap()) < 0.15);
    }

    #[test]
    fn keys_never_miss_a_pair_within_the_bound_and_numbers_round_trip() {
        let a = text(8, 1000);
        let sa = signature([a.as_str()]).unwrap();
        let stranger = signature([text(9, 1000).as_str()]).unwrap();
        for max_unequal in [0, 3, 6, 12] {
            // Every way of spoiling `max_unequal` slots (spread, or bunched at the start)
            // leaves a shared key.
            for spread in [1, 7, 9] {
                let mut sb = sa.clone();
                for k in 0..max_unequal {
                    let slot = (k * spread) % SLOTS;
                    sb.mins[slot] ^= 0xdead_beef;
                }
                let kb = sb.keys(max_unequal);
                assert!(
                    sa.keys(max_unequal).iter().zip(&kb).any(|(x, y)| x == y),
                    "{max_unequal} {spread}"
                );
            }
            let ks = stranger.keys(max_unequal);
            assert!(!sa.keys(max_unequal).iter().zip(&ks).any(|(x, y)| x == y));
        }
        assert_eq!(Signature::from_u64s(sa.to_u64s()), Some(sa.clone()));
        assert_eq!(Signature::from_u64s(sa.to_u64s().into_iter().skip(1)), None);
        // A short text leaves slots empty: filled the same way in two copies.
        let short = signature(["one two three four five six seven"]).unwrap();
        assert_eq!(short.resemblance(&short.clone()), 1.0);
    }

    #[test]
    fn the_same_story_rule_weighs_text_time_and_title() {
        let rule = SameStory {
            resemblance: 0.9,
            days: 1,
            title: 0.5,
        };
        assert_eq!(rule.max_unequal(), 6);
        assert!(rule.holds(0.95, 0.6, Some(1)));
        assert!(
            rule.holds(0.95, 0.6, None),
            "undated pages: time says nothing"
        );
        assert!(rule.holds(0.95, 0.6, Some(-1)));
        assert!(!rule.holds(0.85, 1.0, Some(0)), "too different a text");
        assert!(
            !rule.holds(1.0, 1.0, Some(7)),
            "the same notice a week later"
        );
        assert!(
            !rule.holds(1.0, 0.4, None),
            "a templated page under another title"
        );
        let t = title_words("Nvidia's Arm deal: NVIDIA, arm and more");
        assert_eq!(t, title_words("and arm deal more nvidia s"));
        assert_eq!(t.len(), 6);
        let u = title_words("Nvidia Arm deal collapses");
        assert!((word_jaccard(&t, &u) - 3.0 / 7.0).abs() < 1e-6);
        assert_eq!(word_jaccard(&[], &[]), 1.0);
        assert_eq!(word_jaccard(&t, &[]), 0.0);
    }
}
