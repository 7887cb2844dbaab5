//! Containment checks that do not contain: a string prefix without a separator
//! (`p.startsWith(root)`: `/root_evil` passes), or a sound-looking check on a path whose `..`
//! segments or symlinks are not resolved yet (`joined.startsWith(root + sep)`,
//! `root in p.absolute().parents`).
//!
//! Such a check cleans nothing (the catalog's guard rows already refuse it); what this module
//! adds is *where the finding goes*. Values that pass a flawed check carry a
//! [`StepKind::FlawedCheck`] step on their path, and the project phase reports every flow
//! through it once, at the check, with the sinks it lets through as related places: the fix
//! is one line at the check, not one per sink.

use std::collections::BTreeSet;

use mcplint_ir::{Arg, Expr, ExprKind, Pattern, Span, Stmt, ops};
use serde::{Deserialize, Serialize};

use super::MAX_STEPS;
use super::env::{Env, Taint};
use super::guards::Refinement;
use super::summary::{Origin, Step, StepKind};
use super::walk::Analyzer;
use crate::catalog::any_matches;

/// Why a containment check lets paths outside the root through.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Flaw {
    /// A string prefix whose root does not end in a separator.
    PrefixWithoutSeparator,
    /// A path made absolute (`absolute()`, `abspath`) but not resolved: symlinks still point
    /// wherever they point.
    SymlinksUnresolved,
    /// A path checked before `..` segments are resolved (`join` then a prefix check).
    DotDotUnresolved,
    /// A check whose failing raise lands in a handler of the `try` around it that goes on:
    /// the path that fails it continues through the handler.
    SwallowedRaise,
}

impl Flaw {
    /// Why the check fails, for the finding's message.
    pub fn message(self) -> &'static str {
        match self {
            Flaw::PrefixWithoutSeparator => {
                "string prefix without a separator: `/root_evil` passes the check for `/root`"
            }
            Flaw::SymlinksUnresolved => {
                "checked without resolving symlinks: a link under the root that points outside it passes"
            }
            Flaw::DotDotUnresolved => {
                "checked before `..` segments are resolved: `root/../etc` passes the check for `root`"
            }
            Flaw::SwallowedRaise => {
                "its throw is swallowed by the surrounding catch: a path that fails the check goes on through the handler"
            }
        }
    }

    /// The sink kind whose flows a flawed containment check lets through.
    pub const SINK_KIND: &'static str = "path";
}

/// A flawed check that passes on one branch: the origins it checks pass it at `span`.
#[derive(Clone, Debug)]
pub(super) struct FlawMark {
    /// The origins the check looks at.
    pub(super) origins: BTreeSet<Origin>,
    /// The check.
    pub(super) span: Span,
    /// What is wrong with it.
    pub(super) flaw: Flaw,
    /// The other file the check is in (an index into [`super::walk::Learned::foreign_files`]),
    /// when it is in a predicate of another file.
    pub(super) file: Option<u32>,
}

impl FlawMark {
    /// The step of a path that passes this check.
    pub(super) fn step(&self) -> Step {
        Step {
            span: self.span,
            kind: match self.file {
                Some(file) => StepKind::FlawedCheckIn(self.flaw, file),
                None => StepKind::FlawedCheck(self.flaw),
            },
        }
    }
}

/// The flaw of a step that passes a flawed check, in this file or in another one.
pub(super) fn step_flaw(kind: StepKind) -> Option<(Flaw, Option<u32>)> {
    match kind {
        StepKind::FlawedCheck(flaw) => Some((flaw, None)),
        StepKind::FlawedCheckIn(flaw, file) => Some((flaw, Some(file))),
        _ => None,
    }
}

/// Marks every value holding an origin of a mark as having passed that flawed check.
pub(super) fn apply_flaws(env: &mut Env, marks: &[FlawMark]) {
    for mark in marks {
        let step = mark.step();
        for t in env.values_mut() {
            for (origin, (_, steps)) in t.iter_mut() {
                if mark.origins.contains(origin)
                    && steps.len() < MAX_STEPS
                    && !steps.contains(&step)
                {
                    steps.push(step);
                }
            }
        }
    }
}

