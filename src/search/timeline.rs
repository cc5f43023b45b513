//! Matching articles per period (`byline timeline`).

use anyhow::Result;
use chrono::{DateTime, Datelike};
use rustc_hash::FxHashMap;

use super::Snapshot;

/// The width of a timeline's periods.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Period {
    /// `2024`.
    Year,
    /// `2024-03`.
    Month,
    /// `2024-W11` (ISO week).
    Week,
    /// `2024-03-15`.
    Day,
}

impl Period {
    /// The period of a date: `2024`, `2024-03`, `2024-W11` (ISO week), `2024-03-15`.
    pub fn key(self, secs: i64) -> Option<String> {
        let d = DateTime::from_timestamp(secs, 0)?.date_naive();
        Some(match self {
            Period::Year => format!("{:04}", d.year()),
            Period::Month => format!("{:04}-{:02}", d.year(), d.month()),
            Period::Week => {
                let w = d.iso_week();
                format!("{:04}-W{:02}", w.year(), w.week())
            }
            Period::Day => d.format("%Y-%m-%d").to_string(),
        })
    }
}

/// Articles per period, in time order, and the number of undated articles.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Timeline {
    /// (period, articles), periods with articles only.
    pub periods: Vec<(String, u64)>,
    /// Matching articles without a date.
    pub undated: u64,
}

impl Snapshot {
    /// Count articles (given by any of their passages) per period.
    pub(super) fn timeline_of(&self, docs: &[u64], by: Period) -> Timeline {
        let mut counts: FxHashMap<String, u64> = FxHashMap::default();
        let mut undated = 0;
        for &ad in docs {
            let seg = &self.segs[(ad >> 32) as usize];
            match seg
                .date
                .first(ad as u32)
                .and_then(|d| by.key(d.into_timestamp_secs()))
            {
                Some(k) => *counts.entry(k).or_default() += 1,
                None => undated += 1,
            }
        }
        let mut periods: Vec<(String, u64)> = counts.into_iter().collect();
        periods.sort();
        Timeline { periods, undated }
    }

    /// A timeline without a query: every article (copies of one text once), or those that
    /// pass the entity filters (all must hold; `!` excludes). Unknown names are returned.
    pub fn timeline_all(
        &self,
        filters: &[super::EntityFilter],
        by: Period,
    ) -> Result<(Timeline, Vec<super::Notice>)> {
        let mut keep: Option<Vec<u64>> = None;
        let mut drop: Vec<u64> = Vec::new();
        let mut notices = Vec::new();
        for f in filters {
            let Some(canon) = self.resolve_entity(f.kind, &f.name)? else {
                let known = self.entity_names(f.kind)?;
                notices.push(super::Notice::UnknownEntity {
                    kind: f.kind,
                    name: f.name.clone(),
                    known: super::closest_names(&f.name, &known),
                });
                keep = Some(Vec::new());
                continue;
            };
            let arts = self.articles_with_entity(f.kind, &canon)?;
            if f.negate {
                drop = super::sets::union(&drop, &arts);
            } else {
                keep = Some(match keep {
                    Some(k) => super::sets::intersect(&k, &arts),
                    None => arts,
                });
            }
        }
        let docs = self.first_passages_of_all(&mut |a| {
            keep.as_ref().is_none_or(|k| k.binary_search(&a).is_ok())
                && drop.binary_search(&a).is_err()
        });
        Ok((self.timeline_of(&docs, by), notices))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn period_keys() {
        let t = chrono::NaiveDate::from_ymd_opt(2024, 3, 15)
            .unwrap()
            .and_hms_opt(12, 0, 0)
            .unwrap()
            .and_utc()
            .timestamp();
        assert_eq!(Period::Year.key(t).unwrap(), "2024");
        assert_eq!(Period::Month.key(t).unwrap(), "2024-03");
        assert_eq!(Period::Week.key(t).unwrap(), "2024-W11");
        assert_eq!(Period::Day.key(t).unwrap(), "2024-03-15");
        // ISO weeks belong to the year of their Thursday.
        let jan1 = chrono::NaiveDate::from_ymd_opt(2021, 1, 1)
            .unwrap()
            .and_hms_opt(0, 0, 0)
            .unwrap()
            .and_utc()
            .timestamp();
        assert_eq!(Period::Week.key(jan1).unwrap(), "2020-W53");
    }
}
