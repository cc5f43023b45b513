//! Printers for `byline search`: text (for people), json, jsonl, tsv, paths, count. The JSON
//! shapes are documented in docs/json-output.md and are a stable contract.
use std::io::{self, Write};
use std::path::Path;

use unicode_width::UnicodeWidthStr;

use crate::json::{self, date_of};
use crate::search::explain::{Explanation, WordScore};
use crate::search::{Hit, Results};

/// How `byline search` prints its results (`--format`; the docs are its `--help`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// For people: title line, wrapped passage with highlights, path
    Text,
    /// One JSON object with totals and hits (docs/json-output.md)
    Json,
    /// One JSON hit per line
    Jsonl,
    /// Tab-separated: rank score date source path title passage (header line first)
    Tsv,
    /// Distinct article paths in rank order
    Paths,
    /// The number of matching articles only (`--count`)
    #[value(skip)]
    Count,
}

/// How text output looks.
#[derive(Debug, Clone)]
pub struct TextStyle {
    pub color: bool,
    /// Wrap passages to this many columns.
    pub width: usize,
    /// Paths are shown relative to this directory when under it.
    pub cwd: Option<std::path::PathBuf>,
}

/// Print results; returns how many hits (for `Count`: articles) were printed.
pub fn print(
    out: &mut dyn Write,
    r: &Results,
    format: Format,
    style: &TextStyle,
    null: bool,
) -> io::Result<u64> {
    match format {
        Format::Count => {
            writeln!(out, "{}", r.total_articles)?;
            Ok(r.total_articles)
        }
        Format::Json => {
            serde_json::to_writer(&mut *out, &json::search(r))?;
            writeln!(out)?;
            Ok(r.hits.len() as u64)
        }
        Format::Jsonl => {
            for h in &r.hits {
                serde_json::to_writer(&mut *out, &json::hit(h))?;
                writeln!(out)?;
            }
            Ok(r.hits.len() as u64)
        }
        Format::Tsv => {
            writeln!(out, "rank\tscore\tdate\tsource\tpath\ttitle\tpassage")?;
            for h in &r.hits {
                let a = &h.article;
                writeln!(
                    out,
                    "{}\t{:.3}\t{}\t{}\t{}\t{}\t{}",
                    h.rank,
                    h.score,
                    date_of(a.date).unwrap_or_default(),
                    tsv(a.source.as_deref().unwrap_or("")),
                    tsv_bytes(a.raw_path.as_os_str().as_encoded_bytes()),
                    tsv(a.title.as_deref().unwrap_or("")),
                    tsv(&h.text)
                )?;
            }
            Ok(r.hits.len() as u64)
        }
        Format::Paths => {
            // The exact bytes of each name, so that `xargs` opens the right file.
            let mut seen = std::collections::HashSet::new();
            let mut n = 0;
            let mut split_line = None;
            for h in &r.hits {
                let bytes = h.article.raw_path.as_os_str().as_encoded_bytes();
                if seen.insert(bytes) {
                    if !null && bytes.contains(&b'\n') {
                        split_line.get_or_insert(&h.article.path);
                    }
                    out.write_all(bytes)?;
                    out.write_all(if null { b"\0" } else { b"\n" })?;
                    n += 1;
                }
            }
            if let Some(p) = split_line {
                eprintln!(
                    "byline: warning: {:?} has a newline in its name, so it spans two lines; use -0 for NUL-separated paths",
                    p
                );
            }
            Ok(n)
        }
        Format::Text => text(out, r, style),
    }
}

/// Escape a TSV cell: backslash, tab, newline and carriage return become `\\`, `\t`, `\n`, `\r`.
pub fn tsv(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    push_tsv(&mut o, s);
    o
}

fn push_tsv(o: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '\\' => o.push_str("\\\\"),
            '\t' => o.push_str("\\t"),
            '\n' => o.push_str("\\n"),
            '\r' => o.push_str("\\r"),
            c => o.push(c),
        }
    }
}

/// [`tsv`] for bytes that may not be UTF-8 (a file name): each invalid byte becomes `\xNN`, so
/// that the cell still names the file exactly.
pub fn tsv_bytes(bytes: &[u8]) -> String {
    let mut o = String::with_capacity(bytes.len());
    for chunk in bytes.utf8_chunks() {
        push_tsv(&mut o, chunk.valid());
        for b in chunk.invalid() {
            o.push_str(&format!("\\x{b:02x}"));
        }
    }
    o
}

