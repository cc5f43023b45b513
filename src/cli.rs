//! Command-line definitions (clap derive) only. Nothing here does work; `app` turns these into
//! library options.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

pub use crate::output::browse::FacetsFormat;
pub use crate::output::search::Format as SearchFormat;
use crate::search::EntityFilter;

#[derive(Debug, Parser)]
#[command(
    name = "byline",
    version,
    about = "Full-text search for tech news: ranked passages and entity facets over a directory of articles",
    after_help = "Exit codes: 0 success, 1 no result, 2 error.\nDocs: README.md"
)]
pub struct Cli {
    /// Index directory [env: BYLINE_INDEX] [default: ./index]
    #[arg(
        long,
        global = true,
        value_name = "DIR",
        env = "BYLINE_INDEX",
        hide_env = true
    )]
    pub index: Option<PathBuf>,

    /// Read no config file (BYLINE_CONFIG and ~/.config/byline/config.toml are ignored)
    #[arg(long, global = true)]
    pub no_config: bool,

    #[command(subcommand)]
    pub command: Command,

    /// The config files' settings (they are the defaults of their flags).
    #[arg(skip)]
    pub config: crate::config::Config,

    /// Where `--index` came from (flag, environment, a config file, the default).
    #[arg(skip)]
    pub index_origin: Option<crate::config::Origin>,
}

/// Parse the command line with `config`'s settings as flag defaults.
pub fn parse(config: crate::config::Config) -> Result<Cli, clap::Error> {
    use crate::config::Origin;
    use clap::parser::ValueSource;
    use clap::{CommandFactory, FromArgMatches};
    let matches = config.apply(Cli::command()).try_get_matches()?;
    let mut cli = Cli::from_arg_matches(&matches)?;
    cli.index_origin = Some(match matches.value_source("index") {
        Some(ValueSource::CommandLine) => Origin::Flag,
        Some(ValueSource::EnvVariable) => Origin::Env("BYLINE_INDEX"),
        _ => match &config.index {
            Some(s) => s.origin.clone(),
            None => Origin::Default,
        },
    });
    cli.config = config;
    Ok(cli)
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Index (or re-sync) directories of articles: .txt, .md, .json, .jsonl/.ndjson, .html,
    /// .rss/.atom/.xml feeds, each also .gz
    #[command(after_help = "Examples:
  byline index corpus                 index ./corpus into ./index
  byline index                        re-sync every directory indexed before
  byline index ~/news --index /tmp/ix --json | jq .skipped
  byline index corpus --rebuild       start from an empty index
  byline index ~/scraped --watch      then keep indexing what changes, until Ctrl-C
  byline index ~/feeds                RSS/Atom files: each item an article
  fd -0 -e md | byline index --files-from - -0

A .bylineignore file (gitignore syntax) in any indexed directory names what under it is not
an article.")]
    Index(IndexArgs),
    /// Show what the index holds: articles, passages, files, sources, dates, size
    #[command(after_help = "Examples:
  byline stats
  byline stats --json | jq '{articles, passages, entities}'
  byline stats --check || byline index --rebuild      verify checksums, rebuild if damaged")]
    Stats(StatsArgs),
    /// Show how byline reads files (articles, metadata, passages) without indexing them, as JSON lines
    #[command(
        after_help = "Example:\n  byline parse corpus/lead-style/*.txt | jq -r '.passages[]'"
    )]
    Parse(ParseArgs),
    /// Search: the passages that best answer a query, ranked and highlighted
    #[command(after_help = SEARCH_HELP)]
    Search(SearchArgs),
    /// Top entities (and sources, years) over the whole index or over a query's articles
    #[command(after_help = "Examples:
  byline facets                        top 10 of each entity type in the index
  byline facets --type org -n 50       the 50 companies named in most articles
  byline facets openai --json | jq '.person'")]
    Facets(FacetsArgs),
    /// Matching articles per year, month, week or day, as a bar chart or JSON
    #[command(after_help = "Examples:
  byline timeline                       every article, per month
  byline timeline openai --by year
  byline timeline -f org:nvidia -f '!org:intel' --json | jq '.[-1]'")]
    Timeline(TimelineArgs),
    /// One article in full: metadata, passages, and its entities with mention counts
    #[command(after_help = "Examples:
  byline show corpus/txt-header/2023-09-apple-iphone-usb-c.txt
  byline show corpus/jsonl/wire.jsonl:3 --json | jq '.entities'
  byline search nvidia --json | jq -r '.hits[0].article.id' | xargs byline show")]
    Show(ShowArgs),
    /// Entities mentioned in the same passages as NAME, with co-mention counts and lift
    #[command(after_help = "Examples:
  byline related nvidia
  byline related org:aws --type person -n 5 --json")]
    Related(RelatedArgs),
    /// Export every passage with its article's metadata and entities, for Quickwit or OpenSearch
    #[command(
        after_help = "Streams one JSON document per passage (NDJSON), in constant memory. Field names
and types match docs/quickwit-byline.yaml and docs/opensearch-byline.json; loading and the
equivalent queries are in docs/scale-out.md. Undated articles: Quickwit requires the
timestamp field, so `--format quickwit` leaves them out (counted on stderr) unless
`--undated keep`.

