//! From parsed command-line arguments to library calls and printers. Returns the exit code;
//! never exits itself.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::sync::Mutex;

use anyhow::Result;
use clap::Parser;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::cli::{
    By, Cli, Color, Command, ExportArgs, ExportFormat, FacetsArgs, FacetsFormat, IndexArgs,
    ParseArgs, RelatedArgs, SearchArgs, ShowArgs, SortOrder, StatsArgs, TimelineArgs, Undated,
};
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
        return run_config(&cli, a.json);
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

/// Zero-config start: with no index given and no index at `./index` yet, but a `./corpus`
/// directory here (a fresh clone), build the index from it first and say so.
fn ensure_default_index(dir: &std::path::Path) -> Result<()> {
    let corpus = std::path::Path::new("corpus");
    if crate::disk::is_index(dir) || !corpus.is_dir() {
        return Ok(());
    }
    eprintln!(
        "byline: no index at ./{} yet: building it from ./{} first (`byline index {}`)",
        dir.display(),
        corpus.display(),
        corpus.display()
    );
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

fn run_search(dir: PathBuf, defaulted: bool, a: SearchArgs) -> Result<Exit> {
    use crate::output::search::{Format, TextStyle};
    use crate::search::{Engine, Request, Sort};
    if defaulted {
        ensure_default_index(&dir)?;
    }
    let secs = |d: chrono::NaiveDate, end: bool| {
        let t = if end {
            d.and_hms_opt(23, 59, 59)
        } else {
            d.and_hms_opt(0, 0, 0)
        };
        t.map(|t| t.and_utc().timestamp())
    };
    let since = a
        .since
        .and_then(|d| d.first_day())
        .and_then(|d| secs(d, false));
    let until = a
        .until
        .and_then(|d| d.last_day())
        .and_then(|d| secs(d, true));
    if let (Some(s), Some(u)) = (since, until) {
        if s > u {
            anyhow::bail!("--since is after --until: no date can match");
        }
    }
    let format = match (a.count, a.json) {
        (true, _) => Format::Count,
        (_, true) => Format::Json,
        _ => a.format,
    };
    let req = Request {
        query: a.query.join(" "),
        limit: a.limit,
        offset: a.offset,
        per_article: a.per_article as usize,
        since,
        until,
        sources: a.source.clone(),
        sort: match a.sort {
            SortOrder::Relevance => Sort::Relevance,
            SortOrder::Newest => Sort::Newest,
            SortOrder::Oldest => Sort::Oldest,
        },
        strict: a.strict,
        duplicates: a.duplicates,
        facets: if matches!(format, Format::Text | Format::Json) {
            a.facets.0.clone()
        } else {
            Vec::new()
        },
        facet_limit: a.facet_limit,
        filters: a.filter.clone(),
        same_passage: a.same_passage,
        explain: a.explain,
    };
    let engine = Engine::open(&dir)?;
    let (results, notices) = if format == Format::Count {
        engine.count(&req)?
    } else {
        engine.search(&req)?
    };
    print_notices(&notices);
    let stdout = std::io::stdout();
    let tty = stdout.is_terminal();
    let color = match a.color {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => tty && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
    };
    let width = terminal_width(tty);
    let style = TextStyle {
        color,
        width,
        cwd: std::env::current_dir().ok(),
    };
    let mut out = std::io::BufWriter::new(stdout.lock());
    let printed = crate::output::search::print(&mut out, &results, format, &style, a.null)?;
    out.flush()?;
    Ok(if printed > 0 {
        Exit::Ok
    } else {
        Exit::NoResult
    })
}

fn run_facets(dir: PathBuf, a: FacetsArgs) -> Result<Exit> {
    use crate::search::{Engine, Request};
    let engine = Engine::open(&dir)?;
    let facets = if a.query.is_empty() {
        engine.index_facets(&a.kinds.0, a.limit)?
    } else {
        let req = Request {
            query: a.query.join(" "),
            limit: 0,
            facets: a.kinds.0.clone(),
            facet_limit: a.limit,
            ..Request::default()
        };
        engine.facets(&req)?.0
    };
    let format = if a.json { FacetsFormat::Json } else { a.format };
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    crate::output::search::print_facets(&mut out, &facets, format)?;
    out.flush()?;
    Ok(if facets.iter().any(|(_, v)| !v.is_empty()) {
        Exit::Ok
    } else {
        Exit::NoResult
    })
}

/// Hints about names a search could not find (stderr).
fn print_notices(notices: &[crate::search::Notice]) {
    use crate::search::Notice;
    let closest = |known: &[String]| {
        if known.is_empty() {
            String::new()
        } else {
            format!("; closest: {}", known.join(", "))
        }
    };
    for n in notices {
        match n {
            Notice::UnknownSource { name, known } => eprintln!(
                "byline: no source named '{name}' in the index{}",
                closest(known)
            ),
            Notice::UnknownEntity { kind, name, known } => eprintln!(
                "byline: no {} named '{name}' in the index{}",
                kind.as_str(),
                closest(known)
            ),
        }
    }
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
    use crate::search::timeline::Period;
    use crate::search::{Engine, Request};
    let engine = Engine::open(&dir)?;
    let by = match a.by {
        By::Year => Period::Year,
        By::Month => Period::Month,
        By::Week => Period::Week,
        By::Day => Period::Day,
    };
    let (timeline, notices) = if a.query.is_empty() {
        engine.timeline_all(&a.filter, by)?
    } else {
        let req = Request {
            query: a.query.join(" "),
            limit: 0,
            filters: a.filter.clone(),
            ..Request::default()
        };
        engine.timeline(&req, by)?
    };
    print_notices(&notices);
    let stdout = std::io::stdout();
    let width = terminal_width(stdout.is_terminal());
    let mut out = std::io::BufWriter::new(stdout.lock());
    crate::output::search::print_timeline(&mut out, &timeline, a.json, width)?;
    out.flush()?;
    if !a.json && timeline.undated > 0 {
        eprintln!("byline: {} undated article(s) not shown", timeline.undated);
    }
    Ok(if timeline.periods.is_empty() {
        Exit::NoResult
    } else {
        Exit::Ok
    })
}

fn run_show(dir: PathBuf, a: ShowArgs) -> Result<Exit> {
    let engine = crate::search::Engine::open(&dir)?;
    let Some(id) = engine.find_article(&a.target)? else {
        eprintln!(
            "byline: no article '{}' in the index at {} (give an id from search's JSON or an indexed PATH[:RECORD])",
            a.target,
            dir.display()
        );
        return Ok(Exit::NoResult);
    };
    let shown = engine.show(id)?;
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    crate::output::search::print_show(&mut out, &shown, a.json)?;
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
        let close = crate::search::closest_names(bare, &known);
        eprintln!(
            "byline: no entity named '{}' in the index{}",
            a.name,
            if close.is_empty() {
                String::new()
            } else {
                format!("; closest: {}", close.join(", "))
            }
        );
        return Ok(Exit::NoResult);
    };
    let rel = engine.related(kind, &name, a.kind, a.limit)?;
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    crate::output::search::print_related(&mut out, &rel, a.json)?;
    out.flush()?;
    Ok(if rel.is_empty() {
        Exit::NoResult
    } else {
        Exit::Ok
    })
}

