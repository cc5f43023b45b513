//! HTML parser: pulls the article metadata out of `<meta>` tags, JSON-LD and the
//! like, and extracts the readable main text while leaving out page chrome
//! (navigation, headers, footers, scripts).

use scraper::{ElementRef, Html};

use super::date::parse_date;
use super::{clean_meta, Article, Parsed, Problem};

/// Elements whose whole subtree is page chrome or non-text.
const SKIP: &[&str] = &[
    "script", "style", "noscript", "template", "svg", "nav", "header", "footer", "aside", "form",
    "iframe", "button", "select", "head", "title", "textarea", "object", "embed", "canvas",
    "audio", "video",
];

/// Elements that start a new paragraph.
const BLOCK: &[&str] = &[
    "p",
    "div",
    "section",
    "article",
    "main",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "blockquote",
    "pre",
    "table",
    "tr",
    "caption",
    "dl",
    "dt",
    "dd",
    "figure",
    "figcaption",
    "address",
    "body",
    "html",
    "center",
    "details",
    "summary",
    "fieldset",
    "legend",
    "hgroup",
    "menu",
    "dialog",
    "listing",
    "xmp",
    "plaintext",
];

const PRE: &[&str] = &["pre", "listing", "xmp", "plaintext", "textarea"];

const DATE_META_KEYS: &[&str] = &[
    "article:published_time",
    "datepublished",
    "date",
    "pubdate",
    "publishdate",
    "dc.date",
    "parsely-pub-date",
];

const HTML_NS: &str = "http://www.w3.org/1999/xhtml";

/// Parse one HTML page into at most one article.
pub fn parse(text: &str) -> Parsed {
    let mut parsed = Parsed::default();
    let doc = Html::parse_document(text);
    let facts = collect(&doc);

    let mut paragraphs = main_text(&doc, &facts);
    if paragraphs.is_empty() {
        parsed
            .skipped
            .push(Problem::new(None, "no article text found in the HTML"));
        return parsed;
    }

    let title = facts
        .meta(&["og:title"])
        .or_else(|| facts.title.clone())
        .or_else(|| facts.h1.clone());

    if let (Some(title), true) = (&title, paragraphs.len() > 1) {
        if repeats_title(&paragraphs[0], title) {
            paragraphs.remove(0);
        }
    }

    let mut article = Article {
        title,
        title_derived: false,
        body: paragraphs.join("\n\n"),
        source: facts
            .meta(&["og:site_name"])
            .or_else(|| facts.meta(&["publisher", "application-name"])),
        url: facts.url(),
        author: facts
            .meta(&["author", "article:author"])
            .or_else(|| facts.rel_author.clone()),
        tags: facts.tags(),
        ..Article::default()
    };

    let candidates = facts.date_candidates();
    match candidates.iter().find_map(|c| parse_date(c)) {
        Some(date) => article.date = Some(date),
        None => {
            if let Some(first) = candidates.first() {
                parsed
                    .warnings
                    .push(Problem::new(None, format!("unparseable date {:?}", first)));
            }
        }
    }

    parsed.articles.push(article);
    parsed
}

/// Whether a paragraph is the page's own headline: equal to the title, or the
/// title minus a " | Site Name"-style suffix.
fn repeats_title(paragraph: &str, title: &str) -> bool {
    let p = paragraph.to_lowercase();
    let t = title.to_lowercase();
    if p == t {
        return true;
    }
    t.strip_prefix(p.as_str()).is_some_and(|rest| {
        rest.starts_with(' ')
            && rest.trim_start().starts_with([
                '|', '-', '\u{2013}', '\u{2014}', ':', '\u{00b7}', '\u{00bb}',
            ])
    })
}

// ---------------------------------------------------------------------------
// Metadata
// ---------------------------------------------------------------------------

/// A candidate root for the main text.
struct Candidate<'a> {
    node: ElementRef<'a>,
    /// Inside a subtree that strict extraction skips (e.g. an `<aside>`).
    in_chrome: bool,
}