const BOLD: &str = "\x1b[1m";
const MATCH: &str = "\x1b[1;31m";
const DIM: &str = "\x1b[2m";
const PATH: &str = "\x1b[35m";
const RESET: &str = "\x1b[0m";

fn paint(out: &mut dyn Write, on: bool, code: &str, s: &str) -> io::Result<()> {
    if on {
        write!(out, "{code}{s}{RESET}")
    } else {
        out.write_all(s.as_bytes())
    }
}

/// A path for people: relative to the working directory when under it, with control
/// characters (a newline, an escape sequence in a file name) written as escapes, never sent to
/// the terminal.
fn shown_path(style: &TextStyle, path: &str) -> String {
    let shown = match &style.cwd {
        Some(cwd) => match Path::new(path).strip_prefix(cwd) {
            Ok(rel) => rel.to_string_lossy(),
            Err(_) => path.into(),
        },
        None => path.into(),
    };
    escape_controls(&shown).into_owned()
}

/// Control characters written as Rust-style escapes (`\n`, `\u{1b}`), for text meant for a
/// terminal.
pub(super) fn escape_controls(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.chars().any(char::is_control) {
        return s.into();
    }
    s.chars()
        .fold(String::new(), |mut o, c| {
            if c.is_control() {
                o.extend(c.escape_default());
            } else {
                o.push(c);
            }
            o
        })
        .into()
}

fn text(out: &mut dyn Write, r: &Results, style: &TextStyle) -> io::Result<u64> {
    let mut last_rank = 0;
    for h in &r.hits {
        if h.rank != last_rank {
            if last_rank != 0 {
                writeln!(out)?;
            }
            last_rank = h.rank;
            text_title(out, h, style)?;
        }
        text_hit(out, h, style)?;
    }
    if !r.hits.is_empty() {
        text_facets(out, r, style)?;
        writeln!(out)?;
        paint(out, style.color, DIM, &totals_line(r))?;
        writeln!(out)?;
    }
    Ok(r.hits.len() as u64)
}

const INDENT: &str = "    ";

/// An article's first line: rank, title, (date, source).
fn text_title(out: &mut dyn Write, h: &Hit, style: &TextStyle) -> io::Result<()> {
    let a = &h.article;
    let title = a.title.as_deref().unwrap_or("(untitled)");
    write!(out, "{:>2}. ", h.rank)?;
    paint(out, style.color, BOLD, title)?;
    let meta: Vec<String> = date_of(a.date)
        .into_iter()
        .chain(a.source.clone())
        .collect();
    if !meta.is_empty() {
        out.write_all(b"  ")?;
        paint(out, style.color, DIM, &format!("({})", meta.join(", ")))?;
    }
    writeln!(out)
}

/// A hit: the passage wrapped with its highlights, what it misses, the URL, the path line,
/// and the explanation when asked.
fn text_hit(out: &mut dyn Write, h: &Hit, style: &TextStyle) -> io::Result<()> {
    let a = &h.article;
    let width = style.width.saturating_sub(INDENT.len()).max(20);
    for line in wrap(&h.text, width) {
        out.write_all(INDENT.as_bytes())?;
        write_highlighted(out, style.color, &h.text, line, &h.highlights)?;
        writeln!(out)?;
    }
    let dim_line = |out: &mut dyn Write, s: &str| -> io::Result<()> {
        write!(out, "{INDENT}")?;
        paint(out, style.color, DIM, s)?;
        writeln!(out)
    };
    if !h.missing.is_empty() {
        dim_line(out, &format!("missing: {}", h.missing.join(", ")))?;
    }
    if let Some(url) = &a.url {
        dim_line(out, url)?;
    }
    write!(out, "{INDENT}")?;
    let mut loc = shown_path(style, &a.path);
    if let Some(rec) = a.record {
        loc.push_str(&format!(" (record {rec})"));
    }
    paint(out, style.color, PATH, &loc)?;
    paint(out, style.color, DIM, &hit_tail(h, style))?;
    writeln!(out)?;
    if let Some(e) = &h.explain {
        for line in explain_lines(e) {
            dim_line(out, &line)?;
        }
    }
    Ok(())
}

