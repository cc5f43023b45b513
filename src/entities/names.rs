//! One person, one name across the corpus: a surname used alone ("President Reagan", "Mr
//! Fogg", a recurring "Reagan") is the person the corpus names in full with it, when one
//! full name dominates ("Ronald Reagan" in 1987 newswire). Within an article the extractor
//! links surnames itself; this covers articles that never give the full name.
//!
//! Full names are counted once per article from a cheap word scan (a given name, then a
//! capitalised word), in the indexer's pass before extraction, and kept in the index
//! (`surnames.tsv`) for later runs. Pure.

use rustc_hash::FxHashMap;

use super::words;

/// A surname resolves to a full name held by at least this many articles...
const MIN_ARTICLES: u32 = 3;
/// ...and by at least this share of the articles naming anyone with that surname in full.
const MIN_SHARE: f64 = 0.9;

/// Full names per surname, with how many articles name each.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Surnames {
    full: FxHashMap<String, FxHashMap<String, u32>>,
}

/// The distinct full names ("Ronald Reagan") an article's texts give: a known given name
/// followed, after one space, by a capitalised word that could be a surname.
pub fn full_names<'a>(texts: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for t in texts {
        let mut prev: Option<&str> = None;
        for token in t.split(' ') {
            let bare =
                token.trim_end_matches([',', '.', ';', ':', '!', '?', ')', '"', '”', '’', '\'']);
            let word = bare
                .strip_suffix("'s")
                .or_else(|| bare.strip_suffix("’s"))
                .unwrap_or(bare);
            if let Some(first) = prev {
                // Cheapest tests first: most word pairs are not capitalised twice.
                if word.starts_with(|c: char| c.is_uppercase())
                    && first.starts_with(|c: char| c.is_uppercase())
                    && words::is_first_name(first)
                    && surname_like(word)
                {
                    let name = format!("{first} {word}");
                    if !out.contains(&name) {
                        out.push(name);
                    }
                }
            }
            // Punctuation or a possessive after a word ends the pair.
            prev = (word.len() == token.len() && !word.is_empty()).then_some(word);
        }
    }
    out
}

fn surname_like(w: &str) -> bool {
    w.chars().count() >= 2
        && w.chars().next().is_some_and(char::is_uppercase)
        && w.chars().skip(1).any(char::is_lowercase)
        && w.chars()
            .all(|c| c.is_alphabetic() || matches!(c, '-' | '\'' | '’'))
        && !words::STOP.has(w)
        && !words::HONORIFIC.has(w)
        && !words::ORG_SUFFIX.has(w)
        && !words::PLACE_SUFFIX.has(w)
        && !words::NOT_SURNAME.has(w)
}

impl Surnames {
    /// Count one article's [`full_names`].
    pub fn add_article(&mut self, names: &[String]) {
        for n in names {
            if let Some((_, last)) = n.rsplit_once(' ') {
                *self
                    .full
                    .entry(last.to_string())
                    .or_default()
                    .entry(n.clone())
                    .or_default() += 1;
            }
        }
    }

    /// The full name a lone `surname` stands for in this corpus, if one dominates.
    pub fn resolve(&self, surname: &str) -> Option<&str> {
        let names = self.full.get(surname)?;
        let total: u32 = names.values().sum();
        let (best, &n) = names
            .iter()
            .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))?;
        (n >= MIN_ARTICLES && n as f64 >= MIN_SHARE * total as f64).then_some(best.as_str())
    }

    pub fn is_empty(&self) -> bool {
        self.full.is_empty()
    }

    /// `surname<TAB>full name<TAB>articles` lines, sorted.
    pub fn to_tsv(&self) -> String {
        let mut rows: Vec<(&String, &String, &u32)> = self
            .full
            .iter()
            .flat_map(|(s, m)| m.iter().map(move |(f, n)| (s, f, n)))
            .collect();
        rows.sort();
        rows.iter()
            .map(|(s, f, n)| format!("{s}\t{f}\t{n}\n"))
            .collect()
    }

    /// What [`Surnames::to_tsv`] wrote; malformed lines are skipped (the file is a cache
    /// the next `--rebuild` remakes).
    pub fn from_tsv(text: &str) -> Surnames {
        let mut s = Surnames::default();
        for line in text.lines() {
            let mut cols = line.split('\t');
            if let (Some(last), Some(full), Some(n)) = (cols.next(), cols.next(), cols.next()) {
                if let Ok(n) = n.parse::<u32>() {
                    *s.full
                        .entry(last.to_string())
                        .or_default()
                        .entry(full.to_string())
                        .or_default() += n;
                }
            }
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_names_are_given_name_then_surname() {
        let n = full_names([
            "President Ronald Reagan said, and James Baker agreed. Ronald Reagan left.",
            "Mr Reagan met Ronald Reagan's aides in New York.",
        ]);
        assert_eq!(n, ["Ronald Reagan", "James Baker"]);
        // No pair across punctuation, none with a word that is no surname.
        assert!(full_names(["James. Baker left; David Park Hotel"]).is_empty());
    }

    #[test]
    fn a_dominant_full_name_resolves_its_surname() {
        let mut s = Surnames::default();
        for _ in 0..20 {
            s.add_article(&["Ronald Reagan".into()]);
        }
        s.add_article(&["Nancy Reagan".into()]);
        for _ in 0..5 {
            s.add_article(&["James Baker".into()]);
            s.add_article(&["Howard Baker".into()]);
        }
        s.add_article(&["Ian Fogg".into()]);
        assert_eq!(s.resolve("Reagan"), Some("Ronald Reagan"));
        assert_eq!(s.resolve("Baker"), None, "two people share it");
        assert_eq!(s.resolve("Fogg"), None, "too few articles");
        assert_eq!(s.resolve("Nobody"), None);
        assert_eq!(Surnames::from_tsv(&s.to_tsv()), s);
    }
}
