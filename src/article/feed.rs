//! RSS (0.9x, 1.0, 2.0) and Atom feeds, read with `feed-rs`: each item (entry) is an article.
//!
//! An item's text is its full content when the feed carries it (`content:encoded`, Atom
//! `<content>`), else its summary (`<description>`, `<summary>`); markup becomes paragraphs as
//! in a JSON body. Its date is the published date, else the updated one, read with byline's
//! own date parser (zone names, offsets without a colon, ...). Its URL is its first link, and
//! its source that URL's site, or the feed's when the item has no link. Items are numbered
//! like JSON Lines records (`record`, 1-based, in feed order).
//!
//! The feed's bytes go to the XML reader as they are, so the encoding its XML declaration names
//! is honoured.

use std::sync::{Arc, Mutex};

use super::{clean_meta, host_source, Article, Parsed, Problem};

/// Parse a feed's raw bytes.
pub fn parse(bytes: &[u8]) -> Parsed {
    let mut parsed = Parsed::default();
    // Dates the parser could not read, in the order met: reported, the items kept undated.
    let unread: Arc<Mutex<Vec<String>>> = Arc::default();
    let seen = Arc::clone(&unread);
    let parser = feed_rs::parser::Builder::new()
        .timestamp_parser(move |s: &str| {
            let d = super::date::parse_date(s);
            if d.is_none() && !s.trim().is_empty() {
                seen.lock()
                    .unwrap_or_else(|p| p.into_inner())
                    .push(s.trim().to_string());
            }
            d
        })
        .build();
    let feed = match parser.parse(bytes) {
        Ok(f) => f,
        Err(e) => {
            parsed.skipped.push(Problem::new(
                None,
                format!("not a readable RSS or Atom feed: {e}"),
            ));
            return parsed;
        }
    };
    if matches!(feed.feed_type, feed_rs::model::FeedType::JSON) {
        parsed.skipped.push(Problem::new(
            None,
            "a JSON Feed: name it .json to index it as JSON",
        ));
        return parsed;
    }
    let feed_source = feed
        .links
        .iter()
        .find_map(|l| host_source(&l.href))
        .or_else(|| feed.title.as_ref().and_then(|t| clean_meta(&t.content)));
    for (i, entry) in feed.entries.into_iter().enumerate() {
        let record = i as u64 + 1;
        let article = item_article(entry, record, feed_source.as_deref());
        if article.body.is_empty() && article.title.is_none() {
            parsed.skipped.push(Problem::new(
                None,
                format!("item {record}: no title and no text"),
            ));
        } else {
            parsed.articles.push(article);
        }
    }
    for s in unread.lock().unwrap_or_else(|p| p.into_inner()).drain(..) {
        parsed.warnings.push(Problem::new(
            None,
            format!("unrecognised date '{s}'; the item is indexed without a date"),
        ));
    }
    if parsed.articles.is_empty() && parsed.skipped.is_empty() {
        parsed
            .skipped
            .push(Problem::new(None, "the feed has no items"));
    }
    parsed
}