/// `byline export`: stream every passage to stdout or to a file written under a temporary
/// name and renamed when complete (an interrupted export never leaves a partial file under
/// the name asked for).
fn run_export(dir: PathBuf, a: ExportArgs) -> Result<Exit> {
    use crate::output::export::{Target, Writer};
    use crate::search::export::ExportOptions;
    let target = match (a.format, &a.index_name) {
        (ExportFormat::Quickwit, Some(_)) => {
            anyhow::bail!("--index-name is for --format opensearch (Quickwit names its index at `quickwit index ingest --index NAME`)")
        }
        (ExportFormat::Quickwit, None) => Target::Quickwit,
        (ExportFormat::Opensearch, name) => Target::OpenSearch {
            index: name.clone().unwrap_or_else(|| "byline".to_string()),
        },
    };
    let undated = a.undated.unwrap_or(match a.format {
        ExportFormat::Quickwit => Undated::Skip,
        ExportFormat::Opensearch => Undated::Keep,
    });
    let opts = ExportOptions {
        skip_undated: undated == Undated::Skip,
    };
    let to_stdout = a.out.as_os_str() == "-";
    // A device or a pipe (`/dev/null`, a FIFO) is written as it is: there is nothing to
    // replace. A regular file is written under a temporary name and renamed.
    let mut direct = false;
    if !to_stdout {
        if let Ok(m) = std::fs::metadata(&a.out) {
            if m.is_dir() {
                anyhow::bail!(
                    "{}: is a directory (--out takes a file name)",
                    a.out.display()
                );
            }
            if m.is_file() && !a.force {
                anyhow::bail!("{}: already exists (--force replaces it)", a.out.display());
            }
            direct = !m.is_file();
        }
    }
    let engine = crate::search::Engine::open(&dir)?;
    let t0 = std::time::Instant::now();
    let bar = (!a.quiet && std::io::stderr().is_terminal()).then(|| {
        let pb = ProgressBar::with_draw_target(
            Some(engine.num_passages()),
            ProgressDrawTarget::stderr(),
        );
        pb.set_style(
            ProgressStyle::with_template(
                "{bar:30} {human_pos}/{human_len} passages {per_sec} ETA {eta}",
            )
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        pb
    });
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
    let mut w = Writer::new(
        std::io::BufWriter::with_capacity(1 << 16, CountingWriter::new(sink)),
        target,
    );
    let mut written = 0u64;
    let counts = engine.export(opts, &mut |p| {
        w.write(p)?;
        written += 1;
        if written.is_multiple_of(4096) {
            if let Some(pb) = &bar {
                pb.set_position(written);
            }
        }
        Ok(())
    })?;
    w.flush()?;
    let counted = w.into_inner().into_inner().map_err(|e| e.into_error())?;
    let bytes = counted.count;
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
        eprintln!(
            "{}",
            crate::output::export::summary_line(&counts, bytes, t0.elapsed().as_secs_f64(), &shown)
        );
    }
    Ok(Exit::Ok)
}

