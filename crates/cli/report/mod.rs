//! Reporters: render the findings of a run as text, JSON, SARIF or GitHub workflow commands.
//!
//! Every reporter reads the same [`Report`]: the sorted diagnostics, the source text of the files
//! they point into ([`Sources`], for line/column and snippets) and the run's counts. Line and
//! column are 1-based; columns count Unicode characters ([`SourceFile::line_col`]).

pub(crate) mod github;
pub(crate) mod json;
mod recipe;
pub(crate) mod sarif;
pub(crate) mod text;

use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt::Write as _;
use std::io;
use std::ops::Range;
use std::path::{Path, PathBuf};

use mcplint_ir::{SourceFile, Span};
use mcplint_rules::{Diagnostic, Rule, Severity};

/// Everything a reporter needs.
#[derive(Debug)]
pub(crate) struct Report<'a> {
    /// The findings, sorted.
    pub(crate) diagnostics: &'a [Diagnostic],
    /// The text of every file the findings point into.
    pub(crate) sources: &'a Sources,
    /// How many files were scanned.
    pub(crate) files_scanned: usize,
    /// With `--baseline`: how many findings the baseline hid.
    pub(crate) hidden_by_baseline: Option<usize>,
    /// Whether to end with a summary line (text and GitHub formats).
    pub(crate) summary: bool,
    /// Whether to colour the text output.
    pub(crate) color: bool,
    /// The directory paths are relative to (the SARIF `%SRCROOT%`).
    pub(crate) root: &'a Path,
}

/// The counts of a run that the summaries report besides the findings.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Counts {
    /// How many files were scanned.
    pub(crate) files_scanned: usize,
    /// With `--baseline`: how many findings the baseline hid.
    pub(crate) hidden_by_baseline: Option<usize>,
}

/// The source text of the files that findings point into, keyed by display path.
#[derive(Debug, Default)]
pub(crate) struct Sources {
    files: HashMap<String, SourceFile>,
}

impl Sources {
    /// Starts from files already in memory (tests; `mcplint mcp`'s inline source).
    pub(crate) fn new(files: HashMap<String, SourceFile>) -> Self {
        Self { files }
    }

    /// Makes sure every path mentioned by `diagnostics` is loaded, re-reading files not yet in
    /// memory, then masks the secrets they point at ([`Sources::redact`]). `locate` maps a
    /// display path to the path to open. A file that cannot be read is stored empty: its
    /// findings are still reported, at line 1.
    pub(crate) fn load(&mut self, diagnostics: &[Diagnostic], locate: impl Fn(&str) -> PathBuf) {
        for d in diagnostics {
            let paths = std::iter::once(&d.path)
                .chain(d.labels.iter().map(|l| &l.path))
                .chain(d.flow.iter().map(|l| &l.path))
                .chain(d.let_through.iter().flatten().map(|l| &l.path));
            for path in paths {
                if !self.files.contains_key(path) {
                    let text = std::fs::read(locate(path))
                        .map(|b| String::from_utf8_lossy(&b).into_owned())
                        .unwrap_or_default();
                    self.files
                        .insert(path.clone(), SourceFile::new(path.clone(), text));
                }
            }
        }
        self.redact(diagnostics);
    }

    /// [`Sources::load`] for the findings of a run over `targets`: a display path opens its
    /// target's path, any other (a file a finding names but the run did not scan) is taken
    /// relative to `base`. The reporters read the files with findings again rather than keeping
    /// every analysed text in memory through both phases (a third of the peak memory on large
    /// projects).
    pub(crate) fn load_for_targets(
        &mut self,
        diagnostics: &[Diagnostic],
        targets: &[crate::walk::Target],
        base: &Path,
    ) {
        let locations: HashMap<&str, &PathBuf> = targets
            .iter()
            .map(|t| (t.display.as_str(), &t.path))
            .collect();
        self.load(diagnostics, |path| {
            locations
                .get(path)
                .map_or_else(|| base.join(path), |p| (*p).clone())
        });
    }

