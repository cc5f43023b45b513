//! The article model and the parsers that turn each input format into it.
//!
//! Everything here is pure: a parser takes the decoded text of one file (already
//! BOM-stripped, CRLF-normalised, valid UTF-8) and returns the articles it holds
//! plus the problems it met. No I/O, no tantivy.

pub mod charref;
pub mod date;
pub mod feed;
pub mod html;
pub mod json;
pub mod markdown;
pub mod txt;

use chrono::{DateTime, Utc};

pub use crate::problem::Problem;

/// One news article, whatever file format it came from.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Article {
    /// Headline; `None` only when the file has no headline and no text to derive one from.
    pub title: Option<String>,
    /// True when the title was derived from the first sentence rather than given.
    pub title_derived: bool,
    /// The article text, paragraphs separated by blank lines or newlines; markup already removed.
    pub body: String,
    /// Publication date (UTC).
    pub date: Option<DateTime<Utc>>,
    /// Publisher, e.g. "BBC News" or "theverge.com".
    pub source: Option<String>,
    pub url: Option<String>,
    pub author: Option<String>,
    pub tags: Vec<String>,
    /// 1-based record number inside a JSON / JSON Lines file; `None` for one-article files.
    pub record: Option<u64>,
}

/// What a parser returns for one file.
#[derive(Debug, Default)]
pub struct Parsed {
    pub articles: Vec<Article>,
    /// Records (or the whole file) that could not be indexed: reported as `skipped`.
    pub skipped: Vec<Problem>,
    /// Things worth telling the user that lose nothing (e.g. an unparseable date).
    pub warnings: Vec<Problem>,
}

/// The source named by a URL: its registrable domain, by the public suffix list (`psl`):
/// `uk.reuters.com`, `feeds.reuters.com` and `www.reuters.com` are all `reuters.com`, while
/// `bbc.co.uk` keeps its two-part suffix. A host the list cannot split (an IP address,
/// `localhost`) is the source as it is, without a leading "www.". The full host stays in
/// the article's `url`.
pub fn host_source(url: &str) -> Option<String> {
    let parsed = url::Url::parse(url.trim()).ok()?;
    let is_name = matches!(parsed.host()?, url::Host::Domain(_));
    let host = parsed.host_str()?.to_ascii_lowercase();
    let host = host.trim_end_matches('.');
    if let Some(domain) = psl::domain_str(host).filter(|_| is_name) {
        return Some(domain.to_string());
    }
    let host = host.strip_prefix("www.").unwrap_or(host);
    (!host.is_empty()).then(|| host.to_string())
}

/// Trim a metadata value; empty strings become `None`.
pub fn clean_meta(value: &str) -> Option<String> {
    let v = value.split_whitespace().collect::<Vec<_>>().join(" ");
    (!v.is_empty()).then_some(v)
}

/// The input formats, chosen by file extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Txt,
    Markdown,
    Json,
    JsonLines,
    Html,
    /// RSS or Atom: each item an article.
    Feed,
}

/// What `Format::from_path` accepts, for messages.
pub const SUPPORTED: &str =
    ".txt, .md, .json, .jsonl, .ndjson, .html, .rss, .atom, .xml, and each of them .gz";

impl Format {
    /// The format for a path's extension (case-insensitive), seen through a `.gz` suffix
    /// (`a.jsonl.gz` is JSON Lines); `None` for files we ignore.
    pub fn from_path(path: &std::path::Path) -> Option<Format> {
        // Bytes, not text: a file name need not be UTF-8, only its extensions are matched.
        let name = path.file_name()?.as_encoded_bytes().to_ascii_lowercase();
        let name = name.strip_suffix(b".gz").unwrap_or(&name);
        let dot = name.iter().rposition(|&b| b == b'.')?;
        if dot == 0 {
            // ".md" or ".md.gz": a hidden file's name, not an extension.
            return None;
        }
        Some(match &name[dot + 1..] {
            b"txt" | b"text" => Format::Txt,
            b"md" | b"markdown" => Format::Markdown,
            b"json" => Format::Json,
            b"jsonl" | b"ndjson" => Format::JsonLines,
            b"html" | b"htm" | b"xhtml" => Format::Html,
            b"rss" | b"atom" | b"xml" => Format::Feed,
            _ => return None,
        })
    }