/// A writer that counts the bytes written through it.
struct CountingWriter<W: Write> {
    inner: W,
    count: u64,
}

impl<W: Write> CountingWriter<W> {
    fn new(inner: W) -> Self {
        CountingWriter { inner, count: 0 }
    }
}

impl<W: Write> Write for CountingWriter<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.count += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

/// Where an export goes.
enum Sink<'a> {
    Stdout(std::io::StdoutLock<'a>),
    File(std::fs::File),
}

impl Write for Sink<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match self {
            Sink::Stdout(s) => s.write(buf),
            Sink::File(f) => f.write(buf),
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        match self {
            Sink::Stdout(s) => s.flush(),
            Sink::File(f) => f.flush(),
        }
    }
}

/// An output file written under a temporary name beside its final one (`.NAME.PID.partial`),
/// removed unless persisted.
struct TempOut {
    path: PathBuf,
    done: bool,
}

impl TempOut {
    fn create(target: &std::path::Path) -> Result<(TempOut, std::fs::File)> {
        let name = target
            .file_name()
            .ok_or_else(|| anyhow::anyhow!("{}: not a file name", target.display()))?;
        let mut tmp_name = std::ffi::OsString::from(".");
        tmp_name.push(name);
        tmp_name.push(format!(".{}.partial", std::process::id()));
        let path = target.with_file_name(tmp_name);
        let file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
            .map_err(|e| anyhow::anyhow!("{}: cannot create: {e}", path.display()))?;
        Ok((TempOut { path, done: false }, file))
    }

    /// Rename to `target` (not over a file that appeared meanwhile, unless `force`).
    fn persist(mut self, target: &std::path::Path, force: bool) -> Result<()> {
        if !force && target.exists() {
            anyhow::bail!(
                "{}: appeared during the export; not replaced (--force replaces it)",
                target.display()
            );
        }
        std::fs::rename(&self.path, target).map_err(|e| {
            anyhow::anyhow!(
                "{}: cannot rename to {}: {e}",
                self.path.display(),
                target.display()
            )
        })?;
        self.done = true;
        Ok(())
    }
}

impl Drop for TempOut {
    fn drop(&mut self) {
        if !self.done {
            let _ = std::fs::remove_file(&self.path);
        }
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
        roots: a.paths.clone(),
        index_dir: dir,
        rebuild: a.rebuild,
        threads,
        memory_mb: a.memory_mb as usize,
        max_file_mb: a.max_file_mb,
        strict: a.strict,
        follow: a.follow,
        hidden: a.hidden,
        entities: a.entities.clone(),
        settle: None,
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
    if a.watch {
        return run_watch(&opts, &a, &on);
    }
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
    let roots: Vec<PathBuf> = if opts.roots.is_empty() {
        let store = crate::index::store::open(&opts.index_dir)?;
        store
            .manifest
            .roots
            .iter()
            .map(|r| crate::keys::key_path(r))
            .collect()
    } else {
        opts.roots
            .iter()
            .map(|r| std::fs::canonicalize(r).unwrap_or_else(|_| r.clone()))
            .collect()
    };
    if !a.quiet {
        let shown: Vec<String> = roots.iter().map(|r| r.display().to_string()).collect();
        eprintln!(
            "byline: watching {} for changes (Ctrl-C to stop)",
            shown.join(", ")
        );
    }
    let mut report = |r: Result<index::Summary>| match r {
        Ok(s) => {
            let mut out = std::io::stdout().lock();
            if a.json || !a.quiet {
                let shown = if a.json {
                    output::index_summary(&mut out, &s, true)
                } else {
                    let now = chrono::Local::now().format("%H:%M:%S");
                    writeln!(out, "{now} {}", output::index_summary_line(&s))
                };
                // A closed stdout (`| head`) must not stop the indexing.
                let _ = shown.and_then(|()| out.flush());
            }
        }
        Err(e) => eprintln!("byline: {e:#} (trying again)"),
    };
    index::watch::watch(
        opts,
        &roots,
        index::watch::Timing::default(),
        &STOP,
        on,
        &mut report,
    )?;
    if !a.quiet {
        eprintln!("byline: stopped; everything indexed is committed");
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
        s.checked_files = Some(checked);
    }
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
