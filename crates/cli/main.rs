//! The `mcplint` command line.
//!
//! `mcplint [PATH]...` loads the configuration ([`config`]), walks the paths ([`walk`]), analyses
//! the files in parallel ([`run`]), drops the findings of a baseline ([`baseline`]) and prints a
//! report ([`report`]). Exit status: 0 no findings at or above `--fail-on`, 1 findings, 2 usage,
//! configuration or I/O error (including "nothing could be scanned"). Problems with single files
//! are one-line notices on standard error and do not change the exit status.
#![allow(clippy::print_stdout, clippy::print_stderr)]

mod args;
mod baseline;
mod cache;
mod config;
mod lsp;
mod mcp;
mod report;
mod run;
mod walk;

use std::io::{self, BufWriter, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::Context;
use clap::Parser;
use mcplint_rules::{Diagnostic, Engine, Severity};

use crate::args::{CheckArgs, Cli, ColorChoice, Command, DebugCommand, FailOn, Format};
use crate::report::{Counts, Report, Sources, escape_line, ignore_broken_pipe, rule_docs};
use crate::walk::{Notice, WalkOptions, display_path};

/// mimalloc instead of the system allocator: the front ends and the taint pass allocate many
/// small, short-lived nodes from several threads, where glibc malloc was a sixth of the run time
/// and kept freed memory in per-thread arenas.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// `mi_option_arena_eager_commit` in the mimalloc 3 the `libmimalloc-sys` version in Cargo.lock
/// builds (its Rust constants still carry mimalloc 2's numbering; a test checks these).
const MI_OPTION_ARENA_EAGER_COMMIT: libmimalloc_sys::mi_option_t = 4;
/// `mi_option_purge_delay` in mimalloc 3.
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Commits memory as it is used, gives freed pages back after 10 ms instead of a second, and
/// has tree-sitter allocate its parse stacks and trees with mimalloc too (with glibc's malloc,
/// `malloc` and `free` were 8% of a parse; 5% fewer instructions, and 7% less CPU time on
/// 300k lines).
/// mimalloc reserves its first arena at the first allocation, which Rust's runtime makes before
/// `main`, and reads `arena_eager_commit` only then: so this runs from the executable's
/// initializer list, before any allocation (see [`TUNE_ALLOCATOR_EARLY`]). On a million lines,
/// peak memory went from 200 MB (options set in `main`, too late for the first arena) to 171 MB
/// at the same speed (purging at once saved a little more but cost a tenth of the run time).
#[allow(unsafe_code)] // The one exception to `unsafe_code = "deny"`: a C allocator option.
extern "C" fn tune_allocator() {
    // SAFETY: setting an option is a plain store into mimalloc's option table; it needs no
    // initialised Rust runtime.
    unsafe {
        libmimalloc_sys::mi_option_set(MI_OPTION_ARENA_EAGER_COMMIT, 0);
        libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, 10);
    }
    // SAFETY: no parser or tree exists yet, so nothing tree-sitter allocated with the system
    // allocator can be freed with mimalloc's.
    unsafe {
        tree_sitter::set_allocator(
            Some(libmimalloc_sys::mi_malloc),
            Some(libmimalloc_sys::mi_calloc),
            Some(libmimalloc_sys::mi_realloc),
            Some(libmimalloc_sys::mi_free),
        );
    }
}

/// Runs [`tune_allocator`] while the executable is loaded, before the Rust runtime allocates
/// (ELF `.init_array`, Mach-O `__mod_init_func`, the MSVC C runtime's initializer table). On
/// other targets only the call at the start of `main` sets them, after the first arena.
#[allow(unsafe_code)] // Placing a function pointer in a linker section is an unsafe attribute.
#[used]
#[cfg_attr(
    any(target_os = "linux", target_os = "android", target_os = "freebsd"),
    unsafe(link_section = ".init_array")
)]
#[cfg_attr(
    target_vendor = "apple",
    unsafe(link_section = "__DATA,__mod_init_func")
)]
#[cfg_attr(target_env = "msvc", unsafe(link_section = ".CRT$XCU"))]
static TUNE_ALLOCATOR_EARLY: extern "C" fn() = tune_allocator;

