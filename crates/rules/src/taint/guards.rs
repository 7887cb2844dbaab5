use std::collections::{BTreeMap, BTreeSet};

use mcplint_ir::{Arg, Expr, ExprKind, File, Lang, Part, Pattern, Stmt, ops};

use super::env::Env;
use super::flaws::{Flaw, FlawMark, NotAcceptedMark, apply_flaws, apply_not_accepted};
use super::parts::{is_part, keyed_field};
use super::resolve::is_project_rooted;
use super::summary::{CallTarget, Origin};
use super::walk::{Analyzer, PredicateFlaw};
use crate::catalog::typed::{GuardTarget, PathState};
use crate::catalog::{GuardRow, any_matches};
use crate::facts::tools::{locate_arg, locate_arg_index};

/// Facts that hold when a condition is true or false: names cleaned for kinds.
#[derive(Default, Clone)]
pub(super) struct Refinement {
    pub(super) clears: Vec<Clear>,
    /// Flawed checks passed on this branch (see [`super::flaws`]).
    pub(super) flaws: Vec<FlawMark>,
    /// Conditions that look like containment checks but are not accepted, passed on this
    /// branch (see [`super::flaws::NotAccepted`]).
    pub(super) not_accepted: Vec<NotAcceptedMark>,
}

impl Refinement {
    /// Adds what `other` says.
    fn extend(&mut self, other: Refinement) {
        self.clears.extend(other.clears);
        self.flaws.extend(other.flaws);
        self.not_accepted.extend(other.not_accepted);
    }
}

#[derive(Clone)]
pub(super) struct Clear {
    pub(super) names: Vec<String>,
    pub(super) kinds: u64,
    /// Only these origins are cleaned (those meeting the guard's requirement).
    pub(super) origins: BTreeSet<Origin>,
    /// Clean these origins in every variable, not only in `names`.
    pub(super) all_vars: bool,
}

/// The source text of every `if` test in `stmts` whose taken branch always exits.
pub(super) fn collect_exiting_tests(stmts: &[Stmt], file: &File, out: &mut String) {
    for s in stmts {
        match s {
            Stmt::If { test, then, orelse } => {
                if then.iter().any(|t| matches!(t, Stmt::Exit { .. })) {
                    out.push_str(file.source.slice(test.span));
                    out.push('\n');
                }
                collect_exiting_tests(then, file, out);
                collect_exiting_tests(orelse, file, out);
            }
            Stmt::Loop(body) => collect_exiting_tests(body, file, out),
            Stmt::Try {
                body,
                handlers,
                orelse,
                finally,
            } => {
                collect_exiting_tests(body, file, out);
                for h in handlers {
                    collect_exiting_tests(&h.body, file, out);
                }
                collect_exiting_tests(orelse, file, out);
                collect_exiting_tests(finally, file, out);
            }
            _ => {}
        }
    }
}

pub(super) fn collect_names(e: &Expr, out: &mut Vec<String>) {
    match &e.kind {
        ExprKind::Name(n) => out.push(n.clone()),
        ExprKind::Call {
            receiver: Some(r),
            args,
            ..
        } if keyed_field(r, args).is_some() => out.extend(keyed_field(r, args)),
        ExprKind::Call { receiver, args, .. } => {
            if let Some(r) = receiver {
                collect_names(r, out);
            }
            for a in args {
                collect_names(&a.value, out);
            }
        }
        ExprKind::Interp(parts) => {
            for p in parts {
                if let Part::Hole(h) = p {
                    collect_names(h, out);
                }
            }
        }
        ExprKind::Record(args) => {
            for a in args {
                collect_names(&a.value, out);
            }
        }
        ExprKind::Other(children) => {
            for c in children {
                collect_names(c, out);
            }
        }
        ExprKind::Cond { .. } | ExprKind::Str(_) | ExprKind::Func(_) => {}
    }
}

