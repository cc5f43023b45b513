//! Markdown parser: reads YAML/TOML front matter for metadata and strips Markdown
//! syntax from the body so only the readable text gets indexed.

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use super::date::parse_date;
use super::{clean_meta, Article, Parsed, Problem};

const TITLE_KEYS: &[&str] = &["title", "headline"];
const DATE_KEYS: &[&str] = &["date", "published", "published_at", "pubdate", "datetime"];
const SOURCE_KEYS: &[&str] = &["source", "publisher", "site"];
const URL_KEYS: &[&str] = &["url", "link", "canonical_url"];
const AUTHOR_KEYS: &[&str] = &["author", "authors", "byline"];
const TAG_KEYS: &[&str] = &["tags", "categories", "keywords"];

/// Parse one Markdown file (with optional front matter) into at most one article.
pub fn parse(text: &str) -> Parsed {
    let mut parsed = Parsed::default();
    let (meta, body_text) = split_front_matter(text, &mut parsed.warnings);

    let (mut paragraphs, headings) = render_body(body_text);

    let mut article = Article::default();
    if let Some(meta) = &meta {
        apply_meta(meta, &mut article, &mut parsed.warnings);
    }

    if article.title.is_none() {
        let heading = headings
            .iter()
            .find(|(level, _)| *level == HeadingLevel::H1)
            .or_else(|| headings.first());
        if let Some(&(_, idx)) = heading {
            if idx < paragraphs.len() {
                let text = paragraphs.remove(idx);
                article.title = clean_meta(&text);
            }
        }
    }
    article.title_derived = false;
    article.body = paragraphs.join("\n\n");

    if article.body.is_empty() && article.title.is_none() {
        parsed
            .skipped
            .push(Problem::new(None, "no article text found in the Markdown"));
        return parsed;
    }
    parsed.articles.push(article);
    parsed
}

// ---------------------------------------------------------------------------
// Front matter
// ---------------------------------------------------------------------------

/// A front-matter value reduced to what the article model needs.
#[derive(Debug, Clone, PartialEq)]
enum Meta {
    Scalar(String),
    List(Vec<String>),
    Other,
}

/// Front-matter entries in file order.
struct FrontMatter<'a> {
    /// (lower-cased key, original key, value)
    entries: Vec<(String, String, Meta)>,
    /// The raw front-matter text (between the fences).
    raw: &'a str,
    /// 1-based file line of the first line of `raw`.
    first_line: u64,
}

impl FrontMatter<'_> {
    /// The first entry whose key matches one of `aliases` (earlier aliases win).
    fn get(&self, aliases: &[&str]) -> Option<(&str, &Meta)> {
        aliases.iter().find_map(|alias| {
            self.entries
                .iter()
                .find(|(lower, _, _)| lower == alias)
                .map(|(_, key, value)| (key.as_str(), value))
        })
    }

    /// The 1-based file line where the top-level `key` is defined, if found.
    fn line_of_key(&self, key: &str) -> Option<u64> {
        let key = key.to_lowercase();
        self.raw.split('\n').enumerate().find_map(|(i, line)| {
            let rest = line.trim_start();
            let rest = rest.strip_prefix(['"', '\'']).unwrap_or(rest);
            let lower = rest.to_lowercase();
            let after = lower.strip_prefix(key.as_str())?;
            let after = after.strip_prefix(['"', '\'']).unwrap_or(after);
            let after = after.trim_start();
            (after.starts_with(':') || after.starts_with('=')).then(|| self.first_line + i as u64)
        })
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Fence {
    Yaml,
    Toml,
}

/// Split off the front matter. Returns the parsed front matter (if present and
/// valid) and the body text. Problems are pushed to `warnings`.
fn split_front_matter<'a>(
    text: &'a str,
    warnings: &mut Vec<Problem>,
) -> (Option<FrontMatter<'a>>, &'a str) {
    let first_end = text.find('\n').unwrap_or(text.len());
    let fence = match text[..first_end].trim_end() {
        "---" => Fence::Yaml,
        "+++" => Fence::Toml,
        _ => return (None, text),
    };
    let fm_start = (first_end + 1).min(text.len());

    // Look for the closing fence line.
    let mut pos = fm_start;
    let mut close: Option<(usize, usize)> = None; // (start of fence line, start of body)
    while pos < text.len() {
        let line_end = text[pos..].find('\n').map_or(text.len(), |i| pos + i);
        let line = text[pos..line_end].trim_end();
        let is_close = match fence {
            Fence::Yaml => line == "---" || line == "...",
            Fence::Toml => line == "+++",
        };
        if is_close {
            close = Some((pos, (line_end + 1).min(text.len())));
            break;
        }
        pos = line_end + 1;
    }

    let Some((fm_end, body_start)) = close else {
        warnings.push(Problem::new(
            Some(1),
            "front matter is never closed; treating the whole file as text",
        ));
        return (None, text);
    };
    let raw = &text[fm_start..fm_end];
    let body = &text[body_start..];
    let first_line = 2;

    let entries = match fence {
        Fence::Yaml => parse_yaml(raw, first_line, warnings),
        Fence::Toml => parse_toml(raw, first_line, warnings),
    };
    let fm = entries.map(|entries| FrontMatter {
        entries,
        raw,
        first_line,
    });
    (fm, body)
}