/// After a handler that goes on was joined into `joined` with its end state `handler`: a
/// value that failed a swallowed check there takes the handler's path, which shows the check
/// (the other paths, where the check held, are the ones that came first).
pub(super) fn keep_swallowed_steps(joined: &mut Env, handler: &Env) {
    let swallowed = |steps: &[Step]| {
        steps
            .iter()
            .any(|s| s.kind == StepKind::FlawedCheck(Flaw::SwallowedRaise))
    };
    for (name, t) in handler {
        let Some(j) = joined.get_mut(name) else {
            continue;
        };
        for (origin, (_, steps)) in t {
            if let (true, Some((_, known))) = (swallowed(steps), j.get_mut(origin))
                && !swallowed(known)
            {
                known.clone_from(steps);
            }
        }
    }
}

/// The flawed checks the values of `t` passed, as marks (a predicate's `return` after an
/// `if not str(p).startswith(str(root)): return False`).
pub(super) fn passed_flaws(t: &Taint) -> Vec<FlawMark> {
    let mut out = Vec::new();
    for (origin, (_, steps)) in t {
        for s in steps {
            if let Some((flaw, file)) = step_flaw(s.kind) {
                out.push(FlawMark {
                    origins: BTreeSet::from([*origin]),
                    span: s.span,
                    flaw,
                    file,
                });
            }
        }
    }
    out
}

/// The method names of string prefix checks.
const PREFIX_METHODS: [&str; 3] = ["startsWith", "startswith", "starts_with"];

/// Whether a method called on a receiver of this text (or bound to it) returns a string
/// rather than a `Path`: Rust's `Path::starts_with` compares whole components and is sound.
fn is_rust_string(text: &str) -> bool {
    [
        "to_string_lossy",
        "to_str()",
        "to_string()",
        "display()",
        "format!",
        "as_str()",
    ]
    .iter()
    .any(|m| text.contains(m))
}

/// Whether the text of a checked value says it was joined to a root (`..` segments kept).
fn joins(text: &str) -> bool {
    text.contains("join(") || text.contains(" / ")
}

/// Whether the text of a checked value says it was made absolute rather than resolved.
fn made_absolute(text: &str) -> bool {
    text.contains("absolute") || text.contains("abspath")
}

impl Analyzer<'_, '_> {
    /// A path check at `span` whose failing raise lands in the handlers of the innermost
    /// `try` around it: what the check would clean on its passing branch (`passing`) reaches
    /// those handlers having passed a swallowed check.
    pub(super) fn note_swallowed(&mut self, span: Span, passing: &Refinement) {
        let path_bit = self.cx.catalog.kind_bit(Flaw::SINK_KIND);
        let Some(cx) = self.frame.tries.iter_mut().rev().find(|cx| cx.catching) else {
            return;
        };
        let mut origins: BTreeSet<Origin> = BTreeSet::new();
        for c in passing.clears.iter().filter(|c| c.kinds & path_bit != 0) {
            origins.extend(c.origins.iter().copied());
        }
        for m in &passing.flaws {
            origins.extend(m.origins.iter().copied());
        }
        if origins.is_empty() || cx.swallowed.iter().any(|m| m.span == span) {
            return;
        }
        cx.swallowed.push(FlawMark {
            origins,
            span,
            flaw: Flaw::SwallowedRaise,
            file: None,
        });
    }

    /// The flawed containment check `test` is, if any: the mark for the branch where it
    /// passes, and whether that is the true branch.
    pub(super) fn flaw_of(&mut self, test: &Expr, env: &mut Env) -> Option<(FlawMark, bool)> {
        let ExprKind::Call {
            callee,
            receiver,
            args,
        } = &test.kind
        else {
            return None;
        };
        let method = callee.rsplit(['.', ':']).next().unwrap_or(callee);
        if let (true, Some(recv)) = (PREFIX_METHODS.contains(&method), receiver.as_deref()) {
            return self.prefix_flaw(callee, recv, args.first()?, test.span, env);
        }
        if method == "is_relative_to"
            && let Some(recv) = receiver.as_deref()
        {
            return self
                .unresolved_flaw(recv, test.span, env)
                .map(|m| (m, true));
        }
        // `root in p.absolute().parents`
        if (callee == ops::IN || callee == ops::NOT_IN)
            && let Some(container) = args.get(1).map(|a| &a.value)
            && container.as_name().is_some_and(|n| n.ends_with(".parents"))
        {
            return self
                .unresolved_flaw(container, test.span, env)
                .map(|m| (m, callee == ops::IN));
        }
        None
    }

