//! "Did you mean": the known names (sources, entities) closest to one the index does not have.
//! Pure.

/// Known names close to `name`, at most five, compared without regard to case: names that hold
/// it or that it holds (three characters or more), then names within an edit distance of a
/// third of its length (at least 1; optimal string alignment, `strsim`), nearest first, then by
/// name. None when nothing is that close: a far-off list is no help.
pub fn closest_names(name: &str, known: &[String]) -> Vec<String> {
    let name = name.to_lowercase();
    let len = name.chars().count();
    let limit = (len / 3).max(1);
    let mut scored: Vec<(usize, &String)> = known
        .iter()
        .filter_map(|k| {
            let lower = k.to_lowercase();
            let holds = len >= 3
                && (lower.contains(&name)
                    || (lower.chars().count() >= 3 && name.contains(lower.as_str())));
            let d = if holds {
                0
            } else {
                strsim::osa_distance(&name, &lower)
            };
            (d <= limit).then_some((d, k))
        })
        .collect();
    scored.sort();
    scored.into_iter().take(5).map(|(_, k)| k.clone()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn closest_names_prefer_substrings_then_edits() {
        let known = names(&["wired.com", "theverge.com", "venturebeat.com"]);
        assert_eq!(closest_names("wired", &known), ["wired.com"]);
        assert_eq!(closest_names("theverg.com", &known), ["theverge.com"]);
    }

    #[test]
    fn case_does_not_matter_and_far_names_are_not_offered() {
        let known = names(&[
            "Microsoft",
            "Micron",
            "Apple",
            "Alphabet",
            "OpenAI",
            "Oracle",
        ]);
        // Lower-cased query against capitalised names, and the other way round.
        assert_eq!(closest_names("microsft", &known), ["Microsoft"]);
        assert_eq!(closest_names("MICROSOFT", &known), ["Microsoft"]);
        assert_eq!(closest_names("openai", &known), ["OpenAI"]);
        // Nothing close: no list at all (it used to be five names, however far).
        assert!(closest_names("zzzqqq", &known).is_empty());
        assert!(closest_names("Samsung", &known).is_empty());
        // A short name is not "held" by every longer one.
        assert!(closest_names("ap", &known).is_empty());
        assert_eq!(closest_names("appl", &known), ["Apple"]);
    }
}