    pub fn name(self) -> &'static str {
        match self {
            Format::Txt => "txt",
            Format::Markdown => "markdown",
            Format::Json => "json",
            Format::JsonLines => "jsonl",
            Format::Html => "html",
            Format::Feed => "feed",
        }
    }
}

/// Is the file gzip-compressed (its name ends in `.gz`)?
pub fn is_gzip(path: &std::path::Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("gz"))
}

/// What a file's parser reads: its bytes, decompressed when its name says gzip (at most
/// `max_bytes` of content).
pub fn content(path: &std::path::Path, bytes: Vec<u8>, max_bytes: u64) -> Result<Vec<u8>, Problem> {
    if is_gzip(path) {
        gunzip(&bytes, max_bytes)
    } else {
        Ok(bytes)
    }
}

/// The content of a gzip-compressed file (every member, as `gzip -d` gives it), read as a
/// stream and at most `max_bytes` of it: a larger or damaged file is a problem, not a partial
/// article.
pub fn gunzip(bytes: &[u8], max_bytes: u64) -> Result<Vec<u8>, Problem> {
    use std::io::Read;
    let mut out = Vec::with_capacity(bytes.len().saturating_mul(4).min(max_bytes as usize));
    let mut reader = flate2::read::MultiGzDecoder::new(bytes).take(max_bytes.saturating_add(1));
    match reader.read_to_end(&mut out) {
        Ok(_) if out.len() as u64 > max_bytes => Err(Problem::new(
            None,
            format!(
                "decompressed, the file is over {} MB (--max-file-mb)",
                max_bytes >> 20
            ),
        )),
        Ok(_) => Ok(out),
        Err(e) => Err(Problem::new(None, format!("cannot decompress (gzip): {e}"))),
    }
}

/// Parse a file's bytes: decode them, run the format's parser, then complete each article
/// (control characters removed, a title derived when there is none, source from the URL).
pub fn parse_bytes(format: Format, bytes: &[u8]) -> Parsed {
    let text_parser: fn(&str) -> Parsed = match format {
        Format::Txt => |t| txt::parse(&charref::decode(t)),
        Format::Markdown => markdown::parse,
        Format::Json => json::parse,
        Format::JsonLines => json::parse_lines,
        Format::Html => html::parse,
        // The XML reader honours the encoding the feed declares; decoding first would not.
        Format::Feed => return completed(feed::parse(bytes), Vec::new()),
    };
    match crate::decode::decode(bytes) {
        Ok(decoded) => completed(text_parser(&decoded.text), decoded.warnings),
        Err(reason) => Parsed {
            skipped: vec![Problem::new(None, reason.to_string())],
            ..Parsed::default()
        },
    }
}

/// A piece of a JSON Lines file, cut after a newline, that follows `lines_before` lines
/// holding `records_before` records: parsed as [`parse_bytes`] parses the whole file, with the
/// file's line and record numbers. A blank piece holds nothing and is no problem.
pub fn parse_jsonl_part(bytes: &[u8], lines_before: u64, records_before: u64) -> Parsed {
    let decoded = match crate::decode::decode(bytes) {
        Ok(d) => d,
        Err(crate::decode::NotText::Blank | crate::decode::NotText::Empty) => {
            return Parsed::default()
        }
        Err(reason) => {
            return Parsed {
                skipped: vec![Problem::new(
                    Some(lines_before + 1),
                    format!("{reason} (from this line on, {} bytes)", bytes.len()),
                )],
                ..Parsed::default()
            };
        }
    };
    let mut warnings = decoded.warnings;
    for w in &mut warnings {
        w.line = w.line.map(|l| l + lines_before);
    }
    completed(
        json::parse_lines_from(&decoded.text, lines_before, records_before),
        warnings,
    )
}

/// Decoding warnings first, then each article completed; articles left with no text skipped.
fn completed(mut parsed: Parsed, decode_warnings: Vec<Problem>) -> Parsed {
    let mut warnings = decode_warnings;
    warnings.append(&mut parsed.warnings);
    parsed.warnings = warnings;
    let mut articles = Vec::with_capacity(parsed.articles.len());
    for a in parsed.articles.into_iter().map(complete) {
        if a.body.is_empty() && a.title.is_none() {
            // Only control characters or markup: nothing to index.
            let what = a
                .record
                .map_or("the file".to_string(), |r| format!("record {r}"));
            parsed
                .skipped
                .push(Problem::new(None, format!("no article text in {what}")));
        } else {
            articles.push(a);
        }
    }
    parsed.articles = articles;
    parsed
}