    /// `p.startsWith(root)`: flawed when `root` does not end in a separator (by the catalog's
    /// path guard rows for the call), or when it does but `p` is not resolved. A literal
    /// prefix is a containment check only when it is an absolute path (`"/srv/data"`).
    fn prefix_flaw(
        &mut self,
        callee: &str,
        recv: &Expr,
        prefix: &Arg,
        span: Span,
        env: &mut Env,
    ) -> Option<(FlawMark, bool)> {
        if let Some(lit) = prefix.value.as_str()
            && !(lit.len() > 1 && lit.starts_with('/'))
        {
            return None;
        }
        let mut prefix_texts = vec![self.const_text(&prefix.value).to_owned()];
        if let Some(name) = prefix.value.as_name() {
            prefix_texts.extend(self.assigned_texts(name));
        }
        if self.cx.file.lang == mcplint_ir::Lang::Rust {
            let recv_text = self.const_text(recv);
            let lexical = recv
                .as_name()
                .and_then(|n| self.fs.locals.bindings.get(n))
                .map(|s| self.cx.file.source.slice(*s));
            if !is_rust_string(recv_text) && !lexical.is_some_and(is_rust_string) {
                // `Path::starts_with` compares components: only an unresolved path is flawed.
                return self.unresolved_flaw(recv, span, env).map(|m| (m, true));
            }
        }
        let path_bit = self.cx.catalog.kind_bit("path");
        let with_separator = self
            .cx
            .cat
            .guards_for(callee)
            .filter(|g| g.kind_mask.0 & path_bit != 0 && any_matches(&g.call, callee))
            .filter_map(|g| g.arg_matches.as_ref())
            .filter(|m| m.at.is_some())
            .any(|m| prefix_texts.iter().any(|t| m.regex.is_match(t)))
            || prefix_texts
                .iter()
                .any(|t| t.ends_with("/\"") || t.ends_with("/'"));
        if with_separator {
            return self.unresolved_flaw(recv, span, env).map(|m| (m, true));
        }
        let origins = self.checked_origins(recv, env, |_| true)?;
        Some((
            FlawMark {
                origins,
                span,
                flaw: Flaw::PrefixWithoutSeparator,
                file: None,
            },
            true,
        ))
    }

    /// The source text of every value assigned to `name` in the function being walked or at
    /// module level: a root built with a separator in one of them (`rootSep = ROOT + sep`)
    /// makes a prefix check with it sound.
    fn assigned_texts(&self, name: &str) -> Vec<String> {
        let file = self.cx.file;
        let mut out = Vec::new();
        for id in [0, self.fs.caller] {
            let Some(func) = file.functions.get(id) else {
                continue;
            };
            mcplint_ir::visit::walk_stmts(&func.body, &mut |s| {
                if let Stmt::Assign {
                    target: Pattern::Name(n),
                    value,
                    ..
                } = s
                    && n == name
                {
                    out.push(file.source.slice(value.span).to_owned());
                }
            });
        }
        out
    }

    /// A containment check on `checked`: flawed when some of its taint is not resolved and the
    /// value was visibly made here by joining or making absolute (a parameter checked as it
    /// came may have been resolved by the caller).
    fn unresolved_flaw(&mut self, checked: &Expr, span: Span, env: &mut Env) -> Option<FlawMark> {
        let mut texts = vec![self.const_text(checked).to_owned()];
        if let Some(name) = checked.as_name() {
            texts.extend(self.assigned_texts(name.split('.').next().unwrap_or(name)));
        }
        let flaw = if texts.iter().any(|t| made_absolute(t)) {
            Flaw::SymlinksUnresolved
        } else if texts.iter().any(|t| joins(t)) {
            Flaw::DotDotUnresolved
        } else {
            return None;
        };
        let origins = self.checked_origins(checked, env, |resolved| !resolved)?;
        Some(FlawMark {
            origins,
            span,
            flaw,
            file: None,
        })
    }

