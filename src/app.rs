//! From parsed command-line arguments to library calls and printers. Returns the exit code;
//! never exits itself.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use anyhow::{Context, Result};
use clap::Parser;

use crate::cli::{
    Cli, Color, Command, ExportArgs, FacetsArgs, FacetsFormat, IndexArgs, ParseArgs, RelatedArgs,
    SearchArgs, SearchFormat, ShowArgs, StatsArgs, TimelineArgs,
};
use crate::index::{self, Event, Report};
use crate::output::notices;
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

/// [`run`], with a panic turned into an error message instead of a backtrace. Damaged index
/// files can make tantivy panic while it reads them: then the index's checksums are verified
/// and the damaged files named with the way to recover. Any other panic is a bug and is said
/// to be one. Installs a panic hook: for the binary only.
pub fn run_guarded(cli: Cli) -> Result<Exit> {
    use std::panic::{catch_unwind, AssertUnwindSafe};
    use std::sync::Mutex;
    static PANIC: Mutex<Option<String>> = Mutex::new(None);
    std::panic::set_hook(Box::new(|info| {
        if let Ok(mut p) = PANIC.lock() {
            p.get_or_insert_with(|| info.to_string().replace('\n', " "));
        }
    }));
    let dir = index_dir(&cli);
    let reads_index = !matches!(cli.command, Command::Parse(_));
    match catch_unwind(AssertUnwindSafe(|| run(cli))) {
        // An error straight from tantivy while reading (a block that does not decompress): if
        // the index is damaged, say that instead.
        Ok(Err(e))
            if reads_index
                && e.chain().any(|c| c.is::<tantivy::TantivyError>())
                && crate::disk::is_index(&dir) =>
        {
            match catch_unwind(|| crate::disk::verify(&dir).map(|(_, bad)| bad)) {
                Ok(Ok(bad)) if !bad.is_empty() => Err(crate::disk::damaged(&dir, &bad)),
                _ => Err(e),
            }
        }
        Ok(result) => result,
        Err(_) => {
            let what = PANIC
                .lock()
                .ok()
                .and_then(|mut p| p.take())
                .unwrap_or_else(|| "a panic".into());
            if reads_index && crate::disk::is_index(&dir) {
                let checked = catch_unwind(|| crate::disk::verify(&dir).map(|(_, bad)| bad));
                match checked {
                    Ok(Ok(bad)) if !bad.is_empty() => return Err(crate::disk::damaged(&dir, &bad)),
                    Ok(Ok(_)) => {}
                    // Verifying failed too: the index is unreadable.
                    Ok(Err(e)) => return Err(e),
                    Err(_) => {
                        return Err(crate::disk::unreadable(
                            &dir,
                            tantivy::TantivyError::InternalError(what),
                        ))
                    }
                }
            }
            Err(anyhow::anyhow!(
                "internal error: {what}; this is a bug in byline, please report it with the command that caused it"
            ))
        }
    }
}

pub fn run(cli: Cli) -> Result<Exit> {
    if let Command::Config(a) = &cli.command {
        return run_config(&cli, a.output.json());
    }
    let dir = index_dir(&cli);
    let defaulted = cli.index.is_none();
    match cli.command {
        Command::Index(args) => run_index(dir, args),
        Command::Stats(args) => run_stats(dir, args),
        Command::Parse(args) => run_parse(args),
        Command::Search(args) => run_search(dir, defaulted, args),
        Command::Facets(args) => run_facets(dir, args),
        Command::Timeline(args) => run_timeline(dir, args),
        Command::Show(args) => run_show(dir, args),
        Command::Related(args) => run_related(dir, args),
        Command::Export(args) => run_export(dir, args),
        Command::Serve(args) => crate::serve::run(dir, args).map(|()| Exit::Ok),
        Command::Completions(args) => {
            let mut out = std::io::stdout().lock();
            output::completions(
                &mut out,
                <Cli as clap::CommandFactory>::command(),
                args.shell,
            )?;
            Ok(Exit::Ok)
        }
        Command::Man(args) => run_man(args),
        Command::Config(_) => unreachable!("handled above"),
    }
}

