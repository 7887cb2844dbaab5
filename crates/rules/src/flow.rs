//! The shared taint pass, phase one: per-function local analysis into summaries.
//!
//! Each function is walked once with its parameters as symbolic origins (`Param(i)`) and every
//! call that may reach project code (a function of this file, an imported function, a method on
//! `self`) as another origin (`Ret(c)`), so nothing here needs to know which functions are tools.
//! The walk records *facts*: origin O reaches a sink, the return value, or argument j of call c,
//! with [`Flags`] saying what happened on the way (sanitized kinds, string building, symlink
//! resolution). The project phase ([`crate::project`]) links call sites to callees and turns the
//! facts reachable from tool parameters into [`Flow`]s.
//!
//! The walk is flow-sensitive only where it must be: statements run in order so that a guard (a
//! check whose failing branch exits) cleans what it checks below it; branches join; loops run
//! twice. Taint is field-insensitive: `args.path` is tainted when `args` is.

use std::collections::{BTreeMap, BTreeSet};

use foldhash::{HashMap, HashMapExt, HashSet, HashSetExt};

use mcplint_ir::{Arg, Expr, ExprKind, File, FnId, ParamKind, Part, Pattern, Span, Stmt, ops};
use serde::{Deserialize, Serialize};

use crate::Label;
use crate::catalog::{Catalog, GuardRow, LangCatalog, any_matches, library_matches};
use crate::facts::tools::{locate_arg, locate_arg_index};

/// Where taint comes from, inside one function.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Origin {
    /// The function's parameter at this index.
    Param(u16),
    /// The value returned by call site `c` of the file.
    Ret(u32),
}

/// What happened to a value on its way.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
pub struct Flags {
    /// Kinds (bits from [`Catalog::kind_bit`]) for which the value was sanitized.
    pub cleared: u64,
    /// The value was interpolated into a built string.
    pub built: bool,
    /// Symlinks were resolved (`realpath`, `resolve()`, `canonicalize`).
    pub resolved: bool,
    /// The value is a path relative to a root (`path.relative`).
    pub relative: bool,
    /// Bits of the catalog's text classes (`sql`) matched by the literal parts of the strings
    /// the value was built into.
    pub text: u8,
}

impl Flags {
    /// Both paths merge: clean only if clean on both, built if built on either.
    #[must_use]
    pub fn join(self, other: Flags) -> Flags {
        Flags {
            cleared: self.cleared & other.cleared,
            built: self.built || other.built,
            resolved: self.resolved && other.resolved,
            relative: self.relative && other.relative,
            text: self.text | other.text,
        }
    }

    /// `self`, then `later` along one path.
    #[must_use]
    pub fn then(self, later: Flags) -> Flags {
        Flags {
            cleared: self.cleared | later.cleared,
            built: self.built || later.built,
            resolved: self.resolved || later.resolved,
            relative: self.relative || later.relative,
            text: self.text | later.text,
        }
    }
}

/// What a step on a path is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum StepKind {
    /// The parameter where the data enters.
    Param,
    /// An assignment.
    Assign,
    /// A call passing the data to a project function.
    Call,
    /// A value returned from a project function.
    Return,
    /// The sink.
    Sink,
}

/// One step of a path inside one file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Step {
    /// Where.
    pub span: Span,
    /// What.
    pub kind: StepKind,
}

/// Where a fact ends.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Target {
    /// The sink site at this index of [`FileSummary::sinks`].
    Sink(u32),
    /// The function's return value.
    Return,
    /// An argument of call site `call`.
    Arg {
        /// Index into [`FileSummary::calls`].
        call: u32,
        /// Which argument.
        pos: ArgPos,
    },
}

/// Which argument of a call.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum ArgPos {
    /// The n-th positional argument.
    Positional(u16),
    /// A keyword argument.
    Keyword(String),
    /// The receiver of a method call (`self` of the callee).
    Receiver,
}

/// Origin `from` reaches `to`.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Fact {
    /// Where the data comes from.
    pub from: Origin,
    /// Where it goes.
    pub to: Target,
    /// What happened on the way.
    pub flags: Flags,
    /// The steps on the way (assignments and the final call), in order.
    pub steps: Vec<Step>,
}

/// A sink call site.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct SinkSite {
    /// The sink kind.
    pub kind: String,
    /// Its bit in the catalog's kind set.
    pub kind_bit: u64,
    /// The call.
    pub span: Span,
    /// Only built strings count.
    pub requires_built: bool,
    /// The callee is rooted in a project module: a call site with the same span that resolves
    /// to a project function replaces this sink.
    pub project_rooted: bool,
    /// Only strings whose literal text matched these text-class bits count.
    pub requires_text: u8,
    /// What the sink is, for messages (`a shell command`).
    pub what: String,
}

/// A call that may reach project code.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct CallSite {
    /// The calling function.
    pub caller: FnId,
    /// What is called.
    pub target: CallTarget,
    /// The call.
    pub span: Span,
    /// Whether the call passes an implicit receiver (`self.m(x)`), shifting positional arguments.
    pub method: bool,
    /// Kinds the result does not carry from the arguments if the call is library code after
    /// all (see `opaque-method-kinds` in the catalog).
    #[serde(default)]
    pub opaque: u64,
    /// The callee is an attribute of a name imported from a module (`client.get(x)` after
    /// `from .aws import client`): `opaque` applies only if that name is a value, not a module.
    #[serde(default)]
    pub via_import: bool,
}

/// What a call site names.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum CallTarget {
    /// A function of the same file.
    Local(FnId),
    /// A resolved import path (`.utils.run_cmd`, `pkg.mod.f`).
    Path(String),
    /// A method of a type known by name (`ctx.read_text_file(p)` with `ctx: &FileSystemService`),
    /// found in any file of the project.
    Method {
        /// The type's name.
        class: String,
        /// The method's name.
        name: String,
    },
}

/// A function's parameters and facts.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct FnSummary {
    /// Its name.
    pub name: Option<String>,
    /// Whether it is a top-level function (importable by name).
    pub top_level: bool,
    /// Parameters, in order.
    pub params: Vec<ParamInfo>,
    /// Whether the first parameter is `self`/`cls`.
    pub has_self: bool,
    /// The class, struct or impl type it is a method of.
    pub class_name: Option<String>,
    /// Every fact, deduplicated by (from, to).
    pub facts: Vec<Fact>,
}

/// Module aliases of a `tsconfig.json`, relative to its folder.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct TsPaths {
    /// `compilerOptions.baseUrl` (`.` when absent).
    pub base_url: String,
    /// `compilerOptions.paths`: pattern (with at most one `*`) and its targets.
    pub paths: Vec<(String, Vec<String>)>,
}

impl FileSummary {
    /// Gives back the spare capacity of its vectors: every file's summary stays in memory until
    /// the project phase, and growth slack was a third of it.
    fn shrink(&mut self) {
        for f in &mut self.functions {
            for fact in &mut f.facts {
                fact.steps.shrink_to_fit();
            }
            f.facts.shrink_to_fit();
            f.params.shrink_to_fit();
        }
        self.functions.shrink_to_fit();
        self.calls.shrink_to_fit();
        self.sinks.shrink_to_fit();
        self.tools.shrink_to_fit();
        self.predicates.shrink_to_fit();
        self.predicate_calls.shrink_to_fit();
    }
}

/// Reads `compilerOptions.baseUrl`/`paths` out of a lowered `tsconfig.json`.
fn ts_paths(file: &File) -> Option<TsPaths> {
    let name = file
        .source
        .path
        .rsplit('/')
        .next()
        .unwrap_or(&file.source.path);
    if file.lang != mcplint_ir::Lang::Json
        || !(name.starts_with("tsconfig") || name.starts_with("jsconfig"))
    {
        return None;
    }
    let Some(Stmt::Eval(doc)) = file.functions.first()?.body.first() else {
        return None;
    };
    let options = crate::facts::tools::record_field(doc, "compilerOptions")?;
    let base_url = crate::facts::tools::record_field(options, "baseUrl")
        .and_then(Expr::as_str)
        .unwrap_or(".")
        .to_owned();
    let mut paths = Vec::new();
    if let Some(ExprKind::Record(entries)) =
        crate::facts::tools::record_field(options, "paths").map(|e| &e.kind)
    {
        for entry in entries {
            let (Some(pattern), ExprKind::Record(targets)) = (&entry.keyword, &entry.value.kind)
            else {
                continue;
            };
            let targets = targets
                .iter()
                .filter_map(|t| t.value.as_str().map(str::to_owned))
                .collect();
            paths.push((pattern.clone(), targets));
        }
    }
    Some(TsPaths { base_url, paths })
}

/// A parameter as the project phase sees it.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ParamInfo {
    /// Its name (or pattern text).
    pub name: String,
    /// Where it is written.
    pub span: Span,
    /// `self`, a context-typed or an injected parameter: never a source.
    pub non_source: bool,
}

/// Everything the project phase needs from one file.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct FileSummary {
    /// The file path relative to the scan root.
    pub path: String,
    /// One entry per IR function.
    pub functions: Vec<FnSummary>,
    /// Call sites that may reach project code.
    pub calls: Vec<CallSite>,
    /// Sink sites.
    pub sinks: Vec<SinkSite>,
    /// Tool, resource and prompt declarations.
    pub tools: Vec<crate::facts::tools::ToolDecl>,
    /// Top-level functions that act as checks: function id, and the `(param, kinds)` they clean
    /// when they return true.
    pub predicates: Vec<(usize, Vec<(usize, u64)>)>,
    /// Paths of functions of other files that checks call: when one of them is a predicate,
    /// the file is analysed again once every file's predicates are known.
    pub predicate_calls: Vec<String>,
    /// The file's language (module resolution differs per language).
    pub lang: Option<mcplint_ir::Lang>,
    /// Exported names and the local names they stand for.
    pub exports: Vec<(String, String)>,
    /// Imported local names and the resolved paths they stand for.
    pub imports: Vec<(String, String)>,
    /// For a `tsconfig.json`: `compilerOptions.baseUrl` and `paths` (`"@/*": ["src/*"]`).
    pub ts_paths: Option<TsPaths>,
}

