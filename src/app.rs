//! From parsed command-line arguments to library calls and printers. Returns the exit code;
//! never exits itself.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::sync::Mutex;

use anyhow::Result;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::cli::{Cli, Command, IndexArgs, ParseArgs, StatsArgs};
use crate::index::{self, Event, Report};
use crate::{output, stats};

/// Stable exit codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// Success (for search: at least one hit).
    Ok = 0,
    /// No result.
    NoResult = 1,
    /// Error: bad input, bad flag, unusable index.
    Error = 2,
}

/// The default index location.
pub fn index_dir(cli: &Cli) -> PathBuf {
    cli.index.clone().unwrap_or_else(|| PathBuf::from("index"))
}

pub fn run(cli: Cli) -> Result<Exit> {
    let dir = index_dir(&cli);
    match cli.command {
        Command::Index(args) => run_index(dir, args),
        Command::Stats(args) => run_stats(dir, args),
        Command::Parse(args) => run_parse(args),
    }
}

fn warn_line(r: &Report) -> String {
    match r.line {
        Some(l) => format!("byline: {}:{}: {}", r.path, l, r.reason),
        None => format!("byline: {}: {}", r.path, r.reason),
    }
}

fn run_index(dir: PathBuf, a: IndexArgs) -> Result<Exit> {
    let threads = a
        .threads
        .map(usize::from)
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(2, |n| n.get()));
    let opts = index::Options {
        roots: a.paths,
        index_dir: dir,
        rebuild: a.rebuild,
        threads,
        memory_mb: a.memory_mb as usize,
        max_file_mb: a.max_file_mb,
        strict: a.strict,
        follow: a.follow,
        hidden: a.hidden,
    };
    let show_bar = !a.quiet && std::io::stderr().is_terminal();
    // The progress bar and the total file count, shared with the indexer's worker callbacks.
    let bar: Mutex<Option<(ProgressBar, u64)>> = Mutex::new(None);
    let on = |ev: Event| {
        let mut guard = bar.lock().unwrap_or_else(|p| p.into_inner());
        match ev {
            Event::Start { files, bytes } => {
                if show_bar && files > 0 {
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
                let line = warn_line(r);
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
        }
    };
    let summary = index::run(&opts, &on)?;
    if let Some((pb, _)) = bar.lock().unwrap_or_else(|p| p.into_inner()).take() {
        pb.finish_and_clear();
    }
    let mut out = std::io::stdout().lock();
    if a.json || !a.quiet {
        output::index_summary(&mut out, &summary, a.json)?;
    }
    out.flush()?;
    if a.strict && !summary.skipped.is_empty() {
        eprintln!(
            "byline: --strict: {} skipped (listed above); nothing was committed",
            match summary.skipped.len() {
                1 => "1 file or record was".to_string(),
                n => format!("{n} files or records were"),
            }
        );
        return Ok(Exit::Error);
    }
    Ok(Exit::Ok)
}

fn run_stats(dir: PathBuf, a: StatsArgs) -> Result<Exit> {
    let s = stats::stats(&dir)?;
    let mut out = std::io::stdout().lock();
    output::stats(&mut out, &s, a.json)?;
    out.flush()?;
    Ok(Exit::Ok)
}

fn run_parse(a: ParseArgs) -> Result<Exit> {
    let mut out = std::io::stdout().lock();
    let mut exit = Exit::Ok;
    for path in &a.files {
        let shown = path.to_string_lossy();
        let Some(format) = crate::article::Format::from_path(path) else {
            eprintln!("byline: {shown}: not a supported article file (.txt, .md, .json, .jsonl, .ndjson, .html)");
            exit = Exit::Error;
            continue;
        };
        let bytes = match std::fs::read(path) {
            Ok(b) => b,
            Err(e) => {
                eprintln!("byline: {shown}: cannot read: {e}");
                exit = Exit::Error;
                continue;
            }
        };
        let parsed = crate::article::parse_bytes(format, &bytes);
        for p in parsed.warnings.iter().chain(&parsed.skipped) {
            eprintln!(
                "{}",
                warn_line(&Report {
                    path: shown.to_string(),
                    line: p.line,
                    reason: p.message.clone()
                })
            );
        }
        for art in &parsed.articles {
            output::parsed_article(&mut out, &shown, format, art)?;
        }
    }
    out.flush()?;
    Ok(exit)
}
