//! Entity extraction for one article: gazetteer matches (one Aho-Corasick pass per text),
//! disambiguation by case and context, discovery of unknown capitalised names, and
//! within-article aliasing ("Mr Gates" and "Gates" after "Bill Gates"). Pure: text in,
//! mentions out.
//!
//! The stages, each a module: `text` (words and positions), `org_spans` (organisation names
//! by their shape), `known` (the gazetteer's names, checked in context), `discover` (names
//! the gazetteer does not know, typed by shape and context with `cues`), and `link` (typing
//! what is left untyped and linking short forms to full names, once every name is found).

mod cues;
mod discover;
mod known;
mod link;
mod org_spans;
mod text;

use cues::*;
use discover::*;
use known::*;
use link::*;
use org_spans::*;
use text::*;

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

#[cfg(test)]
mod tests;
