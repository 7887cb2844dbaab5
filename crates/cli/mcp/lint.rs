//! What `mcplint mcp`'s `lint` tool runs: the CLI's scan (configuration, walk, both engine
//! phases) over paths already checked against the roots, or the engine over source text given
//! inline, which is lowered in memory and never written anywhere; and the findings as the
//! tool's structured result.
//!
//! Everything here blocks (the engine runs on rayon's threads): the server calls it from a
//! blocking task.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use clap::Parser;
use mcplint_ir::{Lang, SourceFile, Span};
use mcplint_rules::{Analyse, Diagnostic, Engine, Label, SecondRound};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::roots::Roots;
use crate::args::{Cli, DEFAULT_MAX_FILE_SIZE};
use crate::config::{self, Config};
use crate::report::Sources;
use crate::run::{self, RunOptions};
use crate::walk::{self, WalkOptions};

/// Stack size of the thread that lowers inline source (as the CLI's analysis threads: front
/// ends and rules may recurse over deeply nested code).
const STACK_SIZE: usize = 64 << 20;

/// The language of inline source.
#[derive(Clone, Copy, Debug, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub(crate) enum InlineLanguage {
    /// Python (`.py`).
    Python,
    /// TypeScript (`.ts`).
    Typescript,
    /// JavaScript (`.js`).
    Javascript,
    /// Rust (`.rs`).
    Rust,
    /// JSON tool definitions (`.json`).
    Json,
}

impl InlineLanguage {
    fn lang(self) -> Lang {
        match self {
            Self::Python => Lang::Python,
            Self::Typescript => Lang::TypeScript,
            Self::Javascript => Lang::JavaScript,
            Self::Rust => Lang::Rust,
            Self::Json => Lang::Json,
        }
    }

    /// The name inline source is reported under.
    fn file_name(self) -> &'static str {
        match self {
            Self::Python => "inline.py",
            Self::Typescript => "inline.ts",
            Self::Javascript => "inline.js",
            Self::Rust => "inline.rs",
            Self::Json => "inline.json",
        }
    }
}

/// The `lint` tool's structured result.
#[derive(Debug, Serialize, JsonSchema)]
pub(crate) struct LintReport {
    /// The findings, sorted by file, position and rule.
    pub(crate) findings: Vec<Finding>,
    /// Files that could not be analysed, or were skipped, and why.
    pub(crate) notices: Vec<FileNotice>,
    /// Counts.
    pub(crate) summary: Summary,
}

/// One finding.
#[derive(Debug, Serialize, JsonSchema)]
pub(crate) struct Finding {
    /// The rule that fired (see `explain_rule`).
    pub(crate) rule: String,
    /// `error` (a vulnerability to fix) or `warning` (worth a look).
    pub(crate) severity: String,
    /// What is wrong, in one clause.
    pub(crate) message: String,
    /// The file, relative to the root it is in (`inline.py` etc. for inline source).
    pub(crate) file: String,
    /// Where the finding starts.
    pub(crate) start: Position,
    /// Where it ends (exclusive).
    pub(crate) end: Position,
    /// How to fix it, in one line, when the rule has a hint.
    pub(crate) help: Option<String>,
    /// For taint findings, how the data gets from the tool's input (the first step, role
    /// `source`) to the dangerous call (the last, role `sink`); empty for other rules.
    pub(crate) flow: Vec<Step>,
    /// Other places that matter: the tool parameter of a finding without a flow, the return
    /// statements of project helpers on the way (a check there covers every caller), the sinks
    /// a flawed check lets through.
    pub(crate) related: Vec<Step>,
}

/// A line and column, both 1-based; columns count Unicode characters.
#[derive(Clone, Copy, Debug, Serialize, JsonSchema)]
pub(crate) struct Position {
    /// The line, from 1.
    pub(crate) line: usize,
    /// The column, from 1.
    pub(crate) column: usize,
}

/// A place on a finding's flow, or a related place.
#[derive(Debug, Serialize, JsonSchema)]
pub(crate) struct Step {
    /// On a flow: `source`, `step` or `sink`; on a related place: `related`.
    pub(crate) role: String,
    /// The file.
    pub(crate) file: String,
    /// Where it starts.
    pub(crate) start: Position,
    /// Where it ends (exclusive).
    pub(crate) end: Position,
    /// What happens there.
    pub(crate) message: String,
}