Examples:
  byline export --format quickwit -o byline.ndjson
  quickwit index ingest --index byline --input-path byline.ndjson --force    (Quickwit's CLI)
  byline export --format opensearch --index-name news | split -l 10000 - bulk-
  byline export --format quickwit | head -1 | jq ."
    )]
    Export(ExportArgs),
    /// Answer over HTTP: a JSON API with the CLI's options and answers, and a web page
    #[command(
        after_help = "Endpoints (GET; parameters as in the CLI, docs/json-output.md for the answers):
  /                      the web page (search, facets, timeline, articles)
  /api/search            q, limit, offset, per_article, since, until, source, sort, strict,
                         duplicates, facets, facet_limit, f (repeat; '!TYPE:NAME' excludes),
                         same_passage, explain: the same JSON as `byline search --json`
  /api/facets            q, type, n: as `byline facets --json`
  /api/timeline          q, f, by (and with q: since, until, source): as `byline timeline --json`
  /api/related           name, type, n: as `byline related --json`
  /api/articles/{id}     as `byline show --json ID`
  /api/stats             as `byline stats --json`
  /healthz               200 when the index can be read, 503 otherwise
Errors: {\"error\": {\"kind\", \"message\"}} with 400 (bad parameter or query; a query error has
\"column\"), 404, 503 (index unavailable, busy or too slow). New commits (from --watch or a
separate `byline index`) are seen within a second.

Examples:
  byline serve                               http://127.0.0.1:7700/
  byline serve --index ~/news-index --watch ~/scraped
  curl -s 'http://127.0.0.1:7700/api/search?q=chip+shortage&f=org:Intel' | jq '.hits[].article.title'"
    )]
    Serve(ServeArgs),
    /// Show the effective settings and where each comes from (config files, environment, defaults)
    #[command(
        after_help = "The config file: BYLINE_CONFIG=FILE, else $XDG_CONFIG_HOME/byline/config.toml
(or ~/.config/byline/config.toml); BYLINE_CONFIG= with nothing or --no-config: none. Never a
file in the working directory. Flags and BYLINE_INDEX override it. Keys:
  index = \"news-index\"                  # paths are relative to the file's directory
  roots = [\"~/scraped\", \"archive\"]      # what `byline index` with no PATH indexes
  entities = \"my-entities.tsv\"
  facets = [\"org\", \"person\"]            # `byline search` defaults
  format = \"json\"

Examples:
  byline config
  byline config --json | jq -r .index.value"
    )]
    Config(ConfigArgs),
    /// Print a shell completion script
    #[command(after_help = "Examples:
  byline completions bash > ~/.local/share/bash-completion/completions/byline
  byline completions zsh > ~/.zfunc/_byline       (with fpath+=(~/.zfunc) before compinit)
  byline completions fish > ~/.config/fish/completions/byline.fish
  byline completions powershell >> $PROFILE")]
    Completions(CompletionsArgs),
    /// Print a manual page (roff): byline(1), or byline-COMMAND(1) for one command
    #[command(after_help = "Examples:
  byline man | man -l -                  read it now
  byline man search | man -l -
  byline man > ~/.local/share/man/man1/byline.1")]
    Man(ManArgs),
}

#[derive(Args, Debug)]
pub struct ExportArgs {
    /// The target engine: plain NDJSON for Quickwit, or OpenSearch `_bulk` action/source pairs
    #[arg(long, value_enum, value_name = "ENGINE")]
    pub format: ExportFormat,

    /// Write to FILE (under a temporary name, renamed when complete) instead of stdout (`-`)
    #[arg(long, short = 'o', value_name = "FILE", default_value = "-")]
    pub out: PathBuf,

    /// Replace --out if it exists
    #[arg(long)]
    pub force: bool,

    /// The OpenSearch index named in each action line [default: byline]
    #[arg(long, value_name = "NAME", value_parser = parse_index_name)]
    pub index_name: Option<String>,

    /// Articles without a date: skip them or keep them (without `date`) [default: skip for
    /// quickwit, keep for opensearch]
    #[arg(long, value_enum, value_name = "WHAT")]
    pub undated: Option<Undated>,

    /// No progress bar and no summary line
    #[arg(long, short = 'q')]
    pub quiet: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    /// One document per line, for `quickwit index ingest`
    Quickwit,
    /// An `{"index": {...}}` action line before each document, for the `_bulk` API
    Opensearch,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Undated {
    Skip,
    Keep,
}

/// An OpenSearch index name: lower case, not starting with `-`, `_` or `+`, none of
/// `\ / * ? " < > | , #`, spaces or `:`, not `.` or `..`, at most 255 bytes.
fn parse_index_name(s: &str) -> Result<String, String> {
    let bad = |why: &str| Err(format!("'{s}' is not an OpenSearch index name: {why}"));
    if s.is_empty() || s.len() > 255 {
        return bad("it must have 1 to 255 bytes");
    }
    if s == "." || s == ".." {
        return bad("it cannot be . or ..");
    }
    if s.starts_with(['-', '_', '+']) {
        return bad("it cannot start with -, _ or +");
    }
    if s.chars().any(|c| c.is_uppercase()) {
        return bad("it must be lower case");
    }
    if s.chars()
        .any(|c| "\\/*?\"<>|,#: ".contains(c) || c.is_control())
    {
        return bad("it cannot hold \\ / * ? \" < > | , # : or spaces");
    }
    Ok(s.to_string())
}

#[derive(Args, Debug)]
pub struct ServeArgs {
    /// Address to listen on; anything but a loopback address is reachable from other machines
    /// (byline warns)
    #[arg(long, value_name = "IP:PORT", default_value = "127.0.0.1:7700")]
    pub addr: std::net::SocketAddr,