    /// Masks the ranges that findings ask to redact ([`Diagnostic::redact`]: secrets) in the
    /// loaded text, so that no reporter shows them — not the text report's source lines, not
    /// the fingerprints computed from a line. Each range keeps its first characters (as many as
    /// the finding's message shows) and every other character except line breaks becomes `*`s
    /// of the same byte length, so offsets and lines do not move.
    pub(crate) fn redact(&mut self, diagnostics: &[Diagnostic]) {
        let mut spans: HashMap<&str, Vec<Span>> = HashMap::new();
        for d in diagnostics.iter().filter(|d| !d.redact.is_empty()) {
            spans.entry(&d.path).or_default().extend(&d.redact);
        }
        for (path, spans) in spans {
            let Some(file) = self.files.get_mut(path) else {
                continue;
            };
            let mut text = std::mem::take(&mut file.text);
            for span in spans {
                let range = clamp_span(&text, span);
                let secret = &text[range.clone()];
                let keep = mcplint_rules::shown_prefix(secret.chars().count());
                let masked: String = secret
                    .chars()
                    .enumerate()
                    .flat_map(|(i, c)| {
                        let n = if i < keep || matches!(c, '\n' | '\r') {
                            0
                        } else {
                            c.len_utf8()
                        };
                        std::iter::repeat_n('*', n).chain((n == 0).then_some(c))
                    })
                    .collect();
                text.replace_range(range, &masked);
            }
            *file = SourceFile::new(path, text);
        }
    }

    /// The file at a display path.
    pub(crate) fn get(&self, path: &str) -> Option<&SourceFile> {
        self.files.get(path)
    }

    /// The position of a byte offset in the file at `path` (line 1, column 1 when unknown).
    pub(crate) fn position(&self, path: &str, offset: u32) -> Position {
        match self.files.get(path) {
            Some(file) => {
                let offset = clamp_offset(&file.text, offset as usize);
                let (line, column) = file.line_col(u32::try_from(offset).unwrap_or(u32::MAX));
                Position {
                    line,
                    column,
                    offset,
                }
            }
            None => Position {
                line: 1,
                column: 1,
                offset: offset as usize,
            },
        }
    }

    /// The text of line `line` (1-based) of `path`, without its line ending.
    pub(crate) fn line_text(&self, path: &str, line: usize) -> &str {
        let Some(file) = self.files.get(path) else {
            return "";
        };
        let starts = file.line_starts();
        let Some(&start) = starts.get(line.wrapping_sub(1)) else {
            return "";
        };
        let end = starts.get(line).map_or(file.text.len(), |&e| e as usize);
        file.text
            .get(start as usize..end)
            .unwrap_or("")
            .trim_end_matches(['\n', '\r'])
    }
}

/// A 1-based line and column (in characters) and the byte offset.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Position {
    /// 1-based line.
    pub(crate) line: usize,
    /// 1-based column, in Unicode characters.
    pub(crate) column: usize,
    /// 0-based byte offset.
    pub(crate) offset: usize,
}

/// Clamps an offset into `text` and moves it back to a character boundary.
pub(crate) fn clamp_offset(text: &str, offset: usize) -> usize {
    text.floor_char_boundary(offset.min(text.len()))
}

/// A span as a range that is safe to slice `text` with (in bounds, on character boundaries).
pub(crate) fn clamp_span(text: &str, span: Span) -> Range<usize> {
    let start = clamp_offset(text, span.start as usize);
    let end = text
        .ceil_char_boundary((span.end as usize).min(text.len()))
        .max(start);
    start..end
}

/// `n word` or `n words`.
fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

/// How many findings of each rule, by rule name: `(rule, findings, sinks)`, where `sinks`
/// counts the findings grouped into them too.
pub(crate) fn per_rule(diagnostics: &[Diagnostic]) -> Vec<(&'static str, usize, usize)> {
    let mut counts: std::collections::BTreeMap<&'static str, (usize, usize)> =
        std::collections::BTreeMap::new();
    for d in diagnostics {
        let entry = counts.entry(d.rule.name).or_default();
        entry.0 += 1;
        entry.1 += 1 + d.grouped.len();
    }
    counts
        .into_iter()
        .map(|(rule, (findings, sinks))| (rule, findings, sinks))
        .collect()
}

