//! Findings as LSP diagnostics: byte ranges as UTF-16 positions, the flow as related
//! information, the rule as a code linked to its documentation.

use lsp_types::{
    CodeDescription, DiagnosticRelatedInformation, DiagnosticSeverity, Location, NumberOrString,
    Position, Range, Url,
};
use mcplint_ir::Span;
use mcplint_rules::{Diagnostic, Severity};

use crate::report::sarif::RULES_URL;

/// The `source` of every diagnostic the server publishes.
pub(crate) const SOURCE: &str = "mcplint";

/// The documentation of the rule named `rule`: its section of rules.md in mcplint's repository
/// (the URL the SARIF report gives as `helpUri`).
pub(crate) fn rule_url(rule: &str) -> Option<Url> {
    Url::parse(&format!("{RULES_URL}#{rule}")).ok()
}

/// Line starts of a text, to turn byte offsets into LSP positions (lines and UTF-16 columns)
/// and back.
#[derive(Debug)]
pub(crate) struct LineIndex<'a> {
    text: &'a str,
    /// Byte offset of the start of each line.
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    /// The index of `text`.
    pub(crate) fn new(text: &'a str) -> Self {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Self { text, starts }
    }

    /// The position of byte `offset` (clamped to the text, moved back to a character boundary).
    pub(crate) fn position(&self, offset: usize) -> Position {
        let offset = self.text.floor_char_boundary(offset.min(self.text.len()));
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        let column = self.text[self.starts[line]..offset]
            .chars()
            .map(char::len_utf16)
            .sum::<usize>();
        Position::new(to_u32(line), to_u32(column))
    }

    /// The range of `span`.
    pub(crate) fn range(&self, span: Span) -> Range {
        Range::new(
            self.position(span.start as usize),
            self.position(span.end as usize),
        )
    }

    /// The text of line `line` (0-based) without its line break; empty past the end.
    pub(crate) fn line(&self, line: u32) -> &'a str {
        let Some(&start) = self.starts.get(line as usize) else {
            return "";
        };
        let end = self
            .starts
            .get(line as usize + 1)
            .map_or(self.text.len(), |&next| next - 1);
        self.text[start..end].trim_end_matches('\r')
    }
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Where the labels of a finding are: the URI and line index of a file shown as a path.
pub(crate) trait Locate {
    /// The URI and line index of the file shown as `path`, if it can be read.
    fn locate(&self, path: &str) -> Option<(Url, &LineIndex<'_>)>;
}

/// The finding `diagnostic` as an LSP diagnostic in the file indexed by `index`: the flow
/// (source, each step, sink), then the other labelled places, the sinks a flawed check lets
/// through and the project helpers on the way (the related places of the other reports), as
/// related information in that order, each place once.
pub(crate) fn to_lsp(
    diagnostic: &Diagnostic,
    index: &LineIndex<'_>,
    files: &dyn Locate,
) -> lsp_types::Diagnostic {
    let mut message = diagnostic.message.clone();
    if let Some(help) = &diagnostic.help {
        message.push_str("\nhelp: ");
        message.push_str(help);
    }
    let mut related = Vec::new();
    // A label at a place already shown (the tool parameter, which is the flow's source; the
    // first sink a flawed check lets through, which is the flow's sink) is left out.
    let mut seen: Vec<(&str, Span)> = Vec::new();
    for label in diagnostic
        .flow
        .iter()
        .chain(&diagnostic.labels)
        .chain(diagnostic.related())
    {
        let place = (label.path.as_str(), label.span);
        if seen.contains(&place) {
            continue;
        }
        seen.push(place);
        if let Some((uri, index)) = files.locate(&label.path) {
            related.push(DiagnosticRelatedInformation {
                location: Location::new(uri, index.range(label.span)),
                message: label.message.clone(),
            });
        }
    }
    lsp_types::Diagnostic {
        range: index.range(diagnostic.span),
        severity: Some(match diagnostic.severity {
            Severity::Error => DiagnosticSeverity::ERROR,
            Severity::Warning => DiagnosticSeverity::WARNING,
        }),
        code: Some(NumberOrString::String(diagnostic.rule.name.to_owned())),
        code_description: rule_url(diagnostic.rule.name).map(|href| CodeDescription { href }),
        source: Some(SOURCE.to_owned()),
        message,
        related_information: (!related.is_empty()).then_some(related),
        tags: None,
        data: None,
    }
}

#[cfg(test)]
mod tests {
    use mcplint_rules::Label;

    use super::*;

    /// Every path is the one indexed file.
    struct OneFile<'a>(Url, LineIndex<'a>);

    impl Locate for OneFile<'_> {
        fn locate(&self, _: &str) -> Option<(Url, &LineIndex<'_>)> {
            Some((self.0.clone(), &self.1))
        }
    }

    #[test]
    fn related_information_shows_what_the_other_reports_show() {
        // One label per line: line N's span is its first five bytes.
        let text = "0123456789\n".repeat(8);
        let at = |line: usize, message: &str| Label {
            path: "tool.py".to_owned(),
            span: Span::new(line * 11, line * 11 + 5),
            message: message.to_owned(),
        };
        let rule = mcplint_rules::rule_by_name("path-traversal").unwrap();
        let mut d = Diagnostic::new(rule, "tool.py", Span::new(33, 38), "flawed check");
        d.labels = vec![at(0, "tool input `path` enters here")];
        d.flow = vec![
            at(0, "tool input `path` enters here"),
            at(3, "passes a flawed check here"),
            at(4, "used as a file-system path here"),
        ];
        // The check lets two sinks through: the flow's, and one more.
        d.let_through = vec![
            d.flow.clone(),
            vec![
                at(0, "tool input `path` enters here"),
                at(6, "deleted here"),
            ],
        ];
        d.helpers = vec![at(7, "the helper builds the value here")];
        let files = OneFile(
            Url::parse("file:///w/tool.py").unwrap(),
            LineIndex::new(&text),
        );
        let lsp = to_lsp(&d, &files.1, &files);
        let shown: Vec<(u32, String)> = lsp
            .related_information
            .unwrap()
            .into_iter()
            .map(|r| (r.location.range.start.line, r.message))
            .collect();
        let expected = [
            (0, "tool input `path` enters here"),
            (3, "passes a flawed check here"),
            (4, "used as a file-system path here"),
            (6, "deleted here"),
            (7, "the helper builds the value here"),
        ];
        assert_eq!(
            shown,
            expected.map(|(line, m)| (line, m.to_owned())).to_vec()
        );
    }

    #[test]
    fn positions_count_utf16_units() {
        let text = "a = 1\r\né𝄞x = 2\nlast";
        let index = LineIndex::new(text);
        assert_eq!(index.position(0), Position::new(0, 0));
        assert_eq!(index.position(4), Position::new(0, 4));
        let x = text.find('x').unwrap();
        // é is one UTF-16 unit, 𝄞 two.
        assert_eq!(index.position(x), Position::new(1, 3));
        // Inside 𝄞: moved back to its start.
        assert_eq!(index.position(x - 1), Position::new(1, 1));
        assert_eq!(index.position(text.len() + 10), Position::new(2, 4));
        assert_eq!(index.line(0), "a = 1");
        assert_eq!(index.line(1), "é𝄞x = 2");
        assert_eq!(index.line(2), "last");
        assert_eq!(index.line(3), "");
    }
}
