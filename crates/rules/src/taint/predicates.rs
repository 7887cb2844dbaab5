use std::collections::{BTreeMap, BTreeSet};

use mcplint_ir::{Arg, Expr, ExprKind, FnId, ParamKind, Stmt, ops};

use super::MAX_CLOSURE_DEPTH;
use super::env::{Env, Taint, bind, param_env};
use super::flaws::{FlawMark, passed_flaws};
use super::guards::{Clear, Refinement, collect_names};
use super::parts::is_part;
use super::summary::Origin;
use super::walk::{Analyzer, FileCx, FnState, Frame, Learned, PredicateFlaw};

/// For each of the parameters `params` (by index), the kinds every one of `returns` (what each
/// return of a summarised check leaves clean) leaves it clean for; none when there is no return,
/// and a parameter clean of nothing is left out.
pub(super) fn cleaned_on_every_return(
    returns: &[BTreeMap<Origin, u64>],
    params: impl Iterator<Item = usize>,
) -> Vec<(usize, u64)> {
    if returns.is_empty() {
        return Vec::new();
    }
    params
        .filter_map(|i| {
            let origin = Origin::Param(u16::try_from(i).ok()?);
            let kinds = returns.iter().fold(u64::MAX, |acc, r| {
                acc & r.get(&origin).copied().unwrap_or(0)
            });
            (kinds != 0).then_some((i, kinds))
        })
        .collect()
}

/// Whether some `return` of the body gives a check's result (a comparison, a negation, a
/// boolean literal, a call) rather than data.
pub(super) fn returns_boolish(body: &[Stmt]) -> bool {
    let mut found = false;
    mcplint_ir::visit::walk_stmts(body, &mut |s| {
        if let Stmt::Exit {
            value: Some(v),
            is_return: true,
            ..
        } = s
        {
            found |= match &v.kind {
                ExprKind::Call { callee, .. } => {
                    matches!(
                        callee.as_str(),
                        ops::NOT | ops::AND | ops::OR | ops::EQ | ops::NE | ops::IN | ops::NOT_IN
                    ) || !callee.starts_with('<')
                }
                ExprKind::Name(n) => matches!(n.as_str(), "true" | "True"),
                _ => false,
            };
        }
    });
    found
}

impl Analyzer<'_, '_> {
    /// A call to a local predicate (`if not is_inside_root(p): raise`): what the callee's
    /// summary says holds for its arguments when it returns a true value.
    pub(super) fn predicate_refinement(
        &mut self,
        id: FnId,
        method: bool,
        args: &[Arg],
        env: &mut Env,
    ) -> Refinement {
        let cleans = Self::predicate(self.cx, self.learned, id, self.frame.closure_depth);
        // A TypeScript method has no `self` parameter: the arguments are not shifted.
        let method = method
            && self
                .cx
                .file
                .functions
                .get(id)
                .and_then(|f| f.params.first())
                .is_some_and(|p| p.kind == ParamKind::SelfParam);
        let mut out = self.refinement_from_cleans(&cleans, method, args, env);
        let flaws = self
            .learned
            .predicate_flaws
            .get(&id)
            .cloned()
            .unwrap_or_default();
        out.flaws = self.flaws_passed_by_args(&flaws, method, args, env);
        out
    }

    /// The flawed checks `flaws` of a predicate (of this file or, in the second round, of
    /// another) that the call's arguments pass when it returns true.
    pub(super) fn flaws_passed_by_args(
        &mut self,
        flaws: &[PredicateFlaw],
        method: bool,
        args: &[Arg],
        env: &mut Env,
    ) -> Vec<FlawMark> {
        let mut out = Vec::new();
        for f in flaws {
            let Some(arg) = f
                .param
                .checked_sub(usize::from(method))
                .and_then(|p| args.get(p))
                .filter(|a| a.keyword.is_none())
            else {
                continue;
            };
            let t = self.eval(&arg.value, env);
            if !t.is_empty() {
                out.push(FlawMark {
                    origins: self.expand_origins(t.keys().copied().collect()),
                    span: f.span,
                    flaw: f.flaw,
                    file: f.file,
                });
            }
        }
        out
    }

    /// What a predicate's summary (`(param, kinds)` it cleans) says about the call's arguments.
    pub(super) fn refinement_from_cleans(
        &mut self,
        cleans: &[(usize, u64)],
        method: bool,
        args: &[Arg],
        env: &mut Env,
    ) -> Refinement {
        let shift = usize::from(method);
        let mut out = Refinement::default();
        for &(param, kinds) in cleans {
            let Some(arg) = param
                .checked_sub(shift)
                .and_then(|p| args.get(p))
                .filter(|a| a.keyword.is_none())
            else {
                continue;
            };
            // `is_safe(name[0])` checks one character, not `name`.
            if is_part(&arg.value, self.cx.file) {
                continue;
            }
            let t = self.eval(&arg.value, env);
            let mut names = Vec::new();
            collect_names(&arg.value, &mut names);
            if !t.is_empty() && !names.is_empty() {
                out.clears.push(Clear {
                    names,
                    kinds,
                    origins: self.expand_origins(t.keys().copied().collect()),
                    all_vars: false,
                });
            }
        }
        out
    }

