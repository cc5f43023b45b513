//! Stage 2 of an indexing run, learn the corpus: before the main pass, every file new to
//! the index is read and parsed once, and what extraction needs from the whole corpus is
//! counted (site boilerplate, people named in full, organisations with a legal form, bylines:
//! `entities::Corpus`). The parse is kept for the main pass (`spill`), so no file is parsed
//! twice. What was learnt is stored beside the index, before the commit that relies on it.

use std::path::Path;

use anyhow::{Context, Result};
use rayon::prelude::*;
use xxhash_rust::xxh3::xxh3_128;

use super::manifest::{self, Manifest};
use super::parse::{pieces, PART_BYTES};
use super::walk::Candidate;
use super::{document, spill, BATCH_FILES};
use crate::article;
use crate::entities::{boilerplate, boilerplate::Sketch, names, Corpus, Gazetteer};

/// What this run learns of the corpus before extracting (see `entities::Corpus`): the
/// site-boilerplate sketch and the people named in full, the index's own (`boilerplate.bin`,
/// `surnames.tsv`, unless rebuilding) plus every file that is new to the index, read and
/// parsed once before the main pass so that the first pages of a site are judged like the
/// last. Changed files are not counted again (a page rewritten five times would make its own
/// sentences boilerplate); removed files are not subtracted; `--rebuild` counts every file
/// afresh; copies of one text count once. Also says whether it changed (then `commit` stores
/// it), and hands the main pass the files it parsed (`spill`) so that none is parsed twice.
pub(super) fn learn_corpus(
    dir: &Path,
    (rebuild, learnt): (bool, Earlier),
    todo: &[Candidate],
    manifest: &Manifest,
    gz: &Gazetteer,
    pool: &rayon::ThreadPool,
    max_bytes: u64,
) -> Result<(Corpus, bool, Option<spill::Spill>)> {
    if document::entities_off() {
        return Ok((Corpus::empty(), false, None));
    }
    let Earlier {
        sketch: old_sketch,
        surnames: old_names,
        orgs: old_orgs,
        authors: old_authors,
    } = learnt;
    let fresh: Vec<&Candidate> = todo
        .iter()
        .filter(|c| rebuild || !manifest.files.contains_key(&c.key))
        .collect();
    let bytes: u64 = fresh.iter().map(|c| c.size).sum::<u64>();
    let mut learning = Learning {
        sketch: old_sketch.unwrap_or_else(|| Sketch::with_capacity((bytes / 64) as usize)),
        surnames: old_names.unwrap_or_default(),
        orgs: old_orgs.unwrap_or_default(),
        authors: old_authors.unwrap_or_default(),
        bodies: rustc_hash::FxHashSet::default(),
        // Without a place for it (a read-only temporary directory?), files are parsed again.
        spill: (!fresh.is_empty())
            .then(|| spill::Spill::new(dir).ok())
            .flatten(),
    };
    // Each batch is parsed while the one before it is added up (in file order): the workers
    // do not wait for the adding, nor the adding for them.
    let mut parsed: Option<(&[&Candidate], Vec<Learnt>)> = None;
    for batch in fresh.chunks(BATCH_FILES) {
        let keep = learning.spill.is_some();
        let (learnt, ()) = pool.install(|| {
            rayon::join(
                || {
                    batch
                        .par_iter()
                        .map(|c| learn_file(c, gz, keep, max_bytes))
                        .collect::<Vec<_>>()
                },
                || {
                    if let Some((files, learnt)) = parsed.take() {
                        learning.add(files, learnt);
                    }
                },
            )
        });
        parsed = Some((batch, learnt));
    }
    if let Some((files, learnt)) = parsed {
        learning.add(files, learnt);
    }
    let Learning {
        sketch,
        surnames,
        orgs,
        authors,
        spill,
        ..
    } = learning;
    let corpus = Corpus {
        boilerplate: sketch,
        surnames,
        orgs,
        authors,
    };
    Ok((corpus, !fresh.is_empty(), spill))
}

/// What earlier runs learnt of the corpus, as the index keeps it (each part none when
/// missing or unreadable: then it is learnt afresh).
#[derive(Default)]
pub(super) struct Earlier {
    sketch: Option<Sketch>,
    surnames: Option<names::Surnames>,
    orgs: Option<names::OrgNames>,
    authors: Option<names::Authors>,
}

/// Read what earlier runs learnt (nothing when rebuilding or without entities). The indexer
/// reads it while the gazetteer is built on another thread.
pub(super) fn read_earlier(dir: &Path, rebuild: bool) -> Earlier {
    if rebuild || document::entities_off() {
        return Earlier::default();
    }
    let text = |f: &str| std::fs::read_to_string(dir.join(f)).ok();
    Earlier {
        sketch: std::fs::read(dir.join(BOILERPLATE_FILE))
            .ok()
            .and_then(|b| Sketch::from_bytes(&b)),
        surnames: text(SURNAMES_FILE).map(|t| names::Surnames::from_tsv(&t)),
        orgs: text(ORG_NAMES_FILE).map(|t| names::OrgNames::from_tsv(&t)),
        authors: text(AUTHORS_FILE).map(|t| names::Authors::from_tsv(&t)),
    }
}

/// What the corpus pass has added up so far.
struct Learning {
    sketch: Sketch,
    surnames: names::Surnames,
    orgs: names::OrgNames,
    authors: names::Authors,
    /// Hashes of the texts counted: copies of one text count once.
    bodies: rustc_hash::FxHashSet<u64>,
    spill: Option<spill::Spill>,
}

