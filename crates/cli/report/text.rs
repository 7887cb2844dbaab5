//! The human-readable report: codespan-reporting diagnostics and a summary line.
//!
//! ```text
//! error[shell-injection]: tool input reaches a shell command
//!   ┌─ server.py:9:5
//!   │
//! 6 │ def run(cmd: str) -> str:
//!   │         -------- tool parameter
//!   ·
//! 9 │     subprocess.run(cmd, shell=True)
//!   │     ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
//!   │
//!   = help: pass a list of arguments and drop shell=True
//!
//! Found 1 finding (1 error, 0 warnings) in 1 file.
//! ```
//!
//! Nothing from a scanned file reaches the terminal unescaped: source lines go through
//! [`escape_for_terminal`], messages and paths through [`escape_line`].

use std::collections::HashMap;
use std::fmt::Write as _;
use std::io::{self, Write};
use std::ops::Range;

use codespan_reporting::diagnostic::{
    Diagnostic as CsDiagnostic, Label as CsLabel, Severity as CsSeverity,
};
use codespan_reporting::files::{Error as FilesError, Files, SimpleFile};
use codespan_reporting::term::termcolor::{Ansi, NoColor, WriteColor};
use codespan_reporting::term::{self, Config};
use mcplint_ir::{SourceFile, Span};
use mcplint_rules::{Diagnostic, Label, Severity};

use super::{EscapedText, Report, clamp_span, escape_for_terminal, escape_line, summary_line};

/// Writes the text report.
pub(crate) fn write(out: &mut dyn Write, report: &Report<'_>) -> io::Result<()> {
    if report.color {
        write_styled(&mut Ansi::new(out), report)
    } else {
        write_styled(&mut NoColor::new(out), report)
    }
}

fn write_styled<W: WriteColor>(out: &mut W, report: &Report<'_>) -> io::Result<()> {
    let files = TermFiles::new(report);
    let config = Config::default();
    for d in report.diagnostics {
        let diagnostic = files.convert(report, d);
        term::emit_to_write_style(out, &config, &files, &diagnostic).map_err(|err| match err {
            FilesError::Io(io) => io,
            other => io::Error::other(other.to_string()),
        })?;
    }
    if report.summary {
        writeln!(out, "{}", summary_line(report))?;
    }
    out.flush()
}

/// One file as codespan sees it: the escaped copy, with columns computed on the original.
struct TermFile<'a> {
    file: SimpleFile<String, String>,
    original: Option<&'a SourceFile>,
    escaped: EscapedText,
}

/// The codespan file database for one report.
struct TermFiles<'a> {
    files: Vec<TermFile<'a>>,
    ids: HashMap<&'a str, usize>,
}

impl<'a> TermFiles<'a> {
    fn new(report: &Report<'a>) -> Self {
        let mut this = Self {
            files: Vec::new(),
            ids: HashMap::new(),
        };
        for d in report.diagnostics {
            this.add(report, &d.path);
            for label in d.labels.iter().chain(d.related()).chain(&d.flow) {
                if label.path == d.path {
                    this.add(report, &label.path);
                }
            }
        }
        this
    }

    fn add(&mut self, report: &Report<'a>, path: &'a str) {
        if self.ids.contains_key(path) {
            return;
        }
        let original = report.sources.get(path);
        let escaped = escape_for_terminal(original.map_or("", |f| f.text.as_str()));
        let file = SimpleFile::new(escape_line(path).into_owned(), escaped.text.clone());
        self.ids.insert(path, self.files.len());
        self.files.push(TermFile {
            file,
            original,
            escaped,
        });
    }

    /// A span of the original file as a range of the escaped copy.
    fn range(&self, id: usize, span: Span) -> Range<usize> {
        let f = &self.files[id];
        let text = f.original.map_or("", |o| o.text.as_str());
        let r = clamp_span(text, span);
        f.escaped.to_escaped(r.start)..f.escaped.to_escaped(r.end)
    }