    /// Also index these directories and keep indexing what changes in them (as `byline index
    /// --watch PATH...`)
    #[arg(long, value_name = "PATH", num_args = 1..)]
    pub watch: Vec<PathBuf>,

    /// No request log lines on stderr
    #[arg(long, short = 'q')]
    pub quiet: bool,
}

/// The output flags of every command that prints data (search and facets have more formats).
#[derive(Args, Debug, Clone, Copy, Default)]
pub struct DataOutput {
    /// Output format (fields of json: docs/json-output.md)
    #[arg(long, value_enum, default_value_t = DataFormat::Text, value_name = "FORMAT")]
    pub format: DataFormat,

    /// Short for --format json
    #[arg(long)]
    pub json: bool,
}

/// `--format` of the commands that print text or one JSON document.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum DataFormat {
    #[default]
    Text,
    Json,
}

impl DataOutput {
    /// JSON asked for, by `--json` or `--format json`?
    pub fn json(&self) -> bool {
        self.json || self.format == DataFormat::Json
    }
}

#[derive(Args, Debug)]
pub struct ConfigArgs {
    #[command(flatten)]
    pub output: DataOutput,
}

#[derive(Args, Debug)]
pub struct CompletionsArgs {
    /// The shell
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

#[derive(Args, Debug)]
pub struct ManArgs {
    /// A command, for its own page (byline-index(1), byline-search(1), ...)
    #[arg(value_name = "COMMAND")]
    pub command: Option<String>,
}

#[derive(Args, Debug)]
pub struct RelatedArgs {
    /// The entity: NAME or TYPE:NAME (canonical name or alias, any case)
    #[arg(value_name = "NAME")]
    pub name: String,

    /// Only entities of this type (org, person, product, place, misc)
    #[arg(long = "type", value_name = "TYPE", value_parser = parse_kind)]
    pub kind: Option<crate::entities::Kind>,

    /// How many to show
    #[arg(short = 'n', long, value_name = "N", default_value_t = 10)]
    pub limit: usize,

    #[command(flatten)]
    pub output: DataOutput,
}

fn parse_kind(s: &str) -> Result<crate::entities::Kind, String> {
    crate::entities::Kind::parse(&s.trim().to_lowercase()).ok_or_else(|| {
        format!("unknown entity type '{s}' (expected org, person, product, place or misc)")
    })
}

#[derive(Args, Debug)]
pub struct ShowArgs {
    /// The article: its id (16 hex digits, as in search's JSON) or PATH[:RECORD]
    #[arg(value_name = "ID|PATH[:RECORD]")]
    pub target: String,

    #[command(flatten)]
    pub output: DataOutput,
}

#[derive(Args, Debug)]
pub struct TimelineArgs {
    /// Count the articles matching this query (default: every article)
    #[arg(value_name = "QUERY")]
    pub query: Vec<String>,

    /// Only articles mentioning this entity (TYPE:NAME; !TYPE:NAME excludes); repeatable
    #[arg(short = 'f', long = "filter", value_name = "TYPE:NAME", value_parser = parse_filter)]
    pub filter: Vec<EntityFilter>,

    /// Period width
    #[arg(long, value_enum, default_value_t = By::Month, value_name = "PERIOD")]
    pub by: By,

    #[command(flatten)]
    pub output: DataOutput,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum By {
    Year,
    Month,
    Week,
    Day,
}

#[derive(Args, Debug)]
pub struct FacetsArgs {
    /// Count over the articles matching this query (default: every article)
    #[arg(value_name = "QUERY")]
    pub query: Vec<String>,

    /// Only these types: comma-separated org, person, product, place, misc, source, year
    #[arg(
        long = "type",
        value_name = "TYPE",
        default_value = "org,person,product,place",
        value_parser = parse_facets
    )]
    pub kinds: FacetList,

    /// Values per type
    #[arg(short = 'n', long, value_name = "N", default_value_t = 10)]
    pub limit: usize,

    /// Output format
    #[arg(long, value_enum, default_value_t = FacetsFormat::Text, value_name = "FORMAT")]
    pub format: FacetsFormat,

    /// Short for --format json
    #[arg(long)]
    pub json: bool,
}

const SEARCH_HELP: &str = "Query language:
  openai microsoft        every word must match (in the title or any passage of an article)
  apple OR google         either word;  NOT x / -x excludes;  (a OR b) c groups
  \"cloud computing\"       a phrase (stemmed forms allowed, word order kept); \"a b\"~2 allows gaps
  micro*   mircosoft~     prefix; fuzzy (edit distance 1, or ~2)
  title:ipod  source:wired  field prefixes (source matches `wired.com` too)
  Articles holding at least half of the words but not all are partial matches, marked with
  the words they miss: with 1-2 words they fill the page after the full matches; from 3
  words on they rank with them by a score reduced by what they miss (--strict: none).
  -f org:aws / -f '!person:Elon Musk' filter by entities (aliases work; --same-passage).

