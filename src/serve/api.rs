//! The JSON API: request parameters become the CLI's arguments (parsed by the CLI's own parser,
//! so the options mean exactly what they mean on the command line), the library answers, and
//! the answer is the CLI's JSON (`byline::json`). Everything here runs on the blocking pool.

use axum::http::StatusCode;

use super::error::ApiError;
use crate::cli::{Cli, Command};
use crate::search::{Engine, Request};

/// Longest query, in characters.
pub const MAX_QUERY_CHARS: usize = 1000;
/// Largest `limit`, `n` and `facet_limit`.
pub const MAX_LIMIT: usize = 100;
/// Largest `offset`.
pub const MAX_OFFSET: usize = 10_000;
/// Largest `per_article`.
pub const MAX_PER_ARTICLE: usize = 10;

/// A request's parameters in order, repeated keys kept (`f=a&f=b`).
#[derive(Debug, Default)]
pub struct Params(Vec<(String, String)>);

impl Params {
    /// Decode a query string (`application/x-www-form-urlencoded`).
    pub fn parse(raw: Option<&str>) -> Params {
        Params(
            url::form_urlencoded::parse(raw.unwrap_or("").as_bytes())
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect(),
        )
    }

    fn get(&self, key: &str) -> Option<&str> {
        self.0
            .iter()
            .rev()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// The query (`q`), trimmed; empty when absent.
    fn query(&self) -> Result<String, ApiError> {
        let q = self.get("q").unwrap_or("").trim().to_string();
        if q.chars().count() > MAX_QUERY_CHARS {
            return Err(ApiError::bad(format!(
                "the query is longer than {MAX_QUERY_CHARS} characters"
            )));
        }
        Ok(q)
    }

    /// The command line these parameters stand for: `byline COMMAND --flag=value ... -- ARG`.
    /// `table` maps each accepted parameter to its flag; any other parameter is an error.
    fn argv(
        &self,
        command: &str,
        table: &[Param],
        arg: Option<&str>,
    ) -> Result<Vec<String>, ApiError> {
        let mut argv = vec!["byline".to_string(), command.to_string()];
        for (key, value) in &self.0 {
            if key == "q" || key == "name" {
                continue;
            }
            let Some(p) = table.iter().find(|p| p.name == key) else {
                let known: Vec<&str> = table.iter().map(|p| p.name).collect();
                return Err(ApiError::bad(format!(
                    "unknown parameter '{key}' (this endpoint takes q, {})",
                    known.join(", ")
                )));
            };
            match p.kind {
                Kind::Value => argv.push(format!("{}={value}", p.flag)),
                Kind::Switch => match value.as_str() {
                    "" | "1" | "true" | "yes" | "on" => argv.push(p.flag.to_string()),
                    "0" | "false" | "no" | "off" => {}
                    _ => {
                        return Err(ApiError::bad(format!(
                            "parameter '{key}' is true or false, not '{value}'"
                        )))
                    }
                },
            }
        }
        if let Some(a) = arg.filter(|a| !a.is_empty()) {
            argv.push("--".into());
            argv.push(a.to_string());
        }
        Ok(argv)
    }
}

#[derive(Clone, Copy)]
enum Kind {
    /// `--flag=value`.
    Value,
    /// `--flag` when true.
    Switch,
}

/// A parameter and the CLI flag it stands for.
struct Param {
    name: &'static str,
    flag: &'static str,
    kind: Kind,
}

const fn value(name: &'static str, flag: &'static str) -> Param {
    Param {
        name,
        flag,
        kind: Kind::Value,
    }
}

const fn switch(name: &'static str, flag: &'static str) -> Param {
    Param {
        name,
        flag,
        kind: Kind::Switch,
    }
}

const SEARCH: &[Param] = &[
    value("limit", "--limit"),
    value("offset", "--offset"),
    value("per_article", "--per-article"),
    value("since", "--since"),
    value("until", "--until"),
    value("source", "--source"),
    value("sort", "--sort"),
    switch("strict", "--strict"),
    switch("duplicates", "--duplicates"),
    value("facets", "--facets"),
    value("facet_limit", "--facet-limit"),
    value("f", "--filter"),
    switch("same_passage", "--same-passage"),
    switch("explain", "--explain"),
];

const FACETS: &[Param] = &[value("type", "--type"), value("n", "--limit")];

const TIMELINE: &[Param] = &[value("f", "--filter"), value("by", "--by")];

const RELATED: &[Param] = &[value("type", "--type"), value("n", "--limit")];

/// Parse an argv with the CLI's parser; its complaint (first line) is a 400, with the
/// parameters' names where it names flags.
fn parse_cli(argv: Vec<String>, table: &[Param]) -> Result<Command, ApiError> {
    match <Cli as clap::Parser>::try_parse_from(argv) {
        Ok(cli) => Ok(cli.command),
        Err(e) => {
            let text = e.to_string();
            let first = text.lines().next().unwrap_or("").trim();
            let mut msg = first.strip_prefix("error: ").unwrap_or(first).to_string();
            for p in table {
                msg = msg.replace(p.flag, p.name);
            }
            Err(ApiError::bad(msg))
        }
    }
}

fn check_limit(name: &str, value: usize, max: usize) -> Result<(), ApiError> {
    if value > max {
        return Err(ApiError::bad(format!("{name} is at most {max}")));
    }
    Ok(())
}

/// `/api/search`'s parameters as the request `byline search` builds from the same options.
pub fn search_request(p: &Params) -> Result<Request, ApiError> {
    let q = p.query()?;
    if q.is_empty() {
        return Err(ApiError::bad("q (the query) is required"));
    }
    request_from(p, SEARCH, &q)
}

fn request_from(p: &Params, table: &[Param], q: &str) -> Result<Request, ApiError> {
    let Command::Search(args) = parse_cli(p.argv("search", table, Some(q))?, table)? else {
        unreachable!("parsed as search")
    };
    let req = Request::try_from(&args).map_err(|e| ApiError::bad(format!("{e:#}")))?;
    check_limit("limit", req.limit, MAX_LIMIT)?;
    check_limit("offset", req.offset, MAX_OFFSET)?;
    check_limit("per_article", req.per_article, MAX_PER_ARTICLE)?;
    check_limit("facet_limit", req.facet_limit, MAX_LIMIT)?;
    Ok(req)
}

/// The answer as JSON bytes.
fn to_json(v: &impl serde::Serialize) -> Result<Vec<u8>, ApiError> {
    serde_json::to_vec(v).map_err(|e| ApiError::internal(format!("cannot write JSON: {e}")))
}

/// `GET /api/search`: as `byline search --json`.
pub fn search(engine: &Engine, p: &Params) -> Result<Vec<u8>, ApiError> {
    let req = search_request(p)?;
    let (results, _notices) = engine.search(&req).map_err(ApiError::from_engine)?;
    to_json(&byline::json::search(&results))
}

/// `GET /api/facets`: as `byline facets --json` (no `q`: over the whole index).
pub fn facets(engine: &Engine, p: &Params) -> Result<Vec<u8>, ApiError> {
    let q = p.query()?;
    let Command::Facets(args) = parse_cli(p.argv("facets", FACETS, Some(&q))?, FACETS)? else {
        unreachable!("parsed as facets")
    };
    check_limit("n", args.limit, MAX_LIMIT)?;
    let facets = if q.is_empty() {
        engine.index_facets(&args.kinds.0, args.limit)
    } else {
        engine.facets(&(&args).into()).map(|f| f.0)
    }
    .map_err(ApiError::from_engine)?;
    to_json(&byline::json::facets(&facets))
}

/// Parameters `/api/timeline` takes beyond `byline timeline`'s, when there is a query.
const TIMELINE_WITH_QUERY: &[Param] = &[
    value("f", "--filter"),
    value("since", "--since"),
    value("until", "--until"),
    value("source", "--source"),
    switch("strict", "--strict"),
    switch("duplicates", "--duplicates"),
    switch("same_passage", "--same-passage"),
];

/// `GET /api/timeline`: as `byline timeline --json`; with `q`, the search's date and source
/// bounds apply too (the web page's timeline is the current result set's).
pub fn timeline(engine: &Engine, p: &Params) -> Result<Vec<u8>, ApiError> {
    let q = p.query()?;
    let by_only = Params(p.0.iter().filter(|(k, _)| k == "by").cloned().collect());
    let Command::Timeline(targs) = parse_cli(by_only.argv("timeline", TIMELINE, None)?, TIMELINE)?
    else {
        unreachable!("parsed as timeline")
    };
    let by = targs.by.into();
    let (timeline, _) = if q.is_empty() {
        let Command::Timeline(args) = parse_cli(p.argv("timeline", TIMELINE, None)?, TIMELINE)?
        else {
            unreachable!("parsed as timeline")
        };
        engine.timeline_all(&args.filter, by)
    } else {
        let rest = Params(p.0.iter().filter(|(k, _)| k != "by").cloned().collect());
        let req = request_from(&rest, TIMELINE_WITH_QUERY, &q)?;
        engine.timeline(&req, by)
    }
    .map_err(ApiError::from_engine)?;
    to_json(&byline::json::timeline(&timeline))
}

/// `GET /api/related`: as `byline related --json NAME`.
pub fn related(engine: &Engine, p: &Params) -> Result<Vec<u8>, ApiError> {
    let name = p.get("name").unwrap_or("").trim().to_string();
    if name.is_empty() {
        return Err(ApiError::bad(
            "name (an entity, e.g. org:Nvidia or Nvidia) is required",
        ));
    }
    if name.chars().count() > MAX_QUERY_CHARS {
        return Err(ApiError::bad("the name is too long"));
    }
    let Command::Related(args) = parse_cli(p.argv("related", RELATED, Some(&name))?, RELATED)?
    else {
        unreachable!("parsed as related")
    };
    check_limit("n", args.limit, MAX_LIMIT)?;
    let Some((kind, canonical)) = engine
        .resolve_any(&args.name)
        .map_err(ApiError::from_engine)?
    else {
        let bare = name.rsplit(':').next().unwrap_or(&name);
        let mut known = Vec::new();
        for k in byline::Kind::ALL {
            known.extend(engine.entity_names(k).map_err(ApiError::from_engine)?);
        }
        let close = crate::search::closest_names(bare, &known);
        let hint = if close.is_empty() {
            String::new()
        } else {
            format!("; did you mean {}?", close.join(", "))
        };
        return Err(ApiError::new(
            StatusCode::NOT_FOUND,
            "not_found",
            format!("no entity named '{name}' in the index{hint}"),
        ));
    };
    let rel = engine
        .related(kind, &canonical, args.kind, args.limit)
        .map_err(ApiError::from_engine)?;
    to_json(&byline::json::related(&rel))
}

/// `GET /api/articles/{id}`: as `byline show --json ID`. Only ids (16 hex digits): a request
/// never names a file.
pub fn article(engine: &Engine, id: &str) -> Result<Vec<u8>, ApiError> {
    if id.len() != 16 || !id.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(ApiError::bad(
            "an article id is 16 hexadecimal digits (a hit's article.id)",
        ));
    }
    let found = engine.find_article(id).map_err(ApiError::from_engine)?;
    let Some(doc) = found else {
        return Err(ApiError::new(
            StatusCode::NOT_FOUND,
            "not_found",
            format!("no article {id} in the index"),
        ));
    };
    let shown = engine.show(doc).map_err(ApiError::from_engine)?;
    to_json(&byline::json::show(&shown))
}