/// Everything one pass over the document finds.
#[derive(Default)]
struct Facts<'a> {
    /// (lower-cased name/property/itemprop values, content)
    metas: Vec<(Vec<String>, String)>,
    title: Option<String>,
    h1: Option<String>,
    canonical: Option<String>,
    rel_author: Option<String>,
    time: Option<String>,
    json_ld: Vec<String>,
    /// Outermost `<article>` elements.
    articles: Vec<Candidate<'a>>,
    main: Option<Candidate<'a>>,
    role_main: Option<Candidate<'a>>,
    body: Option<ElementRef<'a>>,
}

impl Facts<'_> {
    /// Content of the first `<meta>` matching the first key that has one.
    fn meta(&self, keys: &[&str]) -> Option<String> {
        keys.iter().find_map(|key| {
            self.metas
                .iter()
                .filter(|(names, _)| names.iter().any(|n| n == key))
                .find_map(|(_, content)| clean_meta(content))
        })
    }

    fn url(&self) -> Option<String> {
        let og = self.meta(&["og:url"]);
        match self.canonical.as_deref() {
            Some(canonical) if url::Url::parse(canonical).is_ok() => Some(canonical.to_string()),
            Some(relative) => {
                let base = og.as_deref().and_then(|o| url::Url::parse(o).ok());
                match base.and_then(|b| b.join(relative).ok()) {
                    Some(joined) => Some(joined.to_string()),
                    None => og.or_else(|| Some(relative.to_string())),
                }
            }
            None => og,
        }
    }

    fn tags(&self) -> Vec<String> {
        let mut tags: Vec<String> = Vec::new();
        let mut add = |t: &str| {
            if let Some(t) = clean_meta(t) {
                if !tags.contains(&t) {
                    tags.push(t);
                }
            }
        };
        for (names, content) in &self.metas {
            if names.iter().any(|n| n == "article:tag") {
                add(content);
            }
        }
        for (names, content) in &self.metas {
            if names.iter().any(|n| n == "keywords") {
                content.split(',').for_each(&mut add);
            }
        }
        tags
    }

    /// Date strings in priority order.
    fn date_candidates(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for key in DATE_META_KEYS {
            for (names, content) in &self.metas {
                if names.iter().any(|n| n == key) {
                    out.extend(clean_meta(content));
                }
            }
        }
        out.extend(self.time.clone());
        for script in &self.json_ld {
            out.extend(json_ld_dates(script));
        }
        out
    }
}

/// `datePublished` values in a JSON-LD script: top-level object, array of
/// objects, or objects inside `@graph`.
fn json_ld_dates(script: &str) -> Vec<String> {
    let mut out = Vec::new();
    let Ok(value) = serde_json::from_str::<serde_json::Value>(script.trim()) else {
        return out;
    };
    // (value, depth); depth-limited so odd nesting cannot blow up the search.
    let mut stack = vec![(&value, 0usize)];
    while let Some((v, depth)) = stack.pop() {
        if depth > 4 {
            continue;
        }
        match v {
            serde_json::Value::Array(items) => {
                stack.extend(items.iter().rev().map(|i| (i, depth + 1)));
            }
            serde_json::Value::Object(map) => {
                if let Some(date) = map
                    .get("datePublished")
                    .and_then(|d| d.as_str())
                    .and_then(clean_meta)
                {
                    out.push(date);
                }
                if let Some(graph) = map.get("@graph") {
                    stack.push((graph, depth + 1));
                }
            }
            _ => {}
        }
    }
    out
}

fn text_of(el: ElementRef<'_>) -> Option<String> {
    clean_meta(&el.text().collect::<String>())
}

fn has_token(value: Option<&str>, token: &str) -> bool {
    value.is_some_and(|v| {
        v.split_ascii_whitespace()
            .any(|t| t.eq_ignore_ascii_case(token))
    })
}

