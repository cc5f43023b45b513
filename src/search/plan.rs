//! Stage 2 of a search, plan: the parsed query tree becomes leaves (one per word, phrase,
//! prefix or fuzzy word), each with its tantivy queries over the passage text, the article
//! title and the source, and what to highlight; and a tree over the leaves' indexes that the
//! matching stage evaluates. Common words among others are left out here (`COMMON_WORDS`).
//!
//! Reads the index only to analyse words the way it was written (stems, related words that
//! occur, source names that exist).

use anyhow::Result;
use tantivy::query::{
    BooleanQuery, BoostQuery, FuzzyTermQuery, Occur, PhraseQuery, Query, RegexQuery, TermQuery,
};
use tantivy::schema::{Field as TField, IndexRecordOption};
use tantivy::Term;

use super::highlight::Pattern;
use super::query::{self, Field, Node};
use super::{morph, Snapshot};

/// How much a related word (`acquired` for `acquisitions`) weighs against the word as typed.
const VARIANT_WEIGHT: f32 = 0.6;
/// At most this many leaves (words, phrases...) per query: leaf sets are bit masks of a `u64`.
pub const MAX_LEAVES: usize = 64;

/// Words too common to require: a bare one among other words is dropped (quote it to keep it).
pub const COMMON_WORDS: &[&str] = &[
    "a", "about", "after", "an", "and", "are", "as", "at", "be", "been", "before", "but", "by",
    "can", "could", "did", "do", "does", "for", "from", "had", "has", "have", "he", "her", "his",
    "how", "i", "if", "in", "into", "is", "it", "its", "may", "more", "most", "of", "on", "or",
    "our", "over", "she", "should", "so", "than", "that", "the", "their", "then", "there", "these",
    "they", "this", "those", "to", "up", "was", "we", "were", "what", "when", "where", "which",
    "who", "why", "will", "with", "would", "you",
];

/// A compiled query: its leaves and the tree over them.
pub struct Plan {
    pub leaves: Vec<Leaf>,
    pub tree: Tree,
    /// Common words of the query that were not required.
    pub ignored: Vec<String>,
}

/// One compiled leaf of the query tree.
pub struct Leaf {
    /// How the user wrote it (for `missing` and `--explain`).
    pub display: String,
    pub text: Option<Box<dyn Query>>,
    pub title: Option<Box<dyn Query>>,
    pub source: Option<Box<dyn Query>>,
    /// What to highlight in passages (empty: nothing).
    pub patterns: Vec<Pattern>,
}

/// The query tree over leaf indexes.
#[derive(Debug, Clone, PartialEq)]
pub enum Tree {
    Leaf(usize),
    And(Vec<Tree>),
    Or(Vec<Tree>),
    Not(Box<Tree>),
}

/// What a leaf searches for, once analysed.
enum LeafKind {
    /// Stems at consecutive positions (or within `slop`); `variants` are related words' stems
    /// (one-word terms only).
    Words {
        stems: Vec<String>,
        slop: u32,
        typed: String,
        variants: Vec<String>,
    },
    /// A lower-cased prefix and its stem.
    Prefix {
        plain: String,
        stem: String,
        typed: String,
    },
    /// A stem within an edit distance.
    Fuzzy {
        stem: String,
        distance: u8,
        typed: String,
    },
}

impl LeafKind {
    fn typed(&self) -> &str {
        match self {
            LeafKind::Words { typed, .. }
            | LeafKind::Prefix { typed, .. }
            | LeafKind::Fuzzy { typed, .. } => typed,
        }
    }

    /// Words of `stems` (a phrase, a prefix or fuzzy word of several words) as one sequence.
    fn words(stems: Vec<String>, typed: &str) -> (Vec<Pattern>, LeafKind) {
        let pattern = (!stems.is_empty())
            .then(|| Pattern::Seq(stems.clone()))
            .into_iter()
            .collect();
        let kind = LeafKind::Words {
            stems,
            slop: 0,
            typed: typed.to_string(),
            variants: Vec::new(),
        };
        (pattern, kind)
    }
}

impl Plan {
    /// The top-level conjuncts: what a partial match is measured against.
    pub fn conjuncts(&self) -> Vec<&Tree> {
        match &self.tree {
            Tree::And(c) => c.iter().collect(),
            t => vec![t],
        }
    }