pub(super) fn apply(env: &mut Env, r: &Refinement) {
    apply_flaws(env, &r.flaws);
    apply_not_accepted(env, &r.not_accepted);
    for clear in &r.clears {
        // A call site's result is unique to it: clean it wherever it went. The member names of
        // an archive it opened are not that result (see `Flags::member`): a check of one
        // member (`entry.type !== "File"`) cleans the names it checks, below, not the others.
        let rets: BTreeSet<Origin> = clear
            .origins
            .iter()
            .copied()
            .filter(|o| matches!(o, Origin::Ret(_)))
            .collect();
        if !rets.is_empty() {
            for t in env.values_mut() {
                for (origin, (flags, _)) in t.iter_mut() {
                    if rets.contains(origin) && !flags.member {
                        flags.cleared |= clear.kinds;
                    }
                }
            }
        }
        if clear.all_vars {
            for t in env.values_mut() {
                for (origin, (flags, _)) in t.iter_mut() {
                    if clear.origins.contains(origin) {
                        flags.cleared |= clear.kinds;
                    }
                }
            }
            continue;
        }
        for name in &clear.names {
            // Checking a field (`args.profile`) cleans that field only: give it its own entry.
            if !env.contains_key(name) {
                let inherited = Analyzer::lookup(env, name);
                if inherited.is_empty() {
                    continue;
                }
                env.insert(name.clone(), inherited);
            }
            if let Some(t) = env.get_mut(name) {
                for (origin, (flags, _)) in t.iter_mut() {
                    if clear.origins.contains(origin) {
                        flags.cleared |= clear.kinds;
                    }
                }
            }
        }
    }
}

/// What holds whichever of `alternatives` holds: each name (or, for clears of every variable,
/// each origin) cleaned by all of them, for the kinds all of them clean; and the checks not
/// accepted that any of them passed (they explain a flow, whichever held).
fn common_clears(alternatives: &[Refinement]) -> Refinement {
    type Key = (Option<String>, Origin);
    let kinds_by_key = |r: &Refinement| {
        let mut m: BTreeMap<Key, u64> = BTreeMap::new();
        for c in &r.clears {
            for o in &c.origins {
                if c.all_vars {
                    *m.entry((None, *o)).or_default() |= c.kinds;
                }
                for n in &c.names {
                    *m.entry((Some(n.clone()), *o)).or_default() |= c.kinds;
                }
            }
        }
        m
    };
    let mut iter = alternatives.iter();
    let Some(first) = iter.next() else {
        return Refinement::default();
    };
    let mut common = kinds_by_key(first);
    for other in iter {
        let theirs = kinds_by_key(other);
        common.retain(|(name, o), kinds| {
            let everywhere = theirs.get(&(None, *o)).copied().unwrap_or(0);
            let here = name
                .as_ref()
                .and_then(|n| theirs.get(&(Some(n.clone()), *o)))
                .copied()
                .unwrap_or(0);
            *kinds &= everywhere | here;
            *kinds != 0
        });
    }
    Refinement {
        clears: common
            .into_iter()
            .map(|((name, o), kinds)| Clear {
                all_vars: name.is_none(),
                names: name.into_iter().collect(),
                kinds,
                origins: BTreeSet::from([o]),
            })
            .collect(),
        flaws: Vec::new(),
        not_accepted: alternatives
            .iter()
            .flat_map(|r| r.not_accepted.iter().cloned())
            .collect(),
    }
}

/// The configured value an `if` tests for being set: `if (this.baseDir)`, `if root:`,
/// `if root is not None`, `if (base != null)`, Rust `if let Some(r) = &self.root`.
fn configured_value(test: &Expr, lang: Lang) -> Option<&str> {
    match &test.kind {
        ExprKind::Name(n) => Some(n),
        ExprKind::Call { callee, args, .. } if callee == ops::NE => match args.as_slice() {
            [value, unset]
                if matches!(unset.value.as_name(), Some("None" | "null" | "undefined")) =>
            {
                value.value.as_name()
            }
            _ => None,
        },
        ExprKind::Other(children) if lang == Lang::Rust => match children.as_slice() {
            [scrutinee] => scrutinee.as_name(),
            _ => None,
        },
        _ => None,
    }
}

/// Whether `text` mentions `name` as a whole name (`root` in `p.startsWith(root + sep)`, not
/// in `rootless`).
fn mentions(text: &str, name: &str) -> bool {
    let is_word = |c: char| c.is_alphanumeric() || c == '_';
    text.match_indices(name).any(|(i, _)| {
        let before = text[..i].chars().next_back();
        let after = text[i + name.len()..].chars().next();
        !before.is_some_and(|c| is_word(c) || c == '.') && !after.is_some_and(is_word)
    })
}

