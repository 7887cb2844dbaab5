use std::collections::BTreeSet;

use mcplint_ir::{Arg, Expr, ExprKind, FnId, Part, Pattern, Span, ops};

use super::MAX_CLOSURE_DEPTH;
use super::argv::{ArgvState, is_list};
use super::env::{
    Env, Taint, archive_members, bind, clear_kinds, map_flags, union_into, with_step,
};
use super::guards::apply;
use super::parts::keyed_field;
use super::resolve::{ReceiverKind, is_project_rooted};
use super::summary::{
    ArgPos, CallSite, CallTarget, Flags, Origin, QuietCall, Step, StepKind, Target,
};
use super::walk::Analyzer;
use crate::catalog::typed::{PathState, PropagatesTo};
use crate::catalog::{any_matches, library_matches};

impl Analyzer<'_, '_> {
    pub(super) fn eval(&mut self, e: &Expr, env: &mut Env) -> Taint {
        match &e.kind {
            ExprKind::Str(_) => Taint::new(),
            ExprKind::Name(n) if self.is_scalar_field(n) => Taint::new(),
            ExprKind::Name(n) => {
                let mut t = Self::lookup(env, n);
                let read = self.name_source(n, e.span, env);
                union_into(&mut t, &read);
                t
            }
            ExprKind::Interp(parts) => {
                let t = self.eval_holes(parts, env);
                let mut text = 0u8;
                for p in parts {
                    match p {
                        Part::Lit(lit) => text |= self.text_bits(lit),
                        // `"SELECT ".to_string() + x`, `String::from("...")`, a name whose text
                        // was built from literals earlier (`q.push_str("SELECT ")`).
                        Part::Hole(h) => text |= self.literal_text_bits(h),
                    }
                }
                map_flags(t, |f| Flags {
                    built: true,
                    text: f.text | text,
                    ..f
                })
            }
            ExprKind::Record(args) => {
                // In a list, an element after `--` or after an option is not an option itself.
                let list = self.cx.argv.bits != 0 && is_list(e);
                let mut state = ArgvState::default();
                let mut t = Taint::new();
                for a in args {
                    let mut at = self.eval(&a.value, env);
                    if list && !state.step(&a.value, &self.cx.argv.flags) {
                        at = clear_kinds(at, self.cx.argv.bits);
                    }
                    union_into(&mut t, &at);
                }
                t
            }
            ExprKind::Cond { test, then, orelse } => {
                self.eval(test, env);
                let mut t = self.eval(then, env);
                let o = self.eval(orelse, env);
                union_into(&mut t, &o);
                t
            }
            ExprKind::Func(id) => {
                self.closure(*id, env, &Taint::new());
                Taint::new()
            }
            ExprKind::Other(children) => {
                let mut t = Taint::new();
                for c in children {
                    let ct = self.eval(c, env);
                    union_into(&mut t, &ct);
                }
                match self.attribute_sanitized_kinds(e, children) {
                    0 => t,
                    bits => clear_kinds(t, bits),
                }
            }
            ExprKind::Call {
                callee,
                receiver,
                args,
            } => self.eval_call(e, callee, receiver.as_deref(), args, env),
        }
    }

    /// Walks a closure's body inline, so that captured tainted names reach its sinks; its
    /// parameters get `params` (the taint of the collection it iterates, for callbacks).
    /// Returns the taint of the values it returns.
    pub(super) fn closure(&mut self, id: FnId, env: &Env, params: &Taint) -> Taint {
        self.closure_given(id, env, params, &[])
    }