/// Exit status when findings were reported.
const EXIT_FINDINGS: u8 = 1;
/// Exit status for usage and I/O errors.
const EXIT_ERROR: u8 = 2;

fn main() -> ExitCode {
    tune_allocator();
    run::install_panic_hook();
    let cli = Cli::parse();
    let result = match cli.command {
        Some(command) => subcommand(command).map(|()| ExitCode::SUCCESS),
        None => check(&cli.check),
    };
    result.unwrap_or_else(|err| {
        eprintln!("mcplint: error: {}", escape_line(&format!("{err:#}")));
        ExitCode::from(EXIT_ERROR)
    })
}

fn subcommand(command: Command) -> anyhow::Result<()> {
    let mut stdout = io::stdout().lock();
    let written = match command {
        Command::Rules => write!(stdout, "{}", rules_table()),
        Command::Server => {
            // The server writes to standard output from its own thread.
            drop(stdout);
            return lsp::serve();
        }
        Command::Config { check } => {
            let cwd = current_dir()?;
            let config = config::load(&check, &cwd)?;
            write!(stdout, "{}", config.to_toml(&cwd))
        }
        Command::Explain { rule } => {
            let rule = mcplint_rules::rule_by_name(&rule).context("unknown rule")?;
            write!(stdout, "{}", rule_docs(rule))
        }
        Command::Mcp => {
            // The protocol writes to standard output from the server's threads.
            drop(stdout);
            return mcp::serve();
        }
        Command::Debug {
            what: DebugCommand::Ir { file },
        } => {
            let cwd = current_dir()?;
            let lowered = run::lower_file(&file, &display_path(&file, &cwd))?;
            write!(stdout, "{}", mcplint_ir::dump(&lowered))
        }
        Command::Debug {
            what: DebugCommand::ParseOnly { check },
        } => {
            let summary = parse_floor(&check)?;
            writeln!(stdout, "{summary}")
        }
    };
    ignore_broken_pipe(written.and_then(|()| stdout.flush())).context("cannot write output")
}

