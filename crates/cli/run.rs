//! Running the analysis: the per-file phase in parallel, then the project phase.
//!
//! This is the only module that starts analysis threads (the language server's I/O and worker
//! threads, in `lsp`, call into it). Each file goes through one pure function —
//! read, check, decode, lower, run the per-file rules — on a rayon pool; whatever goes wrong with
//! one file becomes a [`Notice`] about it and never affects the others. A panic in a front end or
//! rule is caught per file (and reported as an internal error) so it cannot hide the findings of
//! the other files.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::fs;
use std::io::{self, Read};
use std::num::NonZeroUsize;
use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use anyhow::Context;
use mcplint_front::FrontError;
use mcplint_ir::{CredentialFile, File, Lang, SourceFile};
use mcplint_rules::{Analyse, Diagnostic, Engine, FileResult};
use rayon::prelude::*;

use crate::cache::Cache;
use crate::walk::{Notice, Target};

/// Stack size of the analysis threads: front ends and rules may recurse over deeply nested code.
const STACK_SIZE: usize = 64 << 20;

/// How many leading bytes are checked for NUL to detect binary files.
const BINARY_PROBE: usize = 8 << 10;

/// Texts that replace files on disk: the unsaved buffers of an editor, by the path of the file
/// they edit (as the walk spells it: [`Target::path`]).
pub(crate) type Overlay = HashMap<PathBuf, String>;

/// Settings of a run.
#[derive(Clone, Copy, Debug)]
pub(crate) struct RunOptions<'a> {
    /// Number of threads (`None`: available parallelism).
    pub(crate) threads: Option<NonZeroUsize>,
    /// Files larger than this many bytes are skipped.
    pub(crate) max_file_size: u64,
    /// Texts analysed instead of the files on disk at their paths, if any.
    pub(crate) overlay: Option<&'a Overlay>,
    /// Whether the run is no longer wanted, if it can be superseded.
    pub(crate) cancel: Option<Cancel<'a>>,
}

impl RunOptions<'_> {
    fn cancelled(&self) -> bool {
        self.cancel.is_some_and(|cancel| (cancel.0)())
    }
}

/// Asks whether a run has been superseded (the language server's newer edit): checked before
/// each file of the per-file phase, and before and after the project phase. Once it says yes,
/// the remaining files are not analysed and the run ends with [`Cancelled`].
#[derive(Clone, Copy)]
pub(crate) struct Cancel<'a>(pub(crate) &'a (dyn Fn() -> bool + Sync));

impl std::fmt::Debug for Cancel<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Cancel")
    }
}

/// The error of a run stopped by its [`Cancel`]: it has no result to report.
#[derive(Debug)]
pub(crate) struct Cancelled;

impl std::fmt::Display for Cancelled {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("the analysis was superseded")
    }
}

impl std::error::Error for Cancelled {}

/// The result of a run.
#[derive(Debug, Default)]
pub(crate) struct Outcome {
    /// All findings, sorted by (path, span, rule).
    pub(crate) diagnostics: Vec<Diagnostic>,
    /// Problems with individual files, in file order.
    pub(crate) notices: Vec<Notice>,
    /// Files that were lowered and checked.
    pub(crate) files_scanned: usize,
    /// Files named on the command line that could not be read.
    pub(crate) failed_explicit: usize,
    /// Sizes and phase times, for `--stats`.
    pub(crate) stats: Stats,
}

/// Sizes of the scanned files and time spent per phase, for `--stats`. Per-file times are thread
/// time summed over files; with several threads their sum exceeds the wall time.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Stats {
    /// Lines of the scanned files.
    pub(crate) lines: u64,
    /// Bytes of the scanned files.
    pub(crate) bytes: u64,
    /// Reading and decoding.
    pub(crate) read: Duration,
    /// Parsing and lowering to the IR.
    pub(crate) lower: Duration,
    /// The per-file rules.
    pub(crate) rules: Duration,
    /// Wall time of the whole per-file phase.
    pub(crate) per_file_wall: Duration,
    /// The project phase.
    pub(crate) project: Duration,
    /// Files whose per-file result came from the summary cache.
    pub(crate) cached: u64,
    /// Files the project phase's second round lowered again (the others it needed came from
    /// the cache).
    pub(crate) lowered_again: u64,
}