    /// [`Analyzer::closure`], where a parameter named like one of `named` (the call's other
    /// arguments given by name, or by a field's last name: `retry(cfg, args.paths, |cfg, paths|
    /// ..)`) gets that argument's taint rather than `params`.
    fn closure_given(
        &mut self,
        id: FnId,
        env: &Env,
        params: &Taint,
        named: &[(&str, &Taint)],
    ) -> Taint {
        if self.frame.closure_depth >= MAX_CLOSURE_DEPTH || id == self.fs.caller {
            return Taint::new();
        }
        let Some(func) = self.cx.file.functions.get(id) else {
            return Taint::new();
        };
        let mut inner = env.clone();
        for p in &func.params {
            let given = match &p.pattern {
                mcplint_ir::Pattern::Name(n) => named.iter().find(|(a, _)| a == n).map(|(_, t)| *t),
                _ => None,
            };
            bind(&mut inner, &p.pattern, given.unwrap_or(params).clone());
        }
        self.frame.closure_depth += 1;
        // Returns inside a closure are not the enclosing function's returns, nor are its raises
        // and jumps the enclosing `try`s' and loops'.
        self.frame.closure_returns.push(Taint::new());
        let tries = std::mem::take(&mut self.frame.tries);
        let loops = std::mem::take(&mut self.frame.loops);
        self.walk(&func.body, &mut inner);
        self.frame.tries = tries;
        self.frame.loops = loops;
        self.frame.closure_depth -= 1;
        self.frame.closure_returns.pop().unwrap_or_default()
    }

    /// `new Promise((resolve, reject) => { ... resolve(v) ... })` (JavaScript and TypeScript):
    /// the executor walked inline; the promise carries what its `resolve` is called with there
    /// or in a callback nested in it (`stream.on("finish", () => resolve(path))`).
    fn promise(&mut self, callee: &str, args: &[Arg], env: &mut Env) -> Option<Taint> {
        if callee != "Promise" || self.cx.file.lang == mcplint_ir::Lang::Python {
            return None;
        }
        let [executor] = args else { return None };
        let ExprKind::Func(id) = executor.value.kind else {
            return None;
        };
        let first = self.cx.file.functions.get(id)?.params.first()?;
        let Pattern::Name(resolve) = &first.pattern else {
            return None;
        };
        self.frame.resolvers.push((resolve.clone(), Taint::new()));
        self.closure(id, env, &Taint::new());
        self.frame.resolvers.pop().map(|(_, t)| t)
    }

    /// `resolve(v)` inside a promise's executor (see [`Analyzer::promise`]): what `v` carries
    /// goes to the promise; the call itself gives nothing.
    fn resolve_promise(&mut self, callee: &str, args: &[Arg], env: &mut Env) -> Option<Taint> {
        let i = self
            .frame
            .resolvers
            .iter()
            .rposition(|(n, _)| n == callee)?;
        let mut given = Taint::new();
        for a in args {
            let t = self.eval(&a.value, env);
            union_into(&mut given, &t);
        }
        union_into(&mut self.frame.resolvers[i].1, &given);
        Some(Taint::new())
    }

