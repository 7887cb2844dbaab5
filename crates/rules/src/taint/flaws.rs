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

/// Why a condition that looks like a containment check is not accepted as one: it cleans
/// nothing and is not a flawed check either (those are reported at the check). A path flow
/// through it carries a [`StepKind::NotAccepted`] step, so the finding says which check it
/// passed and why that check does not count.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum NotAccepted {
    /// A check for `..` segments (`".." in name`, `segment == ".."`, `Component::ParentDir`):
    /// the path is never compared with a root.
    DotDotOnly,
    /// A prefix or containment check (`starts_with(root)`, `is_relative_to`) on a path whose
    /// symlinks are not resolved, which is not visibly joined or made absolute here either
    /// (that would be a flawed check).
    Unresolved,
    /// A sound check of another value made from the same input (`full` checked, `name` used).
    ChecksCopy,
}

impl NotAccepted {
    /// Why the check does not count, for the flow step's message.
    pub fn message(self) -> &'static str {
        match self {
            NotAccepted::DotDotOnly => {
                "it rejects `..` but never compares the path with a root: an absolute path or a symlink still leads outside"
            }
            NotAccepted::Unresolved => {
                "it does not resolve symlinks: the path is not canonicalized (`realpath`, `resolve()`, `canonicalize`) before it is compared with the root"
            }
            NotAccepted::ChecksCopy => {
                "it checks a copy, uses the original: the value checked here is not the one that reaches the sink"
            }
        }
    }
}

/// A condition passed by the origins it looks at that looks like a containment check but is
/// not accepted as one.
#[derive(Clone, Debug)]
pub(super) struct NotAcceptedMark {
    /// The origins the condition looks at.
    pub(super) origins: BTreeSet<Origin>,
    /// The condition.
    pub(super) span: Span,
    /// Why it is not accepted.
    pub(super) why: NotAccepted,
}

