//! Stage 5 of a search, collapse: copies of one text (equal text hashes) become one hit, the
//! best-ranked copy standing for the others. Pure.

use std::collections::hash_map::Entry;

use rustc_hash::FxHashMap;

/// A hit-to-be: the copy that stands for the group and the other copies, in rank order
/// (article numbers of the ranking stage).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    pub lead: u32,
    pub copies: Vec<u32>,
}

/// Group `ranked` (article numbers, best first) by `hash_of`; with `keep_all`, every article is
/// its own group (`--duplicates`).
pub fn collapse(ranked: Vec<u32>, hash_of: impl Fn(u32) -> u64, keep_all: bool) -> Vec<Group> {
    if keep_all {
        return ranked
            .into_iter()
            .map(|lead| Group {
                lead,
                copies: Vec::new(),
            })
            .collect();
    }
    let mut groups: Vec<Group> = Vec::new();
    let mut first: FxHashMap<u64, usize> =
        FxHashMap::with_capacity_and_hasher(ranked.len(), Default::default());
    for a in ranked {
        match first.entry(hash_of(a)) {
            Entry::Occupied(e) => groups[*e.get()].copies.push(a),
            Entry::Vacant(e) => {
                e.insert(groups.len());
                groups.push(Group {
                    lead: a,
                    copies: Vec::new(),
                });
            }
        }
    }
    groups
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copies_follow_the_best_ranked_one() {
        // Articles 4 and 2 share a text, so do 7, 1 and 9.
        let hash = |a: u32| match a {
            4 | 2 => 100,
            7 | 1 | 9 => 200,
            other => other as u64,
        };
        let groups = collapse(vec![7, 4, 3, 1, 2, 9], hash, false);
        let shape: Vec<(u32, Vec<u32>)> = groups.into_iter().map(|g| (g.lead, g.copies)).collect();
        assert_eq!(shape, vec![(7, vec![1, 9]), (4, vec![2]), (3, vec![])]);
        assert_eq!(collapse(vec![7, 4, 2], hash, true).len(), 3);
    }
}
