use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};

use foldhash::{HashMap, HashMapExt, HashSet};

use mcplint_ir::{Expr, ExprKind, File, FnId, Handler, Pattern, Span, Stmt};

use super::argv::ArgvContext;
use super::env::{
    Env, Locals, Taint, bind, function_aliases, join_env, module_instances, scalar_fields,
    typed_params, union_into, with_step,
};
use super::flaws::{Flaw, FlawMark, apply_flaws, keep_swallowed_steps};
use super::guards::apply;
use super::parts::is_for_header;
use super::sinks::is_options_record;
use super::summary::{
    CallSite, Flags, Origin, QuietCall, SinkSite, SourceSite, Step, StepKind, Target,
};
use super::tables::constant_tables;
use super::{MAX_STEPS, PredicateOracle};
use crate::catalog::{Catalog, LangCatalog, SandboxRow};

/// What the walk of a file reads and never changes: the file, its catalog rows, and what is
/// computed once per file.
pub(super) struct FileCx<'a> {
    pub(super) file: &'a File,
    /// Predicates of other files (second round only).
    pub(super) oracle: Option<PredicateOracle<'a>>,
    pub(super) catalog: &'a Catalog,
    pub(super) cat: &'a LangCatalog,
    /// Argument vectors (`argv` sink rows).
    pub(super) argv: ArgvContext<'a>,
    /// Names bound to a library function, directly or through a wrapper such as
    /// `promisify(exec)`, and callee paths naming such an alias of another file (second round
    /// only): calls through them are calls to that function.
    pub(super) function_aliases: HashMap<String, String>,
    /// `(struct, field)` pairs whose field type is a number or a boolean.
    pub(super) scalar_fields: BTreeSet<(String, String)>,
    /// The `prefix` sanitizer rows: the kinds each cleans and its regex, looked up once rather
    /// than for every hole of every built string.
    pub(super) prefix_rows: Vec<(u64, &'a regex::Regex)>,
    /// See [`module_instances`].
    pub(super) module_instances: HashMap<String, String>,
    /// See [`constant_tables`].
    pub(super) constant_tables: HashSet<String>,
    /// The names each function binds, filled on first use (see [`Analyzer::binds`]).
    pub(super) bound_names: RefCell<HashMap<FnId, HashSet<String>>>,
    /// The catalog's `[[sandbox]]` rows whose plugin framework this file imports (see
    /// [`plugin_sandboxes`]).
    pub(super) sandboxes: Vec<&'a SandboxRow>,
    /// Module-level names bound to a `[[source]]` read, and the names matched so far.
    pub(super) sources: super::sources::FileSources,
    /// The bits of the catalog's `opaque-call-kinds`.
    pub(super) opaque_call_bits: u64,
}

/// The catalog's `[[sandbox]]` rows of the plugin frameworks the file imports: the host of such
/// a plugin confines sinks of the row's kinds, so they are reported as warnings that say what
/// confines them.
fn plugin_sandboxes<'a>(file: &File, cat: &'a LangCatalog) -> Vec<&'a SandboxRow> {
    cat.sandboxes
        .iter()
        .filter(|row| {
            file.imports.iter().any(|i| {
                row.imports.iter().any(|m| {
                    i.module.strip_prefix(m.as_str()).is_some_and(|rest| {
                        rest.is_empty() || rest.starts_with(['.', '/']) || rest.starts_with("::")
                    })
                })
            })
        })
        .collect()
}

impl<'a> FileCx<'a> {
    /// The context of `file`, with the catalog rows of its language.
    pub(super) fn new(
        file: &'a File,
        catalog: &'a Catalog,
        oracle: Option<PredicateOracle<'a>>,
        imported_aliases: &[(String, String)],
    ) -> Self {
        let cat = catalog.for_lang(file.lang);
        let mut function_aliases = function_aliases(file, cat);
        function_aliases.extend(imported_aliases.iter().cloned());
        FileCx {
            file,
            oracle,
            catalog,
            cat,
            argv: ArgvContext::new(cat),
            function_aliases,
            scalar_fields: scalar_fields(file, &cat.mcp.scalar_types),
            prefix_rows: cat
                .sanitizers
                .iter()
                .filter_map(|s| Some((s.kind_mask.0, s.prefix.as_deref()?)))
                .collect(),
            module_instances: module_instances(file),
            constant_tables: constant_tables(file),
            bound_names: RefCell::new(HashMap::new()),
            sandboxes: plugin_sandboxes(file, cat),
            sources: super::sources::FileSources::new(file, cat),
            opaque_call_bits: cat
                .mcp
                .opaque_call_kinds
                .iter()
                .fold(0, |bits, k| bits | catalog.kind_bit(k)),
        }
    }
}