Examples:
  byline search openai microsoft
  byline search '\"search engine\" -google' --since 2024-03 --sort newest
  byline search broadband --json | jq -r '.hits[].article.path'
  byline search linux -n 100 --format paths -0 | xargs -0 wc -w

Exit codes: 0 at least one hit printed, 1 no hit, 2 error.";

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SortOrder {
    Relevance,
    Newest,
    Oldest,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Color {
    Auto,
    Always,
    Never,
}

/// A date bound as typed: `2024`, `2024-03` or `2024-03-15`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateArg {
    pub year: i32,
    pub month: Option<u32>,
    pub day: Option<u32>,
}

fn parse_date_arg(s: &str) -> Result<DateArg, String> {
    parse_date_arg_at(s, chrono::Utc::now().date_naive())
}

/// A day counted back from `today`: `today`, `yesterday`, or N followed by `d` (days), `w`
/// (weeks), `m` (calendar months) or `y` (years) ago (`7d`, `2w`, `6m`, `1y`).
fn relative_day(s: &str, today: chrono::NaiveDate) -> Option<chrono::NaiveDate> {
    match s {
        "today" => return Some(today),
        "yesterday" => return today.pred_opt(),
        _ => {}
    }
    let unit = s.chars().last()?;
    let n: u32 = s[..s.len() - unit.len_utf8()].parse().ok()?;
    match unit {
        'd' => today.checked_sub_days(chrono::Days::new(u64::from(n))),
        'w' => today.checked_sub_days(chrono::Days::new(7 * u64::from(n))),
        'm' => today.checked_sub_months(chrono::Months::new(n)),
        'y' => today.checked_sub_months(chrono::Months::new(n.checked_mul(12)?)),
        _ => None,
    }
}

/// `parse_date_arg` with today's date given (UTC), for relative dates.
fn parse_date_arg_at(s: &str, today: chrono::NaiveDate) -> Result<DateArg, String> {
    use chrono::Datelike;
    if let Some(day) = relative_day(&s.trim().to_ascii_lowercase(), today) {
        return Ok(DateArg {
            year: day.year(),
            month: Some(day.month()),
            day: Some(day.day()),
        });
    }
    let bad = || {
        format!(
            "'{s}' is not a date: use YYYY, YYYY-MM, YYYY-MM-DD, today, yesterday, or a time ago \
             such as 7d, 2w, 6m or 1y"
        )
    };
    let parts: Vec<&str> = s.trim().split('-').collect();
    let num = |p: &str, len: usize| -> Result<u32, String> {
        if p.len() != len || !p.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        p.parse().map_err(|_| bad())
    };
    let year = num(parts[0], 4)? as i32;
    let month = parts.get(1).map(|p| num(p, 2)).transpose()?;
    let day = parts.get(2).map(|p| num(p, 2)).transpose()?;
    if parts.len() > 3 {
        return Err(bad());
    }
    let d = DateArg { year, month, day };
    if d.first_day().is_none() {
        return Err(format!("'{s}' is not a valid date"));
    }
    Ok(d)
}

impl DateArg {
    /// The first day the bound covers.
    pub fn first_day(&self) -> Option<chrono::NaiveDate> {
        chrono::NaiveDate::from_ymd_opt(self.year, self.month.unwrap_or(1), self.day.unwrap_or(1))
    }

    /// The last day the bound covers.
    pub fn last_day(&self) -> Option<chrono::NaiveDate> {
        match (self.month, self.day) {
            (Some(m), Some(d)) => chrono::NaiveDate::from_ymd_opt(self.year, m, d),
            (Some(m), None) => {
                let (y, m) = if m == 12 {
                    (self.year + 1, 1)
                } else {
                    (self.year, m + 1)
                };
                chrono::NaiveDate::from_ymd_opt(y, m, 1)?.pred_opt()
            }
            _ => chrono::NaiveDate::from_ymd_opt(self.year, 12, 31),
        }
    }
}

#[derive(Debug, Args)]
pub struct SearchArgs {
    /// The query (several arguments are joined with spaces)
    #[arg(value_name = "QUERY", required = true)]
    pub query: Vec<String>,

    /// Number of articles to show
    #[arg(short = 'n', long, value_name = "N", default_value_t = 10)]
    pub limit: usize,

    /// Skip this many articles first (paging)
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub offset: usize,

    /// Show up to K passages per article, best first
    #[arg(long, value_name = "K", default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..))]
    pub per_article: u32,

    /// Only articles dated on or after DATE (YYYY, YYYY-MM, YYYY-MM-DD, or relative: today,
    /// yesterday, 7d, 2w, 6m, 1y ago; UTC)
    #[arg(long, value_name = "DATE", value_parser = parse_date_arg)]
    pub since: Option<DateArg>,

    /// Only articles dated on or before DATE (inclusive: 2024-03 ends on 31 March; relative
    /// dates as for --since)
    #[arg(long, value_name = "DATE", value_parser = parse_date_arg)]
    pub until: Option<DateArg>,

    /// Only articles from this source (repeatable; case-insensitive; `wired` matches `wired.com`)
    #[arg(long, value_name = "NAME")]
    pub source: Vec<String>,