/// A file that was skipped or could not be analysed.
#[derive(Debug, Serialize, JsonSchema)]
pub(crate) struct FileNotice {
    /// The file.
    pub(crate) file: String,
    /// Why.
    pub(crate) message: String,
}

/// Counts of a lint.
#[derive(Debug, Serialize, JsonSchema)]
pub(crate) struct Summary {
    /// Files analysed.
    pub(crate) files: usize,
    /// Findings of severity `error`.
    pub(crate) errors: usize,
    /// Findings of severity `warning`.
    pub(crate) warnings: usize,
}

impl LintReport {
    /// One line for the text content: the counts, and the first findings.
    pub(crate) fn text_summary(&self) -> String {
        let s = &self.summary;
        let files = if s.files == 1 { "file" } else { "files" };
        let mut text = format!(
            "mcplint: {} error(s), {} warning(s) in {} {files}",
            s.errors, s.warnings, s.files
        );
        for finding in &self.findings {
            let _ = write!(
                text,
                "\n{}:{}:{}: {} [{}] {}",
                finding.file,
                finding.start.line,
                finding.start.column,
                finding.severity,
                finding.rule,
                finding.message
            );
        }
        for notice in &self.notices {
            let _ = write!(text, "\n{}: {}", notice.file, notice.message);
        }
        text
    }
}

/// The configuration of a lint whose first path is `start`, inside the root `root`: the
/// configuration file found above `start` but not above `root` (none: the defaults), and the
/// engine it configures. Catalog files it extends with must lie inside `roots` too.
fn setup(start: &Path, root: &Path, roots: &Roots) -> Result<(Config, Engine), String> {
    let mut argv: Vec<std::ffi::OsString> = vec!["mcplint".into(), "--no-cache".into()];
    match config::discover_within(start, Some(root)) {
        Some(file) => argv.extend(["--config".into(), file.into_os_string()]),
        None => argv.push("--isolated".into()),
    }
    argv.extend(["--".into(), start.as_os_str().to_owned()]);
    let check = Cli::try_parse_from(argv)
        .map_err(|err| format!("internal error: {err}"))?
        .check;
    let config = config::load(&check, root).map_err(|err| format!("{err:#}"))?;
    for catalog in &config.extend_catalog {
        let shown = catalog.display();
        roots
            .resolve(&catalog.to_string_lossy())
            .map_err(|_| format!("extend-catalog {shown}: outside the roots; not read"))?;
    }
    let (engine, _) = config.engine(root).map_err(|err| format!("{err:#}"))?;
    Ok((config, engine))
}

/// Lints `paths`, canonical and inside `roots` (checked by the caller); paths are shown
/// relative to the root holding the first one.
pub(crate) fn lint_paths(paths: &[PathBuf], roots: &Roots) -> Result<LintReport, String> {
    let first = paths.first().ok_or("no path to lint")?;
    let root = roots
        .containing(first)
        .ok_or("internal error: a path outside the roots")?
        .to_path_buf();
    let (config, engine) = setup(first, &root, roots)?;
    let walked = walk::walk(
        paths,
        &root,
        &WalkOptions {
            follow_links: false,
            exclude: Arc::new(config.excludes()),
            force_exclude: config.force_exclude,
        },
    );
    let options = RunOptions {
        threads: None,
        max_file_size: DEFAULT_MAX_FILE_SIZE,
        overlay: None,
        cancel: None,
    };
    let outcome =
        run::run(&walked.targets, &engine, &options, None).map_err(|err| format!("{err:#}"))?;
    let mut sources = Sources::default();
    sources.load_for_targets(&outcome.diagnostics, &walked.targets, &root);
    let notices = walked
        .notices
        .into_iter()
        .chain(outcome.notices)
        .map(|n| FileNotice {
            file: n.path,
            message: n.message,
        })
        .collect();
    Ok(report(
        &outcome.diagnostics,
        &sources,
        notices,
        outcome.files_scanned,
    ))
}