/// The effective settings, from the parsed command line and the config files.
fn run_config(cli: &Cli, json: bool) -> Result<Exit> {
    use crate::config::Origin;
    use clap::CommandFactory;
    let cmd = Cli::command();
    let default_of = |sub: &str, arg: &str| -> Option<String> {
        let c = cmd.find_subcommand(sub)?;
        let a = c.get_arguments().find(|x| x.get_id() == arg)?;
        let v: Vec<String> = a
            .get_default_values()
            .iter()
            .map(|v| v.to_string_lossy().into_owned())
            .collect();
        (!v.is_empty()).then(|| v.join(","))
    };
    let cfg = &cli.config;
    let path = |p: &std::path::Path| p.display().to_string();
    let pick = |s: Option<(String, Origin)>, default: Option<String>, none: &str| match s {
        Some((v, o)) => output::Effective {
            value: Some(v),
            from: o.to_string(),
        },
        None => output::Effective {
            value: default,
            from: format!(
                "default{}",
                if none.is_empty() {
                    String::new()
                } else {
                    format!(" ({none})")
                }
            ),
        },
    };
    let settings = vec![
        (
            "index",
            output::Effective {
                value: Some(path(&index_dir(cli))),
                from: cli
                    .index_origin
                    .clone()
                    .unwrap_or(Origin::Default)
                    .to_string(),
            },
        ),
        (
            "roots",
            pick(
                cfg.roots.as_ref().map(|s| {
                    let v: Vec<String> = s.value.iter().map(|p| path(p)).collect();
                    (v.join(", "), s.origin.clone())
                }),
                None,
                "the roots indexed before",
            ),
        ),
        (
            "entities",
            pick(
                cfg.entities
                    .as_ref()
                    .map(|s| (path(&s.value), s.origin.clone())),
                None,
                "the built-in gazetteer and the file the index remembers",
            ),
        ),
        (
            "facets",
            pick(
                cfg.facets
                    .as_ref()
                    .map(|s| (s.value.clone(), s.origin.clone())),
                default_of("search", "facets"),
                "",
            ),
        ),
        (
            "format",
            pick(
                cfg.format
                    .as_ref()
                    .map(|s| (s.value.clone(), s.origin.clone())),
                default_of("search", "format"),
                "",
            ),
        ),
    ];
    let mut out = std::io::stdout().lock();
    let files: Vec<(&std::path::Path, bool)> = cfg
        .files
        .iter()
        .map(|l| (l.path.as_path(), l.found))
        .collect();
    output::config(&mut out, &settings, &files, json)?;
    Ok(Exit::Ok)
}

fn run_man(a: crate::cli::ManArgs) -> Result<Exit> {
    use clap::CommandFactory;
    let top = Cli::command();
    let cmd = match &a.command {
        None => top,
        Some(name) => {
            let Some(sub) = top.find_subcommand(name).cloned() else {
                let names: Vec<String> = top
                    .get_subcommands()
                    .map(|c| c.get_name().to_string())
                    .collect();
                anyhow::bail!("no command '{name}' (commands: {})", names.join(", "));
            };
            // The page is byline-COMMAND(1), and its synopsis says `byline COMMAND`.
            let bin = format!("byline {}", sub.get_name());
            sub.name(format!("byline-{name}"))
                .bin_name(bin)
                .version(env!("CARGO_PKG_VERSION"))
        }
    };
    let mut out = std::io::stdout().lock();
    output::man(&mut out, cmd)?;
    Ok(Exit::Ok)
}

/// The file that marks `./corpus` as byline's bundled sample corpus (hidden, so not indexed).
pub const SAMPLE_MARKER: &str = ".byline-sample";