    /// Order of the articles
    #[arg(long, value_enum, default_value_t = SortOrder::Relevance)]
    pub sort: SortOrder,

    /// Full matches only: no fill-in with articles that miss some words
    #[arg(long)]
    pub strict: bool,

    /// Show every copy and near copy of a story as its own hit instead of one hit per story
    #[arg(long)]
    pub duplicates: bool,

    /// Output format
    #[arg(long, value_enum, default_value_t = SearchFormat::Text)]
    pub format: SearchFormat,

    /// Short for --format json
    #[arg(long, conflicts_with = "format")]
    pub json: bool,

    /// Print only the number of matching articles
    #[arg(long, short = 'c', conflicts_with_all = ["format", "json"])]
    pub count: bool,

    /// With --format paths: end each path with NUL instead of a newline (for xargs -0)
    #[arg(long = "null", short = '0')]
    pub null: bool,

    /// Facets counted over the matching articles: comma-separated org, person, product,
    /// place, misc, source, year; or none
    #[arg(
        long,
        value_name = "LIST",
        default_value = "org,person,product,place,source,year",
        value_parser = parse_facets
    )]
    pub facets: FacetList,

    /// Values shown per facet
    #[arg(long, value_name = "N", default_value_t = 5)]
    pub facet_limit: usize,

    /// Only articles mentioning this entity (TYPE:NAME, e.g. org:aws; !TYPE:NAME excludes);
    /// repeatable, all must hold
    #[arg(short = 'f', long = "filter", value_name = "TYPE:NAME", value_parser = parse_filter)]
    pub filter: Vec<EntityFilter>,

    /// The query and the filtered entities must share a passage (co-mention)
    #[arg(long)]
    pub same_passage: bool,

    /// Show why each hit ranks where it does: each query word's BM25 (tf, idf) in the passage
    /// and the title, and every ranking factor (text: a tree under the hit; JSON: `explain`)
    #[arg(long)]
    pub explain: bool,

    /// When to colour text output (auto: a terminal, unless NO_COLOR or TERM=dumb; CLICOLOR_FORCE colours a pipe)
    #[arg(long, value_enum, default_value_t = Color::Auto, value_name = "WHEN")]
    pub color: Color,
}

#[derive(Debug, Args)]
pub struct ParseArgs {
    /// Article files
    #[arg(value_name = "FILE", required = true)]
    pub files: Vec<PathBuf>,
}

#[derive(Debug, Args)]
pub struct IndexArgs {
    /// Directories or files to index; default: the roots indexed before
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// Also index the paths listed in FILE, one per line (`-`: standard input), as if given as
    /// PATH arguments: `fd -0 -e md | byline index --files-from - -0`
    #[arg(long, value_name = "FILE")]
    pub files_from: Option<PathBuf>,

    /// With --files-from: the names are separated by NUL bytes (find -print0, fd -0)
    #[arg(short = '0', long = "null", requires = "files_from")]
    pub null: bool,

    /// Start from an empty index instead of updating
    #[arg(long)]
    pub rebuild: bool,

    /// Worker threads for parsing and indexing (under 48 MiB of input, one of them writes
    /// the index: one segment, nothing to merge) [default: number of CPUs]
    #[arg(long, short = 'j', value_name = "N", value_parser = clap::value_parser!(u16).range(1..=256))]
    pub threads: Option<u16>,

    /// Indexing memory budget in MB, shared by the indexing threads (peak heap: this + ~350 MB
    /// + ~0.8 KB per indexed file)
    #[arg(long, value_name = "N", default_value_t = crate::index::DEFAULT_MEMORY_MB, value_parser = clap::value_parser!(u64).range(15..=65536))]
    pub memory_mb: u64,

    /// Skip files larger than this many MB, or holding more once decompressed (reported)
    #[arg(long, value_name = "N", default_value_t = crate::index::DEFAULT_MAX_FILE_MB)]
    pub max_file_mb: u64,

    #[command(flatten)]
    pub output: DataOutput,

    /// No progress bar and no summary line (warnings still go to stderr)
    #[arg(long, short = 'q')]
    pub quiet: bool,

    /// After indexing, keep watching the roots and index what changes (Ctrl-C stops)
    #[arg(short = 'w', long)]
    pub watch: bool,

    /// With --watch: find changes by scanning the roots every 2 s instead of through the
    /// system's notifications (for network file systems; byline falls back to this by itself
    /// when the system's watch limit is reached)
    #[arg(long, requires = "watch")]
    pub poll: bool,

    /// Treat any skipped file or record as an error: exit 2 and commit nothing
    #[arg(long)]
    pub strict: bool,

    /// Follow symbolic links (to directories, and out of the indexed roots)
    #[arg(long, short = 'L')]
    pub follow: bool,

    /// Also index hidden files and directories (names starting with '.')
    #[arg(long)]
    pub hidden: bool,

