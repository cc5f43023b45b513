//! byline's `en_stem` analyser: tantivy's (simple tokenizer, tokens over 40 bytes dropped,
//! lower-cased, English Snowball stemmer), with the stemmer's answers cached.
//!
//! News text repeats its words (16,000 forms make 97% of lostflux's tokens), and the Snowball
//! stemmer was a fifth of indexing CPU there: a small cache per analyser ([`StemCache`])
//! answers most tokens instead, halving what stemming costs. The stems are exactly the
//! stemmer's (same `frostem` crate and algorithm as tantivy's `Stemmer`; the tests compare
//! token for token), so an index written with either analyser reads with the other.

use std::borrow::Cow;

use tantivy::tokenizer::{
    LowerCaser, RemoveLongFilter, SimpleTokenizer, TextAnalyzer, Token, TokenFilter, TokenStream,
    Tokenizer,
};

/// The name byline's text fields use (tantivy's default analyser of that name is replaced).
pub const EN_STEM: &str = "en_stem";

/// What the analyser is, recorded in each index (`disk::Marker`): the stemmer crate's exact
/// version (pinned in Cargo.toml) and algorithm, and this module's own rules. Change it with
/// either, so that an index written with other stems asks for `--rebuild` instead of missing
/// words.
pub const ANALYZER: &str = "simple, long>40 dropped, lowercase, frostem =1.20260821.8 english";

/// The analyser of byline's stemmed text fields, for indexing, queries and highlighting.
pub fn en_stem() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .filter(CachedStemmer)
        .build()
}

/// The English stemmer as a token filter, remembering its recent answers.
#[derive(Clone, Copy, Debug)]
pub struct CachedStemmer;

impl TokenFilter for CachedStemmer {
    type Tokenizer<T: Tokenizer> = CachedStemmerFilter<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> CachedStemmerFilter<T> {
        CachedStemmerFilter {
            inner: tokenizer,
            stemmer: frostem::Stemmer::new(frostem::Algorithm::English),
            cache: StemCache::default(),
        }
    }
}

pub struct CachedStemmerFilter<T> {
    inner: T,
    stemmer: frostem::Stemmer,
    cache: StemCache,
}

/// A clone starts with an empty cache: tantivy clones an analyser for each segment writer and
/// each query, and the highlighter one per passage.
impl<T: Clone> Clone for CachedStemmerFilter<T> {
    fn clone(&self) -> Self {
        CachedStemmerFilter {
            inner: self.inner.clone(),
            stemmer: self.stemmer,
            cache: StemCache::default(),
        }
    }
}

impl<T: Tokenizer> Tokenizer for CachedStemmerFilter<T> {
    type TokenStream<'a> = CachedStemmerTokenStream<'a, T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        CachedStemmerTokenStream {
            tail: self.inner.token_stream(text),
            stemmer: self.stemmer,
            cache: &mut self.cache,
        }
    }
}

pub struct CachedStemmerTokenStream<'a, T> {
    tail: T,
    stemmer: frostem::Stemmer,
    cache: &'a mut StemCache,
}

impl<T: TokenStream> TokenStream for CachedStemmerTokenStream<'_, T> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        let token = self.tail.token_mut();
        let stemmer = self.stemmer;
        self.cache
            .stem_in_place(&mut token.text, |w| stemmer.stem(w));
        true
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}

/// Words of at most this many bytes are cached (99.9% of the words of lostflux).
const WORD_BYTES: usize = 16;
/// Sets of two entries, one 64-byte cache line each: 512 KiB, where a hash map of boxed
/// strings spent most of its time waiting for memory (two dependent cache misses per token).
const SETS: usize = 1 << 13;
/// An analyser allocates its cache only after this many tokens: queries and highlighted
/// passages (an analyser clone each) stay cheap.
const TOKENS_BEFORE_CACHING: u32 = 4096;

/// A two-way set-associative cache, word → stem, both stored inline as zero-padded bytes
/// (tokens never hold a NUL: the tokenizer keeps letters and digits only). Measured on
/// lostflux's words: 95% of tokens answered from it.
#[derive(Default)]
pub struct StemCache {
    sets: Option<Box<[Set]>>,
    seen: u32,
}

#[derive(Clone, Copy, Default)]
#[repr(align(64))]
struct Set([Entry; 2]);

#[derive(Clone, Copy, Default)]
struct Entry {
    word: u128,
    stem: u128,
}

/// `s` zero-padded to 16 bytes, little-endian; `None` if longer or empty.
fn pack(s: &str) -> Option<u128> {
    let b = s.as_bytes();
    if b.is_empty() || b.len() > WORD_BYTES {
        return None;
    }
    let mut buf = [0u8; WORD_BYTES];
    buf[..b.len()].copy_from_slice(b);
    Some(u128::from_le_bytes(buf))
}

/// Append the bytes of a packed string to `out`.
fn unpack_into(packed: u128, out: &mut String) {
    let len = WORD_BYTES - (packed.leading_zeros() / 8) as usize;
    let bytes = packed.to_le_bytes();
    // Packed from a `&str` whole, so always UTF-8.
    out.push_str(std::str::from_utf8(&bytes[..len]).unwrap_or_default());
}

