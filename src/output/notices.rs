//! What byline says on stderr: problems in files (`path:line: reason`), hints about names the
//! index does not have, and the progress bars of long runs (only on a terminal). The only code
//! that writes to stderr besides `main`'s error line.

use std::sync::Mutex;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::index::{Event, Report};
use crate::search::Notice;

/// `byline: PATH:LINE: REASON` (or `byline: PATH: REASON`).
pub fn problem_line(r: &Report) -> String {
    match r.line {
        Some(l) => format!("byline: {}:{}: {}", r.path, l, r.reason),
        None => format!("byline: {}: {}", r.path, r.reason),
    }
}

/// One line per problem.
pub fn problems(reports: &[Report]) {
    for r in reports {
        eprintln!("{}", problem_line(r));
    }
}

/// `; closest: a, b` or nothing.
fn closest(known: &[String]) -> String {
    if known.is_empty() {
        String::new()
    } else {
        format!("; closest: {}", known.join(", "))
    }
}

/// A search's notices: names the index does not have, with the closest it has.
pub fn search_notices(notices: &[Notice]) {
    for line in notice_lines(notices) {
        eprintln!("{line}");
    }
}

fn notice_lines(notices: &[Notice]) -> Vec<String> {
    notices
        .iter()
        .map(|n| match n {
            Notice::UnknownSource { name, known } => format!(
                "byline: no source named '{name}' in the index{}",
                closest(known)
            ),
            Notice::UnknownEntity { kind, name, known } => format!(
                "byline: no {} named '{name}' in the index{}",
                kind.as_str(),
                closest(known)
            ),
        })
        .collect()
}

/// `byline related NAME` with a name the index does not have.
pub fn unknown_entity(name: &str, known: &[String]) {
    eprintln!(
        "byline: no entity named '{name}' in the index{}",
        closest(known)
    );
}

/// A line as it is.
pub fn line(line: &str) {
    eprintln!("{line}");
}

/// A plain message, `byline: ` first.
pub fn say(message: &str) {
    eprintln!("byline: {message}");
}

/// The index run's progress bar (files and bytes; only on a terminal) and its problem lines,
/// printed above the bar as they come. Shared with the indexer's worker callbacks.
pub struct IndexProgress {
    show: bool,
    bar: Mutex<Option<(ProgressBar, u64)>>,
}

impl IndexProgress {
    /// `show`: draw a bar (a terminal, not `--quiet`).
    pub fn new(show: bool) -> IndexProgress {
        IndexProgress {
            show,
            bar: Mutex::new(None),
        }
    }

    /// React to an indexer event.
    pub fn on(&self, ev: Event) {
        let mut guard = self.bar.lock().unwrap_or_else(|p| p.into_inner());
        match ev {
            Event::Start { files, bytes } => {
                if self.show && files > 0 {
                    let pb =
                        ProgressBar::with_draw_target(Some(bytes), ProgressDrawTarget::stderr());
                    pb.set_style(
                        ProgressStyle::with_template(
                            "{bar:30} {msg} {binary_bytes}/{binary_total_bytes} {binary_bytes_per_sec} ETA {eta}",
                        )
                        .unwrap_or_else(|_| ProgressStyle::default_bar()),
                    );
                    pb.set_message(format!("0/{files} files"));
                    *guard = Some((pb, files));
                }
            }
            Event::Progress { files, bytes } => {
                if let Some((pb, total)) = guard.as_ref() {
                    pb.set_message(format!("{files}/{total} files"));
                    pb.set_position(bytes);
                }
            }
            Event::Skipped(r) | Event::Warning(r) => {
                let line = problem_line(r);
                match guard.as_ref() {
                    Some((pb, _)) => pb.suspend(|| eprintln!("{line}")),
                    None => eprintln!("{line}"),
                }
            }
            Event::Committing => {
                if let Some((pb, _)) = guard.as_ref() {
                    pb.set_message("committing");
                }
            }
            Event::Notice(msg) => {
                let line = format!("byline: {msg}");
                match guard.as_ref() {
                    Some((pb, _)) => pb.suspend(|| eprintln!("{line}")),
                    None => eprintln!("{line}"),
                }
            }
        }
    }

    /// Clear the bar.
    pub fn finish(&self) {
        if let Some((pb, _)) = self.bar.lock().unwrap_or_else(|p| p.into_inner()).take() {
            pb.finish_and_clear();
        }
    }
}

/// The export's progress bar over `total` passages (`None`: no bar).
pub fn export_bar(show: bool, total: u64) -> Option<ProgressBar> {
    show.then(|| {
        let pb = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr());
        pb.set_style(
            ProgressStyle::with_template(
                "{bar:30} {human_pos}/{human_len} passages {per_sec} ETA {eta}",
            )
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        pb
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entities::Kind;

    #[test]
    fn problem_and_notice_lines() {
        let r = Report {
            path: "/a/b.jsonl".into(),
            line: Some(3),
            reason: "not JSON".into(),
        };
        assert_eq!(problem_line(&r), "byline: /a/b.jsonl:3: not JSON");
        let whole = Report { line: None, ..r };
        assert_eq!(problem_line(&whole), "byline: /a/b.jsonl: not JSON");
        let lines = notice_lines(&[
            Notice::UnknownSource {
                name: "wird".into(),
                known: vec!["wired.com".into()],
            },
            Notice::UnknownEntity {
                kind: Kind::Org,
                name: "Acme".into(),
                known: vec![],
            },
        ]);
        assert_eq!(
            lines,
            vec![
                "byline: no source named 'wird' in the index; closest: wired.com",
                "byline: no org named 'Acme' in the index",
            ]
        );
    }
}