impl Stats {
    fn add(&mut self, other: &Stats) {
        self.lines += other.lines;
        self.bytes += other.bytes;
        self.read += other.read;
        self.lower += other.lower;
        self.rules += other.rules;
        self.cached += other.cached;
    }
}

/// What happened to one file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Status {
    /// Lowered and checked.
    Scanned,
    /// Deliberately not analysed (too large, binary, unsupported language, ...).
    Skipped,
    /// Could not be read.
    Failed,
}

struct FileOutcome {
    status: Status,
    /// The digest of the file's bytes, when a cache is in use.
    content: Option<blake3::Hash>,
    result: Option<FileResult>,
    notices: Vec<Notice>,
    stats: Stats,
}

impl FileOutcome {
    fn skipped(notice: Option<Notice>) -> Self {
        Self {
            status: Status::Skipped,
            content: None,
            result: None,
            notices: notice.into_iter().collect(),
            stats: Stats::default(),
        }
    }
}

/// Runs both phases over `targets`; with a `cache`, the per-file phase of a file whose bytes
/// it has seen is read from it, and the others' results are stored in it. A run cancelled by
/// `options.cancel` returns [`Cancelled`].
pub(crate) fn run(
    targets: &[Target],
    engine: &Engine,
    options: &RunOptions<'_>,
    cache: Option<&Cache>,
) -> anyhow::Result<Outcome> {
    let pool = pool(options.threads)?;
    let start = Instant::now();
    let outcomes: Vec<FileOutcome> = pool.install(|| {
        targets
            .par_iter()
            .map(|target| {
                if options.cancelled() {
                    return FileOutcome::skipped(None);
                }
                analyse_guarded(target, engine, options, cache)
            })
            .collect()
    });
    if options.cancelled() {
        return Err(Cancelled.into());
    }

    let mut out = Outcome::default();
    out.stats.per_file_wall = start.elapsed();
    let mut results = Vec::with_capacity(outcomes.len());
    let mut scanned = Vec::with_capacity(outcomes.len());
    for (target, outcome) in targets.iter().zip(outcomes) {
        match outcome.status {
            Status::Scanned => out.files_scanned += 1,
            Status::Failed if target.explicit => out.failed_explicit += 1,
            Status::Failed | Status::Skipped => {}
        }
        out.notices.extend(outcome.notices);
        out.stats.add(&outcome.stats);
        if let Some(result) = outcome.result {
            results.push(result);
            scanned.push((target, outcome.content));
        }
    }
    let start = Instant::now();
    let lowered_again = AtomicU64::new(0);
    // On a pool thread: lowering a file again needs the large stack.
    out.diagnostics = pool.install(|| {
        let reload = |batch: &[usize], analyse: &Analyse<'_>| {
            batch
                .par_iter()
                .map(|&i| {
                    let (target, _) = scanned.get(i)?;
                    if options.cancelled() {
                        return None;
                    }
                    lowered_again.fetch_add(1, Ordering::Relaxed);
                    panic::catch_unwind(AssertUnwindSafe(|| {
                        let (text, _) = read_text(target, options).ok()?;
                        let content = cache.map(|_| blake3::hash(text.as_bytes()));
                        let source = SourceFile::new(&target.display, text);
                        let file = mcplint_front::lower(target.lang, source).ok()?;
                        let round = analyse(i, &file);
                        if let (Some(cache), Some(content)) = (cache, &content) {
                            cache.put_second_round(&target.display, target.lang, content, &round);
                        }
                        Some(round)
                    }))
                    .ok()
                    .flatten()
                })
                .collect()
        };
        let remembered = |batch: &[usize]| {
            batch
                .par_iter()
                .map(|&i| {
                    let (target, content) = scanned.get(i)?;
                    cache?.get_second_round(&target.display, target.lang, content.as_ref()?)
                })
                .collect()
        };
        engine.check_project_remembering(results, &reload, &remembered)
    });
    // A file the second round skipped because the run was cancelled makes the findings
    // incomplete: they are not reported.
    if options.cancelled() {
        return Err(Cancelled.into());
    }
    out.stats.lowered_again = lowered_again.into_inner();
    out.stats.project = start.elapsed();
    Ok(out)
}

