//! The configuration file: defaults for flags, so that a project or a user does not repeat them.
//!
//! One file: `BYLINE_CONFIG=FILE` if set (`BYLINE_CONFIG=` with nothing, or `--no-config`: no
//! file at all), else the user's `$XDG_CONFIG_HOME/byline/config.toml` (or
//! `~/.config/byline/config.toml`; `%APPDATA%\byline\config.toml` on Windows). Never a file
//! from the working directory: a cloned folder must not be able to point `index` or `roots`
//! anywhere (as ripgrep reads only `RIPGREP_CONFIG_PATH`). Flags and `BYLINE_INDEX` override
//! the file.
//!
//! Keys: `index`, `roots`, `entities` (paths, relative to the file's directory), `facets` and
//! `format` (for `byline search`). A value becomes the default of its flag in the clap command
//! before the arguments are parsed ([`Config::apply`]), so flags win and `--help` shows it.

use std::path::{Path, PathBuf};

use anyhow::{anyhow, bail, Context, Result};
use serde::Deserialize;
use toml::Spanned;

/// Where a setting comes from, for `byline config`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    Default,
    /// A config file and the 1-based line of the key.
    File(PathBuf, usize),
    Env(&'static str),
    Flag,
}

impl std::fmt::Display for Origin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Origin::Default => write!(f, "default"),
            Origin::File(p, line) => write!(f, "{}:{line}", p.display()),
            Origin::Env(name) => write!(f, "environment {name}"),
            Origin::Flag => write!(f, "command line"),
        }
    }
}

/// One setting from a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Setting<T> {
    pub value: T,
    pub origin: Origin,
}

/// A config file that was looked for, and whether it was read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Looked {
    pub path: PathBuf,
    pub found: bool,
}

/// The settings of every config file, merged (later files win key by key).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Config {
    pub index: Option<Setting<PathBuf>>,
    pub roots: Option<Setting<Vec<PathBuf>>>,
    pub entities: Option<Setting<PathBuf>>,
    pub facets: Option<Setting<String>>,
    pub format: Option<Setting<String>>,
    /// The files looked for, in precedence order (lowest first).
    pub files: Vec<Looked>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    index: Option<Spanned<String>>,
    roots: Option<Spanned<OneOrMany>>,
    entities: Option<Spanned<String>>,
    facets: Option<Spanned<OneOrMany>>,
    format: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

impl OneOrMany {
    fn into_vec(self) -> Vec<String> {
        match self {
            OneOrMany::One(s) => vec![s],
            OneOrMany::Many(v) => v,
        }
    }
}

/// The config files to read, lowest precedence first, from the environment (`cwd` only
/// resolves a relative `BYLINE_CONFIG`), and whether the one named must exist. None for
/// `BYLINE_CONFIG` set to nothing.
pub fn candidates(
    var: impl Fn(&str) -> Option<std::ffi::OsString>,
    cwd: &Path,
) -> (Vec<PathBuf>, bool) {
    if let Some(explicit) = var("BYLINE_CONFIG") {
        if explicit.is_empty() {
            return (Vec::new(), false);
        }
        return (vec![cwd.join(explicit)], true);
    }
    let dir = if cfg!(windows) {
        var("APPDATA").filter(|v| !v.is_empty()).map(PathBuf::from)
    } else {
        var("XDG_CONFIG_HOME")
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
            .or_else(|| var("HOME").map(|h| PathBuf::from(h).join(".config")))
    };
    let out = dir
        .map(|d| vec![d.join("byline").join("config.toml")])
        .unwrap_or_default();
    (out, false)
}

/// Was `--no-config` given (before the command or after it)? Read before the arguments are
/// parsed, since the config file sets their defaults.
pub fn no_config_flag(args: impl IntoIterator<Item = std::ffi::OsString>) -> bool {
    args.into_iter()
        .skip(1)
        .take_while(|a| a != "--")
        .any(|a| a == "--no-config")
}

impl Config {
    /// Read the config file of this process's environment (none with `--no-config`).
    pub fn load() -> Result<Config> {
        if no_config_flag(std::env::args_os()) {
            return Ok(Config::default());
        }
        let cwd = std::env::current_dir().context("cannot read the working directory")?;
        let (files, explicit) = candidates(|k| std::env::var_os(k), &cwd);
        Config::read(&files, explicit)
    }

