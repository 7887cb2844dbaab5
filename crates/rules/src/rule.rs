//! Rule registration: what a rule checks and the `declare_rule!` macro.

use std::ops::Deref;

use crate::diagnostic::{Diagnostic, Rule};
use crate::facts::FileContext;
use crate::taint::Flow;

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

/// A rule as the registry holds it: its identity and documentation ([`Rule`], which findings
/// point to) and its check. Dereferences to the [`Rule`].
pub struct RegisteredRule {
    /// The rule's identity and documentation.
    pub rule: Rule,
    /// The check.
    pub check: Check,
}

impl Deref for RegisteredRule {
    type Target = Rule;

    fn deref(&self) -> &Rule {
        &self.rule
    }
}

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
        $vis static $ident: $crate::rule::RegisteredRule = $crate::rule::RegisteredRule {
            rule: $crate::Rule {
                name: $name,
                severity: $crate::Severity::$sev,
                cwe: &[$($cwe),*],
                summary: $summary,
                languages: &[$(mcplint_ir::Lang::$lang),*],
                docs: concat!($($doc, "\n"),*),
            },
            check: $check,
        };
    };
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
    pub(crate) fn for_flow(&self, flow: &Flow) -> &'static str {
        match flow.lang {
            Some(mcplint_ir::Lang::TypeScript | mcplint_ir::Lang::JavaScript) => self.typescript,
            Some(mcplint_ir::Lang::Rust) => self.rust,
            _ => self.python,
        }
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
