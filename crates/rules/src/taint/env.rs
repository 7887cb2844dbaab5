use std::collections::{BTreeMap, BTreeSet};

use foldhash::{HashMap, HashMapExt, HashSet, HashSetExt};

use mcplint_ir::{Expr, ExprKind, File, FnId, Pattern, Span, Stmt};

use super::MAX_STEPS;
use super::argv::ArgvState;
use super::guards::Refinement;
use super::summary::{Flags, Origin, Step, StepKind};
use super::walk::Analyzer;
use crate::catalog::LangCatalog;

pub(super) type Taint = BTreeMap<Origin, (Flags, Vec<Step>)>;
pub(super) type Env = HashMap<String, Taint>;

pub(super) fn union_into(into: &mut Taint, from: &Taint) {
    for (origin, (flags, steps)) in from {
        into.entry(*origin)
            .and_modify(|(f, _)| *f = f.join(*flags))
            .or_insert_with(|| (*flags, steps.clone()));
    }
}

pub(super) fn with_step(mut t: Taint, span: Span, kind: StepKind) -> Taint {
    for (_, steps) in t.values_mut() {
        if steps.len() < MAX_STEPS && steps.last().is_none_or(|s| s.span != span) {
            steps.push(Step { span, kind });
        }
    }
    t
}

pub(super) fn map_flags(mut t: Taint, f: impl Fn(Flags) -> Flags) -> Taint {
    for (flags, _) in t.values_mut() {
        *flags = f(*flags);
    }
    t
}