    /// Indexes (into `conjuncts`) of the conjuncts that are not negated.
    pub fn positive(&self) -> Vec<usize> {
        let conj = self.conjuncts();
        (0..conj.len())
            .filter(|&i| !matches!(conj[i], Tree::Not(_)))
            .collect()
    }

    /// The leaves that count in ranking: never those under NOT.
    pub fn positive_leaves(&self) -> Vec<usize> {
        let mut out = Vec::new();
        positive_leaves(&self.tree, false, &mut out);
        out
    }

    /// What to highlight: the positive leaves' patterns.
    pub fn patterns(&self) -> Vec<Pattern> {
        self.positive_leaves()
            .iter()
            .flat_map(|&i| self.leaves[i].patterns.iter().cloned())
            .collect()
    }

    /// The positive conjuncts in a partial match's `missing` mask, as the user would write them.
    pub fn missing_words(&self, missing: u64) -> Vec<String> {
        let conj = self.conjuncts();
        self.positive()
            .iter()
            .enumerate()
            .filter(|(j, _)| missing & (1u64 << j) != 0)
            .map(|(_, &i)| tree_display(conj[i], &self.leaves))
            .collect()
    }
}

/// A query that cannot be run: malformed (with the 1-based column, in characters), nothing
/// searchable in it, or too many words. The caller's mistake, not the index's.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("bad query: {message}")]
pub struct BadQuery {
    pub message: String,
    pub column: Option<usize>,
}

fn bad_query(message: String) -> anyhow::Error {
    anyhow::Error::new(BadQuery {
        message,
        column: None,
    })
}

impl Snapshot {
    /// Parse and compile `text`. Errors ([`BadQuery`]): malformed (with the column), nothing
    /// searchable, too many leaves.
    pub(super) fn plan(&self, text: &str) -> Result<Plan> {
        let node = query::parse(text).map_err(|e| BadQuery {
            message: e.to_string(),
            column: Some(e.column),
        })?;
        let mut ignored = Vec::new();
        let stripped = strip_common(&node, &mut ignored);
        let mut leaves = Vec::new();
        let Some(tree) = self.compile(&stripped, &mut leaves)? else {
            return Err(bad_query(format!("no searchable word in {text:?}")));
        };
        if leaves.len() > MAX_LEAVES {
            return Err(bad_query(format!(
                "too many words ({}; at most {MAX_LEAVES})",
                leaves.len()
            )));
        }
        Ok(Plan {
            leaves,
            tree,
            ignored,
        })
    }

    /// The tree of `node` over `leaves`; `None` when nothing searchable is left.
    fn compile(&self, node: &Node, leaves: &mut Vec<Leaf>) -> Result<Option<Tree>> {
        Ok(match node {
            Node::And(children) | Node::Or(children) => {
                let mut kids = Vec::new();
                for c in children {
                    if let Some(t) = self.compile(c, leaves)? {
                        kids.push(t);
                    }
                }
                match kids.len() {
                    0 => None,
                    1 => kids.pop(),
                    _ if matches!(node, Node::And(_)) => Some(Tree::And(kids)),
                    _ => Some(Tree::Or(kids)),
                }
            }
            Node::Not(inner) => self.compile(inner, leaves)?.map(|t| Tree::Not(Box::new(t))),
            leaf => self.compile_leaf(leaf)?.map(|l| {
                leaves.push(l);
                Tree::Leaf(leaves.len() - 1)
            }),
        })
    }

    /// One leaf's queries on the fields its prefix names; `None` when no word is left.
    fn compile_leaf(&self, node: &Node) -> Result<Option<Leaf>> {
        let f = &self.fields;
        let display = node.to_string();
        let (field, patterns, kind) = self.analyse(node)?;
        let leaf = match field {
            Field::Default => Leaf {
                display,
                text: self.leaf_query(&kind, f.text)?,
                title: self.leaf_query(&kind, f.title_terms)?,
                source: None,
                patterns,
            },
            Field::Title => Leaf {
                display,
                text: None,
                title: self.leaf_query(&kind, f.title_terms)?,
                source: None,
                patterns: Vec::new(),
            },
            Field::Source => {
                let prefix = matches!(kind, LeafKind::Prefix { .. });
                let terms = self.source_terms(kind.typed(), prefix)?;
                Leaf {
                    display,
                    text: None,
                    title: None,
                    source: Some(
                        self.source_query(&terms)
                            .unwrap_or_else(|| Box::new(tantivy::query::EmptyQuery)),
                    ),
                    patterns: Vec::new(),
                }
            }
        };
        if leaf.text.is_none() && leaf.title.is_none() && leaf.source.is_none() {
            return Ok(None);
        }
        Ok(Some(leaf))
    }