    /// A call: operators, then the receiver and arguments, callbacks walked inline, sinks,
    /// argument vectors and raising guards, the catalog's sanitizers and propagators, and last
    /// the call sites that may reach project code (see [`Analyzer::follow_call`]).
    pub(super) fn eval_call(
        &mut self,
        e: &Expr,
        callee: &str,
        receiver: Option<&Expr>,
        args: &[Arg],
        env: &mut Env,
    ) -> Taint {
        // `execAsync(cmd)` after `const execAsync = promisify(exec)`; `fsp.readFile(p)` after
        // `const fsp = fs.promises`.
        let aliased = self.cx.function_aliases.get(callee).cloned().or_else(|| {
            let method = callee.strip_prefix("*.")?;
            let base = self.cx.function_aliases.get(receiver?.as_name()?)?;
            Some(format!("{base}.{method}"))
        });
        let callee = aliased.as_deref().unwrap_or(callee);
        if let Some(t) = self.call_source(e, callee, receiver, args) {
            return t;
        }
        if let Some(call) = self.forwarded_call(e, callee, args) {
            return self.eval(&call, env);
        }
        if let Some(t) = self.eval_operator(callee, args, env) {
            return t;
        }
        if let Some(t) = self.table_lookup(callee, receiver, args, env) {
            return t;
        }
        if receiver.is_none()
            && let Some(t) = self
                .resolve_promise(callee, args, env)
                .or_else(|| self.promise(callee, args, env))
        {
            return t;
        }
        let recv = receiver.map(|r| self.eval(r, env)).unwrap_or_default();
        if callee == "[]" {
            for a in args {
                self.eval(&a.value, env);
            }
            // `args["path"]` is the field `args.path`, which a check may have cleaned.
            if let Some(field) = receiver.and_then(|r| keyed_field(r, args)) {
                return if self.is_scalar_field(&field) {
                    Taint::new()
                } else {
                    Self::lookup(env, &field)
                };
            }
            // `token[:4]`: a few characters of a value (see the `[]` sanitizer rows).
            return match self.sanitized_kinds(e, callee, args) {
                0 => recv,
                bits => clear_kinds(recv, bits),
            };
        }
        let (arg_taints, all, callback_returns) = self.eval_args(args, &recv, env);
        let mut all = self.library_result(callee, all);
        // `items.map(x => ...)`: the result is what the callback returns, not the items.
        if self.cx.cat.language.is_mapping_callback(callee)
            && args
                .iter()
                .any(|a| matches!(a.value.kind, ExprKind::Func(_)))
        {
            self.check_sinks(e, callee, args, &recv, &arg_taints, env);
            return callback_returns;
        }
        // `self.db.fetch(q)` with `db: Store`, a class of this file that defines `fetch`: the
        // project's method, not the library sink of that name.
        // A typed receiver (`self.store.get(x)` with `self.store = Store()`) may be project code
        // too: its sink sites give way to the call if the project phase resolves it.
        // A method of a built-in collection (`cache.get(k)` on a `new Map()`) is neither.
        let kind = self.receiver_kind(callee, receiver);
        if !matches!(kind, ReceiverKind::Own | ReceiverKind::Builtin) {
            self.check_sinks(e, callee, args, &recv, &arg_taints, env);
        }
        if self.records() {
            self.argv_and_raising_guards(e.span, callee, receiver, args, &arg_taints, env);
        }
        let sanitized = self.sanitized_kinds(e, callee, args);
        if sanitized != 0 {
            return map_flags(all, |f| Flags {
                cleared: f.cleared | sanitized,
                ..f
            });
        }
        let known = self.propagate(e, callee, receiver, args, &arg_taints, &mut all, env);
        if !known && !self.records() {
            return self.fs.ret_at.get(&e.span).cloned().unwrap_or(all);
        }
        // A method on an object imported from the project (`pool.query` after
        // `import { pool } from "./db.js"`) may be a library call or project code: it is both a
        // sink site and a call site, and the project phase keeps whichever resolves.
        if known
            || kind == ReceiverKind::Builtin
            || (kind == ReceiverKind::Unknown
                && self.is_catalog_sink(callee)
                && !is_project_rooted(callee))
        {
            return all;
        }
        let result = self.follow_call(e, callee, receiver, args, &arg_taints, &recv, all);
        if result.keys().any(|o| matches!(o, Origin::Ret(_))) {
            self.fs.ret_at.insert(e.span, result.clone());
        }
        result
    }

    /// `asyncio.to_thread(f, a, b)` as the call it makes, `f(a, b)` at the same place (see
    /// `forwarding-calls` in the catalog); `None` for any other call, or when the function
    /// is not given by name.
    fn forwarded_call(&self, e: &Expr, callee: &str, args: &[Arg]) -> Option<Expr> {
        let at = self.cx.cat.language.forwarded_function(callee)?;
        let function = args.get(at).filter(|a| a.keyword.is_none() && !a.spread)?;
        let name = function.value.as_name()?;
        let rest = args[at + 1..].to_vec();
        // `self.helper` or `client.fetch` is a method of a value; `subprocess.run` a path.
        let (callee, receiver) = match name.rsplit_once('.') {
            Some((object, method)) if self.names_a_value(object) => (
                format!("*.{method}"),
                Some(Box::new(Expr::new(
                    ExprKind::Name(object.to_owned()),
                    function.value.span,
                ))),
            ),
            _ => (name.to_owned(), None),
        };
        Some(Expr::new(
            ExprKind::Call {
                callee,
                receiver,
                args: rest,
            },
            e.span,
        ))
    }