/// `GET /api/stats`: as `byline stats --json`.
pub fn stats(dir: &std::path::Path) -> Result<Vec<u8>, ApiError> {
    let s = byline::stats(dir).map_err(ApiError::unavailable)?;
    to_json(&s)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(q: &str) -> Params {
        Params::parse(Some(q))
    }

    #[test]
    fn parameters_become_the_cli_s_options() {
        let p = params("q=chip+shortage&limit=5&f=org:Intel&f=%21person:Bob&same_passage=1&sort=newest&since=2024-01-01");
        let req = search_request(&p).unwrap();
        assert_eq!(req.query, "chip shortage");
        assert_eq!(req.limit, 5);
        assert_eq!(req.filters.len(), 2);
        assert!(req.filters[1].negate);
        assert!(req.same_passage);
        assert_eq!(req.sort, crate::search::Sort::Newest);
        assert!(req.since.is_some());
        // The CLI's own request for the same options.
        let Command::Search(a) = parse_cli(
            [
                "byline",
                "search",
                "-n",
                "5",
                "-f",
                "org:Intel",
                "-f",
                "!person:Bob",
                "--same-passage",
                "--sort",
                "newest",
                "--since",
                "2024-01-01",
                "chip shortage",
            ]
            .map(String::from)
            .to_vec(),
            SEARCH,
        )
        .unwrap() else {
            unreachable!()
        };
        let cli = Request::try_from(&a).unwrap();
        assert_eq!(format!("{cli:?}"), format!("{req:?}"));
    }

    #[test]
    fn bad_parameters_are_400s_that_say_why() {
        for (q, says) in [
            ("", "q (the query) is required"),
            ("q=a&limit=x", "invalid value 'x'"),
            ("q=a&limit=500", "limit is at most 100"),
            ("q=a&offset=20000", "offset is at most 10000"),
            ("q=a&colour=red", "unknown parameter 'colour'"),
            ("q=a&strict=maybe", "true or false"),
            ("q=a&f=planet:Mars", "planet"),
            ("q=a&sort=sideways", "sideways"),
        ] {
            let e = search_request(&params(q)).unwrap_err();
            assert_eq!(e.status, StatusCode::BAD_REQUEST, "{q}");
            assert!(e.message.contains(says), "{q}: {}", e.message);
        }
        let long = format!("q={}", "a".repeat(MAX_QUERY_CHARS + 1));
        assert!(search_request(&params(&long)).is_err());
    }

    #[test]
    fn a_value_that_looks_like_a_flag_stays_a_value() {
        let req = search_request(&params("q=--limit+5")).unwrap();
        assert_eq!(req.query, "--limit 5");
        assert_eq!(req.limit, 10);
    }
}
