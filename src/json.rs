//! The JSON shapes of byline's answers (docs/json-output.md, a stable contract): what
//! `byline ... --json` prints and what `byline serve` returns, built from the typed results of
//! [`crate::search`]. Each function returns a borrowed view that serialises with serde.
//!
//! ```no_run
//! # fn main() -> anyhow::Result<()> {
//! let engine = byline::search::Engine::open(std::path::Path::new("index"))?;
//! let request = byline::search::Request::new("chip shortage");
//! let (results, _notices) = engine.search(&request)?;
//! println!("{}", serde_json::to_string(&byline::json::search(&results))?);
//! # Ok(())
//! # }
//! ```

use serde::Serialize;

use crate::article::date::ymd;
use crate::search::explain::{Explanation, WordScore};
use crate::search::facets::Facets;
use crate::search::{Hit, Results};

/// A search's answer as JSON (`byline search --json`).
pub fn search(r: &Results) -> JsonResults<'_> {
    JsonResults {
        query: &r.query,
        total_articles: r.total_articles,
        total_partial: r.total_partial,
        total_passages: r.total_passages,
        ignored: &r.ignored,
        took_ms: round3(r.took_ms),
        hits: r.hits.iter().map(hit).collect(),
        facets: JsonFacets(&r.facets),
    }
}

/// Facet counts as JSON (`byline facets --json`, and a search's `facets`).
pub fn facets(f: &Facets) -> JsonFacets<'_> {
    JsonFacets(f)
}

/// One article in full (`byline show --json`): the article object plus `passages` and
/// `entities` (`{type, name, mentions}`).
pub fn show(a: &crate::search::show::Shown) -> JsonShown<'_> {
    JsonShown {
        article: article(&a.article),
        passages: &a.passages,
        entities: a
            .entities
            .iter()
            .map(|(k, n, c)| JsonMention {
                kind: k.as_str(),
                name: n,
                mentions: *c,
            })
            .collect(),
    }
}

/// One article in full: see [`show`].
#[derive(Serialize)]
pub struct JsonShown<'a> {
    #[serde(flatten)]
    article: JsonArticle<'a>,
    passages: &'a [String],
    entities: Vec<JsonMention<'a>>,
}

#[derive(Serialize)]
struct JsonMention<'a> {
    #[serde(rename = "type")]
    kind: &'a str,
    name: &'a str,
    mentions: u32,
}

/// Entities named with another (`byline related --json`): `[{type, name, count, lift}]`.
pub fn related(rel: &[crate::search::related::Related]) -> Vec<JsonRelated<'_>> {
    rel.iter()
        .map(|r| JsonRelated {
            kind: r.kind.as_str(),
            name: &r.name,
            count: r.count,
            lift: r.lift,
        })
        .collect()
}

/// One co-mentioned entity: see [`related`].
#[derive(Serialize)]
pub struct JsonRelated<'a> {
    #[serde(rename = "type")]
    kind: &'a str,
    name: &'a str,
    count: u64,
    lift: f64,
}

/// Articles per period (`byline timeline --json`): `[{period, count}]` in time order.
pub fn timeline(t: &crate::search::timeline::Timeline) -> Vec<JsonPeriod<'_>> {
    t.periods
        .iter()
        .map(|(p, c)| JsonPeriod {
            period: p,
            count: *c,
        })
        .collect()
}

/// One period of a timeline: see [`timeline`].
#[derive(Serialize)]
pub struct JsonPeriod<'a> {
    period: &'a str,
    count: u64,
}

/// An article's metadata: a hit's `article`, and the top of `show`.
#[derive(Serialize)]
pub struct JsonArticle<'a> {
    id: String,
    path: &'a str,
    /// Only for a file name that is not valid UTF-8 (`path` is then lossy): its exact bytes.
    #[serde(skip_serializing_if = "Option::is_none")]
    path_base64: Option<String>,
    record: Option<u64>,
    title: Option<&'a str>,
    title_derived: bool,
    date: Option<String>,
    source: Option<&'a str>,
    url: Option<&'a str>,
}

#[derive(Serialize)]
struct JsonPassage<'a> {
    index: u64,
    text: &'a str,
    highlights: &'a [(usize, usize)],
    entities: Vec<JsonEntity<'a>>,
}

#[derive(Serialize)]
struct JsonEntity<'a> {
    #[serde(rename = "type")]
    kind: &'a str,
    name: &'a str,
}

#[derive(Serialize)]
struct JsonFacetValue<'a> {
    name: &'a str,
    count: u64,
}

/// `facets`: one key per requested dimension, in the requested order.
pub struct JsonFacets<'a>(&'a Facets);

impl Serialize for JsonFacets<'_> {
    fn serialize<S: serde::Serializer>(&self, ser: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut m = ser.serialize_map(Some(self.0.len()))?;
        for (dim, values) in self.0 {
            let v: Vec<JsonFacetValue> = values
                .iter()
                .map(|x| JsonFacetValue {
                    name: &x.name,
                    count: x.count,
                })
                .collect();
            m.serialize_entry(dim.name(), &v)?;
        }
        m.end()
    }
}

