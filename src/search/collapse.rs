//! Stage 5 of a search, collapse: copies of one text (equal text hashes) become one hit, the
//! best-ranked copy standing for the others; then near copies of one story (re-scraped,
//! syndicated, re-issued: `similar::SAME_STORY`) fold into the best-ranked one. Pure.

use std::collections::hash_map::Entry;

use rustc_hash::FxHashMap;

/// A hit-to-be: the copy that stands for the group and the other copies, in rank order
/// (article numbers of the ranking stage).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    pub lead: u32,
    pub copies: Vec<u32>,
    /// Near copies of the story folded into this hit, in rank order (a near copy's own
    /// exact copies come with it).
    pub near: Vec<u32>,
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
                near: Vec::new(),
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
                    near: Vec::new(),
                });
            }
        }
    }
    groups
}

/// Fold near copies: groups whose leads share a story (`story_of`: the index-time story of
/// an article, `index::stories`) become one, the best-ranked group standing for the others,
/// whose articles (lead and exact copies) become its `near` copies, in rank order.
pub fn fold_stories(groups: Vec<Group>, story_of: impl Fn(u32) -> u64) -> Vec<Group> {
    let mut kept: Vec<Group> = Vec::with_capacity(groups.len());
    let mut first: FxHashMap<u64, usize> =
        FxHashMap::with_capacity_and_hasher(groups.len(), Default::default());
    for group in groups {
        match first.entry(story_of(group.lead)) {
            Entry::Occupied(e) => {
                let folded = &mut kept[*e.get()];
                folded.near.push(group.lead);
                folded.near.extend(group.copies);
                folded.near.extend(group.near);
            }
            Entry::Vacant(e) => {
                e.insert(kept.len());
                kept.push(group);
            }
        }
    }
    kept
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

    #[test]
    fn near_copies_fold_into_the_best_ranked_copy_of_their_story() {
        // Stories by tens (10..19 one story, 20..29 another); 14 is an exact copy of 12.
        let hash = |a: u32| if a == 14 { 12 } else { u64::from(a) };
        let groups = collapse(vec![21, 10, 12, 30, 14, 22, 11], hash, false);
        let groups = fold_stories(groups, |a| u64::from(a / 10));
        let shape: Vec<(u32, Vec<u32>, Vec<u32>)> = groups
            .into_iter()
            .map(|g| (g.lead, g.copies, g.near))
            .collect();
        assert_eq!(
            shape,
            vec![
                (21, vec![], vec![22]),
                // 12 brings its exact copy 14 along as a near copy of 10.
                (10, vec![], vec![12, 14, 11]),
                (30, vec![], vec![]),
            ]
        );
    }
}