fn is_skipped(el: &scraper::node::Element, lenient: bool) -> bool {
    // The lenient retry is for pages wrapped whole in a `<form>` (ASP.NET).
    if (SKIP.contains(&el.name()) && !(lenient && el.name() == "form"))
        || el.attr("hidden").is_some()
    {
        return true;
    }
    if el
        .attr("aria-hidden")
        .is_some_and(|v| v.trim().eq_ignore_ascii_case("true"))
    {
        return true;
    }
    el.attr("style").is_some_and(|style| {
        let s: String = style
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_ascii_lowercase();
        s.contains("display:none") || s.contains("visibility:hidden")
    })
}

/// One iterative pass over the whole document.
fn collect(doc: &Html) -> Facts<'_> {
    let mut facts = Facts::default();
    // (node, inside an <article>, inside strict-skipped chrome)
    let mut stack = vec![(doc.tree.root(), false, false)];
    while let Some((node, in_article, in_chrome)) = stack.pop() {
        let mut child_in_article = in_article;
        let mut child_in_chrome = in_chrome;
        if let Some(node) = ElementRef::wrap(node) {
            let el = node.value();
            let name = el.name();
            let is_html = &*el.name.ns == HTML_NS;
            if is_skipped(el, false) {
                child_in_chrome = true;
            }
            // A candidate root is judged by its ancestors: the root itself is never skipped.
            let candidate = || Candidate { node, in_chrome };
            match name {
                "meta" => {
                    if let Some(content) = el.attr("content") {
                        let names = ["name", "property", "itemprop"]
                            .iter()
                            .filter_map(|a| el.attr(a))
                            .map(|v| v.trim().to_ascii_lowercase())
                            .collect::<Vec<_>>();
                        if !names.is_empty() {
                            facts.metas.push((names, content.to_string()));
                        }
                    }
                }
                "title" if is_html && facts.title.is_none() => facts.title = text_of(node),
                "h1" if facts.h1.is_none() => facts.h1 = text_of(node),
                "link" if facts.canonical.is_none() && has_token(el.attr("rel"), "canonical") => {
                    facts.canonical = el.attr("href").and_then(clean_meta);
                }
                "time" if facts.time.is_none() => {
                    facts.time = el.attr("datetime").and_then(clean_meta);
                }
                "script"
                    if el
                        .attr("type")
                        .is_some_and(|t| t.trim().eq_ignore_ascii_case("application/ld+json")) =>
                {
                    let text: String = node
                        .children()
                        .filter_map(|c| c.value().as_text().map(|t| t.to_string()))
                        .collect();
                    facts.json_ld.push(text);
                }
                "article" if !in_article => {
                    facts.articles.push(candidate());
                    child_in_article = true;
                }
                "main" if facts.main.is_none() => facts.main = Some(candidate()),
                "body" if facts.body.is_none() => facts.body = Some(node),
                _ => {}
            }
            if facts.role_main.is_none()
                && el
                    .attr("role")
                    .is_some_and(|r| r.trim().eq_ignore_ascii_case("main"))
            {
                facts.role_main = Some(candidate());
            }
            if facts.rel_author.is_none() && has_token(el.attr("rel"), "author") {
                facts.rel_author = text_of(node);
            }
        }
        stack.extend(
            node.children()
                .rev()
                .map(|c| (c, child_in_article, child_in_chrome)),
        );
    }
    facts
}

// ---------------------------------------------------------------------------
// Main text
// ---------------------------------------------------------------------------

/// Choose the root and extract its paragraphs; empty when the page has no text.
fn main_text<'a>(doc: &'a Html, facts: &Facts<'a>) -> Vec<String> {
    for lenient in [false, true] {
        let usable = |c: &&Candidate<'a>| lenient || !c.in_chrome;
        let best_article = facts
            .articles
            .iter()
            .filter(usable)
            .map(|c| extract(c.node, lenient))
            .filter(|p| !p.is_empty())
            .max_by_key(|p| p.iter().map(|s| s.len()).sum::<usize>());
        if let Some(p) = best_article {
            return p;
        }
        let others = [facts.main.as_ref(), facts.role_main.as_ref()];
        for c in others.into_iter().flatten().filter(|c| usable(c)) {
            let p = extract(c.node, lenient);
            if !p.is_empty() {
                return p;
            }
        }
        let p = extract(facts.body.unwrap_or_else(|| doc.root_element()), lenient);
        if !p.is_empty() {
            return p;
        }
    }
    Vec::new()
}