    /// Whether `name` is a value of the function or of one it is nested in (a parameter, a
    /// local, `self`), or a module-level instance, rather than a module path.
    fn names_a_value(&self, name: &str) -> bool {
        if matches!(name, "self" | "cls" | "this") || self.cx.module_instances.contains_key(name) {
            return true;
        }
        let mut scope = Some(self.fs.caller);
        while let Some(id) = scope {
            if self.binds(id, name) {
                return true;
            }
            scope = self.cx.file.functions.get(id).and_then(|f| f.parent);
        }
        false
    }

    /// Comparisons and negations (their result is a boolean, clean) and `and`/`or` (either
    /// operand); `None` for any other call.
    fn eval_operator(&mut self, callee: &str, args: &[Arg], env: &mut Env) -> Option<Taint> {
        match callee {
            ops::NOT | ops::EQ | ops::NE | ops::IN | ops::NOT_IN => {
                for a in args {
                    self.eval(&a.value, env);
                }
                Some(Taint::new())
            }
            ops::AND | ops::OR => {
                let mut t = Taint::new();
                for a in args {
                    let at = self.eval(&a.value, env);
                    union_into(&mut t, &at);
                }
                Some(t)
            }
            _ => None,
        }
    }

    /// The taint of each argument (a callback's is empty), of everything the call is given
    /// (`recv`, the arguments and what callbacks return: `opt.unwrap_or_else(|| fallback)`),
    /// and of what the callbacks return. Callbacks are walked inline with everything else as
    /// their parameters.
    fn eval_args(
        &mut self,
        args: &[Arg],
        recv: &Taint,
        env: &mut Env,
    ) -> (Vec<Taint>, Taint, Taint) {
        let mut arg_taints: Vec<Taint> = Vec::with_capacity(args.len());
        let mut all = recv.clone();
        for a in args {
            let t = if matches!(a.value.kind, ExprKind::Func(_)) {
                Taint::new()
            } else {
                self.eval(&a.value, env)
            };
            union_into(&mut all, &t);
            arg_taints.push(t);
        }
        let named: Vec<(&str, &Taint)> = args
            .iter()
            .zip(&arg_taints)
            .filter_map(|(a, t)| Some((a.value.as_name()?.rsplit('.').next()?, t)))
            .collect();
        let mut callback_returns = Taint::new();
        for a in args {
            if let ExprKind::Func(id) = a.value.kind {
                let r = self.closure_given(id, env, &all, &named);
                union_into(&mut callback_returns, &r);
            }
        }
        union_into(&mut all, &callback_returns);
        (arg_taints, all, callback_returns)
    }

    /// What a recording walk does after a call's sinks: `c.arg("--")` on a command builder
    /// bound to `c` moves its argument vector on, and a raising guard (`validate(p)`) cleans
    /// what it checks below it (inside a `try`, its raise lands in the handlers: swallowed
    /// there unless they raise again).
    fn argv_and_raising_guards(
        &mut self,
        span: Span,
        callee: &str,
        receiver: Option<&Expr>,
        args: &[Arg],
        arg_taints: &[Taint],
        env: &mut Env,
    ) {
        let cat = self.cx.cat;
        if let Some(name) = receiver.and_then(Expr::as_name)
            && self.fs.locals.argv_states.contains_key(name)
            && cat
                .sinks_for(callee)
                .any(|s| s.argv.is_some() && any_matches(&s.call, callee))
        {
            self.argv_continue(name, args, arg_taints);
        }
        for g in cat.guards_for(callee) {
            if g.raises && any_matches(&g.call, callee) {
                let r = self
                    .evaluate_only()
                    .guard_refinement(g, receiver, args, env);
                self.note_swallowed(span, &r);
                apply(env, &r);
            }
        }
    }