/// Zero-config start: with no index given and no index at `./index` yet, but byline's own
/// sample corpus here (`./corpus` holding `SAMPLE_MARKER`: a fresh clone), build the index from
/// it first and say so. Any other `./corpus` is left alone: a search never writes an index
/// the user did not ask for (the open then fails with the command that makes one).
fn ensure_default_index(dir: &std::path::Path) -> Result<()> {
    let corpus = std::path::Path::new("corpus");
    if crate::disk::is_index(dir) || !corpus.join(SAMPLE_MARKER).is_file() {
        return Ok(());
    }
    notices::say(&format!(
        "no index at ./{} yet: building it from ./{} first (`byline index {}`)",
        dir.display(),
        corpus.display(),
        corpus.display()
    ));
    // The same options as `byline index corpus -q`, defaults included.
    let Command::Index(args) = Cli::try_parse_from(["byline", "index", "corpus", "-q"])?.command
    else {
        unreachable!("parsed an index command");
    };
    match run_index(dir.to_path_buf(), args)? {
        Exit::Ok => Ok(()),
        _ => anyhow::bail!("{}: could not build the index", dir.display()),
    }
}

/// The paths of a `--files-from` list (`null`: NUL-separated, else one per line, a `\r`
/// before the newline dropped); blank entries are skipped. Every path must exist: a missing
/// one is an error naming the list and its line (or entry) number, and nothing is indexed.
fn listed_paths(bytes: &[u8], null: bool, shown: &str) -> Result<Vec<PathBuf>> {
    let sep = if null { b'\0' } else { b'\n' };
    let mut out = Vec::new();
    for (n, raw) in bytes.split(|&b| b == sep).enumerate() {
        let raw = if null {
            raw
        } else {
            raw.strip_suffix(b"\r").unwrap_or(raw)
        };
        if raw.is_empty() {
            continue;
        }
        let path = crate::keys::path_from_bytes(raw);
        if std::fs::symlink_metadata(&path).is_err() {
            anyhow::bail!(
                "{shown}:{}: {}: no such file or directory",
                n + 1,
                path.display()
            );
        }
        out.push(path);
    }
    if out.is_empty() {
        anyhow::bail!("{shown}: lists no paths to index");
    }
    Ok(out)
}

/// Colour or not: `--color always` / `never` decide; `auto` colours a terminal unless
/// `NO_COLOR` is set (non-empty) or `TERM=dumb`, and `CLICOLOR_FORCE` (non-empty, not `0`)
/// colours even a pipe (but `NO_COLOR` still wins), as <https://bixense.com/clicolors/> and
/// <https://no-color.org> ask.
fn use_color(choice: Color, tty: bool, var: impl Fn(&str) -> Option<std::ffi::OsString>) -> bool {
    let set = |k: &str| var(k).is_some_and(|v| !v.is_empty());
    match choice {
        Color::Always => true,
        Color::Never => false,
        Color::Auto if set("NO_COLOR") => false,
        Color::Auto if set("CLICOLOR_FORCE") && var("CLICOLOR_FORCE").is_some_and(|v| v != "0") => {
            true
        }
        Color::Auto => tty && var("TERM").is_none_or(|t| t != "dumb"),
    }
}

fn run_search(dir: PathBuf, defaulted: bool, a: SearchArgs) -> Result<Exit> {
    use crate::search::{Engine, Request};
    if defaulted {
        ensure_default_index(&dir)?;
    }
    let req = Request::try_from(&a)?;
    let format = a.output_format();
    let engine = Engine::open(&dir)?;
    let (results, notices) = if format == SearchFormat::Count {
        engine.count(&req)?
    } else {
        engine.search(&req)?
    };
    notices::search_notices(&notices);
    let stdout = std::io::stdout();
    let tty = stdout.is_terminal();
    let style = crate::output::search::TextStyle {
        color: use_color(a.color, tty, |k| std::env::var_os(k)),
        width: terminal_width(tty),
        cwd: std::env::current_dir().ok(),
    };
    let mut out = std::io::BufWriter::new(stdout.lock());
    let printed = crate::output::search::print(&mut out, &results, format, &style, a.null)?;
    out.flush()?;
    // The process ends here: unmapping each index file and freeing the engine's memory one
    // by one was 5% of a no-hit query; the exit releases them at once.
    std::mem::forget(engine);
    Ok(found(printed > 0))
}

/// `Ok` when something was found, `NoResult` otherwise.
fn found(any: bool) -> Exit {
    if any {
        Exit::Ok
    } else {
        Exit::NoResult
    }
}

