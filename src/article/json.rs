//! JSON (`.json`: one object, an array of objects, or `{"articles": [...]}`) and JSON Lines
//! (`.jsonl` / `.ndjson`: one object per line). Each object is one article; field names vary
//! between scrapers, so each metadata field has a list of aliases.

use serde_json::{Map, Value};

use super::{charref, clean_meta, date::parse_date, Article, Parsed, Problem};

const TITLE: &[&str] = &["title", "headline"];
const BODY: &[&str] = &[
    "body",
    "text",
    "content",
    "article",
    "description",
    "maintext",
];
const DATE: &[&str] = &[
    "date",
    "published",
    "published_at",
    "publishedat",
    "pubdate",
    "datetime",
    "date_publish",
    "published_date",
    "year",
];
const URL: &[&str] = &["url", "link"];
const SOURCE: &[&str] = &["source", "publisher", "site", "domain", "source_domain"];
const AUTHOR: &[&str] = &["author", "authors", "byline"];
const TAGS: &[&str] = &["tags", "keywords", "categories", "topics"];

/// A whole `.json` file.
pub fn parse(text: &str) -> Parsed {
    let mut parsed = Parsed::default();
    let value: Value = match serde_json::from_str(text) {
        Ok(v) => v,
        Err(e) => {
            parsed.skipped.push(Problem::new(
                Some(e.line() as u64),
                format!("invalid JSON: {}", strip_position(&e)),
            ));
            return parsed;
        }
    };
    let records: Vec<Value> = match value {
        Value::Array(items) => items,
        Value::Object(mut obj) => {
            // A wrapper object such as NewsAPI's {"articles": [...]}.
            let wrapped = ["articles", "items", "stories", "posts"]
                .iter()
                .find(|k| obj.get(**k).is_some_and(Value::is_array) && field(&obj, BODY).is_none());
            match wrapped {
                Some(k) => match obj.remove(*k) {
                    Some(Value::Array(items)) => items,
                    _ => Vec::new(),
                },
                None => vec![Value::Object(obj)],
            }
        }
        _ => {
            parsed.skipped.push(Problem::new(
                None,
                "JSON file holds neither an object nor an array of objects",
            ));
            return parsed;
        }
    };
    for (i, record) in records.into_iter().enumerate() {
        let n = i as u64 + 1;
        match record {
            Value::Object(obj) => record_to_article(&obj, n, None, &mut parsed),
            other => parsed.skipped.push(Problem::new(
                None,
                format!("record {n}: expected a JSON object, found {}", kind(&other)),
            )),
        }
    }
    parsed
}

/// A `.jsonl` / `.ndjson` file: one object per line; blank lines are ignored.
pub fn parse_lines(text: &str) -> Parsed {
    parse_lines_from(text, 0, 0)
}

/// [`parse_lines`] on a piece of a file that follows `lines_before` lines holding
/// `records_before` records: line and record numbers are the file's.
pub fn parse_lines_from(text: &str, lines_before: u64, records_before: u64) -> Parsed {
    let mut parsed = Parsed::default();
    let mut record = records_before;
    for (i, line) in text.lines().enumerate() {
        let lineno = lines_before + i as u64 + 1;
        if line.trim().is_empty() {
            continue;
        }
        record += 1;
        match serde_json::from_str::<Value>(line) {
            Ok(Value::Object(obj)) => record_to_article(&obj, record, Some(lineno), &mut parsed),
            Ok(other) => parsed.skipped.push(Problem::new(
                Some(lineno),
                format!("expected a JSON object, found {}", kind(&other)),
            )),
            Err(e) => parsed.skipped.push(Problem::new(
                Some(lineno),
                format!("invalid JSON: {}", strip_position(&e)),
            )),
        }
    }
    parsed
}

fn strip_position(e: &serde_json::Error) -> String {
    let s = e.to_string();
    match s.rfind(" at line ") {
        Some(p) => s[..p].to_string(),
        None => s,
    }
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// The first present, non-empty field among the aliases (case-insensitive keys).
fn field<'a>(obj: &'a Map<String, Value>, aliases: &[&str]) -> Option<&'a Value> {
    for alias in aliases {
        if let Some(v) = obj.get(*alias).filter(|v| !is_empty(v)) {
            return Some(v);
        }
    }
    obj.iter()
        .find(|(k, v)| aliases.iter().any(|a| k.eq_ignore_ascii_case(a)) && !is_empty(v))
        .map(|(_, v)| v)
}

