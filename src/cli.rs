//! Command-line definitions (clap derive) only. Nothing here does work; `app` turns these into
//! library options.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

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

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Index (or re-sync) directories of articles: .txt, .md, .json, .jsonl/.ndjson, .html
    #[command(after_help = "Examples:
  byline index corpus                 index ./corpus into ./index
  byline index                        re-sync every directory indexed before
  byline index ~/news --index /tmp/ix --json | jq .skipped
  byline index corpus --rebuild       start from an empty index")]
    Index(IndexArgs),
    /// Show what the index holds: articles, passages, files, sources, dates, size
    Stats(StatsArgs),
    /// Show how byline reads files (articles, metadata, passages) without indexing them, as JSON lines
    #[command(
        after_help = "Example:\n  byline parse corpus/lead-style/*.txt | jq -r '.passages[]'"
    )]
    Parse(ParseArgs),
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

    /// Start from an empty index instead of updating
    #[arg(long)]
    pub rebuild: bool,

    /// Worker threads for parsing and indexing [default: number of CPUs]
    #[arg(long, short = 'j', value_name = "N", value_parser = clap::value_parser!(u16).range(1..=256))]
    pub threads: Option<u16>,

    /// Indexing memory budget in MB, shared by the indexing threads
    #[arg(long, value_name = "N", default_value_t = 192, value_parser = clap::value_parser!(u64).range(15..=65536))]
    pub memory_mb: u64,

    /// Skip files larger than this many MB (reported)
    #[arg(long, value_name = "N", default_value_t = 64)]
    pub max_file_mb: u64,

    /// Print the summary as one JSON object on stdout
    #[arg(long)]
    pub json: bool,

    /// No progress bar and no summary line (warnings still go to stderr)
    #[arg(long, short = 'q')]
    pub quiet: bool,

    /// Treat any skipped file or record as an error: exit 2 and commit nothing
    #[arg(long)]
    pub strict: bool,

    /// Follow symbolic links (to directories, and out of the indexed roots)
    #[arg(long, short = 'L')]
    pub follow: bool,

    /// Also index hidden files and directories (names starting with '.')
    #[arg(long)]
    pub hidden: bool,
}

#[derive(Debug, Args)]
pub struct StatsArgs {
    /// Print as one JSON object
    #[arg(long)]
    pub json: bool,
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
        assert!(a.rebuild && a.json && a.strict && !a.quiet);
        assert_eq!((a.threads, a.memory_mb, a.max_file_mb), (Some(3), 64, 64));
    }

    #[test]
    fn rejects_bad_values() {
        assert!(Cli::try_parse_from(["byline", "index", "--threads", "0"]).is_err());
        assert!(Cli::try_parse_from(["byline", "index", "--memory-mb", "2"]).is_err());
        assert!(Cli::try_parse_from(["byline", "frobnicate"]).is_err());
    }

    #[test]
    fn verify_cli() {
        use clap::CommandFactory;
        Cli::command().debug_assert();
    }
}
