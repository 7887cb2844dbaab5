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
//!   "summary": { "files": 12, "findings": 1 }
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
//!     helper that builds the value on its way (a check there covers every caller). Same shape
//!     as `labels`.
//! - `summary`: `files` scanned and the number of `findings`.

use std::io::{self, Write};

use mcplint_ir::Span;
use mcplint_rules::{Diagnostic, Label};
use serde::Serialize;

use super::{Report, Sources};

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
        summary: Summary {
            files: report.files_scanned,
            findings: report.diagnostics.len(),
        },
    };
    serde_json::to_writer_pretty(&mut *out, &json)?;
    writeln!(out)?;
    out.flush()
}