/// The summary line: `Found 3 findings (2 errors, 1 warning) in 5 files: 2 path-traversal (5
/// sinks), 1 shell-injection.` or `No findings in 5 files.`, and with `--baseline` how many
/// findings the baseline hid.
pub(crate) fn summary_line(report: &Report<'_>) -> String {
    let diagnostics = report.diagnostics;
    let files = plural(report.files_scanned, "file");
    let mut line = if diagnostics.is_empty() {
        format!("No findings in {files}.")
    } else {
        let errors = diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count();
        let rules: Vec<String> = per_rule(diagnostics)
            .into_iter()
            .map(|(rule, findings, sinks)| {
                if sinks > findings {
                    format!("{findings} {rule} ({sinks} sinks)")
                } else {
                    format!("{findings} {rule}")
                }
            })
            .collect();
        format!(
            "Found {} ({}, {}) in {files}: {}.",
            plural(diagnostics.len(), "finding"),
            plural(errors, "error"),
            plural(diagnostics.len() - errors, "warning"),
            rules.join(", "),
        )
    };
    if let Some(hidden) = report.hidden_by_baseline {
        let _ = write!(line, " The baseline hid {}.", plural(hidden, "finding"));
    }
    line
}

/// A rule's documentation as Markdown, with the one-space indent of doc comments removed and
/// the fixture marks of its examples (`# expect: rule`, `// safe: rule`) left out: they are
/// for the test that runs the examples, not for the reader.
pub(crate) fn rule_docs(rule: &Rule) -> String {
    let docs = mcplint_rules::docs::unindent(rule.docs);
    let mut out = String::with_capacity(docs.len());
    let mut in_code = false;
    for line in docs.trim_end().lines() {
        if line.starts_with("```") {
            in_code = !in_code;
        }
        if !in_code {
            out.push_str(line);
            out.push('\n');
            continue;
        }
        let code = without_mark(line);
        if code.trim().is_empty() && !line.trim().is_empty() {
            continue;
        }
        out.push_str(code);
        out.push('\n');
    }
    out
}

/// A line of an example without its trailing fixture mark comment (`# expect: x`,
/// `// safe+1: x`).
fn without_mark(line: &str) -> &str {
    for lead in ["# ", "// "] {
        let mut from = 0;
        while let Some(i) = line[from..].find(lead).map(|i| i + from) {
            let rest = &line[i + lead.len()..];
            let word = rest.split(':').next().unwrap_or("");
            let mark = word.split('+').next().unwrap_or("");
            let count_ok = word[mark.len()..]
                .strip_prefix('+')
                .is_none_or(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()));
            if matches!(mark, "expect" | "safe" | "todo" | "warn")
                && count_ok
                && rest.len() > word.len()
            {
                return line[..i].trim_end();
            }
            from = i + lead.len();
        }
    }
    line
}

/// Writes with broken pipes treated as success (`mcplint | head` is not an error).
pub(crate) fn ignore_broken_pipe(result: io::Result<()>) -> io::Result<()> {
    match result {
        Err(err) if err.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        other => other,
    }
}

/// Whether a character could drive a terminal or reorder displayed text: C0 controls (tab and
/// newline are handled by the callers), DEL, C1 controls, zero-width and bidirectional
/// formatting characters, the byte-order mark and Unicode tag characters.
pub(crate) fn is_dangerous(c: char) -> bool {
    matches!(c,
        '\u{0}'..='\u{1f}'
        | '\u{7f}'..='\u{9f}'
        | '\u{61c}'
        | '\u{200b}'..='\u{200f}'
        | '\u{2028}'..='\u{202e}'
        | '\u{2066}'..='\u{2069}'
        | '\u{feff}'
        | '\u{e0000}'..='\u{e007f}'
    )
}

fn push_escape(out: &mut String, c: char) {
    let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
}

/// Whether `text` is ASCII without a character [`escape_for_terminal`] replaces: most source
/// files, which are then copied as they are instead of character by character.
fn is_plain_ascii(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.iter().enumerate().all(|(i, &b)| match b {
        b'\t' | b'\n' => true,
        b'\r' => bytes.get(i + 1) == Some(&b'\n'),
        0x80.. => false,
        _ => !is_dangerous(char::from(b)),
    })
}