fn run_facets(dir: PathBuf, a: FacetsArgs) -> Result<Exit> {
    let engine = crate::search::Engine::open(&dir)?;
    let facets = if a.query.is_empty() {
        engine.index_facets(&a.kinds.0, a.limit)?
    } else {
        engine.facets(&(&a).into())?.0
    };
    let format = if a.json { FacetsFormat::Json } else { a.format };
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    crate::output::browse::print_facets(&mut out, &facets, format)?;
    out.flush()?;
    Ok(found(facets.iter().any(|(_, v)| !v.is_empty())))
}

/// Columns for text output: `COLUMNS`, else the terminal's, else 100; at most 120.
fn terminal_width(tty: bool) -> usize {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse::<usize>().ok())
        .or_else(|| {
            tty.then(|| terminal_size::terminal_size().map(|(w, _)| w.0 as usize))
                .flatten()
        })
        .unwrap_or(100)
        .min(120)
}

fn run_timeline(dir: PathBuf, a: TimelineArgs) -> Result<Exit> {
    let engine = crate::search::Engine::open(&dir)?;
    let (timeline, found_notices) = if a.query.is_empty() {
        engine.timeline_all(&a.filter, a.by.into())?
    } else {
        engine.timeline(&(&a).into(), a.by.into())?
    };
    notices::search_notices(&found_notices);
    let stdout = std::io::stdout();
    let width = terminal_width(stdout.is_terminal());
    let mut out = std::io::BufWriter::new(stdout.lock());
    crate::output::browse::print_timeline(&mut out, &timeline, a.output.json(), width)?;
    out.flush()?;
    if !a.output.json() && timeline.undated > 0 {
        notices::say(&format!(
            "{} undated article(s) not shown",
            timeline.undated
        ));
    }
    Ok(found(!timeline.periods.is_empty()))
}

fn run_show(dir: PathBuf, a: ShowArgs) -> Result<Exit> {
    let engine = crate::search::Engine::open(&dir)?;
    let Some(id) = engine.find_article(&a.target)? else {
        notices::say(&format!(
            "no article '{}' in the index at {} (give an id from search's JSON or an indexed PATH[:RECORD])",
            a.target,
            dir.display()
        ));
        return Ok(Exit::NoResult);
    };
    let shown = engine.show(id)?;
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    crate::output::browse::print_show(&mut out, &shown, a.output.json())?;
    out.flush()?;
    Ok(Exit::Ok)
}

fn run_related(dir: PathBuf, a: RelatedArgs) -> Result<Exit> {
    let engine = crate::search::Engine::open(&dir)?;
    let Some((kind, name)) = engine.resolve_any(&a.name)? else {
        let bare = a.name.rsplit(':').next().unwrap_or(&a.name);
        let mut known = Vec::new();
        for k in crate::entities::Kind::ALL {
            known.extend(engine.entity_names(k)?);
        }
        notices::unknown_entity(&a.name, &crate::search::closest_names(bare, &known));
        return Ok(Exit::NoResult);
    };
    let rel = engine.related(kind, &name, a.kind, a.limit)?;
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    crate::output::browse::print_related(&mut out, &rel, a.output.json())?;
    out.flush()?;
    Ok(found(!rel.is_empty()))
}

