//! Rule registration: what a rule checks and the `declare_rule!` macro.

use std::ops::Deref;

use crate::diagnostic::{Diagnostic, Label, Rule, Severity};
use crate::facts::FileContext;
use crate::taint::Flow;

/// How a rule finds problems.
#[derive(Clone, Copy)]
pub enum Check {
    /// Reads one file's IR in the per-file phase.
    Ir(fn(&FileContext<'_>, &mut Vec<Diagnostic>)),
    /// Reports taint flows into the sink kinds the rule owns.
    Taint {
        /// The catalog sink kinds this rule owns (`shell`, `path`, ...).
        kinds: &'static [&'static str],
        /// The finding's message: `{tool}` stands for the tool's kind (`tool`, `resource`),
        /// `{what}` for what the sink is (`a shell command`). The fix hint comes from the
        /// catalog's `[help]` table of the sink's language.
        message: &'static str,
    },
    /// Reports flows of values that are not tool input but are read by the catalog's
    /// `[[source]]` rows of one kind (the incoming request's bearer token, a credential the
    /// server holds) into the sink kinds the rule owns; the kind `result` is a tool's result
    /// (what its handler returns or raises).
    SourceTaint {
        /// The `[[source]]` kind followed (`token`, `secret`).
        source: &'static str,
        /// The sink kinds this rule owns for those values.
        kinds: &'static [&'static str],
        /// Of `kinds`, those reported as warnings.
        warn: &'static [&'static str],
        /// The finding's message: `{source}` stands for what was read, `{what}` for what the
        /// sink is, `{tool}` for the tool's kind.
        message: &'static str,
    },
    /// Reads one file's IR like `Ir`, but its findings hold only in code a tool, resource or
    /// prompt reaches: the project phase keeps those whose function (or a function around it)
    /// a handler reaches through the project's calls (`missing-timeout`).
    Reached(fn(&FileContext<'_>, &mut Reached)),
    /// Reported by the engine itself while it applies suppressions (`unused-suppression`).
    Engine,
}

/// What a [`Check::Reached`] rule hands the project phase for one file. It round-trips through
/// serde (it is part of the per-file result the summary cache keeps).
#[derive(Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct Reached {
    /// The findings, each waiting for a handler to reach its function.
    pub findings: Vec<Pending>,
    /// Calls the project phase does not follow: a helper called under a bound
    /// (`asyncio.wait_for(fetch_all(), 10)`) is not reached through that call. The calls' spans,
    /// or spans around them.
    pub cut: Vec<mcplint_ir::Span>,
    /// Program-wide settings this file makes (`socket.setdefaulttimeout(...)`): a finding whose
    /// [`Pending::unless`] names one of them is dropped in this file and the files it imports
    /// or is imported by.
    pub settings: Vec<String>,
}

/// A finding of a [`Check::Reached`] rule.
#[derive(Debug, serde::Serialize, serde::Deserialize)]
pub struct Pending {
    /// The function of the file the finding is in (an index of [`mcplint_ir::File::functions`]).
    pub func: mcplint_ir::FnId,
    /// A program-wide setting that withdraws the finding when its file, or a file it imports or
    /// is imported by, makes it.
    pub unless: Option<String>,
    /// The finding.
    pub diagnostic: Diagnostic,
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

impl Diagnostic {
    /// The finding of `rule` for a taint flow: primary span on the sink, a label on the tool
    /// parameter the data came from, and the whole path as `flow`. The message is `template`
    /// (or the sink row's own, [`Flow::message`]) with `{tool}` replaced by the tool's kind and
    /// `{what}` by what the sink is; `help` is the rule's fix hint in the sink's language. A
    /// sink a plugin host confines ([`Flow::confined`]) is a warning whose message says what
    /// confines it.
    pub fn from_flow(rule: &'static Rule, flow: &Flow, template: &str, help: Option<&str>) -> Self {
        let template = flow.message.as_deref().unwrap_or(template);
        let mut d = Diagnostic::new(rule, &flow.path, flow.sink, fill(template, flow));
        d.help = help.map(str::to_owned);
        d.labels.push(flow.source.clone());
        d.flow.clone_from(&flow.steps);
        d.helpers.clone_from(&flow.helpers);
        d.lower_when_confined([flow]);
        d
    }

    /// Lowers the finding to a warning that says what confines its sinks when a plugin host
    /// confines every one of them (the same confinement: one framework per file).
    fn lower_when_confined<'f>(&mut self, flows: impl IntoIterator<Item = &'f Flow>) {
        let mut whys = flows.into_iter().map(|f| f.confined.as_deref());
        let Some(Some(why)) = whys.next() else {
            return;
        };
        if whys.all(|w| w == Some(why)) {
            self.message = format!("{}, but {why}", self.message);
            self.severity = Severity::Warning;
        }
    }
}

impl Diagnostic {
    /// The one finding of `rule` for flows that all pass the flawed check `check`: primary
    /// span on the check, its message saying why it fails, a label on the tool parameter of the
    /// first flow, and every flow (source to sink) in [`Diagnostic::let_through`].
    pub fn from_flawed_check(
        rule: &'static Rule,
        check: &Label,
        flows: &[&Flow],
        help: Option<&str>,
    ) -> Option<Self> {
        let first = flows.first()?;
        let reaches = if flows.len() == 1 {
            first.what.clone()
        } else {
            format!("{} sinks", flows.len())
        };
        let message = format!(
            "flawed containment check: {}; {} input reaches {reaches} through it",
            check.message, first.tool.0
        );
        let mut d = Diagnostic::new(rule, &check.path, check.span, message);
        d.help = help.map(str::to_owned);
        d.labels.push(first.source.clone());
        d.flow.clone_from(&first.steps);
        d.let_through = flows.iter().map(|f| f.steps.clone()).collect();
        for helper in flows.iter().flat_map(|f| &f.helpers) {
            if !d.helpers.contains(helper) {
                d.helpers.push(helper.clone());
            }
        }
        d.lower_when_confined(flows.iter().copied());
        Some(d)
    }
}

/// `template` with each `{tool}`, `{what}` and `{source}` replaced by the flow's tool kind, sink
/// description and what its source read, in one pass (a replaced text is never read again).
fn fill(template: &str, flow: &Flow) -> String {
    let mut out = String::with_capacity(template.len() + flow.what.len());
    let mut rest = template;
    while let Some(i) = rest.find('{') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        if let Some(after) = rest.strip_prefix("{tool}") {
            out.push_str(&flow.tool.0);
            rest = after;
        } else if let Some(after) = rest.strip_prefix("{what}") {
            out.push_str(&flow.what);
            rest = after;
        } else if let Some(after) = rest.strip_prefix("{source}") {
            out.push_str(flow.source_what.as_deref().unwrap_or("tool input"));
            rest = after;
        } else {
            out.push('{');
            rest = &rest[1..];
        }
    }
    out.push_str(rest);
    out
}