/// The notice about a lowered file's first syntax error, if it has one.
pub(crate) fn syntax_notice(file: &File) -> Option<String> {
    let first = file.syntax_errors.first()?;
    let (line, col) = file.source.line_col(first.start);
    Some(format!(
        "syntax error at line {line}, column {col}; findings may be incomplete"
    ))
}

/// Reads and lowers one file on a thread with a large stack, for `mcplint debug ir`.
pub(crate) fn lower_file(path: &Path, display: &str) -> anyhow::Result<File> {
    let lang =
        Lang::from_path(path).with_context(|| format!("{display}: not a supported file type"))?;
    let bytes = fs::read(path).with_context(|| format!("{display}: cannot read"))?;
    let text =
        String::from_utf8(bytes).map_err(|_| anyhow::anyhow!("{display}: not valid UTF-8"))?;
    let source = SourceFile::new(display, text);
    let pool = pool(NonZeroUsize::new(1))?;
    let lowered = pool
        .install(|| panic::catch_unwind(AssertUnwindSafe(|| mcplint_front::lower(lang, source))));
    match lowered {
        Ok(Ok(file)) => Ok(file),
        Ok(Err(err)) => Err(anyhow::anyhow!("{display}: {err}")),
        Err(_) => Err(anyhow::anyhow!("{display}: internal error while lowering")),
    }
}

fn pool(threads: Option<NonZeroUsize>) -> anyhow::Result<rayon::ThreadPool> {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads.map_or(0, NonZeroUsize::get))
        .stack_size(STACK_SIZE)
        .thread_name(|i| format!("mcplint-{i}"))
        .build()
        .context("cannot start the analysis threads")
}

