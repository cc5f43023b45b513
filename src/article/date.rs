//! Date parsing for the many ways news metadata writes a date.
//!
//! Accepts RFC 3339, RFC 2822, ISO dates and date-times (with or without a zone), `2024/03/15`,
//! `Nov 26, 2026`, `26 November 2026`, `Thursday, November 26, 2026`, `2024-03` (month), a bare
//! year, Unix timestamps, and newswire stamps such as `26-FEB-1987 15:01:01.79` (even with
//! trailing wire junk). Numeric offsets with or without a colon (`+0100`, `-05:00`) and the
//! common zone names (`GMT`, `EST`, `PDT`, `BST`, `CET`, ...) are applied. Everything becomes a
//! UTC instant; a date without a time or zone is midnight UTC.

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
    // ISO-like date-times with an offset: a space instead of `T`, no seconds, or an offset
    // without its colon (`+0000`, which RFC 3339 does not allow but feeds write).
    for fmt in [
        "%Y-%m-%d %H:%M:%S%.f%:z",
        "%Y-%m-%d %H:%M:%S%.f%z",
        "%Y-%m-%dT%H:%M:%S%.f%z",
        "%Y-%m-%dT%H:%M%:z",
        "%Y-%m-%dT%H:%M%z",
        "%Y-%m-%d %H:%M%:z",
        "%Y-%m-%d %H:%M%z",
    ] {
        if let Ok(d) = DateTime::parse_from_str(s, fmt) {
            return Some(d.with_timezone(&Utc));
        }
    }
    // A zone at the end, as a word (`10:00 GMT`, `EST`) or an offset (`10:00:00 +0100`): the
    // rest is read as local time there.
    if let Some((rest, offset)) = split_zone(s) {
        let local = parse_local(rest)?;
        return Some(local - chrono::Duration::seconds(i64::from(offset)));
    }
    parse_local(s)
}