    /// The finding as codespan renders it: the snippet shows the primary place (named by the
    /// flow step or label there) and the related places in its file; the flow follows as a
    /// note, step by step from source to sink ([`flow_story`]); then the related places in
    /// other files, the sinks of grouped findings and the fix hint.
    fn convert(&self, report: &Report<'_>, d: &Diagnostic) -> CsDiagnostic<usize> {
        let severity = match d.severity {
            Severity::Error => CsSeverity::Error,
            Severity::Warning => CsSeverity::Warning,
        };
        let id = self.ids[d.path.as_str()];
        // A story when the flow goes anywhere but the primary place.
        let story = d.flow.iter().any(|l| l.path != d.path || l.span != d.span);
        // The message of the primary place: the flow steps there ("passed here, then returned
        // here") or a label's.
        let at_primary: Vec<&str> = d
            .flow
            .iter()
            .chain(&d.labels)
            .filter(|l| l.path == d.path && l.span == d.span)
            .map(|l| l.message.as_str())
            .collect();
        let mut primary = CsLabel::primary(id, self.range(id, d.span));
        if !at_primary.is_empty() {
            primary = primary.with_message(escape_line(&join_then(at_primary)).into_owned());
        }
        let mut labels = vec![primary];
        let mut notes = Vec::new();
        // Labels that are not flow steps (a flow's source is its first step, told in the story),
        // then the sinks a flawed check lets through and the helpers that build the value.
        let mut seen: Vec<(&str, Span)> = vec![(&d.path, d.span)];
        let places = d
            .labels
            .iter()
            .filter(|l| !story || !d.flow.contains(l))
            .chain(d.let_through_sinks())
            .chain(&d.helpers);
        let mut elsewhere = Vec::new();
        for label in places {
            if seen.contains(&(label.path.as_str(), label.span)) {
                continue;
            }
            seen.push((&label.path, label.span));
            let message = escape_line(&label.message).into_owned();
            if label.path == d.path {
                labels
                    .push(CsLabel::secondary(id, self.range(id, label.span)).with_message(message));
            } else {
                elsewhere.push(format!("  {}", place(report, label)));
            }
        }
        if story {
            // A flow cut short before its sink still ends there (a flawed check's flow ends at
            // the first sink it lets through, not at the check).
            let sink = Label {
                path: d.path.clone(),
                span: d.span,
                message: "reaches the sink here".to_owned(),
            };
            let cut_short = d.let_through.is_empty()
                && d.flow
                    .last()
                    .is_some_and(|l| l.path != d.path || l.span != d.span);
            let flow: Vec<&Label> = d.flow.iter().chain(cut_short.then_some(&sink)).collect();
            notes.push(flow_story(report, &flow));
        }
        // The checks the flow passed that are not accepted, and why (see the story's steps).
        let not_accepted: Vec<String> = d
            .flow
            .iter()
            .filter_map(|l| {
                let why = l.message.strip_prefix(NOT_ACCEPTED)?;
                let at = place(
                    report,
                    &Label {
                        message: why.to_owned(),
                        ..l.clone()
                    },
                );
                Some(format!("  {at}"))
            })
            .collect();
        if !not_accepted.is_empty() {
            notes.push(format!(
                "not accepted as a containment check:\n{}",
                not_accepted.join("\n")
            ));
        }
        if !elsewhere.is_empty() {
            notes.push(format!("also:\n{}", elsewhere.join("\n")));
        }
        if !d.grouped.is_empty() {
            let sinks: Vec<String> = d
                .grouped_sinks()
                .map(|l| format!("  {}", place(report, l)))
                .collect();
            notes.push(format!(
                "and {} more sink{} of this input, on the same call path:\n{}",
                d.grouped.len(),
                if d.grouped.len() == 1 { "" } else { "s" },
                sinks.join("\n")
            ));
        }
        if let Some(help) = &d.help {
            notes.push(format!("help: {}", escape_line(help)));
        }
        if let Some(recipe) = super::recipe::sanitizer_help(report.sources, d) {
            notes.push(escape_multiline(&recipe));
        }
        CsDiagnostic::new(severity)
            .with_code(d.rule.name)
            .with_message(escape_line(&d.message))
            .with_labels(labels)
            .with_notes(notes)
    }
}

/// Each line of `text` escaped ([`escape_line`]), the line breaks kept.
fn escape_multiline(text: &str) -> String {
    text.lines()
        .map(|line| escape_line(line).into_owned())
        .collect::<Vec<_>>()
        .join("\n")
}

/// `path:line:col: message` of a place, escaped.
fn place(report: &Report<'_>, label: &Label) -> String {
    let pos = report.sources.position(&label.path, label.span.start);
    format!(
        "{}:{}:{}: {}",
        escape_line(&label.path),
        pos.line,
        pos.column,
        escape_line(&label.message)
    )
}

/// Messages of one place joined in order, each once: `passed to a function here, then
/// returned here`.
fn join_then(messages: Vec<&str>) -> String {
    let mut unique: Vec<&str> = Vec::new();
    for m in messages {
        if !unique.contains(&m) {
            unique.push(m);
        }
    }
    unique.join(", then ")
}

/// How a flow step that passes a check the engine does not accept begins (the rest is why).
const NOT_ACCEPTED: &str = "passes a check here that is not accepted: ";

/// The longest source line the story prints, in characters.
const STORY_LINE_CHARS: usize = 100;

/// A flow as a numbered story, from source to sink in flow order: a heading for each file the
/// flow enters, then per step its line and column, what happens there and the line of code
/// (steps on one line in a row are one step).
///
/// ```text
/// flow, from source to sink:
///   src/mcp.rs
///     1. 118:9: tool input `input` enters here
///        │ async fn download(&self, Parameters(input): Parameters<Download>) -> Result<String> {
///   src/service.rs
///     2. 81:5: received as a parameter here
///        │ pub async fn download(&self, input: Download) -> Result<String> {
/// ```
fn flow_story(report: &Report<'_>, flow: &[&Label]) -> String {
    // Consecutive steps on one line of one file, with their messages.
    let mut steps: Vec<(&str, usize, usize, Vec<&str>)> = Vec::new();
    for label in flow {
        let pos = report.sources.position(&label.path, label.span.start);
        match steps.last_mut() {
            Some((path, line, _, messages)) if *path == label.path && *line == pos.line => {
                messages.push(&label.message);
            }
            _ => steps.push((&label.path, pos.line, pos.column, vec![&label.message])),
        }
    }
    let mut out = String::from("flow, from source to sink:");
    let mut file = None;
    for (n, (path, line, column, messages)) in steps.into_iter().enumerate() {
        if file != Some(path) {
            let _ = write!(out, "\n  {}", escape_line(path));
            file = Some(path);
        }
        let _ = write!(
            out,
            "\n    {}. {line}:{column}: {}",
            n + 1,
            escape_line(&join_then(messages))
        );
        let code = report.sources.line_text(path, line).trim();
        if !code.is_empty() {
            let mut shown: String = code.chars().take(STORY_LINE_CHARS).collect();
            if shown.len() < code.len() {
                shown.push('…');
            }
            let _ = write!(out, "\n       │ {}", escape_line(&shown));
        }
    }
    out
}