impl Analyzer<'_, '_> {
    /// The source text of `e`, or of the module-level constant it names (`SAFE_RE`, `ROOT_SEP`).
    pub(super) fn const_text(&self, e: &Expr) -> &str {
        if let Some(span) = e.as_name().and_then(|n| self.fs.locals.bindings.get(n)) {
            return self.cx.file.source.slice(*span);
        }
        if let Some(name) = e.as_name()
            && let Some(top) = self.cx.file.functions.first()
        {
            let bound = top.body.iter().rev().find_map(|s| match s {
                Stmt::Assign {
                    target: Pattern::Name(n),
                    value,
                    ..
                } if n == name => Some(value.span),
                _ => None,
            });
            if let Some(span) = bound {
                return self.cx.file.source.slice(span);
            }
        }
        self.cx.file.source.slice(e.span)
    }

    /// Whether `if test: then` runs a containment check against the very root it tests for
    /// being configured (`if (this.baseDir) { ... if (!p.startsWith(base + sep)) throw }`
    /// with `base` made from `this.baseDir`): without a root the server is unrestricted by the
    /// operator's choice, so what the check cleans stays clean after the `if`. A condition
    /// the check does not use (`if (strict)`) is no such test.
    pub(super) fn checks_configured_root(&self, test: &Expr, then: &[Stmt]) -> bool {
        let file = self.cx.file;
        let Some(root) = configured_value(test, file.lang) else {
            return false;
        };
        // The names made from the root inside the branch: `base = path.normalize(root)`.
        let mut roots = vec![root.to_owned()];
        mcplint_ir::visit::walk_stmts(then, &mut |s| {
            if let Stmt::Assign { target, value, .. } = s
                && roots
                    .iter()
                    .any(|r| mentions(file.source.slice(value.span), r))
            {
                roots.extend(target.names().into_iter().map(str::to_owned));
            }
        });
        let mut tests = String::new();
        collect_exiting_tests(then, file, &mut tests);
        roots.iter().any(|r| mentions(&tests, r))
    }

    /// After `if root: <check>` (see [`Analyzer::checks_configured_root`]): what the branch
    /// cleaned for paths (`checked`) stays clean in the joined `env`.
    pub(super) fn keep_path_clears(&self, env: &mut Env, checked: &Env) {
        let path_bit = self.cx.catalog.kind_bit(Flaw::SINK_KIND);
        for (name, t) in checked {
            let Some(joined) = env.get_mut(name) else {
                continue;
            };
            for (origin, (flags, _)) in t {
                if flags.cleared & path_bit != 0
                    && let Some((f, _)) = joined.get_mut(origin)
                {
                    f.cleared |= path_bit;
                }
            }
        }
    }

    /// `origins` plus, for every `Ret(c)` among them, the origins of what call `c` was given:
    /// checking `normalize(p)` checks `p`.
    pub(super) fn expand_origins(&self, mut origins: BTreeSet<Origin>) -> BTreeSet<Origin> {
        let mut work: Vec<Origin> = origins.iter().copied().collect();
        while let Some(o) = work.pop() {
            if let Origin::Ret(c) = o
                && let Some(args) = self.fs.ret_args.get(&c)
            {
                for a in args {
                    if origins.insert(*a) {
                        work.push(*a);
                    }
                }
            }
        }
        origins
    }

    /// What holds when `test` is true, and when it is false, with the flawed check it is
    /// (see [`super::flaws`]) on the branch where it passes.
    pub(super) fn refine(&mut self, test: &Expr, env: &mut Env) -> (Refinement, Refinement) {
        let (mut when_true, mut when_false) = self.refine_checks(test, env);
        if let Some((mark, on_true)) = self.flaw_of(test, env) {
            if on_true {
                &mut when_true
            } else {
                &mut when_false
            }
            .flaws
            .push(mark);
        } else {
            let on_true = self.not_accepted(test, &when_true, env);
            let on_false = self.not_accepted(test, &when_false, env);
            when_true.not_accepted.extend(on_true);
            when_false.not_accepted.extend(on_false);
        }
        (when_true, when_false)
    }