/// Cut the " at line N column M ..." suffix off a YAML error message: the
/// positions are relative to the front matter, and the line is reported separately.
fn strip_yaml_position(msg: &str) -> &str {
    let cut = [" at line ", " at position "]
        .iter()
        .filter_map(|pat| msg.find(pat))
        .min();
    match cut {
        Some(i) => &msg[..i],
        None => msg,
    }
}

fn parse_yaml(
    raw: &str,
    first_line: u64,
    warnings: &mut Vec<Problem>,
) -> Option<Vec<(String, String, Meta)>> {
    if raw.trim().is_empty() {
        return Some(Vec::new());
    }
    let value: serde_norway::Value = match serde_norway::from_str(raw) {
        Ok(v) => v,
        Err(err) => {
            let line = err
                .location()
                .map(|loc| first_line + (loc.line() as u64).saturating_sub(1));
            let msg = err.to_string();
            warnings.push(Problem::new(
                line.or(Some(1)),
                format!(
                    "front matter is not valid YAML: {}",
                    strip_yaml_position(&msg)
                ),
            ));
            return None;
        }
    };
    let value = untag(value);
    let mapping = match value {
        serde_norway::Value::Mapping(m) => m,
        serde_norway::Value::Null => return Some(Vec::new()),
        _ => {
            warnings.push(Problem::new(
                Some(1),
                "front matter is not valid YAML: expected a mapping of keys to values",
            ));
            return None;
        }
    };
    let entries = mapping
        .into_iter()
        .filter_map(|(k, v)| {
            let key = yaml_scalar(&untag(k))?;
            Some((key.to_lowercase(), key, yaml_meta(v)))
        })
        .collect();
    Some(entries)
}

fn untag(value: serde_norway::Value) -> serde_norway::Value {
    let mut value = value;
    // Tags can nest (`!a !b x` is invalid YAML, but be defensive): loop, don't recurse.
    while let serde_norway::Value::Tagged(tagged) = value {
        value = tagged.value;
    }
    value
}

fn yaml_scalar(value: &serde_norway::Value) -> Option<String> {
    use serde_norway::Value;
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Tagged(t) => yaml_scalar(&t.value),
        _ => None,
    }
}

/// A list item: a scalar, or a mapping with a `name` (e.g. `authors: [{name: X}]`).
fn yaml_item(value: &serde_norway::Value) -> Option<String> {
    if let serde_norway::Value::Mapping(m) = value {
        return m
            .iter()
            .find(|(k, _)| k.as_str().is_some_and(|k| k.eq_ignore_ascii_case("name")))
            .and_then(|(_, v)| yaml_scalar(v));
    }
    yaml_scalar(value)
}