    /// A leaf node's field, highlight patterns and analysed words.
    fn analyse(&self, node: &Node) -> Result<(Field, Vec<Pattern>, LeafKind)> {
        Ok(match node {
            Node::Term { field, word } => {
                let stems = self.stems(word);
                let variants = match stems.as_slice() {
                    [one] if *field != Field::Source => self.variant_stems(word, one)?,
                    _ => Vec::new(),
                };
                let mut pattern: Vec<Pattern> = (!stems.is_empty())
                    .then(|| Pattern::Seq(stems.clone()))
                    .into_iter()
                    .collect();
                pattern.extend(variants.iter().map(|v| Pattern::Seq(vec![v.clone()])));
                let kind = LeafKind::Words {
                    stems,
                    slop: 0,
                    typed: word.clone(),
                    variants,
                };
                (*field, pattern, kind)
            }
            Node::Phrase { field, text, slop } => {
                let stems = self.stems(text);
                let pattern = match (stems.len(), *slop) {
                    (0, _) => vec![],
                    (_, 0) => vec![Pattern::Seq(stems.clone())],
                    _ => vec![Pattern::Any(stems.clone())],
                };
                let kind = LeafKind::Words {
                    stems,
                    slop: *slop,
                    typed: text.clone(),
                    variants: Vec::new(),
                };
                (*field, pattern, kind)
            }
            Node::Prefix { field, prefix } => match plain_words(prefix).as_slice() {
                [one] => {
                    let stem = self.stems(one).pop().unwrap_or_else(|| one.clone());
                    let pattern = vec![Pattern::Prefix(one.clone(), stem.clone())];
                    let kind = LeafKind::Prefix {
                        plain: one.clone(),
                        stem,
                        typed: prefix.clone(),
                    };
                    (*field, pattern, kind)
                }
                // `e-mai*` and the like: the words without the star.
                _ => {
                    let (pattern, kind) = LeafKind::words(self.stems(prefix), prefix);
                    (*field, pattern, kind)
                }
            },
            Node::Fuzzy {
                field,
                word,
                distance,
            } => {
                let stems = self.stems(word);
                match stems.as_slice() {
                    [one] => {
                        let pattern = vec![Pattern::Fuzzy(one.clone(), *distance)];
                        let kind = LeafKind::Fuzzy {
                            stem: one.clone(),
                            distance: *distance,
                            typed: word.clone(),
                        };
                        (*field, pattern, kind)
                    }
                    _ => {
                        let (pattern, kind) = LeafKind::words(stems, word);
                        (*field, pattern, kind)
                    }
                }
            }
            _ => unreachable!("analyse on an operator"),
        })
    }

    /// The query for an analysed leaf on one field.
    fn leaf_query(&self, kind: &LeafKind, field: TField) -> Result<Option<Box<dyn Query>>> {
        Ok(match kind {
            LeafKind::Words {
                stems,
                slop,
                variants,
                ..
            } => word_query(field, stems, *slop, variants),
            LeafKind::Prefix { plain, stem, .. } => {
                let pat = if plain == stem || !plain.starts_with(stem.as_str()) {
                    format!("{}.*", regex_escape(plain))
                } else {
                    format!("{}.*", regex_escape(stem))
                };
                Some(Box::new(RegexQuery::from_pattern(&pat, field)?))
            }
            LeafKind::Fuzzy { stem, distance, .. } => Some(Box::new(FuzzyTermQuery::new(
                Term::from_field_text(field, stem),
                *distance,
                true,
            ))),
        })
    }

    /// Words of `text` as the passage analyser sees them (lower-cased, stemmed).
    pub(super) fn stems(&self, text: &str) -> Vec<String> {
        let mut a = self.stem.clone();
        let mut ts = a.token_stream(text);
        let mut out = Vec::new();
        while ts.advance() {
            out.push(ts.token().text.clone());
        }
        out
    }

