//! The JSON report (`--format json`), a stable schema.
//!
//! ```json
//! {
//!   "version": 1,
//!   "findings": [
//!     {
//!       "rule": "shell-injection",
//!       "severity": "error",
//!       "message": "tool input reaches a shell command",
//!       "path": "src/server.py",
//!       "start": { "line": 9, "column": 5, "offset": 180 },
//!       "end": { "line": 9, "column": 36, "offset": 211 },
//!       "help": "pass a list of arguments and drop shell=True",
//!       "labels": [
//!         {
//!           "path": "src/server.py",
//!           "start": { "line": 6, "column": 9, "offset": 120 },
//!           "end": { "line": 6, "column": 17, "offset": 128 },
//!           "message": "tool parameter"
//!         }
//!       ],
//!       "flow": []
//!     }
//!   ],
//!   "summary": {
//!     "files": 12, "findings": 1, "errors": 1, "warnings": 0,
//!     "rules": { "shell-injection": { "findings": 1, "sinks": 1 } }
//!   }
//! }
//! ```
//!
//! - `version`: the schema version, `1`. Fields may be added within a version; none are removed
//!   or change meaning.
//! - `findings`: sorted by path, start offset, end offset, rule.
//!   - `rule`: the rule's name (see `mcplint rules`); `severity`: `"error"` or `"warning"`.
//!   - `path`: relative to the current directory when the file is under it, forward slashes;
//!     otherwise as given on the command line.
//!   - `start`/`end`: the primary range; `line` and `column` are 1-based and `column` counts
//!     Unicode characters; `offset` is the 0-based byte offset; `end` is exclusive.
//!   - `help`: a one-line fix hint, or `null`.
//!   - `labels`: secondary places (e.g. the tool parameter the data came from), each with
//!     `path`, `start`, `end` and `message`.
//!   - `flow`: the steps from taint source to sink, in order, same shape as `labels`; empty for
//!     rules that are not taint rules.
//!   - `related` (absent when empty): for a finding at a flawed containment check, whose
//!     `path` and `start` are the check's, every sink the check lets through (`flow` is the path
//!     to the first of them); then, for any taint finding, the return statement of each project
//!     helper that builds the value on its way (a check there covers every caller); then the
//!     sinks of the `grouped` findings. Same shape as `labels`.
//!   - `grouped` (absent when empty): findings of the same cause folded into this one (the same
//!     rule, tool input and call path, with no check on the way: one fix), each a finding of
//!     this shape; the text report says "and N more sinks".
//! - `summary`: `files` scanned, the number of `findings` (a group counts once), of `errors`
//!   and `warnings`, per rule the `findings` and the `sinks` (grouped findings included), and
//!   with `--baseline` how many findings the baseline hid (`hidden_by_baseline`).

use std::io::{self, Write};

use std::collections::BTreeMap;

use mcplint_ir::Span;
use mcplint_rules::{Diagnostic, Label, Severity};
use serde::Serialize;

use super::{Report, Sources, per_rule};

/// The schema version.
pub(crate) const VERSION: u32 = 1;

#[derive(Serialize)]
struct JsonReport<'a> {
    version: u32,
    findings: Vec<Finding<'a>>,
    summary: Summary,
}

#[derive(Serialize)]
struct Finding<'a> {
    rule: &'a str,
    severity: &'a str,
    message: &'a str,
    path: &'a str,
    start: Pos,
    end: Pos,
    help: Option<&'a str>,
    labels: Vec<JsonLabel<'a>>,
    flow: Vec<JsonLabel<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related: Vec<JsonLabel<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    grouped: Vec<Finding<'a>>,
}

#[derive(Serialize)]
struct Pos {
    line: usize,
    column: usize,
    offset: usize,
}

#[derive(Serialize)]
struct JsonLabel<'a> {
    path: &'a str,
    start: Pos,
    end: Pos,
    message: &'a str,
}

#[derive(Serialize)]
struct Summary {
    files: usize,
    findings: usize,
    errors: usize,
    warnings: usize,
    rules: BTreeMap<&'static str, RuleCount>,
    #[serde(skip_serializing_if = "Option::is_none")]
    hidden_by_baseline: Option<usize>,
}

#[derive(Serialize)]
struct RuleCount {
    findings: usize,
    sinks: usize,
}

fn pos(sources: &Sources, path: &str, offset: u32) -> Pos {
    let p = sources.position(path, offset);
    Pos {
        line: p.line,
        column: p.column,
        offset: p.offset,
    }
}

fn range(sources: &Sources, path: &str, span: Span) -> (Pos, Pos) {
    (
        pos(sources, path, span.start),
        pos(sources, path, span.end.max(span.start)),
    )
}

fn label<'a>(sources: &Sources, l: &'a Label) -> JsonLabel<'a> {
    let (start, end) = range(sources, &l.path, l.span);
    JsonLabel {
        path: &l.path,
        start,
        end,
        message: &l.message,
    }
}

fn finding<'a>(sources: &Sources, d: &'a Diagnostic) -> Finding<'a> {
    let (start, end) = range(sources, &d.path, d.span);
    Finding {
        rule: d.rule.name,
        severity: d.severity.as_str(),
        message: &d.message,
        path: &d.path,
        start,
        end,
        help: d.help.as_deref(),
        labels: d.labels.iter().map(|l| label(sources, l)).collect(),
        flow: d.flow.iter().map(|l| label(sources, l)).collect(),
        related: d.related().map(|l| label(sources, l)).collect(),
        grouped: d.grouped.iter().map(|g| finding(sources, g)).collect(),
    }
}

fn summary(report: &Report<'_>) -> Summary {
    let errors = report
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    Summary {
        files: report.files_scanned,
        findings: report.diagnostics.len(),
        errors,
        warnings: report.diagnostics.len() - errors,
        rules: per_rule(report.diagnostics)
            .into_iter()
            .map(|(rule, findings, sinks)| (rule, RuleCount { findings, sinks }))
            .collect(),
        hidden_by_baseline: report.hidden_by_baseline,
    }
}

/// Writes the JSON report, pretty-printed, with a final newline.
pub(crate) fn write(out: &mut dyn Write, report: &Report<'_>) -> io::Result<()> {
    let json = JsonReport {
        version: VERSION,
        findings: report
            .diagnostics
            .iter()
            .map(|d| finding(report.sources, d))
            .collect(),
        summary: summary(report),
    };
    serde_json::to_writer_pretty(&mut *out, &json)?;
    writeln!(out)?;
    out.flush()
}