/// Accumulates text into paragraphs.
#[derive(Default)]
struct Paragraphs {
    done: Vec<String>,
    current: String,
    /// The current paragraph holds preformatted text.
    current_pre: bool,
    pending_space: bool,
}

impl Paragraphs {
    fn text(&mut self, text: &str, pre: bool) {
        if pre {
            if self.pending_space && !self.current.is_empty() && !self.current.ends_with('\n') {
                self.current.push(' ');
            }
            self.pending_space = false;
            self.current.push_str(text);
            self.current_pre = true;
            return;
        }
        for ch in text.chars() {
            if ch.is_whitespace() {
                self.pending_space = true;
            } else {
                if self.pending_space && !self.current.is_empty() && !self.current.ends_with('\n') {
                    self.current.push(' ');
                }
                self.pending_space = false;
                self.current.push(ch);
            }
        }
    }

    fn line_break(&mut self) {
        self.current.push('\n');
        self.pending_space = false;
    }

    fn flush(&mut self) {
        let raw = std::mem::take(&mut self.current);
        self.pending_space = false;
        if std::mem::take(&mut self.current_pre) {
            let text = raw.trim_end();
            let text = text.trim_start_matches('\n');
            if !text.trim().is_empty() {
                self.done.push(text.to_string());
            }
            return;
        }
        // `<br><br>` leaves a blank line: treat it as a paragraph break.
        let mut para: Vec<&str> = Vec::new();
        for line in raw.split('\n').map(str::trim) {
            if line.is_empty() {
                if !para.is_empty() {
                    self.done.push(para.join("\n"));
                    para.clear();
                }
            } else {
                para.push(line);
            }
        }
        if !para.is_empty() {
            self.done.push(para.join("\n"));
        }
    }
}