/// `mcplint rules`: name, severity, CWE and summary of every rule, aligned.
fn rules_table() -> String {
    let rows: Vec<[String; 4]> = mcplint_rules::rules::ALL
        .iter()
        .map(|r| {
            let cwe = r
                .cwe
                .iter()
                .map(|c| format!("CWE-{c}"))
                .collect::<Vec<_>>()
                .join(",");
            [
                r.name.to_owned(),
                r.severity.as_str().to_owned(),
                cwe,
                r.summary.to_owned(),
            ]
        })
        .collect();
    let header = ["NAME", "SEVERITY", "CWE", "SUMMARY"].map(str::to_owned);
    let mut widths = [0; 3];
    for row in std::iter::once(&header).chain(&rows) {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let mut out = String::new();
    for row in std::iter::once(&header).chain(&rows) {
        let line = format!(
            "{:w0$}  {:w1$}  {:w2$}  {}",
            row[0],
            row[1],
            row[2],
            row[3],
            w0 = widths[0],
            w1 = widths[1],
            w2 = widths[2]
        );
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

fn current_dir() -> anyhow::Result<PathBuf> {
    std::env::current_dir().context("cannot read the current directory")
}

/// The scan. Longer than most: the command's phases in order (configuration, catalog loaded
/// during the walk, baseline, run, notices, sources, baseline write or filter, output, stats,
/// exit code), kept in one place so the order of the whole command reads top to bottom.
fn check(args: &CheckArgs) -> anyhow::Result<ExitCode> {
    let cwd = current_dir()?;
    refuse_mistyped_subcommand(&args.paths)?;
    let config = config::load(args, &cwd)?;
    let started = Instant::now();
    // The catalog loads on another thread while the tree is walked.
    let (walked, walk_time, engine, engine_time) = std::thread::scope(|scope| {
        let setup = scope.spawn(|| {
            let start = Instant::now();
            // The user catalogs are kept: the cache's key includes them.
            let engine = config.engine(&cwd);
            (engine, start.elapsed())
        });
        let walked = walk_paths(args, &cwd, &config);
        let walk_time = started.elapsed();
        let (engine, engine_time) = setup
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (walked, walk_time, engine, engine_time)
    });
    let (engine, user_catalogs) = engine?;
    // A bad baseline is a usage error: find out before the scan.
    let baseline = args
        .baseline
        .as_deref()
        .map(|file| baseline::load(file, &cwd))
        .transpose()?;
    let options = run_options(args);
    let start = Instant::now();
    let cache = open_cache(args, &cwd, &config, &engine, &user_catalogs);
    let cache_read = start.elapsed();
    let outcome = run::run(&walked.targets, &engine, &options, cache.as_ref())?;
    let start = Instant::now();
    if let Some(cache) = cache {
        cache.persist();
    }
    let cache_write = start.elapsed();

    let mut notices: Vec<Notice> = walked.notices;
    notices.extend(outcome.notices);
    notices.sort_by(|a, b| a.path.cmp(&b.path));
    print_notices(&notices);

    if walked.failed_roots + outcome.failed_explicit >= args.paths.len() {
        anyhow::bail!("nothing could be scanned");
    }

    let mut sources = Sources::default();
    sources.load_for_targets(&outcome.diagnostics, &walked.targets, Path::new(""));
    let mut diagnostics = outcome.diagnostics;

    if let Some(file) = &args.write_baseline {
        baseline::write(file, &diagnostics, &sources, &cwd)?;
        eprintln!(
            "mcplint: wrote {} finding{} to {}",
            diagnostics.len(),
            if diagnostics.len() == 1 { "" } else { "s" },
            escape_line(&display_path(file, &cwd))
        );
        return Ok(ExitCode::SUCCESS);
    }
    let hidden_by_baseline = baseline
        .as_ref()
        .map(|baseline| baseline.filter(&mut diagnostics, &sources, &cwd));
    let diagnostics = mcplint_rules::group::by_cause(diagnostics);

    let start = Instant::now();
    let counts = Counts {
        files_scanned: outcome.files_scanned,
        hidden_by_baseline,
    };
    write_output(args, &diagnostics, &sources, counts, &cwd)?;
    if args.stats {
        let phases = [
            ("walk", walk_time),
            ("engine setup (during the walk)", engine_time),
            ("cache read", cache_read),
            ("read (thread time)", outcome.stats.read),
            ("parse+lower (thread time)", outcome.stats.lower),
            ("rules per file (thread time)", outcome.stats.rules),
            ("per-file phase (wall)", outcome.stats.per_file_wall),
            ("project phase", outcome.stats.project),
            ("cache write", cache_write),
            ("report", start.elapsed()),
            ("total", started.elapsed()),
        ];
        print_stats(&outcome.stats, outcome.files_scanned, &phases);
    }

    let fail_on = if args.exit_zero {
        FailOn::Never
    } else {
        args.fail_on
    };
    Ok(if fails(&diagnostics, fail_on) {
        ExitCode::from(EXIT_FINDINGS)
    } else {
        ExitCode::SUCCESS
    })
}

/// A usage error when the first path does not exist and its name is one edit away from a
/// subcommand (`mcplint rule`, `mcplint servr`): the user meant the subcommand.
fn refuse_mistyped_subcommand(paths: &[PathBuf]) -> anyhow::Result<()> {
    let Some(first) = paths.first() else {
        return Ok(());
    };
    if std::fs::symlink_metadata(first).is_ok() {
        return Ok(());
    }
    match first.to_str().and_then(args::subcommand_like) {
        Some(name) => anyhow::bail!(
            "`{}` is not a file or directory; did you mean the subcommand `mcplint {name}`?",
            first.display()
        ),
        None => Ok(()),
    }
}

/// `--stats`: sizes and phase times on standard error.
fn print_stats(stats: &run::Stats, files: usize, phases: &[(&str, Duration)]) {
    let mut stderr = io::stderr().lock();
    let _ = writeln!(
        stderr,
        "mcplint: stats: {files} files ({} from the cache), {} lines, {} bytes",
        stats.cached, stats.lines, stats.bytes
    );
    let _ = writeln!(
        stderr,
        "mcplint: stats: {} files lowered again by the project phase",
        stats.lowered_again
    );
    for (phase, time) in phases {
        let _ = writeln!(
            stderr,
            "mcplint: stats: {phase:<32} {:>10.1} ms",
            time.as_secs_f64() * 1e3
        );
    }
}

/// `mcplint debug parse-only`: the files a scan with `args` would analyse, read and parsed in
/// parallel and nothing else; returns the summary line.
fn parse_floor(args: &CheckArgs) -> anyhow::Result<String> {
    let cwd = current_dir()?;
    let config = config::load(args, &cwd)?;
    let started = Instant::now();
    let walked = walk_paths(args, &cwd, &config);
    let options = run_options(args);
    let outcome = run::parse_only(&walked.targets, &options)?;
    let elapsed = started.elapsed();
    print_notices(walked.notices.iter().chain(&outcome.notices));
    Ok(format!(
        "parsed {} files, {} lines, {} bytes, {} nodes in {:.1} ms",
        outcome.files,
        outcome.lines,
        outcome.bytes,
        outcome.nodes,
        elapsed.as_secs_f64() * 1e3
    ))
}

/// The files a scan with `args` and `config` analyses: never the baseline file it reads or
/// writes (a JSON file in the tree would otherwise be read as tool definitions).
fn walk_paths(args: &CheckArgs, cwd: &Path, config: &config::Config) -> walk::Walk {
    let mut walked = walk::walk(
        &args.paths,
        cwd,
        &WalkOptions {
            follow_links: args.follow_links,
            exclude: Arc::new(config.excludes()),
            force_exclude: config.force_exclude,
        },
    );
    for baseline in [&args.baseline, &args.write_baseline].into_iter().flatten() {
        let own = same_file_key(cwd, baseline);
        walked.targets.retain(|t| {
            t.path.file_name() != baseline.file_name() || same_file_key(cwd, &t.path) != own
        });
    }
    walked
}

/// A path as compared to find one file under two spellings: resolved when it exists.
fn same_file_key(cwd: &Path, path: &Path) -> PathBuf {
    let path = cwd.join(path);
    std::fs::canonicalize(&path).unwrap_or(path)
}

/// The summary cache of a scan with `args` (see [`cache`]) by `engine`, built with the user
/// catalogs `user_catalogs`, unless `--no-cache`. A cache that cannot be opened is a notice,
/// not an error: the scan runs without it.
fn open_cache(
    args: &CheckArgs,
    cwd: &Path,
    config: &config::Config,
    engine: &Engine,
    user_catalogs: &[(String, String)],
) -> Option<cache::Cache> {
    if args.no_cache {
        return None;
    }
    let dir = args
        .cache_dir
        .clone()
        .or_else(|| std::env::var_os(cache::DIR_ENV).map(PathBuf::from))
        .map_or_else(
            || {
                let root = config.file.as_deref().and_then(Path::parent).unwrap_or(cwd);
                root.join(cache::DEFAULT_DIR)
            },
            |d| cwd.join(d),
        );
    let catalogs: Vec<(&str, &str)> = mcplint_rules::catalog::BUILTIN
        .iter()
        .copied()
        .chain(user_catalogs.iter().map(|(n, t)| (n.as_str(), t.as_str())))
        .collect();
    let enabled: Vec<&str> = mcplint_rules::rules::ALL
        .iter()
        .filter(|r| engine.is_enabled(r))
        .map(|r| r.name)
        .collect();
    match cache::Cache::open(&dir, &cache::engine_digest(&catalogs, &enabled)) {
        Ok(cache) => Some(cache),
        Err(err) => {
            print_notices(&[Notice::new(
                display_path(&dir, cwd),
                format!("cannot use the cache, scanning without it: {err}"),
            )]);
            None
        }
    }
}

/// Threads and file-size limit of a scan with `args`.
fn run_options(args: &CheckArgs) -> run::RunOptions<'static> {
    run::RunOptions {
        threads: args.threads,
        max_file_size: args.max_file_size,
        overlay: None,
        cancel: None,
    }
}

/// Prints notices about files to stderr, one line each, escaped.
fn print_notices<'a>(notices: impl IntoIterator<Item = &'a Notice>) {
    let mut stderr = io::stderr().lock();
    for notice in notices {
        let _ = writeln!(
            stderr,
            "mcplint: {}: {}",
            escape_line(&notice.path),
            escape_line(&notice.message)
        );
    }
}

/// Whether the findings make the run fail under `fail_on`.
fn fails(diagnostics: &[Diagnostic], fail_on: FailOn) -> bool {
    let threshold = match fail_on {
        FailOn::Error => Severity::Error,
        FailOn::Warning => Severity::Warning,
        FailOn::Never => return false,
    };
    diagnostics.iter().any(|d| d.severity >= threshold)
}

fn write_output(
    args: &CheckArgs,
    diagnostics: &[Diagnostic],
    sources: &Sources,
    counts: Counts,
    cwd: &Path,
) -> anyhow::Result<()> {
    let color = match args.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            args.output.is_none()
                && io::stdout().is_terminal()
                && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        }
    };
    let report = Report {
        diagnostics,
        sources,
        files_scanned: counts.files_scanned,
        hidden_by_baseline: counts.hidden_by_baseline,
        summary: !args.quiet,
        color,
        root: cwd,
    };
    match &args.output {
        Some(path) => {
            let file = std::fs::File::create(path)
                .with_context(|| format!("cannot create {}", path.display()))?;
            write_report(&mut BufWriter::new(file), args.format, &report)
                .with_context(|| format!("cannot write {}", path.display()))
        }
        None => ignore_broken_pipe(write_report(
            &mut BufWriter::new(io::stdout().lock()),
            args.format,
            &report,
        ))
        .context("cannot write output"),
    }
}