/// What the walk knows about the function it is in. A function walked as a check in the
/// middle of another (see [`Analyzer::predicate`]) gets a fresh one.
pub(super) struct FnState {
    /// The function being walked.
    pub(super) caller: FnId,
    /// What is known about the function's local names.
    pub(super) locals: Locals,
    /// Local names holding a struct of a known type (`Parameters(args): Parameters<T>`).
    pub(super) typed_vars: HashMap<String, String>,
    /// For each call site: the origins of what it was given (see [`Analyzer::expand_origins`]).
    pub(super) ret_args: HashMap<u32, BTreeSet<Origin>>,
    /// For each call site of a function of another file (first round only): its path, to ask
    /// the project phase whether it resolves once a check needs to know (see
    /// [`Analyzer::note_unresolved`]).
    pub(super) ret_paths: HashMap<u32, String>,
    /// Whether this walk follows `[[source]]` reads (the second walk of a function that has
    /// some, with no parameter bound: see `summarize_function`).
    pub(super) reads_sources: bool,
    /// The source sites this walk recorded, by place and kind: a value evaluated again
    /// without recording (a sink's `options.headers`) reads the same site.
    pub(super) source_at: HashMap<(Span, String), u32>,
    /// What each call that may reach project code returned in the recording walk, by span: a
    /// call evaluated again without recording (`inside(p)` in a sink's options object,
    /// `tar.x({ file: inside(p) })`) returns the same, not its arguments' taint.
    pub(super) ret_at: HashMap<Span, Taint>,
}

impl FnState {
    /// The state at the start of function `id` of `file`.
    pub(super) fn new(file: &File, id: FnId) -> Self {
        FnState {
            caller: id,
            locals: Locals::default(),
            typed_vars: file.functions.get(id).map(typed_params).unwrap_or_default(),
            ret_args: HashMap::new(),
            ret_paths: HashMap::new(),
            ret_at: HashMap::new(),
            reads_sources: false,
            source_at: HashMap::new(),
        }
    }
}

/// Where the `return`s of the body being walked go, and how deep in closures and checks the
/// walk is.
#[derive(Default)]
pub(super) struct Frame {
    /// Closures and checks walked inline around this walk (capped at [`MAX_CLOSURE_DEPTH`]).
    pub(super) closure_depth: usize,
    /// While walking closures inline: the taint of their return values, innermost last.
    pub(super) closure_returns: Vec<Taint>,
    /// While summarising a predicate: what each of its `return`s guarantees.
    pub(super) predicate_returns: Option<Vec<BTreeMap<Origin, u64>>>,
    /// While summarising a predicate: the flawed checks its true returns passed.
    pub(super) predicate_flaws: Vec<FlawMark>,
    /// The `try` statements around the statement being walked, innermost last.
    pub(super) tries: Vec<TryCx>,
    /// The loops around the statement being walked, innermost last.
    pub(super) loops: Vec<LoopCx>,
    /// While walking a callback as a check: what was clean in the environment it started from.
    pub(super) inherited_clean: BTreeMap<Origin, u64>,
    /// While summarising a raising check (see [`super::validators`]): `predicate_returns` holds
    /// what each normal return leaves clean, whatever it returns.
    pub(super) raising: bool,
    /// While walking `new Promise((resolve) => ...)` executors inline: the name of each one's
    /// `resolve` and the taint of what it was called with, innermost last.
    pub(super) resolvers: Vec<(String, Taint)>,
    /// While finding out how a helper resolves what it returns: the taint of each of its
    /// returns (see [`super::resolvers`]).
    pub(super) returns: Option<Vec<Taint>>,
}

impl Frame {
    /// The frame of a body walked as a check, `depth` closures and checks deep.
    pub(super) fn predicate(depth: usize) -> Self {
        Frame {
            closure_depth: depth,
            predicate_returns: Some(Vec::new()),
            ..Frame::default()
        }
    }
}

