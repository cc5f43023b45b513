//! Articles and their passages to tantivy documents (one per passage).

use tantivy::{DateTime, TantivyDocument};
use xxhash_rust::xxh3::Xxh3;

use crate::article::Article;
use crate::entities::boilerplate::Span;
use crate::entities::{self, Corpus, Gazetteer, Kind};
use crate::keys::article_id;
use crate::passage;
use crate::schema::Fields;
use crate::similar::{self, Signature};

/// Hash of the article's text as split into passages (whitespace already normalised): the same
/// text however it was wrapped hashes the same.
pub fn body_hash(passages: &[String]) -> u64 {
    let mut h = Xxh3::new();
    for p in passages {
        h.update(p.as_bytes());
        h.update(b"\n");
    }
    h.digest()
}

/// The passages of an article; a title-only article is one passage holding its title.
pub fn passages_of(article: &Article) -> Vec<String> {
    let ps = passage::split(&article.body);
    if ps.is_empty() {
        return article.title.iter().cloned().collect();
    }
    ps
}

/// An article split into its passages, its body freed (a one-article file can be tens of
/// megabytes; the passages hold its text).
#[derive(Debug, Clone, PartialEq)]
pub struct Split {
    pub article: Article,
    pub passages: Vec<String>,
    /// Each passage's boilerplate units and shingles with their keys, when the corpus pass
    /// worked them out already (`boilerplate::passage_spans`).
    pub spans: Option<Vec<Vec<Span>>>,
}

/// [`Split`] an article.
pub fn split(mut article: Article) -> Split {
    let passages = passages_of(&article);
    article.body = String::new();
    Split {
        article,
        passages,
        spans: None,
    }
}

/// Build the documents of one article from its passages ([`split`]): per-passage fields on
/// each, the article's metadata on the first (see the invariant in `schema`).
pub fn documents(
    f: &Fields,
    gz: &Gazetteer,
    corpus: &Corpus,
    key: &str,
    split: Split,
) -> (Vec<TantivyDocument>, usize) {
    let Split {
        article,
        passages,
        spans,
    } = split;
    let id = article_id(key, article.record);
    let ents = article_entities(gz, corpus, &article, &passages, spans.as_deref());
    let hash = body_hash(&passages);
    let n = passages.len() as u64;
    let date = article
        .date
        .map(|d| DateTime::from_timestamp_secs(d.timestamp()));
    let docs = passages
        .into_iter()
        .enumerate()
        .map(|(i, text)| {
            let mut d = TantivyDocument::default();
            d.add_u64(f.article_id, id);
            d.add_text(f.file, key);
            d.add_u64(f.ordinal, i as u64);
            d.add_text(f.text, &text);
            if let Some(date) = date {
                d.add_date(f.date, date);
            }
            if let Some(s) = &article.source {
                d.add_text(f.source, s);
            }
            for t in &ents.per_passage[i] {
                d.add_text(f.entity, t);
            }
            if i == 0 {
                d.add_u64(f.body_hash, hash);
                d.add_text(f.path, key);
                d.add_u64(f.passages, n);
                if let Some(r) = article.record {
                    d.add_u64(f.record, r);
                }
                if let Some(t) = &article.title {
                    d.add_text(f.title, t);
                    d.add_text(f.title_terms, t);
                }
                d.add_bool(f.title_derived, article.title_derived);
                if let Some(u) = &article.url {
                    d.add_text(f.url, u);
                }
                if let Some(a) = &article.author {
                    d.add_text(f.author, a);
                }
                for t in &article.tags {
                    d.add_text(f.tags, t);
                }
                for (t, n) in &ents.article {
                    d.add_text(f.article_entity, t);
                    d.add_text(f.entity_mentions, format!("{t}\t{n}"));
                }
                for v in ents.signature.iter().flat_map(Signature::to_u64s) {
                    d.add_u64(f.near, v);
                }
            }
            d
        })
        .collect();
    (docs, ents.boilerplate_bytes)
}

/// The index term of an entity: `type:Name`, or `~type:Name` when not confirmed in its article.
pub fn entity_term(kind: Kind, name: &str, confirmed: bool) -> String {
    let kind = kind.as_str();
    let mut t = String::with_capacity(1 + kind.len() + 1 + name.len());
    if !confirmed {
        t.push('~');
    }
    t.push_str(kind);
    t.push(':');
    t.push_str(name);
    t
}

/// An article's entity terms: per passage (distinct, in first-mention order) and for the
/// whole article with mention counts.
pub struct DocEntities {
    pub per_passage: Vec<Vec<String>>,
    pub article: Vec<(String, u32)>,
    /// Bytes of the passages set aside as the source's boilerplate.
    pub boilerplate_bytes: usize,
    /// The near-duplicate signature of the passages, site boilerplate left out (so that two
    /// articles of one site do not resemble each other through its menus).
    pub signature: Option<Signature>,
}