    /// What the checks of `test` say when it is true, and when it is false.
    fn refine_checks(&mut self, test: &Expr, env: &mut Env) -> (Refinement, Refinement) {
        if let Some(name) = test.as_name() {
            return match self.fs.locals.checks.get(name) {
                Some(pair) => pair.clone(),
                None => self.attribute_test(name, test.span, env),
            };
        }
        let ExprKind::Call {
            callee,
            receiver,
            args,
        } = &test.kind
        else {
            return (Refinement::default(), Refinement::default());
        };
        // `any(p.startswith(d + os.sep) for d in DIRS)`: what the generator's test says.
        if matches!(callee.as_str(), "any" | "all")
            && let [Arg { value, .. }] = args.as_slice()
            && let ExprKind::Other(children) = &value.kind
            && let [test] = children.as_slice()
        {
            return self.refine(test, env);
        }
        // `dirs.some(d => p.startsWith(d + sep))`: what every true return of the callback says.
        if self.cx.cat.language.is_predicate_callback(callee)
            && let Some(id) = args.iter().find_map(|a| match a.value.kind {
                ExprKind::Func(id) => Some(id),
                _ => None,
            })
        {
            let recv = receiver
                .as_deref()
                .map(|r| self.eval(r, env))
                .unwrap_or_default();
            let mut when_true = self.callback_refinement(id, env, &recv);
            if self.per_char_admits_separator(receiver.as_deref(), id) {
                let path = self.cx.catalog.kind_bit("path");
                for c in &mut when_true.clears {
                    c.kinds &= !path;
                }
            }
            let (t, f) = self.guard_rows(callee, receiver.as_deref(), args, env);
            when_true.extend(t);
            return (when_true, f);
        }
        if let Some(when_true) = self.refine_by_callee(callee, receiver.as_deref(), args, env) {
            return (when_true, Refinement::default());
        }
        self.refine_operator(callee, receiver.as_deref(), args, env)
    }

    /// What a negation, `and`/`or`, a guard call compared with a value (`commonpath([root, p])
    /// == root`, `m(...) is None`) or any call the catalog's guard rows name says.
    fn refine_operator(
        &mut self,
        callee: &str,
        receiver: Option<&Expr>,
        args: &[Arg],
        env: &mut Env,
    ) -> (Refinement, Refinement) {
        match callee {
            ops::NOT => match args.first() {
                Some(a) => {
                    let (t, f) = self.refine(&a.value, env);
                    (f, t)
                }
                None => (Refinement::default(), Refinement::default()),
            },
            ops::AND | ops::OR => {
                let mut merged = Refinement::default();
                // `p == "daily" or p == "weekly"`: what every alternative says.
                let mut alternatives = Vec::with_capacity(args.len());
                for a in args {
                    let (t, f) = self.refine(&a.value, env);
                    let (all, any) = if callee == ops::AND { (t, f) } else { (f, t) };
                    merged.extend(all);
                    alternatives.push(any);
                }
                let common = common_clears(&alternatives);
                if callee == ops::AND {
                    (merged, common)
                } else {
                    (common, merged)
                }
            }
            _ => {
                if let Some(r) = self.parents_refinement(callee, args, env) {
                    return r;
                }
                // `commonpath([root, p]) == root`: a guard call compared with a value.
                if callee == ops::EQ || callee == ops::NE {
                    for a in args {
                        if let ExprKind::Call { callee: inner, .. } = &a.value.kind
                            && !inner.starts_with('<')
                            && self
                                .cx
                                .cat
                                .guards_for(inner)
                                .any(|g| any_matches(&g.call, inner) && !g.other_clean)
                        {
                            let (t, f) = self.refine(&a.value, env);
                            // `commonpath([p, root]) == root`: the value compared with must not
                            // be the attacker's.
                            let compared: Vec<&Expr> = args
                                .iter()
                                .filter(|o| !std::ptr::eq(*o, a))
                                .map(|o| &o.value)
                                .collect();
                            let t = self.against_fixed(t, &compared, env);
                            let f = self.against_fixed(f, &compared, env);
                            // `m(...) is None` holds when the check failed.
                            let against_none = args.iter().any(|o| {
                                matches!(o.value.as_name(), Some("None" | "null" | "undefined"))
                            });
                            return if (callee == ops::EQ) == against_none {
                                (f, t)
                            } else {
                                (t, f)
                            };
                        }
                    }
                }
                self.guard_rows(callee, receiver, args, env)
            }
        }
    }