fn yaml_meta(value: serde_norway::Value) -> Meta {
    let value = untag(value);
    match &value {
        serde_norway::Value::Sequence(items) => {
            Meta::List(items.iter().filter_map(yaml_item).collect())
        }
        serde_norway::Value::Mapping(_) => yaml_item(&value).map_or(Meta::Other, Meta::Scalar),
        _ => yaml_scalar(&value).map_or(Meta::Other, Meta::Scalar),
    }
}

fn parse_toml(
    raw: &str,
    first_line: u64,
    warnings: &mut Vec<Problem>,
) -> Option<Vec<(String, String, Meta)>> {
    let table: toml::Table = match toml::from_str(raw) {
        Ok(t) => t,
        Err(err) => {
            let line = err.span().map(|span| {
                let offset = span.start.min(raw.len());
                // `span` is a byte offset; count newlines before it (bytes, so no
                // char-boundary concerns).
                let newlines = raw.as_bytes()[..offset]
                    .iter()
                    .filter(|&&b| b == b'\n')
                    .count();
                first_line + newlines as u64
            });
            warnings.push(Problem::new(
                line.or(Some(1)),
                format!(
                    "front matter is not valid TOML: {}",
                    err.message().trim_end()
                ),
            ));
            return None;
        }
    };
    let entries = table
        .into_iter()
        .map(|(key, value)| (key.to_lowercase(), key, toml_meta(&value)))
        .collect();
    Some(entries)
}

fn toml_scalar(value: &toml::Value) -> Option<String> {
    use toml::Value;
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Integer(i) => Some(i.to_string()),
        Value::Float(f) => Some(f.to_string()),
        Value::Boolean(b) => Some(b.to_string()),
        Value::Datetime(d) => Some(d.to_string()),
        Value::Table(t) => t
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case("name"))
            .and_then(|(_, v)| match v {
                Value::Table(_) | Value::Array(_) => None,
                other => toml_scalar(other),
            }),
        Value::Array(_) => None,
    }
}

fn toml_meta(value: &toml::Value) -> Meta {
    match value {
        toml::Value::Array(items) => Meta::List(items.iter().filter_map(toml_scalar).collect()),
        other => toml_scalar(other).map_or(Meta::Other, Meta::Scalar),
    }
}

fn scalar(meta: &Meta) -> Option<String> {
    match meta {
        Meta::Scalar(s) => clean_meta(s),
        Meta::List(items) => items.iter().find_map(|s| clean_meta(s)),
        Meta::Other => None,
    }
}

fn apply_meta(fm: &FrontMatter<'_>, article: &mut Article, warnings: &mut Vec<Problem>) {
    article.title = fm.get(TITLE_KEYS).and_then(|(_, v)| scalar(v));
    article.source = fm.get(SOURCE_KEYS).and_then(|(_, v)| scalar(v));
    article.url = fm.get(URL_KEYS).and_then(|(_, v)| scalar(v));

    article.author = fm.get(AUTHOR_KEYS).and_then(|(_, v)| match v {
        Meta::List(items) => {
            let names: Vec<String> = items.iter().filter_map(|s| clean_meta(s)).collect();
            (!names.is_empty()).then(|| names.join(", "))
        }
        other => scalar(other),
    });

    if let Some((_, value)) = fm.get(TAG_KEYS) {
        let raw: Vec<String> = match value {
            Meta::List(items) => items.clone(),
            Meta::Scalar(s) => s.split(',').map(str::to_string).collect(),
            Meta::Other => Vec::new(),
        };
        for tag in raw.iter().filter_map(|t| clean_meta(t)) {
            if !article.tags.contains(&tag) {
                article.tags.push(tag);
            }
        }
    }

    if let Some((key, value)) = fm.get(DATE_KEYS) {
        if let Some(date_text) = scalar(value) {
            match parse_date(&date_text) {
                Some(date) => article.date = Some(date),
                None => warnings.push(Problem::new(
                    fm.line_of_key(key).or(Some(1)),
                    format!("unparseable date {:?}", date_text),
                )),
            }
        }
    }
}

