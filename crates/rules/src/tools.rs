//! The tool finder: MCP tool, resource and prompt declarations found in the IR through the
//! catalog's `[[server]]` and `[[tool]]` rows.

use std::collections::BTreeSet;

use mcplint_ir::{Arg, Expr, ExprKind, File, FnId, Function, ParamKind, Span, Stmt, ops};
use serde::{Deserialize, Serialize};

use crate::catalog::{LangCatalog, ToolRow, any_matches, callee_matches};

/// Where a declaration's handler function is.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum HandlerRef {
    /// A function of this file.
    Local(FnId),
    /// A function imported from another module, by resolved path (`.handlers.export`).
    Imported(String),
}

/// Which handler parameters carry client-controlled values.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum SourceParams {
    /// Every parameter except `self`, context-typed ones and the named exclusions.
    All {
        /// Parameter names that are not sources (`exclude_args`).
        excluded: Vec<String>,
    },
    /// Only the parameter at this index (counting `self`).
    Index(usize),
}

/// One tool, resource or prompt declaration.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ToolDecl {
    /// `tool`, `resource` or `prompt`.
    pub kind: String,
    /// The declared name, when it is a literal or the function name.
    pub name: Option<String>,
    /// The decorator or registration call.
    pub span: Span,
    /// The handler.
    pub handler: HandlerRef,
    /// Which handler parameters are sources.
    pub sources: SourceParams,
}

/// Finds every declaration in `file`.
pub fn find_tools(file: &File, cat: &LangCatalog) -> Vec<ToolDecl> {
    let servers = ServerNames::collect(file, cat);
    let mut out = Vec::new();
    for (id, func) in file.functions.iter().enumerate() {
        for dec in &func.decorators {
            for row in cat.tools.iter().filter(|r| r.decorator.is_some()) {
                if decorator_matches(file, cat, &servers, row, dec) {
                    out.push(decl(file, row, dec, HandlerRef::Local(id), Some(func)));
                }
            }
        }
        visit_calls(&func.body, &mut |call| {
            let ExprKind::Call {
                callee,
                receiver,
                args,
            } = &call.kind
            else {
                return;
            };
            for row in &cat.tools {
                if let Some(handler) = call_row_matches(
                    file,
                    cat,
                    &servers,
                    row,
                    call,
                    callee,
                    receiver.as_deref(),
                    args,
                ) {
                    let f = match &handler {
                        HandlerRef::Local(h) => file.functions.get(*h),
                        HandlerRef::Imported(_) => None,
                    };
                    out.push(decl(file, row, call, handler, f));
                }
            }
        });
    }
    out.sort_by_key(|d| (d.span, d.kind.clone()));
    out.dedup_by(|a, b| a.span == b.span && a.handler == b.handler);
    out
}

/// Whether a parameter of `func` at `index` is a source under `sources`.
pub fn is_source_param(
    func: &Function,
    index: usize,
    sources: &SourceParams,
    file: &File,
    cat: &LangCatalog,
) -> bool {
    let Some(param) = func.params.get(index) else {
        return false;
    };
    match sources {
        SourceParams::Index(i) => *i == index,
        SourceParams::All { excluded } => {
            if param.kind == ParamKind::SelfParam || excluded.contains(&param.name) {
                return false;
            }
            if let Some(ann) = &param.annotation {
                let text = file.source.slice(ann.span);
                if cat.mcp.context_types.iter().any(|t| contains_word(text, t)) {
                    return false;
                }
            }
            if let Some(default) = &param.default
                && let ExprKind::Call { callee, .. } = &default.kind
                && cat
                    .mcp
                    .non_source_defaults
                    .iter()
                    .any(|d| last_segment(callee) == d)
            {
                return false;
            }
            true
        }
    }
}

fn contains_word(text: &str, word: &str) -> bool {
    text.match_indices(word).any(|(i, _)| {
        let before = text[..i].chars().next_back();
        let after = text[i + word.len()..].chars().next();
        let boundary = |c: Option<char>| c.is_none_or(|c| !(c.is_alphanumeric() || c == '_'));
        boundary(before) && boundary(after)
    })
}

fn last_segment(path: &str) -> &str {
    path.rsplit(['.', ':']).next().unwrap_or(path)
}

fn decl(
    file: &File,
    row: &ToolRow,
    site: &Expr,
    handler: HandlerRef,
    func: Option<&Function>,
) -> ToolDecl {
    let sources = match row
        .sources
        .strip_prefix("param:")
        .and_then(|n| n.parse().ok())
    {
        Some(i) => SourceParams::Index(i),
        None => SourceParams::All {
            excluded: excluded_args(row, site),
        },
    };
    let name = row.name.as_ref().and_then(|locs| {
        locs.values()
            .iter()
            .find_map(|loc| locate_name(file, loc, site, func))
    });
    ToolDecl {
        kind: row.kind.clone(),
        name,
        span: site.span,
        handler,
        sources,
    }
}

