//! "Did you mean": the known names (sources, entities) closest to one the index does not have.
//! Pure.

use super::highlight;

/// Up to five known names closest to `name`: those containing it or contained in it first, then
/// by edit distance, then by name.
pub fn closest_names(name: &str, known: &[String]) -> Vec<String> {
    let name = name.to_lowercase();
    let mut scored: Vec<(usize, &String)> = known
        .iter()
        .map(|k| {
            let d = if k.contains(&name) || name.contains(k.as_str()) {
                0
            } else {
                highlight::edit_distance(&name, k)
            };
            (d, k)
        })
        .collect();
    scored.sort();
    scored.into_iter().take(5).map(|(_, k)| k.clone()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn closest_names_prefer_substrings_then_edits() {
        let known = vec![
            "wired.com".to_string(),
            "theverge.com".to_string(),
            "venturebeat.com".to_string(),
        ];
        assert_eq!(closest_names("wired", &known)[0], "wired.com");
        assert_eq!(closest_names("vergee", &known)[0], "theverge.com");
    }
}