/// One path from a tool input to a sink, across files.
#[derive(Clone, Debug)]
pub struct Flow {
    /// The sink kind (`shell`, `path`, `sql`).
    pub kind: String,
    /// What the sink is (`a shell command`).
    pub what: String,
    /// The file of the sink.
    pub path: String,
    /// The sink call.
    pub sink: Span,
    /// The tool parameter the data came from.
    pub source: Label,
    /// The tool's kind and name (`tool`, `read_note`).
    pub tool: (String, Option<String>),
    /// Every step, source first, sink last.
    pub steps: Vec<Label>,
    /// The language of the sink's file (fix hints differ per language).
    pub lang: Option<mcplint_ir::Lang>,
}

const MAX_STEPS: usize = 24;
const MAX_CLOSURE_DEPTH: usize = 4;

type Taint = BTreeMap<Origin, (Flags, Vec<Step>)>;
type Env = HashMap<String, Taint>;

fn union_into(into: &mut Taint, from: &Taint) {
    for (origin, (flags, steps)) in from {
        into.entry(*origin)
            .and_modify(|(f, _)| *f = f.join(*flags))
            .or_insert_with(|| (*flags, steps.clone()));
    }
}

fn with_step(mut t: Taint, span: Span, kind: StepKind) -> Taint {
    for (_, steps) in t.values_mut() {
        if steps.len() < MAX_STEPS && steps.last().is_none_or(|s| s.span != span) {
            steps.push(Step { span, kind });
        }
    }
    t
}

fn map_flags(mut t: Taint, f: impl Fn(Flags) -> Flags) -> Taint {
    for (flags, _) in t.values_mut() {
        *flags = f(*flags);
    }
    t
}

/// Merges two branches. A field entry (`args.unit`, made when a check cleaned that field) that
/// exists on one side only stands, on the other side, for what its parent name holds there.
fn join_env(a: &mut Env, b: &Env) {
    let only_in_a: Vec<String> = a.keys().filter(|k| !b.contains_key(*k)).cloned().collect();
    for k in only_in_a {
        let other = Analyzer::lookup(b, &k);
        if let Some(v) = a.get_mut(&k) {
            union_into(v, &other);
        }
    }
    for (k, v) in b {
        if !a.contains_key(k) {
            let inherited = Analyzer::lookup(a, k);
            a.insert(k.clone(), inherited);
        }
        union_into(a.entry(k.clone()).or_default(), v);
    }
}

/// Whether a resolved callee path starts in the project's own modules (a relative import, or a
/// Rust `crate::`/`super::`/`self::` path).
fn is_project_rooted(callee: &str) -> bool {
    callee.starts_with(['.', '/'])
        || ["crate::", "super::", "self::"]
            .iter()
            .any(|p| callee.starts_with(p))
}

/// Whether a Python import path is rooted in a standard-library module (never project code).
fn is_python_stdlib(path: &str) -> bool {
    const STDLIB: &[&str] = &[
        "os",
        "sys",
        "re",
        "json",
        "shutil",
        "pathlib",
        "subprocess",
        "typing",
        "io",
        "glob",
        "fnmatch",
        "string",
        "urllib",
        "base64",
        "hashlib",
        "hmac",
        "uuid",
        "datetime",
        "time",
        "math",
        "itertools",
        "functools",
        "collections",
        "logging",
        "asyncio",
        "shlex",
        "tempfile",
        "ipaddress",
        "socket",
        "sqlite3",
        "mimetypes",
    ];
    let first = path.split('.').next().unwrap_or(path);
    STDLIB.contains(&first)
}

/// Analyses every function of `file` into a [`FileSummary`].
pub fn summarize(file: &File, catalog: &Catalog) -> FileSummary {
    summarize_with(file, catalog, None)
}

/// What a function of another file cleans when it returns true (`(param, kinds)`), by the
/// resolved path its caller uses; answered by the project phase.
pub type PredicateOracle<'a> = &'a dyn Fn(&str) -> Option<Vec<(usize, u64)>>;

/// [`summarize`], with imported predicates (`if (!isInsideRoot(p)) throw`) answered by `oracle`.
pub fn summarize_with(
    file: &File,
    catalog: &Catalog,
    oracle: Option<PredicateOracle<'_>>,
) -> FileSummary {
    let cat = catalog.for_lang(file.lang);
    let mut summary = FileSummary {
        path: file.source.path.clone(),
        lang: Some(file.lang),
        exports: file
            .exports
            .iter()
            .map(|e| (e.name.clone(), e.local.clone()))
            .collect(),
        ts_paths: ts_paths(file),
        imports: file
            .imports
            .iter()
            .map(|i| (i.local.clone(), i.path()))
            .collect(),
        ..FileSummary::default()
    };
    summary.tools = crate::facts::tools::find_tools(file, cat);
    let mut a = Analyzer {
        file,
        oracle,
        catalog,
        cat,
        summary: &mut summary,
        facts: BTreeMap::new(),
        sink_index: HashMap::new(),
        caller: 0,
        closure_depth: 0,
        quiet: false,
        predicates: HashMap::new(),
        predicate_returns: None,
        closure_returns: Vec::new(),
        prefix_rows: cat
            .sanitizers
            .iter()
            .filter_map(|s| {
                let re = crate::facts::tools::cached_regex(s.prefix.as_deref()?)?;
                Some((catalog.kind_bits(&s.kind), re))
            })
            .collect(),
        module_instances: module_instances(file),
        bound_names: std::cell::RefCell::new(HashMap::new()),
        ret_args: HashMap::new(),
        typed_vars: HashMap::new(),
        scalar_fields: scalar_fields(file),
        function_aliases: function_aliases(file, cat),
        locals: Locals::default(),
        argv: ArgvContext {
            bits: cat
                .sinks
                .iter()
                .filter(|s| s.argv.is_some())
                .fold(0, |acc, s| acc | catalog.kind_bit(&s.kind)),
            flags: cat
                .sinks
                .iter()
                .filter_map(|s| s.argv_flags.as_deref())
                .filter_map(crate::facts::tools::cached_regex)
                .collect(),
        },
    };
    let summary_tools = a.summary.tools.clone();
    let all_params = crate::facts::tools::SourceParams::All {
        excluded: Vec::new(),
    };
    let mut functions = Vec::with_capacity(file.functions.len());
    for (id, func) in file.functions.iter().enumerate() {
        a.caller = id;
        a.facts.clear();
        a.locals = Locals::default();
        a.typed_vars = typed_params(func);
        let mut env = Env::new();
        for (i, p) in func.params.iter().enumerate() {
            // `self`, context-typed and injected parameters never carry tool input, unless a
            // declaration says so (`self` of a rust-mcp-sdk tool struct holds the arguments).
            let declared = summary_tools.iter().any(|t| {
                t.handler == crate::facts::tools::HandlerRef::Local(id)
                    && matches!(&t.sources, crate::facts::tools::SourceParams::Indices(ix) if ix.contains(&i))
            });
            if !declared && !crate::facts::tools::is_source_param(func, i, &all_params, file, cat) {
                continue;
            }
            let Ok(i) = u16::try_from(i) else { break };
            let mut t = Taint::new();
            t.insert(
                Origin::Param(i),
                (
                    Flags::default(),
                    vec![Step {
                        span: p.span,
                        kind: StepKind::Param,
                    }],
                ),
            );
            bind(&mut env, &p.pattern, t);
            unbind_scalar_fields(&mut env, &p.pattern, &a.scalar_fields);
        }
        a.walk(&func.body, &mut env);
        let facts = std::mem::take(&mut a.facts)
            .into_iter()
            .map(|((from, to), (flags, steps))| Fact {
                from,
                to,
                flags,
                steps,
            })
            .collect();
        functions.push(FnSummary {
            name: func.name.clone(),
            top_level: func.parent.is_none() && func.class.is_none(),
            params: func
                .params
                .iter()
                .enumerate()
                .map(|(i, p)| ParamInfo {
                    name: p.name.clone(),
                    span: p.span,
                    non_source: !crate::facts::tools::is_source_param(
                        func,
                        i,
                        &all_params,
                        file,
                        cat,
                    ),
                })
                .collect(),
            has_self: func
                .params
                .first()
                .is_some_and(|p| p.kind == ParamKind::SelfParam),
            class_name: func
                .class
                .and_then(|c| file.classes.get(c))
                .map(|c| c.name.clone()),
            facts,
        });
    }
    a.summary.functions = functions;
    // Top-level functions that read as checks, for callers in other files.
    for (id, func) in file.functions.iter().enumerate() {
        if id == 0
            || func.parent.is_some()
            || func.params.is_empty()
            || !returns_boolish(&func.body)
        {
            continue;
        }
        let cleans = a.predicate(id);
        if !cleans.is_empty() {
            a.summary.predicates.push((id, cleans));
        }
    }
    summary.shrink();
    summary
}