fn locate_name(_file: &File, loc: &str, site: &Expr, func: Option<&Function>) -> Option<String> {
    if loc == "function-name" {
        return func.and_then(|f| f.name.clone());
    }
    let ExprKind::Call { args, .. } = &site.kind else {
        return None;
    };
    locate_arg(args, loc)
        .and_then(Expr::as_str)
        .map(str::to_owned)
}

/// The argument at a locator (`arg:N`, `arg:last`, `kwarg:NAME`).
pub fn locate_arg<'a>(args: &'a [Arg], loc: &str) -> Option<&'a Expr> {
    locate_arg_index(args, loc).map(|i| &args[i].value)
}

/// The index in `args` of the argument at a locator.
pub fn locate_arg_index(args: &[Arg], loc: &str) -> Option<usize> {
    let mut positional = args
        .iter()
        .enumerate()
        .filter(|(_, a)| a.keyword.is_none() && !a.spread)
        .map(|(i, _)| i);
    if let Some(n) = loc.strip_prefix("arg:") {
        return if n == "last" {
            positional.next_back()
        } else {
            positional.nth(n.parse().ok()?)
        };
    }
    let key = loc.strip_prefix("kwarg:")?;
    args.iter().position(|a| a.keyword.as_deref() == Some(key))
}

fn excluded_args(row: &ToolRow, site: &Expr) -> Vec<String> {
    let (Some(kw), ExprKind::Call { args, .. }) = (&row.exclude_args, &site.kind) else {
        return Vec::new();
    };
    let Some(list) = args
        .iter()
        .find(|a| a.keyword.as_deref() == Some(kw.as_str()))
    else {
        return Vec::new();
    };
    match &list.value.kind {
        ExprKind::Record(items) => items
            .iter()
            .filter_map(|a| a.value.as_str().map(str::to_owned))
            .collect(),
        _ => Vec::new(),
    }
}

fn decorator_matches(
    file: &File,
    cat: &LangCatalog,
    servers: &ServerNames,
    row: &ToolRow,
    dec: &Expr,
) -> bool {
    let Some(patterns) = &row.decorator else {
        return false;
    };
    match &dec.kind {
        ExprKind::Call {
            callee, receiver, ..
        } => {
            any_matches(patterns, callee)
                && (!row.on_server || servers.is_server(file, cat, callee, receiver.as_deref()))
        }
        ExprKind::Name(name) => {
            any_matches(patterns, name)
                && (!row.on_server || servers.is_server(file, cat, name, None))
        }
        _ => false,
    }
}

#[allow(clippy::too_many_arguments)]
fn call_row_matches(
    file: &File,
    cat: &LangCatalog,
    servers: &ServerNames,
    row: &ToolRow,
    call: &Expr,
    callee: &str,
    receiver: Option<&Expr>,
    args: &[Arg],
) -> Option<HandlerRef> {
    // `mcp.tool(name="x")(fn)`: a decorator row applied by a call.
    if callee == ops::CALL_EXPR {
        let inner = receiver?;
        if row.decorator.is_some() && decorator_matches(file, cat, servers, row, inner) {
            return handler_ref(file, locate_arg(args, "arg:0")?);
        }
        return None;
    }
    let patterns = row.call.as_ref()?;
    if !any_matches(patterns, callee) {
        return None;
    }
    if row.on_server && !servers.is_server(file, cat, callee, receiver) {
        return None;
    }
    let _ = call;
    let handler = row
        .handler
        .as_ref()?
        .values()
        .iter()
        .find_map(|loc| locate_arg(args, loc))?;
    handler_ref(file, handler)
}

fn handler_ref(file: &File, handler: &Expr) -> Option<HandlerRef> {
    match &handler.kind {
        ExprKind::Name(name) => {
            if let Some(id) = file
                .functions
                .iter()
                .position(|f| f.name.as_deref() == Some(name) && f.parent.is_none())
            {
                return Some(HandlerRef::Local(id));
            }
            if let Some(id) = file
                .functions
                .iter()
                .position(|f| f.name.as_deref() == Some(name))
            {
                return Some(HandlerRef::Local(id));
            }
            // A resolved import path contains a dot; a bare unknown name is not a handler.
            if name.contains('.') && !name.starts_with("self.") {
                return Some(HandlerRef::Imported(name.clone()));
            }
            None
        }
        ExprKind::Func(id) => Some(HandlerRef::Local(*id)),
        _ => None,
    }
}