/// A date-time without a zone, read as UTC.
fn parse_local(s: &str) -> Option<DateTime<Utc>> {
    for fmt in [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M",
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

/// Offsets (seconds east of UTC) of the zone names news metadata uses. Ambiguous names (IST:
/// India, Ireland or Israel) are left out.
const ZONES: &[(&str, i32)] = &[
    ("UTC", 0),
    ("UT", 0),
    ("GMT", 0),
    ("Z", 0),
    ("WET", 0),
    ("WEST", 3600),
    ("BST", 3600),
    ("CET", 3600),
    ("CEST", 7200),
    ("MET", 3600),
    ("MEST", 7200),
    ("EET", 7200),
    ("EEST", 10800),
    ("MSK", 10800),
    ("EST", -5 * 3600),
    ("EDT", -4 * 3600),
    ("CST", -6 * 3600),
    ("CDT", -5 * 3600),
    ("MST", -7 * 3600),
    ("MDT", -6 * 3600),
    ("PST", -8 * 3600),
    ("PDT", -7 * 3600),
    ("AKST", -9 * 3600),
    ("AKDT", -8 * 3600),
    ("HST", -10 * 3600),
    ("JST", 9 * 3600),
    ("KST", 9 * 3600),
    ("HKT", 8 * 3600),
    ("SGT", 8 * 3600),
    ("AEST", 10 * 3600),
    ("AEDT", 11 * 3600),
    ("NZST", 12 * 3600),
    ("NZDT", 13 * 3600),
];

/// A zone at the end of `s`: a name from `ZONES` (any case, in brackets or not) or a numeric
/// offset (`+0100`, `-05:00`, `+01`), after a space. `None` when there is none.
fn split_zone(s: &str) -> Option<(&str, i32)> {
    let (rest, last) = s.trim_end().rsplit_once(char::is_whitespace)?;
    let rest = rest.trim_end();
    if rest.is_empty() {
        return None;
    }
    let word = last.trim_matches(|c| c == '(' || c == ')');
    if let Some(&(_, off)) = ZONES.iter().find(|(n, _)| n.eq_ignore_ascii_case(word)) {
        return Some((rest, off));
    }
    let sign = match word.as_bytes().first()? {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let digits: String = word[1..].chars().filter(|&c| c != ':').collect();
    if !(digits.len() == 2 || digits.len() == 4) || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let h: i32 = digits[..2].parse().ok()?;
    let m: i32 = if digits.len() == 4 {
        digits[2..].parse().ok()?
    } else {
        0
    };
    (h <= 14 && m < 60).then_some((rest, sign * (h * 3600 + m * 60)))
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
    // "pm" / "am" after the time (or glued to it: "8:15pm").
    let mut meridiem: Option<bool> = None;
    for raw in s.split(|c: char| c.is_whitespace() || c == ',') {
        if raw.is_empty() {
            continue;
        }
        if raw.contains(':') && time.is_none() {
            time = parse_time(raw);
            if time.is_some() {
                let lower = raw.to_ascii_lowercase();
                if lower.ends_with("pm") || lower.ends_with("am") {
                    meridiem = Some(lower.ends_with("pm"));
                }
                continue;
            }
        }
        if time.is_some() && meridiem.is_none() {
            match raw.to_ascii_lowercase().as_str() {
                "pm" | "p.m." => {
                    meridiem = Some(true);
                    continue;
                }
                "am" | "a.m." => {
                    meridiem = Some(false);
                    continue;
                }
                _ => {}
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
    let time = match (time, meridiem) {
        (Some(t), Some(pm)) => {
            use chrono::Timelike;
            let h = t.hour() % 12 + if pm { 12 } else { 0 };
            t.with_hour(h)?
        }
        (t, _) => t.unwrap_or(NaiveTime::MIN),
    };
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

    /// Real-world date strings (feeds, newswires, CMS exports, JSON) and the UTC day each is.
    #[test]
    fn real_world_dates_land_on_their_day() {
        let table: &[(&str, &str)] = &[
            // RFC 3339 / ISO 8601 and their loose cousins.
            ("2024-03-15T10:00:00Z", "2024-03-15 10:00"),
            ("2024-03-15T10:00:00.123Z", "2024-03-15 10:00"),
            ("2024-03-15T10:00:00+00:00", "2024-03-15 10:00"),
            ("2024-03-15T10:00:00+0000", "2024-03-15 10:00"),
            ("2024-03-15T10:00:00-0500", "2024-03-15 15:00"),
            ("2024-03-15T22:30:00-0500", "2024-03-16 03:30"),
            ("2024-03-15T01:30:00+0530", "2024-03-14 20:00"),
            ("2024-03-15T10:00+01:00", "2024-03-15 09:00"),
            ("2024-03-15T10:00+0100", "2024-03-15 09:00"),
            ("2024-03-15 10:00:00+01:00", "2024-03-15 09:00"),
            ("2024-03-15 10:00:00+0100", "2024-03-15 09:00"),
            ("2024-03-05 10:00:00 +0100", "2024-03-05 09:00"),
            ("2024-03-05 23:00:00 -08:00", "2024-03-06 07:00"),
            ("2024-03-05 10:00 +01", "2024-03-05 09:00"),
            ("2024-03-15 10:00:00 UTC", "2024-03-15 10:00"),
            ("2024-03-15T10:00:00", "2024-03-15 10:00"),
            ("2024-03-15 10:00", "2024-03-15 10:00"),
            ("2024-03-15", "2024-03-15 00:00"),
            ("2024/03/15", "2024-03-15 00:00"),
            ("2024-03", "2024-03-01 00:00"),
            ("2024", "2024-01-01 00:00"),
            // RSS / RFC 2822 and mail-like stamps.
            ("Fri, 15 Mar 2024 09:30:00 +0000", "2024-03-15 09:30"),
            ("Fri, 15 Mar 2024 23:30:00 -0500", "2024-03-16 04:30"),
            ("Fri, 15 Mar 2024 09:30:00 GMT", "2024-03-15 09:30"),
            ("Fri, 15 Mar 2024 21:30:00 EST", "2024-03-16 02:30"),
            ("Fri, 15 Mar 2024 09:30:00 PDT", "2024-03-15 16:30"),
            ("15 Mar 2024 09:30:00 +0200", "2024-03-15 07:30"),
            ("5 Mar 2024 10:00 GMT", "2024-03-05 10:00"),
            ("5 Mar 2024 00:30 BST", "2024-03-04 23:30"),
            ("5 Mar 2024 00:30 CET", "2024-03-04 23:30"),
            ("5 Mar 2024 23:30 PST", "2024-03-06 07:30"),
            ("March 5, 2024 10:00 AM EST", "2024-03-05 15:00"),
            ("March 5, 2024 8:15 pm PDT", "2024-03-06 03:15"),
            ("March 5, 2024 12:05am", "2024-03-05 00:05"),
            ("March 5, 2024, 12:30 p.m.", "2024-03-05 12:30"),
            ("Tue Mar 05 2024 10:00:00 GMT+0000", "2024-03-05 10:00"),
            // Written dates, any case.
            ("March 5, 2024", "2024-03-05 00:00"),
            ("MARCH 5, 2024", "2024-03-05 00:00"),
            ("Mar. 5, 2024", "2024-03-05 00:00"),
            ("5 March 2024", "2024-03-05 00:00"),
            ("5th March 2024", "2024-03-05 00:00"),
            ("TUESDAY, MARCH 5, 2024", "2024-03-05 00:00"),
            ("Tuesday 5 March 2024", "2024-03-05 00:00"),
            ("Sept. 3, 2025", "2025-09-03 00:00"),
            ("December 2023", "2023-12-01 00:00"),
            ("Published: 31 Aug 2023", "2023-08-31 00:00"),
            ("Updated March 5, 2024 at 10:00 UTC", "2024-03-05 10:00"),
            // Numeric day and month.
            ("15/03/2024", "2024-03-15 00:00"),
            ("03/15/2024", "2024-03-15 00:00"),
            ("15.03.2024", "2024-03-15 00:00"),
            // Newswires.
            ("26-FEB-1987 15:01:01.79", "1987-02-26 15:01"),
            (" 5-MAR-1987 09:12:44.11", "1987-03-05 09:12"),
            // JSON epoch seconds and milliseconds.
            ("1709632800", "2024-03-05 10:00"),
            ("1709632800000", "2024-03-05 10:00"),
            ("\"2024-03-05T10:00:00Z\"", "2024-03-05 10:00"),
        ];
        assert!(table.len() >= 50, "{}", table.len());
        let mut wrong = Vec::new();
        for (input, want) in table {
            let got = parse_date(input).map(|d| d.format("%Y-%m-%d %H:%M").to_string());
            if got.as_deref() != Some(*want) {
                wrong.push(format!("{input:?}: got {got:?}, want {want}"));
            }
        }
        assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    }
}