// ---------------------------------------------------------------------------
// Body
// ---------------------------------------------------------------------------

/// Collects plain-text paragraphs from pulldown-cmark events.
#[derive(Default)]
struct Renderer {
    paragraphs: Vec<String>,
    current: String,
    in_code: bool,
    image_depth: usize,
    heading: Option<HeadingLevel>,
    /// (level, index into `paragraphs`) of every non-empty heading.
    headings: Vec<(HeadingLevel, usize)>,
}

impl Renderer {
    fn push(&mut self, s: &str) {
        if self.image_depth == 0 {
            self.current.push_str(s);
        }
    }

    fn flush(&mut self) {
        let raw = std::mem::take(&mut self.current);
        let text = if self.in_code {
            raw.trim_matches('\n').trim_end().to_string()
        } else {
            raw.split('\n')
                .map(|line| line.split_whitespace().collect::<Vec<_>>().join(" "))
                .filter(|line| !line.is_empty())
                .collect::<Vec<_>>()
                .join("\n")
        };
        if text.trim().is_empty() {
            return;
        }
        if let Some(level) = self.heading {
            self.headings.push((level, self.paragraphs.len()));
        }
        self.paragraphs.push(text);
    }

    fn event(&mut self, event: Event<'_>) {
        match event {
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(tag),
            Event::Text(t) | Event::Code(t) | Event::InlineMath(t) | Event::DisplayMath(t) => {
                self.push(&t)
            }
            Event::SoftBreak => self.push(" "),
            Event::HardBreak => self.push("\n"),
            Event::Rule => self.flush(),
            Event::InlineHtml(html) if is_br(&html) => self.push("\n"),
            Event::Html(_)
            | Event::InlineHtml(_)
            | Event::FootnoteReference(_)
            | Event::TaskListMarker(_) => {}
        }
    }

    fn start(&mut self, tag: Tag<'_>) {
        match tag {
            Tag::Heading { level, .. } => {
                self.flush();
                self.heading = Some(level);
            }
            Tag::CodeBlock(_) => {
                self.flush();
                self.in_code = true;
            }
            Tag::Image { .. } => self.image_depth += 1,
            Tag::TableCell => {
                if !self.current.is_empty() {
                    self.push(" ");
                }
            }
            Tag::Paragraph
            | Tag::BlockQuote(_)
            | Tag::HtmlBlock
            | Tag::List(_)
            | Tag::Item
            | Tag::FootnoteDefinition(_)
            | Tag::DefinitionList
            | Tag::DefinitionListTitle
            | Tag::DefinitionListDefinition
            | Tag::Table(_)
            | Tag::TableHead
            | Tag::TableRow
            | Tag::MetadataBlock(_) => self.flush(),
            Tag::Emphasis
            | Tag::Strong
            | Tag::Strikethrough
            | Tag::Superscript
            | Tag::Subscript
            | Tag::Link { .. } => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Heading(_) => {
                self.flush();
                self.heading = None;
            }
            TagEnd::CodeBlock => {
                self.flush();
                self.in_code = false;
            }
            TagEnd::Image => self.image_depth = self.image_depth.saturating_sub(1),
            TagEnd::TableCell => {}
            TagEnd::Paragraph
            | TagEnd::BlockQuote(_)
            | TagEnd::HtmlBlock
            | TagEnd::List(_)
            | TagEnd::Item
            | TagEnd::FootnoteDefinition
            | TagEnd::DefinitionList
            | TagEnd::DefinitionListTitle
            | TagEnd::DefinitionListDefinition
            | TagEnd::Table
            | TagEnd::TableHead
            | TagEnd::TableRow
            | TagEnd::MetadataBlock(_) => self.flush(),
            TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Superscript
            | TagEnd::Subscript
            | TagEnd::Link => {}
        }
    }
}