impl<'f> Files<'f> for TermFiles<'_> {
    type FileId = usize;
    type Name = String;
    type Source = &'f str;

    fn name(&'f self, id: usize) -> Result<String, FilesError> {
        Ok(self
            .files
            .get(id)
            .ok_or(FilesError::FileMissing)?
            .file
            .name()
            .clone())
    }

    fn source(&'f self, id: usize) -> Result<&'f str, FilesError> {
        Ok(self
            .files
            .get(id)
            .ok_or(FilesError::FileMissing)?
            .file
            .source())
    }

    fn line_index(&'f self, id: usize, byte_index: usize) -> Result<usize, FilesError> {
        self.files
            .get(id)
            .ok_or(FilesError::FileMissing)?
            .file
            .line_index((), byte_index)
    }

    fn line_range(&'f self, id: usize, line_index: usize) -> Result<Range<usize>, FilesError> {
        self.files
            .get(id)
            .ok_or(FilesError::FileMissing)?
            .file
            .line_range((), line_index)
    }

    /// Columns count characters of the original text, as in every other format.
    fn column_number(
        &'f self,
        id: usize,
        _line: usize,
        byte_index: usize,
    ) -> Result<usize, FilesError> {
        let f = self.files.get(id).ok_or(FilesError::FileMissing)?;
        let Some(original) = f.original else {
            return Ok(1);
        };
        let offset = super::clamp_offset(&original.text, f.escaped.to_original(byte_index));
        Ok(original
            .line_col(u32::try_from(offset).unwrap_or(u32::MAX))
            .1)
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;
    use std::path::Path;

    use mcplint_ir::{SourceFile, Span};
    use mcplint_rules::{Diagnostic, Label};

    use super::super::{Report, Sources};

    fn render(diagnostics: &[Diagnostic], files: &[(&str, &str)]) -> String {
        let sources = Sources::new(
            files
                .iter()
                .map(|(p, t)| ((*p).to_owned(), SourceFile::new(*p, *t)))
                .collect::<HashMap<_, _>>(),
        );
        let report = Report {
            diagnostics,
            sources: &sources,
            files_scanned: files.len(),
            hidden_by_baseline: None,
            summary: true,
            color: false,
            root: Path::new("/"),
        };
        let mut out = Vec::new();
        super::write(&mut out, &report).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn odd_spans_never_panic() {
        let rule = mcplint_rules::rules::ALL[0];
        let text = "é = 1\r\nx = \u{202e}'a'\n";
        let spans = [
            (0, 0),
            (1, 2),
            (0, 100),
            (100, 200),
            (5, 3),
            (9, 11),
            (u32::MAX, u32::MAX),
        ];
        for (start, end) in spans {
            let mut d = Diagnostic::new(rule, "a.py", Span { start, end }, "message");
            d.labels.push(Label {
                path: "a.py".into(),
                span: Span {
                    start: end,
                    end: start,
                },
                message: "l".into(),
            });
            d.flow.push(Label {
                path: "gone.py".into(),
                span: Span::new(3, 4),
                message: "f".into(),
            });
            let out = render(&[d], &[("a.py", text)]);
            assert!(
                out.contains("error[") && out.contains("  gone.py\n") && out.contains("1:1: f"),
                "{out}"
            );
            assert!(!out.contains('\u{202e}'), "{out}");
        }
        // A finding in a file whose text is unknown.
        let d = Diagnostic::new(rule, "missing.py", Span::new(3, 9), "message");
        assert!(render(&[d], &[]).contains("missing.py"));
    }

    #[test]
    fn columns_count_characters_of_the_original_text() {
        let rule = mcplint_rules::rules::ALL[0];
        let text = "x = '\u{1b}\u{1b}' + y\n";
        let d = Diagnostic::new(rule, "a.py", Span::new(11, 12), "message");
        let out = render(&[d], &[("a.py", text)]);
        assert!(out.contains("a.py:1:12"), "{out}");
        assert!(out.contains("x = '\\u{1b}\\u{1b}' + y"), "{out}");
        assert!(
            out.ends_with(
                "Found 1 finding (1 error, 0 warnings) in 1 file: 1 argument-injection.\n"
            ),
            "{out}"
        );
    }
}
