use foldhash::HashMapExt;
use std::collections::{BTreeMap, BTreeSet};

use mcplint_ir::{Arg, Expr, ExprKind, FnId, ParamKind, Stmt, ops};

use super::MAX_CLOSURE_DEPTH;
use super::env::{Env, Taint, bind, typed_params};
use super::guards::{Clear, Refinement, collect_names};
use super::summary::{Flags, Origin};
use super::walk::Analyzer;

/// Whether some `return` of the body gives a check's result (a comparison, a negation, a
/// boolean literal, a call) rather than data.
pub(super) fn returns_boolish(body: &[Stmt]) -> bool {
    let mut found = false;
    crate::tools::visit_stmts(body, &mut |s| {
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

impl Analyzer<'_> {
    /// A call to a local predicate (`if not is_inside_root(p): raise`): what the callee's
    /// summary says holds for its arguments when it returns a true value.
    pub(super) fn predicate_refinement(
        &mut self,
        id: FnId,
        method: bool,
        args: &[Arg],
        env: &mut Env,
    ) -> Refinement {
        let cleans = self.predicate(id);
        // A TypeScript method has no `self` parameter: the arguments are not shifted.
        let method = method
            && self
                .file
                .functions
                .get(id)
                .and_then(|f| f.params.first())
                .is_some_and(|p| p.kind == ParamKind::SelfParam);
        self.refinement_from_cleans(&cleans, method, args, env)
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
        let Some(func) = self.file.functions.get(id) else {
            return Refinement::default();
        };
        if self.closure_depth >= MAX_CLOSURE_DEPTH {
            return Refinement::default();
        }
        let mut inner = env.clone();
        for p in &func.params {
            bind(&mut inner, &p.pattern, params.clone());
        }
        let saved_returns = self.predicate_returns.replace(Vec::new());
        let saved_closures = std::mem::take(&mut self.closure_returns);
        let quiet = std::mem::replace(&mut self.quiet, true);
        self.closure_depth += 1;
        self.walk(&func.body, &mut inner);
        self.closure_depth -= 1;
        self.quiet = quiet;
        self.closure_returns = saved_closures;
        let returns =
            std::mem::replace(&mut self.predicate_returns, saved_returns).unwrap_or_default();
        let mut out = Refinement::default();
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
    /// whenever it returns a value that is not literally false. Memoised per function.
    pub(super) fn predicate(&mut self, id: FnId) -> Vec<(usize, u64)> {
        if let Some(p) = self.predicates.get(&id) {
            return p.clone();
        }
        self.predicates.insert(id, Vec::new());
        let Some(func) = self.file.functions.get(id) else {
            return Vec::new();
        };
        if self.closure_depth >= MAX_CLOSURE_DEPTH {
            return Vec::new();
        }
        let all_params = crate::tools::SourceParams::All {
            excluded: Vec::new(),
        };
        let mut env = Env::new();
        for (i, p) in func.params.iter().enumerate() {
            if let (true, Ok(i)) = (
                crate::tools::is_source_param(func, i, &all_params, self.file, self.cat),
                u16::try_from(i),
            ) {
                let mut t = Taint::new();
                t.insert(Origin::Param(i), (Flags::default(), Vec::new()));
                bind(&mut env, &p.pattern, t);
            }
        }
        let saved = (
            self.caller,
            self.quiet,
            self.predicate_returns.take(),
            std::mem::take(&mut self.closure_returns),
            std::mem::replace(&mut self.typed_vars, typed_params(func)),
        );
        // The predicate's local names are its own, not the calling function's.
        let locals = std::mem::take(&mut self.locals);
        self.caller = id;
        self.quiet = true;
        self.closure_depth += 1;
        self.predicate_returns = Some(Vec::new());
        self.walk(&func.body, &mut env);
        let returns = self.predicate_returns.take().unwrap_or_default();
        self.closure_depth -= 1;
        (
            self.caller,
            self.quiet,
            self.predicate_returns,
            self.closure_returns,
            self.typed_vars,
        ) = saved;
        self.locals = locals;
        let mut result: Vec<(usize, u64)> = Vec::new();
        if !returns.is_empty() {
            for i in 0..func.params.len() {
                let Ok(origin) = u16::try_from(i).map(Origin::Param) else {
                    break;
                };
                let kinds = returns.iter().fold(u64::MAX, |acc, r| {
                    acc & r.get(&origin).copied().unwrap_or(0)
                });
                if kinds != 0 {
                    result.push((i, kinds));
                }
            }
        }
        self.predicates.insert(id, result.clone());
        result
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
        let mut clean: BTreeMap<Origin, u64> = BTreeMap::new();
        // A cleaned field (`parsed.scheme`) says nothing about the whole value.
        for t in env
            .iter()
            .filter(|(name, _)| !name.contains('.'))
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
        let (when_true, _) = self.refine(value, env);
        for c in when_true.clears {
            for o in c.origins {
                let entry = clean.entry(o).or_insert(0);
                *entry |= c.kinds;
            }
        }
        if let Some(r) = self.predicate_returns.as_mut() {
            r.push(clean);
        }
    }
}
