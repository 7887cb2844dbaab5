//! The command-line interface, declared with clap's derive API.
//!
//! `mcplint [OPTIONS] [PATH]...` scans; `mcplint rules`, `mcplint explain RULE` and
//! `mcplint debug ir FILE` are subcommands. Scan arguments and subcommands conflict
//! (`args_conflicts_with_subcommands`), so a directory literally named `rules` is scanned by
//! writing it as `./rules`.

use std::num::NonZeroUsize;
use std::path::PathBuf;

use clap::builder::PossibleValuesParser;
use clap::{Args, Parser, Subcommand, ValueEnum};

/// The default for `--max-file-size`: 10 MB.
pub(crate) const DEFAULT_MAX_FILE_SIZE: u64 = 10_000_000;

/// A fast static analyzer for MCP (Model Context Protocol) servers.
#[derive(Debug, Parser)]
#[command(
    name = "mcplint",
    version,
    about,
    args_conflicts_with_subcommands = true,
    after_help = "Exit status: 0 no findings at or above --fail-on, 1 findings, 2 usage, \
                  configuration or I/O error.\n\
                  A directory named like a subcommand is scanned as ./rules, ./config, ./explain."
)]
pub(crate) struct Cli {
    /// A subcommand; without one, mcplint scans the given paths.
    #[command(subcommand)]
    pub(crate) command: Option<Command>,

    /// What to scan and how to report it.
    #[command(flatten)]
    pub(crate) check: CheckArgs,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// List every rule: name, severity, CWE and summary.
    Rules,
    /// Print the resolved configuration (the configuration file with command-line overrides) as
    /// TOML.
    Config {
        /// The scan whose configuration is shown.
        #[command(flatten)]
        check: Box<CheckArgs>,
    },
    /// Print a rule's documentation.
    Explain {
        /// The rule's name, e.g. `shell-injection`.
        #[arg(value_parser = rule_names(), hide_possible_values = true)]
        rule: String,
    },
    /// Run the language server over standard input and output, for editors: diagnostics as
    /// you type, suppression and documentation code actions.
    Server,
    /// Serve MCP over standard input and output: tools `lint`, `explain_rule` and
    /// `list_rules` for coding agents (see the README's "MCP server").
    Mcp,
    /// Developer tools.
    Debug {
        /// What to show.
        #[command(subcommand)]
        what: DebugCommand,
    },
}

/// `mcplint debug ...`.
#[derive(Debug, Subcommand)]
pub(crate) enum DebugCommand {
    /// Print the IR that a front end lowers FILE to.
    Ir {
        /// The source file.
        file: PathBuf,
    },
    /// Walk, read and parse the files a scan would analyse, in parallel, and nothing else; print
    /// their counts and the time taken (the parse floor, for benchmarks).
    ParseOnly {
        /// The scan whose files are parsed (paths, --threads, --max-file-size, excludes).
        #[command(flatten)]
        check: Box<CheckArgs>,
    },
}

/// The scan: paths, rule selection and output.
#[derive(Debug, Args)]
pub(crate) struct CheckArgs {
    /// Files or directories to scan. Files given explicitly are always scanned, even when
    /// gitignored.
    #[arg(value_name = "PATH", default_value = ".")]
    pub(crate) paths: Vec<PathBuf>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub(crate) format: Format,

    /// Write the report to FILE instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub(crate) output: Option<PathBuf>,