/// What a `try` statement gathers while its parts are walked.
pub(super) struct TryCx {
    /// Whether its body is being walked and it has handlers: a raise here goes to them.
    pub(super) catching: bool,
    /// While catching: the join of the states before each statement of the body, at any
    /// depth — where a raise may leave for a handler.
    raised: Option<Env>,
    /// Whether it has a `finally` (only then are `leaving` states gathered).
    has_finally: bool,
    /// The join of the states at the `return`s, uncaught raises and jumps that leave through its
    /// `finally`.
    leaving: Option<Env>,
    /// How many raises of its body landed in its handlers so far (see
    /// [`Analyzer::raise_lands_here`]).
    pub(super) caught: u32,
    /// The path checks of its body whose failing raise lands in its handlers: every handler
    /// starts having passed them, flawed (see [`super::flaws::Flaw::SwallowedRaise`]).
    pub(super) swallowed: Vec<FlawMark>,
}

/// What a loop gathers while its body is walked.
pub(super) struct LoopCx {
    /// How many `try`s were open when the loop started: a `break` or `continue` leaves only
    /// those opened after (through their `finally`).
    tries: usize,
    /// The join of the states at its `break`s and `continue`s.
    jumped: Option<Env>,
}

/// Joins `env` into what `acc` gathered so far.
fn join_into(acc: &mut Option<Env>, env: &Env) {
    match acc {
        Some(a) => join_env(a, env),
        None => *acc = Some(env.clone()),
    }
}

/// Another path of one fact: the flawed checks it passed that the recorded path did not are
/// added before the recorded path's last step, so each is reported (see [`super::flaws`]).
fn merge_flawed_checks(known: &mut Vec<Step>, other: &[Step]) {
    for s in other {
        if super::flaws::step_flaw(s.kind).is_some()
            && known.len() < MAX_STEPS
            && !known.contains(s)
        {
            let at = known.len().saturating_sub(1);
            known.insert(at, *s);
        }
    }
}

/// What the walk records for the summary: facts of the current function, and the file's call
/// and sink sites (indexed by the facts).
#[derive(Default)]
pub(super) struct Recorder {
    /// The current function's facts, by origin and target.
    pub(super) facts: BTreeMap<(Origin, Target), (Flags, Vec<Step>)>,
    /// Call sites that may reach project code; `Target::Arg` and `Origin::Ret` index them.
    pub(super) calls: Vec<CallSite>,
    /// Calls that may reach project code and carry nothing (see [`FileSummary::quiet_calls`]).
    pub(super) quiet_calls: Vec<QuietCall>,
    /// Sink sites; `Target::Sink` indexes them.
    pub(super) sinks: Vec<SinkSite>,
    /// Each sink site's index, by span and kind.
    pub(super) sink_index: HashMap<(Span, String), u32>,
    /// Source sites; `Origin::Source` indexes them.
    pub(super) sources: Vec<SourceSite>,
}

impl Recorder {
    /// Records that every origin of `t` reaches `to`, with one more step.
    pub(super) fn record(&mut self, t: &Taint, to: &Target, span: Span, kind: StepKind) {
        for (origin, (flags, steps)) in t {
            let mut steps = steps.clone();
            if steps.len() < MAX_STEPS {
                steps.push(Step { span, kind });
            }
            self.facts
                .entry((*origin, to.clone()))
                .and_modify(|(f, known)| {
                    *f = f.join(*flags);
                    merge_flawed_checks(known, &steps);
                })
                .or_insert((*flags, steps));
        }
    }
}

/// A flawed check a predicate's parameter passes before the predicate returns true.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct PredicateFlaw {
    /// The parameter's index.
    pub(super) param: usize,
    /// The check.
    pub(super) span: Span,
    /// What is wrong with it.
    pub(super) flaw: Flaw,
    /// The other file the check is in (see [`super::flaws::FlawMark::file`]).
    pub(super) file: Option<u32>,
}

impl Learned {
    /// The index of `path` among the other files the file's paths pass checks in.
    pub(super) fn foreign_file(&mut self, path: &str) -> u32 {
        let at = self
            .foreign_files
            .iter()
            .position(|p| p == path)
            .unwrap_or_else(|| {
                self.foreign_files.push(path.to_owned());
                self.foreign_files.len() - 1
            });
        u32::try_from(at).unwrap_or(u32::MAX)
    }
}