fn is_empty(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::String(s) => s.trim().is_empty(),
        Value::Array(a) => a.iter().all(is_empty),
        Value::Object(_) => false,
        _ => false,
    }
}

/// Text of a value: strings as they are, numbers printed, arrays joined, objects by their `name`.
fn text_of(v: &Value, sep: &str) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Array(items) => {
            let parts: Vec<String> = items.iter().filter_map(|x| text_of(x, sep)).collect();
            (!parts.is_empty()).then(|| parts.join(sep))
        }
        Value::Object(o) => ["name", "title", "text", "value"]
            .iter()
            .find_map(|k| o.get(*k).and_then(|x| text_of(x, sep))),
        _ => None,
    }
}

/// A JSON string as plain text: HTML markup (a CMS export's `<p>...</p>`) becomes paragraphs,
/// character references (`&eacute;`, `&#233;`, `&lt;`) become characters.
pub(super) fn plain_text(s: &str) -> std::borrow::Cow<'_, str> {
    if charref::looks_like_html(s) {
        std::borrow::Cow::Owned(super::html::fragment_paragraphs(s).join("\n\n"))
    } else {
        charref::decode(s)
    }
}

fn record_to_article(
    obj: &Map<String, Value>,
    record: u64,
    line: Option<u64>,
    parsed: &mut Parsed,
) {
    let title = field(obj, TITLE)
        .and_then(|v| text_of(v, " "))
        .and_then(|s| clean_meta(&plain_text(&s)));
    let body = field(obj, BODY)
        .and_then(|v| text_of(v, "\n\n"))
        .unwrap_or_default();
    let body = plain_text(body.trim()).trim().to_string();
    let label = |msg: String| match line {
        Some(_) => msg,
        None => format!("record {record}: {msg}"),
    };
    if body.is_empty() && title.is_none() {
        let keys: Vec<&str> = obj.keys().map(String::as_str).take(8).collect();
        parsed.skipped.push(Problem::new(
            line,
            label(format!(
                "no text field (looked for {} or a title; found keys: {})",
                BODY.join(", "),
                keys.join(", ")
            )),
        ));
        return;
    }
    let mut article = Article {
        title,
        body,
        record: Some(record),
        ..Article::default()
    };
    if let Some(v) = field(obj, DATE) {
        let raw = text_of(v, " ").unwrap_or_default();
        match parse_date(&raw) {
            Some(d) => article.date = Some(d),
            None => parsed.warnings.push(Problem::new(
                line,
                label(format!("unparseable date {:?}", raw.trim())),
            )),
        }
    }
    article.url = field(obj, URL)
        .and_then(|v| text_of(v, " "))
        .and_then(|s| clean_meta(&s));
    article.source = field(obj, SOURCE)
        .and_then(|v| text_of(v, " "))
        .and_then(|s| clean_meta(&s));
    article.author = field(obj, AUTHOR)
        .and_then(|v| text_of(v, ", "))
        .and_then(|s| clean_meta(&s));
    if let Some(v) = field(obj, TAGS) {
        article.tags = match v {
            Value::Array(items) => items
                .iter()
                .filter_map(|x| text_of(x, " "))
                .filter_map(|s| clean_meta(&s))
                .collect(),
            other => text_of(other, ",")
                .map(|s| s.split(',').filter_map(clean_meta).collect())
                .unwrap_or_default(),
        };
    }
    parsed.articles.push(article);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn character_references_and_html_bodies_become_plain_text() {
        let p = parse_lines(concat!(
            r#"{"title":"Jos&eacute; &amp; Ren&#233;e","body":"&lt;Acme Corp> hired Jos&eacute; Ortega. AT&T and R&D stay."}"#,
            "\n",
            r#"{"title":"<b>Bold</b> move","body":"<p>First &amp; <a href='x'>linked</a> para.</p><p>Second<br>line</p><script>x()</script>"}"#,
            "\n"
        ));
        assert!(p.skipped.is_empty(), "{p:?}");
        let a = &p.articles;
        assert_eq!(a[0].title.as_deref(), Some("José & Renée"));
        assert_eq!(
            a[0].body,
            "<Acme Corp> hired José Ortega. AT&T and R&D stay."
        );
        assert_eq!(a[1].title.as_deref(), Some("Bold move"));
        assert!(
            !a[1].body.contains('<') && !a[1].body.contains("x()"),
            "{:?}",
            a[1].body
        );
        assert!(
            a[1].body.starts_with("First & linked para.\n\nSecond"),
            "{:?}",
            a[1].body
        );
    }

    #[test]
    fn aliases() {
        let p = parse_lines(concat!(
            r#"{"headline":"H1","text":"Body one.","published_at":"2025-02-11T14:05:00Z","link":"https://www.x.example/a","publisher":"Wire","byline":"Ann"}"#,
            "\n",
            r#"{"title":"H2","content":"Body two.","pubDate":"Tue, 11 Feb 2025 14:05:00 +0000","authors":["A","B"],"source":{"id":"s","name":"Named"}}"#,
            "\n"
        ));
        assert!(p.skipped.is_empty() && p.warnings.is_empty(), "{p:?}");
        let a = &p.articles;
        assert_eq!(a[0].title.as_deref(), Some("H1"));
        assert_eq!(a[0].body, "Body one.");
        assert_eq!(a[0].source.as_deref(), Some("Wire"));
        assert_eq!(a[0].url.as_deref(), Some("https://www.x.example/a"));
        assert_eq!(a[0].author.as_deref(), Some("Ann"));
        assert_eq!(a[0].record, Some(1));
        assert_eq!(a[1].author.as_deref(), Some("A, B"));
        assert_eq!(a[1].source.as_deref(), Some("Named"));
        assert_eq!(a[1].date.unwrap().format("%F").to_string(), "2025-02-11");
        assert_eq!(a[1].record, Some(2));
    }

    #[test]
    fn malformed_line_is_skipped_with_its_line_number() {
        let p = parse_lines(
            "{\"title\":\"a\",\"body\":\"x\"}\n\n{\"title\": oops}\n{\"body\":\"y\"}\n",
        );
        assert_eq!(p.articles.len(), 2);
        assert_eq!(p.skipped.len(), 1);
        assert_eq!(p.skipped[0].line, Some(3));
        assert!(
            p.skipped[0].message.starts_with("invalid JSON"),
            "{:?}",
            p.skipped
        );
        // Records are numbered by object, lines by line.
        assert_eq!(p.articles[1].record, Some(3));
    }

    #[test]
    fn record_without_text_is_skipped_but_title_only_is_kept() {
        let p = parse_lines("{\"url\":\"https://a.example\"}\n{\"title\":\"Brief: rates cut\"}\n");
        assert_eq!(p.skipped.len(), 1);
        assert_eq!(p.skipped[0].line, Some(1));
        assert!(p.skipped[0].message.contains("no text field"));
        assert_eq!(p.articles.len(), 1);
        assert_eq!(p.articles[0].title.as_deref(), Some("Brief: rates cut"));
    }

    #[test]
    fn json_object_array_and_wrapper() {
        assert_eq!(parse(r#"{"title":"t","body":"b"}"#).articles.len(), 1);
        let p = parse(r#"[{"title":"t","body":"b"},{"title":"u","body":"c","year":2019}, 5]"#);
        assert_eq!(p.articles.len(), 2);
        assert_eq!(
            p.articles[1].date.unwrap().format("%F").to_string(),
            "2019-01-01"
        );
        assert_eq!(
            p.skipped[0].message,
            "record 3: expected a JSON object, found a number"
        );
        assert_eq!(
            parse(r#"{"status":"ok","articles":[{"title":"t","description":"d"}]}"#)
                .articles
                .len(),
            1
        );
    }

    #[test]
    fn broken_json_file() {
        let p = parse("[{\"title\": \"t\",\n \"body\": }]");
        assert!(p.articles.is_empty());
        assert_eq!(p.skipped[0].line, Some(2));
    }

    #[test]
    fn unparseable_date_warns() {
        let p = parse_lines(r#"{"title":"t","body":"b","date":"26-FEB-19 junk"}"#);
        assert_eq!(p.articles.len(), 1);
        assert_eq!(p.warnings.len(), 1);
        assert_eq!(p.warnings[0].line, Some(1));
    }
}