impl StemCache {
    /// Replace `word` by its stem, from the cache or from `stem`.
    fn stem_in_place(&mut self, word: &mut String, stem: impl Fn(&str) -> Cow<'_, str>) {
        let sets = match (&mut self.sets, pack(word)) {
            (Some(sets), Some(key)) => Some((sets, key)),
            (None, Some(_)) => {
                self.seen += 1;
                if self.seen >= TOKENS_BEFORE_CACHING {
                    self.sets = Some(vec![Set::default(); SETS].into_boxed_slice());
                }
                None
            }
            (_, None) => None,
        };
        let Some((sets, key)) = sets else {
            if let Cow::Owned(s) = stem(word) {
                *word = s;
            }
            return;
        };
        let h = (key as u64 ^ (key >> 64) as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        let set = &mut sets[(h >> (64 - SETS.trailing_zeros())) as usize].0;
        let found = if set[0].word == key {
            set[0].stem
        } else if set[1].word == key {
            set.swap(0, 1);
            set[0].stem
        } else {
            let stemmed = stem(word);
            match pack(&stemmed) {
                Some(s) => {
                    set[1] = set[0];
                    set[0] = Entry { word: key, stem: s };
                }
                None => {
                    if let Cow::Owned(s) = stemmed {
                        *word = s;
                    }
                    return;
                }
            }
            set[0].stem
        };
        if found != key {
            word.clear();
            unpack_into(found, word);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    type Token4 = (String, usize, usize, usize);

    fn drain(mut s: impl TokenStream) -> Vec<Token4> {
        let mut out = Vec::new();
        while s.advance() {
            let t = s.token();
            out.push((t.text.clone(), t.offset_from, t.offset_to, t.position));
        }
        out
    }

    fn tokens<T: Tokenizer>(a: &mut T, text: &str) -> Vec<Token4> {
        drain(a.token_stream(text))
    }

    fn analysed(a: &mut TextAnalyzer, text: &str) -> Vec<Token4> {
        drain(a.token_stream(text))
    }

    fn tantivys() -> TextAnalyzer {
        tantivy::tokenizer::TokenizerManager::default()
            .get("en_stem")
            .expect("tantivy registers en_stem")
    }

    /// [`en_stem`]'s chain, unboxed, so that a test can see whether its cache is in use.
    fn ours() -> impl Tokenizer + HasCache {
        let chain = RemoveLongFilter::limit(40).transform(SimpleTokenizer::default());
        CachedStemmer.transform(LowerCaser.transform(chain))
    }

    trait HasCache {
        fn caching(&self) -> bool;
    }

    impl<T> HasCache for CachedStemmerFilter<T> {
        fn caching(&self) -> bool {
            self.cache.sets.is_some()
        }
    }

    /// Token for token (text, offsets, positions), including repeats served from the cache,
    /// over-long tokens, non-ASCII words and words the stemmer leaves alone. The text is
    /// repeated past the point where an analyser starts caching; the boxed analyser of
    /// [`en_stem`] gives the same tokens.
    #[test]
    fn same_stems_as_tantivys_en_stem() {
        let text = "Regulators regulating regulated REGULATIONS; the regulators' data-centres \
            and Data Centres. Running runs ran: runner's running! Überprüfung naïve café Cafés \
            generalisations generalizations antidisestablishmentarianism \
            pneumonoultramicroscopicsilicovolcanoconiosisxx 2004 x86 GPUs GPU's skies dying \
            running regulators Regulators cafés "
            .repeat(300);
        let expected = analysed(&mut tantivys(), &text);
        assert!(expected.len() > 2 * TOKENS_BEFORE_CACHING as usize);
        assert!(expected.iter().any(|t| t.0 == "regul"), "{expected:?}");
        let mut ours = ours();
        assert_eq!(tokens(&mut ours, &text), expected);
        assert!(ours.caching());
        // Again through the same analyser: answered from its cache.
        assert_eq!(tokens(&mut ours, &text), expected);
        let mut boxed = en_stem();
        assert_eq!(analysed(&mut boxed, &text), expected);
        assert_eq!(analysed(&mut boxed, &text), expected);
    }

    /// More distinct words than the cache holds: evicted words are stemmed again, the same.
    #[test]
    fn evicted_words_stem_the_same() {
        let mut text = String::new();
        for i in 0..(2 * 2 * SETS + TOKENS_BEFORE_CACHING as usize) {
            text.push_str(&format!("word{i}ing running{i}s "));
        }
        let expected = analysed(&mut tantivys(), &text);
        let mut ours = ours();
        assert_eq!(tokens(&mut ours, &text), expected);
        assert!(ours.caching());
        assert_eq!(tokens(&mut ours, &text), expected);
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]
        #[test]
        fn any_words_stem_as_tantivy_does(
            words in proptest::collection::vec("[a-zA-Zé][a-zA-Zé']{0,19}", 1..40)
        ) {
            let reps = 1 + 2 * TOKENS_BEFORE_CACHING as usize / words.len();
            let text = format!("{} ", words.join(" ")).repeat(reps);
            let expected = analysed(&mut tantivys(), &text);
            let mut ours = ours();
            proptest::prop_assert_eq!(tokens(&mut ours, &text), expected);
            // Only words of at most WORD_BYTES bytes are cached and counted: text made mostly
            // of longer ones ("aéAaéaaéAAaéA" is 17 bytes) may never start the cache.
            let cacheable = text
                .split(|c: char| !c.is_alphanumeric())
                .filter(|t| !t.is_empty() && t.to_lowercase().len() <= WORD_BYTES)
                .count();
            proptest::prop_assert_eq!(
                ours.caching(),
                cacheable >= TOKENS_BEFORE_CACHING as usize
            );
        }
    }

    #[test]
    fn the_recorded_analyser_names_the_pinned_stemmer() {
        let manifest = include_str!("../Cargo.toml");
        let line = manifest
            .lines()
            .find(|l| l.starts_with("frostem"))
            .expect("frostem in Cargo.toml");
        let pinned = line
            .split('"')
            .nth(1)
            .expect("a version string")
            .to_string();
        assert!(pinned.starts_with('='), "frostem must be pinned: {line}");
        assert!(
            ANALYZER.contains(&format!("frostem {pinned} english")),
            "{ANALYZER} vs {pinned}"
        );
    }
}