#[derive(Serialize)]
struct JsonRef<'a> {
    path: &'a str,
    record: Option<u64>,
}

/// One hit of a search (`hits[]`, or a line of `--format jsonl`).
#[derive(Serialize)]
pub struct JsonHit<'a> {
    rank: usize,
    score: f64,
    article: JsonArticle<'a>,
    passage: JsonPassage<'a>,
    missing: &'a [String],
    copies: usize,
    duplicates: Vec<JsonRef<'a>>,
    near_copies: usize,
    near_duplicates: Vec<JsonNear<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    explain: Option<JsonExplain<'a>>,
}

#[derive(Serialize)]
struct JsonNear<'a> {
    path: &'a str,
    record: Option<u64>,
    title: Option<&'a str>,
    similarity: f64,
}

#[derive(Serialize)]
struct JsonWord<'a> {
    word: &'a str,
    bm25: f64,
    tf: Option<f64>,
    idf: Option<f64>,
    weight: f64,
}

#[derive(Serialize)]
struct JsonExplain<'a> {
    score: f64,
    passage: Vec<JsonWord<'a>>,
    passage_bm25: f64,
    title: Vec<JsonWord<'a>>,
    title_weight: f64,
    title_bm25: f64,
    coverage: f64,
    coverage_factor: f64,
    title_share: f64,
    title_factor: f64,
    passages: u32,
    about_factor: f64,
    partial_share: Option<f64>,
    duplicates_folded: usize,
}

/// Four decimals: an explanation's parts must multiply back to the score.
fn round4(x: f32) -> f64 {
    (x as f64 * 10000.0).round() / 10000.0
}

fn json_explain<'a>(e: &'a Explanation) -> JsonExplain<'a> {
    let words = |ws: &'a [WordScore]| -> Vec<JsonWord<'a>> {
        ws.iter()
            .map(|w| JsonWord {
                word: &w.word,
                bm25: round4(w.bm25),
                tf: w.tf.map(round4),
                idf: w.idf.map(round4),
                weight: round4(w.weight),
            })
            .collect()
    };
    JsonExplain {
        score: round4(e.score),
        passage: words(&e.passage_words),
        passage_bm25: round4(e.passage_bm25),
        title: words(&e.title_words),
        title_weight: round4(e.title_weight),
        title_bm25: round4(e.title_bm25),
        coverage: round4(e.coverage),
        coverage_factor: round4(e.coverage_factor),
        title_share: round4(e.title_share),
        title_factor: round4(e.title_factor),
        passages: e.passages,
        about_factor: round4(e.about_factor),
        partial_share: e.partial_share.map(round4),
        duplicates_folded: e.duplicates_folded,
    }
}

/// A search's whole answer: totals, hits and facets.
#[derive(Serialize)]
pub struct JsonResults<'a> {
    query: &'a str,
    total_articles: u64,
    total_partial: u64,
    total_passages: u64,
    ignored: &'a [String],
    took_ms: f64,
    hits: Vec<JsonHit<'a>>,
    facets: JsonFacets<'a>,
}

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

/// A date as JSON and text show it (`YYYY-MM-DD`, UTC), from seconds since the epoch.
pub fn date_of(secs: Option<i64>) -> Option<String> {
    secs.and_then(|s| chrono::DateTime::from_timestamp(s, 0))
        .map(|d| ymd(&d))
}

/// An article's metadata as JSON.
pub fn article(a: &crate::search::ArticleMeta) -> JsonArticle<'_> {
    JsonArticle {
        id: format!("{:016x}", a.id),
        path: &a.path,
        path_base64: a.raw_path.to_str().is_none().then(|| {
            use base64::Engine as _;
            base64::engine::general_purpose::STANDARD
                .encode(a.raw_path.as_os_str().as_encoded_bytes())
        }),
        record: a.record,
        title: a.title.as_deref(),
        title_derived: a.title_derived,
        date: date_of(a.date),
        source: a.source.as_deref(),
        url: a.url.as_deref(),
    }
}

/// One hit as JSON.
pub fn hit(h: &Hit) -> JsonHit<'_> {
    let a = &h.article;
    JsonHit {
        rank: h.rank,
        score: round3(h.score as f64),
        article: article(a),
        passage: JsonPassage {
            index: h.passage_index,
            text: &h.text,
            highlights: &h.highlights,
            entities: h
                .entities
                .iter()
                .map(|(k, n)| JsonEntity {
                    kind: k.as_str(),
                    name: n,
                })
                .collect(),
        },
        missing: &h.missing,
        copies: h.copies,
        duplicates: h
            .duplicates
            .iter()
            .map(|d| JsonRef {
                path: &d.path,
                record: d.record,
            })
            .collect(),
        near_copies: h.near_copies,
        near_duplicates: h
            .near_duplicates
            .iter()
            .map(|n| JsonNear {
                path: &n.article.path,
                record: n.article.record,
                title: n.title.as_deref(),
                similarity: round3(f64::from(n.similarity)),
            })
            .collect(),
        explain: h.explain.as_ref().map(json_explain),
    }
}