/// What walks learn about the file whether they record or only evaluate: local predicates'
/// summaries and the imported checks to ask the project phase about.
#[derive(Default)]
pub(super) struct Learned {
    /// Memoised predicate summaries of local functions (see [`Analyzer::predicate`]).
    pub(super) predicates: HashMap<FnId, Vec<(usize, u64)>>,
    /// The flawed checks each local predicate passes before returning true: parameter, check
    /// and flaw (see [`super::flaws`]).
    pub(super) predicate_flaws: HashMap<FnId, Vec<PredicateFlaw>>,
    /// The other files whose checks the file's paths pass (see [`StepKind::FlawedCheckIn`]).
    pub(super) foreign_files: Vec<String>,
    /// Paths of imported functions used as checks or as resolvers (see
    /// [`FileSummary::predicate_calls`]).
    pub(super) predicate_calls: Vec<String>,
    /// Memoised summaries of local raising checks (see [`Analyzer::raising_check`]).
    pub(super) raising_checks: HashMap<FnId, Vec<(usize, u64)>>,
    /// Memoised resolutions of local functions (see [`Analyzer::resolution`]).
    pub(super) resolutions: HashMap<FnId, Option<super::summary::Resolution>>,
}

/// One walk: the file context, the function's state, the frame, and a recorder — or none, for
/// a walk that only evaluates (a check's test, a predicate's body).
pub(super) struct Analyzer<'c, 'w> {
    /// The file and its catalog rows.
    pub(super) cx: &'w FileCx<'c>,
    /// The function being walked.
    pub(super) fs: &'w mut FnState,
    /// Where returns go.
    pub(super) frame: &'w mut Frame,
    /// Predicate memo and imported checks, kept in either mode.
    pub(super) learned: &'w mut Learned,
    /// Where facts go; `None` evaluates only.
    pub(super) rec: Option<&'w mut Recorder>,
}