thread_local! {
    /// Set while this thread analyses a file: panics are then recorded, not printed.
    static IN_ANALYSIS: Cell<bool> = const { Cell::new(false) };
    /// The message of the last panic recorded on this thread.
    static LAST_PANIC: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Installs a panic hook that, on analysis threads, records the panic for the file's notice
/// instead of printing it; elsewhere the default hook runs.
pub(crate) fn install_panic_hook() {
    let default = panic::take_hook();
    panic::set_hook(Box::new(move |info| {
        if IN_ANALYSIS.get() {
            let payload = info
                .payload()
                .downcast_ref::<&str>()
                .map(|s| (*s).to_owned())
                .or_else(|| info.payload().downcast_ref::<String>().cloned())
                .unwrap_or_default();
            let at = info
                .location()
                .map(|l| format!(" at {}:{}", l.file(), l.line()))
                .unwrap_or_default();
            LAST_PANIC.set(Some(format!("{payload}{at}")));
        } else {
            default(info);
        }
    }));
}

fn analyse_guarded(
    target: &Target,
    engine: &Engine,
    options: &RunOptions<'_>,
    cache: Option<&Cache>,
) -> FileOutcome {
    guarded(&target.display, || analyse(target, engine, options, cache))
}

/// Runs `f`, turning a panic into a notice about `display`.
fn guarded(display: &str, f: impl FnOnce() -> FileOutcome) -> FileOutcome {
    IN_ANALYSIS.set(true);
    let outcome = panic::catch_unwind(AssertUnwindSafe(f));
    IN_ANALYSIS.set(false);
    outcome.unwrap_or_else(|_| {
        let detail = LAST_PANIC
            .take()
            .map(|m| format!(" ({m})"))
            .unwrap_or_default();
        FileOutcome::skipped(Some(Notice::new(
            display,
            format!(
                "internal error while analysing{detail}; findings for this file are missing, \
                 please report it"
            ),
        )))
    })
}

/// The per-file phase for one file: pure apart from reading the file (and the cache).
fn analyse(
    target: &Target,
    engine: &Engine,
    options: &RunOptions<'_>,
    cache: Option<&Cache>,
) -> FileOutcome {
    let start = Instant::now();
    let (text, read) = match read_text(target, options) {
        Ok(read) => read,
        Err(outcome) => return *outcome,
    };
    let content = cache.map(|_| blake3::hash(text.as_bytes()));
    if let (Some(cache), Some(content)) = (cache, &content)
        && let Some(entry) = cache.get(&target.display, target.lang, content)
    {
        return FileOutcome {
            status: Status::Scanned,
            content: Some(*content),
            result: Some(entry.result),
            notices: entry
                .notices
                .into_iter()
                .map(|m| Notice::new(&target.display, m))
                .collect(),
            stats: Stats {
                lines: entry.lines,
                bytes: text.len() as u64,
                read: start.elapsed(),
                cached: 1,
                ..Stats::default()
            },
        };
    }
    let file = match mcplint_front::lower(target.lang, SourceFile::new(&target.display, text)) {
        Ok(file) => file,
        Err(FrontError::Unsupported { .. }) => return FileOutcome::skipped(None),
        Err(err) => {
            let notice = Notice::new(&target.display, format!("cannot analyse: {err}"));
            return FileOutcome::skipped(Some(notice));
        }
    };
    let lower = start.elapsed().saturating_sub(read);

    let notices: Vec<String> = syntax_notice(&file).into_iter().collect();
    let start = Instant::now();
    let result = engine.check_file(&file);
    let lines = count_lines(&file.source.text);
    if let (Some(cache), Some(content)) = (cache, &content) {
        cache.put(
            &target.display,
            target.lang,
            content,
            &result,
            &notices,
            lines,
        );
    }
    let stats = Stats {
        lines,
        bytes: file.source.text.len() as u64,
        read,
        lower,
        rules: start.elapsed(),
        ..Stats::default()
    };
    FileOutcome {
        status: Status::Scanned,
        content,
        result: Some(result),
        notices: notices
            .into_iter()
            .map(|m| Notice::new(&target.display, m))
            .collect(),
        stats,
    }
}

/// Reads and checks one file: its text with the time spent reading (empty for a key store,
/// whose content is never read; the overlay's text when it has one for the file), or the
/// outcome of a file that could not be read or is not source text.
fn read_text(
    target: &Target,
    options: &RunOptions<'_>,
) -> Result<(String, Duration), Box<FileOutcome>> {
    let max_file_size = options.max_file_size;
    let notice = |message: String| Some(Notice::new(&target.display, message));
    let start = Instant::now();
    let credential = (target.lang == Lang::Credentials)
        .then(|| CredentialFile::from_path(&target.path))
        .flatten();
    if credential.is_some_and(CredentialFile::is_binary) {
        // A key store is reported by name; its content is never read.
        return Ok((String::new(), start.elapsed()));
    }
    // A binary file with a credential file's name (a Keynote `.key`) is not one: no notice.
    let quiet = credential.is_some() && !target.explicit;
    let overlaid = options.overlay.and_then(|o| o.get(&target.path));
    let bytes = match overlaid.map_or_else(
        || read_limited(&target.path, max_file_size),
        |text| Ok((text.len() as u64 <= max_file_size).then(|| text.as_bytes().to_vec())),
    ) {
        Ok(Some(bytes)) => bytes,
        Ok(None) => {
            return Err(Box::new(FileOutcome::skipped(notice(format!(
                "skipped: larger than {max_file_size} bytes (--max-file-size)"
            )))));
        }
        Err(err) => {
            return Err(Box::new(FileOutcome {
                status: Status::Failed,
                ..FileOutcome::skipped(notice(format!("cannot read: {err}")))
            }));
        }
    };
    if bytes[..bytes.len().min(BINARY_PROBE)].contains(&0) {
        return Err(Box::new(FileOutcome::skipped(if quiet {
            None
        } else {
            notice("skipped: binary file (contains NUL bytes)".to_owned())
        })));
    }
    let Ok(text) = String::from_utf8(bytes) else {
        return Err(Box::new(FileOutcome::skipped(if quiet {
            None
        } else {
            notice("skipped: not valid UTF-8".to_owned())
        })));
    };
    Ok((text, start.elapsed()))
}

/// What `mcplint debug parse-only` measured.
#[derive(Debug, Default)]
pub(crate) struct ParseOutcome {
    /// Files read and parsed.
    pub(crate) files: usize,
    /// Their lines.
    pub(crate) lines: u64,
    /// Their bytes.
    pub(crate) bytes: u64,
    /// Syntax-tree nodes, summed over the files.
    pub(crate) nodes: u64,
    /// Files that were skipped or could not be parsed, in file order.
    pub(crate) notices: Vec<Notice>,
}

/// The parse floor of a run, for benchmarks: reads, decodes and parses every target in parallel
/// exactly as [`run`] does, and does nothing else (no lowering, no rules).
pub(crate) fn parse_only(
    targets: &[Target],
    options: &RunOptions<'_>,
) -> anyhow::Result<ParseOutcome> {
    let pool = pool(options.threads)?;
    let parsed: Vec<Result<(u64, u64, u64), Option<Notice>>> = pool.install(|| {
        targets
            .par_iter()
            .map(|target| {
                let notice = |message: String| Some(Notice::new(&target.display, message));
                let bytes = match read_limited(&target.path, options.max_file_size) {
                    Ok(Some(bytes)) => bytes,
                    Ok(None) => return Err(notice("skipped: too large".to_owned())),
                    Err(err) => return Err(notice(format!("cannot read: {err}"))),
                };
                if bytes[..bytes.len().min(BINARY_PROBE)].contains(&0) {
                    return Err(notice("skipped: binary file".to_owned()));
                }
                let text = String::from_utf8(bytes)
                    .map_err(|_| notice("skipped: not valid UTF-8".to_owned()))?;
                match mcplint_front::parse_only(target.lang, &text) {
                    Ok(nodes) => Ok((count_lines(&text), text.len() as u64, nodes as u64)),
                    Err(FrontError::Unsupported { .. }) => Err(None),
                    Err(err) => Err(notice(format!("cannot parse: {err}"))),
                }
            })
            .collect()
    });
    let mut out = ParseOutcome::default();
    for result in parsed {
        match result {
            Ok((lines, bytes, nodes)) => {
                out.files += 1;
                out.lines += lines;
                out.bytes += bytes;
                out.nodes += nodes;
            }
            Err(notice) => out.notices.extend(notice),
        }
    }
    Ok(out)
}

/// Lines as `wc -l` counts them, plus an unterminated last line.
fn count_lines(text: &str) -> u64 {
    let newlines = text.bytes().filter(|&b| b == b'\n').count() as u64;
    newlines + u64::from(!text.is_empty() && !text.ends_with('\n'))
}

/// Reads a file unless it is larger than `max` bytes (`Ok(None)`).
fn read_limited(path: &Path, max: u64) -> io::Result<Option<Vec<u8>>> {
    let file = fs::File::open(path)?;
    let len = file.metadata()?.len();
    if len > max {
        return Ok(None);
    }
    let mut bytes = Vec::with_capacity(usize::try_from(len).unwrap_or(0));
    file.take(max.saturating_add(1)).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > max {
        return Ok(None);
    }
    Ok(Some(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_becomes_a_notice() {
        install_panic_hook();
        let outcome = guarded("bad.py", || panic!("boom"));
        assert_eq!(outcome.status, Status::Skipped);
        assert_eq!(outcome.notices.len(), 1);
        let message = &outcome.notices[0].message;
        assert!(
            message.starts_with("internal error while analysing (boom at "),
            "{message}"
        );
        assert!(!message.contains("panicked"), "{message}");
        // The next file on this thread is unaffected.
        let outcome = guarded("good.py", || FileOutcome::skipped(None));
        assert!(outcome.notices.is_empty());
    }

    #[test]
    fn the_overlay_replaces_the_file_on_disk() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("tool.py");
        let vulnerable = "import subprocess\nfrom mcp.server.fastmcp import FastMCP\n\
                          mcp = FastMCP('x')\n@mcp.tool()\ndef run(cmd: str) -> str:\n    \
                          return subprocess.run(cmd, shell=True, timeout=60).stdout\n";
        fs::write(&path, vulnerable.replace("shell=True", "shell=False")).unwrap();
        let targets = [Target {
            path: path.clone(),
            display: "tool.py".to_owned(),
            lang: Lang::Python,
            explicit: true,
        }];
        let engine = Engine::new(mcplint_rules::Settings::default()).unwrap();
        let findings = |overlay: Option<&Overlay>| {
            let options = RunOptions {
                threads: NonZeroUsize::new(1),
                max_file_size: 1 << 20,
                overlay,
                cancel: None,
            };
            let outcome = run(&targets, &engine, &options, None).unwrap();
            outcome
                .diagnostics
                .iter()
                .map(|d| d.rule.name)
                .collect::<Vec<_>>()
        };
        assert_eq!(findings(None), Vec::<&str>::new());
        let overlay = Overlay::from([(path.clone(), vulnerable.to_owned())]);
        assert_eq!(findings(Some(&overlay)), ["shell-injection"]);
        // Another path's text changes nothing.
        let elsewhere = Overlay::from([(dir.path().join("other.py"), vulnerable.to_owned())]);
        assert_eq!(findings(Some(&elsewhere)), Vec::<&str>::new());
    }

    #[test]
    fn a_cancelled_run_reports_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let vulnerable = "import subprocess\nfrom mcp.server.fastmcp import FastMCP\n\
                          mcp = FastMCP('x')\n@mcp.tool()\ndef run(cmd: str) -> str:\n    \
                          return subprocess.run(cmd, shell=True, timeout=60).stdout\n";
        let targets: Vec<Target> = ["a.py", "b.py", "c.py"]
            .into_iter()
            .map(|name| {
                fs::write(dir.path().join(name), vulnerable).unwrap();
                Target {
                    path: dir.path().join(name),
                    display: name.to_owned(),
                    lang: Lang::Python,
                    explicit: true,
                }
            })
            .collect();
        let engine = Engine::new(mcplint_rules::Settings::default()).unwrap();
        // Superseded once the first file has started: `checks` counts the questions asked.
        let checks = AtomicU64::new(0);
        let after_first_file = || checks.fetch_add(1, Ordering::SeqCst) >= 1;
        let run_with = |cancel: Option<Cancel<'_>>, cache: Option<&Cache>| {
            let options = RunOptions {
                threads: NonZeroUsize::new(1),
                max_file_size: 1 << 20,
                overlay: None,
                cancel,
            };
            run(&targets, &engine, &options, cache)
        };
        let digest = blake3::hash(b"engine");
        let cache = Cache::open(&dir.path().join("cache"), &digest).unwrap();
        let err = run_with(Some(Cancel(&after_first_file)), Some(&cache)).unwrap_err();
        assert!(err.is::<Cancelled>(), "{err:#}");
        // One question per file, then the one before the project phase ends the run.
        assert_eq!(checks.load(Ordering::SeqCst), 4);
        // Only the first file was analysed (the cache holds what the per-file phase made).
        cache.persist();
        let cache = Cache::open(&dir.path().join("cache"), &digest).unwrap();
        let content = blake3::hash(vulnerable.as_bytes());
        let analysed: Vec<bool> = ["a.py", "b.py", "c.py"]
            .iter()
            .map(|name| cache.get(name, Lang::Python, &content).is_some())
            .collect();
        assert_eq!(analysed, [true, false, false]);
        let never = || false;
        let outcome = run_with(Some(Cancel(&never)), None).unwrap();
        assert_eq!(outcome.diagnostics.len(), 3);
        assert_eq!(outcome.files_scanned, 3);
    }

    #[test]
    fn reads_up_to_the_limit() {
        let dir = std::env::temp_dir().join(format!("mcplint-run-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        let path = dir.join("a.py");
        fs::write(&path, "x = 1\n").unwrap();
        assert_eq!(
            read_limited(&path, 6).unwrap().as_deref(),
            Some(&b"x = 1\n"[..])
        );
        assert_eq!(read_limited(&path, 5).unwrap(), None);
        assert!(read_limited(&dir.join("missing.py"), 5).is_err());
        fs::remove_dir_all(&dir).unwrap();
    }
}