    /// What a check compared with `compared` says: nothing when what it is compared with may
    /// be the attacker's value; while summarising a predicate, whose parameters are symbolic,
    /// nothing about the origins the compared values carry.
    fn against_fixed(&mut self, r: Refinement, compared: &[&Expr], env: &mut Env) -> Refinement {
        let mut theirs = BTreeSet::new();
        for c in compared {
            theirs.extend(self.eval(c, env).into_keys());
        }
        if theirs.is_empty() {
            return r;
        }
        if self.frame.predicate_returns.is_none() {
            return Refinement::default();
        }
        let clears = r
            .clears
            .into_iter()
            .filter_map(|mut c| {
                c.origins.retain(|o| !theirs.contains(o));
                (!c.origins.is_empty()).then_some(c)
            })
            .collect();
        Refinement {
            clears,
            flaws: r.flaws,
            not_accepted: r.not_accepted,
        }
    }

    /// What holds when a call to project code returns true: a predicate of this file (a
    /// function, or a method of one of its classes on a typed receiver) or, in the project
    /// phase's second round, of another file. Asking about another file's function in the
    /// first round notes it in [`super::walk::Learned::predicate_calls`].
    fn refine_by_callee(
        &mut self,
        callee: &str,
        receiver: Option<&Expr>,
        args: &[Arg],
        env: &mut Env,
    ) -> Option<Refinement> {
        match self.call_target(callee, receiver) {
            Some((CallTarget::Local(id), method)) => {
                return Some(self.predicate_refinement(id, method, args, env));
            }
            // A predicate of another file: known in the project phase's second round.
            Some((CallTarget::Path(path), method)) => match self.cx.oracle {
                Some(oracle) => {
                    let imported = oracle(&path)?;
                    if imported.cleans.is_none() && imported.flaws.is_empty() {
                        return None;
                    }
                    let cleans = imported.cleans.unwrap_or_default();
                    let mut out = self.refinement_from_cleans(&cleans, method, args, env);
                    let file = self.learned.foreign_file(&imported.file);
                    let flaws: Vec<PredicateFlaw> = imported
                        .flaws
                        .iter()
                        .map(|&(param, span, flaw)| PredicateFlaw {
                            param,
                            span,
                            flaw,
                            file: Some(file),
                        })
                        .collect();
                    out.flaws = self.flaws_passed_by_args(&flaws, method, args, env);
                    return Some(out);
                }
                None => {
                    if self
                        .cx
                        .cat
                        .language
                        .may_be_project_path(&path, is_project_rooted(&path))
                        && !self.learned.predicate_calls.contains(&path)
                    {
                        self.learned.predicate_calls.push(path);
                    }
                }
            },
            // A method of a class of this file on a typed receiver (`g: UrlGuard`): a
            // predicate like a function (a module-level instance is `Local` already).
            Some((CallTarget::Method { class, name }, _)) => {
                if let Some(id) = self.local_method(&class, &name) {
                    return Some(self.predicate_refinement(id, true, args, env));
                }
            }
            None => {}
        }
        None
    }

    /// `for c in p.components() { if c is `..` or root { return Err } }`: after the loop, `p`
    /// is what the catalog's `loop-exit-matches` rows say.
    pub(super) fn loop_guard(&mut self, body: &[Stmt], env: &mut Env) -> Refinement {
        let mut out = Refinement::default();
        let Some(Stmt::Assign { value, .. }) = body.first() else {
            return out;
        };
        let iter = match &value.kind {
            ExprKind::Other(children) if children.len() == 1 => &children[0],
            _ => value,
        };
        let ExprKind::Call {
            callee,
            receiver: Some(receiver),
            ..
        } = &iter.kind
        else {
            return out;
        };
        let mut exiting_tests = String::new();
        collect_exiting_tests(&body[1..], self.cx.file, &mut exiting_tests);
        let cat = self.cx.cat;
        for g in cat
            .guards_for(callee)
            .filter(|g| any_matches(&g.call, callee))
        {
            let Some(re) = g.loop_exit_matches.as_deref() else {
                continue;
            };
            if !re.is_match(&exiting_tests) {
                continue;
            }
            let t = self.eval(receiver, env);
            let mut names = Vec::new();
            collect_names(receiver, &mut names);
            if !t.is_empty() && !names.is_empty() {
                let origins = self.expand_origins(t.keys().copied().collect());
                out.clears.push(Clear {
                    names,
                    kinds: g.kind_mask.0,
                    origins,
                    all_vars: false,
                });
            }
        }
        out
    }