    /// Extra entities (TSV: type, name, aliases, flags; see data/entities.tsv) that extend or
    /// override the built-in gazetteer; remembered by the index for later runs
    #[arg(long, value_name = "FILE")]
    pub entities: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct StatsArgs {
    #[command(flatten)]
    pub output: DataOutput,
    /// Also read every index file and verify its checksum (exit 2 naming any damaged file)
    #[arg(long)]
    pub check: bool,
}

// Conversions from arguments to the library's requests: `app` runs them, nothing more.

impl From<SortOrder> for crate::search::Sort {
    fn from(s: SortOrder) -> Self {
        match s {
            SortOrder::Relevance => crate::search::Sort::Relevance,
            SortOrder::Newest => crate::search::Sort::Newest,
            SortOrder::Oldest => crate::search::Sort::Oldest,
        }
    }
}

impl From<By> for crate::search::timeline::Period {
    fn from(b: By) -> Self {
        use crate::search::timeline::Period;
        match b {
            By::Year => Period::Year,
            By::Month => Period::Month,
            By::Week => Period::Week,
            By::Day => Period::Day,
        }
    }
}

/// Seconds since the epoch at the start (or the last second) of a day, UTC.
fn day_secs(d: chrono::NaiveDate, end: bool) -> Option<i64> {
    let t = if end {
        d.and_hms_opt(23, 59, 59)
    } else {
        d.and_hms_opt(0, 0, 0)
    };
    t.map(|t| t.and_utc().timestamp())
}

impl SearchArgs {
    /// How to print: `--count` and `--json` win over `--format`.
    pub fn output_format(&self) -> SearchFormat {
        match (self.count, self.json) {
            (true, _) => SearchFormat::Count,
            (_, true) => SearchFormat::Json,
            _ => self.format,
        }
    }
}

impl TryFrom<&SearchArgs> for crate::search::Request {
    type Error = anyhow::Error;