    /// Related words (see `morph`) of a one-word term whose stems occur in the index.
    fn variant_stems(&self, word: &str, stem: &str) -> Result<Vec<String>> {
        let mut out: Vec<String> = Vec::new();
        for v in morph::variants(word) {
            let Some(s) = self.stems(&v).pop() else {
                continue;
            };
            if s == stem || out.contains(&s) {
                continue;
            }
            let present = self
                .searcher
                .doc_freq(&Term::from_field_text(self.fields.text, &s))?
                > 0;
            if present {
                out.push(s);
            }
        }
        Ok(out)
    }

    /// The index's source names matching `name`: equal ignoring case, or `name.` + a suffix
    /// (`wired` finds `wired.com`); with `prefix`, every name starting with it.
    pub(super) fn source_terms(&self, name: &str, prefix: bool) -> Result<Vec<String>> {
        let name = name.trim().to_lowercase();
        let mut out = std::collections::BTreeSet::new();
        for sr in self.searcher.segment_readers() {
            let inv = sr.inverted_index(self.fields.source)?;
            let mut stream = inv.terms().stream()?;
            while stream.advance() {
                let Ok(t) = std::str::from_utf8(stream.key()) else {
                    continue;
                };
                let hit = if prefix {
                    t.starts_with(&name)
                } else {
                    t == name || t.strip_prefix(&name).is_some_and(|r| r.starts_with('.'))
                };
                if hit {
                    out.insert(t.to_string());
                }
            }
        }
        Ok(out.into_iter().collect())
    }

    /// Every source name in the index.
    pub fn all_sources(&self) -> Result<Vec<String>> {
        self.source_terms("", true)
    }

    /// Any of these source names (`None` for none).
    pub(super) fn source_query(&self, terms: &[String]) -> Option<Box<dyn Query>> {
        if terms.is_empty() {
            return None;
        }
        let qs = terms
            .iter()
            .map(|t| {
                let q: Box<dyn Query> = Box::new(TermQuery::new(
                    Term::from_field_text(self.fields.source, t),
                    IndexRecordOption::Basic,
                ));
                (Occur::Should, q)
            })
            .collect();
        Some(Box::new(BooleanQuery::new(qs)))
    }
}

/// A word (with its related words, boosted down) or a phrase of stems on one field.
fn word_query(
    field: TField,
    stems: &[String],
    slop: u32,
    variants: &[String],
) -> Option<Box<dyn Query>> {
    let term = |s: &str| -> Box<dyn Query> {
        Box::new(TermQuery::new(
            Term::from_field_text(field, s),
            IndexRecordOption::WithFreqs,
        ))
    };
    match stems {
        [] => None,
        [one] if variants.is_empty() => Some(term(one)),
        [one] => {
            let mut qs = vec![(Occur::Should, term(one))];
            for v in variants {
                let q: Box<dyn Query> = Box::new(BoostQuery::new(term(v), VARIANT_WEIGHT));
                qs.push((Occur::Should, q));
            }
            Some(Box::new(BooleanQuery::new(qs)))
        }
        many => {
            let mut q = PhraseQuery::new(
                many.iter()
                    .map(|s| Term::from_field_text(field, s))
                    .collect(),
            );
            q.set_slop(slop);
            Some(Box::new(q))
        }
    }
}

/// Lower-cased words of `text`, not stemmed (for prefixes).
fn plain_words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

