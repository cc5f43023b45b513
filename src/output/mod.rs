//! Printers: the only code that writes to stdout (and, in `notices`, to stderr). Each takes
//! plain data (never tantivy types) and none knows the command line.

use std::io::{self, Write};

use serde::Serialize;

use crate::index::Summary;
use crate::stats::Stats;

pub mod browse;
pub mod export;
pub mod notices;
pub mod search;
pub mod sink;

/// Thousands separators for counts.
pub fn count(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

pub fn human_bytes(n: u64) -> String {
    const UNITS: [&str; 5] = ["B", "KB", "MB", "GB", "TB"];
    let mut v = n as f64;
    let mut u = 0;
    while v >= 1024.0 && u + 1 < UNITS.len() {
        v /= 1024.0;
        u += 1;
    }
    if u == 0 {
        format!("{n} B")
    } else {
        format!("{v:.1} {}", UNITS[u])
    }
}

/// The one-line summary of an indexing run.
pub fn index_summary_line(s: &Summary) -> String {
    format!(
        "{} added, {} updated, {} removed, {} unchanged, {} skipped; the index holds {} articles, {} passages from {} files; {:.2} s",
        count(s.added),
        count(s.updated),
        count(s.removed),
        count(s.unchanged),
        count(s.skipped.len() as u64),
        count(s.articles),
        count(s.passages),
        count(s.files),
        s.seconds
    )
}

pub fn index_summary(out: &mut dyn Write, s: &Summary, json: bool) -> io::Result<()> {
    if json {
        serde_json::to_writer(&mut *out, s)?;
        writeln!(out)
    } else {
        writeln!(out, "{}", index_summary_line(s))
    }
}

pub fn stats(out: &mut dyn Write, s: &Stats, json: bool) -> io::Result<()> {
    if json {
        serde_json::to_writer(&mut *out, s)?;
        return writeln!(out);
    }
    let dates = match (&s.date_min, &s.date_max) {
        (Some(a), Some(b)) => format!("{a} .. {b}"),
        _ => "none".to_string(),
    };
    writeln!(out, "index      {}", s.index)?;
    writeln!(out, "articles   {}", count(s.articles))?;
    writeln!(out, "passages   {}", count(s.passages))?;
    writeln!(out, "files      {}", count(s.files))?;
    writeln!(out, "sources    {}", count(s.sources))?;
    writeln!(
        out,
        "entities   {}",
        s.entities
            .iter()
            .map(|(k, n)| format!("{k} {}", count(*n)))
            .collect::<Vec<_>>()
            .join(" · ")
    )?;
    if !s.boilerplate.is_empty() {
        let total: u64 = s.boilerplate.values().sum();
        let mut top: Vec<(&String, &u64)> = s.boilerplate.iter().collect();
        top.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        let shown: Vec<String> = top
            .iter()
            .take(3)
            .map(|(src, n)| {
                let name = if src.is_empty() {
                    "(no source)"
                } else {
                    src.as_str()
                };
                format!("{name} {}", human_bytes(**n))
            })
            .collect();
        writeln!(
            out,
            "boilerplate {} set aside from entities ({}{})",
            human_bytes(total),
            shown.join(" · "),
            if top.len() > 3 { " · ..." } else { "" }
        )?;
    }
    writeln!(out, "dates      {dates}")?;
    writeln!(out, "size       {}", human_bytes(s.size_bytes))?;
    writeln!(
        out,
        "updated    {}",
        s.updated.as_deref().unwrap_or("never")
    )?;
    writeln!(
        out,
        "roots      {}",
        if s.roots.is_empty() {
            "none".to_string()
        } else {
            s.roots.join(", ")
        }
    )?;
    if let Some(n) = s.checked_files {
        writeln!(out, "checked    {} files, checksums ok", count(n))?;
    }
    if s.files_with_skipped_records > 0 {
        writeln!(
            out,
            "partial    {} files had records skipped",
            count(s.files_with_skipped_records)
        )?;
    }
    Ok(())
}

/// One parsed article as a JSON line (`byline parse`).
pub fn parsed_article(
    out: &mut dyn Write,
    path: &str,
    format: crate::article::Format,
    a: &crate::article::Article,
) -> io::Result<()> {
    let v = serde_json::json!({
        "path": path,
        "format": format.name(),
        "record": a.record,
        "title": a.title,
        "title_derived": a.title_derived,
        "date": a.date.as_ref().map(crate::article::date::ymd),
        "source": a.source,
        "url": a.url,
        "author": a.author,
        "tags": a.tags,
        "passages": crate::index::document::passages_of(a),
    });
    serde_json::to_writer(&mut *out, &v)?;
    writeln!(out)
}

/// One effective setting for `byline config`: its value (none: unset) and where it comes from.
#[derive(Debug, Serialize)]
pub struct Effective {
    pub value: Option<String>,
    pub from: String,
}

/// `byline config`: the settings, then the config files looked for.
pub fn config(
    out: &mut dyn Write,
    settings: &[(&str, Effective)],
    files: &[(&std::path::Path, bool)],
    json: bool,
) -> io::Result<()> {
    if json {
        let mut obj = serde_json::Map::new();
        for (k, e) in settings {
            obj.insert(
                k.to_string(),
                serde_json::to_value(e).map_err(io::Error::other)?,
            );
        }
        let files: Vec<serde_json::Value> = files
            .iter()
            .map(|(path, found)| serde_json::json!({"path": path.display().to_string(), "found": found}))
            .collect();
        obj.insert("files".into(), serde_json::Value::Array(files));
        serde_json::to_writer(&mut *out, &obj)?;
        return writeln!(out);
    }
    let width = settings
        .iter()
        .map(|(_, e)| e.value.as_deref().unwrap_or("-").chars().count())
        .max()
        .unwrap_or(0);
    for (k, e) in settings {
        let v = e.value.as_deref().unwrap_or("-");
        writeln!(out, "{k:<9} {v:<width$}  # {}", e.from)?;
    }
    if files.is_empty() {
        writeln!(out, "# no config file (BYLINE_CONFIG is empty)")?;
    }
    for (path, found) in files {
        let state = if *found { "read" } else { "not found" };
        writeln!(out, "# config file {}: {state}", path.display())?;
    }
    Ok(())
}

/// A shell completion script for the command line `cmd` (named `byline`).
pub fn completions(
    out: &mut dyn Write,
    mut cmd: clap::Command,
    shell: clap_complete::Shell,
) -> io::Result<()> {
    // Into a buffer first: clap_complete panics when its writer fails (a closed pipe).
    let mut buf = Vec::new();
    clap_complete::generate(shell, &mut cmd, "byline", &mut buf);
    out.write_all(&buf)
}

/// A manual page (roff) for `cmd`.
pub fn man(out: &mut dyn Write, cmd: clap::Command) -> io::Result<()> {
    clap_mangen::Man::new(cmd).render(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_and_bytes() {
        assert_eq!(count(0), "0");
        assert_eq!(count(1234567), "1,234,567");
        assert_eq!(human_bytes(512), "512 B");
        assert_eq!(human_bytes(1536), "1.5 KB");
    }
}