/// Merges two branches. A field entry (`args.unit`, made when a check cleaned that field) that
/// exists on one side only stands, on the other side, for what its parent name holds there.
pub(super) fn join_env(a: &mut Env, b: &Env) {
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

/// `const run = promisify(cp.exec)`, `run = subprocess.run`: names that stand for an imported
/// function, so that calls through them match the catalog.
pub(super) fn function_aliases(file: &File, cat: &LangCatalog) -> HashMap<String, String> {
    let mut out = HashMap::new();
    for func in &file.functions {
        mcplint_ir::visit::walk_stmts(&func.body, &mut |s| {
            if let Stmt::Assign {
                target: Pattern::Name(name),
                value,
                ..
            } = s
                && let Some(t) = alias_target(file, cat, value)
            {
                out.insert(name.clone(), t);
            }
        });
    }
    out
}

/// The imported function `value` stands for: the function itself (`subprocess.run`), or one
/// wrapped by a catalog wrapper that returns a function behaving like it (`promisify(exec)`).
fn alias_target(file: &File, cat: &LangCatalog, value: &Expr) -> Option<String> {
    let imported = |path: &str| {
        file.imports.iter().any(|i| {
            let p = i.path();
            path == p
                || path
                    .strip_prefix(p.as_str())
                    .is_some_and(|r| r.starts_with('.') || r.starts_with("::"))
        })
    };
    match &value.kind {
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
    }
}

/// The aliases other files can import: exported module-level names bound to a library function
/// (`export const sh = promisify(exec)`, `export { execAsync }`, Python's module-level
/// `run = subprocess.check_output`), and `CommonJS` exports assigned one
/// (`module.exports.run = ...`, `exports.run = ...`, `module.exports = { run, sh: ... }`).
/// Sorted by exported name.
pub(super) fn exported_aliases(file: &File, cat: &LangCatalog) -> Vec<(String, String)> {
    let Some(top) = file.functions.first() else {
        return Vec::new();
    };
    let mut module_level: HashMap<&str, String> = HashMap::new();
    let mut out = Vec::new();
    for s in &top.body {
        let Stmt::Assign {
            target: Pattern::Name(name),
            value,
            ..
        } = s
        else {
            continue;
        };
        if let Some(t) = alias_target(file, cat, value) {
            match name
                .strip_prefix("module.exports.")
                .or_else(|| name.strip_prefix("exports."))
            {
                Some(exported) => out.push((exported.to_owned(), t)),
                None => {
                    module_level.insert(name, t);
                }
            }
        } else if name == "module.exports"
            && let ExprKind::Record(entries) = &value.kind
        {
            for entry in entries {
                let Some(key) = &entry.keyword else { continue };
                let target = alias_target(file, cat, &entry.value)
                    .or_else(|| module_level.get(entry.value.as_name()?).cloned());
                if let Some(t) = target {
                    out.push((key.clone(), t));
                }
            }
        }
    }
    for e in &file.exports {
        if let Some(t) = module_level.get(e.local.as_str()) {
            out.push((e.name.clone(), t.clone()));
        }
    }
    out.sort();
    out.dedup_by(|a, b| a.0 == b.0);
    out
}

/// `Parameters(Args { count, name })`: a destructured field whose type is a number or a
/// boolean carries no text, whatever the client sent.
pub(super) fn unbind_scalar_fields(
    env: &mut Env,
    pattern: &Pattern,
    scalars: &BTreeSet<(String, String)>,
) {
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

/// Whether a type annotation names one of the language's `scalar` types (numbers, booleans,
/// chars: `[mcp] scalar-types`), optionally wrapped in `Option<>`, `Optional[]` or `| None`.
pub(super) fn is_scalar_type(text: &str, scalars: &[String]) -> bool {
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
    scalars.iter().any(|s| s == inner)
}

/// Every `(struct, field)` of the file whose field is a number or a boolean.
pub(super) fn scalar_fields(file: &File, scalars: &[String]) -> BTreeSet<(String, String)> {
    let mut out = BTreeSet::new();
    for class in &file.classes {
        for f in &class.fields {
            if f.annotation
                .as_ref()
                .is_some_and(|a| is_scalar_type(file.source.slice(a.span), scalars))
            {
                out.insert((class.name.clone(), f.name.clone()));
            }
        }
    }
    out
}

/// The type a variable holds, from its annotation: `&mut Arc<fs::Service>` -> `Service`,
/// `Parameters<Args>` -> `Args`, `std::sync::Arc<dyn Search + Send>` -> `Search`.
pub(super) fn type_name(ann: &str) -> &str {
    let mut t = ann.trim();
    loop {
        let before = t;
        for prefix in ["&", "mut ", "dyn ", "impl ", "'static "] {
            t = t.strip_prefix(prefix).unwrap_or(t).trim_start();
        }
        // `std::sync::Arc<T>` -> `Arc<T>`.
        if let Some((head, _)) = t.split_once('<')
            && let Some((_, last)) = head.rsplit_once("::")
        {
            t = &t[head.len() - last.len()..];
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
    // `dyn Search + Send + Sync` -> `Search`.
    let t = t.split(['<', '+']).next().unwrap_or(t);
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
pub(super) fn typed_params(func: &mcplint_ir::Function) -> HashMap<String, String> {
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
pub(super) fn module_instances(file: &File) -> HashMap<String, String> {
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

/// An environment where each parameter of `func` that `keep` accepts (by index) holds its own
/// origin, unchecked: how a local helper is walked to learn what it does with its arguments.
pub(super) fn param_env(func: &mcplint_ir::Function, keep: impl Fn(usize) -> bool) -> Env {
    let mut env = Env::new();
    for (i, p) in func.params.iter().enumerate() {
        let Ok(origin) = u16::try_from(i).map(Origin::Param) else {
            break;
        };
        if keep(i) {
            let mut t = Taint::new();
            t.insert(origin, (Flags::default(), Vec::new()));
            bind(&mut env, &p.pattern, t);
        }
    }
    env
}

pub(super) fn bind(env: &mut Env, pattern: &Pattern, t: Taint) {
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

/// `t` as the names of the members of the archive it holds (see [`Flags::member`]): nothing
/// that happened to the archive's own path carries over to them.
pub(super) fn archive_members(t: Taint) -> Taint {
    map_flags(t, |_| Flags {
        member: true,
        ..Flags::default()
    })
}

/// `t` with the `bits` kinds cleared.
pub(super) fn clear_kinds(t: Taint, bits: u64) -> Taint {
    map_flags(t, |f| Flags {
        cleared: f.cleared | bits,
        ..f
    })
}

/// What [`Analyzer`] knows about one function's local names. A function walked as a check in
/// the middle of another gets its own (see [`Analyzer::predicate`]).
#[derive(Default)]
pub(super) struct Locals {
    /// Local names bound to an entry of a dispatch table (`handler = HANDLERS.get(name)`).
    pub(super) dispatch_aliases: HashMap<String, Vec<FnId>>,
    /// The call each local name was last bound to in the current function (builder roots).
    pub(super) bindings: HashMap<String, Span>,
    /// Local names bound to an object literal with named fields (`const options = { hostname }`
    /// then `https.request(options)`): a sink's options argument given by name.
    pub(super) records: HashMap<String, Expr>,
    /// Text-class bits of the literals each local string variable was built from.
    pub(super) var_text: HashMap<String, u8>,
    /// Local names bound to a closure (`let run = |line| Command::new("sh")...`).
    pub(super) closures: HashMap<String, FnId>,
    /// Names bound to the result of a check (`const ok = isInside(p)`), with what the check
    /// says when the name is true and when it is false.
    pub(super) checks: HashMap<String, (Refinement, Refinement)>,
    /// Local lists and command builders (`cmd = ["git"]`, `let mut c = Command::new("git")`):
    /// where their argument vector is after what was added so far.
    pub(super) argv_states: HashMap<String, ArgvState>,
    /// Local names bound to a part of a value (`first = name[0]`, `scheme = parsed.scheme`):
    /// a check of one says nothing about the value (see [`super::parts::is_part`]).
    pub(super) parts: HashSet<String>,
    /// Local names bound to a list literal: its span, which the rows' conditions on the
    /// program read in place of the name.
    pub(super) argv_inits: HashMap<String, Span>,
    /// Python local names bound to a method fetched by name (`method = getattr(client, op)`):
    /// calling one is a library method call whose result is what the library produced.
    pub(super) fetched_methods: HashSet<String>,
}

impl Analyzer<'_, '_> {
    pub(super) fn lookup(env: &Env, name: &str) -> Taint {
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

    /// `args.count` where `args` holds a struct whose `count` field is a number or a boolean:
    /// deserialisation already rejected anything else.
    pub(super) fn is_scalar_field(&self, name: &str) -> bool {
        let mut segs = name.split('.');
        let Some(base) = segs.next() else {
            return false;
        };
        let Some(ty) = self.fs.typed_vars.get(base) else {
            return false;
        };
        let Some(field) = segs.find(|s| *s != "0") else {
            return false;
        };
        self.cx
            .scalar_fields
            .contains(&(ty.clone(), field.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::type_name;

    #[test]
    fn type_name_strips_references_wrappers_paths_and_bounds() {
        assert_eq!(type_name("&mut Arc<fs::Service>"), "Service");
        assert_eq!(type_name("Parameters<Args>"), "Args");
        assert_eq!(
            type_name("std::sync::Arc<dyn Search + Send + Sync>"),
            "Search"
        );
        assert_eq!(type_name("Box<dyn crate::repo::Repo>"), "Repo");
    }
}
