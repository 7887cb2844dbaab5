//! The findings rules report and what they are made of: severity, places, the rule's identity.
//!
//! A leaf: nothing here depends on the rest of the crate, so every module may use it.

use mcplint_ir::{Lang, Span};
use serde::Serialize;

/// How serious a finding is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
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
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Label {
    /// The file path relative to the scan root.
    pub path: String,
    /// The byte range.
    pub span: Span,
    /// What happens there.
    pub message: String,
}

/// One finding: plain data, rendered by the CLI's reporters.
#[derive(Clone, Debug)]
pub struct Diagnostic {
    /// The rule that fired.
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
    /// A one-line fix hint.
    pub help: Option<String>,
    /// Ranges of the file at `path` that hold a secret: reporters never show their text (the
    /// text report masks them in the source it prints, keeping at most the first four
    /// characters).
    pub redact: Vec<Span>,
}

impl Diagnostic {
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
            help: None,
            redact: Vec::new(),
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