/// Marks every value holding an origin of a mark as having passed that condition.
pub(super) fn apply_not_accepted(env: &mut Env, marks: &[NotAcceptedMark]) {
    for mark in marks {
        let step = Step {
            span: mark.span,
            kind: StepKind::NotAccepted(mark.why),
        };
        for t in env.values_mut() {
            for (origin, (_, steps)) in t.iter_mut() {
                if mark.origins.contains(origin)
                    && steps.len() < MAX_STEPS - 1
                    && !steps.contains(&step)
                {
                    steps.push(step);
                }
            }
        }
    }
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
    /// The conditions `test` is that look like a containment check but are accepted neither
    /// as one nor as a flawed one (see [`NotAccepted`]), for the branch that `when` says what
    /// holds on: one mark each, for the origins with path taint that the branch does not clean
    /// for paths (the branch where `segment == ".."` holds exits, the other goes on).
    pub(super) fn not_accepted(
        &mut self,
        test: &Expr,
        when: &Refinement,
        env: &mut Env,
    ) -> Vec<NotAcceptedMark> {
        let path_bit = self.cx.catalog.kind_bit(Flaw::SINK_KIND);
        let mut out = Vec::new();
        // `not`, `and`, `or`: their operands are marked as they are refined.
        if let ExprKind::Call { callee, .. } = &test.kind
            && [ops::NOT, ops::AND, ops::OR].contains(&callee.as_str())
        {
            return out;
        }
        let path_clears = when.clears.iter().filter(|c| c.kinds & path_bit != 0);
        let cleaned: BTreeSet<Origin> = path_clears
            .clone()
            .flat_map(|c| c.origins.iter().copied())
            .collect();
        // A sound check of some names: the same input in other values is not checked.
        let copies: BTreeSet<Origin> = path_clears
            .filter(|c| !c.all_vars)
            .flat_map(|c| c.origins.iter().copied())
            .filter(|o| !matches!(o, Origin::Ret(_)))
            .collect();
        if !copies.is_empty() {
            out.push(NotAcceptedMark {
                origins: copies,
                span: test.span,
                why: NotAccepted::ChecksCopy,
            });
        }
        let ExprKind::Call {
            callee, receiver, ..
        } = &test.kind
        else {
            return out;
        };
        let text = self.cx.file.source.slice(test.span);
        let method = crate::facts::tools::last_segment(callee);
        let (why, looked_at) =
            if text.contains("\"..\"") || text.contains("'..'") || text.contains("ParentDir") {
                (NotAccepted::DotDotOnly, None)
            } else if (PREFIX_METHODS.contains(&method) || method == "is_relative_to")
                && receiver.is_some()
                && !self.literal_prefix(test)
            {
                (NotAccepted::Unresolved, receiver.as_deref())
            } else {
                return out;
            };
        let mut names = Vec::new();
        super::guards::collect_names(looked_at.unwrap_or(test), &mut names);
        let mut origins = BTreeSet::new();
        for name in &names {
            for (o, (f, _)) in &Self::lookup(env, name) {
                let unresolved = why != NotAccepted::Unresolved || !f.resolved;
                if unresolved && f.cleared & path_bit == 0 && !cleaned.contains(o) {
                    origins.insert(*o);
                }
            }
        }
        if !origins.is_empty() {
            out.push(NotAcceptedMark {
                origins,
                span: test.span,
                why,
            });
        }
        out
    }

    /// Whether `test` is a prefix check against a literal that is not an absolute path
    /// (`s.starts_with('-')`, `url.startswith("http")`): not a containment check at all.
    fn literal_prefix(&self, test: &Expr) -> bool {
        let ExprKind::Call { args, .. } = &test.kind else {
            return false;
        };
        let Some(arg) = args.first() else {
            return false;
        };
        // A string literal, or a character literal (`'/'` in Rust) by its text.
        let text = self.cx.file.source.slice(arg.value.span).trim();
        let quoted = text.len() >= 2
            && text.starts_with(['"', '\'', '`'])
            && text.ends_with(['"', '\'', '`']);
        let literal = arg
            .value
            .as_str()
            .map(str::to_owned)
            .or_else(|| quoted.then(|| text[1..text.len() - 1].to_owned()));
        literal.is_some_and(|lit| !(lit.len() > 1 && lit.starts_with('/')))
    }

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
        let method = crate::facts::tools::last_segment(callee);
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
    use super::{Flaw, NotAccepted};
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

def dot_dot_only(name):
    if ".." in name:
        raise PermissionError(name)
    open(name)

def checks_a_copy(name):
    real = os.path.realpath(os.path.join(ROOT, name))
    if not real.startswith(ROOT + os.sep):
        raise PermissionError(name)
    open(name)

def literal_prefix(name):
    if name.startswith("-"):
        raise PermissionError(name)
    open(name)

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

    /// The checks not accepted on the paths into a sink of function `name`.
    fn not_accepted(name: &str) -> Vec<NotAccepted> {
        let s = summarize_python("t.py", SOURCE);
        let mut out: Vec<NotAccepted> = s.functions[function(&s, name)]
            .facts
            .iter()
            .filter(|f| matches!(f.to, Target::Sink(_)))
            .flat_map(|f| f.steps.iter())
            .filter_map(|step| match step.kind {
                StepKind::NotAccepted(why) => Some(why),
                _ => None,
            })
            .collect();
        out.dedup();
        out
    }

    #[test]
    fn checks_that_are_not_accepted_say_why_on_the_path() {
        assert_eq!(not_accepted("dot_dot_only"), [NotAccepted::DotDotOnly]);
        assert_eq!(not_accepted("checks_a_copy"), [NotAccepted::ChecksCopy]);
        assert_eq!(not_accepted("checked_as_given"), [NotAccepted::Unresolved]);
        // A literal prefix that is not a root is no containment check at all.
        assert!(not_accepted("literal_prefix").is_empty());
        // A flawed check is reported as one, and a sound one cleans.
        assert!(not_accepted("no_separator").is_empty());
        assert!(not_accepted("with_separator").is_empty());
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