fn regex_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if !c.is_alphanumeric() {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn is_common(node: &Node) -> bool {
    match node {
        Node::Term {
            field: Field::Default,
            word,
        } => COMMON_WORDS.contains(&word.to_lowercase().as_str()),
        _ => false,
    }
}

/// `node` without the common words of its conjunctions, unless nothing else would remain.
/// The words left out are listed in `ignored`: nearly every article has them, so they would
/// only add cost and noise.
fn strip_common(node: &Node, ignored: &mut Vec<String>) -> Node {
    match node {
        Node::And(children) => {
            let keep: Vec<Node> = children
                .iter()
                .filter(|c| !is_common(c))
                .map(|c| strip_common(c, ignored))
                .collect();
            if keep.is_empty() {
                return node.clone();
            }
            for c in children.iter().filter(|c| is_common(c)) {
                ignored.push(c.to_string());
            }
            match keep.len() {
                1 => keep.into_iter().next().unwrap_or_else(|| node.clone()),
                _ => Node::And(keep),
            }
        }
        Node::Or(children) => Node::Or(children.iter().map(|c| strip_common(c, ignored)).collect()),
        Node::Not(inner) => Node::Not(Box::new(strip_common(inner, ignored))),
        leaf => leaf.clone(),
    }
}

/// How the user would write the subtree (for `missing`).
fn tree_display(t: &Tree, leaves: &[Leaf]) -> String {
    let join = |c: &[Tree], sep: &str| {
        c.iter()
            .map(|c| tree_display(c, leaves))
            .collect::<Vec<_>>()
            .join(sep)
    };
    match t {
        Tree::Leaf(i) => leaves[*i].display.clone(),
        Tree::And(c) => format!("({})", join(c, " ")),
        Tree::Or(c) => format!("({})", join(c, " OR ")),
        Tree::Not(c) => format!("-{}", tree_display(c, leaves)),
    }
}

/// The leaves under `t` that are not negated.
fn positive_leaves(t: &Tree, negated: bool, out: &mut Vec<usize>) {
    match t {
        Tree::Leaf(i) => {
            if !negated {
                out.push(*i)
            }
        }
        Tree::And(c) | Tree::Or(c) => c.iter().for_each(|c| positive_leaves(c, negated, out)),
        Tree::Not(c) => positive_leaves(c, !negated, out),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_words_are_dropped_only_among_others() {
        let mut ignored = Vec::new();
        let n = strip_common(&query::parse("the chatbot in a day").unwrap(), &mut ignored);
        assert_eq!(n.to_string(), "chatbot day");
        assert_eq!(ignored, vec!["the", "in", "a"]);
        let mut ignored = Vec::new();
        let n = strip_common(&query::parse("the who").unwrap(), &mut ignored);
        assert_eq!(n.to_string(), "the who");
        assert!(ignored.is_empty());
        // Quoted, in a field, or alone: kept.
        let mut ignored = Vec::new();
        let n = strip_common(
            &query::parse("\"who\" title:the vaccine").unwrap(),
            &mut ignored,
        );
        assert_eq!(n.to_string(), "\"who\" title:the vaccine");
    }

    fn leaf(display: &str) -> Leaf {
        Leaf {
            display: display.to_string(),
            text: None,
            title: None,
            source: None,
            patterns: vec![Pattern::Seq(vec![display.to_lowercase()])],
        }
    }

    /// `a (b OR c) -d`: conjuncts, positive ones, leaves that rank, and missing words.
    #[test]
    fn conjuncts_positive_leaves_and_missing_words() {
        let plan = Plan {
            leaves: vec![leaf("a"), leaf("b"), leaf("c"), leaf("d")],
            tree: Tree::And(vec![
                Tree::Leaf(0),
                Tree::Or(vec![Tree::Leaf(1), Tree::Leaf(2)]),
                Tree::Not(Box::new(Tree::Leaf(3))),
            ]),
            ignored: Vec::new(),
        };
        assert_eq!(plan.conjuncts().len(), 3);
        assert_eq!(plan.positive(), vec![0, 1]);
        assert_eq!(plan.positive_leaves(), vec![0, 1, 2]);
        assert_eq!(plan.patterns().len(), 3);
        assert_eq!(plan.missing_words(0b10), vec!["(b OR c)"]);
        assert_eq!(plan.missing_words(0b11), vec!["a", "(b OR c)"]);
        // NOT NOT x counts x again.
        let mut out = Vec::new();
        positive_leaves(
            &Tree::Not(Box::new(Tree::Not(Box::new(Tree::Leaf(5))))),
            false,
            &mut out,
        );
        assert_eq!(out, vec![5]);
    }

    #[test]
    fn prefixes_are_escaped_and_split_into_plain_words() {
        assert_eq!(regex_escape("e.mail"), "e\\.mail");
        assert_eq!(plain_words("E-Mai"), vec!["e", "mai"]);
        assert!(word_query(TField::from_field_id(0), &[], 0, &[]).is_none());
    }
}
