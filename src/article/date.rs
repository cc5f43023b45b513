//! Date parsing for the many ways news metadata writes a date.
//!
//! Accepts RFC 3339, RFC 2822, ISO dates and date-times (with or without a zone), `2024/03/15`,
//! `Nov 26, 2026`, `26 November 2026`, `Thursday, November 26, 2026`, `2024-03` (month), a bare
//! year, Unix timestamps, and newswire stamps such as `26-FEB-1987 15:01:01.79` (even with
//! trailing wire junk). Everything becomes a UTC instant; a date without a time is midnight UTC.

use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};

/// Parse a date string; `None` when no date can be read from it.
pub fn parse_date(input: &str) -> Option<DateTime<Utc>> {
    let s = input.trim().trim_matches(|c: char| c == '"' || c == '\'');
    if s.is_empty() || s.len() > 200 {
        return None;
    }
    if let Ok(d) = DateTime::parse_from_rfc3339(s) {
        return Some(d.with_timezone(&Utc));
    }
    if let Ok(d) = DateTime::parse_from_rfc2822(s) {
        return Some(d.with_timezone(&Utc));
    }
    // ISO-like date-times with an offset but a space instead of `T`, or without seconds.
    for fmt in [
        "%Y-%m-%d %H:%M:%S%.f%:z",
        "%Y-%m-%d %H:%M:%S%.f%z",
        "%Y-%m-%dT%H:%M%:z",
    ] {
        if let Ok(d) = DateTime::parse_from_str(s, fmt) {
            return Some(d.with_timezone(&Utc));
        }
    }
    for fmt in [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M",
        "%Y-%m-%d %H:%M:%S UTC",
        "%Y-%m-%dT%H:%M:%S%.fZ",
    ] {
        if let Ok(d) = NaiveDateTime::parse_from_str(s, fmt) {
            return Some(Utc.from_utc_datetime(&d));
        }
    }
    if let Some(d) = unix_timestamp(s) {
        return Some(d);
    }
    parse_loose(s)
}

/// Format as `YYYY-MM-DD`.
pub fn ymd(date: &DateTime<Utc>) -> String {
    date.format("%Y-%m-%d").to_string()
}

fn unix_timestamp(s: &str) -> Option<DateTime<Utc>> {
    if !(s.len() == 10 || s.len() == 13) || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let n: i64 = s.parse().ok()?;
    let secs = if s.len() == 13 { n / 1000 } else { n };
    DateTime::from_timestamp(secs, 0)
}

fn month_from_name(word: &str) -> Option<u32> {
    const MONTHS: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let w = word.to_ascii_lowercase();
    if w.len() < 3 {
        return None;
    }
    let full = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    let idx = MONTHS.iter().position(|m| w.starts_with(m))?;
    // Accept "Sept" and exact abbreviations or full names, not "marching".
    let ok = w.len() == 3 || full[idx].starts_with(&w) || w == "sept";
    ok.then_some(idx as u32 + 1)
}