/// Longest derived title, in characters.
const DERIVED_TITLE_MAX: usize = 100;

/// Fill what can be derived and clean what must be clean.
pub fn complete(mut a: Article) -> Article {
    a.body = crate::decode::strip_controls(&a.body).trim().to_string();
    if let Some(t) = a.title.take() {
        a.title = clean_meta(&crate::decode::strip_controls(&t));
    }
    if a.title.is_none() && !a.body.is_empty() {
        a.title = derive_title(&a.body);
        a.title_derived = a.title.is_some();
    }
    if a.source.is_none() {
        a.source = a.url.as_deref().and_then(host_source);
    }
    a
}

/// A title from the first sentence, cut at a word boundary with an ellipsis when too long.
pub fn derive_title(body: &str) -> Option<String> {
    let sentence = crate::passage::first_sentence(body);
    let sentence = clean_meta(sentence)?;
    if sentence.chars().count() <= DERIVED_TITLE_MAX {
        return Some(sentence);
    }
    let mut out = String::new();
    for word in sentence.split(' ') {
        if out.chars().count() + word.chars().count() + 1 > DERIVED_TITLE_MAX - 1 {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    if out.is_empty() {
        // One enormous "word": cut at a character boundary.
        out = sentence.chars().take(DERIVED_TITLE_MAX - 1).collect();
    }
    let out = out.trim_end_matches([',', ';', ':', '-', '—']).to_string();
    Some(format!("{out}…"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_files_decode_named_and_numeric_references() {
        let p = parse_bytes(
            Format::Txt,
            "Caf&eacute; news\n\nJos&eacute; Ortega of &lt;Acme> met Ren&#233;e at AT&T.\n"
                .as_bytes(),
        );
        assert_eq!(p.articles[0].title.as_deref(), Some("Café news"));
        assert_eq!(
            p.articles[0].body,
            "José Ortega of <Acme> met Renée at AT&T."
        );
    }

    #[test]
    fn derived_title_cut_at_word_boundary() {
        let body = "Shares in the largest chip designers rose on Monday after a string of upbeat forecasts from cloud companies lifted the whole sector. More text.";
        let t = derive_title(body).unwrap();
        assert!(
            t.ends_with('…') && t.chars().count() <= DERIVED_TITLE_MAX,
            "{t}"
        );
        assert!(body.starts_with(t.trim_end_matches('…')));
        assert!(body[t.trim_end_matches('…').len()..].starts_with(' '));
        assert_eq!(
            derive_title("Short lead. Then more.").as_deref(),
            Some("Short lead.")
        );
    }

    #[test]
    fn source_from_url_host() {
        assert_eq!(
            host_source("https://www.TheVerge.com/2024/x").as_deref(),
            Some("theverge.com")
        );
        assert_eq!(host_source("not a url"), None);
        // One publication, whatever the subdomain; public suffixes of two parts kept.
        for url in [
            "https://uk.reuters.com/article/x",
            "http://feeds.reuters.com/rss",
            "https://www.reuters.com/",
            "https://REUTERS.com./a",
        ] {
            assert_eq!(host_source(url).as_deref(), Some("reuters.com"), "{url}");
        }
        assert_eq!(
            host_source("https://news.bbc.co.uk/1/hi/technology/").as_deref(),
            Some("bbc.co.uk")
        );
        assert_eq!(
            host_source("https://someone.github.io/post").as_deref(),
            Some("someone.github.io")
        );
        assert_eq!(
            host_source("http://localhost:8080/a").as_deref(),
            Some("localhost")
        );
        assert_eq!(
            host_source("http://10.0.0.7/a").as_deref(),
            Some("10.0.0.7")
        );
        let a = complete(Article {
            body: "Text.".into(),
            url: Some("https://www.wired.com/a".into()),
            ..Article::default()
        });
        assert_eq!(a.source.as_deref(), Some("wired.com"));
        assert!(a.title_derived);
    }

    /// Deterministic pseudo-random bytes and near-valid documents through every parser: no
    /// panic, and every article that comes out has text or a title.
    #[test]
    fn random_input_never_panics() {
        const SEEDS: &[&str] = &[
            "Title: x\nDate: 2024-01-01\n\nBody.",
            "---\ntitle: t\ntags: [a\n---\nbody",
            "+++\ntitle = 1\n+++\n# h\n",
            "{\"title\": \"t\", \"body\": [1, {\"name\": null}]}",
            "[{\"text\": \"\\u0000\"}, 3, null]\n{\"date\": 99999999999}",
            "<html><head><meta property=\"og:title\" content=\"<\"></head><article><p>x</article>",
            "\u{feff}\r\n\r\n\u{0}\u{1}",
        ];
        let mut rng = crate::testutil::XorShift(0x2545_F491_4F6C_DD1D);
        let mut next = || rng.next();
        let formats = [
            Format::Txt,
            Format::Markdown,
            Format::Json,
            Format::JsonLines,
            Format::Html,
        ];
        for i in 0..3000 {
            let mut bytes = SEEDS[i % SEEDS.len()].as_bytes().to_vec();
            for _ in 0..(next() % 12) {
                let pos = (next() as usize) % (bytes.len() + 1);
                match next() % 3 {
                    0 => bytes.insert(pos, next() as u8),
                    1 if pos < bytes.len() => {
                        bytes.remove(pos);
                    }
                    _ => bytes
                        .splice(
                            pos..pos,
                            SEEDS[(next() as usize) % SEEDS.len()].bytes().take(20),
                        )
                        .for_each(drop),
                }
            }
            for f in formats {
                for a in parse_bytes(f, &bytes).articles {
                    assert!(!a.body.is_empty() || a.title.is_some(), "{f:?} {bytes:?}");
                }
            }
        }
    }

    #[test]
    fn format_by_extension() {
        use std::path::Path;
        assert_eq!(
            Format::from_path(Path::new("a/B.JSONL")),
            Some(Format::JsonLines)
        );
        assert_eq!(Format::from_path(Path::new("a/b.htm")), Some(Format::Html));
        assert_eq!(Format::from_path(Path::new("a/b.pdf")), None);
        assert_eq!(Format::from_path(Path::new("README")), None);
        for (name, want) in [
            ("feed.rss", Some(Format::Feed)),
            ("feed.XML", Some(Format::Feed)),
            ("blog.atom.gz", Some(Format::Feed)),
            ("wire.jsonl.gz", Some(Format::JsonLines)),
            ("page.HTML.GZ", Some(Format::Html)),
            ("archive.tar.gz", None),
            ("data.gz", None),
            (".md", None),
            (".md.gz", None),
            ("a.md~", None),
        ] {
            assert_eq!(Format::from_path(Path::new(name)), want, "{name}");
        }
        assert!(is_gzip(Path::new("a.jsonl.GZ")) && !is_gzip(Path::new("a.jsonl")));
        #[cfg(unix)]
        {
            use std::os::unix::ffi::OsStrExt;
            let name = std::ffi::OsStr::from_bytes(b"caf\xe9.txt.gz");
            assert_eq!(Format::from_path(Path::new(name)), Some(Format::Txt));
        }
    }

    fn gz(bytes: &[u8]) -> Vec<u8> {
        use std::io::Write;
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        e.write_all(bytes).unwrap();
        e.finish().unwrap()
    }

    #[test]
    fn gunzip_reads_every_member_and_at_most_the_limit() {
        // Two members, as `cat a.gz b.gz` makes: both are read, as gzip -d does.
        let mut two = gz(b"first line\n");
        two.extend(gz(b"second line\n"));
        assert_eq!(gunzip(&two, 1 << 20).unwrap(), b"first line\nsecond line\n");
        // Exactly at the limit is fine; one byte over is a problem, not a truncated article.
        let text = vec![b'x'; 4096];
        assert_eq!(gunzip(&gz(&text), 4096).unwrap().len(), 4096);
        let e = gunzip(&gz(&text), 4095).unwrap_err();
        assert!(e.message.contains("decompressed"), "{}", e.message);
        // A truncated stream is a problem too.
        let whole = gz(b"some text that is long enough to be cut short");
        let e = gunzip(&whole[..whole.len() - 6], 1 << 20).unwrap_err();
        assert!(e.message.contains("cannot decompress"), "{}", e.message);
    }
}
