//! Lookups in module-level tables of constants (`MOUNTS.get(key)`, `MAP[key]`,
//! `new Map([...]).get(key)`): the result is one of the table's values, written by the
//! programmer, whatever key the tool was given; only a default (`MOUNTS.get(key, key)`) can
//! carry the input.

use foldhash::{HashMap, HashMapExt, HashSet, HashSetExt};

use mcplint_ir::{Arg, Expr, ExprKind, File, Pattern, Stmt, ops};

use super::env::{Env, Taint, union_into};
use super::walk::Analyzer;

/// Calls that wrap a literal table without copying anything into it.
const TABLE_WRAPPERS: &[&str] = &[
    "dict",
    "Map",
    "Object.freeze",
    "types.MappingProxyType",
    "MappingProxyType",
    "frozendict",
    "frozendict.frozendict",
    "immutabledict",
];

/// Methods that read a table without changing it.
const READS: &[&str] = &[
    ops::SUBSCRIPT,
    "*.get",
    "*.has",
    "*.keys",
    "*.values",
    "*.items",
    "*.entries",
    "*.includes",
    "*.hasOwnProperty",
    "*.copy",
    "*.forEach",
];

/// Names the module binds once to a non-empty table literal (a dict or object literal, or a
/// `Map`/`dict`/`Object.freeze` of one) that no function rebinds, assigns into or changes
/// through a method.
pub(super) fn constant_tables(file: &File) -> HashSet<String> {
    let mut out = HashSet::new();
    let Some(top) = file.functions.first() else {
        return out;
    };
    let mut bindings: HashMap<&str, usize> = HashMap::new();
    for stmt in &top.body {
        if let Stmt::Assign { target, .. } = stmt {
            for n in target.names() {
                *bindings.entry(n).or_default() += 1;
            }
        }
    }
    for stmt in &top.body {
        if let Stmt::Assign {
            target: Pattern::Name(n),
            value,
            ..
        } = stmt
            && bindings.get(n.as_str()) == Some(&1)
            && is_table_literal(value)
        {
            out.insert(n.clone());
        }
    }
    for (id, func) in file.functions.iter().enumerate() {
        mcplint_ir::visit::walk_stmts(&func.body, &mut |s| {
            if let Stmt::Assign { target, .. } = s
                && id != 0
            {
                for n in target.names() {
                    out.remove(n);
                }
            }
        });
        mcplint_ir::visit::walk_calls(&func.body, &mut |e| {
            if let ExprKind::Call {
                callee,
                receiver: Some(r),
                ..
            } = &e.kind
                && let Some(n) = r.as_name()
                && !READS.contains(&callee.as_str())
            {
                out.remove(n);
            }
        });
    }
    out
}

/// A non-empty dict or object literal, or one wrapped in `dict(...)`, `new Map(...)`,
/// `Object.freeze(...)`.
fn is_table_literal(e: &Expr) -> bool {
    match &e.kind {
        ExprKind::Record(entries) => !entries.is_empty(),
        ExprKind::Call {
            callee,
            receiver,
            args,
        } => {
            let name = match receiver.as_deref().and_then(Expr::as_name) {
                Some(r) => format!("{r}.{}", callee.trim_start_matches("*.")),
                None => callee.clone(),
            };
            TABLE_WRAPPERS.contains(&name.as_str())
                && match args.as_slice() {
                    [a] => is_table_literal(&a.value),
                    [] => false,
                    // `dict(a="/x", b="/y")`
                    all => all.iter().all(|a| a.keyword.is_some()),
                }
        }
        _ => false,
    }
}

impl Analyzer<'_, '_> {
    /// The taint of `TABLE[key]` or `TABLE.get(key[, default])` on a constant table: that of
    /// the default only. `None` for any other call.
    pub(super) fn table_lookup(
        &mut self,
        callee: &str,
        receiver: Option<&Expr>,
        args: &[Arg],
        env: &mut Env,
    ) -> Option<Taint> {
        if callee != ops::SUBSCRIPT && callee != "*.get" {
            return None;
        }
        let name = receiver?.as_name()?;
        if !self.cx.constant_tables.contains(name) || env.contains_key(name) {
            return None;
        }
        let mut t = Taint::new();
        for (i, a) in args.iter().enumerate() {
            let at = self.eval(&a.value, env);
            if i > 0 && callee == "*.get" {
                union_into(&mut t, &at);
            }
        }
        Some(t)
    }
}