/// Escapes every dangerous character of a one-line string (a message, a path), newlines and
/// tabs included, as `\u{1b}`.
pub(crate) fn escape_line(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_dangerous) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if is_dangerous(c) {
            push_escape(&mut out, c);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Source text with dangerous characters escaped, and the map between its byte offsets and the
/// original's.
#[derive(Clone, Debug)]
pub(crate) struct EscapedText {
    /// The escaped text: tabs, newlines and the CR of CRLF are kept, every other dangerous
    /// character is replaced by `\u{..}`.
    pub(crate) text: String,
    /// One entry per replaced character: (original offset, escaped offset, original length,
    /// escaped length).
    replaced: Vec<(usize, usize, usize, usize)>,
}

impl EscapedText {
    /// Where the original byte offset `offset` is in the escaped text.
    pub(crate) fn to_escaped(&self, offset: usize) -> usize {
        let i = self.replaced.partition_point(|r| r.0 < offset);
        match i.checked_sub(1).map(|i| self.replaced[i]) {
            None => offset,
            Some((orig, esc, orig_len, esc_len)) => {
                if offset < orig + orig_len {
                    // Inside a replaced character: snap to its escape.
                    esc
                } else {
                    offset - (orig + orig_len) + esc + esc_len
                }
            }
        }
    }

    /// Where the escaped byte offset `offset` came from in the original text.
    pub(crate) fn to_original(&self, offset: usize) -> usize {
        let i = self.replaced.partition_point(|r| r.1 < offset);
        match i.checked_sub(1).map(|i| self.replaced[i]) {
            None => offset,
            Some((orig, esc, orig_len, esc_len)) => {
                if offset < esc + esc_len {
                    orig
                } else {
                    offset - (esc + esc_len) + orig + orig_len
                }
            }
        }
    }
}

/// Escapes the characters of scanned source text that could drive a terminal or reorder what is
/// displayed (see [`is_dangerous`]), so that printing a snippet is always safe. Line structure is
/// kept, and [`EscapedText`] maps offsets both ways so spans can be moved onto the escaped copy.
pub(crate) fn escape_for_terminal(text: &str) -> EscapedText {
    if is_plain_ascii(text) {
        return EscapedText {
            text: text.to_owned(),
            replaced: Vec::new(),
        };
    }
    let mut out = String::with_capacity(text.len());
    let mut replaced = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let keep = match c {
            '\t' | '\n' => true,
            '\r' => chars.peek().is_some_and(|&(_, n)| n == '\n'),
            c => !is_dangerous(c),
        };
        if keep {
            out.push(c);
        } else {
            let esc = out.len();
            push_escape(&mut out, c);
            replaced.push((i, esc, c.len_utf8(), out.len() - esc));
        }
    }
    EscapedText {
        text: out,
        replaced,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Plain ASCII is copied as it is; anything else takes the character-by-character path.
    #[test]
    fn plain_ascii_is_recognised() {
        assert!(is_plain_ascii("def f():\r\n\treturn 1\n"));
        for text in [
            "a\rb",
            "a\u{1b}[31m",
            "x\u{7f}",
            "caf\u{e9}",
            "\u{202e}",
            "a\0b",
        ] {
            assert!(!is_plain_ascii(text), "{text:?}");
        }
        let plain = escape_for_terminal("x = 1\r\n");
        assert_eq!(plain.text, "x = 1\r\n");
        assert_eq!(plain.to_escaped(3), 3);
    }

    #[test]
    fn escapes_terminal_controls_and_bidi() {
        let text = "a\u{1b}[31mred\u{202e}x\r\ny\rz\u{e0041}\tend";
        let escaped = escape_for_terminal(text);
        assert_eq!(
            escaped.text,
            "a\\u{1b}[31mred\\u{202e}x\r\ny\\u{d}z\\u{e0041}\tend"
        );
        assert!(
            !escaped
                .text
                .chars()
                .any(|c| is_dangerous(c) && c != '\t' && c != '\n' && c != '\r')
        );
        // Offsets map onto the same characters.
        for (orig, c) in text.char_indices() {
            let esc = escaped.to_escaped(orig);
            if is_dangerous(c) && !matches!(c, '\t' | '\n' | '\r') {
                assert!(escaped.text[esc..].starts_with("\\u{"), "{orig}");
            } else if c != '\r' {
                assert!(escaped.text[esc..].starts_with(c), "{orig} {c:?}");
            }
            assert_eq!(escaped.to_original(esc), orig);
        }
        assert_eq!(escaped.to_escaped(text.len()), escaped.text.len());
        assert_eq!(escaped.to_original(escaped.text.len()), text.len());
        // An offset inside an escape maps back to the escaped character.
        assert_eq!(escaped.to_original(3), 1);
    }

    #[test]
    fn plain_text_is_unchanged() {
        let escaped = escape_for_terminal("def f():\n\treturn 1\n");
        assert_eq!(escaped.text, "def f():\n\treturn 1\n");
        assert_eq!(escaped.to_escaped(5), 5);
        assert_eq!(escape_line("plain"), "plain");
        assert_eq!(escape_line("a\nb\u{202e}"), "a\\u{a}b\\u{202e}");
    }

    #[test]
    fn spans_are_clamped_to_char_boundaries() {
        let text = "aé b";
        assert_eq!(clamp_span(text, Span::new(2, 3)), 1..3);
        assert_eq!(clamp_span(text, Span::new(4, 100)), 4..5);
        assert_eq!(clamp_span(text, Span::new(9, 3)), 5..5);
    }

    #[test]
    fn fixture_marks_are_left_out_of_rule_docs() {
        assert_eq!(
            without_mark("    open(p)  # expect: path-traversal"),
            "    open(p)"
        );
        assert_eq!(without_mark("f(x); // safe+1: ssrf from=url"), "f(x);");
        assert_eq!(without_mark("x = '# not: a mark'"), "x = '# not: a mark'");
        for rule in mcplint_rules::rules::ALL {
            let docs = rule_docs(&rule.rule);
            assert!(
                !docs.contains("expect: ") && !docs.contains("safe: "),
                "{}: {docs}",
                rule.name
            );
        }
    }

    #[test]
    fn summary_lines() {
        let sources = Sources::default();
        let mut report = Report {
            diagnostics: &[],
            sources: &sources,
            files_scanned: 1,
            hidden_by_baseline: None,
            summary: true,
            color: false,
            root: Path::new("/"),
        };
        assert_eq!(summary_line(&report), "No findings in 1 file.");
        report.files_scanned = 3;
        report.hidden_by_baseline = Some(2);
        assert_eq!(
            summary_line(&report),
            "No findings in 3 files. The baseline hid 2 findings."
        );
        let rule = |name| mcplint_rules::rule_by_name(name).expect("registered");
        let mut grouped = Diagnostic::new(rule("path-traversal"), "a.py", Span::new(5, 6), "m");
        grouped.grouped = vec![grouped.clone(), grouped.clone()];
        let mut warning = Diagnostic::new(rule("ssrf"), "a.py", Span::new(1, 2), "m");
        warning.severity = Severity::Warning;
        let diagnostics = [warning, grouped];
        report.diagnostics = &diagnostics;
        report.hidden_by_baseline = None;
        assert_eq!(
            summary_line(&report),
            "Found 2 findings (1 error, 1 warning) in 3 files: 1 path-traversal (3 sinks), 1 ssrf."
        );
    }

    #[test]
    fn redacted_ranges_are_masked_in_place() {
        let rule = mcplint_rules::rule_by_name("hardcoded-secret").expect("registered");
        let text = "k = \"ghp_abcdefghijklmnopqrstuvwxyz0123456789\"\np = \"ab\ncdé€fgh\"\nrest\n";
        let mut sources = Sources::new(HashMap::from([(
            "a.py".to_owned(),
            SourceFile::new("a.py", text),
        )]));
        let token = text.find("ghp_").unwrap();
        let pw = text.find("ab\n").unwrap();
        let mut d = Diagnostic::new(rule, "a.py", Span::new(token, token + 40), "m");
        d.redact = vec![
            Span::new(token, token + 40),
            Span::new(pw, pw + 13),
            Span::new(90, 99),
        ];
        sources.redact(&[d]);
        let masked = &sources.get("a.py").unwrap().text;
        // Same length and line structure; the first characters kept, the rest masked.
        assert_eq!(masked.len(), text.len());
        assert_eq!(
            sources.get("a.py").unwrap().line_starts(),
            SourceFile::new("a.py", text).line_starts()
        );
        assert_eq!(
            sources.line_text("a.py", 1),
            format!("k = \"ghp_{}\"", "*".repeat(36))
        );
        // A 10-character secret shows 2; multi-byte characters become as many `*` as bytes.
        assert_eq!(sources.line_text("a.py", 2), "p = \"ab");
        assert_eq!(
            sources.line_text("a.py", 3),
            format!("{}\"", "*".repeat(10))
        );
        assert_eq!(sources.line_text("a.py", 4), "rest");
    }
}