impl Learning {
    /// Add what was learnt of `files` (in order), and keep their parses.
    fn add(&mut self, files: &[&Candidate], learnt: Vec<Learnt>) {
        for (c, l) in files.iter().zip(learnt) {
            // Copies of one text (a page scraped under several URLs) count once: what they
            // share is the story, not the site's furniture.
            for a in &l.articles {
                if self.bodies.insert(a.body) {
                    self.sketch.add_keys(&a.source, &a.keys);
                    self.surnames.add_article(&a.people);
                    self.orgs.add_article(&a.orgs);
                    self.authors.add_article(&a.source, &a.authors);
                }
            }
            if let (Some(s), Some(record)) = (self.spill.as_mut(), l.record) {
                if s.push(&c.key, &record).is_err() {
                    self.spill = None;
                }
            }
        }
    }
}

/// What the corpus pass takes from one file: per article what it adds to the corpus; and the
/// file as parsed for the main pass ([`spill::encode`]), unless the main pass reads it in
/// pieces.
struct Learnt {
    articles: Vec<LearntArticle>,
    record: Option<Vec<u8>>,
}

/// One article's share of what the corpus pass learns.
struct LearntArticle {
    source: String,
    /// Hash of its text: copies count once.
    body: u64,
    /// Its boilerplate units' keys.
    keys: Vec<u64>,
    /// The people it names in full and the organisations it names with a legal form.
    people: Vec<String>,
    orgs: Vec<String>,
    /// The authors it credits ([`names::bylines`]).
    authors: Vec<String>,
}

fn learn_file(c: &Candidate, gz: &Gazetteer, keep: bool, max_bytes: u64) -> Learnt {
    let nothing = || Learnt {
        articles: Vec::new(),
        record: None,
    };
    // (A file that cannot be read or decompressed is reported by the main pass.)
    let Ok(raw) = std::fs::read(&c.path) else {
        return nothing();
    };
    let (size, hash) = (raw.len(), xxh3_128(&raw));
    let Ok(bytes) = article::content(&c.path, raw, max_bytes) else {
        return nothing();
    };
    // Each passage's boilerplate units and shingles are worked out here once: their keys are
    // counted now, and the main pass masks by them (through the spill).
    let learn = |split: &mut document::Split| {
        let (a, ps) = (&split.article, &split.passages);
        let source = a.source.clone().unwrap_or_default();
        let seed = boilerplate::source_seed(&source);
        let spans: Vec<Vec<boilerplate::Span>> = ps
            .iter()
            .map(|p| boilerplate::passage_spans(seed, p))
            .collect();
        let mut keys = boilerplate::keys_of(spans.iter().map(Vec::as_slice));
        // The title's tail too: the site's name after "|" is counted like a repeated line.
        if let Some(k) = a
            .title
            .as_deref()
            .filter(|_| !a.title_derived)
            .and_then(|t| boilerplate::title_key(seed, t))
        {
            keys.push(k);
        }
        split.spans = Some(spans);
        let texts: Vec<&str> = ps.iter().map(String::as_str).collect();
        let (people, orgs) = names::article_names(gz, &texts);
        LearntArticle {
            people,
            orgs,
            authors: names::bylines(texts.iter().copied()),
            body: document::body_hash(ps),
            source,
            keys,
        }
    };
    if c.format == article::Format::JsonLines && bytes.len() > PART_BYTES {
        // A large JSON Lines file, a piece at a time (as the main pass reads it).
        let articles = pieces(&bytes, PART_BYTES)
            .iter()
            .flat_map(|p| {
                article::parse_jsonl_part(&bytes[p.range.clone()], p.lines_before, p.records_before)
                    .articles
            })
            .map(|a| learn(&mut document::split(a)))
            .collect();
        return Learnt {
            articles,
            record: None,
        };
    }
    let parsed = article::parse_bytes(c.format, &bytes);
    let mut prepared = spill::Prepared {
        hash,
        size: size as u64,
        skipped: parsed.skipped,
        warnings: parsed.warnings,
        articles: parsed.articles.into_iter().map(document::split).collect(),
    };
    Learnt {
        articles: prepared.articles.iter_mut().map(learn).collect(),
        record: keep.then(|| spill::encode(&prepared)),
    }
}

/// Store what was learnt of the corpus (before the commit that relies on it).
pub(super) fn store_corpus(dir: &Path, corpus: &Corpus) -> Result<()> {
    let path = dir.join(BOILERPLATE_FILE);
    let bytes = corpus.boilerplate.to_bytes();
    manifest::write_atomic(&path, |w| std::io::Write::write_all(w, &bytes))
        .with_context(|| format!("{}: cannot write", path.display()))?;
    for (file, text) in [
        (SURNAMES_FILE, corpus.surnames.to_tsv()),
        (ORG_NAMES_FILE, corpus.orgs.to_tsv()),
        (AUTHORS_FILE, corpus.authors.to_tsv()),
    ] {
        let path = dir.join(file);
        // A run that adds a file or two rarely changes these lists: an unchanged one is not
        // written (and fsynced) again.
        if std::fs::read(&path).is_ok_and(|old| old == text.as_bytes()) {
            continue;
        }
        manifest::write_atomic(&path, |w| std::io::Write::write_all(w, text.as_bytes()))
            .with_context(|| format!("{}: cannot write", path.display()))?;
    }
    Ok(())
}

/// Full names per surname, learnt from the corpus (`entities::names`).
pub const SURNAMES_FILE: &str = "surnames.tsv";

/// Organisation names given with a legal form, per article count (`entities::names`).
pub const ORG_NAMES_FILE: &str = "org_names.tsv";

/// Authors per source, credited in bylines (`entities::names`).
pub const AUTHORS_FILE: &str = "authors.tsv";

/// The boilerplate sketch's file in the index directory.
pub const BOILERPLATE_FILE: &str = "boilerplate.bin";