    /// Read `files` in order (later ones win). With `required`, a missing file is an error.
    pub fn read(files: &[PathBuf], required: bool) -> Result<Config> {
        let mut cfg = Config::default();
        for path in files {
            let text = match std::fs::read_to_string(path) {
                Ok(t) => t,
                Err(e) if e.kind() == std::io::ErrorKind::NotFound && !required => {
                    cfg.files.push(Looked {
                        path: path.clone(),
                        found: false,
                    });
                    continue;
                }
                Err(e) => bail!("{}: cannot read the config file: {e}", path.display()),
            };
            cfg.merge(parse(path, &text)?);
            cfg.files.push(Looked {
                path: path.clone(),
                found: true,
            });
        }
        Ok(cfg)
    }

    fn merge(&mut self, other: Config) {
        if other.index.is_some() {
            self.index = other.index;
        }
        if other.roots.is_some() {
            self.roots = other.roots;
        }
        if other.entities.is_some() {
            self.entities = other.entities;
        }
        if other.facets.is_some() {
            self.facets = other.facets;
        }
        if other.format.is_some() {
            self.format = other.format;
        }
    }

    /// Make the settings the defaults of their flags.
    pub fn apply(&self, cmd: clap::Command) -> clap::Command {
        let path = |p: &Path| p.as_os_str().to_owned();
        let mut cmd = cmd;
        if let Some(s) = &self.index {
            cmd = cmd.mut_arg("index", |a| a.default_value(path(&s.value)));
        }
        if let Some(s) = &self.roots {
            let values: Vec<std::ffi::OsString> = s.value.iter().map(|p| path(p)).collect();
            cmd = cmd.mut_subcommand("index", |c| {
                c.mut_arg("paths", |a| a.default_values(values))
            });
        }
        if let Some(s) = &self.entities {
            let v = path(&s.value);
            cmd = cmd.mut_subcommand("index", |c| c.mut_arg("entities", |a| a.default_value(v)));
        }
        if let Some(s) = &self.facets {
            let v = s.value.clone();
            cmd = cmd.mut_subcommand("search", |c| c.mut_arg("facets", |a| a.default_value(v)));
        }
        if let Some(s) = &self.format {
            let v = s.value.clone();
            cmd = cmd.mut_subcommand("search", |c| c.mut_arg("format", |a| a.default_value(v)));
        }
        cmd
    }
}

/// Parse one config file. Relative paths are made relative to the file's directory; values are
/// checked here, so that a bad one is reported with its file and line.
pub fn parse(path: &Path, text: &str) -> Result<Config> {
    let raw: Raw = toml::from_str(text).map_err(|e| {
        let line = e.span().map(|s| line_of(text, s.start));
        let msg = e.message().trim_end().to_string();
        match line {
            Some(l) => anyhow!("{}:{l}: {msg}", path.display()),
            None => anyhow!("{}: {msg}", path.display()),
        }
    })?;
    let dir = path.parent().unwrap_or(Path::new("."));
    let origin =
        |span: std::ops::Range<usize>| Origin::File(path.to_path_buf(), line_of(text, span.start));
    let bad = |span: std::ops::Range<usize>, msg: String| {
        anyhow!("{}:{}: {msg}", path.display(), line_of(text, span.start))
    };
    let resolve = |p: &str| -> PathBuf {
        let p = expand_home(p);
        if p.is_absolute() {
            p
        } else {
            dir.join(p)
        }
    };
    let path_setting = |s: Spanned<String>| Setting {
        value: resolve(s.get_ref()),
        origin: origin(s.span()),
    };
    let mut cfg = Config {
        index: raw.index.map(path_setting),
        entities: raw.entities.map(path_setting),
        ..Config::default()
    };
    if let Some(s) = raw.roots {
        let span = s.span();
        let roots: Vec<PathBuf> = s
            .into_inner()
            .into_vec()
            .iter()
            .map(|r| resolve(r))
            .collect();
        if roots.is_empty() {
            return Err(bad(span, "`roots` is empty".into()));
        }
        cfg.roots = Some(Setting {
            value: roots,
            origin: origin(span),
        });
    }
    if let Some(s) = raw.facets {
        let span = s.span();
        let list = s.into_inner().into_vec().join(",");
        crate::search::facets::Dim::parse_list(&list)
            .map_err(|e| bad(span.clone(), format!("facets: {e}")))?;
        cfg.facets = Some(Setting {
            value: list,
            origin: origin(span),
        });
    }
    if let Some(s) = raw.format {
        let span = s.span();
        let v = s.get_ref().trim().to_lowercase();
        <crate::output::search::Format as clap::ValueEnum>::from_str(&v, true).map_err(|_| {
            bad(
                span.clone(),
                format!("format: unknown format '{v}' (expected text, json, jsonl, tsv or paths)"),
            )
        })?;
        cfg.format = Some(Setting {
            value: v,
            origin: origin(span),
        });
    }
    Ok(cfg)
}