    /// What the catalog's guard rows say a call checks: when it returns true, and when false.
    pub(super) fn guard_rows(
        &mut self,
        callee: &str,
        receiver: Option<&Expr>,
        args: &[Arg],
        env: &mut Env,
    ) -> (Refinement, Refinement) {
        let mut when_true = Refinement::default();
        let mut when_false = Refinement::default();
        let guards: Vec<&GuardRow> = self
            .cx
            .cat
            .guards_for(callee)
            .filter(|g| !g.raises && any_matches(&g.call, callee))
            .collect();
        for g in guards {
            let r = self.guard_refinement(g, receiver, args, env);
            if g.passes_when {
                when_true.clears.extend(r.clears);
            } else {
                when_false.clears.extend(r.clears);
            }
        }
        (when_true, when_false)
    }

    /// Whether `other` cannot be the attacker's value compared against `checked`: it carries
    /// no taint, or — while summarising a predicate, whose parameters are all symbolic — none of
    /// the checked value's origins.
    pub(super) fn independent(&mut self, other: &Expr, checked: &Expr, env: &mut Env) -> bool {
        let ot = self.eval(other, env);
        if ot.is_empty() {
            return true;
        }
        if self.frame.predicate_returns.is_none() {
            return false;
        }
        let ct = self.eval(checked, env);
        ot.keys().all(|o| !ct.contains_key(o))
    }

