//! Plain-text articles: an optional `Key: value` header block, BBC style (headline line, blank
//! line, paragraphs) or lead style (no headline: the first line is already the lead paragraph).

use super::{clean_meta, date::parse_date, Article, Parsed, Problem};

/// Header keys we understand. A header block must start with one of them.
const KNOWN_KEYS: &[&str] = &[
    "title",
    "headline",
    "date",
    "published",
    "source",
    "publisher",
    "url",
    "link",
    "author",
    "authors",
    "byline",
    "tags",
];

/// A `Key: value` line: a short key of letters, spaces or dashes, a colon, then the value.
fn header_line(line: &str) -> Option<(String, &str)> {
    let (key, value) = line.split_once(':')?;
    let key = key.trim();
    if key.is_empty()
        || key.len() > 24
        || !key
            .chars()
            .all(|c| c.is_ascii_alphabetic() || c == ' ' || c == '-' || c == '_')
        || key.starts_with(' ')
    {
        return None;
    }
    // "http://..." is not a header line.
    if value.starts_with("//") {
        return None;
    }
    Some((key.to_ascii_lowercase(), value.trim()))
}

/// Is this first line a headline (BBC style) rather than a lead paragraph?
fn looks_like_headline(line: &str) -> bool {
    let words = line.split_whitespace().count();
    let t = line.trim_end();
    words > 0 && words <= 25 && t.chars().count() <= 200 && !t.ends_with('.') && !t.ends_with(',')
}

pub fn parse(text: &str) -> Parsed {
    let mut parsed = Parsed::default();
    let mut article = Article::default();
    let lines: Vec<&str> = text.lines().collect();
    let mut i = lines
        .iter()
        .position(|l| !l.trim().is_empty())
        .unwrap_or(lines.len());

    // (a) Header block.
    let starts_header = lines
        .get(i)
        .and_then(|l| header_line(l))
        .is_some_and(|(k, _)| KNOWN_KEYS.contains(&k.as_str()));
    if starts_header {
        while let Some(line) = lines.get(i) {
            if line.trim().is_empty() {
                break;
            }
            let Some((key, value)) = header_line(line) else {
                break;
            };
            let lineno = Some(i as u64 + 1);
            match key.as_str() {
                "title" | "headline" => article.title = clean_meta(value),
                "date" | "published" => {
                    if let Some(d) = parse_date(value) {
                        article.date = Some(d);
                    } else if !value.is_empty() {
                        parsed
                            .warnings
                            .push(Problem::new(lineno, format!("unparseable date {value:?}")));
                    }
                }
                "source" | "publisher" => article.source = clean_meta(value),
                "url" | "link" => article.url = clean_meta(value),
                "author" | "authors" | "byline" => article.author = clean_meta(value),
                "tags" => {
                    article.tags = value.split(',').filter_map(clean_meta).collect();
                }
                _ => {}
            }
            i += 1;
        }
    } else if let Some(first) = lines.get(i) {
        // (b) BBC style headline, or (c) lead style with no headline.
        let next_blank = lines.get(i + 1).is_none_or(|l| l.trim().is_empty());
        let more_text = lines[i + 1..].iter().any(|l| !l.trim().is_empty());
        if looks_like_headline(first)
            && more_text
            && (next_blank || first.split_whitespace().count() <= 15)
        {
            article.title = clean_meta(first);
            i += 1;
        }
    }
    article.body = lines[i.min(lines.len())..].join("\n").trim().to_string();
    if article.body.is_empty() && article.title.is_none() {
        parsed
            .skipped
            .push(Problem::new(None, "no article text after the header"));
        return parsed;
    }
    parsed.articles.push(article);
    parsed
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(text: &str) -> Article {
        let p = parse(text);
        assert_eq!(p.articles.len(), 1, "{p:?}");
        p.articles.into_iter().next().unwrap()
    }

    #[test]
    fn header_block() {
        let a = one("Title: Chips ahead\nDate: 2024-03-15\nSource: Bytewire\nURL: https://b.example/x\nAuthor: A. Writer\n\nFirst para.\n\nSecond para.\n");
        assert_eq!(a.title.as_deref(), Some("Chips ahead"));
        assert_eq!(a.date.unwrap().format("%F").to_string(), "2024-03-15");
        assert_eq!(a.source.as_deref(), Some("Bytewire"));
        assert_eq!(a.url.as_deref(), Some("https://b.example/x"));
        assert_eq!(a.author.as_deref(), Some("A. Writer"));
        assert_eq!(a.body, "First para.\n\nSecond para.");
        assert!(!a.title_derived);
    }

    #[test]
    fn bad_header_date_warns_and_keeps_article() {
        let p = parse("Title: T\nDate: sometime soon\n\nBody text here.");
        assert_eq!(p.articles.len(), 1);
        assert_eq!(
            p.warnings,
            vec![Problem::new(Some(2), "unparseable date \"sometime soon\"")]
        );
    }

    #[test]
    fn bbc_style() {
        let a = one(
            "Gadget sales soar in Europe\n\nSales of gadgets rose.\n\nAnalysts were surprised.\n",
        );
        assert_eq!(a.title.as_deref(), Some("Gadget sales soar in Europe"));
        assert_eq!(a.body, "Sales of gadgets rose.\n\nAnalysts were surprised.");
    }

    #[test]
    fn lead_style_has_no_title() {
        let lead = "Microsoft said on Tuesday that it would spend more on data centres this year, as demand for cloud services grew faster than expected across Europe.";
        let a = one(&format!("{lead}\nSecond paragraph.\nThird paragraph."));
        assert_eq!(a.title, None);
        assert!(a.body.starts_with("Microsoft said"));
    }

    #[test]
    fn first_line_that_is_not_a_header() {
        // A colon in a first line that is prose, and a URL line, do not start a header block.
        let a = one("Why it matters: chips are scarce\n\nBody.");
        assert_eq!(a.title.as_deref(), Some("Why it matters: chips are scarce"));
        let a = one("https://example.com/a\n\nBody.");
        assert_eq!(a.title.as_deref(), Some("https://example.com/a"));
    }

    #[test]
    fn header_only_file_is_skipped() {
        let p = parse("Source: X\nURL: https://x.example\n");
        assert!(p.articles.is_empty());
        assert_eq!(p.skipped.len(), 1);
    }
}