/// One item as an article.
fn item_article(entry: feed_rs::model::Entry, record: u64, feed_source: Option<&str>) -> Article {
    let title = entry
        .title
        .as_ref()
        .and_then(|t| clean_meta(&super::json::plain_text(&t.content)));
    let body = entry
        .content
        .as_ref()
        .and_then(|c| c.body.as_deref())
        .filter(|b| !b.trim().is_empty())
        .or_else(|| entry.summary.as_ref().map(|s| s.content.as_str()))
        .map(|b| super::json::plain_text(b.trim()).trim().to_string())
        .unwrap_or_default();
    let url = entry
        .links
        .iter()
        .find(|l| l.rel.as_deref().is_none_or(|r| r == "alternate"))
        .or(entry.links.first())
        .map(|l| l.href.trim().to_string())
        .filter(|h| !h.is_empty());
    let source = match url.as_deref().and_then(host_source) {
        Some(s) => Some(s),
        None => feed_source.map(str::to_string),
    };
    let author = entry
        .authors
        .iter()
        .filter_map(|p| p.name.as_deref().and_then(clean_meta))
        .collect::<Vec<_>>()
        .join(", ");
    let tags = entry
        .categories
        .iter()
        .filter_map(|c| clean_meta(c.label.as_deref().unwrap_or(&c.term)))
        .collect();
    Article {
        title,
        title_derived: false,
        body,
        date: entry.published.or(entry.updated),
        source,
        url,
        author: (!author.is_empty()).then_some(author),
        tags,
        record: Some(record),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const RSS: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
     xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel>
  <title>Example Tech</title>
  <link>https://www.example.com/</link>
  <description>News</description>
  <item>
    <title>Acme ships the Widget 3</title>
    <link>https://feeds.example.com/acme-widget-3</link>
    <description>Short summary.</description>
    <content:encoded><![CDATA[<p>Acme Corp said on Monday it would ship the Widget 3.</p><p>Shares rose &amp; fell.</p>]]></content:encoded>
    <pubDate>Tue, 05 Mar 2024 10:00:00 EST</pubDate>
    <dc:creator>Jane Doe</dc:creator>
    <category>Hardware</category>
  </item>
  <item>
    <title>Only a summary here</title>
    <description>&lt;p&gt;The summary is &lt;b&gt;HTML&lt;/b&gt; text.&lt;/p&gt;</description>
    <pubDate>sometime last week</pubDate>
  </item>
  <item>
    <link>https://www.example.com/empty</link>
  </item>
</channel>
</rss>"#;

    #[test]
    fn rss_items_are_articles() {
        let p = parse(RSS.as_bytes());
        assert_eq!(p.articles.len(), 2, "{p:?}");
        let a = &p.articles[0];
        assert_eq!(a.title.as_deref(), Some("Acme ships the Widget 3"));
        assert_eq!(
            a.body,
            "Acme Corp said on Monday it would ship the Widget 3.\n\nShares rose & fell."
        );
        // EST is five hours behind UTC.
        assert_eq!(a.date.unwrap().to_rfc3339(), "2024-03-05T15:00:00+00:00");
        assert_eq!(a.source.as_deref(), Some("example.com"));
        assert_eq!(
            a.url.as_deref(),
            Some("https://feeds.example.com/acme-widget-3")
        );
        assert_eq!(a.author.as_deref(), Some("Jane Doe"));
        assert_eq!(a.tags, ["Hardware"]);
        assert_eq!(a.record, Some(1));
        let b = &p.articles[1];
        assert_eq!(b.body, "The summary is HTML text.");
        assert_eq!(b.date, None);
        assert_eq!(b.source.as_deref(), Some("example.com"), "the feed's site");
        assert_eq!(b.record, Some(2));
        assert_eq!(p.skipped.len(), 1);
        assert!(
            p.skipped[0].message.starts_with("item 3: no title"),
            "{p:?}"
        );
        assert_eq!(p.warnings.len(), 1);
        assert!(
            p.warnings[0].message.contains("'sometime last week'"),
            "{p:?}"
        );
    }

    #[test]
    fn atom_entries_are_articles() {
        let atom = r#"<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Example Atom</title>
  <link href="https://blog.example.org/"/>
  <id>urn:x</id><updated>2024-03-05T10:00:00Z</updated>
  <entry>
    <title type="html">Chips &amp;amp; more</title>
    <link rel="alternate" href="https://blog.example.org/chips"/>
    <link rel="edit" href="https://blog.example.org/edit/1"/>
    <id>urn:1</id>
    <updated>2024-03-06T08:00:00+0100</updated>
    <author><name>Ann Lee</name></author>
    <summary>Summary only.</summary>
    <content type="html">&lt;p&gt;Full text about chips.&lt;/p&gt;</content>
  </entry>
</feed>"#;
        let p = parse(atom.as_bytes());
        assert_eq!(p.articles.len(), 1, "{p:?}");
        let a = &p.articles[0];
        assert_eq!(a.title.as_deref(), Some("Chips & more"));
        assert_eq!(a.body, "Full text about chips.");
        assert_eq!(a.url.as_deref(), Some("https://blog.example.org/chips"));
        assert_eq!(a.date.unwrap().to_rfc3339(), "2024-03-06T07:00:00+00:00");
        assert_eq!(a.author.as_deref(), Some("Ann Lee"));
        assert!(p.skipped.is_empty() && p.warnings.is_empty(), "{p:?}");
    }

    #[test]
    fn the_declared_encoding_is_honoured() {
        let mut bytes = br#"<?xml version="1.0" encoding="ISO-8859-1"?>
<rss version="2.0"><channel><title>T</title><link>https://x.example/</link><description>d</description>
<item><title>Caf"#
            .to_vec();
        bytes.push(0xE9); // é in Latin-1
        bytes.extend_from_slice(
            b" news</title><description>Text.</description></item></channel></rss>",
        );
        let p = parse(&bytes);
        assert_eq!(p.articles[0].title.as_deref(), Some("Café news"), "{p:?}");
    }

    #[test]
    fn not_a_feed_is_skipped_with_a_reason() {
        for text in [
            "<html><body>no</body></html>",
            "<rss><channel><item>",
            "plain words",
        ] {
            let p = parse(text.as_bytes());
            assert!(p.articles.is_empty());
            assert_eq!(p.skipped.len(), 1, "{text}: {p:?}");
            assert!(
                p.skipped[0].message.contains("feed"),
                "{text}: {}",
                p.skipped[0].message
            );
        }
    }
}
