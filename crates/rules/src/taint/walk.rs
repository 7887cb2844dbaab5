use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};

use foldhash::{HashMap, HashMapExt, HashSet};

use mcplint_ir::{Expr, ExprKind, File, FnId, Pattern, Span, Stmt};

use super::argv::ArgvContext;
use super::env::{
    Env, Locals, Taint, bind, function_aliases, join_env, module_instances, scalar_fields,
    typed_params, union_into, with_step,
};
use super::flaws::{Flaw, FlawMark};
use super::guards::apply;
use super::sinks::is_options_record;
use super::summary::{CallSite, Flags, Origin, SinkSite, Step, StepKind, Target};
use super::{MAX_STEPS, PredicateOracle};
use crate::catalog::{Catalog, LangCatalog};

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
    /// `promisify(exec)`: calls through them are calls to that function.
    pub(super) function_aliases: HashMap<String, String>,
    /// `(struct, field)` pairs whose field type is a number or a boolean.
    pub(super) scalar_fields: BTreeSet<(String, String)>,
    /// The `prefix` sanitizer rows: the kinds each cleans and its regex, looked up once rather
    /// than for every hole of every built string.
    pub(super) prefix_rows: Vec<(u64, &'a regex::Regex)>,
    /// See [`module_instances`].
    pub(super) module_instances: HashMap<String, String>,
    /// The names each function binds, filled on first use (see [`Analyzer::binds`]).
    pub(super) bound_names: RefCell<HashMap<FnId, HashSet<String>>>,
}

impl<'a> FileCx<'a> {
    /// The context of `file`, with the catalog rows of its language.
    pub(super) fn new(
        file: &'a File,
        catalog: &'a Catalog,
        oracle: Option<PredicateOracle<'a>>,
    ) -> Self {
        let cat = catalog.for_lang(file.lang);
        FileCx {
            file,
            oracle,
            catalog,
            cat,
            argv: ArgvContext::new(cat),
            function_aliases: function_aliases(file, cat),
            scalar_fields: scalar_fields(file, &cat.mcp.scalar_types),
            prefix_rows: cat
                .sanitizers
                .iter()
                .filter_map(|s| Some((s.kind_mask.0, s.prefix.as_deref()?)))
                .collect(),
            module_instances: module_instances(file),
            bound_names: RefCell::new(HashMap::new()),
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
}

impl FnState {
    /// The state at the start of function `id` of `file`.
    pub(super) fn new(file: &File, id: FnId) -> Self {
        FnState {
            caller: id,
            locals: Locals::default(),
            typed_vars: file.functions.get(id).map(typed_params).unwrap_or_default(),
            ret_args: HashMap::new(),
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
    /// While walking a callback as a check: what was clean in the environment it started from.
    pub(super) inherited_clean: BTreeMap<Origin, u64>,
}

impl Frame {
    /// The frame of a body walked as a check, `depth` closures and checks deep.
    pub(super) fn predicate(depth: usize) -> Self {
        Frame {
            closure_depth: depth,
            closure_returns: Vec::new(),
            predicate_returns: Some(Vec::new()),
            predicate_flaws: Vec::new(),
            inherited_clean: BTreeMap::new(),
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
    /// Sink sites; `Target::Sink` indexes them.
    pub(super) sinks: Vec<SinkSite>,
    /// Each sink site's index, by span and kind.
    pub(super) sink_index: HashMap<(Span, String), u32>,
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
                .and_modify(|(f, _)| *f = f.join(*flags))
                .or_insert((*flags, steps));
        }
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
    pub(super) predicate_flaws: HashMap<FnId, Vec<(usize, Span, Flaw)>>,
    /// Paths of imported functions used as checks (see [`FileSummary::predicate_calls`]).
    pub(super) predicate_calls: Vec<String>,
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

    /// Walks a block; returns whether it always exits.
    pub(super) fn walk(&mut self, stmts: &[Stmt], env: &mut Env) -> bool {
        for stmt in stmts {
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
                }
                Stmt::Exit {
                    value,
                    is_return,
                    span,
                } => {
                    if let Some(v) = value {
                        self.walk_exit(v, *is_return, *span, env);
                    }
                    return true;
                }
                Stmt::If { test, then, orelse } => {
                    if self.walk_if(test, then, orelse, env) {
                        return true;
                    }
                }
                Stmt::Loop(body) => {
                    for _ in 0..2 {
                        let mut inner = env.clone();
                        self.walk(body, &mut inner);
                        join_env(env, &inner);
                    }
                    let r = self.loop_guard(body, env);
                    apply(env, &r);
                }
            }
        }
        false
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
        self.argv_bind(name, value);
        self.type_local(name, value);
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
    fn walk_exit(&mut self, value: &Expr, is_return: bool, span: Span, env: &mut Env) {
        let t = self.eval(value, env);
        if let (true, Some(top)) = (is_return, self.frame.closure_returns.last_mut()) {
            union_into(top, &t);
        } else if is_return {
            self.record(&t, &Target::Return, span, StepKind::Return);
            if self.frame.predicate_returns.is_some() {
                self.collect_predicate_return(value, env);
            }
        }
    }

    /// An `if`: each branch walked under what its test says; a branch that always exits leaves
    /// the other's environment (this is how a guard cleans what follows it). Returns whether
    /// both branches exit.
    fn walk_if(&mut self, test: &Expr, then: &[Stmt], orelse: &[Stmt], env: &mut Env) -> bool {
        self.eval(test, env);
        let (when_true, when_false) = self.evaluate_only().refine(test, env);
        let mut env_then = env.clone();
        apply(&mut env_then, &when_true);
        let then_exits = self.walk(then, &mut env_then);
        let mut env_else = std::mem::take(env);
        apply(&mut env_else, &when_false);
        let else_exits = self.walk(orelse, &mut env_else);
        *env = match (then_exits, else_exits) {
            (true, true) => return true,
            (true, false) => env_else,
            (false, true) => env_then,
            (false, false) => {
                join_env(&mut env_then, &env_else);
                env_then
            }
        };
        false
    }
}