impl<'c> Analyzer<'c, '_> {
    /// The same walk, evaluating only: what it computes is the taint of values and what checks
    /// say; it records no fact, call or sink.
    pub(super) fn evaluate_only(&mut self) -> Analyzer<'c, '_> {
        Analyzer {
            cx: self.cx,
            fs: &mut *self.fs,
            frame: &mut *self.frame,
            learned: &mut *self.learned,
            rec: None,
        }
    }

    /// Whether this walk records (see [`Analyzer::evaluate_only`]).
    pub(super) fn records(&self) -> bool {
        self.rec.is_some()
    }

    /// Records that every origin of `t` reaches `to` (nothing when evaluating only).
    pub(super) fn record(&mut self, t: &Taint, to: &Target, span: Span, kind: StepKind) {
        if let Some(rec) = self.rec.as_deref_mut() {
            rec.record(t, to, span, kind);
        }
    }

    /// Walks a block; returns whether it always exits (returns, raises, or jumps to its loop).
    pub(super) fn walk(&mut self, stmts: &[Stmt], env: &mut Env) -> bool {
        for stmt in stmts {
            if !self.frame.tries.is_empty() {
                self.note_may_raise(env);
            }
            match stmt {
                Stmt::Assign {
                    target,
                    value,
                    span,
                } => {
                    if let Pattern::Name(n) = target {
                        self.note_binding(n, value, env);
                    }
                    let t = self.eval(value, env);
                    let t = with_step(t, *span, StepKind::Assign);
                    bind(env, target, t);
                }
                Stmt::Eval(e) => {
                    self.eval(e, env);
                    // `validate_id(id)?;`: a raising check cleans what it checked below it.
                    let r = self.evaluate_only().raising_check_refinement(e, env);
                    apply(env, &r);
                }
                Stmt::Exit {
                    value,
                    is_return,
                    span,
                } => {
                    if let Some(v) = value {
                        self.walk_exit(v, *is_return, *span, env);
                    }
                    if *is_return && self.frame.raising {
                        self.note_normal_exit(value.as_ref(), *span, env);
                    }
                    self.note_leaving(env, !is_return);
                    return true;
                }
                Stmt::Jump(_) => {
                    self.note_jump(env);
                    return true;
                }
                Stmt::Try {
                    body,
                    handlers,
                    orelse,
                    finally,
                } => {
                    if self.walk_try(body, handlers, orelse, finally, env) {
                        return true;
                    }
                }
                Stmt::If { test, then, orelse } => {
                    if self.walk_if(test, then, orelse, env) {
                        return true;
                    }
                }
                Stmt::Loop(body) => {
                    let mut last = Env::new();
                    self.frame.loops.push(LoopCx {
                        tries: self.frame.tries.len(),
                        jumped: None,
                    });
                    for _ in 0..2 {
                        let mut inner = env.clone();
                        let exits = self.walk_loop_body(body, &mut inner);
                        join_env(env, &inner);
                        // A body that always leaves never reaches its end.
                        last = if exits { Env::new() } else { inner };
                        if let Some(jumped) =
                            self.frame.loops.last_mut().and_then(|l| l.jumped.take())
                        {
                            join_env(env, &jumped);
                        }
                    }
                    self.frame.loops.pop();
                    let r = self.loop_guard(body, env);
                    apply(env, &r);
                    let r = self.char_loop_guard(body, &last);
                    apply(env, &r);
                }
            }
        }
        false
    }

    /// One pass over a loop's body. The variables a `for` header binds hold elements of what
    /// it iterates (`for c in command`, `for i, c in enumerate(command)`): parts of it, so a
    /// check of one of them says nothing of the whole value (see [`super::parts`]).
    fn walk_loop_body(&mut self, body: &[Stmt], env: &mut Env) -> bool {
        let Some(Stmt::Assign { target, .. }) = body.first().filter(|s| is_for_header(s)) else {
            return self.walk(body, env);
        };
        self.walk(&body[..1], env);
        for name in target.names() {
            self.fs.locals.parts.insert(name.to_owned());
        }
        self.walk(&body[1..], env)
    }

    /// What `name = value` tells about the local name beyond its taint: the text it was built
    /// from, the closure, options object, argument vector, class or dispatch-table entry it
    /// holds, and what it says when it holds a check's result.
    fn note_binding(&mut self, name: &str, value: &Expr, env: &mut Env) {
        let bits = self.literal_text_bits(value);
        let locals = &mut self.fs.locals;
        if bits == 0 {
            locals.var_text.remove(name);
        } else {
            locals.var_text.insert(name.to_owned(), bits);
        }
        if let ExprKind::Func(id) = value.kind {
            locals.closures.insert(name.to_owned(), id);
        }
        if is_options_record(value) {
            locals.records.insert(name.to_owned(), value.clone());
        } else {
            locals.records.remove(name);
        }
        if self.binds_part(value) {
            self.fs.locals.parts.insert(name.to_owned());
        } else {
            self.fs.locals.parts.remove(name);
        }
        self.argv_bind(name, value);
        self.type_local(name, value);
        if is_fetched_method(value, self.cx.file.lang) {
            self.fs.locals.fetched_methods.insert(name.to_owned());
        } else {
            self.fs.locals.fetched_methods.remove(name);
        }
        if matches!(value.kind, ExprKind::Call { .. }) {
            self.fs.locals.bindings.insert(name.to_owned(), value.span);
            let (t, f) = self.evaluate_only().refine(value, env);
            if t.clears.is_empty()
                && f.clears.is_empty()
                && t.flaws.is_empty()
                && f.flaws.is_empty()
            {
                self.fs.locals.checks.remove(name);
            } else {
                self.fs.locals.checks.insert(name.to_owned(), (t, f));
            }
        }
        let table = self.dispatch_table(value);
        if !table.is_empty() {
            self.fs
                .locals
                .dispatch_aliases
                .insert(name.to_owned(), table);
        }
    }

    /// `return v` (or a raise with a value): inside a closure walked inline, part of what the
    /// closure returns; otherwise a fact, and while summarising a predicate, what it guarantees.
    /// A Rust function's `return Err(e)` is its error path, like a raise: the caller's
    /// `f(x)?` never holds `e` (`Err(format!("{} is outside the root", p.display()))`).
    fn walk_exit(&mut self, value: &Expr, is_return: bool, span: Span, env: &mut Env) {
        let t = self.eval(value, env);
        let raises = !is_return
            || (self.cx.file.lang == mcplint_ir::Lang::Rust
                && super::validators::is_err_value(value));
        if raises && self.fs.reads_sources && self.frame.closure_returns.is_empty() {
            // What a function raises reaches its caller's error result; followed for sources
            // only (a credential in an error message).
            self.record(&t, &Target::Raise, span, StepKind::Return);
        }
        if let (true, Some(top)) = (is_return, self.frame.closure_returns.last_mut()) {
            union_into(top, &t);
        } else if is_return
            && self.cx.file.lang == mcplint_ir::Lang::Rust
            && super::validators::is_err_value(value)
        {
            if self.frame.predicate_returns.is_some() && !self.frame.raising {
                self.collect_predicate_return(value, env);
            }
        } else if is_return {
            self.record(&t, &Target::Return, span, StepKind::Return);
            if self.frame.predicate_returns.is_some() && !self.frame.raising {
                self.collect_predicate_return(value, env);
            }
            if self.frame.returns.is_some() {
                let carried = self.with_call_arguments(&t);
                if let Some(returns) = self.frame.returns.as_mut() {
                    returns.push(carried);
                }
            }
        }
    }

    /// An `if`: each branch walked under what its test says; a branch that always exits leaves
    /// the other's environment (this is how a guard cleans what follows it). A branch whose
    /// raise lands in a surrounding `try`'s handlers makes the check a swallowed one there; an
    /// `if root:` around a containment check against that root keeps what the check cleaned.
    /// Returns whether both branches exit.
    fn walk_if(&mut self, test: &Expr, then: &[Stmt], orelse: &[Stmt], env: &mut Env) -> bool {
        self.eval(test, env);
        let (when_true, when_false) = self.evaluate_only().refine(test, env);
        let mut env_then = env.clone();
        apply(&mut env_then, &when_true);
        let caught = self.caught_so_far();
        let then_exits = self.walk(then, &mut env_then);
        let then_raised = self.raise_lands_here(caught);
        let mut env_else = std::mem::take(env);
        apply(&mut env_else, &when_false);
        let caught = self.caught_so_far();
        let else_exits = self.walk(orelse, &mut env_else);
        let else_raised = self.raise_lands_here(caught);
        *env = match (then_exits, else_exits) {
            (true, true) => return true,
            (true, false) => {
                if then_raised {
                    self.note_swallowed(test.span, &when_false);
                }
                env_else
            }
            (false, true) => {
                if else_raised {
                    self.note_swallowed(test.span, &when_true);
                }
                env_then
            }
            (false, false) => {
                let configured = (orelse.is_empty() && self.checks_configured_root(test, then))
                    .then(|| env_then.clone());
                join_env(&mut env_then, &env_else);
                if let Some(checked) = configured {
                    self.keep_path_clears(&mut env_then, &checked);
                }
                env_then
            }
        };
        false
    }

    /// A `try`: a handler starts from the join of the states before each statement of the body
    /// (any of them may raise), so a check that raises inside the body cleans only what follows
    /// it there; what completes the body (then `else`) or a handler goes on after the statement,
    /// through `finally`, which also runs, for what its statements do, on the states leaving
    /// through it. Returns whether every path exits.
    fn walk_try(
        &mut self,
        body: &[Stmt],
        handlers: &[Handler],
        orelse: &[Stmt],
        finally: &[Stmt],
        env: &mut Env,
    ) -> bool {
        // A body the front end left empty (Python imports) still reaches the handlers.
        let raised = (body.is_empty() && !handlers.is_empty()).then(|| env.clone());
        self.frame.tries.push(TryCx {
            catching: !handlers.is_empty(),
            raised,
            has_finally: !finally.is_empty(),
            leaving: None,
            caught: 0,
            swallowed: Vec::new(),
        });
        let body_exits = self.walk(body, env);
        let (raised, swallowed) = self
            .frame
            .tries
            .last_mut()
            .map(|cx| {
                cx.catching = false;
                (cx.raised.take(), std::mem::take(&mut cx.swallowed))
            })
            .unwrap_or_default();
        let mut completed = None;
        if !body_exits && !self.walk(orelse, env) {
            completed = Some(std::mem::take(env));
        }
        if let Some(raised) = raised {
            for h in handlers {
                let mut state = raised.clone();
                apply_flaws(&mut state, &swallowed);
                if !self.walk(&h.body, &mut state) {
                    join_into(&mut completed, &state);
                    if let (false, Some(joined)) = (swallowed.is_empty(), completed.as_mut()) {
                        keep_swallowed_steps(joined, &state);
                    }
                }
            }
        }
        let leaving = self.frame.tries.pop().and_then(|cx| cx.leaving);
        if let Some(mut state) = leaving {
            self.walk(finally, &mut state);
        }
        match completed {
            Some(state) => {
                *env = state;
                self.walk(finally, env)
            }
            None => true,
        }
    }

    /// Before a statement inside the body of a `try` with handlers: the state a raise there
    /// takes to them.
    fn note_may_raise(&mut self, env: &Env) {
        for cx in &mut self.frame.tries {
            if cx.catching {
                join_into(&mut cx.raised, env);
            }
        }
    }

    /// At a `return` or raise: the state leaving through each `finally` it passes, up to the
    /// `try` whose handlers catch a raise.
    fn note_leaving(&mut self, env: &Env, raises: bool) {
        for cx in self.frame.tries.iter_mut().rev() {
            if raises && cx.catching {
                cx.caught += 1;
                return;
            }
            if cx.has_finally {
                join_into(&mut cx.leaving, env);
            }
        }
    }

    /// The innermost `try` whose handlers a raise here lands in, and how many raises landed
    /// there so far.
    fn caught_so_far(&self) -> Option<(usize, u32)> {
        let i = self.frame.tries.iter().rposition(|cx| cx.catching)?;
        Some((i, self.frame.tries[i].caught))
    }

    /// Whether a raise landed in the handlers of the `try` that `before` names since then.
    fn raise_lands_here(&self, before: Option<(usize, u32)>) -> bool {
        before.is_some_and(|(i, n)| self.frame.tries.get(i).is_some_and(|cx| cx.caught > n))
    }

    /// At a `break` or `continue`: the state leaving through each `finally` inside its loop,
    /// and reaching the loop's next round or its end.
    fn note_jump(&mut self, env: &Env) {
        let Some(lp) = self.frame.loops.last_mut() else {
            return;
        };
        join_into(&mut lp.jumped, env);
        let from = lp.tries;
        for cx in self.frame.tries.iter_mut().skip(from) {
            if cx.has_finally {
                join_into(&mut cx.leaving, env);
            }
        }
    }
}