/// `byline export`: stream every passage to stdout or to a file written under a temporary
/// name and renamed when complete (an interrupted export never leaves a partial file under
/// the name asked for).
fn run_export(dir: PathBuf, a: ExportArgs) -> Result<Exit> {
    use crate::output::sink::{CountingWriter, Sink, TempOut};
    let (target, opts) = a.target()?;
    let to_stdout = a.out.as_os_str() == "-";
    let direct = !to_stdout && export_direct(&a)?;
    let engine = crate::search::Engine::open(&dir)?;
    let t0 = std::time::Instant::now();
    let show_bar = !a.quiet && std::io::stderr().is_terminal();
    let bar = notices::export_bar(show_bar, engine.num_passages());
    let (tmp, sink) = if to_stdout {
        (None, Sink::Stdout(std::io::stdout().lock()))
    } else if direct {
        let file = std::fs::OpenOptions::new()
            .write(true)
            .open(&a.out)
            .map_err(|e| anyhow::anyhow!("{}: cannot open: {e}", a.out.display()))?;
        (None, Sink::File(file))
    } else {
        let (tmp, file) = TempOut::create(&a.out)?;
        (Some(tmp), Sink::File(file))
    };
    let mut w = crate::output::export::Writer::new(
        std::io::BufWriter::with_capacity(1 << 16, CountingWriter::new(sink)),
        target,
    );
    let mut written = 0u64;
    let counts = engine.export(opts, &mut |p| {
        w.write(p)?;
        written += 1;
        if let Some(pb) = bar.as_ref().filter(|_| written.is_multiple_of(4096)) {
            pb.set_position(written);
        }
        Ok(())
    })?;
    w.flush()?;
    let counted = w.into_inner().into_inner().map_err(|e| e.into_error())?;
    let shown = match (tmp, counted.inner) {
        (Some(t), Sink::File(file)) => {
            file.sync_all()?;
            t.persist(&a.out, a.force)?;
            a.out.display().to_string()
        }
        (None, Sink::File(_)) => a.out.display().to_string(),
        _ => "stdout".to_string(),
    };
    if let Some(pb) = bar {
        pb.finish_and_clear();
    }
    if !a.quiet {
        let seconds = t0.elapsed().as_secs_f64();
        notices::line(&crate::output::export::summary_line(
            &counts,
            counted.count,
            seconds,
            &shown,
        ));
    }
    Ok(Exit::Ok)
}

/// Is `--out` written as it is (a device or a pipe: `/dev/null`, a FIFO; nothing to replace)?
/// A regular file is written under a temporary name and renamed. Errors: a directory, or an
/// existing file without `--force`.
fn export_direct(a: &ExportArgs) -> Result<bool> {
    let Ok(m) = std::fs::metadata(&a.out) else {
        return Ok(false);
    };
    if m.is_dir() {
        anyhow::bail!(
            "{}: is a directory (--out takes a file name)",
            a.out.display()
        );
    }
    if m.is_file() && !a.force {
        anyhow::bail!("{}: already exists (--force replaces it)", a.out.display());
    }
    Ok(!m.is_file())
}

fn run_index(dir: PathBuf, mut a: IndexArgs) -> Result<Exit> {
    if let Some(list) = a.files_from.clone() {
        let bytes = if list.as_os_str() == "-" {
            let mut b = Vec::new();
            std::io::Read::read_to_end(&mut std::io::stdin().lock(), &mut b)
                .context("--files-from -: cannot read standard input")?;
            b
        } else {
            std::fs::read(&list)
                .with_context(|| format!("{}: cannot read the list of files", list.display()))?
        };
        let shown = if list.as_os_str() == "-" {
            "standard input".to_string()
        } else {
            list.display().to_string()
        };
        a.paths.extend(listed_paths(&bytes, a.null, &shown)?);
    }
    let opts = a.options(dir);
    let progress = notices::IndexProgress::new(!a.quiet && std::io::stderr().is_terminal());
    let on = |ev: Event| progress.on(ev);
    if a.watch {
        return run_watch(&opts, &a, &on);
    }
    let summary = index::run(&opts, &on)?;
    progress.finish();
    let mut out = std::io::stdout().lock();
    if a.output.json() || !a.quiet {
        output::index_summary(&mut out, &summary, a.output.json())?;
    }
    out.flush()?;
    if a.strict && !summary.skipped.is_empty() {
        notices::say(&format!(
            "--strict: {} skipped (listed above); nothing was committed",
            match summary.skipped.len() {
                1 => "1 file or record was".to_string(),
                n => format!("{n} files or records were"),
            }
        ));
        return Ok(Exit::Error);
    }
    Ok(Exit::Ok)
}

