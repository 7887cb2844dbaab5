//! The findings rules report and what they are made of: severity, places, the rule's identity,
//! and how a piece of source text is shown in a message ([`escape`]).
//!
//! A leaf: nothing here depends on the rest of the crate, so every module may use it. (A
//! finding read back from the summary cache finds its rule by name in the registry: its
//! `Deserialize` is in the crate root.)

use mcplint_ir::{Lang, Span};
use serde::{Deserialize, Serialize};
use std::fmt::Write as _;

/// How serious a finding is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth a look; not necessarily exploitable.
    Warning,
    /// A vulnerability a reviewer should fix before merge.
    Error,
}

impl Severity {
    /// The lowercase name (`error`, `warning`).
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    /// Parses a lowercase name.
    pub fn parse(s: &str) -> Option<Severity> {
        match s {
            "warning" => Some(Severity::Warning),
            "error" => Some(Severity::Error),
            _ => None,
        }
    }
}

/// A rule's identity and documentation; its check is registered beside it
/// ([`RegisteredRule`](crate::rule::RegisteredRule)).
pub struct Rule {
    /// The kebab-case identifier: SARIF ruleId, suppression key, fixture folder.
    pub name: &'static str,
    /// Default severity.
    pub severity: Severity,
    /// CWE numbers.
    pub cwe: &'static [u32],
    /// One clause, lowercase, no trailing period.
    pub summary: &'static str,
    /// The languages the rule covers.
    pub languages: &'static [Lang],
    /// Markdown documentation (the doc comment of the declaration).
    pub docs: &'static str,
}

impl std::fmt::Debug for Rule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Rule")
            .field("name", &self.name)
            .finish_non_exhaustive()
    }
}

impl PartialEq for Rule {
    fn eq(&self, other: &Self) -> bool {
        self.name == other.name
    }
}

impl Eq for Rule {}

/// A place in a file, with a message.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Label {
    /// The file path relative to the scan root.
    pub path: String,
    /// The byte range.
    pub span: Span,
    /// What happens there.
    pub message: String,
}

/// One finding: plain data, rendered by the CLI's reporters (and kept in the summary cache,
/// its rule by name).
#[derive(Clone, Debug, Serialize)]
pub struct Diagnostic {
    /// The rule that fired.
    #[serde(serialize_with = "rule_name")]
    pub rule: &'static Rule,
    /// Severity after configuration overrides.
    pub severity: Severity,
    /// One clause, lowercase start.
    pub message: String,
    /// The file path relative to the scan root.
    pub path: String,
    /// The primary range.
    pub span: Span,
    /// Secondary places (the tool parameter the data came from).
    pub labels: Vec<Label>,
    /// The steps from source to sink, in order (empty for non-taint rules).
    pub flow: Vec<Label>,
    /// For a finding at a flawed check: the path to every sink the check lets through, each
    /// source first and sink last (`flow` is the first of them). Reporters show each sink as a
    /// related place and each path as a code flow.
    pub let_through: Vec<Vec<Label>>,
    /// Where project helpers on the way build the value the sink uses (the return statement
    /// of each): reporters show them as related places, since a check there covers every
    /// caller.
    pub helpers: Vec<Label>,
    /// A one-line fix hint.
    pub help: Option<String>,
    /// Ranges of the file at `path` that hold a secret: reporters never show their text (the
    /// text report masks them in the source it prints, keeping at most the first four
    /// characters).
    pub redact: Vec<Span>,
    /// Findings of the same cause folded into this one by [`crate::group::by_cause`] (the same
    /// rule, tool input and call path, no check on the way): each is one more sink, which
    /// reporters show as a related place. Never cached: grouping runs on a run's final findings.
    #[serde(skip)]
    pub grouped: Vec<Diagnostic>,
}

/// Writes a finding's rule as its name (serde's `serialize_with` hands the field by reference).
#[allow(clippy::trivially_copy_pass_by_ref)]
fn rule_name<S: serde::Serializer>(rule: &&'static Rule, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(rule.name)
}

impl Diagnostic {
    /// Whether `other` is a finding of the same rule at the same place (its message may say
    /// more or less).
    pub fn same_place(&self, other: &Diagnostic) -> bool {
        self.rule.name == other.rule.name && self.path == other.path && self.span == other.span
    }