/// `getattr(client, op)` (Python): a method of an object fetched by its name, which a dynamic
/// dispatch then calls (`method(**body)`, boto3 operations chosen at run time).
fn is_fetched_method(value: &Expr, lang: mcplint_ir::Lang) -> bool {
    lang == mcplint_ir::Lang::Python
        && matches!(&value.kind, ExprKind::Call { callee, receiver: None, args } if callee == "getattr" && args.len() >= 2)
}

#[cfg(test)]
mod tests {
    use mcplint_ir::{Lang, SourceFile};

    use crate::taint::test_support::{catalog, function, sink_facts, summarize_python};
    use crate::taint::{FileSummary, Origin, Target};

    const SOURCE: &str = r#"
import os
import subprocess
from pathlib import Path

ROOT = Path("/srv/notes").resolve()

def swallowed(name):
    p = (ROOT / name).resolve()
    try:
        p.relative_to(ROOT)
    except ValueError:
        print("outside the notes folder")
    os.remove(p)

def reraised(name):
    p = (ROOT / name).resolve()
    try:
        p.relative_to(ROOT)
    except ValueError:
        raise PermissionError("outside the notes folder")
    os.remove(p)

def raised_in_try(name):
    p = (ROOT / name).resolve()
    try:
        if not p.is_relative_to(ROOT):
            raise PermissionError("outside")
        data = p.read_bytes()
    except OSError:
        os.remove(p)
        return "dropped"
    return data

def guarded_in_try(name):
    p = (ROOT / name).resolve()
    try:
        if not p.is_relative_to(ROOT):
            raise PermissionError("outside")
        return p.read_bytes()
    except OSError:
        return b""

def skipped(names):
    for name in names:
        p = (ROOT / name).resolve()
        try:
            p.relative_to(ROOT)
        except ValueError:
            continue
        os.remove(p)

def skipped_by_check(names):
    for name in names:
        p = (ROOT / name).resolve()
        if not p.is_relative_to(ROOT):
            continue
        os.remove(p)

def fallback(cmd):
    try:
        return subprocess.run(["git", "log", "--", cmd], check=True).stdout
    except subprocess.CalledProcessError:
        return subprocess.check_output(f"git log {cmd}", shell=True)

def cleanup(name):
    tmp = "/tmp/" + name
    try:
        return len(name)
    finally:
        os.remove(tmp)

def unchecked_finally(name):
    p = (ROOT / name).resolve()
    try:
        if not p.is_relative_to(ROOT):
            raise PermissionError("outside")
    finally:
        print("checked")
    os.remove(p)

def is_inside(p):
    try:
        if not Path(p).resolve().is_relative_to(ROOT):
            raise ValueError("outside")
    except ValueError:
        print("outside")
    return True

def through_swallowing_predicate(name):
    if not is_inside(name):
        raise PermissionError("outside")
    os.remove(name)

def is_inside_strict(p):
    try:
        if not Path(p).resolve().is_relative_to(ROOT):
            raise ValueError("outside")
    except ValueError:
        return False
    return True

def through_predicate(name):
    if not is_inside_strict(name):
        raise PermissionError("outside")
    os.remove(name)
"#;

