use std::collections::{BTreeMap, BTreeSet};

use foldhash::{HashMap, HashSet};

use mcplint_ir::{ExprKind, File, FnId, Pattern, Span, Stmt};

use super::argv::ArgvContext;
use super::env::{Env, Locals, Taint, bind, join_env, union_into, with_step};
use super::guards::apply;
use super::sinks::is_options_record;
use super::summary::{FileSummary, Flags, Origin, Step, StepKind, Target};
use super::{MAX_STEPS, PredicateOracle};
use crate::catalog::{Catalog, LangCatalog};

pub(super) struct Analyzer<'a> {
    /// Argument vectors (`argv` sink rows).
    pub(super) argv: ArgvContext,
    /// What is known about the current function's local names.
    pub(super) locals: Locals,
    pub(super) file: &'a File,
    /// Predicates of other files (second round only).
    pub(super) oracle: Option<PredicateOracle<'a>>,
    pub(super) catalog: &'a Catalog,
    pub(super) cat: &'a LangCatalog,
    pub(super) summary: &'a mut FileSummary,
    pub(super) facts: BTreeMap<(Origin, Target), (Flags, Vec<Step>)>,
    pub(super) sink_index: HashMap<(Span, String), u32>,
    pub(super) caller: FnId,
    pub(super) closure_depth: usize,
    /// Evaluating only to learn a value's taint (inside a guard): record nothing.
    pub(super) quiet: bool,
    /// Names bound to a library function, directly or through a wrapper such as
    /// `promisify(exec)`: calls through them are calls to that function.
    pub(super) function_aliases: HashMap<String, String>,
    /// Memoised predicate summaries of local functions (see [`Analyzer::predicate`]).
    pub(super) predicates: HashMap<FnId, Vec<(usize, u64)>>,
    /// Local names holding a struct of a known type (`Parameters(args): Parameters<T>`).
    pub(super) typed_vars: HashMap<String, String>,
    /// `(struct, field)` pairs whose field type is a number or a boolean.
    pub(super) scalar_fields: BTreeSet<(String, String)>,
    /// For each call site: the origins of what it was given (see [`Analyzer::expand_origins`]).
    pub(super) ret_args: HashMap<u32, BTreeSet<Origin>>,
    /// While walking closures inline: the taint of their return values, innermost last.
    pub(super) closure_returns: Vec<Taint>,
    /// While summarising a predicate: what each of its `return`s guarantees.
    pub(super) predicate_returns: Option<Vec<BTreeMap<Origin, u64>>>,
    /// The `prefix` sanitizer rows: the kinds each cleans and its regex, looked up once rather
    /// than for every hole of every built string.
    pub(super) prefix_rows: Vec<(u64, &'static regex::Regex)>,
    /// See [`module_instances`].
    pub(super) module_instances: HashMap<String, String>,
    /// The names each function binds (see [`Analyzer::binds`]).
    pub(super) bound_names: std::cell::RefCell<HashMap<FnId, HashSet<String>>>,
}

impl Analyzer<'_> {
    pub(super) fn record(&mut self, t: &Taint, to: &Target, span: Span, kind: StepKind) {
        if self.quiet {
            return;
        }
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
                        let bits = self.literal_text_bits(value);
                        if bits == 0 {
                            self.locals.var_text.remove(n);
                        } else {
                            self.locals.var_text.insert(n.clone(), bits);
                        }
                        if let ExprKind::Func(id) = value.kind {
                            self.locals.closures.insert(n.clone(), id);
                        }
                        if is_options_record(value) {
                            self.locals.records.insert(n.clone(), value.clone());
                        } else {
                            self.locals.records.remove(n);
                        }
                        self.argv_bind(n, value);
                        self.type_local(n, value);
                        if matches!(value.kind, ExprKind::Call { .. }) {
                            self.locals.bindings.insert(n.clone(), value.span);
                            let quiet = std::mem::replace(&mut self.quiet, true);
                            let (t, f) = self.refine(value, env);
                            self.quiet = quiet;
                            if t.clears.is_empty() && f.clears.is_empty() {
                                self.locals.checks.remove(n);
                            } else {
                                self.locals.checks.insert(n.clone(), (t.clears, f.clears));
                            }
                        }
                        let table = self.dispatch_table(value);
                        if !table.is_empty() {
                            self.locals.dispatch_aliases.insert(n.clone(), table);
                        }
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
                        let t = self.eval(v, env);
                        if let (true, Some(top)) = (*is_return, self.closure_returns.last_mut()) {
                            union_into(top, &t);
                        } else if *is_return {
                            self.record(&t, &Target::Return, *span, StepKind::Return);
                            if self.predicate_returns.is_some() {
                                self.collect_predicate_return(v, env);
                            }
                        }
                    }
                    return true;
                }
                Stmt::If { test, then, orelse } => {
                    self.eval(test, env);
                    // Quiet while refining; a predicate being summarised stays quiet after.
                    let quiet = std::mem::replace(&mut self.quiet, true);
                    let (when_true, when_false) = self.refine(test, env);
                    self.quiet = quiet;
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
}