    /// Run only these rules (comma-separated).
    #[arg(
        long,
        value_name = "RULE,...",
        value_delimiter = ',',
        value_parser = rule_names(),
        hide_possible_values = true
    )]
    pub(crate) select: Vec<String>,

    /// Never run these rules (comma-separated).
    #[arg(
        long,
        value_name = "RULE,...",
        value_delimiter = ',',
        value_parser = rule_names(),
        hide_possible_values = true
    )]
    pub(crate) ignore: Vec<String>,

    /// Number of analysis threads [default: available parallelism].
    #[arg(long, short = 'j', value_name = "N")]
    pub(crate) threads: Option<NonZeroUsize>,

    /// When to colour the text output.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub(crate) color: ColorChoice,

    /// Print only the findings: no summary line.
    #[arg(long, short = 'q')]
    pub(crate) quiet: bool,

    /// Skip files larger than this many bytes (with a notice).
    #[arg(long, value_name = "BYTES", default_value_t = DEFAULT_MAX_FILE_SIZE)]
    pub(crate) max_file_size: u64,

    /// Follow symbolic links while walking directories (symlink loops are reported and skipped).
    #[arg(long)]
    pub(crate) follow_links: bool,

    /// Use this configuration file instead of looking for mcplint.toml, .mcplint.toml or
    /// [tool.mcplint] in pyproject.toml above the first path.
    #[arg(long, value_name = "FILE", conflicts_with = "isolated")]
    pub(crate) config: Option<PathBuf>,

    /// Ignore configuration files.
    #[arg(long)]
    pub(crate) isolated: bool,

    /// Never scan paths matching GLOB (repeatable); replaces the configured `exclude` list,
    /// which defaults to vendored and generated directories.
    #[arg(long, value_name = "GLOB")]
    pub(crate) exclude: Vec<String>,

    /// Never scan paths matching GLOB, in addition to `exclude` (repeatable).
    #[arg(long, value_name = "GLOB")]
    pub(crate) extend_exclude: Vec<String>,

    /// Apply excludes to paths named on the command line too (as pre-commit passes them).
    #[arg(long)]
    pub(crate) force_exclude: bool,

    /// Add the rows of a catalog file (TOML, like rules/*.toml) to the built-in catalog
    /// (repeatable).
    #[arg(long, value_name = "FILE")]
    pub(crate) extend_catalog: Vec<PathBuf>,

    /// Report only findings that are not in this baseline file (see --write-baseline).
    #[arg(long, value_name = "FILE")]
    pub(crate) baseline: Option<PathBuf>,

    /// Write every finding to a baseline file and exit 0 without reporting them.
    #[arg(long, value_name = "FILE", conflicts_with = "baseline")]
    pub(crate) write_baseline: Option<PathBuf>,

    /// Exit 1 only for findings at or above this severity.
    #[arg(long, value_enum, default_value_t = FailOn::Error, value_name = "SEVERITY")]
    pub(crate) fail_on: FailOn,

    /// Exit 0 even when there are findings (same as --fail-on never).
    #[arg(long)]
    pub(crate) exit_zero: bool,

    /// After the run, print to standard error the files, lines and bytes scanned and the time
    /// spent in each phase.
    #[arg(long)]
    pub(crate) stats: bool,

    /// Keep each file's per-file result in DIR, so that the next run parses only the files
    /// that changed [default: `$MCPLINT_CACHE_DIR`, else `.mcplint_cache` in the project root: the
    /// configuration file's folder, or the working directory].
    #[arg(long, value_name = "DIR", conflicts_with = "no_cache")]
    pub(crate) cache_dir: Option<PathBuf>,

    /// Neither read nor write the cache.
    #[arg(long)]
    pub(crate) no_cache: bool,
}

/// The least severity that makes mcplint exit 1.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum FailOn {
    /// Errors only.
    Error,
    /// Warnings and errors.
    Warning,
    /// Nothing: always exit 0 after a successful scan.
    Never,
}

/// An output format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum Format {
    /// Human-readable diagnostics with source snippets.
    Text,
    /// JSON with a stable, versioned schema (`"version": 1`).
    Json,
    /// SARIF 2.1.0, for code-scanning dashboards.
    Sarif,
    /// GitHub Actions workflow commands (`::error file=...::message`).
    Github,
}

/// When to use colour.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum ColorChoice {
    /// When standard output is a terminal and `NO_COLOR` is unset.
    Auto,
    /// Always, even when writing to a pipe or file.
    Always,
    /// Never.
    Never,
}

/// A value parser accepting exactly the registered rule names; clap's error for anything else
/// lists them and exits with status 2.
fn rule_names() -> PossibleValuesParser {
    PossibleValuesParser::new(mcplint_rules::rules::ALL.iter().map(|r| r.name))
}