#[derive(Debug)]
enum Tok<'a> {
    Num(&'a str),
    Word(&'a str),
}

/// Token-based reading: finds a year, a month (name or number) and a day among the words and
/// numbers of the string, plus an optional `HH:MM[:SS]` time.
fn parse_loose(s: &str) -> Option<DateTime<Utc>> {
    let mut toks = Vec::new();
    let mut time: Option<NaiveTime> = None;
    for raw in s.split(|c: char| c.is_whitespace() || c == ',') {
        if raw.is_empty() {
            continue;
        }
        if raw.contains(':') && time.is_none() {
            time = parse_time(raw);
            if time.is_some() {
                continue;
            }
        }
        for part in raw.split(['-', '/', '.']) {
            if part.is_empty() {
                continue;
            }
            if part.bytes().all(|b| b.is_ascii_digit()) {
                toks.push(Tok::Num(part));
            } else if part.chars().all(|c| c.is_alphabetic()) {
                toks.push(Tok::Word(part));
            } else {
                // Ordinals like "26th" and junk.
                let digits: &str = part.trim_end_matches(|c: char| c.is_ascii_alphabetic());
                let suffix = &part[digits.len()..].to_ascii_lowercase();
                if !digits.is_empty()
                    && digits.bytes().all(|b| b.is_ascii_digit())
                    && ["st", "nd", "rd", "th"].contains(&suffix.as_str())
                {
                    toks.push(Tok::Num(digits));
                }
            }
        }
    }
    let month_word = toks
        .iter()
        .position(|t| matches!(t, Tok::Word(w) if month_from_name(w).is_some()));
    let nums: Vec<(usize, &str)> = toks
        .iter()
        .enumerate()
        .filter_map(|(i, t)| match t {
            Tok::Num(n) => Some((i, *n)),
            _ => None,
        })
        .collect();
    let (y, m, d) = if let Some(mi) = month_word {
        let Tok::Word(w) = toks[mi] else { return None };
        let month = month_from_name(w)?;
        let year = nums.iter().find(|(_, n)| n.len() == 4).map(|(_, n)| *n)?;
        let year: i32 = year.parse().ok()?;
        // Day: a 1-2 digit number, preferring the one nearest the month name.
        let day = nums
            .iter()
            .filter(|(_, n)| n.len() <= 2)
            .min_by_key(|(i, _)| i.abs_diff(mi))
            .and_then(|(_, n)| n.parse::<u32>().ok())
            .unwrap_or(1);
        (year, month, day)
    } else {
        match nums.as_slice() {
            [(_, y)] if y.len() == 4 => (y.parse().ok()?, 1, 1),
            [(_, y), (_, m)] if y.len() == 4 && m.len() <= 2 => {
                (y.parse().ok()?, m.parse().ok()?, 1)
            }
            [(_, y), (_, m), (_, d), ..] if y.len() == 4 => {
                (y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
            }
            [(_, a), (_, b), (_, y), ..] if y.len() == 4 && a.len() <= 2 && b.len() <= 2 => {
                let (a, b): (u32, u32) = (a.parse().ok()?, b.parse().ok()?);
                // Day-first when it cannot be a month; otherwise US month-first.
                if a > 12 {
                    (y.parse().ok()?, b, a)
                } else {
                    (y.parse().ok()?, a, b)
                }
            }
            _ => return None,
        }
    };
    if !(1000..=9999).contains(&y) {
        return None;
    }
    let date = NaiveDate::from_ymd_opt(y, m, d)?;
    let time = time.unwrap_or(NaiveTime::MIN);
    Some(Utc.from_utc_datetime(&date.and_time(time)))
}

fn parse_time(s: &str) -> Option<NaiveTime> {
    let s = s.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    let mut parts = s.split(':');
    let h: u32 = parts.next()?.parse().ok()?;
    let m: u32 = parts.next()?.get(..2)?.parse().ok()?;
    let sec: u32 = match parts.next() {
        Some(p) => p
            .split('.')
            .next()?
            .get(..2)
            .and_then(|x| x.parse().ok())
            .unwrap_or(0),
        None => 0,
    };
    NaiveTime::from_hms_opt(h, m, sec)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: &str, expected: Option<&str>) {
        let got = parse_date(input).map(|d| d.format("%Y-%m-%d %H:%M:%S").to_string());
        assert_eq!(got.as_deref(), expected, "input {input:?}");
    }

    #[test]
    fn standard_formats() {
        check("2024-03-15T10:20:30Z", Some("2024-03-15 10:20:30"));
        check("2024-03-15T12:20:30+02:00", Some("2024-03-15 10:20:30"));
        check(
            "Fri, 15 Mar 2024 09:30:00 +0000",
            Some("2024-03-15 09:30:00"),
        );
        check("2024-03-15", Some("2024-03-15 00:00:00"));
        check("2024-03-15 08:00:00", Some("2024-03-15 08:00:00"));
        check("2024/03/15", Some("2024-03-15 00:00:00"));
        check("2024-03", Some("2024-03-01 00:00:00"));
    }

    #[test]
    fn written_dates() {
        check("Nov 26, 2026", Some("2026-11-26 00:00:00"));
        check("November 26, 2026", Some("2026-11-26 00:00:00"));
        check("26 November 2026", Some("2026-11-26 00:00:00"));
        check("Thursday, November 26, 2026", Some("2026-11-26 00:00:00"));
        check("Sept. 3, 2025", Some("2025-09-03 00:00:00"));
        check("3rd March 2025", Some("2025-03-03 00:00:00"));
        check("March 2025", Some("2025-03-01 00:00:00"));
    }

    #[test]
    fn bare_year_and_timestamps() {
        check("2016", Some("2016-01-01 00:00:00"));
        check("1700000000", Some("2023-11-14 22:13:20"));
    }

    #[test]
    fn newswire_stamps() {
        check("26-FEB-1987 15:01:01.79", Some("1987-02-26 15:01:01"));
        check(" 5-MAR-1987 09:12:44.11", Some("1987-03-05 09:12:44"));
        // Reuters has stamps with wire junk after the time.
        check(
            "31-MAR-1987 23:59:59.00 E RM f0981reute",
            Some("1987-03-31 23:59:59"),
        );
    }

    #[test]
    fn numeric_day_month_order() {
        check("15/03/2024", Some("2024-03-15 00:00:00"));
        check("03/15/2024", Some("2024-03-15 00:00:00"));
    }

    #[test]
    fn garbage_is_none() {
        check("", None);
        check("yesterday", None);
        check("not a date at all", None);
        check("2024-13-45", None);
        check("Feb 30, 2024", None);
        check("12345", None);
        check("marching orders", None);
    }
}