    fn flagged(s: &FileSummary, name: &str, kind: &str) -> bool {
        !sink_facts(s, name, 0, kind).is_empty()
    }

    /// A raising check inside a `try` whose handler goes on cleans nothing after the `try`.
    #[test]
    fn a_swallowed_raise_does_not_guard() {
        let s = summarize_python("t.py", SOURCE);
        assert!(flagged(&s, "swallowed", "path"));
        assert!(!flagged(&s, "reraised", "path"));
    }

    /// A handler starts from the states before each statement of the body: a raise in the
    /// middle of the body reaches it with what was not checked yet.
    #[test]
    fn a_handler_is_reached_from_inside_the_body() {
        let s = summarize_python("t.py", SOURCE);
        assert!(flagged(&s, "raised_in_try", "path"));
        assert!(!flagged(&s, "guarded_in_try", "path"));
    }

    /// `continue` in a handler or after a failed check leaves the rest of the loop's body.
    #[test]
    fn continue_leaves_the_rest_of_the_loop_body() {
        let s = summarize_python("t.py", SOURCE);
        assert!(!flagged(&s, "skipped", "path"));
        assert!(!flagged(&s, "skipped_by_check", "path"));
    }

    /// A `return` in the body does not make the handler dead, nor the `finally`.
    #[test]
    fn handlers_and_finally_run_after_a_return_in_the_body() {
        let s = summarize_python("t.py", SOURCE);
        assert!(flagged(&s, "fallback", "shell"));
        assert!(flagged(&s, "cleanup", "path"));
    }