/// `byline index --watch`: a first run, then index what changes until Ctrl-C (or SIGTERM).
/// Each run's summary is printed as it ends (`--json`: one object per line).
fn run_watch(opts: &index::Options, a: &IndexArgs, on: &(dyn Fn(Event) + Sync)) -> Result<Exit> {
    use std::sync::atomic::{AtomicBool, Ordering};
    static STOP: AtomicBool = AtomicBool::new(false);
    // The first signal asks for a clean stop (the run under way finishes and commits); a second
    // one ends the process at once, which is safe too: an uncommitted run is redone next time.
    ctrlc::set_handler(|| {
        if STOP.swap(true, Ordering::SeqCst) {
            std::process::exit(130);
        }
    })
    .map_err(|e| anyhow::anyhow!("cannot handle Ctrl-C: {e}"))?;
    let roots = index::watch::roots(opts)?;
    if !a.quiet {
        let shown: Vec<String> = roots.iter().map(|r| r.display().to_string()).collect();
        notices::say(&format!(
            "watching {} for changes (Ctrl-C to stop)",
            shown.join(", ")
        ));
    }
    let mut report = |r: Result<index::Summary>| match r {
        Ok(s) => {
            let mut out = std::io::stdout().lock();
            if a.output.json() || !a.quiet {
                let shown = if a.output.json() {
                    output::index_summary(&mut out, &s, true)
                } else {
                    let now = chrono::Local::now().format("%H:%M:%S");
                    writeln!(out, "{now} {}", output::index_summary_line(&s))
                };
                // A closed stdout (`| head`) must not stop the indexing.
                let _ = shown.and_then(|()| out.flush());
            }
        }
        Err(e) => notices::say(&format!("{e:#} (trying again)")),
    };
    let timing = index::watch::Timing {
        poll: a.poll.then_some(index::watch::POLL_INTERVAL),
        ..index::watch::Timing::default()
    };
    index::watch::watch(opts, &roots, timing, &STOP, on, &mut report)?;
    if !a.quiet {
        notices::say("stopped; everything indexed is committed");
    }
    Ok(Exit::Ok)
}

fn run_stats(dir: PathBuf, a: StatsArgs) -> Result<Exit> {
    let mut s = stats::stats(&dir)?;
    if a.check {
        let (checked, bad) = crate::disk::verify(&dir)?;
        if !bad.is_empty() {
            return Err(crate::disk::damaged(&dir, &bad));
        }
        let map = stats::check_facet_map(&dir)?;
        s.checked_files = Some(checked + u64::from(map));
    }
    let mut out = std::io::stdout().lock();
    output::stats(&mut out, &s, a.output.json())?;
    out.flush()?;
    Ok(Exit::Ok)
}