    /// The kinds the catalog's sanitizers clean from the call's result; a sanitizer passed as
    /// a function (`.and_then(Value::as_u64)`, `.map(Number)`) sanitizes the result too.
    fn sanitized_kinds(&self, e: &Expr, callee: &str, args: &[Arg]) -> u64 {
        let cat = self.cx.cat;
        let mut sanitized = 0u64;
        for a in args {
            if let Some(f) = a.value.as_name() {
                for s in cat.sanitizers_for(f) {
                    if library_matches(&s.call, f) {
                        sanitized |= s.kind_mask.0;
                    }
                }
            }
        }
        for s in cat.sanitizers_for(callee) {
            if s.attr.is_none()
                && library_matches(&s.call, callee)
                && s.when
                    .as_ref()
                    .is_none_or(|w| self.condition_holds(e, w, args))
            {
                sanitized |= s.kind_mask.0;
            }
        }
        sanitized
    }

    /// The kinds cleaned by reading an attribute right on a call's result, by the sanitizer
    /// rows with an `attr` (`Path(x).name`): `e` is the opaque attribute read whose only child
    /// is the call, and the text between the call's end and `e`'s is `.ATTR`.
    fn attribute_sanitized_kinds(&self, e: &Expr, children: &[Expr]) -> u64 {
        let [call] = children else {
            return 0;
        };
        let ExprKind::Call { callee, .. } = &call.kind else {
            return 0;
        };
        let rest = Span {
            start: call.span.end,
            end: e.span.end,
        };
        let Some(attr) = self.cx.file.source.slice(rest).trim().strip_prefix('.') else {
            return 0;
        };
        let cat = self.cx.cat;
        cat.sanitizers_for(callee)
            .filter(|s| s.attr.as_deref() == Some(attr.trim()) && library_matches(&s.call, callee))
            .fold(0, |bits, s| bits | s.kind_mask.0)
    }

    /// Applies the catalog's propagator rows to `all` (the flags they add) and to the receiver
    /// (`q.push_str(x)` builds `q`); returns whether any row knows the call.
    #[allow(clippy::too_many_arguments)]
    fn propagate(
        &mut self,
        e: &Expr,
        callee: &str,
        receiver: Option<&Expr>,
        args: &[Arg],
        arg_taints: &[Taint],
        all: &mut Taint,
        env: &mut Env,
    ) -> bool {
        let mut known = false;
        for p in self.cx.cat.propagators_for(callee) {
            if !library_matches(&p.call, callee)
                || p.when
                    .as_ref()
                    .is_some_and(|w| !self.condition_holds(e, w, args))
            {
                continue;
            }
            known = true;
            if p.archive_members {
                *all = with_step(
                    archive_members(std::mem::take(all)),
                    e.span,
                    StepKind::Member,
                );
            }
            if p.to == PropagatesTo::Receiver {
                if let Some(name) = receiver.and_then(Expr::as_name) {
                    self.build_receiver(e, name, args, arg_taints, env);
                }
            } else {
                let add: fn(Flags) -> Flags = match p.adds {
                    Some(PathState::Resolved) => |f| Flags {
                        resolved: true,
                        ..f
                    },
                    Some(PathState::ResolvedWhereItExists) => |f| Flags {
                        resolved_where_it_exists: true,
                        ..f
                    },
                    Some(PathState::Unresolved) => |f| Flags {
                        resolved: false,
                        resolved_where_it_exists: false,
                        ..f
                    },
                    Some(PathState::Relative) => |f| Flags {
                        relative: true,
                        ..f
                    },
                    None => continue,
                };
                *all = map_flags(std::mem::take(all), add);
            }
        }
        known
    }