/// `~/x` → `$HOME/x`.
fn expand_home(p: &str) -> PathBuf {
    match (p.strip_prefix("~/"), std::env::var_os("HOME")) {
        (Some(rest), Some(home)) => PathBuf::from(home).join(rest),
        _ => PathBuf::from(p),
    }
}

/// The 1-based line holding byte `at`.
fn line_of(text: &str, at: usize) -> usize {
    text[..at.min(text.len())].matches('\n').count() + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_paths_and_lines() {
        let cfg = parse(
            Path::new("/p/byline.toml"),
            "# mine\nindex = \"ix\"\nroots = [\"news\", \"/abs/more\"]\nentities = \"e.tsv\"\nfacets = [\"org\", \"person\"]\nformat = \"JSON\"\n",
        )
        .unwrap();
        assert_eq!(cfg.index.unwrap().value, PathBuf::from("/p/ix"));
        let roots = cfg.roots.unwrap();
        assert_eq!(
            roots.value,
            vec![PathBuf::from("/p/news"), PathBuf::from("/abs/more")]
        );
        assert_eq!(roots.origin, Origin::File("/p/byline.toml".into(), 3));
        assert_eq!(cfg.entities.unwrap().value, PathBuf::from("/p/e.tsv"));
        assert_eq!(cfg.facets.unwrap().value, "org,person");
        assert_eq!(cfg.format.unwrap().value, "json");
    }

    #[test]
    fn errors_name_the_file_and_line() {
        let err = |text: &str| parse(Path::new("c.toml"), text).unwrap_err().to_string();
        assert!(
            err("index = \"a\"\ncolour = 1\n").starts_with("c.toml:2: unknown field `colour`"),
            "{}",
            err("index = \"a\"\ncolour = 1\n")
        );
        assert!(
            err("\n\nformat = \"yaml\"\n").starts_with("c.toml:3: format: unknown format 'yaml'")
        );
        assert!(err("facets = \"org,planets\"\n").starts_with("c.toml:1: facets:"));
        assert!(err("index = [1]\n").starts_with("c.toml:1:"));
        assert!(err("roots = []\n").contains("`roots` is empty"));
        assert!(err("index = \"unclosed\n").starts_with("c.toml:1:"));
    }

    #[test]
    fn lookup_order_and_the_explicit_file() {
        let env = crate::testutil::fake_env;
        let cwd = Path::new("/w");
        // The user's file only: never one from the working directory.
        assert_eq!(
            candidates(env(&[("HOME", "/h")]), cwd),
            (vec![PathBuf::from("/h/.config/byline/config.toml")], false)
        );
        assert_eq!(candidates(env(&[]), cwd), (vec![], false));
        let flag = |args: &[&str]| no_config_flag(args.iter().map(std::ffi::OsString::from));
        assert!(flag(&["byline", "--no-config", "search", "x"]));
        assert!(flag(&["byline", "search", "x", "--no-config"]));
        assert!(!flag(&["byline", "search", "--", "--no-config"]));
        assert!(
            !flag(&["--no-config"]),
            "the program name is not an argument"
        );
        assert_eq!(
            candidates(env(&[("HOME", "/h"), ("XDG_CONFIG_HOME", "/x")]), cwd).0[0],
            PathBuf::from("/x/byline/config.toml")
        );
        assert_eq!(
            candidates(env(&[("BYLINE_CONFIG", "my.toml")]), cwd),
            (vec![PathBuf::from("/w/my.toml")], true)
        );
        assert_eq!(
            candidates(env(&[("BYLINE_CONFIG", "")]), cwd),
            (vec![], false)
        );
    }

    #[test]
    fn later_files_win_key_by_key() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a.toml");
        let b = dir.path().join("b.toml");
        std::fs::write(&a, "index = \"ia\"\nformat = \"tsv\"\n").unwrap();
        std::fs::write(&b, "format = \"paths\"\n").unwrap();
        let missing = dir.path().join("none.toml");
        let cfg = Config::read(&[a.clone(), missing.clone(), b.clone()], false).unwrap();
        assert_eq!(cfg.index.unwrap().value, dir.path().join("ia"));
        assert_eq!(cfg.format.unwrap().origin, Origin::File(b, 1));
        assert_eq!(cfg.files.iter().filter(|l| l.found).count(), 2);
        assert!(Config::read(&[missing], true).is_err());
    }
}