/// ` · passage N · score S` and the copies and near copies folded into the hit.
fn hit_tail(h: &Hit, style: &TextStyle) -> String {
    let mut tail = format!(" · passage {} · score {:.2}", h.passage_index, h.score);
    let shown = |path: &str, record: Option<u64>| match record {
        Some(r) => format!("{} (record {r})", shown_path(style, path)),
        None => shown_path(style, path),
    };
    if h.copies > 1 {
        let more = h.copies - 1;
        let listed: Vec<String> = h
            .duplicates
            .iter()
            .map(|d| shown(&d.path, d.record))
            .collect();
        tail.push_str(&format!(
            " · {more} more {}: {}",
            if more == 1 { "copy" } else { "copies" },
            first_three(listed, more)
        ));
    }
    if h.near_copies > 0 {
        let more = h.near_copies;
        let listed: Vec<String> = h
            .near_duplicates
            .iter()
            .map(|n| {
                format!(
                    "{} ({:.0}%)",
                    shown(&n.article.path, n.article.record),
                    n.similarity * 100.0
                )
            })
            .collect();
        tail.push_str(&format!(
            " · {more} near {}: {}",
            if more == 1 { "copy" } else { "copies" },
            first_three(listed, more)
        ));
    }
    tail
}

/// The first three of `listed`, joined, with `…` when `total` holds more.
fn first_three(mut listed: Vec<String>, total: usize) -> String {
    listed.truncate(3);
    if total > listed.len() {
        listed.push("…".to_string());
    }
    listed.join(", ")
}

/// The facet panel after the hits: one line per dimension with values.
fn text_facets(out: &mut dyn Write, r: &Results, style: &TextStyle) -> io::Result<()> {
    if !r.facets.iter().any(|(_, v)| !v.is_empty()) {
        return Ok(());
    }
    writeln!(out)?;
    let label_width = r
        .facets
        .iter()
        .map(|(d, _)| d.name().len())
        .max()
        .unwrap_or(0);
    for (dim, values) in r.facets.iter().filter(|(_, v)| !v.is_empty()) {
        let label = format!("{:<label_width$}  ", dim.name());
        paint(out, style.color, DIM, &label)?;
        let line = values
            .iter()
            .map(|v| format!("{} {}", v.name, v.count))
            .collect::<Vec<_>>()
            .join(" · ");
        writeln!(out, "{line}")?;
    }
    Ok(())
}

/// The totals line: full matches and passages, partial ones, common words not required.
fn totals_line(r: &Results) -> String {
    let plural = |n: u64, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let mut summary = if r.total_articles == 0 {
        "no article matches every word".to_string()
    } else {
        format!(
            "{} ({})",
            plural(r.total_articles, "article matches", "articles match"),
            plural(r.total_passages, "passage", "passages")
        )
    };
    if r.total_partial > 0 {
        summary.push_str(&format!(
            "; {} at least half of the words",
            plural(r.total_partial, "more article has", "more articles have")
        ));
    }
    if !r.ignored.is_empty() {
        summary.push_str(&format!(
            "; common words not required: {}",
            r.ignored.join(", ")
        ));
    }
    summary
}

/// `--explain` as an indented tree: the score as the product of its parts, then each part.
fn explain_lines(e: &Explanation) -> Vec<String> {
    let mut out = Vec::new();
    let mut product = format!(
        "score {:.4} = (passage {:.4} + title {:.4}) × coverage {:.4} × title share {:.4} × passages {:.4}",
        e.score, e.passage_bm25, e.title_bm25, e.coverage_factor, e.title_factor, e.about_factor
    );
    if let Some(p) = e.partial_share {
        product.push_str(&format!(" × partial {p:.4}"));
    }
    out.push(product);
    let word = |w: &WordScore| {
        let mut s = format!("\"{}\" bm25 {:.4}", w.word, w.bm25);
        if let Some(tf) = w.tf {
            s.push_str(&format!(", tf {tf}"));
        }
        if let Some(idf) = w.idf {
            s.push_str(&format!(", idf {idf:.4}"));
        }
        s.push_str(&format!(", weight {:.4}", w.weight));
        s
    };
    out.push(format!("├ passage: BM25 {:.4}", e.passage_bm25));
    out.extend(e.passage_words.iter().map(|w| format!("│   {}", word(w))));
    out.push(format!(
        "├ title: BM25 {:.4} × weight {} = {:.4}",
        e.title_bm25 / e.title_weight,
        e.title_weight,
        e.title_bm25
    ));
    out.extend(e.title_words.iter().map(|w| format!("│   {}", word(w))));
    out.push(format!(
        "├ coverage: 0.5 + 0.5 × {:.4} (the query's share, by rarity, in passage and title) = {:.4}",
        e.coverage, e.coverage_factor
    ));
    out.push(format!(
        "├ title share: 1 + {:.4} (the query's share in the title) = {:.4}",
        e.title_share, e.title_factor
    ));
    out.push(format!(
        "├ passages: 1 + 0.1 × ln(1 + {}) (passages holding query words) = {:.4}",
        e.passages, e.about_factor
    ));
    if let Some(p) = e.partial_share {
        out.push(format!(
            "├ partial: the query's share in the article = {p:.4}"
        ));
    }
    out.push(format!(
        "└ duplicates folded into this hit: {}",
        e.duplicates_folded
    ));
    out
}