    /// A raise that leaves through `finally` only does not reach what follows the `try`.
    #[test]
    fn a_raise_through_finally_leaves_the_function() {
        let s = summarize_python("t.py", SOURCE);
        assert!(!flagged(&s, "unchecked_finally", "path"));
    }

    /// A helper whose failing check is caught inside itself validates nothing.
    #[test]
    fn a_predicate_that_swallows_its_raise_does_not_clean() {
        let s = summarize_python("t.py", SOURCE);
        let path = catalog().kind_bit("path");
        let cleans = |name: &str| {
            let id = function(&s, name);
            s.predicates
                .iter()
                .any(|(p, c)| *p == id && c.iter().any(|&(i, k)| i == 0 && k & path != 0))
        };
        assert!(!cleans("is_inside"));
        assert!(cleans("is_inside_strict"));
        assert!(flagged(&s, "through_swallowing_predicate", "path"));
        assert!(!flagged(&s, "through_predicate", "path"));
    }

    /// The filesystem server's shape: the symlink check throws inside the `try` whose `catch`
    /// returns the unresolved path.
    #[test]
    fn a_catch_that_returns_the_unchecked_path_returns_tainted_data() {
        let text = r#"
import fs from "fs/promises";
import path from "path";
const ROOT = "/srv/notes";
export async function validatePath(requested: string): Promise<string> {
  const absolute = path.resolve(ROOT, requested);
  try {
    const real = await fs.realpath(absolute);
    if (!real.startsWith(ROOT + path.sep)) {
      throw new Error("symlink target outside the notes folder");
    }
    return real;
  } catch (error) {
    return absolute;
  }
}
"#;
        let file =
            mcplint_front::lower(Lang::TypeScript, SourceFile::new("v.ts", text)).expect("lowers");
        let s = crate::taint::summarize(&file, &catalog());
        let f = &s.functions[function(&s, "validatePath")];
        let path = catalog().kind_bit("path");
        let returned: Vec<_> = f
            .facts
            .iter()
            .filter(|x| x.from == Origin::Param(0) && x.to == Target::Return)
            .collect();
        assert!(
            returned.iter().any(|x| x.flags.cleared & path == 0),
            "{returned:?}"
        );
    }

    /// A Rust `return Err(..)` is the error path: its data is not what `f(x)?` gives the
    /// caller, while `Ok(..)` is.
    #[test]
    fn a_rust_error_return_is_not_the_returned_value() {
        let text = r#"
use std::path::{Path, PathBuf};

fn checked(p: &Path) -> Result<PathBuf, String> {
    if p.exists() {
        return Err(format!("{} exists", p.display()));
    }
    Err(format!("{} is not allowed", p.display()))
}

fn passed(p: &Path) -> Result<PathBuf, String> {
    if p.exists() {
        return Err(format!("{} exists", p.display()));
    }
    Ok(p.join("new"))
}
"#;
        let s = crate::taint::test_support::summarize_path("src/lib.rs", text);
        let returns = |name: &str| {
            s.functions[function(&s, name)]
                .facts
                .iter()
                .any(|x| x.to == Target::Return)
        };
        assert!(!returns("checked"));
        assert!(returns("passed"));
    }
}
