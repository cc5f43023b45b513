//! Printers of what the index knows beyond one search's hits: facet counts (`byline facets`),
//! one article in full (`show`), co-mentioned entities (`related`) and articles per period
//! (`timeline`, with bars).

use std::io::{self, Write};

use super::search::{escape_controls, tsv};
use crate::json::{self, date_of};
use crate::search::facets::Facets;

/// How `byline facets` prints its counts (`--format`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum FacetsFormat {
    /// For people: one block per type, counts then names
    Text,
    /// The same object as search's `facets`
    Json,
    /// type, name, count (header line first)
    Tsv,
}

/// `byline facets`: text (a block per type), json (search's `facets` object) or tsv.
pub fn print_facets(out: &mut dyn Write, facets: &Facets, format: FacetsFormat) -> io::Result<()> {
    match format {
        FacetsFormat::Json => {
            serde_json::to_writer(&mut *out, &json::facets(facets))?;
            writeln!(out)
        }
        FacetsFormat::Tsv => {
            writeln!(out, "type\tname\tcount")?;
            for (dim, values) in facets {
                for v in values {
                    writeln!(out, "{}\t{}\t{}", dim.name(), tsv(&v.name), v.count)?;
                }
            }
            Ok(())
        }
        FacetsFormat::Text => {
            for (i, (dim, values)) in facets.iter().enumerate() {
                if i > 0 {
                    writeln!(out)?;
                }
                writeln!(out, "{}", dim.name())?;
                let w = values
                    .iter()
                    .map(|v| v.count.to_string().len())
                    .max()
                    .unwrap_or(1);
                for v in values {
                    writeln!(out, "  {:>w$}  {}", v.count, v.name)?;
                }
            }
            Ok(())
        }
    }
}

/// `byline show`: the article object plus `passages` and `entities` (JSON), or the article
/// for reading (text).
pub fn print_show(
    out: &mut dyn Write,
    a: &crate::search::show::Shown,
    json: bool,
) -> io::Result<()> {
    let m = &a.article;
    if json {
        serde_json::to_writer(&mut *out, &json::show(a))?;
        return writeln!(out);
    }
    writeln!(out, "{}", m.title.as_deref().unwrap_or("(untitled)"))?;
    let meta: Vec<String> = [date_of(m.date), m.source.clone(), m.url.clone()]
        .into_iter()
        .flatten()
        .collect();
    if !meta.is_empty() {
        writeln!(out, "{}", meta.join(" · "))?;
    }
    match m.record {
        Some(r) => writeln!(
            out,
            "{} (record {r}) · id {:016x}",
            escape_controls(&m.path),
            m.id
        )?,
        None => writeln!(out, "{} · id {:016x}", escape_controls(&m.path), m.id)?,
    }
    for p in &a.passages {
        writeln!(out)?;
        writeln!(out, "{p}")?;
    }
    if !a.entities.is_empty() {
        writeln!(out)?;
        let list: Vec<String> = a
            .entities
            .iter()
            .map(|(k, n, c)| format!("{} {n} {c}", k.as_str()))
            .collect();
        writeln!(out, "entities: {}", list.join(" · "))?;
    }
    Ok(())
}

/// `byline related`: a table (count, lift, type, name) or a JSON array.
pub fn print_related(
    out: &mut dyn Write,
    rel: &[crate::search::related::Related],
    json: bool,
) -> io::Result<()> {
    if json {
        serde_json::to_writer(&mut *out, &json::related(rel))?;
        return writeln!(out);
    }
    let w = rel
        .iter()
        .map(|r| r.count.to_string().len())
        .max()
        .unwrap_or(1);
    for r in rel {
        writeln!(
            out,
            "{:>w$}  {:>7.2}x  {:<7}  {}",
            r.count,
            r.lift,
            r.kind.as_str(),
            r.name
        )?;
    }
    Ok(())
}

/// `byline timeline`: a bar chart (period, bar of Unicode blocks scaled to the largest count,
/// count) or a JSON array of `{"period", "count"}`.
pub fn print_timeline(
    out: &mut dyn Write,
    t: &crate::search::timeline::Timeline,
    json: bool,
    width: usize,
) -> io::Result<()> {
    if json {
        serde_json::to_writer(&mut *out, &json::timeline(t))?;
        return writeln!(out);
    }
    let max = t.periods.iter().map(|p| p.1).max().unwrap_or(0);
    let label = t.periods.iter().map(|p| p.0.len()).max().unwrap_or(0);
    let digits = max.to_string().len();
    let bar_width = width.saturating_sub(label + digits + 4).clamp(10, 60);
    for (p, c) in &t.periods {
        writeln!(
            out,
            "{p:<label$}  {}  {c:>digits$}",
            bar(*c, max, bar_width)
        )?;
    }
    Ok(())
}

/// A bar of `width` columns at most, in eighths of a block.
fn bar(n: u64, max: u64, width: usize) -> String {
    const PARTS: [char; 8] = [' ', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];
    let eighths = if max == 0 {
        0
    } else {
        ((n as u128 * width as u128 * 8 + max as u128 / 2) / max as u128) as usize
    };
    let eighths = if n > 0 { eighths.max(1) } else { 0 };
    let mut s = "█".repeat(eighths / 8);
    if eighths % 8 > 0 {
        s.push(PARTS[eighths % 8]);
    }
    let len = s.chars().count();
    s.extend(std::iter::repeat_n(' ', width.saturating_sub(len)));
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_scale_to_the_largest_count() {
        assert_eq!(bar(8, 8, 4), "████");
        assert_eq!(bar(4, 8, 4), "██  ");
        assert_eq!(bar(1, 8, 4), "▌   ");
        assert_eq!(bar(1, 1000, 4), "▏   ", "a non-zero count shows");
        assert_eq!(bar(0, 8, 4), "    ");
    }
}