/// Greedy word wrap: byte ranges of `text`, one per line, each at most `width` columns wide
/// unless a single word is wider. Line breaks in the text are kept.
pub fn wrap(text: &str, width: usize) -> Vec<(usize, usize)> {
    let mut lines = Vec::new();
    let mut offset = 0;
    for para in text.split('\n') {
        let base = offset;
        offset += para.len() + 1;
        let mut start: Option<usize> = None;
        let mut end = 0;
        let mut cols = 0;
        let mut i = 0;
        for word in para.split(' ') {
            let (ws, we) = (i, i + word.len());
            i = we + 1;
            if word.is_empty() {
                continue;
            }
            let w = word.width();
            match start {
                None => {
                    start = Some(ws);
                    end = we;
                    cols = w;
                }
                Some(s) if cols + 1 + w > width => {
                    lines.push((base + s, base + end));
                    start = Some(ws);
                    end = we;
                    cols = w;
                }
                Some(_) => {
                    end = we;
                    cols += 1 + w;
                }
            }
        }
        if let Some(s) = start {
            lines.push((base + s, base + end));
        }
    }
    lines
}

fn write_highlighted(
    out: &mut dyn Write,
    color: bool,
    text: &str,
    (start, end): (usize, usize),
    spans: &[(usize, usize)],
) -> io::Result<()> {
    let mut pos = start;
    for &(s, e) in spans {
        let (s, e) = (s.max(start), e.min(end));
        if s >= e {
            continue;
        }
        out.write_all(&text.as_bytes()[pos..s])?;
        if color {
            paint(out, true, MATCH, &text[s..e])?;
        } else {
            out.write_all(&text.as_bytes()[s..e])?;
        }
        pos = e;
    }
    out.write_all(&text.as_bytes()[pos..end])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrap_keeps_words_and_newlines() {
        let t = "one two three four\nfive six";
        let lines: Vec<&str> = wrap(t, 9).iter().map(|&(s, e)| &t[s..e]).collect();
        assert_eq!(lines, vec!["one two", "three", "four", "five six"]);
        let t = "a verylongwordthatdoesnotfit b";
        let lines: Vec<&str> = wrap(t, 5).iter().map(|&(s, e)| &t[s..e]).collect();
        assert_eq!(lines, vec!["a", "verylongwordthatdoesnotfit", "b"]);
    }

    #[test]
    fn wrap_counts_display_width() {
        let t = "東京 東京 東京";
        // Each 東京 is 4 columns wide.
        let lines: Vec<&str> = wrap(t, 9).iter().map(|&(s, e)| &t[s..e]).collect();
        assert_eq!(lines, vec!["東京 東京", "東京"]);
    }

    #[test]
    fn highlight_spans_cut_at_line_ends() {
        let t = "alpha beta gamma";
        let mut out = Vec::new();
        // A span crossing the line end is painted on both lines.
        write_highlighted(&mut out, true, t, (0, 10), &[(6, 16)]).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            format!("alpha {MATCH}beta{RESET}")
        );
    }

    #[test]
    fn tsv_escapes() {
        assert_eq!(tsv("a\tb\nc\\d\r"), "a\\tb\\nc\\\\d\\r");
    }
}