enum Step<'a> {
    Open(ElementRef<'a>),
    Text(&'a str),
    CloseBlock { pre: bool },
    CloseCell,
}

/// Extract the paragraphs under `root` with an explicit stack (pages may nest
/// thousands of levels deep).
/// The paragraphs of an HTML fragment (a JSON field holding markup): tags gone, references
/// decoded, blocks and `<br>` as paragraph breaks, scripts and styles left out.
pub fn fragment_paragraphs(html: &str) -> Vec<String> {
    let doc = Html::parse_fragment(html);
    extract(doc.root_element(), true)
}

fn extract(root: ElementRef<'_>, lenient: bool) -> Vec<String> {
    let mut out = Paragraphs::default();
    let mut pre_depth = 0usize;
    let mut stack = vec![Step::Open(root)];
    while let Some(step) = stack.pop() {
        let node = match step {
            Step::Open(node) => node,
            Step::Text(text) => {
                out.text(text, pre_depth > 0);
                continue;
            }
            Step::CloseBlock { pre } => {
                out.flush();
                if pre {
                    pre_depth = pre_depth.saturating_sub(1);
                }
                continue;
            }
            Step::CloseCell => {
                out.pending_space = true;
                continue;
            }
        };
        let el = node.value();
        if node.id() != root.id() && is_skipped(el, lenient) {
            continue;
        }
        let name = el.name();
        match name {
            "br" => {
                out.line_break();
                continue;
            }
            "hr" => {
                out.flush();
                continue;
            }
            "td" | "th" => {
                out.pending_space = true;
                stack.push(Step::CloseCell);
            }
            _ if BLOCK.contains(&name) => {
                out.flush();
                let pre = PRE.contains(&name);
                if pre {
                    pre_depth += 1;
                }
                stack.push(Step::CloseBlock { pre });
            }
            _ => {}
        }
        stack.extend(node.children().rev().filter_map(|child| {
            if let Some(el) = ElementRef::wrap(child) {
                Some(Step::Open(el))
            } else {
                child.value().as_text().map(|t| Step::Text(t))
            }
        }));
    }
    out.flush();
    out.done
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeZone, Utc};

    fn one(html: &str) -> (Article, Parsed) {
        let mut parsed = parse(html);
        assert_eq!(parsed.articles.len(), 1, "{parsed:?}");
        let article = parsed.articles.remove(0);
        (article, parsed)
    }

    #[test]
    fn og_title_preferred_over_title() {
        let html = r#"<html><head><title>Page Title | Site</title>
<meta property="og:title" content="  The   OG Title ">
</head><body><h1>H1 Title</h1><p>Text.</p></body></html>"#;
        let (a, _) = one(html);
        assert_eq!(a.title.as_deref(), Some("The OG Title"));
        assert!(!a.title_derived);
    }

    #[test]
    fn title_element_then_h1() {
        let (a, _) = one(
            "<html><head><title>\n  Doc\n  Title </title></head><body><h1>Big</h1><p>x</p></body></html>",
        );
        assert_eq!(a.title.as_deref(), Some("Doc Title"));

        let (a, _) = one("<body><h1>The <em>H1</em> Headline</h1><p>Story text.</p></body>");
        assert_eq!(a.title.as_deref(), Some("The H1 Headline"));
        // The h1 repeats the title, so it is dropped from the body.
        assert_eq!(a.body, "Story text.");

        // A <title> with a site suffix still matches the page's own <h1>.
        let (a, _) =
            one("<title>Big News - The Site</title><body><h1>Big News</h1><p>Text.</p></body>");
        assert_eq!(a.title.as_deref(), Some("Big News - The Site"));
        assert_eq!(a.body, "Text.");
        let (a, _) = one("<title>Big News Today</title><body><h1>Big News</h1><p>Text.</p></body>");
        assert_eq!(a.body, "Big News\n\nText.");

        let (a, _) = one("<p>No title anywhere.</p>");
        assert_eq!(a.title, None);
    }

    #[test]
    fn svg_title_is_not_the_page_title() {
        let (a, _) = one("<body><svg><title>icon</title></svg><h1>Real</h1><p>x</p></body>");
        assert_eq!(a.title.as_deref(), Some("Real"));
    }

    #[test]
    fn published_time_meta() {
        let html = r#"<head><meta property="article:published_time" content="2024-02-03T04:05:06+01:00">
<meta name="date" content="1999-01-01"></head><body><p>x</p></body>"#;
        let (a, parsed) = one(html);
        assert!(parsed.warnings.is_empty());
        assert_eq!(a.date, Utc.with_ymd_and_hms(2024, 2, 3, 3, 5, 6).single());
    }

    #[test]
    fn other_date_metas() {
        let (a, _) = one(
            r#"<meta name="DC.date" content="2021-07-08"><meta itemprop="datePublished" content="2020-01-02"><p>x</p>"#,
        );
        assert_eq!(a.date, Utc.with_ymd_and_hms(2020, 1, 2, 0, 0, 0).single());
        let (a, _) = one(r#"<meta name="dc.date" content="2021-07-08"><p>x</p>"#);
        assert_eq!(a.date, Utc.with_ymd_and_hms(2021, 7, 8, 0, 0, 0).single());
    }

    #[test]
    fn time_datetime() {
        let html = r#"<body><article><p>Posted <time datetime="2023-11-12T10:00:00Z">Sunday</time></p>
<time datetime="2000-01-01">old</time></article></body>"#;
        let (a, _) = one(html);
        assert_eq!(
            a.date,
            Utc.with_ymd_and_hms(2023, 11, 12, 10, 0, 0).single()
        );
        assert_eq!(a.body, "Posted Sunday\n\nold");
    }

    #[test]
    fn json_ld_date_published() {
        let object = r#"<script type="application/ld+json">{"@type":"NewsArticle","datePublished":"2022-05-06T07:08:09Z"}</script><p>x</p>"#;
        let (a, _) = one(object);
        assert_eq!(a.date, Utc.with_ymd_and_hms(2022, 5, 6, 7, 8, 9).single());

        let array = r#"<script type="application/ld+json">[{"@type":"Organization"},{"datePublished":"2022-05-07"}]</script><p>x</p>"#;
        let (a, _) = one(array);
        assert_eq!(a.date, Utc.with_ymd_and_hms(2022, 5, 7, 0, 0, 0).single());

        let graph = r#"<script type="Application/LD+JSON">
{"@context":"https://schema.org","@graph":[{"@type":"WebPage"},{"@type":"Article","datePublished":"2022-05-08"}]}
</script><p>x</p>"#;
        let (a, _) = one(graph);
        assert_eq!(a.date, Utc.with_ymd_and_hms(2022, 5, 8, 0, 0, 0).single());
        // The script text itself is not article text.
        assert_eq!(a.body, "x");
    }

    #[test]
    fn unparseable_date_warns_and_keeps_article() {
        let (a, parsed) = one(r#"<meta name="pubdate" content="last week"><p>Text.</p>"#);
        assert_eq!(a.date, None);
        assert_eq!(
            parsed.warnings,
            vec![Problem::new(None, "unparseable date \"last week\"")]
        );
        // A later candidate that parses wins without a warning.
        let (a, parsed) = one(
            r#"<meta name="pubdate" content="last week"><time datetime="2020-02-02">t</time><p>x</p>"#,
        );
        assert!(parsed.warnings.is_empty());
        assert_eq!(a.date, Utc.with_ymd_and_hms(2020, 2, 2, 0, 0, 0).single());
    }

    #[test]
    fn chrome_removed_article_kept() {
        let html = r#"<!doctype html><html><head><title>T</title><style>p { color: red }</style></head>
<body>
<header><a href="/">Site Logo</a></header>
<nav><ul><li>Home</li><li>World</li></ul></nav>
<article>
  <header><p class="kicker">Kicker in header</p></header>
  <p>First   paragraph
     of the story.</p>
  <script>var tracking = 1;</script>
  <p>Second <b>bold</b> paragraph.</p>
  <aside>Related: other stuff</aside>
  <div hidden>hidden text</div><div aria-hidden="true">aria hidden</div>
  <div style="display: none">styled hidden</div>
  <noscript>enable js</noscript>
  <form><button>Subscribe</button></form>
  <footer>Article footer</footer>
</article>
<aside>Sidebar</aside>
<footer>Copyright</footer>
</body></html>"#;
        let (a, _) = one(html);
        assert_eq!(
            a.body,
            "First paragraph of the story.\n\nSecond bold paragraph."
        );
    }

    #[test]
    fn paragraphs_separated_by_blank_lines() {
        let html =
            "<body><main><h2>Sub</h2><p>One <a href='x'>link</a>.</p><div>Two<br>lines</div>\
<ul><li>a</li><li>b</li></ul><pre>code\n  indented</pre><table><tr><th>K</th><td>V</td></tr>\
<tr><td>1</td><td>2</td></tr></table><blockquote>Quote</blockquote>text<span>span</span> tail\
<p>A<br><br>B</p></main></body>";
        let (a, _) = one(html);
        assert_eq!(
            a.body,
            "Sub\n\nOne link.\n\nTwo\nlines\n\na\n\nb\n\ncode\n  indented\n\nK V\n\n1 2\n\nQuote\n\ntextspan tail\n\nA\n\nB"
        );
    }

    #[test]
    fn root_preference() {
        // The article with the most text wins over a short one and over <main>.
        let html = "<body><p>Body junk</p><main><article><p>short</p></article>\
<article><p>The much longer article text.</p></article></main></body>";
        let (a, _) = one(html);
        assert_eq!(a.body, "The much longer article text.");

        let (a, _) = one("<body><p>junk</p><div role=\"main\"><p>Role main.</p></div></body>");
        assert_eq!(a.body, "Role main.");

        let (a, _) = one("<body><p>junk</p><main><p>Main.</p></main></body>");
        assert_eq!(a.body, "Main.");

        // An <article> teaser inside an <aside> is not the main text.
        let (a, _) = one(
            "<body><aside><article><p>Teaser with quite a lot of words in it</p></article></aside><div><p>Real.</p></div></body>",
        );
        assert_eq!(a.body, "Real.");

        // The root itself is never skipped, even if it is a header.
        let (a, _) = one("<body><header role=\"main\"><p>Inside.</p></header><p>x</p></body>");
        assert_eq!(a.body, "Inside.");
    }

    #[test]
    fn page_wrapped_in_form_falls_back_to_lenient() {
        let (a, _) = one("<body><form id=\"aspnet\"><div><p>All the text.</p></div></form></body>");
        assert_eq!(a.body, "All the text.");
    }

    #[test]
    fn deep_nesting_does_not_overflow() {
        let depth = 10_000;
        let mut html = String::from("<html><body>");
        html.push_str(&"<div>".repeat(depth));
        html.push_str("deep text");
        html.push_str(&"</div>".repeat(depth));
        html.push_str("</body></html>");
        let (a, _) = one(&html);
        assert_eq!(a.body, "deep text");

        // html5ever itself is quadratic in nesting depth, so keep this one smaller.
        let nested_articles = "<article>".repeat(1_000) + "x" + &"</article>".repeat(1_000);
        let (a, _) = one(&nested_articles);
        assert_eq!(a.body, "x");
    }

    #[test]
    fn empty_page_is_skipped() {
        for html in [
            "",
            "<html><head><title>Only a title</title></head><body>  </body></html>",
            "<body><nav>menu</nav><script>x()</script></body>",
            "<!-- comment -->",
        ] {
            let parsed = parse(html);
            assert!(parsed.articles.is_empty(), "{html:?}");
            assert_eq!(
                parsed.skipped,
                vec![Problem::new(None, "no article text found in the HTML")],
                "{html:?}"
            );
        }
    }

    #[test]
    fn canonical_url_and_site_name() {
        let html = r#"<head><link rel="Canonical" href="https://news.example.com/a/1">
<meta property="og:url" content="https://og.example.com/a/1">
<meta property="og:site_name" content="Example News"><meta name="application-name" content="App">
</head><body><p>x</p></body>"#;
        let (a, _) = one(html);
        assert_eq!(a.url.as_deref(), Some("https://news.example.com/a/1"));
        assert_eq!(a.source.as_deref(), Some("Example News"));

        let (a, _) = one(
            r#"<meta property="og:url" content="https://og.example.com/a/2"><meta name="publisher" content="Pub"><p>x</p>"#,
        );
        assert_eq!(a.url.as_deref(), Some("https://og.example.com/a/2"));
        assert_eq!(a.source.as_deref(), Some("Pub"));

        let (a, _) = one(
            r#"<link rel="canonical" href="/a/3"><meta property="og:url" content="https://og.example.com/x"><p>x</p>"#,
        );
        assert_eq!(a.url.as_deref(), Some("https://og.example.com/a/3"));

        let (a, _) = one("<p>x</p>");
        assert_eq!(a.url, None);
        assert_eq!(a.source, None);
    }

    #[test]
    fn author_and_tags() {
        let html = r#"<meta property="article:tag" content="AI"><meta property="article:tag" content="Chips">
<meta name="keywords" content="chips, AI ,  cloud computing,,">
<meta name="author" content=" Jane  Doe "><p>x</p>"#;
        let (a, _) = one(html);
        assert_eq!(a.author.as_deref(), Some("Jane Doe"));
        assert_eq!(a.tags, vec!["AI", "Chips", "chips", "cloud computing"]);

        let (a, _) = one(r#"<p>By <a rel="author" href="/u/1">Sam Smith</a></p>"#);
        assert_eq!(a.author.as_deref(), Some("Sam Smith"));
    }

    #[test]
    fn entities_and_nbsp() {
        let (a, _) = one("<p>Fish&nbsp;&amp;&nbsp;chips &lt;3</p>");
        assert_eq!(a.body, "Fish & chips <3");
    }
}