    /// Walks a callback as a predicate: the origins every one of its true returns cleans.
    pub(super) fn callback_refinement(
        &mut self,
        id: FnId,
        env: &Env,
        params: &Taint,
    ) -> Refinement {
        let Some(func) = self.cx.file.functions.get(id) else {
            return Refinement::default();
        };
        if self.frame.closure_depth >= MAX_CLOSURE_DEPTH {
            return Refinement::default();
        }
        let mut inner = env.clone();
        for p in &func.params {
            bind(&mut inner, &p.pattern, params.clone());
        }
        // The callback's returns are its own; it shares the function's local names.
        let mut frame = Frame::predicate(self.frame.closure_depth + 1);
        frame.inherited_clean = self.cleaned_origins(&inner);
        Analyzer {
            cx: self.cx,
            fs: &mut *self.fs,
            frame: &mut frame,
            learned: &mut *self.learned,
            rec: None,
        }
        .walk(&func.body, &mut inner);
        let returns = frame.predicate_returns.unwrap_or_default();
        let mut out = Refinement {
            flaws: frame.predicate_flaws,
            ..Refinement::default()
        };
        let Some(first) = returns.first() else {
            return out;
        };
        for (origin, kinds) in first {
            let all = returns
                .iter()
                .fold(*kinds, |acc, r| acc & r.get(origin).copied().unwrap_or(0));
            if all != 0 {
                out.clears.push(Clear {
                    names: Vec::new(),
                    kinds: all,
                    origins: BTreeSet::from([*origin]),
                    all_vars: true,
                });
            }
        }
        out
    }

    /// For a local function used as a check: which parameters it cleans, for which kinds,
    /// whenever it returns a value that is not literally false. Memoised per function. The
    /// function is walked evaluating only, with a state of its own, `depth` closures and checks
    /// below the walk that asks.
    pub(super) fn predicate(
        cx: &FileCx<'_>,
        learned: &mut Learned,
        id: FnId,
        depth: usize,
    ) -> Vec<(usize, u64)> {
        if let Some(p) = learned.predicates.get(&id) {
            return p.clone();
        }
        learned.predicates.insert(id, Vec::new());
        let Some(func) = cx.file.functions.get(id) else {
            return Vec::new();
        };
        if depth >= MAX_CLOSURE_DEPTH {
            return Vec::new();
        }
        let all_params = crate::facts::tools::SourceParams::All {
            excluded: Vec::new(),
        };
        let mut env = param_env(func, |i| {
            crate::facts::tools::is_source_param(func, i, &all_params, cx.file, cx.cat)
        });
        // The predicate's local names are its own, not the calling function's.
        let mut fs = FnState::new(cx.file, id);
        let mut frame = Frame::predicate(depth + 1);
        Analyzer {
            cx,
            fs: &mut fs,
            frame: &mut frame,
            learned: &mut *learned,
            rec: None,
        }
        .walk(&func.body, &mut env);
        let returns = frame.predicate_returns.unwrap_or_default();
        let mut flaws: Vec<PredicateFlaw> = Vec::new();
        for mark in &frame.predicate_flaws {
            for i in 0..func.params.len() {
                let passed =
                    u16::try_from(i).is_ok_and(|i| mark.origins.contains(&Origin::Param(i)));
                let flaw = PredicateFlaw {
                    param: i,
                    span: mark.span,
                    flaw: mark.flaw,
                    file: mark.file,
                };
                if passed && !flaws.contains(&flaw) {
                    flaws.push(flaw);
                }
            }
        }
        learned.predicate_flaws.insert(id, flaws);
        let result = cleaned_on_every_return(&returns, 0..func.params.len());
        learned.predicates.insert(id, result.clone());
        result
    }

    /// The kinds each origin is clean for in every local name (not a field: a cleaned
    /// `parsed.scheme` says nothing about the whole value) that holds it cleaned.
    pub(super) fn cleaned_origins(&self, env: &Env) -> BTreeMap<Origin, u64> {
        let mut clean: BTreeMap<Origin, u64> = BTreeMap::new();
        // A cleaned part (`first = name[0]`) says nothing about the whole value either.
        for t in env
            .iter()
            .filter(|(name, _)| !name.contains('.') && !self.fs.locals.parts.contains(*name))
            .map(|(_, t)| t)
        {
            for (origin, (flags, _)) in t {
                if flags.cleared == 0 {
                    continue;
                }
                // A cleaned call result (`normalize(p)`) speaks for what the call was given.
                for o in self.expand_origins(BTreeSet::from([*origin])) {
                    *clean.entry(o).or_insert(u64::MAX) &= flags.cleared;
                }
            }
        }
        clean
    }

    /// At a `return v` of a predicate being summarised: the kinds each origin is clean for when
    /// `v` is true (from checks above it, or from `v` itself).
    pub(super) fn collect_predicate_return(&mut self, value: &Expr, env: &mut Env) {
        if matches!(
            value.as_name(),
            Some("False" | "false" | "None" | "null" | "undefined")
        ) {
            return;
        }
        let mut clean = self.cleaned_origins(env);
        // What was clean before a callback ran is not the callback's doing (`ok`, a boolean
        // computed from `p` by an earlier check, is clean of every kind; `p` is not).
        for (origin, kinds) in &mut clean {
            *kinds &= !self.frame.inherited_clean.get(origin).copied().unwrap_or(0);
        }
        let (when_true, _) = self.refine(value, env);
        self.frame.predicate_flaws.extend(when_true.flaws);
        for t in env.values() {
            self.frame.predicate_flaws.extend(passed_flaws(t));
        }
        for c in when_true.clears {
            if !c.all_vars
                && c.names
                    .iter()
                    .all(|n| n.contains('.') || self.fs.locals.parts.contains(n))
            {
                continue;
            }
            for o in c.origins {
                let entry = clean.entry(o).or_insert(0);
                *entry |= c.kinds;
            }
        }
        if let Some(r) = self.frame.predicate_returns.as_mut() {
            r.push(clean);
        }
    }
}