/// The subcommand a scan's first path was probably meant to be: `word` is one edit (a letter
/// added, removed or replaced, or two neighbours swapped) away from a subcommand's name. Clap
/// suggests subcommands only for words it cannot take as something else, and any word is a
/// path here; the caller asks only when no such path exists.
pub(crate) fn subcommand_like(word: &str) -> Option<String> {
    use clap::CommandFactory;
    Cli::command()
        .get_subcommands()
        .map(clap::Command::get_name)
        .find(|name| *name != word && within_one_edit(word, name))
        .map(str::to_owned)
}

/// Whether the optimal-string-alignment distance between `a` and `b` is at most 1.
fn within_one_edit(a: &str, b: &str) -> bool {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let prefix = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let (a, b) = (&a[prefix..], &b[prefix..]);
    match (a.len(), b.len()) {
        (0, 0) => true,
        // One letter added or removed at the first difference.
        (m, n) if m + 1 == n => a == &b[1..],
        (m, n) if m == n + 1 => &a[1..] == b,
        // One letter replaced, or two neighbours swapped.
        (m, n) if m == n => {
            a[1..] == b[1..] || (m >= 2 && a[0] == b[1] && a[1] == b[0] && a[2..] == b[2..])
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_is_well_formed() {
        Cli::command().debug_assert();
    }

    #[test]
    fn plain_paths_and_subcommands() {
        let cli = Cli::try_parse_from(["mcplint", "src", "lib"]).unwrap();
        assert!(cli.command.is_none());
        assert_eq!(
            cli.check.paths,
            [PathBuf::from("src"), PathBuf::from("lib")]
        );

        let cli = Cli::try_parse_from(["mcplint"]).unwrap();
        assert_eq!(cli.check.paths, [PathBuf::from(".")]);

        let cli = Cli::try_parse_from(["mcplint", "rules"]).unwrap();
        assert!(matches!(cli.command, Some(Command::Rules)));

        let cli = Cli::try_parse_from(["mcplint", "./rules"]).unwrap();
        assert!(cli.command.is_none());
        assert_eq!(cli.check.paths, [PathBuf::from("./rules")]);

        // After a path or an option, a subcommand name is a path.
        let cli = Cli::try_parse_from(["mcplint", "src", "rules"]).unwrap();
        assert!(cli.command.is_none());
        let cli = Cli::try_parse_from(["mcplint", "--quiet", "explain"]).unwrap();
        assert_eq!(cli.check.paths, [PathBuf::from("explain")]);

        let cli = Cli::try_parse_from(["mcplint", "config", "src", "--isolated"]).unwrap();
        assert!(matches!(cli.command, Some(Command::Config { ref check }) if check.isolated));

        let cli = Cli::try_parse_from(["mcplint", "debug", "ir", "a.py"]).unwrap();
        assert!(matches!(
            cli.command,
            Some(Command::Debug {
                what: DebugCommand::Ir { .. }
            })
        ));
    }

    #[test]
    fn words_one_edit_from_a_subcommand() {
        for (word, meant) in [
            ("rule", "rules"),
            ("servr", "server"),
            ("explian", "explain"),
            ("expain", "explain"),
            ("cofig", "config"),
            ("mpc", "mcp"),
            ("debg", "debug"),
            ("rulez", "rules"),
        ] {
            assert_eq!(subcommand_like(word).as_deref(), Some(meant), "{word}");
        }
        for word in [
            "rules",
            "src",
            "server.py",
            "ru",
            "rulesets",
            "",
            "mcp-server",
        ] {
            assert_eq!(subcommand_like(word), None, "{word}");
        }
    }

    #[test]
    fn rule_lists() {
        let cli = Cli::try_parse_from(["mcplint", "--select", "shell-injection"]).unwrap();
        assert_eq!(cli.check.select, ["shell-injection"]);
        let err = Cli::try_parse_from(["mcplint", "--select", "shell-injection,nope"]).unwrap_err();
        assert_eq!(err.exit_code(), 2);
        assert!(err.to_string().contains("shell-injection"), "{err}");
    }
}