/// Extract an article's entities over its title (unless derived from the first sentence,
/// which is a passage already) and passages. Untyped names seen once (misc, unconfirmed) are
/// left out: on scraped pages they are mostly page furniture, and they would only count once
/// they recur, which a name nothing could type rarely does meaningfully.
pub fn article_entities(
    gz: &Gazetteer,
    corpus: &Corpus,
    article: &Article,
    passages: &[String],
    spans: Option<&[Vec<Span>]>,
) -> DocEntities {
    let none = || DocEntities {
        per_passage: vec![Vec::new(); passages.len()],
        article: Vec::new(),
        boilerplate_bytes: 0,
        signature: similar::signature(passages.iter().map(String::as_str)),
    };
    if bench_mode() == BenchMode::Off {
        return none();
    }
    // Site boilerplate (menus, banners, footers the source repeats; the site's name after its
    // titles) is blanked for extraction only: the passages themselves keep every word.
    let source = article.source.as_deref().unwrap_or("");
    let mut boilerplate_bytes = 0;
    let masker = corpus.boilerplate.masker(source);
    let title = article
        .title
        .as_deref()
        .filter(|_| !article.title_derived)
        .map(|t| masker.title(t));
    let mut texts: Vec<&str> = title.into_iter().collect();
    let headlines = texts.len();
    let masked: Vec<Option<String>> = passages
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let (m, n) = match spans.and_then(|s| s.get(i)) {
                Some(s) => masker.mask_spans(p, s),
                None => masker.mask(p),
            };
            boilerplate_bytes += n;
            m
        })
        .collect();
    texts.extend(
        passages
            .iter()
            .zip(&masked)
            .map(|(p, m)| m.as_deref().unwrap_or(p)),
    );
    let signature = similar::signature(texts[headlines..].iter().copied());
    let a = entities::extract_with(gz, corpus, source, &texts, headlines);
    let confirmed: rustc_hash::FxHashMap<(Kind, &str), bool> = a
        .entities
        .iter()
        .map(|e| ((e.kind, e.name.as_str()), e.confirmed))
        .collect();
    let per_passage = a.mentions[headlines..]
        .iter()
        .map(|ms| {
            let mut seen: Vec<(Kind, &str)> = Vec::new();
            let mut v: Vec<String> = Vec::new();
            for m in ms {
                let key = (m.kind, m.name.as_str());
                if seen.contains(&key) {
                    continue;
                }
                seen.push(key);
                let c = confirmed[&key];
                if !c && m.kind == Kind::Misc {
                    continue;
                }
                v.push(entity_term(m.kind, &m.name, c));
            }
            v
        })
        .collect();
    let article = a
        .entities
        .iter()
        .filter(|e| e.confirmed || e.kind != Kind::Misc)
        .map(|e| (entity_term(e.kind, &e.name, e.confirmed), e.mentions))
        .collect();
    if bench_mode() == BenchMode::Unwritten {
        std::hint::black_box((per_passage, article));
        return none();
    }
    DocEntities {
        per_passage,
        article,
        boilerplate_bytes,
        signature,
    }
}

/// Benchmark switch `BYLINE_BENCH_ENTITIES`: `off` skips extraction, `unwritten` extracts and
/// then drops the result (no entity fields are written), so that `benches/entity_cost.sh` can
/// split what entities add to indexing into extraction and writing. Not for users: an index
/// built with either has no entities.
#[derive(Clone, Copy, PartialEq, Eq)]
enum BenchMode {
    Normal,
    Off,
    Unwritten,
}

/// Is extraction switched off by the benchmark switch (then the indexer skips the
/// boilerplate pass too)?
pub(crate) fn entities_off() -> bool {
    bench_mode() == BenchMode::Off
}

fn bench_mode() -> BenchMode {
    static MODE: std::sync::OnceLock<BenchMode> = std::sync::OnceLock::new();
    *MODE.get_or_init(|| match std::env::var("BYLINE_BENCH_ENTITIES").as_deref() {
        Ok("off") => BenchMode::Off,
        Ok("unwritten") => BenchMode::Unwritten,
        _ => BenchMode::Normal,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::schema::Value;

    fn docs_of(body: &str) -> Vec<TantivyDocument> {
        let (_, fields) = crate::schema::build();
        let article = Article {
            title: Some("Chip news".into()),
            body: body.into(),
            ..Article::default()
        };
        let gz = Gazetteer::builtin();
        documents(&fields, &gz, &Corpus::empty(), "/a.txt", split(article)).0
    }

    /// The near-duplicate signature rides on the first passage only, and copies of a text
    /// carry the same one.
    #[test]
    fn the_first_passage_carries_the_signature() {
        let (_, fields) = crate::schema::build();
        let body = "Regulators in Britain will review the chip takeover next month, the \
                    competition authority said on Tuesday, after rivals and customers asked \
                    whether the designer of the chips in most phones could stay neutral once \
                    it belongs to one of the companies that buy its designs.\n\n\
                    The deal would make the buyer the largest chip company in the world, \
                    analysts said, and the review could take most of the year, since the \
                    authority has asked for comments from phone makers, carmakers and the \
                    makers of servers and data centre equipment.";
        let docs = docs_of(body);
        assert_eq!(docs.len(), 2);
        let near = |d: &TantivyDocument| -> Vec<u64> {
            d.get_all(fields.near).filter_map(|v| v.as_u64()).collect()
        };
        let first = near(&docs[0]);
        assert_eq!(first.len(), 1 + similar::SLOTS / 2);
        assert!(near(&docs[1]).is_empty());
        assert_eq!(near(&docs_of(body)[0]), first);
        let other = docs_of("A different story about orchards, pears and apples in a good year.");
        let (a, b) = (
            Signature::from_u64s(first).unwrap(),
            Signature::from_u64s(near(&other[0])).unwrap(),
        );
        assert!(a.resemblance(&b) < 0.2);
    }
}