    /// The origins of `checked` whose resolved state `keep` accepts (with what the calls they
    /// came from were given), or `None` when there are none.
    fn checked_origins(
        &mut self,
        checked: &Expr,
        env: &mut Env,
        keep: impl Fn(bool) -> bool,
    ) -> Option<BTreeSet<Origin>> {
        let t = self.eval(checked, env);
        for (o, (f, _)) in &t {
            if !f.resolved {
                self.note_unresolved(*o);
            }
        }
        let origins: BTreeSet<Origin> = t
            .iter()
            .filter(|(_, (f, _))| keep(f.resolved))
            .map(|(o, _)| *o)
            .collect();
        if origins.is_empty() {
            return None;
        }
        Some(self.expand_origins(origins))
    }
}

#[cfg(test)]
mod tests {
    use super::Flaw;
    use crate::taint::test_support::{function, sink_facts, summarize_python};
    use crate::taint::{StepKind, Target};

    const SOURCE: &str = r#"
import os

ROOT = os.path.realpath("/srv/files")

def no_separator(name):
    real = os.path.realpath(os.path.join(ROOT, name))
    if not real.startswith(ROOT):
        raise PermissionError(name)
    open(real)

def with_separator(name):
    real = os.path.realpath(os.path.join(ROOT, name))
    if not real.startswith(ROOT + os.sep):
        raise PermissionError(name)
    open(real)

def joined_not_resolved(name):
    joined = os.path.join(ROOT, name)
    if not joined.startswith(ROOT + os.sep):
        raise PermissionError(name)
    open(joined)

def checked_as_given(path):
    if not path.startswith(ROOT + os.sep):
        raise PermissionError(path)
    open(path)

def swallowed(name):
    real = os.path.realpath(os.path.join(ROOT, name))
    try:
        if not real.startswith(ROOT + os.sep):
            raise PermissionError(name)
    except PermissionError:
        print("outside")
    open(real)

def swallowed_then_raised(name):
    real = os.path.realpath(os.path.join(ROOT, name))
    try:
        if not real.startswith(ROOT + os.sep):
            raise PermissionError(name)
    except PermissionError:
        raise
    open(real)
"#;

    /// The flaws on the paths of `name` into a sink (`os.path.join(ROOT, name)` is a call
    /// site of its own, so the facts start at its result).
    fn flaws(name: &str) -> Vec<Flaw> {
        let s = summarize_python("t.py", SOURCE);
        s.functions[function(&s, name)]
            .facts
            .iter()
            .filter(|f| matches!(f.to, Target::Sink(_)))
            .flat_map(|f| f.steps.iter())
            .filter_map(|step| match step.kind {
                StepKind::FlawedCheck(flaw) => Some(flaw),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn a_prefix_without_a_separator_is_a_flawed_check_on_the_path() {
        assert_eq!(flaws("no_separator"), [Flaw::PrefixWithoutSeparator]);
    }

    #[test]
    fn a_prefix_with_a_separator_on_a_resolved_path_is_sound() {
        let s = summarize_python("t.py", SOURCE);
        let facts = &s.functions[function(&s, "with_separator")].facts;
        let sinks = facts.iter().filter(|f| matches!(f.to, Target::Sink(_)));
        assert!(sinks.clone().all(|f| f.flags.cleared != 0), "{facts:?}");
        assert!(flaws("with_separator").is_empty());
    }

    #[test]
    fn a_joined_path_checked_before_resolving_is_flawed() {
        assert_eq!(flaws("joined_not_resolved"), [Flaw::DotDotUnresolved]);
    }

    #[test]
    fn a_check_whose_raise_a_handler_swallows_is_flawed() {
        assert_eq!(flaws("swallowed"), [Flaw::SwallowedRaise]);
        let s = summarize_python("t.py", SOURCE);
        assert!(sink_facts(&s, "swallowed_then_raised", 0, "path").is_empty());
    }

    #[test]
    fn a_parameter_checked_as_given_is_not_called_flawed() {
        // The caller may have resolved it: the finding stays at the sink.
        let s = summarize_python("t.py", SOURCE);
        assert_eq!(sink_facts(&s, "checked_as_given", 0, "path").len(), 1);
        assert!(flaws("checked_as_given").is_empty());
    }
}