/// `<br>`, `<br/>`, `<BR />`: a line break written as raw HTML.
fn is_br(html: &str) -> bool {
    let lower = html.trim().to_ascii_lowercase();
    lower
        .strip_prefix("<br")
        .is_some_and(|rest| rest.starts_with(['>', '/', ' ']))
}

/// Render Markdown to plain-text paragraphs; also returns where the headings are.
fn render_body(markdown: &str) -> (Vec<String>, Vec<(HeadingLevel, usize)>) {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_HEADING_ATTRIBUTES;
    let mut renderer = Renderer::default();
    for event in Parser::new_ext(markdown, options) {
        renderer.event(event);
    }
    renderer.flush();
    (renderer.paragraphs, renderer.headings)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeZone, Utc};

    fn one(text: &str) -> (Article, Parsed) {
        let mut parsed = parse(text);
        assert_eq!(parsed.articles.len(), 1, "{parsed:?}");
        let article = parsed.articles.remove(0);
        (article, parsed)
    }

    #[test]
    fn yaml_front_matter_fields() {
        let text = "---\n\
Title: Chipmaker Ships A Widget\n\
date: 2024-03-05\n\
publisher: Example Wire\n\
link: https://example.com/widget\n\
authors:\n  - Ada Lovelace\n  - Alan Turing\n\
tags: [chips, hardware, chips]\n\
---\n\
The widget is out.\n\nIt is small.\n";
        let (a, parsed) = one(text);
        assert!(parsed.warnings.is_empty(), "{:?}", parsed.warnings);
        assert_eq!(a.title.as_deref(), Some("Chipmaker Ships A Widget"));
        assert!(!a.title_derived);
        assert_eq!(a.date, Utc.with_ymd_and_hms(2024, 3, 5, 0, 0, 0).single());
        assert_eq!(a.source.as_deref(), Some("Example Wire"));
        assert_eq!(a.url.as_deref(), Some("https://example.com/widget"));
        assert_eq!(a.author.as_deref(), Some("Ada Lovelace, Alan Turing"));
        assert_eq!(a.tags, vec!["chips", "hardware"]);
        assert_eq!(a.body, "The widget is out.\n\nIt is small.");
        assert_eq!(a.record, None);
    }

    #[test]
    fn yaml_tags_as_comma_string_and_closing_dots() {
        let text = "---\nheadline: \"Quoted: Title\"\nkeywords: ai, robots , \nbyline: Grace Hopper\n...\nBody.\n";
        let (a, parsed) = one(text);
        assert!(parsed.warnings.is_empty());
        assert_eq!(a.title.as_deref(), Some("Quoted: Title"));
        assert_eq!(a.tags, vec!["ai", "robots"]);
        assert_eq!(a.author.as_deref(), Some("Grace Hopper"));
        assert_eq!(a.body, "Body.");
    }

    #[test]
    fn yaml_authors_as_mappings() {
        let text = "---\nauthors:\n  - name: Ada\n  - name: Bob\n---\nx\n";
        let (a, _) = one(text);
        assert_eq!(a.author.as_deref(), Some("Ada, Bob"));
    }

    #[test]
    fn toml_front_matter_with_toml_date() {
        let text = "+++\ntitle = \"Rust 9.0 Released\"\ndate = 2024-06-01T12:30:00Z\n\
categories = [\"rust\", \"release\"]\nsite = \"Lang News\"\n+++\n# Heading stays\n\nText.\n";
        let (a, parsed) = one(text);
        assert!(parsed.warnings.is_empty(), "{:?}", parsed.warnings);
        assert_eq!(a.title.as_deref(), Some("Rust 9.0 Released"));
        assert_eq!(a.date, Utc.with_ymd_and_hms(2024, 6, 1, 12, 30, 0).single());
        assert_eq!(a.tags, vec!["rust", "release"]);
        assert_eq!(a.source.as_deref(), Some("Lang News"));
        // A front-matter title wins, so the heading stays in the body.
        assert_eq!(a.body, "Heading stays\n\nText.");
    }

    #[test]
    fn toml_local_date() {
        let text = "+++\npublished = 2023-01-02\n+++\nx\n";
        let (a, parsed) = one(text);
        assert!(parsed.warnings.is_empty(), "{:?}", parsed.warnings);
        assert_eq!(a.date, Utc.with_ymd_and_hms(2023, 1, 2, 0, 0, 0).single());
    }

    #[test]
    fn numeric_date_goes_through_parse_date() {
        // A YAML number (a bare year) is passed on as text rather than ignored.
        let (a, parsed) = one("---\ndate: 2024\n---\nx\n");
        assert!(parsed.warnings.is_empty(), "{:?}", parsed.warnings);
        assert_eq!(a.date, Utc.with_ymd_and_hms(2024, 1, 1, 0, 0, 0).single());
        let (_, parsed) = one("---\ndate: 99999\n---\nx\n");
        assert_eq!(
            parsed.warnings,
            vec![Problem::new(Some(2), "unparseable date \"99999\"")]
        );
    }

    #[test]
    fn unparseable_date_warns_with_line() {
        let text = "---\ntitle: T\npubDate: next tuesday\n---\nBody text.\n";
        let (a, parsed) = one(text);
        assert_eq!(a.date, None);
        assert_eq!(a.title.as_deref(), Some("T"));
        assert_eq!(a.body, "Body text.");
        assert_eq!(
            parsed.warnings,
            vec![Problem::new(Some(3), "unparseable date \"next tuesday\"")]
        );
    }

    #[test]
    fn link_text_kept_url_dropped() {
        let (a, _) = one("Read [the announcement](https://example.com/post \"t\") now, or <https://auto.example/>.\n");
        assert_eq!(
            a.body,
            "Read the announcement now, or https://auto.example/."
        );
        assert!(!a.body.contains("example.com/post"));
    }

    #[test]
    fn image_dropped_entirely() {
        let (a, _) =
            one("Before ![a cat picture](cat.png \"Cat\") after.\n\n![alone](x.png)\n\nEnd.\n");
        assert_eq!(a.body, "Before after.\n\nEnd.");
    }

    #[test]
    fn code_block_content_without_fences() {
        let text = "Intro with `inline()` code.\n\n```rust\nfn main() {\n    println!(\"hi\");\n}\n```\n\n    indented\n    block\n\nOutro.\n";
        let (a, _) = one(text);
        assert_eq!(
            a.body,
            "Intro with inline() code.\n\nfn main() {\n    println!(\"hi\");\n}\n\nindented\nblock\n\nOutro."
        );
        assert!(!a.body.contains("```"));
        assert!(!a.body.contains("rust"));
    }

    #[test]
    fn heading_title_fallback_prefers_h1() {
        let text = "## Kicker\n\nSome text.\n\n# The *Real* Headline\n\nMore text.\n";
        let (a, _) = one(text);
        assert_eq!(a.title.as_deref(), Some("The Real Headline"));
        assert!(!a.title_derived);
        assert_eq!(a.body, "Kicker\n\nSome text.\n\nMore text.");
    }

    #[test]
    fn heading_title_fallback_any_level() {
        let (a, _) = one("Setext Title\n------------\n\nText here.\n");
        assert_eq!(a.title.as_deref(), Some("Setext Title"));
        assert_eq!(a.body, "Text here.");
    }

    #[test]
    fn no_title_at_all() {
        let (a, _) = one("Just a paragraph.\n");
        assert_eq!(a.title, None);
        assert!(!a.title_derived);
        assert_eq!(a.body, "Just a paragraph.");
    }

    #[test]
    fn malformed_yaml_warns_and_indexes_body() {
        let text = "---\ntitle: ok\ntags: [unclosed\nsecret: front matter text\n---\n# Body Title\n\nBody text.\n";
        let (a, parsed) = one(text);
        assert_eq!(parsed.warnings.len(), 1);
        let w = &parsed.warnings[0];
        assert!(
            w.message.starts_with("front matter is not valid YAML: "),
            "{w:?}"
        );
        assert!(!w.message.contains(" at line "), "{w:?}");
        assert!(matches!(w.line, Some(2..=5)), "{w:?}");
        assert_eq!(a.title.as_deref(), Some("Body Title"));
        assert_eq!(a.body, "Body text.");
        assert!(!a.body.contains("secret"));
    }

    #[test]
    fn malformed_toml_warns_with_line() {
        let text = "+++\ntitle = \"ok\"\ndate = = 3\n+++\nBody.\n";
        let (a, parsed) = one(text);
        assert_eq!(parsed.warnings.len(), 1);
        assert_eq!(parsed.warnings[0].line, Some(3));
        assert!(parsed.warnings[0]
            .message
            .starts_with("front matter is not valid TOML: "));
        assert_eq!(a.title, None);
        assert_eq!(a.body, "Body.");
    }

    #[test]
    fn non_mapping_yaml_is_treated_as_absent() {
        let (a, parsed) = one("---\n- a\n- b\n---\nBody.\n");
        assert_eq!(parsed.warnings.len(), 1);
        assert_eq!(a.body, "Body.");
    }

    #[test]
    fn empty_front_matter_is_fine() {
        let (a, parsed) = one("---\n---\nBody.\n");
        assert!(parsed.warnings.is_empty());
        assert_eq!(a.body, "Body.");
    }

    #[test]
    fn missing_closing_fence() {
        let text = "---\ntitle: Never closed\n\nThe text goes on.\n";
        let (a, parsed) = one(text);
        assert_eq!(parsed.warnings.len(), 1);
        assert_eq!(parsed.warnings[0].line, Some(1));
        assert!(a.body.contains("title: Never closed"), "{:?}", a.body);
        assert!(a.body.contains("The text goes on."));
        assert_eq!(a.date, None);
    }

    #[test]
    fn structure_becomes_paragraphs() {
        let text = "Para one\nsoft wrapped.  \nHard break.\n\n> Quoted *words* &amp; more.\n\n\
- item **one**\n- item two\n  - nested\n\n| A | B |\n|---|---|\n| 1 | 2 |\n\n---\n\n\
<div class=\"x\">\n<b>raw</b>\n</div>\n\nText <span>inside</span> span<br/>broken.\n";
        let (a, _) = one(text);
        assert_eq!(
            a.body,
            "Para one soft wrapped.\nHard break.\n\nQuoted words & more.\n\nitem one\n\nitem two\n\n\
nested\n\nA B\n\n1 2\n\nText inside span\nbroken."
        );
    }

    #[test]
    fn empty_file_is_skipped() {
        for text in ["", "   \n\n", "---\n---\n", "![only](image.png)\n"] {
            let parsed = parse(text);
            assert!(parsed.articles.is_empty(), "{text:?}");
            assert_eq!(parsed.skipped.len(), 1, "{text:?}");
        }
    }

    #[test]
    fn front_matter_title_only_is_kept() {
        let (a, _) = one("---\ntitle: Only a title\n---\n");
        assert_eq!(a.title.as_deref(), Some("Only a title"));
        assert_eq!(a.body, "");
    }

    #[test]
    fn pathological_inputs_do_not_panic() {
        let deep_quote = ">".repeat(20_000) + " x\n";
        let deep_list: String = (0..2_000)
            .map(|i| format!("{}- x\n", "  ".repeat(i)))
            .collect();
        let brackets = "[".repeat(20_000) + &"]".repeat(20_000);
        let deep_yaml = format!("---\nk: {}\n---\nbody\n", "[".repeat(5_000));
        for text in [
            deep_quote.as_str(),
            deep_list.as_str(),
            brackets.as_str(),
            deep_yaml.as_str(),
            "---",
            "+++",
            "---\n",
            "+++\n+++",
            "---\n: : :\n---",
            "\u{0}\u{feff}é",
        ] {
            let _ = parse(text);
        }
    }
}
