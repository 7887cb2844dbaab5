//! Rule metadata, the `declare_rule!` macro and the diagnostic data type.

use mcplint_ir::{File, Lang, Span};
use serde::Serialize;

use crate::catalog::LangCatalog;
use crate::taint::Flow;
use crate::tools::ToolDecl;

/// What a per-file rule sees: the file, the catalog rows of its language and the shared facts
/// computed once per file.
pub struct FileContext<'a> {
    /// The lowered file.
    pub file: &'a File,
    /// The catalog rows for the file's language.
    pub catalog: &'a LangCatalog,
    /// The file's tool, resource and prompt declarations.
    pub tools: &'a [ToolDecl],
}

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

/// How a rule finds problems.
#[derive(Clone, Copy)]
pub enum Check {
    /// Reads one file's IR in the per-file phase.
    Ir(fn(&FileContext<'_>, &mut Vec<Diagnostic>)),
    /// Turns a taint flow into a finding, for flows into the sink kinds the rule owns.
    Taint {
        /// The catalog sink kinds this rule owns (`shell`, `path`, ...).
        kinds: &'static [&'static str],
        /// Builds the finding for one flow.
        report: fn(&Flow) -> Diagnostic,
    },
    /// Reported by the engine itself while it applies suppressions (`unused-suppression`).
    Engine,
}

/// A rule: its identity, documentation and check.
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
    /// The check.
    pub check: Check,
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

/// Declares a rule as a `static`; the doc comment becomes its documentation in rules.md.
#[macro_export]
macro_rules! declare_rule {
    (
        $(#[doc = $doc:expr])*
        $vis:vis $ident:ident {
            name: $name:literal,
            severity: $sev:ident,
            cwe: [$($cwe:literal),*],
            summary: $summary:literal,
            languages: [$($lang:ident),*],
            check: $check:expr $(,)?
        }
    ) => {
        $(#[doc = $doc])*
        $vis static $ident: $crate::Rule = $crate::Rule {
            name: $name,
            severity: $crate::Severity::$sev,
            cwe: &[$($cwe),*],
            summary: $summary,
            languages: &[$(mcplint_ir::Lang::$lang),*],
            docs: concat!($($doc, "\n"),*),
            check: $check,
        };
    };
}

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

/// A taint rule's fix hint, per language of the sink: Python (and any other), TypeScript and
/// JavaScript, Rust.
#[derive(Clone, Copy, Debug)]
pub(crate) struct FixHint {
    /// For Python sinks.
    pub(crate) python: &'static str,
    /// For TypeScript and JavaScript sinks.
    pub(crate) typescript: &'static str,
    /// For Rust sinks.
    pub(crate) rust: &'static str,
}

impl FixHint {
    /// The hint for the language of `flow`'s sink.
    pub(crate) fn for_flow(&self, flow: &crate::taint::Flow) -> &'static str {
        match flow.lang {
            Some(mcplint_ir::Lang::TypeScript | mcplint_ir::Lang::JavaScript) => self.typescript,
            Some(mcplint_ir::Lang::Rust) => self.rust,
            _ => self.python,
        }
    }
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

impl Diagnostic {
    /// The finding for a taint flow: primary span on the sink, a label on the tool parameter the
    /// data came from, and the whole path as `flow`.
    pub fn from_flow(
        rule: &'static Rule,
        flow: &Flow,
        message: impl Into<String>,
        help: &str,
    ) -> Self {
        let mut d = Diagnostic::new(rule, &flow.path, flow.sink, message).help(help);
        d.labels.push(flow.source.clone());
        d.flow.clone_from(&flow.steps);
        d
    }
}