    /// The request; an error when `--since` is after `--until`.
    fn try_from(a: &SearchArgs) -> anyhow::Result<Self> {
        let since = a
            .since
            .and_then(|d| d.first_day())
            .and_then(|d| day_secs(d, false));
        let until = a
            .until
            .and_then(|d| d.last_day())
            .and_then(|d| day_secs(d, true));
        if let (Some(s), Some(u)) = (since, until) {
            if s > u {
                anyhow::bail!("--since is after --until: no date can match");
            }
        }
        if a.explain
            && !matches!(
                a.output_format(),
                SearchFormat::Text | SearchFormat::Json | SearchFormat::Jsonl
            )
        {
            anyhow::bail!("--explain is shown by the text, json and jsonl formats only");
        }
        // Facets are shown by the text and JSON printers only.
        let facets = match a.output_format() {
            SearchFormat::Text | SearchFormat::Json => a.facets.0.clone(),
            _ => Vec::new(),
        };
        Ok(crate::search::Request {
            query: a.query.join(" "),
            limit: a.limit,
            offset: a.offset,
            per_article: a.per_article as usize,
            since,
            until,
            sources: a.source.clone(),
            sort: a.sort.into(),
            strict: a.strict,
            duplicates: a.duplicates,
            facets,
            facet_limit: a.facet_limit,
            filters: a.filter.clone(),
            same_passage: a.same_passage,
            explain: a.explain,
        })
    }
}

impl From<&FacetsArgs> for crate::search::Request {
    fn from(a: &FacetsArgs) -> Self {
        crate::search::Request {
            query: a.query.join(" "),
            limit: 0,
            facets: a.kinds.0.clone(),
            facet_limit: a.limit,
            ..crate::search::Request::default()
        }
    }
}

impl From<&TimelineArgs> for crate::search::Request {
    fn from(a: &TimelineArgs) -> Self {
        crate::search::Request {
            query: a.query.join(" "),
            limit: 0,
            filters: a.filter.clone(),
            ..crate::search::Request::default()
        }
    }
}

impl IndexArgs {
    /// The indexer's options for the index in `index_dir`; threads default to the machine's.
    pub fn options(&self, index_dir: PathBuf) -> crate::index::Options {
        let defaults = crate::index::Options::new(self.paths.clone(), index_dir);
        crate::index::Options {
            rebuild: self.rebuild,
            threads: self.threads.map_or(defaults.threads, usize::from),
            memory_mb: self.memory_mb as usize,
            max_file_mb: self.max_file_mb,
            strict: self.strict,
            follow: self.follow,
            hidden: self.hidden,
            entities: self.entities.clone(),
            ..defaults
        }
    }
}

impl ExportArgs {
    /// The target engine and what to export; an error for options that do not go together.
    pub fn target(
        &self,
    ) -> anyhow::Result<(
        crate::output::export::Target,
        crate::search::export::ExportOptions,
    )> {
        use crate::output::export::Target;
        let target = match (self.format, &self.index_name) {
            (ExportFormat::Quickwit, Some(_)) => {
                anyhow::bail!("--index-name is for --format opensearch (Quickwit names its index at `quickwit index ingest --index NAME`)")
            }
            (ExportFormat::Quickwit, None) => Target::Quickwit,
            (ExportFormat::Opensearch, name) => Target::OpenSearch {
                index: name.clone().unwrap_or_else(|| "byline".to_string()),
            },
        };
        let undated = self.undated.unwrap_or(match self.format {
            ExportFormat::Quickwit => Undated::Skip,
            ExportFormat::Opensearch => Undated::Keep,
        });
        let opts = crate::search::export::ExportOptions {
            skip_undated: undated == Undated::Skip,
        };
        Ok((target, opts))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_index_flags() {
        let cli = Cli::try_parse_from([
            "byline",
            "index",
            "a",
            "b",
            "--rebuild",
            "--threads",
            "3",
            "--memory-mb",
            "64",
            "--json",
            "--strict",
            "--index",
            "/tmp/x",
        ])
        .unwrap();
        assert_eq!(cli.index.as_deref(), Some(std::path::Path::new("/tmp/x")));
        let Command::Index(a) = cli.command else {
            panic!("not index")
        };
        assert_eq!(a.paths.len(), 2);
        assert!(a.rebuild && a.output.json() && a.strict && !a.quiet);
        assert_eq!((a.threads, a.memory_mb, a.max_file_mb), (Some(3), 64, 64));
    }

    #[test]
    fn rejects_bad_values() {
        assert!(Cli::try_parse_from(["byline", "index", "--threads", "0"]).is_err());
        assert!(Cli::try_parse_from(["byline", "index", "--memory-mb", "2"]).is_err());
        assert!(Cli::try_parse_from(["byline", "frobnicate"]).is_err());
    }

    #[test]
    fn date_bounds_cover_whole_periods() {
        let d = parse_date_arg("2024").unwrap();
        assert_eq!(d.first_day().unwrap().to_string(), "2024-01-01");
        assert_eq!(d.last_day().unwrap().to_string(), "2024-12-31");
        let d = parse_date_arg("2024-02").unwrap();
        assert_eq!(d.last_day().unwrap().to_string(), "2024-02-29");
        let d = parse_date_arg("2023-12").unwrap();
        assert_eq!(d.last_day().unwrap().to_string(), "2023-12-31");
        let d = parse_date_arg("2024-03-15").unwrap();
        assert_eq!(d.first_day(), d.last_day());
        for bad in [
            "24",
            "2024-3",
            "2024-13",
            "2023-02-29",
            "2024-01-01-01",
            "soon",
            "",
            "7x",
            "d",
            "-3d",
            "tomorrow",
        ] {
            assert!(parse_date_arg(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn every_data_command_takes_format_and_json() {
        for args in [
            &["stats"][..],
            &["show", "x"],
            &["related", "x"],
            &["timeline"],
            &["config"],
            &["index", "c"],
        ] {
            for (extra, json) in [
                (&[][..], false),
                (&["--json"][..], true),
                (&["--format", "json"][..], true),
                (&["--format", "text"][..], false),
            ] {
                let argv: Vec<&str> = std::iter::once("byline")
                    .chain(args.iter().copied())
                    .chain(extra.iter().copied())
                    .collect();
                let cli = Cli::try_parse_from(&argv).unwrap();
                let got = match cli.command {
                    Command::Stats(a) => a.output.json(),
                    Command::Show(a) => a.output.json(),
                    Command::Related(a) => a.output.json(),
                    Command::Timeline(a) => a.output.json(),
                    Command::Config(a) => a.output.json(),
                    Command::Index(a) => a.output.json(),
                    _ => unreachable!(),
                };
                assert_eq!(got, json, "{argv:?}");
            }
            let argv: Vec<&str> = std::iter::once("byline")
                .chain(args.iter().copied())
                .chain(["--format", "yaml"])
                .collect();
            assert!(Cli::try_parse_from(&argv).is_err(), "{argv:?}");
        }
    }

    #[test]
    fn relative_dates_count_back_from_today() {
        let today = chrono::NaiveDate::from_ymd_opt(2024, 3, 31).unwrap();
        let day = |s: &str| {
            parse_date_arg_at(s, today)
                .map(|d| d.first_day().unwrap().to_string())
                .unwrap_or_else(|e| e)
        };
        assert_eq!(day("today"), "2024-03-31");
        assert_eq!(day("Yesterday"), "2024-03-30");
        assert_eq!(day("7d"), "2024-03-24");
        assert_eq!(day("2w"), "2024-03-17");
        // Calendar months, clamped to the month's last day; years are twelve months.
        assert_eq!(day("1m"), "2024-02-29");
        assert_eq!(day("6m"), "2023-09-30");
        assert_eq!(day("1y"), "2023-03-31");
        assert_eq!(day("0d"), "2024-03-31");
        // A relative date is one day: --until yesterday ends with yesterday.
        let d = parse_date_arg_at("yesterday", today).unwrap();
        assert_eq!(d.first_day(), d.last_day());
        // Absolute dates are untouched, and the error names the relative forms.
        assert_eq!(day("2024-02"), "2024-02-01");
        assert!(day("soon").contains("7d, 2w, 6m or 1y"), "{}", day("soon"));
    }

    #[test]
    fn search_flags() {
        let cli = Cli::try_parse_from([
            "byline",
            "search",
            "-n",
            "3",
            "openai",
            "microsoft",
            "--json",
            "--source",
            "a",
            "--source",
            "b",
            "--since",
            "2024-03",
        ])
        .unwrap();
        let Command::Search(a) = cli.command else {
            panic!("not search")
        };
        assert_eq!(a.query, vec!["openai", "microsoft"]);
        assert!(a.json && a.limit == 3 && a.source == vec!["a", "b"]);
        assert!(Cli::try_parse_from(["byline", "search", "x", "--json", "--count"]).is_err());
        assert!(Cli::try_parse_from(["byline", "search", "x", "--per-article", "0"]).is_err());
        assert!(Cli::try_parse_from(["byline", "search", "x", "--since", "2024-3"]).is_err());
        // Flags may follow the query; a query word starting with '-' needs quoting or `--`.
        let cli = Cli::try_parse_from(["byline", "search", "x", "--format", "tsv"]).unwrap();
        let Command::Search(a) = cli.command else {
            panic!("not search")
        };
        assert_eq!((a.query.len(), a.format), (1, SearchFormat::Tsv));
        assert!(Cli::try_parse_from(["byline", "search", "--", "apple", "-pie"]).is_ok());
    }

    #[test]
    fn export_flags() {
        let cli = Cli::try_parse_from([
            "byline",
            "export",
            "--format",
            "opensearch",
            "--index-name",
            "tech-news.2024",
            "-o",
            "x.ndjson",
            "--undated",
            "skip",
        ])
        .unwrap();
        let Command::Export(a) = cli.command else {
            panic!("not export")
        };
        assert_eq!(a.format, ExportFormat::Opensearch);
        assert_eq!(a.index_name.as_deref(), Some("tech-news.2024"));
        assert_eq!(
            (a.out.to_str(), a.undated),
            (Some("x.ndjson"), Some(Undated::Skip))
        );
        let cli = Cli::try_parse_from(["byline", "export", "--format", "quickwit"]).unwrap();
        let Command::Export(a) = cli.command else {
            panic!("not export")
        };
        assert_eq!(
            (a.out.to_str(), a.undated, a.force),
            (Some("-"), None, false)
        );
        assert!(Cli::try_parse_from(["byline", "export"]).is_err());
        for bad in [
            "", "News", "-x", "_x", "+x", ".", "..", "a b", "a/b", "a*", "a:b", "a#b",
        ] {
            assert!(parse_index_name(bad).is_err(), "{bad:?}");
        }
        assert!(parse_index_name(&"x".repeat(256)).is_err());
        assert!(parse_index_name("byline").is_ok());
    }

    #[test]
    fn search_arguments_become_a_request() {
        use crate::search::{Request, Sort};
        let args = |v: &[&str]| match Cli::try_parse_from(
            ["byline", "search"].iter().chain(v.iter()).copied(),
        )
        .unwrap()
        .command
        {
            Command::Search(a) => a,
            _ => unreachable!(),
        };
        let a = args(&[
            "cloud",
            "chips",
            "--since",
            "2024-03",
            "--until",
            "2024",
            "--sort",
            "newest",
            "-f",
            "!org:Acme",
            "--explain",
        ]);
        let r = Request::try_from(&a).unwrap();
        assert_eq!(r.query, "cloud chips");
        assert_eq!(r.since, Some(1709251200)); // 2024-03-01T00:00:00Z
        assert_eq!(r.until, Some(1735689599)); // 2024-12-31T23:59:59Z
        assert_eq!(r.sort, Sort::Newest);
        assert!(r.filters[0].negate && r.explain);
        assert!(!r.facets.is_empty(), "text output shows facets");
        // --count and --json decide the format alone (clap rejects them with --format); facets
        // only for text and JSON.
        let a = args(&["x", "--format", "tsv"]);
        assert_eq!(a.output_format(), SearchFormat::Tsv);
        assert!(Request::try_from(&a).unwrap().facets.is_empty());
        assert_eq!(args(&["x", "--json"]).output_format(), SearchFormat::Json);
        assert_eq!(args(&["x", "-c"]).output_format(), SearchFormat::Count);
        assert!(Request::try_from(&args(&["x", "--since", "2025", "--until", "2024"])).is_err());
        // An explanation nothing would show is an error, not a silent no-op.
        assert!(Request::try_from(&args(&["x", "--explain", "--format", "paths"])).is_err());
        assert!(Request::try_from(&args(&["x", "--explain", "-c"])).is_err());
        assert!(Request::try_from(&args(&["x", "--explain", "--format", "jsonl"])).is_ok());
    }

    #[test]
    fn verify_cli() {
        use clap::CommandFactory;
        Cli::command().debug_assert();
    }
}

/// `--facets`: the facet dimensions, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FacetList(pub Vec<crate::search::facets::Dim>);

pub fn parse_facets(s: &str) -> Result<FacetList, String> {
    crate::search::facets::Dim::parse_list(s).map(FacetList)
}

/// `-f TYPE:NAME` / `-f !TYPE:NAME`.
fn parse_filter(s: &str) -> Result<EntityFilter, String> {
    let (negate, rest) = match s.strip_prefix('!') {
        Some(r) => (true, r),
        None => (false, s),
    };
    let (k, name) = rest
        .split_once(':')
        .ok_or_else(|| format!("expected TYPE:NAME (e.g. org:Microsoft), got '{s}'"))?;
    let kind = crate::entities::Kind::parse(&k.trim().to_lowercase()).ok_or_else(|| {
        format!("unknown entity type '{k}' (expected org, person, product, place or misc)")
    })?;
    let name = name.trim();
    if name.is_empty() {
        return Err(format!("empty name in '{s}'"));
    }
    Ok(EntityFilter {
        kind,
        name: name.to_string(),
        negate,
    })
}