fn run_parse(a: ParseArgs) -> Result<Exit> {
    let mut out = std::io::stdout().lock();
    let mut exit = Exit::Ok;
    for path in &a.files {
        let shown = path.to_string_lossy();
        let Some(format) = crate::article::Format::from_path(path) else {
            notices::say(&format!(
                "{shown}: not a supported article file ({})",
                crate::article::SUPPORTED
            ));
            exit = Exit::Error;
            continue;
        };
        let bytes = match std::fs::read(path) {
            Ok(b) => b,
            Err(e) => {
                notices::say(&format!("{shown}: cannot read: {e}"));
                exit = Exit::Error;
                continue;
            }
        };
        let bytes = match crate::article::content(path, bytes, index::DEFAULT_MAX_FILE_MB << 20) {
            Ok(b) => b,
            Err(p) => {
                notices::problems(&[Report::new(&shown, &p)]);
                exit = Exit::Error;
                continue;
            }
        };
        let parsed = crate::article::parse_bytes(format, &bytes);
        let problems: Vec<Report> = parsed
            .warnings
            .iter()
            .chain(&parsed.skipped)
            .map(|p| Report::new(&shown, p))
            .collect();
        notices::problems(&problems);
        for art in &parsed.articles {
            output::parsed_article(&mut out, &shown, format, art)?;
        }
    }
    out.flush()?;
    Ok(exit)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cli(args: &[&str]) -> Cli {
        Cli::try_parse_from(std::iter::once("byline").chain(args.iter().copied())).unwrap()
    }

    #[test]
    fn colour_follows_the_flag_then_the_environment() {
        let env = crate::testutil::fake_env;
        assert!(use_color(Color::Auto, true, env(&[])));
        assert!(!use_color(Color::Auto, false, env(&[])));
        assert!(!use_color(Color::Auto, true, env(&[("TERM", "dumb")])));
        assert!(use_color(
            Color::Auto,
            true,
            env(&[("TERM", "xterm-256color")])
        ));
        assert!(!use_color(Color::Auto, true, env(&[("NO_COLOR", "1")])));
        assert!(use_color(Color::Auto, true, env(&[("NO_COLOR", "")])));
        assert!(use_color(
            Color::Auto,
            false,
            env(&[("CLICOLOR_FORCE", "1")])
        ));
        assert!(!use_color(
            Color::Auto,
            false,
            env(&[("CLICOLOR_FORCE", "0")])
        ));
        assert!(!use_color(
            Color::Auto,
            false,
            env(&[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")])
        ));
        assert!(use_color(Color::Always, false, env(&[("NO_COLOR", "1")])));
        assert!(!use_color(
            Color::Never,
            true,
            env(&[("CLICOLOR_FORCE", "1")])
        ));
    }

    #[test]
    fn commands_run_to_exit_codes() {
        let tmp = tempfile::tempdir().unwrap();
        let corpus = tmp.path().join("corpus");
        std::fs::create_dir(&corpus).unwrap();
        std::fs::write(
            corpus.join("a.txt"),
            "Title: Fab news\n\nHalvorsen Semiconductor will build a fab in Trondheim.\n",
        )
        .unwrap();
        let ix = tmp.path().join("ix");
        let ix = ix.to_str().unwrap();
        let c = corpus.to_str().unwrap();
        assert_eq!(
            run(cli(&["--index", ix, "index", c, "-q"])).unwrap(),
            Exit::Ok
        );
        let search = |q: &str| run(cli(&["--index", ix, "search", "-c", q])).unwrap();
        assert_eq!(search("trondheim"), Exit::Ok);
        assert_eq!(search("zzqx"), Exit::NoResult);
        assert_eq!(
            run(cli(&["--index", ix, "stats", "--json"])).unwrap(),
            Exit::Ok
        );
        // A bad query and dates that cannot match are errors, not empty results.
        assert!(run(cli(&["--index", ix, "search", "(fab"])).is_err());
        let dates = [
            "--index", ix, "search", "fab", "--since", "2024", "--until", "2023",
        ];
        let e = run(cli(&dates)).unwrap_err();
        assert!(e.to_string().contains("--since is after --until"), "{e}");
        // No index there: an error naming the directory.
        let none = tmp.path().join("none");
        let e = run(cli(&["--index", none.to_str().unwrap(), "search", "fab"])).unwrap_err();
        assert!(e.to_string().contains(none.to_str().unwrap()), "{e}");
        // `parse`: an unsupported or unreadable file is exit 2, after the others are shown.
        let odd = tmp.path().join("a.xyz");
        std::fs::write(&odd, "x").unwrap();
        let a = corpus.join("a.txt");
        let parse = ["parse", a.to_str().unwrap(), odd.to_str().unwrap()];
        assert_eq!(run(cli(&parse)).unwrap(), Exit::Error);
    }

    #[test]
    fn export_targets_files_devices_and_directories() {
        let tmp = tempfile::tempdir().unwrap();
        let args = |out: &std::path::Path, force: bool| {
            let mut v = vec![
                "export",
                "--format",
                "quickwit",
                "--out",
                out.to_str().unwrap(),
            ];
            if force {
                v.push("--force");
            }
            match cli(&v).command {
                Command::Export(a) => a,
                _ => unreachable!(),
            }
        };
        let file = tmp.path().join("out.ndjson");
        assert!(!export_direct(&args(&file, false)).unwrap(), "a new file");
        std::fs::write(&file, "old").unwrap();
        assert!(
            export_direct(&args(&file, false)).is_err(),
            "exists, no --force"
        );
        assert!(!export_direct(&args(&file, true)).unwrap());
        assert!(
            export_direct(&args(tmp.path(), true)).is_err(),
            "a directory"
        );
        #[cfg(unix)]
        assert!(export_direct(&args(std::path::Path::new("/dev/null"), false)).unwrap());
    }
}
