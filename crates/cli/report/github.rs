//! GitHub Actions workflow commands (`--format github`): one annotation per finding,
//!
//! ```text
//! ::error file=src/server.py,line=9,col=5,endLine=9,endColumn=36,title=shell-injection::tool input reaches a shell command
//! ```
//!
//! escaped as GitHub documents: `%`, CR and LF in the message as `%25`, `%0D`, `%0A`, and in
//! property values also `:` and `,` as `%3A` and `%2C`. Before that, control characters and
//! bidirectional overrides that came from scanned files (in paths and messages) are written as
//! `\u{..}`, as in the text report, so nothing in a scanned file can drive the log viewer; the
//! help line follows the message after an escaped newline. A finding at a flawed containment
//! check lists the sinks it lets through on lines of their own (`lets through FILE:LINE:COL:
//! ...`) before the help line, and every finding the helpers that build its value
//! (`FILE:LINE:COL: the file-system path is built here, in ...`).

use std::fmt::Write as _;
use std::io::{self, Write};

use mcplint_rules::Severity;

use super::{Report, escape_line, summary_line};

/// Writes one workflow command per finding, then the summary line unless quiet.
pub(crate) fn write(out: &mut dyn Write, report: &Report<'_>) -> io::Result<()> {
    for d in report.diagnostics {
        let start = report.sources.position(&d.path, d.span.start);
        let end = report
            .sources
            .position(&d.path, d.span.end.max(d.span.start));
        let command = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let mut message = escape_line(&d.message).into_owned();
        // The sinks a flawed check lets through, then the helpers that build the value, then
        // the sinks of the findings grouped into this one.
        let sinks = d.let_through_sinks().map(|l| ("lets through ", l));
        let helpers = d.helpers.iter().map(|l| ("", l));
        let grouped = d.grouped_sinks().map(|l| ("and ", l));
        for (lead, label) in sinks.chain(helpers).chain(grouped) {
            let pos = report.sources.position(&label.path, label.span.start);
            let _ = write!(
                message,
                "\n{lead}{}:{}:{}: {}",
                escape_line(&label.path),
                pos.line,
                pos.column,
                escape_line(&label.message)
            );
        }
        if let Some(help) = &d.help {
            message.push_str("\nhelp: ");
            message.push_str(&escape_line(help));
        }
        writeln!(
            out,
            "::{command} file={},line={},col={},endLine={},endColumn={},title={}::{}",
            escape_property(&escape_line(&d.path)),
            start.line,
            start.column,
            end.line,
            end.column,
            escape_property(d.rule.name),
            escape_data(&message),
        )?;
    }
    if report.summary {
        writeln!(out, "{}", summary_line(report))?;
    }
    out.flush()
}

/// Escapes a command's message.
pub(crate) fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a command property value.
pub(crate) fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping() {
        assert_eq!(escape_data("100% a\r\nb: c,d"), "100%25 a%0D%0Ab: c,d");
        assert_eq!(escape_property("a:b,c%\n"), "a%3Ab%2Cc%25%0A");
    }
}