    /// A diagnostic of `rule` at its default severity.
    pub fn new(rule: &'static Rule, path: &str, span: Span, message: impl Into<String>) -> Self {
        Self {
            rule,
            severity: rule.severity,
            message: message.into(),
            path: path.to_owned(),
            span,
            labels: Vec::new(),
            flow: Vec::new(),
            let_through: Vec::new(),
            helpers: Vec::new(),
            help: None,
            redact: Vec::new(),
            grouped: Vec::new(),
        }
    }

    /// Adds a secondary label.
    #[must_use]
    pub fn label(mut self, path: &str, span: Span, message: impl Into<String>) -> Self {
        self.labels.push(Label {
            path: path.to_owned(),
            span,
            message: message.into(),
        });
        self
    }

    /// Sets the fix hint.
    #[must_use]
    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// For a finding at a flawed check: the sinks it lets through, one per path of
    /// [`Diagnostic::let_through`].
    pub fn let_through_sinks(&self) -> impl Iterator<Item = &Label> {
        self.let_through.iter().filter_map(|flow| flow.last())
    }

    /// The places reporters show as related besides the labels: the sinks a flawed check lets
    /// through, then the helpers that build the value ([`Diagnostic::helpers`]), then the sinks
    /// of the findings grouped into this one ([`Diagnostic::grouped_sinks`]).
    pub fn related(&self) -> impl Iterator<Item = &Label> {
        self.let_through_sinks()
            .chain(&self.helpers)
            .chain(self.grouped_sinks())
    }

    /// The sinks of the findings grouped into this one: each one's last flow step (its primary
    /// span, with the step's message).
    pub fn grouped_sinks(&self) -> impl Iterator<Item = &Label> {
        self.grouped.iter().filter_map(|d| d.flow.last())
    }

    /// This finding and the ones grouped into it, in report order.
    pub fn with_grouped(&self) -> impl Iterator<Item = &Diagnostic> {
        std::iter::once(self).chain(&self.grouped)
    }

    /// The ordering key used for deterministic output.
    pub fn sort_key(&self) -> (&str, u32, u32, &'static str, &str) {
        (
            &self.path,
            self.span.start,
            self.span.end,
            self.rule.name,
            &self.message,
        )
    }
}

/// How many leading characters of an `n`-character secret may be shown (the rest of a
/// [`Diagnostic::redact`] range is masked).
pub fn shown_prefix(n: usize) -> usize {
    (n / 4).min(4)
}

/// Characters that render as nothing or move the cursor: always shown escaped.
fn is_invisible(c: char) -> bool {
    let cp = c as u32;
    c.is_control()
        || (c.is_whitespace() && c != ' ')
        || matches!(cp,
            0x00AD | 0x034F | 0x061C | 0x115F | 0x1160 | 0x17B4 | 0x17B5 | 0x180B..=0x180F
            | 0x200B..=0x200F | 0x2028..=0x202F | 0x205F..=0x206F | 0x2800 | 0x3164
            | 0xFE00..=0xFE0F | 0xFEFF | 0xFFA0 | 0xFFF0..=0xFFFB | 0x1D173..=0x1D17A
            | 0xE0000..=0xE0FFF)
}

/// `s` for a message: runs of ASCII whitespace as one space, invisible characters as
/// `\u{...}`, backticks as quotes, at most `max` characters.
pub(crate) fn escape(s: &str, max: usize) -> String {
    let mut out = String::new();
    let mut n = 0;
    let mut space = false;
    for c in s.trim().chars() {
        if n >= max {
            out.push('…');
            break;
        }
        if matches!(c, ' ' | '\t' | '\n' | '\r') {
            if !space {
                out.push(' ');
                n += 1;
            }
            space = true;
            continue;
        }
        space = false;
        n += 1;
        if c == '`' {
            out.push('\'');
        } else if is_invisible(c) {
            let _ = write!(out, "\\u{{{:x}}}", c as u32);
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_shows_invisible_characters() {
        assert_eq!(escape("a\u{200b}b\n\n  c`d`", 80), "a\\u{200b}b c'd'");
        assert_eq!(escape("abcdef", 3), "abc…");
    }
}