/// Lints `source` in `language` without writing it anywhere, configured as a file at the top
/// of `roots`'s first root would be.
pub(crate) fn lint_source(
    source: String,
    language: InlineLanguage,
    roots: &Roots,
) -> Result<LintReport, String> {
    let root = roots.first().to_path_buf();
    let (_, engine) = setup(&root, &root, roots)?;
    let name = language.file_name();
    let lang = language.lang();
    let analysed = std::thread::scope(|scope| {
        std::thread::Builder::new()
            .name("mcplint-inline".to_owned())
            .stack_size(STACK_SIZE)
            .spawn_scoped(scope, || {
                panic::catch_unwind(AssertUnwindSafe(|| {
                    analyse_inline(&engine, name, lang, &source)
                }))
            })
            .map_err(|err| format!("cannot start the analysis thread: {err}"))?
            .join()
            .map_err(|_| "internal error while analysing".to_owned())?
            .map_err(|_| "internal error while analysing".to_owned())
    })??;
    let (diagnostics, notices) = analysed;
    let mut files = HashMap::new();
    files.insert(name.to_owned(), SourceFile::new(name, source));
    let mut sources = Sources::new(files);
    sources.redact(&diagnostics);
    Ok(report(&diagnostics, &sources, notices, 1))
}

/// Both engine phases over one in-memory file: its findings and notices, or why it could not
/// be lowered.
fn analyse_inline(
    engine: &Engine,
    name: &str,
    lang: Lang,
    text: &str,
) -> Result<(Vec<Diagnostic>, Vec<FileNotice>), String> {
    let file = mcplint_front::lower(lang, SourceFile::new(name, text.to_owned()))
        .map_err(|err| format!("{name}: cannot analyse: {err}"))?;
    let notices: Vec<FileNotice> = crate::run::syntax_notice(&file)
        .map(|message| FileNotice {
            file: name.to_owned(),
            message,
        })
        .into_iter()
        .collect();
    let result = engine.check_file(&file);
    drop(file);
    // The project phase lowers the file again when it needs its IR a second time.
    let reload = |batch: &[usize], analyse: &Analyse<'_>| -> Vec<Option<SecondRound>> {
        batch
            .iter()
            .map(|&i| {
                let source = SourceFile::new(name, text.to_owned());
                let file = mcplint_front::lower(lang, source).ok()?;
                Some(analyse(i, &file))
            })
            .collect()
    };
    Ok((engine.check_project(vec![result], &reload), notices))
}

/// The structured result of a lint.
fn report(
    diagnostics: &[Diagnostic],
    sources: &Sources,
    notices: Vec<FileNotice>,
    files: usize,
) -> LintReport {
    let position = |path: &str, offset: u32| {
        let p = sources.position(path, offset);
        Position {
            line: p.line,
            column: p.column,
        }
    };
    let step = |role: &str, label: &Label| Step {
        role: role.to_owned(),
        file: label.path.clone(),
        start: position(&label.path, label.span.start),
        end: position(&label.path, end_of(label.span)),
        message: label.message.clone(),
    };
    let findings: Vec<Finding> = diagnostics
        .iter()
        .map(|d| {
            let last = d.flow.len().saturating_sub(1);
            Finding {
                rule: d.rule.name.to_owned(),
                severity: d.severity.as_str().to_owned(),
                message: d.message.clone(),
                file: d.path.clone(),
                start: position(&d.path, d.span.start),
                end: position(&d.path, end_of(d.span)),
                help: d.help.clone(),
                flow: d
                    .flow
                    .iter()
                    .enumerate()
                    .map(|(i, l)| match i {
                        0 => step("source", l),
                        i if i == last => step("sink", l),
                        _ => step("step", l),
                    })
                    .collect(),
                // A label that is also a step of the flow (the tool parameter) is shown once.
                related: d
                    .labels
                    .iter()
                    .filter(|l| !d.flow.iter().any(|f| f.path == l.path && f.span == l.span))
                    .chain(d.related())
                    .map(|l| step("related", l))
                    .collect(),
            }
        })
        .collect();
    let errors = diagnostics
        .iter()
        .filter(|d| d.severity == mcplint_rules::Severity::Error)
        .count();
    LintReport {
        summary: Summary {
            files,
            errors,
            warnings: findings.len() - errors,
        },
        findings,
        notices,
    }
}

/// A span's end, never before its start.
fn end_of(span: Span) -> u32 {
    span.end.max(span.start)
}