    /// Appending to a local string or list builds it: `q.push_str("SELECT ")`, `q.push_str(x)`,
    /// `cmd.append(x)` add their text and taint to `name`.
    fn build_receiver(
        &mut self,
        e: &Expr,
        name: &str,
        args: &[Arg],
        arg_taints: &[Taint],
        env: &mut Env,
    ) {
        let bits = args
            .iter()
            .fold(0, |acc, a| acc | self.literal_text_bits(&a.value));
        if bits != 0 {
            *self.fs.locals.var_text.entry(name.to_owned()).or_default() |= bits;
        }
        let text = self.fs.locals.var_text.get(name).copied().unwrap_or(0);
        let mut t = self.argv_continue(name, args, arg_taints);
        t = map_flags(t, |f| Flags {
            built: true,
            text: f.text | text,
            ..f
        });
        t = with_step(t, e.span, StepKind::Assign);
        union_into(env.entry(name.to_owned()).or_default(), &t);
    }

    /// A call that may reach project code becomes call sites (one per candidate target) with
    /// facts for what each argument carries, and its result a `Ret` origin per site; a call
    /// that cannot is a library call whose result keeps its arguments' taint (less the kinds
    /// an opaque method drops).
    #[allow(clippy::too_many_arguments)]
    fn follow_call(
        &mut self,
        e: &Expr,
        callee: &str,
        receiver: Option<&Expr>,
        args: &[Arg],
        arg_taints: &[Taint],
        recv: &Taint,
        all: Taint,
    ) -> Taint {
        let targets = self.call_targets(callee, receiver);
        if !targets.is_empty() && arg_taints.iter().all(Taint::is_empty) && recv.is_empty() {
            self.record_quiet_call(e.span, &targets);
        }
        if targets.is_empty() || (arg_taints.iter().all(Taint::is_empty) && recv.is_empty()) {
            // A call that cannot reach project code, or one given nothing tainted.
            return if targets.is_empty() {
                // `method(**body)` after `method = getattr(client, op)`: a library method
                // chosen by name, not a string's (strings' methods are not fetched by name).
                let fetched = receiver.is_none() && self.fs.locals.fetched_methods.contains(callee);
                clear_kinds(
                    all,
                    self.opaque_bits(callee, fetched || (receiver.is_some() && recv.is_empty())),
                )
            } else {
                Taint::new()
            };
        }
        // `lambda_client.describe(x)` after `from .clients import lambda_client`: a method of
        // an imported value (or a function of an imported module; the project phase decides).
        let file = self.cx.file;
        let imported_attribute = receiver.is_none()
            && file.lang == mcplint_ir::Lang::Python
            && callee.rsplit_once('.').is_some_and(|(prefix, _)| {
                file.imports
                    .iter()
                    .any(|i| i.name.is_some() && i.path() == prefix)
            });
        // If the project phase finds no project function there, it is a library call.
        let opaque = self.opaque_bits(
            callee,
            (receiver.is_some() && recv.is_empty()) || imported_attribute,
        ) | self.opaque_call_bits(callee);
        let mut result = Taint::new();
        for (target, method) in targets {
            let site = CallSite {
                caller: self.fs.caller,
                target,
                span: e.span,
                method,
                opaque,
                via_import: imported_attribute,
            };
            // `normalize(p)` with a helper that canonicalises: the result is resolved.
            let flags = super::resolvers::resolved_flags(self.call_resolution(&site.target));
            let path = match (&site.target, self.cx.oracle) {
                (CallTarget::Path(p), None) => Some(p.clone()),
                _ => None,
            };
            let Some(c) = self.record_call(site, args, arg_taints, recv) else {
                return all;
            };
            if let Some(p) = path {
                self.fs.ret_paths.insert(c, p);
            }
            result.insert(
                Origin::Ret(c),
                (
                    flags,
                    vec![Step {
                        span: e.span,
                        kind: StepKind::Return,
                    }],
                ),
            );
        }
        result
    }