/// Whether some `return` of the body gives a check's result (a comparison, a negation, a
/// boolean literal, a call) rather than data.
fn returns_boolish(body: &[Stmt]) -> bool {
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

/// `const run = promisify(cp.exec)`, `run = subprocess.run`: names that stand for an imported
/// function, so that calls through them match the catalog.
fn function_aliases(file: &File, cat: &LangCatalog) -> HashMap<String, String> {
    let imported = |path: &str| {
        file.imports.iter().any(|i| {
            let p = i.path();
            path == p
                || path
                    .strip_prefix(p.as_str())
                    .is_some_and(|r| r.starts_with('.') || r.starts_with("::"))
        })
    };
    let mut out = HashMap::new();
    for func in &file.functions {
        mcplint_ir::visit::walk_stmts(&func.body, &mut |s| {
            let Stmt::Assign {
                target: Pattern::Name(name),
                value,
                ..
            } = s
            else {
                return;
            };
            let target = match &value.kind {
                ExprKind::Name(p) if p.contains(['.', ':']) && imported(p) => Some(p.clone()),
                ExprKind::Call { callee, args, .. }
                    if cat.mcp.function_wrappers.iter().any(|w| w == callee) =>
                {
                    args.first()
                        .and_then(|a| a.value.as_name())
                        .filter(|p| imported(p))
                        .map(str::to_owned)
                }
                _ => None,
            };
            if let Some(t) = target {
                out.insert(name.clone(), t);
            }
        });
    }
    out
}

/// `Parameters(Args { count, name })`: a destructured field whose type is a number or a
/// boolean carries no text, whatever the client sent.
fn unbind_scalar_fields(env: &mut Env, pattern: &Pattern, scalars: &BTreeSet<(String, String)>) {
    if let Pattern::Destructure { type_name, parts } = pattern {
        for (key, sub) in parts {
            if let (Some(ty), Some(key), Pattern::Name(n)) = (type_name, key, sub)
                && scalars.contains(&(ty.clone(), key.clone()))
            {
                env.remove(n);
            }
            unbind_scalar_fields(env, sub, scalars);
        }
    }
}

/// Whether a type annotation names a number, a boolean or a char (optionally wrapped).
fn is_scalar_type(text: &str) -> bool {
    let t: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let inner = t
        .strip_prefix("Option<")
        .and_then(|r| r.strip_suffix('>'))
        .or_else(|| {
            t.strip_prefix("Optional[")
                .and_then(|r| r.strip_suffix(']'))
        })
        .or_else(|| t.strip_suffix("|None"))
        .unwrap_or(&t);
    matches!(
        inner,
        "u8" | "u16"
            | "u32"
            | "u64"
            | "u128"
            | "usize"
            | "i8"
            | "i16"
            | "i32"
            | "i64"
            | "i128"
            | "isize"
            | "f32"
            | "f64"
            | "bool"
            | "char"
            | "int"
            | "float"
            | "number"
            | "boolean"
    )
}

/// Every `(struct, field)` of the file whose field is a number or a boolean.
fn scalar_fields(file: &File) -> BTreeSet<(String, String)> {
    let mut out = BTreeSet::new();
    for class in &file.classes {
        for f in &class.fields {
            if f.annotation
                .as_ref()
                .is_some_and(|a| is_scalar_type(file.source.slice(a.span)))
            {
                out.insert((class.name.clone(), f.name.clone()));
            }
        }
    }
    out
}

/// The type a variable holds, from its annotation: `&mut Arc<fs::Service>` -> `Service`,
/// `Parameters<Args>` -> `Args`.
fn type_name(ann: &str) -> &str {
    let mut t = ann.trim();
    loop {
        let before = t;
        for prefix in ["&", "mut ", "dyn ", "impl ", "'static "] {
            t = t.strip_prefix(prefix).unwrap_or(t).trim_start();
        }
        for wrapper in [
            "Arc<",
            "Rc<",
            "Box<",
            "Option<",
            "Parameters<",
            "Json<",
            "Mutex<",
            "RwLock<",
            "Readonly<",
        ] {
            if let Some(inner) = t.strip_prefix(wrapper).and_then(|r| r.strip_suffix('>')) {
                t = inner.trim();
            }
        }
        if t == before {
            break;
        }
    }
    let t = t.split('<').next().unwrap_or(t);
    t.rsplit("::")
        .next()
        .unwrap_or(t)
        .rsplit('.')
        .next()
        .unwrap_or(t)
        .trim()
}

/// Parameters bound to a struct of a known type: `p: Parameters<T>`, `Parameters(args):
/// Parameters<T>`, `args: T` — the struct name, by local name.
fn typed_params(func: &mcplint_ir::Function) -> HashMap<String, String> {
    let mut out = HashMap::new();
    for p in &func.params {
        let Some(ann) = p.annotation.as_ref().and_then(Expr::as_name) else {
            continue;
        };
        let ty = type_name(ann);
        if ty.is_empty() {
            continue;
        }
        match &p.pattern {
            Pattern::Name(n) => {
                out.insert(n.clone(), ty.to_owned());
            }
            Pattern::Destructure { parts, .. } => {
                if let [(None, Pattern::Name(n))] = parts.as_slice() {
                    out.insert(n.clone(), ty.to_owned());
                }
            }
            Pattern::Ignore => {}
        }
    }
    out
}

/// Names the module binds once, to the result of a plain call (`wiki = WikiClient(BASE)`), and
/// the callee: the candidates for module-level instances. A name bound more than once, or
/// otherwise, is left out.
fn module_instances(file: &File) -> HashMap<String, String> {
    let mut out: HashMap<String, String> = HashMap::new();
    let mut excluded: HashSet<String> = HashSet::new();
    let Some(top) = file.functions.first() else {
        return out;
    };
    for stmt in &top.body {
        let Stmt::Assign { target, value, .. } = stmt else {
            continue;
        };
        let constructor = match (target, &value.kind) {
            (
                Pattern::Name(n),
                ExprKind::Call {
                    callee,
                    receiver: None,
                    ..
                },
            ) => Some((n, callee)),
            _ => None,
        };
        match constructor {
            Some((n, callee)) if !out.contains_key(n) && !excluded.contains(n) => {
                out.insert(n.clone(), callee.clone());
            }
            _ => {
                for n in target.names() {
                    out.remove(n);
                    excluded.insert(n.to_owned());
                }
            }
        }
    }
    out
}

fn bind(env: &mut Env, pattern: &Pattern, t: Taint) {
    match pattern {
        Pattern::Name(n) => {
            env.insert(n.clone(), t);
        }
        Pattern::Destructure { parts, .. } => {
            for (_, p) in parts {
                bind(env, p, t.clone());
            }
        }
        Pattern::Ignore => {}
    }
}

/// Facts that hold when a condition is true or false: names cleaned for kinds.
#[derive(Default, Clone)]
struct Refinement {
    clears: Vec<Clear>,
}

#[derive(Clone)]
struct Clear {
    names: Vec<String>,
    kinds: u64,
    /// Only these origins are cleaned (those meeting the guard's requirement).
    origins: BTreeSet<Origin>,
    /// Clean these origins in every variable, not only in `names`.
    all_vars: bool,
}

/// Where a walk over a program's argument vector is (`argv` sink rows): past a literal `--`,
/// or right after a literal option that takes a value, whose value the next element is.
#[derive(Clone, Copy, Debug, Default)]
struct ArgvState {
    after_separator: bool,
    option_pending: bool,
}

impl ArgvState {
    /// Whether `e`, the next element, could become an option; then moves past it. A list
    /// continues the vector with its elements, one level deep (deeper lists are data, and
    /// walking them at every level would be quadratic). `flags` are literal options that take
    /// no value.
    fn step(&mut self, e: &Expr, flags: &[&regex::Regex]) -> bool {
        let counts = !self.after_separator && !self.option_pending;
        match &e.kind {
            ExprKind::Record(items) if items.iter().all(|a| a.keyword.is_none()) => {
                self.option_pending = false;
                for item in items {
                    self.step_element(&item.value, flags);
                }
            }
            _ => self.step_element(e, flags),
        }
        counts
    }

    /// Moves past one element (a nested list is one opaque element).
    fn step_element(&mut self, e: &Expr, flags: &[&regex::Regex]) {
        self.option_pending = false;
        match &e.kind {
            ExprKind::Str(lit) if lit == "--" => self.after_separator = true,
            ExprKind::Str(lit) => {
                self.option_pending = lit.len() > 1
                    && lit.starts_with('-')
                    && !lit.contains('=')
                    && !flags.iter().any(|f| f.is_match(lit));
            }
            _ => {}
        }
    }
}

/// What the catalog's `argv` sink rows say about argument vectors (what each local list or
/// builder holds is in [`Locals`]).
struct ArgvContext {
    /// Kind bits of the `argv` rows: cleared on values that cannot become an option (built
    /// after a literal, after `--`, the value of an option), wherever a list or string is built.
    bits: u64,
    /// Literal options that take no value (the rows' `argv-flags`).
    flags: Vec<&'static regex::Regex>,
}

/// `t` with the `bits` kinds cleared.
fn clear_kinds(t: Taint, bits: u64) -> Taint {
    map_flags(t, |f| Flags {
        cleared: f.cleared | bits,
        ..f
    })
}

/// A list literal (no keyed entries).
fn is_list(e: &Expr) -> bool {
    matches!(&e.kind, ExprKind::Record(items) if items.iter().all(|a| a.keyword.is_none()))
}

/// What [`Analyzer`] knows about one function's local names. A function walked as a check in
/// the middle of another gets its own (see [`Analyzer::predicate`]).
#[derive(Default)]
struct Locals {
    /// Local names bound to an entry of a dispatch table (`handler = HANDLERS.get(name)`).
    dispatch_aliases: HashMap<String, Vec<FnId>>,
    /// The call each local name was last bound to in the current function (builder roots).
    bindings: HashMap<String, Span>,
    /// Local names bound to an object literal with named fields (`const options = { hostname }`
    /// then `https.request(options)`): a sink's options argument given by name.
    records: HashMap<String, Expr>,
    /// Text-class bits of the literals each local string variable was built from.
    var_text: HashMap<String, u8>,
    /// Local names bound to a closure (`let run = |line| Command::new("sh")...`).
    closures: HashMap<String, FnId>,
    /// Names bound to the result of a check (`const ok = isInside(p)`), with what the check
    /// says when the name is true and when it is false.
    checks: HashMap<String, (Vec<Clear>, Vec<Clear>)>,
    /// Local lists and command builders (`cmd = ["git"]`, `let mut c = Command::new("git")`):
    /// where their argument vector is after what was added so far.
    argv_states: HashMap<String, ArgvState>,
    /// Local names bound to a list literal: its span, which the rows' conditions on the
    /// program read in place of the name.
    argv_inits: HashMap<String, Span>,
}

struct Analyzer<'a> {
    /// Argument vectors (`argv` sink rows).
    argv: ArgvContext,
    /// What is known about the current function's local names.
    locals: Locals,
    file: &'a File,
    /// Predicates of other files (second round only).
    oracle: Option<PredicateOracle<'a>>,
    catalog: &'a Catalog,
    cat: &'a LangCatalog,
    summary: &'a mut FileSummary,
    facts: BTreeMap<(Origin, Target), (Flags, Vec<Step>)>,
    sink_index: HashMap<(Span, String), u32>,
    caller: FnId,
    closure_depth: usize,
    /// Evaluating only to learn a value's taint (inside a guard): record nothing.
    quiet: bool,
    /// Names bound to a library function, directly or through a wrapper such as
    /// `promisify(exec)`: calls through them are calls to that function.
    function_aliases: HashMap<String, String>,
    /// Memoised predicate summaries of local functions (see [`Analyzer::predicate`]).
    predicates: HashMap<FnId, Vec<(usize, u64)>>,
    /// Local names holding a struct of a known type (`Parameters(args): Parameters<T>`).
    typed_vars: HashMap<String, String>,
    /// `(struct, field)` pairs whose field type is a number or a boolean.
    scalar_fields: BTreeSet<(String, String)>,
    /// For each call site: the origins of what it was given (see [`Analyzer::expand_origins`]).
    ret_args: HashMap<u32, BTreeSet<Origin>>,
    /// While walking closures inline: the taint of their return values, innermost last.
    closure_returns: Vec<Taint>,
    /// While summarising a predicate: what each of its `return`s guarantees.
    predicate_returns: Option<Vec<BTreeMap<Origin, u64>>>,
    /// The `prefix` sanitizer rows: the kinds each cleans and its regex, looked up once rather
    /// than for every hole of every built string.
    prefix_rows: Vec<(u64, &'static regex::Regex)>,
    /// See [`module_instances`].
    module_instances: HashMap<String, String>,
    /// The names each function binds (see [`Analyzer::binds`]).
    bound_names: std::cell::RefCell<HashMap<FnId, HashSet<String>>>,
}

impl Analyzer<'_> {
    fn record(&mut self, t: &Taint, to: &Target, span: Span, kind: StepKind) {
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
    fn walk(&mut self, stmts: &[Stmt], env: &mut Env) -> bool {
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

    fn lookup(env: &Env, name: &str) -> Taint {
        let mut key = name;
        loop {
            if let Some(t) = env.get(key) {
                return t.clone();
            }
            match key.rfind('.') {
                Some(i) => key = &key[..i],
                None => return Taint::new(),
            }
        }
    }

    fn eval(&mut self, e: &Expr, env: &mut Env) -> Taint {
        match &e.kind {
            ExprKind::Str(_) => Taint::new(),
            ExprKind::Name(n) if self.is_scalar_field(n) => Taint::new(),
            ExprKind::Name(n) => Self::lookup(env, n),
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
                let list = self.argv.bits != 0 && is_list(e);
                let mut state = ArgvState::default();
                let mut t = Taint::new();
                for a in args {
                    let mut at = self.eval(&a.value, env);
                    if list && !state.step(&a.value, &self.argv.flags) {
                        at = clear_kinds(at, self.argv.bits);
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
                t
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
    /// Walks a closure's body inline, so that captured tainted names reach its sinks; its
    /// parameters get `params` (the taint of the collection it iterates, for callbacks).
    /// Returns the taint of the values it returns.
    fn closure(&mut self, id: FnId, env: &Env, params: &Taint) -> Taint {
        if self.closure_depth >= MAX_CLOSURE_DEPTH || id == self.caller {
            return Taint::new();
        }
        let Some(func) = self.file.functions.get(id) else {
            return Taint::new();
        };
        let mut inner = env.clone();
        for p in &func.params {
            bind(&mut inner, &p.pattern, params.clone());
        }
        self.closure_depth += 1;
        // Returns inside a closure are not the enclosing function's returns.
        self.closure_returns.push(Taint::new());
        self.walk(&func.body, &mut inner);
        self.closure_depth -= 1;
        self.closure_returns.pop().unwrap_or_default()
    }

    fn eval_call(
        &mut self,
        e: &Expr,
        callee: &str,
        receiver: Option<&Expr>,
        args: &[Arg],
        env: &mut Env,
    ) -> Taint {
        // `execAsync(cmd)` after `const execAsync = promisify(exec)`; `fsp.readFile(p)` after
        // `const fsp = fs.promises`.
        let aliased = self.function_aliases.get(callee).cloned().or_else(|| {
            let method = callee.strip_prefix("*.")?;
            let base = self.function_aliases.get(receiver?.as_name()?)?;
            Some(format!("{base}.{method}"))
        });
        let callee = aliased.as_deref().unwrap_or(callee);
        match callee {
            ops::NOT | ops::EQ | ops::NE | ops::IN | ops::NOT_IN => {
                for a in args {
                    self.eval(&a.value, env);
                }
                return Taint::new();
            }
            ops::AND | ops::OR => {
                let mut t = Taint::new();
                for a in args {
                    let at = self.eval(&a.value, env);
                    union_into(&mut t, &at);
                }
                return t;
            }
            _ => {}
        }
        let recv = receiver.map(|r| self.eval(r, env)).unwrap_or_default();
        if callee == "[]" {
            for a in args {
                self.eval(&a.value, env);
            }
            return recv;
        }
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
        let mut callback_returns = Taint::new();
        for a in args {
            if let ExprKind::Func(id) = a.value.kind {
                let r = self.closure(id, env, &all);
                union_into(&mut callback_returns, &r);
            }
        }
        // `opt.unwrap_or_else(|| fallback)`: what the callback returns is part of the result.
        union_into(&mut all, &callback_returns);
        // `items.map(x => ...)`: the result is what the callback returns, not the items.
        if matches!(callee, "*.map" | "*.flatMap" | "*.map_err" | "*.and_then")
            && args
                .iter()
                .any(|a| matches!(a.value.kind, ExprKind::Func(_)))
        {
            self.check_sinks(e, callee, args, &recv, &arg_taints, env);
            return callback_returns;
        }
        // `self.db.fetch(q)` with `db: Store`, a class of this file that defines `fetch`: the
        // project's method, not the library sink of that name.
        let own_method = self.own_method(callee, receiver).is_some();
        if !own_method {
            self.check_sinks(e, callee, args, &recv, &arg_taints, env);
        }
        // `c.arg("--")` on a command builder bound to `c`: later `.arg`s continue after it.
        if let Some(name) = receiver.and_then(Expr::as_name)
            && !self.quiet
            && self.locals.argv_states.contains_key(name)
            && self
                .cat
                .sinks_for(callee)
                .any(|s| s.argv.is_some() && any_matches(&s.call, callee))
        {
            self.argv_continue(name, args, &arg_taints);
        }
        if !self.quiet {
            for g in self.cat.guards_for(callee) {
                if g.raises && any_matches(&g.call, callee) {
                    self.quiet = true;
                    let r = self.guard_refinement(g, callee, receiver, args, env);
                    self.quiet = false;
                    apply(env, &r);
                }
            }
        }
        // Sanitizers and propagators from the catalog; a sanitizer passed as a function
        // (`.and_then(Value::as_u64)`, `.map(Number)`) sanitizes the result too.
        let mut sanitized = 0u64;
        for a in args {
            if let Some(f) = a.value.as_name() {
                for s in self.cat.sanitizers_for(f) {
                    if library_matches(&s.call, f) {
                        sanitized |= self.catalog.kind_bits(&s.kind);
                    }
                }
            }
        }
        for s in self.cat.sanitizers_for(callee) {
            if library_matches(&s.call, callee) {
                sanitized |= self.catalog.kind_bits(&s.kind);
            }
        }
        if sanitized != 0 {
            return map_flags(all, |f| Flags {
                cleared: f.cleared | sanitized,
                ..f
            });
        }
        let mut known = false;
        for p in self.cat.propagators_for(callee) {
            if !library_matches(&p.call, callee) {
                continue;
            }
            known = true;
            if p.to == "receiver" {
                if let Some(name) = receiver.and_then(Expr::as_name) {
                    // Appending to a string builds it: `q.push_str("SELECT ")`, `q.push_str(x)`.
                    let bits = args
                        .iter()
                        .fold(0, |acc, a| acc | self.literal_text_bits(&a.value));
                    if bits != 0 {
                        *self.locals.var_text.entry(name.to_owned()).or_default() |= bits;
                    }
                    let text = self.locals.var_text.get(name).copied().unwrap_or(0);
                    let mut t = self.argv_continue(name, args, &arg_taints);
                    t = map_flags(t, |f| Flags {
                        built: true,
                        text: f.text | text,
                        ..f
                    });
                    t = with_step(t, e.span, StepKind::Assign);
                    union_into(env.entry(name.to_owned()).or_default(), &t);
                }
            } else if p.adds.as_deref() == Some("resolved") {
                all = map_flags(all, |f| Flags {
                    resolved: true,
                    ..f
                });
            } else if p.adds.as_deref() == Some("unresolved") {
                all = map_flags(all, |f| Flags {
                    resolved: false,
                    ..f
                });
            } else if p.adds.as_deref() == Some("relative") {
                all = map_flags(all, |f| Flags {
                    relative: true,
                    ..f
                });
            }
        }
        // A method on an object imported from the project (`pool.query` after
        // `import { pool } from "./db.js"`) may be a library call or project code: it is both a
        // sink site and a call site, and the project phase keeps whichever resolves.
        if known
            || self.quiet
            || (!own_method && self.is_catalog_sink(callee) && !is_project_rooted(callee))
        {
            return all;
        }
        let targets = self.call_targets(callee, receiver);
        if targets.is_empty() || (arg_taints.iter().all(Taint::is_empty) && recv.is_empty()) {
            // A call that cannot reach project code, or one given nothing tainted.
            return if targets.is_empty() {
                clear_kinds(
                    all,
                    self.opaque_bits(callee, receiver.is_some() && recv.is_empty()),
                )
            } else {
                Taint::new()
            };
        }
        let mut result = Taint::new();
        // `lambda_client.describe(x)` after `from .clients import lambda_client`: a method of
        // an imported value (or a function of an imported module; the project phase decides).
        let imported_attribute = receiver.is_none()
            && self.file.lang == mcplint_ir::Lang::Python
            && callee.rsplit_once('.').is_some_and(|(prefix, _)| {
                self.file
                    .imports
                    .iter()
                    .any(|i| i.name.is_some() && i.path() == prefix)
            });
        for (target, method) in targets {
            let Ok(c) = u32::try_from(self.summary.calls.len()) else {
                return all;
            };
            self.summary.calls.push(CallSite {
                caller: self.caller,
                target,
                span: e.span,
                method,
                opaque: self.opaque_bits(
                    callee,
                    (receiver.is_some() && recv.is_empty()) || imported_attribute,
                ),
                via_import: imported_attribute,
            });
            if method && !recv.is_empty() {
                self.record(
                    &recv,
                    &Target::Arg {
                        call: c,
                        pos: ArgPos::Receiver,
                    },
                    e.span,
                    StepKind::Call,
                );
            }
            let mut positional = 0u16;
            for (a, t) in args.iter().zip(&arg_taints) {
                let pos = match &a.keyword {
                    Some(k) => ArgPos::Keyword(k.clone()),
                    None => {
                        positional += 1;
                        ArgPos::Positional(positional - 1)
                    }
                };
                if !t.is_empty() {
                    self.record(t, &Target::Arg { call: c, pos }, e.span, StepKind::Call);
                }
            }
            let given: BTreeSet<Origin> = arg_taints
                .iter()
                .chain(std::iter::once(&recv))
                .flat_map(|t| t.keys().copied())
                .collect();
            self.ret_args.insert(c, given);
            result.insert(
                Origin::Ret(c),
                (
                    Flags::default(),
                    vec![Step {
                        span: e.span,
                        kind: StepKind::Return,
                    }],
                ),
            );
        }
        result
    }

    /// The kinds a library call's result does not carry from its arguments: the catalog's
    /// `opaque-method-kinds` when a method is called on a value that is not tool input.
    fn opaque_bits(&self, callee: &str, clean_receiver: bool) -> u64 {
        let mcp = &self.cat.mcp;
        if !clean_receiver
            || mcp.opaque_method_kinds.is_empty()
            || mcp
                .opaque_method_keep
                .iter()
                .any(|p| crate::catalog::callee_matches(p, callee))
        {
            return 0;
        }
        mcp.opaque_method_kinds
            .iter()
            .fold(0, |acc, k| acc | self.catalog.kind_bit(k))
    }

    /// The taint of a built string's holes. A value placed after text that a `prefix`
    /// sanitizer row matches (`https://api.x.com/` for `ssrf`) is clean for that row's kinds.
    fn eval_holes(&mut self, parts: &[Part], env: &mut Env) -> Taint {
        let mut t = Taint::new();
        let has_prefix_rows = !self.prefix_rows.is_empty();
        let format = if (has_prefix_rows || self.argv.bits != 0)
            && self.file.lang == mcplint_ir::Lang::Python
        {
            python_format_segments(parts)
        } else {
            None
        };
        let mut prefix = String::new();
        let mut hole = 0usize;
        // Computed once: asking per hole made `a + b + ...` quadratic.
        let mut list_concat: Option<bool> = None;
        for p in parts {
            let h = match p {
                Part::Lit(l) => {
                    if format.is_none() {
                        push_prefix(&mut prefix, l);
                    }
                    continue;
                }
                Part::Hole(h) => h,
            };
            let in_order = match &format {
                Some((segments, true)) => {
                    push_prefix(&mut prefix, segments.get(hole).map_or("", String::as_str));
                    true
                }
                Some((segments, false)) => {
                    if hole == 0 {
                        push_prefix(&mut prefix, segments.first().map_or("", String::as_str));
                    }
                    false
                }
                None => true,
            };
            hole += 1;
            let mut ht = self.eval(h, env);
            // Only a value at the very start of a built string can make it an option; lists
            // joined with `+` (`cmd + [x]`) are not strings.
            if self.argv.bits != 0
                && (hole > 1 || !prefix.is_empty())
                && !*list_concat.get_or_insert_with(|| self.is_list_concat(parts))
            {
                ht = clear_kinds(ht, self.argv.bits);
            }
            if !has_prefix_rows {
                union_into(&mut t, &ht);
                continue;
            }
            let cleared = self
                .prefix_rows
                .iter()
                .filter(|(_, re)| re.is_match(&prefix))
                .fold(0, |acc, (bits, _)| acc | bits);
            if cleared != 0 {
                ht = map_flags(ht, |f| Flags {
                    cleared: f.cleared | cleared,
                    ..f
                });
            }
            union_into(&mut t, &ht);
            if in_order {
                // What an earlier hole holds is judged at that hole: each origin is clean only
                // where every hole it reaches is.
                push_prefix(&mut prefix, "{}");
            }
        }
        t
    }

    /// Text-class bits of the string literals an expression is built from (through conversions
    /// such as `.to_string()`), or that a variable accumulated (`s.push_str("SELECT ")`).
    fn literal_text_bits(&self, e: &Expr) -> u8 {
        match &e.kind {
            ExprKind::Str(s) => self.text_bits(s),
            ExprKind::Name(n) => self.locals.var_text.get(n).copied().unwrap_or(0),
            ExprKind::Call { receiver, args, .. } => {
                receiver.as_deref().map_or(0, |r| self.literal_text_bits(r))
                    | args
                        .iter()
                        .fold(0, |acc, a| acc | self.literal_text_bits(&a.value))
            }
            ExprKind::Interp(parts) => parts.iter().fold(0, |acc, p| {
                acc | match p {
                    Part::Lit(l) => self.text_bits(l),
                    Part::Hole(h) => self.literal_text_bits(h),
                }
            }),
            ExprKind::Other(children) => children
                .iter()
                .fold(0, |acc, c| acc | self.literal_text_bits(c)),
            _ => 0,
        }
    }

    /// `args.count` where `args` holds a struct whose `count` field is a number or a boolean:
    /// deserialisation already rejected anything else.
    fn is_scalar_field(&self, name: &str) -> bool {
        let mut segs = name.split('.');
        let Some(base) = segs.next() else {
            return false;
        };
        let Some(ty) = self.typed_vars.get(base) else {
            return false;
        };
        let Some(field) = segs.find(|s| *s != "0") else {
            return false;
        };
        self.scalar_fields.contains(&(ty.clone(), field.to_owned()))
    }

    /// The bit of a text class, by its position in the catalog (at most 8 classes).
    fn text_bit(&self, name: &str) -> u8 {
        self.cat
            .text
            .iter()
            .position(|(n, _)| n == name)
            .filter(|&i| i < 8)
            .map_or(0, |i| 1 << i)
    }

    /// The text classes `lit` matches.
    fn text_bits(&self, lit: &str) -> u8 {
        self.cat
            .text
            .iter()
            .enumerate()
            .filter(|(i, (_, re))| *i < 8 && re.is_match(lit))
            .fold(0, |acc, (i, _)| acc | (1 << i))
    }

    /// `a + b` joining lists (`cmd + [x]`, `cmd += extra` where `cmd` is a local list): every
    /// part is a value and one is a list.
    fn is_list_concat(&self, parts: &[Part]) -> bool {
        parts.iter().all(|p| matches!(p, Part::Hole(_)))
            && parts.iter().any(|p| match p {
                Part::Hole(h) => {
                    is_list(h)
                        || h.as_name()
                            .is_some_and(|n| self.locals.argv_inits.contains_key(n))
                }
                Part::Lit(_) => false,
            })
    }

    /// `args` added to the local argument vector `name` (`cmd.append(x)`, `args.push("--", p)`,
    /// `c.arg(x)`): their taint, cleared where they cannot become options; moves its state on.
    fn argv_continue(&mut self, name: &str, args: &[Arg], taints: &[Taint]) -> Taint {
        let mut state = self.locals.argv_states.get(name).copied();
        let mut t = Taint::new();
        for (a, at) in args.iter().zip(taints) {
            let counts = match state.as_mut() {
                Some(s) if !self.quiet => s.step(&a.value, &self.argv.flags),
                _ => true,
            };
            if counts {
                union_into(&mut t, at);
            } else {
                union_into(&mut t, &clear_kinds(at.clone(), self.argv.bits));
            }
        }
        if let (Some(s), false) = (state, self.quiet) {
            self.locals.argv_states.insert(name.to_owned(), s);
        }
        t
    }

    /// Tracks `name = value` for argument vectors: a list literal starts a vector (its program
    /// first), a call may start a builder (`Command::new("git")`), anything else forgets it.
    fn argv_bind(&mut self, name: &str, value: &Expr) {
        if self.argv.bits == 0 {
            return;
        }
        let list = is_list(value)
            || matches!(&value.kind, ExprKind::Interp(parts) if self.is_list_concat(parts));
        if list {
            let mut state = ArgvState::default();
            match &value.kind {
                // `cmd = cmd + [..]`: continues the vector.
                ExprKind::Interp(parts) => {
                    for (i, p) in parts.iter().enumerate() {
                        let Part::Hole(h) = p else { continue };
                        if i == 0 && h.as_name() == Some(name) {
                            state = self
                                .locals
                                .argv_states
                                .get(name)
                                .copied()
                                .unwrap_or_default();
                        } else {
                            state.step(h, &self.argv.flags);
                        }
                    }
                }
                _ => {
                    state.step(value, &self.argv.flags);
                }
            }
            self.locals.argv_states.insert(name.to_owned(), state);
            // `cmd += [x]` keeps what `cmd` was first bound to.
            if !self.locals.argv_inits.contains_key(name) || is_list(value) {
                self.locals.argv_inits.insert(name.to_owned(), value.span);
            }
        } else if matches!(value.kind, ExprKind::Call { .. }) {
            self.locals
                .argv_states
                .insert(name.to_owned(), ArgvState::default());
            self.locals.argv_inits.remove(name);
        } else {
            self.locals.argv_states.remove(name);
            self.locals.argv_inits.remove(name);
        }
    }

    /// The source text of a method-call chain, preceded by what its innermost receiver was bound
    /// to in this function.
    fn chain_text(&self, call: &Expr) -> String {
        let mut root = call;
        while let ExprKind::Call {
            callee,
            receiver: Some(r),
            ..
        } = &root.kind
        {
            if !callee.starts_with("*.") {
                break;
            }
            root = r;
        }
        let text = self.file.source.slice(call.span);
        match root.as_name().and_then(|n| self.receiver_origin(n)) {
            Some(span) => format!("{}\n{text}", self.file.source.slice(span)),
            None => text.to_owned(),
        }
    }

    /// Where a receiver name got its value: the call it was bound to in this function, the
    /// annotation of the parameter it is, the field it names (`self.client`: its type, its
    /// initialiser, or a `self.client = ...` in a method of the class), or a module-level
    /// assignment (`client = httpx.AsyncClient()`).
    fn receiver_origin(&self, name: &str) -> Option<Span> {
        if let Some(span) = self.locals.bindings.get(name) {
            return Some(*span);
        }
        let func = self.file.functions.get(self.caller)?;
        if let Some(ann) = func
            .params
            .iter()
            .find(|p| p.name == name)
            .and_then(|p| p.annotation.as_ref())
        {
            return Some(ann.span);
        }
        let assigned = |body: &[Stmt]| {
            body.iter().rev().find_map(|s| match s {
                Stmt::Assign {
                    target: Pattern::Name(n),
                    value,
                    ..
                } if n == name => Some(value.span),
                _ => None,
            })
        };
        if let Some(field) = name
            .strip_prefix("self.")
            .or_else(|| name.strip_prefix("this."))
        {
            let class = self.file.classes.get(self.enclosing_class()?)?;
            if let Some(f) = class.fields.iter().find(|f| f.name == field) {
                return f.value.as_ref().or(f.annotation.as_ref()).map(|e| e.span);
            }
            return class
                .methods
                .iter()
                .find_map(|&m| assigned(&self.file.functions.get(m)?.body));
        }
        assigned(&self.file.functions.first()?.body)
    }

    /// The source text of `e`, or of the module-level constant it names (`SAFE_RE`, `ROOT_SEP`).
    fn const_text(&self, e: &Expr) -> &str {
        if let Some(span) = e.as_name().and_then(|n| self.locals.bindings.get(n)) {
            return self.file.source.slice(*span);
        }
        if let Some(name) = e.as_name()
            && let Some(top) = self.file.functions.first()
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
                return self.file.source.slice(span);
            }
        }
        self.file.source.slice(e.span)
    }

    /// Whether `callee` is a library sink rather than a call to follow. A conditional wildcard
    /// row (`*.get` on an HTTP client) does not make every `x.get(..)` a library call.
    fn is_catalog_sink(&self, callee: &str) -> bool {
        self.cat.sinks_for(callee).any(|s| {
            s.call.values().iter().any(|p| {
                crate::catalog::callee_matches(p, callee)
                    && (s.when.is_none() || !p.starts_with('*'))
            })
        })
    }

    /// A call that may reach project code: a function of this file, an imported name, or a
    /// method on `self`.
    fn call_targets(&self, callee: &str, receiver: Option<&Expr>) -> Vec<(CallTarget, bool)> {
        if callee == ops::CALL_EXPR {
            return receiver
                .map(|r| self.dispatch_table(r))
                .unwrap_or_default()
                .into_iter()
                .map(|id| (CallTarget::Local(id), false))
                .collect();
        }
        if let Some(&id) = self.locals.closures.get(callee) {
            return vec![(CallTarget::Local(id), false)];
        }
        if let Some(ids) = self.locals.dispatch_aliases.get(callee) {
            return ids
                .iter()
                .map(|&id| (CallTarget::Local(id), false))
                .collect();
        }
        self.call_target(callee, receiver).into_iter().collect()
    }

    /// `HANDLERS[name]` or `HANDLERS.get(name)` where `HANDLERS` is a module-level dict of this
    /// file's functions: every function in it.
    fn dispatch_table(&self, e: &Expr) -> Vec<FnId> {
        let ExprKind::Call {
            callee,
            receiver: Some(table),
            ..
        } = &e.kind
        else {
            return Vec::new();
        };
        if callee != ops::SUBSCRIPT && callee != "*.get" {
            return Vec::new();
        }
        let Some(name) = table.as_name() else {
            return Vec::new();
        };
        let Some(top) = self.file.functions.first() else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for stmt in &top.body {
            if let Stmt::Assign {
                target: Pattern::Name(n),
                value,
                ..
            } = stmt
                && n == name
                && let ExprKind::Record(entries) = &value.kind
            {
                for entry in entries {
                    if let Some(f) = entry.value.as_name()
                        && let Some(id) = self.local_function(f)
                    {
                        out.push(id);
                    }
                }
            }
        }
        out
    }

    fn call_target(&self, callee: &str, receiver: Option<&Expr>) -> Option<(CallTarget, bool)> {
        if let Some(method) = callee.strip_prefix("*.") {
            let recv = receiver?.as_name()?;
            if recv != "self" && recv != "cls" && recv != "this" {
                // A receiver of a known type: a parameter annotation, or a typed field of the class.
                let ty = self.typed_vars.get(recv).cloned().or_else(|| {
                    let field = recv
                        .strip_prefix("self.")
                        .or_else(|| recv.strip_prefix("this."))?;
                    let class = self.file.classes.get(self.enclosing_class()?)?;
                    let f = class.fields.iter().find(|f| f.name == field)?;
                    Some(type_name(self.file.source.slice(f.annotation.as_ref()?.span)).to_owned())
                });
                let Some(ty) = ty else {
                    // A module-level instance of a class of this file.
                    return self
                        .module_instance_method(callee, receiver)
                        .map(|id| (CallTarget::Local(id), true));
                };
                if ty.is_empty() || !ty.starts_with(|c: char| c.is_ascii_uppercase()) {
                    return None;
                }
                return Some((
                    CallTarget::Method {
                        class: ty,
                        name: method.to_owned(),
                    },
                    true,
                ));
            }
            let class = self.enclosing_class()?;
            let id = self
                .file
                .classes
                .get(class)?
                .methods
                .iter()
                .copied()
                .find(|&m| {
                    self.file.functions.get(m).and_then(|f| f.name.as_deref()) == Some(method)
                })?;
            return Some((CallTarget::Local(id), true));
        }
        if callee.starts_with('<') {
            return None;
        }
        if !callee.contains('.') && !callee.contains("::") {
            let id = self.local_function(callee)?;
            return Some((CallTarget::Local(id), false));
        }
        // `Self::helper(x)` in an impl: a method of the same type.
        if let Some(method) = callee.strip_prefix("Self::") {
            let class = self.enclosing_class()?;
            let id = self
                .file
                .classes
                .get(class)?
                .methods
                .iter()
                .copied()
                .find(|&m| {
                    self.file.functions.get(m).and_then(|f| f.name.as_deref()) == Some(method)
                })?;
            return Some((CallTarget::Local(id), false));
        }
        // Rust paths into the crate's own modules (`crate::`, `super::`, `self::`, child modules);
        // the project phase finds out which are.
        if self.file.lang == mcplint_ir::Lang::Rust && callee.contains("::") {
            return Some((CallTarget::Path(callee.to_owned()), false));
        }
        let imported = self.file.imports.iter().any(|i| {
            let p = i.path();
            callee == p
                || callee
                    .strip_prefix(p.as_str())
                    .is_some_and(|rest| rest.starts_with('.') || rest.starts_with("::"))
        });
        // JavaScript packages live outside the project (node_modules is not scanned): only
        // relative specifiers can name project code.
        let js = matches!(
            self.file.lang,
            mcplint_ir::Lang::TypeScript | mcplint_ir::Lang::JavaScript
        );
        // Aliases from tsconfig `paths` (`@/lib/db`, `~/utils`, `#internal`) may be project code too.
        let alias = ["@/", "~/", "#", "src/"]
            .iter()
            .any(|p| callee.starts_with(p));
        (imported && (!js || is_project_rooted(callee) || alias))
            .then(|| (CallTarget::Path(callee.to_owned()), false))
    }

    /// `origins` plus, for every `Ret(c)` among them, the origins of what call `c` was given:
    /// checking `normalize(p)` checks `p`.
    fn expand_origins(&self, mut origins: BTreeSet<Origin>) -> BTreeSet<Origin> {
        let mut work: Vec<Origin> = origins.iter().copied().collect();
        while let Some(o) = work.pop() {
            if let Origin::Ret(c) = o
                && let Some(args) = self.ret_args.get(&c)
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

    /// The class whose method the current function is, or is nested in (arrow functions in a
    /// constructor see `this` of the class).
    fn enclosing_class(&self) -> Option<usize> {
        let mut id = Some(self.caller);
        while let Some(f) = id.and_then(|i| self.file.functions.get(i)) {
            if f.class.is_some() {
                return f.class;
            }
            id = f.parent;
        }
        None
    }

    /// `client = WikiClient(...)` with `WikiClient` a class of this file: `client` holds one
    /// (its method calls resolve like those on a typed parameter). Any other assignment to a
    /// local name forgets its class; parameters keep their declared type.
    fn type_local(&mut self, name: &str, value: &Expr) {
        if let ExprKind::Call {
            callee,
            receiver: None,
            ..
        } = &value.kind
            && self.local_class(callee).is_some()
        {
            self.typed_vars.insert(name.to_owned(), callee.clone());
            return;
        }
        let is_param = self
            .file
            .functions
            .get(self.caller)
            .is_some_and(|f| f.params.iter().any(|p| p.pattern.names().contains(&name)));
        if !is_param {
            self.typed_vars.remove(name);
        }
    }

    /// The method of a class of this file that a method call (`x.m(...)`) reaches, when the
    /// receiver's class is known: `self`, a typed name, a module-level or local instance.
    fn own_method(&self, callee: &str, receiver: Option<&Expr>) -> Option<FnId> {
        callee.strip_prefix("*.")?;
        match self.call_target(callee, receiver)? {
            (CallTarget::Local(id), true) => Some(id),
            (CallTarget::Method { class, name }, _) => self.local_method(&class, &name),
            _ => None,
        }
    }

    /// Whether function `id` takes or binds `name` anywhere in its body (each function's names
    /// are collected once).
    fn binds(&self, id: FnId, name: &str) -> bool {
        let mut cache = self.bound_names.borrow_mut();
        cache
            .entry(id)
            .or_insert_with(|| {
                let mut names = HashSet::new();
                if let Some(func) = self.file.functions.get(id) {
                    for p in &func.params {
                        names.extend(p.pattern.names().into_iter().map(str::to_owned));
                    }
                    mcplint_ir::visit::walk_stmts(&func.body, &mut |st| {
                        if let Stmt::Assign { target, .. } = st {
                            names.extend(target.names().into_iter().map(str::to_owned));
                        }
                    });
                }
                names
            })
            .contains(name)
    }

    /// The one class of this file named `name` (none when two share it).
    fn local_class(&self, name: &str) -> Option<&mcplint_ir::Class> {
        let mut classes = self.file.classes.iter().filter(|c| c.name == name);
        let found = classes.next()?;
        classes.next().is_none().then_some(found)
    }

    /// Method `name` of the one class of this file named `class`.
    fn local_method(&self, class: &str, name: &str) -> Option<FnId> {
        self.local_class(class)?
            .methods
            .iter()
            .copied()
            .find(|&m| self.file.functions.get(m).and_then(|f| f.name.as_deref()) == Some(name))
    }

    /// `guard.is_allowed(url)` where `guard` is assigned once at module level, an instance of a
    /// class of this file (`guard = UrlGuard(...)`, `new UrlGuard(...)`), and neither the
    /// current function nor one it is nested in takes or binds a `guard` of its own: that
    /// method.
    fn module_instance_method(&self, callee: &str, receiver: Option<&Expr>) -> Option<FnId> {
        let method = callee.strip_prefix("*.")?;
        let instance = receiver?.as_name()?;
        let class = self.module_instances.get(instance)?;
        // The current function and those it is nested in (not the module itself).
        let mut scope = Some(self.caller);
        while let Some(id) = scope.filter(|&id| id != 0) {
            if self.binds(id, instance) {
                return None;
            }
            scope = self.file.functions.get(id)?.parent;
        }
        self.local_method(class, method)
    }

    /// A function named `name` visible from the current one: nested in it or an ancestor, or
    /// top level.
    fn local_function(&self, name: &str) -> Option<FnId> {
        let fns = &self.file.functions;
        let mut scope = Some(self.caller);
        while let Some(s) = scope {
            if let Some(id) = fns.iter().position(|f| {
                f.parent == Some(s) && f.class.is_none() && f.name.as_deref() == Some(name)
            }) {
                return Some(id);
            }
            scope = fns.get(s).and_then(|f| f.parent);
        }
        fns.iter()
            .position(|f| {
                f.parent.is_none() && f.class.is_none() && f.name.as_deref() == Some(name)
            })
            .filter(|&id| id != 0)
    }

    fn check_sinks(
        &mut self,
        e: &Expr,
        callee: &str,
        args: &[Arg],
        recv: &Taint,
        arg_taints: &[Taint],
        env: &mut Env,
    ) {
        if self.quiet {
            return;
        }
        let cat = self.cat;
        // An exact row (`child_process.exec`) wins over wildcard rows (`*.exec`) of other kinds.
        let exact = |pats: &crate::catalog::OneOrMany| {
            pats.iter().any(|p| !p.starts_with('*') && p == callee)
        };
        // One pass over the rows; most calls match none and allocate nothing.
        let matching: Vec<&crate::catalog::SinkRow> = cat
            .sinks_for(callee)
            .filter(|s| any_matches(&s.call, callee))
            .collect();
        let any_exact = matching.iter().any(|s| exact(&s.call));
        for sink in matching {
            if (any_exact && !exact(&sink.call))
                || sink.when.as_deref().is_some_and(|w| {
                    let chain = if w.contains("chain") {
                        self.chain_text(e)
                    } else {
                        String::new()
                    };
                    let args = self.argv_condition_args(sink, args);
                    !crate::facts::tools::condition_holds(self.file, w, &args, &chain)
                })
            {
                continue;
            }
            let mut t = match sink.argv.as_deref() {
                Some(mode) => self.argv_sink_taint(e, sink, mode == "rest", args, arg_taints),
                None => Taint::new(),
            };
            for loc in sink
                .arg
                .values()
                .into_iter()
                .filter(|_| sink.argv.is_none())
            {
                if loc == "receiver" {
                    union_into(&mut t, recv);
                } else if loc == "any" {
                    for at in arg_taints {
                        union_into(&mut t, at);
                    }
                } else if let Some(i) = locate_arg_index(args, loc) {
                    // An options object is not the command or query itself; its fields are
                    // reached through `options.FIELD` locators.
                    let value = &args[i].value;
                    let named_record = value
                        .as_name()
                        .is_some_and(|n| self.locals.records.contains_key(n));
                    if !is_options_record(value) && !named_record {
                        union_into(&mut t, &arg_taints[i]);
                    }
                } else if let Some(v) = locate_arg(args, loc) {
                    self.quiet = true;
                    let vt = self.eval(v, env);
                    self.quiet = false;
                    union_into(&mut t, &vt);
                } else if let Some(v) = self.named_record_field(args, loc) {
                    self.quiet = true;
                    let vt = self.eval(&v, env);
                    self.quiet = false;
                    union_into(&mut t, &vt);
                }
            }
            let bit = self.catalog.kind_bit(&sink.kind);
            t.retain(|_, (f, _)| f.cleared & bit == 0);
            if t.is_empty() {
                continue;
            }
            let key = (e.span, sink.kind.clone());
            let idx = match self.sink_index.get(&key) {
                Some(i) => *i,
                None => {
                    let Ok(i) = u32::try_from(self.summary.sinks.len()) else {
                        return;
                    };
                    self.summary.sinks.push(SinkSite {
                        kind: sink.kind.clone(),
                        kind_bit: bit,
                        span: e.span,
                        requires_built: sink.requires_built,
                        project_rooted: is_project_rooted(callee),
                        requires_text: sink
                            .requires_text
                            .as_deref()
                            .map_or(0, |t| self.text_bit(t)),
                        what: sink
                            .what
                            .clone()
                            .unwrap_or_else(|| format!("a {} sink", sink.kind)),
                    });
                    self.sink_index.insert(key, i);
                    i
                }
            };
            self.record(&t, &Target::Sink(idx), e.span, StepKind::Sink);
        }
    }

    /// The taint of an `argv` sink's elements that could become options (see [`ArgvState`]): the
    /// located arguments (with `rest`, also every later positional one), continuing after what
    /// earlier calls of a builder chain or on the same variable added (`.arg("--").arg(p)`).
    fn argv_sink_taint(
        &self,
        e: &Expr,
        sink: &crate::catalog::SinkRow,
        rest: bool,
        args: &[Arg],
        taints: &[Taint],
    ) -> Taint {
        let mut earlier: Vec<&[Arg]> = Vec::new();
        let mut root = e;
        while let ExprKind::Call {
            receiver: Some(r), ..
        } = &root.kind
        {
            root = r;
            if let ExprKind::Call { callee, args, .. } = &r.kind
                && any_matches(&sink.call, callee)
            {
                earlier.push(args);
            }
        }
        let mut state = root
            .as_name()
            .and_then(|n| self.locals.argv_states.get(n))
            .copied()
            .unwrap_or_default();
        for a in earlier.iter().rev().flat_map(|args| args.iter()) {
            state.step(&a.value, &self.argv.flags);
        }
        let mut located: Vec<usize> = if rest {
            // Varargs: spread arguments (`*args`) count as positions too.
            let unkeyed = |loc: &str| {
                let n: usize = loc.strip_prefix("arg:")?.parse().ok()?;
                args.iter()
                    .enumerate()
                    .filter(|(_, a)| a.keyword.is_none())
                    .nth(n)
                    .map(|(i, _)| i)
            };
            let first = sink.arg.iter().filter_map(unkeyed).min();
            first.map_or_else(Vec::new, |first| {
                (first..args.len())
                    .filter(|&i| {
                        let v = &args[i].value;
                        args[i].keyword.is_none()
                            && !is_options_record(v)
                            && !matches!(v.kind, ExprKind::Func(_))
                    })
                    .collect()
            })
        } else {
            sink.arg
                .iter()
                .filter_map(|loc| locate_arg_index(args, loc))
                .collect()
        };
        located.sort_unstable();
        located.dedup();
        let mut t = Taint::new();
        for i in located {
            let Some(at) = taints.get(i) else { continue };
            if state.step(&args[i].value, &self.argv.flags) {
                union_into(&mut t, at);
            } else {
                union_into(&mut t, &clear_kinds(at.clone(), self.argv.bits));
            }
        }
        t
    }

    /// For `argv` rows: `args` with each local name bound to a list literal standing for that
    /// literal, so that conditions on the program (`arg:0~^\[\s*"git"`) read it.
    fn argv_condition_args<'b>(
        &self,
        sink: &crate::catalog::SinkRow,
        args: &'b [Arg],
    ) -> std::borrow::Cow<'b, [Arg]> {
        let bound = |a: &Arg| {
            a.value
                .as_name()
                .and_then(|n| self.locals.argv_inits.get(n))
        };
        if sink.argv.is_none() || !args.iter().any(|a| bound(a).is_some()) {
            return std::borrow::Cow::Borrowed(args);
        }
        args.iter()
            .map(|a| match bound(a) {
                Some(span) => Arg {
                    keyword: a.keyword.clone(),
                    value: Expr::new(ExprKind::Other(Vec::new()), *span),
                    spread: a.spread,
                },
                None => a.clone(),
            })
            .collect()
    }

    /// `arg:N.FIELD` (or `options.FIELD`) where the argument names a local object literal: that
    /// literal's field.
    fn named_record_field(&self, args: &[Arg], loc: &str) -> Option<Expr> {
        if let Some(field) = loc.strip_prefix("options.") {
            return args
                .iter()
                .find_map(|a| {
                    crate::facts::tools::record_field(
                        self.locals.records.get(a.value.as_name()?)?,
                        field,
                    )
                })
                .cloned();
        }
        let (base, field) = loc.split_once('.')?;
        let name = locate_arg(args, base)?.as_name()?;
        crate::facts::tools::record_field(self.locals.records.get(name)?, field).cloned()
    }

    /// What holds when `test` is true, and when it is false.
    fn refine(&mut self, test: &Expr, env: &mut Env) -> (Refinement, Refinement) {
        if let Some(name) = test.as_name() {
            return match self.locals.checks.get(name) {
                Some((t, f)) => (
                    Refinement { clears: t.clone() },
                    Refinement { clears: f.clone() },
                ),
                None => (Refinement::default(), Refinement::default()),
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
        // `dirs.some(d => p.startsWith(d + sep))`: what every true return of the callback says.
        if matches!(callee.as_str(), "*.some" | "*.every" | "*.any" | "*.all")
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
            let (t, f) = self.guard_rows(callee, receiver.as_deref(), args, env);
            when_true.clears.extend(t.clears);
            return (when_true, f);
        }
        match self.call_target(callee, receiver.as_deref()) {
            Some((CallTarget::Local(id), method)) => {
                return (
                    self.predicate_refinement(id, method, args, env),
                    Refinement::default(),
                );
            }
            // A predicate of another file: known in the project phase's second round.
            Some((CallTarget::Path(path), method)) => match self.oracle {
                Some(oracle) => {
                    if let Some(cleans) = oracle(&path) {
                        return (
                            self.refinement_from_cleans(&cleans, method, args, env),
                            Refinement::default(),
                        );
                    }
                }
                None => {
                    if (is_project_rooted(&path)
                        || (self.file.lang == mcplint_ir::Lang::Python && !is_python_stdlib(&path)))
                        && !self.summary.predicate_calls.contains(&path)
                    {
                        self.summary.predicate_calls.push(path);
                    }
                }
            },
            // A method of a class of this file on a typed receiver (`g: UrlGuard`): a
            // predicate like a function (a module-level instance is `Local` already).
            Some((CallTarget::Method { class, name }, _)) => {
                if let Some(id) = self.local_method(&class, &name) {
                    return (
                        self.predicate_refinement(id, true, args, env),
                        Refinement::default(),
                    );
                }
            }
            None => {}
        }
        match callee.as_str() {
            ops::NOT => match args.first() {
                Some(a) => {
                    let (t, f) = self.refine(&a.value, env);
                    (f, t)
                }
                None => (Refinement::default(), Refinement::default()),
            },
            ops::AND | ops::OR => {
                let mut merged = Refinement::default();
                for a in args {
                    let (t, f) = self.refine(&a.value, env);
                    merged
                        .clears
                        .extend(if callee == ops::AND { t } else { f }.clears);
                }
                if callee == ops::AND {
                    (merged, Refinement::default())
                } else {
                    (Refinement::default(), merged)
                }
            }
            _ => {
                // `commonpath([root, p]) == root`: a guard call compared with a value.
                if callee == ops::EQ || callee == ops::NE {
                    for a in args {
                        if let ExprKind::Call { callee: inner, .. } = &a.value.kind
                            && !inner.starts_with('<')
                            && self
                                .cat
                                .guards_for(inner)
                                .any(|g| any_matches(&g.call, inner) && !g.other_clean)
                        {
                            let (t, f) = self.refine(&a.value, env);
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
                self.guard_rows(callee, receiver.as_deref(), args, env)
            }
        }
    }

    /// `for c in p.components() { if c is `..` or root { return Err } }`: after the loop, `p`
    /// is what the catalog's `loop-exit-matches` rows say.
    fn loop_guard(&mut self, body: &[Stmt], env: &mut Env) -> Refinement {
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
        collect_exiting_tests(&body[1..], self.file, &mut exiting_tests);
        let cat = self.cat;
        for g in cat
            .guards_for(callee)
            .filter(|g| any_matches(&g.call, callee))
        {
            let Some(re) = g
                .loop_exit_matches
                .as_deref()
                .and_then(crate::facts::tools::cached_regex)
            else {
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
                    kinds: self.catalog.kind_bits(&g.kind),
                    origins,
                    all_vars: false,
                });
            }
        }
        out
    }

    /// What the catalog's guard rows say a call checks: when it returns true, and when false.
    fn guard_rows(
        &mut self,
        callee: &str,
        receiver: Option<&Expr>,
        args: &[Arg],
        env: &mut Env,
    ) -> (Refinement, Refinement) {
        let mut when_true = Refinement::default();
        let mut when_false = Refinement::default();
        let guards: Vec<&GuardRow> = self
            .cat
            .guards_for(callee)
            .filter(|g| !g.raises && any_matches(&g.call, callee))
            .collect();
        for g in guards {
            let r = self.guard_refinement(g, callee, receiver, args, env);
            if g.passes_when {
                when_true.clears.extend(r.clears);
            } else {
                when_false.clears.extend(r.clears);
            }
        }
        (when_true, when_false)
    }

    /// A call to a local predicate (`if not is_inside_root(p): raise`): what the callee's
    /// summary says holds for its arguments when it returns a true value.
    fn predicate_refinement(
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
    fn refinement_from_cleans(
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
    fn callback_refinement(&mut self, id: FnId, env: &Env, params: &Taint) -> Refinement {
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
    fn predicate(&mut self, id: FnId) -> Vec<(usize, u64)> {
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
        let all_params = crate::facts::tools::SourceParams::All {
            excluded: Vec::new(),
        };
        let mut env = Env::new();
        for (i, p) in func.params.iter().enumerate() {
            if let (true, Ok(i)) = (
                crate::facts::tools::is_source_param(func, i, &all_params, self.file, self.cat),
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
    fn collect_predicate_return(&mut self, value: &Expr, env: &mut Env) {
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

    /// Whether `other` cannot be the attacker's value compared against `checked`: it carries
    /// no taint, or — while summarising a predicate, whose parameters are all symbolic — none of
    /// the checked value's origins.
    fn independent(&mut self, other: &Expr, checked: &Expr, env: &mut Env) -> bool {
        let ot = self.eval(other, env);
        if ot.is_empty() {
            return true;
        }
        if self.predicate_returns.is_none() {
            return false;
        }
        let ct = self.eval(checked, env);
        ot.keys().all(|o| !ct.contains_key(o))
    }

    fn guard_refinement(
        &mut self,
        g: &GuardRow,
        callee: &str,
        receiver: Option<&Expr>,
        args: &[Arg],
        env: &mut Env,
    ) -> Refinement {
        let _ = callee;
        if let Some((loc, re)) = &g.arg_regex {
            let located = if loc == "receiver" {
                receiver
            } else {
                locate_arg(args, loc)
            };
            let text = located.map(|v| self.const_text(v));
            if !text.is_some_and(|t| re.is_match(t)) {
                return Refinement::default();
            }
        }
        let mut checked: Vec<&Expr> = Vec::new();
        match g.checks.as_str() {
            "receiver" => checked.extend(receiver),
            "args" => {
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
            loc => {
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
        let kinds = self.catalog.kind_bits(&g.kind);
        let mut out = Refinement::default();
        for c in checked {
            let t = self.eval(c, env);
            let origins: BTreeSet<Origin> = t
                .iter()
                .filter(|(_, (f, _))| match g.requires.as_deref() {
                    Some("resolved") => f.resolved,
                    Some("relative") => f.relative,
                    _ => true,
                })
                .map(|(o, _)| *o)
                .collect();
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

/// An object literal with named fields (an options object, not a list).
fn is_options_record(e: &Expr) -> bool {
    matches!(&e.kind, ExprKind::Record(entries) if entries.iter().any(|a| a.keyword.is_some()))
}

/// How much of a built string's text before a hole `prefix` sanitizer rows look at: what
/// decides where a value lands (scheme, host, path, query) is near the start, and a cap keeps
/// strings built from thousands of parts (`a + b + ...`) linear.
const PREFIX_LIMIT: usize = 4096;

/// Appends `text` to the `prefix` judged by sanitizer rows, up to [`PREFIX_LIMIT`] bytes.
fn push_prefix(prefix: &mut String, text: &str) {
    let room = PREFIX_LIMIT.saturating_sub(prefix.len());
    if room >= text.len() {
        prefix.push_str(text);
    } else {
        let mut end = room;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        prefix.push_str(&text[..end]);
    }
}

/// Python `"%s/x/%s" % (a, b)` and `"{}/x/{}".format(a, b)` lower to the format string followed
/// by the values: the format's text between its placeholders, and whether the placeholders are
/// positional and as many as the values (otherwise only the text before the first one is known
/// to precede every value). `None` when the parts are not a format string and its values.
fn python_format_segments(parts: &[Part]) -> Option<(Vec<String>, bool)> {
    let (Some(Part::Lit(format)), rest) = (parts.first(), parts.get(1..)?) else {
        return None;
    };
    if rest.is_empty() || !rest.iter().all(|p| matches!(p, Part::Hole(_))) {
        return None;
    }
    let re = crate::facts::tools::cached_regex(
        r"%%|\{\{|%(\([^)]*\))?[-#0 +]*(\*|\d+)?(\.(\*|\d+))?[a-zA-Z]|\{[^{}]*\}",
    )?;
    let mut segments = Vec::new();
    let mut positional = true;
    let mut last = 0;
    for m in re.find_iter(format) {
        let text = m.as_str();
        if text == "%%" || text == "{{" {
            continue;
        }
        positional &= !text.starts_with("%(")
            && (text.starts_with('%') || text == "{}" || text.starts_with("{:"));
        segments.push(format[last..m.start()].to_owned());
        last = m.end();
    }
    if segments.is_empty() {
        return None;
    }
    let in_order = positional && segments.len() == rest.len();
    Some((segments, in_order))
}

/// The source text of every `if` test in `stmts` whose taken branch always exits.
fn collect_exiting_tests(stmts: &[Stmt], file: &File, out: &mut String) {
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
            _ => {}
        }
    }
}

fn collect_names(e: &Expr, out: &mut Vec<String>) {
    match &e.kind {
        ExprKind::Name(n) => out.push(n.clone()),
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

fn apply(env: &mut Env, r: &Refinement) {
    for clear in &r.clears {
        // A call site's result is unique to it: clean it wherever it went.
        let rets: BTreeSet<Origin> = clear
            .origins
            .iter()
            .copied()
            .filter(|o| matches!(o, Origin::Ret(_)))
            .collect();
        if !rets.is_empty() {
            for t in env.values_mut() {
                for (origin, (flags, _)) in t.iter_mut() {
                    if rets.contains(origin) {
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
