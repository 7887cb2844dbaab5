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
use std::io::{self, Write};
use std::ops::Range;

use codespan_reporting::diagnostic::{
    Diagnostic as CsDiagnostic, Label as CsLabel, Severity as CsSeverity,
};
use codespan_reporting::files::{Error as FilesError, Files, SimpleFile};
use codespan_reporting::term::termcolor::{Ansi, NoColor, WriteColor};
use codespan_reporting::term::{self, Config};
use mcplint_ir::{SourceFile, Span};
use mcplint_rules::{Diagnostic, Severity};

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
        writeln!(
            out,
            "{}",
            summary_line(report.diagnostics, report.files_scanned)
        )?;
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

    fn convert(&self, report: &Report<'_>, d: &Diagnostic) -> CsDiagnostic<usize> {
        let severity = match d.severity {
            Severity::Error => CsSeverity::Error,
            Severity::Warning => CsSeverity::Warning,
        };
        let id = self.ids[d.path.as_str()];
        // A place at the primary span names the primary label; flow steps at one place are
        // merged ("passed here, then returned here"); a flow step where a label already is adds
        // nothing. Places in this file become labels, places in other files notes.
        let mut primary_message = None;
        let mut places: Vec<(&str, Span, String, bool)> = Vec::new();
        // The sinks a flawed check lets through and the helpers that build the value come
        // before the flow, as places of their own.
        let fixed = d.labels.len() + d.related().count();
        let labels = d.labels.iter().chain(d.related()).chain(&d.flow);
        for (i, label) in labels.enumerate() {
            let is_flow = i >= fixed;
            let message = escape_line(&label.message).into_owned();
            if label.path == d.path && label.span == d.span {
                primary_message.get_or_insert(message);
            } else if let Some(place) = places
                .iter_mut()
                .find(|(path, span, ..)| *path == label.path && *span == label.span)
            {
                if is_flow && place.3 && !place.2.ends_with(&message) {
                    place.2 = format!("{}, then {message}", place.2);
                }
            } else {
                places.push((&label.path, label.span, message, is_flow));
            }
        }
        let mut secondary = Vec::new();
        let mut notes = Vec::new();
        for (path, span, message, _) in places {
            if path == d.path {
                secondary.push((span, message));
            } else {
                let pos = report.sources.position(path, span.start);
                notes.push(format!(
                    "via {}:{}:{}: {message}",
                    escape_line(path),
                    pos.line,
                    pos.column
                ));
            }
        }
        let mut primary = CsLabel::primary(id, self.range(id, d.span));
        if let Some(message) = primary_message {
            primary = primary.with_message(message);
        }
        let mut labels = vec![primary];
        labels.extend(secondary.into_iter().map(|(span, message)| {
            CsLabel::secondary(id, self.range(id, span)).with_message(message)
        }));
        if let Some(help) = &d.help {
            notes.push(format!("help: {}", escape_line(help)));
        }
        CsDiagnostic::new(severity)
            .with_code(d.rule.name)
            .with_message(escape_line(&d.message))
            .with_labels(labels)
            .with_notes(notes)
    }
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
                out.contains("error[") && out.contains("via gone.py:1:1: f"),
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
            out.ends_with("Found 1 finding (1 error, 0 warnings) in 1 file.\n"),
            "{out}"
        );
    }
}