    /// The values a guard row checks in this call: its receiver, its arguments, or a located
    /// one; with `other-clean`, only where what it is compared with cannot be the attacker's.
    fn guard_checked<'e>(
        &mut self,
        g: &GuardRow,
        receiver: Option<&'e Expr>,
        args: &'e [Arg],
        env: &mut Env,
    ) -> Vec<&'e Expr> {
        let mut checked: Vec<&Expr> = Vec::new();
        match &g.checks {
            GuardTarget::Receiver => checked.extend(receiver),
            GuardTarget::Args => {
                for (i, a) in args.iter().enumerate() {
                    if g.other_clean {
                        let others_clean = args
                            .iter()
                            .enumerate()
                            .all(|(j, o)| j == i || self.independent(&o.value, &a.value, env));
                        // Equality with a constant pins a plain name; a computed value only
                        // when the row asks for a state that makes it meaningful (resolved).
                        if others_clean && (a.value.as_name().is_some() || g.requires.is_some()) {
                            checked.push(&a.value);
                        }
                    } else {
                        checked.push(&a.value);
                    }
                }
            }
            GuardTarget::Arg(loc) => {
                if let Some(i) = locate_arg_index(args, loc) {
                    // `ALLOWED.includes(x)`, `x in ALLOWED`: the list must be fixed.
                    let checked_arg = &args[i].value;
                    let others_clean = !g.other_clean
                        || (receiver.is_none_or(|r| self.independent(r, checked_arg, env))
                            && args
                                .iter()
                                .enumerate()
                                .filter(|(j, _)| *j != i)
                                .all(|(_, o)| self.independent(&o.value, checked_arg, env)));
                    if others_clean {
                        checked.push(&args[i].value);
                    }
                }
            }
        }
        checked
    }

    /// What guard row `g` says about this call when it passes: the names it checks (with the
    /// origins meeting the row's `requires`) are clean for its kinds. `arg-regex` rows apply
    /// only when the located argument's text (or the constant it names) matches.
    pub(super) fn guard_refinement(
        &mut self,
        g: &GuardRow,
        receiver: Option<&Expr>,
        args: &[Arg],
        env: &mut Env,
    ) -> Refinement {
        if !self.function_exits_on(&g.also_exits_on) {
            return Refinement::default();
        }
        if let Some(m) = &g.arg_matches {
            let located = match &m.at {
                Some(loc) => locate_arg(args, loc),
                None => receiver,
            };
            let text = located.map(|v| self.const_text(v));
            if !text.is_some_and(|t| m.regex.is_match(t)) {
                return Refinement::default();
            }
        }
        let checked = self.guard_checked(g, receiver, args, env);
        let kinds = g.kind_mask.0;
        let mut out = Refinement::default();
        for c in checked {
            // `name[0] in ALLOWED`, `urlparse(u).scheme == "https"`: a part, not the value.
            // Rows that validate the origin (host allow-lists) or a resolved path
            // (`p.resolve().parent == ROOT`) are written for their part.
            if !g.clears_origin && g.requires.is_none() && is_part(c, self.cx.file) {
                continue;
            }
            let t = self.eval(c, env);
            let mut origins: BTreeSet<Origin> = BTreeSet::new();
            for (o, (f, _)) in &t {
                let meets = match g.requires {
                    Some(PathState::Resolved) => f.resolved,
                    Some(PathState::ResolvedWhereItExists) => {
                        f.resolved || f.resolved_where_it_exists
                    }
                    Some(PathState::Relative) => f.relative,
                    Some(PathState::Unresolved) | None => true,
                };
                if meets {
                    origins.insert(*o);
                } else if !f.resolved {
                    self.note_unresolved(*o);
                }
            }
            let origins = self.expand_origins(origins);
            let mut names = Vec::new();
            collect_names(c, &mut names);
            if !origins.is_empty() && !names.is_empty() {
                out.clears.push(Clear {
                    names,
                    kinds,
                    origins,
                    all_vars: g.clears_origin,
                });
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use crate::taint::test_support::{function, sink_facts, summarize_python};

    const SOURCE: &str = r#"
import os
import subprocess

ALLOWED = ["ls", "pwd"]

def guarded(cmd):
    if cmd not in ALLOWED:
        raise ValueError("not allowed")
    subprocess.run(cmd, shell=True)

def warned(cmd):
    if cmd not in ALLOWED:
        print("unexpected command")
    subprocess.run(cmd, shell=True)

def checked_too_late(cmd):
    subprocess.run(cmd, shell=True)
    if cmd not in ALLOWED:
        raise ValueError("not allowed")

def is_allowed(c):
    return c in ALLOWED

def through_predicate(cmd):
    if not is_allowed(cmd):
        return "no"
    subprocess.run(cmd, shell=True)

BASE = os.environ.get("FILES_ROOT")

def configured_root(p):
    real = os.path.realpath(p)
    if BASE:
        if not real.startswith(BASE + os.sep):
            raise PermissionError(p)
    open(real)

def unrelated_switch(p, strict):
    real = os.path.realpath(p)
    if strict:
        if not real.startswith(BASE + os.sep):
            raise PermissionError(p)
    open(real)
"#;

    #[test]
    fn a_check_whose_failing_branch_exits_cleans_what_follows_it() {
        let s = summarize_python("t.py", SOURCE);
        assert!(sink_facts(&s, "guarded", 0, "shell").is_empty());
    }

    #[test]
    fn a_check_that_does_not_exit_cleans_nothing() {
        let s = summarize_python("t.py", SOURCE);
        assert_eq!(sink_facts(&s, "warned", 0, "shell").len(), 1);
    }

    #[test]
    fn a_guard_does_not_clean_what_ran_before_it() {
        let s = summarize_python("t.py", SOURCE);
        assert_eq!(sink_facts(&s, "checked_too_late", 0, "shell").len(), 1);
    }

    /// `if root:` around a check against that root: unrestricted only by configuration.
    #[test]
    fn a_check_run_when_its_root_is_configured_contains() {
        let s = summarize_python("t.py", SOURCE);
        assert!(sink_facts(&s, "configured_root", 0, "path").is_empty());
        assert_eq!(sink_facts(&s, "unrelated_switch", 0, "path").len(), 1);
    }

    #[test]
    fn a_local_predicate_guards_like_the_check_it_returns() {
        let s = summarize_python("t.py", SOURCE);
        let predicate = function(&s, "is_allowed");
        let shell = crate::taint::test_support::catalog().kind_bit("shell");
        assert!(
            s.predicates.iter().any(|(id, cleans)| *id == predicate
                && cleans
                    .iter()
                    .any(|&(p, kinds)| p == 0 && kinds & shell != 0)),
            "{:?}",
            s.predicates
        );
        assert!(sink_facts(&s, "through_predicate", 0, "shell").is_empty());
    }
}