/// Names bound to MCP server objects in one file.
struct ServerNames {
    bound: BTreeSet<String>,
    params: BTreeSet<String>,
    mcp_file: bool,
}

impl ServerNames {
    fn collect(file: &File, cat: &LangCatalog) -> Self {
        let constructors: Vec<&str> = cat.servers.iter().flat_map(|s| s.call.values()).collect();
        let class_names: BTreeSet<&str> = constructors.iter().map(|c| last_segment(c)).collect();
        let mut bound = BTreeSet::new();
        let mut params = BTreeSet::new();
        for func in &file.functions {
            for p in &func.params {
                let annotated = p.annotation.as_ref().is_some_and(|a| {
                    let text = file.source.slice(a.span);
                    class_names.iter().any(|c| contains_word(text, c))
                });
                if annotated || cat.mcp.receiver_names.contains(&p.name) {
                    params.insert(p.name.clone());
                }
            }
            visit_stmts(&func.body, &mut |stmt| {
                if let Stmt::Assign {
                    target: mcplint_ir::Pattern::Name(name),
                    value,
                    ..
                } = stmt
                    && let ExprKind::Call { callee, .. } = &value.kind
                    && constructors.iter().any(|c| callee_matches(c, callee))
                {
                    bound.insert(name.clone());
                }
            });
        }
        let mcp_file = file.imports.iter().any(|i| {
            cat.mcp
                .imports
                .iter()
                .any(|m| i.module == *m || i.module.starts_with(&format!("{m}.")))
        });
        Self {
            bound,
            params,
            mcp_file,
        }
    }

    /// Whether the receiver of `callee` (the expression, or the callee's resolved prefix) is a
    /// server.
    fn is_server(
        &self,
        file: &File,
        cat: &LangCatalog,
        callee: &str,
        receiver: Option<&Expr>,
    ) -> bool {
        let name = match receiver {
            Some(r) => match r.as_name() {
                Some(n) => n.to_owned(),
                None => return false,
            },
            None => match callee.rsplit_once('.') {
                Some((prefix, _)) if !prefix.is_empty() && prefix != "*" => prefix.to_owned(),
                _ => return false,
            },
        };
        if self.bound.contains(&name) || self.params.contains(&name) {
            return true;
        }
        let last = last_segment(&name);
        let heuristic = cat.mcp.receiver_names.iter().any(|n| n == last);
        // Imported from a project module: `from .app import mcp` resolves to `.app.mcp`.
        let imported = receiver.is_none()
            && (name.starts_with('.') || file.imports.iter().any(|i| i.path() == name));
        heuristic && (self.mcp_file || imported)
    }
}

/// Calls `f` on every statement, nested blocks included.
pub fn visit_stmts<'a>(stmts: &'a [Stmt], f: &mut impl FnMut(&'a Stmt)) {
    for s in stmts {
        f(s);
        match s {
            Stmt::If { then, orelse, .. } => {
                visit_stmts(then, f);
                visit_stmts(orelse, f);
            }
            Stmt::Loop(body) => visit_stmts(body, f),
            _ => {}
        }
    }
}

/// Calls `f` on every call expression in `stmts`, outermost first.
pub fn visit_calls<'a>(stmts: &'a [Stmt], f: &mut impl FnMut(&'a Expr)) {
    visit_stmts(stmts, &mut |s| match s {
        Stmt::Assign { value, .. }
        | Stmt::Eval(value)
        | Stmt::Exit {
            value: Some(value), ..
        }
        | Stmt::If { test: value, .. } => visit_expr_calls(value, f),
        Stmt::Exit { value: None, .. } | Stmt::Loop(_) => {}
    });
}

fn visit_expr_calls<'a>(e: &'a Expr, f: &mut impl FnMut(&'a Expr)) {
    match &e.kind {
        ExprKind::Call { receiver, args, .. } => {
            f(e);
            if let Some(r) = receiver {
                visit_expr_calls(r, f);
            }
            for a in args {
                visit_expr_calls(&a.value, f);
            }
        }
        ExprKind::Interp(parts) => {
            for p in parts {
                if let mcplint_ir::Part::Hole(h) = p {
                    visit_expr_calls(h, f);
                }
            }
        }
        ExprKind::Record(args) => {
            for a in args {
                visit_expr_calls(&a.value, f);
            }
        }
        ExprKind::Cond { test, then, orelse } => {
            visit_expr_calls(test, f);
            visit_expr_calls(then, f);
            visit_expr_calls(orelse, f);
        }
        ExprKind::Other(children) => {
            for c in children {
                visit_expr_calls(c, f);
            }
        }
        ExprKind::Str(_) | ExprKind::Name(_) | ExprKind::Func(_) => {}
    }
}
