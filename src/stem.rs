//! byline's `en_stem` analyser: tantivy's (simple tokenizer, tokens over 40 bytes dropped,
//! lower-cased, English Snowball stemmer), with the stemmer's answers cached.
//!
//! News text repeats its words (a few thousand forms make most of any article), and the
//! Snowball stemmer was a fifth of indexing CPU on lostflux: a lookup in a small per-analyser
//! map answers most tokens instead. The stems are exactly the stemmer's (same `frostem` crate
//! and algorithm as tantivy's `Stemmer`; `same_stems_as_tantivys_en_stem` checks it), so an
//! index written with either analyser reads with the other.

use std::borrow::Cow;

use rustc_hash::FxHashMap;
use tantivy::tokenizer::{
    LowerCaser, RemoveLongFilter, SimpleTokenizer, TextAnalyzer, Token, TokenFilter, TokenStream,
    Tokenizer,
};

/// The name byline's text fields use (tantivy's default analyser of that name is replaced).
pub const EN_STEM: &str = "en_stem";

/// Cached forms per analyser before the cache starts again: ~1-2 MB. An analyser lives per
/// indexing thread and field, so this is paid a few times, not per document.
const CACHE_ENTRIES: usize = 1 << 15;

/// A token is only looked up (and cached) when at most this long; longer ones are rare and
/// stemmed directly.
const CACHE_TOKEN_BYTES: usize = 24;

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
            cache: FxHashMap::default(),
        }
    }
}

pub struct CachedStemmerFilter<T> {
    inner: T,
    stemmer: frostem::Stemmer,
    /// Lower-cased token → stem.
    cache: FxHashMap<Box<str>, Box<str>>,
}

/// A clone starts with an empty cache: tantivy clones an analyser for each segment writer and
/// each query, and copying a full map there would cost more than it saves.
impl<T: Clone> Clone for CachedStemmerFilter<T> {
    fn clone(&self) -> Self {
        CachedStemmerFilter {
            inner: self.inner.clone(),
            stemmer: self.stemmer,
            cache: FxHashMap::default(),
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
    cache: &'a mut FxHashMap<Box<str>, Box<str>>,
}

impl<T: TokenStream> TokenStream for CachedStemmerTokenStream<'_, T> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        let token = self.tail.token_mut();
        if token.text.len() > CACHE_TOKEN_BYTES {
            if let Cow::Owned(s) = self.stemmer.stem(&token.text) {
                token.text = s;
            }
            return true;
        }
        if let Some(stem) = self.cache.get(token.text.as_str()) {
            if **stem != *token.text {
                token.text.clear();
                token.text.push_str(stem);
            }
            return true;
        }
        let stem: Box<str> = self.stemmer.stem(&token.text).into();
        if self.cache.len() >= CACHE_ENTRIES {
            self.cache.clear();
        }
        let form = std::mem::take(&mut token.text);
        token.text.push_str(&stem);
        self.cache.insert(form.into_boxed_str(), stem);
        true
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(a: &mut TextAnalyzer, text: &str) -> Vec<(String, usize, usize, usize)> {
        let mut out = Vec::new();
        let mut s = a.token_stream(text);
        while s.advance() {
            let t = s.token();
            out.push((t.text.clone(), t.offset_from, t.offset_to, t.position));
        }
        out
    }

    fn tantivys() -> TextAnalyzer {
        tantivy::tokenizer::TokenizerManager::default()
            .get("en_stem")
            .expect("tantivy registers en_stem")
    }

    /// Token for token (text, offsets, positions), including repeats served from the cache,
    /// over-long tokens, non-ASCII words and words the stemmer leaves alone.
    #[test]
    fn same_stems_as_tantivys_en_stem() {
        let text = "Regulators regulating regulated REGULATIONS; the regulators' data-centres \
            and Data Centres. Running runs ran: runner's running! Überprüfung naïve café Cafés \
            generalisations generalizations antidisestablishmentarianism \
            pneumonoultramicroscopicsilicovolcanoconiosisxx 2004 x86 GPUs GPU's \
            running regulators Regulators cafés";
        let mut ours = en_stem();
        let expected = tokens(&mut tantivys(), text);
        assert!(expected.iter().any(|t| t.0 == "regul"), "{expected:?}");
        // Twice through one analyser: the second pass is answered from its cache.
        assert_eq!(tokens(&mut ours, text), expected);
        assert_eq!(tokens(&mut ours, text), expected);
    }

    /// A full cache starts again and still gives the same stems.
    #[test]
    fn a_full_cache_starts_again() {
        let mut text = String::new();
        for i in 0..(CACHE_ENTRIES + 500) {
            text.push_str(&format!("word{i}ing running{i}s "));
        }
        let mut ours = en_stem();
        let expected = tokens(&mut tantivys(), &text);
        assert_eq!(tokens(&mut ours, &text), expected);
        assert_eq!(tokens(&mut ours, &text), expected);
    }

    proptest::proptest! {
        #[test]
        fn any_text_stems_as_tantivy_does(words in proptest::collection::vec("[a-zA-Zé']{1,14}", 0..40)) {
            let text = words.join(" ");
            let mut ours = en_stem();
            let expected = tokens(&mut tantivys(), &text);
            proptest::prop_assert_eq!(tokens(&mut ours, &text), expected.clone());
            proptest::prop_assert_eq!(tokens(&mut ours, &text), expected);
        }
    }
}