    /// The taint of a library call's result, given `all`, what its receiver and arguments
    /// carry: less the catalog's `opaque-call-kinds`, unless the call is one that passes them
    /// on (`opaque-call-keep`). Calls the project phase resolves to project code keep them
    /// through the callee's own facts.
    fn library_result(&self, callee: &str, all: Taint) -> Taint {
        if all.is_empty() {
            return all;
        }
        match self.opaque_call_bits(callee) {
            0 => all,
            bits => clear_kinds(all, bits),
        }
    }

    /// The catalog's `opaque-call-kinds` (bits) that a library call `callee` does not pass on.
    fn opaque_call_bits(&self, callee: &str) -> u64 {
        let bits = self.cx.opaque_call_bits;
        let keep = &self.cx.cat.mcp.opaque_call_keep;
        if bits == 0 || keep.iter().any(|p| p.matches(callee)) {
            0
        } else {
            bits
        }
    }

    /// Records a call that may reach project code but is given nothing that carries an
    /// origin: no fact goes through it, but the project phase follows it to know which
    /// functions a tool reaches (see [`FileSummary::quiet_calls`]).
    fn record_quiet_call(&mut self, span: Span, targets: &[(CallTarget, bool)]) {
        let caller = self.fs.caller;
        // The walk that follows `[[source]]` reads sees the same calls again.
        if self.fs.reads_sources {
            return;
        }
        let Some(rec) = self.rec.as_deref_mut() else {
            return;
        };
        for (target, method) in targets {
            let call = QuietCall {
                caller,
                target: target.clone(),
                span,
                method: *method,
            };
            rec.quiet_calls.push(call);
        }
    }

    /// Records call site `site` and what its receiver and arguments carry; remembers what it
    /// was given (see [`Analyzer::expand_origins`]). Its index, or `None` when the file has too
    /// many calls or the walk records nothing.
    fn record_call(
        &mut self,
        site: CallSite,
        args: &[Arg],
        arg_taints: &[Taint],
        recv: &Taint,
    ) -> Option<u32> {
        let rec = self.rec.as_deref_mut()?;
        let c = u32::try_from(rec.calls.len()).ok()?;
        let (span, method) = (site.span, site.method);
        rec.calls.push(site);
        if method && !recv.is_empty() {
            let to = Target::Arg {
                call: c,
                pos: ArgPos::Receiver,
            };
            rec.record(recv, &to, span, StepKind::Call);
        }
        let mut positional = 0u16;
        for (a, t) in args.iter().zip(arg_taints) {
            let pos = match &a.keyword {
                Some(k) => ArgPos::Keyword(k.clone()),
                None => {
                    positional += 1;
                    ArgPos::Positional(positional - 1)
                }
            };
            if !t.is_empty() {
                rec.record(t, &Target::Arg { call: c, pos }, span, StepKind::Call);
            }
        }
        let given: BTreeSet<Origin> = arg_taints
            .iter()
            .chain(std::iter::once(recv))
            .flat_map(|t| t.keys().copied())
            .collect();
        self.fs.ret_args.insert(c, given);
        Some(c)
    }

    /// The kinds a library call's result does not carry from its arguments: the catalog's
    /// `opaque-method-kinds` when a method is called on a value that is not tool input.
    pub(super) fn opaque_bits(&self, callee: &str, clean_receiver: bool) -> u64 {
        let mcp = &self.cx.cat.mcp;
        if !clean_receiver
            || mcp.opaque_method_kinds.is_empty()
            || mcp.opaque_method_keep.iter().any(|p| p.matches(callee))
        {
            return 0;
        }
        mcp.opaque_method_kinds
            .iter()
            .fold(0, |acc, k| acc | self.cx.catalog.kind_bit(k))
    }
}