fn write_report(out: &mut dyn Write, format: Format, report: &Report<'_>) -> io::Result<()> {
    match format {
        Format::Text => report::text::write(out, report),
        Format::Json => report::json::write(out, report),
        Format::Sarif => report::sarif::write(out, report),
        Format::Github => report::github::write(out, report),
    }
}

#[cfg(test)]
mod tests {
    use super::{MI_OPTION_ARENA_EAGER_COMMIT, MI_OPTION_PURGE_DELAY};

    /// The allocator options were set before the test harness started (by the executable's
    /// initializer, as in `mcplint` itself), and the option table is numbered as mimalloc 3's:
    /// options `os_tag` (18) and `max_errors` (19) hold mimalloc 3's distinctive defaults, 100
    /// and 32. A renumbering or an initializer that never ran fails here, not silently.
    #[test]
    #[allow(unsafe_code)]
    fn allocator_options_are_set_before_main_with_mimalloc_3_numbers() {
        // SAFETY: reading an option is a plain load from mimalloc's option table.
        let get = |option| unsafe { libmimalloc_sys::mi_option_get(option) };
        assert_eq!(get(MI_OPTION_ARENA_EAGER_COMMIT), 0);
        assert_eq!(get(MI_OPTION_PURGE_DELAY), 10);
        assert_eq!((get(18), get(19)), (100, 32));
    }
}
