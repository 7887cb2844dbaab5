//! The tool finder: MCP tool, resource and prompt declarations found in the IR through the
//! catalog's `[[server]]` and `[[tool]]` rows.

use std::collections::BTreeSet;

use mcplint_ir::visit::{walk_calls, walk_exprs, walk_stmts};
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
    /// Only the parameters at these indices (counting `self`).
    Indices(Vec<usize>),
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
    /// Where the description is written: the argument the row's `description` locator found,
    /// or the handler's docstring (`None` when the declaration has none).
    #[serde(default)]
    pub description: Option<Span>,
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
        walk_calls(&func.body, &mut |call| {
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
                    let mut d = decl(file, row, call, handler, f);
                    if row.sources_if_shape && !has_params_shape(args) {
                        d.sources = SourceParams::Indices(Vec::new());
                    }
                    out.push(d);
                }
            }
        });
        for row in cat.tools.iter().filter(|r| r.record.is_some()) {
            visit_records(&func.body, &mut |record| {
                if let Some(handler) = record_row_matches(file, row, record) {
                    let f = match &handler {
                        HandlerRef::Local(h) => file.functions.get(*h),
                        HandlerRef::Imported(_) => None,
                    };
                    out.push(decl(file, row, record, handler, f));
                }
            });
        }
        for row in &cat.tools {
            let Some(types) = &row.param_types else {
                continue;
            };
            for (i, p) in func.params.iter().enumerate() {
                let typed = p.annotation.as_ref().is_some_and(|a| {
                    let text = file.source.slice(a.span);
                    types.iter().any(|t| contains_word(text, t))
                });
                if typed {
                    out.push(ToolDecl {
                        kind: row.kind.clone(),
                        name: func.name.clone(),
                        span: p.span,
                        handler: HandlerRef::Local(id),
                        sources: SourceParams::Indices(vec![i]),
                        description: None,
                    });
                }
            }
        }
    }
    for row in &cat.tools {
        let Some(names) = &row.module_exports else {
            continue;
        };
        if !names
            .iter()
            .all(|n| file.exports.iter().any(|e| e.name == *n))
        {
            continue;
        }
        let Some(default) = file.exports.iter().find(|e| e.name == "default") else {
            continue;
        };
        let handler = file
            .functions
            .iter()
            .position(|f| f.parent.is_none() && f.name.as_deref() == Some(default.local.as_str()));
        if let Some(h) = handler {
            let func = file.functions.get(h);
            let site = Expr::new(ExprKind::Other(Vec::new()), default.span);
            out.push(decl(file, row, &site, HandlerRef::Local(h), func));
        }
    }
    for class in &file.classes {
        for row in &cat.tools {
            let by_decorator = row.class_decorator.as_ref().is_some_and(|pats| {
                class.decorators.iter().any(|d| match &d.kind {
                    ExprKind::Call { callee, .. } => any_matches(pats, callee),
                    ExprKind::Name(n) => any_matches(pats, n),
                    _ => false,
                })
            });
            let by_base = row.class_base.as_ref().is_some_and(|pats| {
                class.bases.iter().any(|b| {
                    b.as_name()
                        .is_some_and(|n| any_matches(pats, n) || any_matches(pats, last_segment(n)))
                })
            });
            if !by_decorator && !by_base {
                continue;
            }
            let decorator = class
                .decorators
                .first()
                .cloned()
                .unwrap_or_else(|| Expr::new(ExprKind::Other(Vec::new()), class.name_span));
            for &m in &class.methods {
                let Some(func) = file.functions.get(m) else {
                    continue;
                };
                if row
                    .methods
                    .as_ref()
                    .is_some_and(|ms| !ms.iter().any(|x| func.name.as_deref() == Some(x.as_str())))
                {
                    continue;
                }
                let mut d = decl(file, row, &decorator, HandlerRef::Local(m), Some(func));
                d.name = d.name.or_else(|| Some(class.name.clone()));
                out.push(d);
            }
        }
    }
    out.sort_by_key(|d| (d.span, d.kind.clone()));
    out.dedup_by(|a, b| a.span == b.span && a.handler == b.handler && a.kind == b.kind);
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
        SourceParams::Indices(i) => i.contains(&index),
        SourceParams::All { excluded } => {
            if param.kind == ParamKind::SelfParam || excluded.contains(&param.name) {
                return false;
            }
            if let Some(ann) = &param.annotation {
                let text = file.source.slice(ann.span);
                if cat.mcp.context_types.iter().any(|t| contains_word(text, t)) {
                    return false;
                }
                // `limit: int`, `count: u32`: the SDK validates numbers and booleans.
                let bare: String = text.chars().filter(|c| !c.is_whitespace()).collect();
                let inner = bare
                    .strip_prefix("Optional[")
                    .and_then(|s| s.strip_suffix(']'))
                    .or_else(|| bare.strip_suffix("|None"))
                    .or_else(|| {
                        bare.strip_prefix("Option<")
                            .and_then(|s| s.strip_suffix('>'))
                    });
                if cat
                    .mcp
                    .scalar_types
                    .iter()
                    .any(|t| bare == *t || inner == Some(t.as_str()))
                {
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
    // Most annotations are shorter than the types looked for; a substring search would first
    // build its searcher.
    if text.len() < word.len() {
        return false;
    }
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
    let sources = parse_sources(&row.sources, || excluded_args(row, site));
    let name = row.name.as_ref().and_then(|locs| {
        locs.values()
            .iter()
            .find_map(|loc| locate_name(file, loc, site, func))
    });
    let description = row.description.as_ref().and_then(|locs| {
        locs.values()
            .iter()
            .find_map(|loc| locate_description(loc, site, func))
    });
    ToolDecl {
        kind: row.kind.clone(),
        name,
        span: site.span,
        handler,
        sources,
        description,
    }
}

/// The span of the description at a locator: `docstring`, or an argument that can hold text
/// (an object literal or a function there is a parameter shape or a handler, not a description).
fn locate_description(loc: &str, site: &Expr, func: Option<&Function>) -> Option<Span> {
    if loc == "docstring" {
        return func?.doc.as_ref().map(|d| d.span);
    }
    let ExprKind::Call { args, .. } = &site.kind else {
        return None;
    };
    let e = locate_arg(args, loc)?;
    (!matches!(e.kind, ExprKind::Record(_) | ExprKind::Func(_))).then_some(e.span)
}

/// `params` (all but self/context), `none`, or `param:N[,param:M...]`.
fn parse_sources(spec: &str, excluded: impl FnOnce() -> Vec<String>) -> SourceParams {
    if spec == "none" {
        return SourceParams::Indices(Vec::new());
    }
    let indices: Vec<usize> = spec
        .split(',')
        .filter_map(|p| p.trim().strip_prefix("param:")?.parse().ok())
        .collect();
    if indices.is_empty() {
        SourceParams::All {
            excluded: excluded(),
        }
    } else {
        SourceParams::Indices(indices)
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

/// The argument at a locator: `arg:N`, `arg:last`, `kwarg:NAME`, `arg:N.FIELD` (an entry of an
/// object-literal argument) or `options.FIELD` (that entry in any object-literal argument).
pub fn locate_arg<'a>(args: &'a [Arg], loc: &str) -> Option<&'a Expr> {
    if let Some(field) = loc.strip_prefix("options.") {
        return args.iter().find_map(|a| record_field(&a.value, field));
    }
    if let Some((base, field)) = loc.split_once('.') {
        return record_field(locate_arg(args, base)?, field);
    }
    locate_arg_index(args, loc).map(|i| &args[i].value)
}

/// The value of entry `field` of an object literal.
pub fn record_field<'a>(e: &'a Expr, field: &str) -> Option<&'a Expr> {
    let ExprKind::Record(entries) = &e.kind else {
        return None;
    };
    entries
        .iter()
        .find(|a| a.keyword.as_deref() == Some(field))
        .map(|a| &a.value)
}

/// The index in `args` of the argument at a locator (`arg:N`, `arg:last`, `kwarg:NAME`).
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

/// A condition on a call, compared on source text: `LOC=TEXT` (equal after trimming),
/// `LOC~REGEX`, or `LOC!~REGEX` (the argument is absent or does not match). Several conditions
/// are separated by `&&`.
/// `chain` stands for the source text of the whole call, with the expression its innermost
/// receiver was bound to in front (`let mut c = Command::new("sh");` then `c.arg("-c")`).
pub fn condition_holds(file: &File, when: &str, args: &[Arg], chain: &str) -> bool {
    let text = |loc: &str| {
        if loc.trim() == "chain" {
            Some(chain)
        } else {
            locate_arg(args, loc.trim()).map(|v| file.source.slice(v.span).trim())
        }
    };
    when.split("&&").all(|cond| {
        let cond = cond.trim();
        if let Some((loc, re)) = cond.split_once('~') {
            let (loc, negated) = match loc.strip_suffix('!') {
                Some(l) => (l, true),
                None => (loc, false),
            };
            let matched =
                text(loc).is_some_and(|t| cached_regex(re.trim()).is_some_and(|r| r.is_match(t)));
            return matched != negated;
        }
        let Some((loc, value)) = cond.split_once('=') else {
            return false;
        };
        locate_arg(args, loc.trim())
            .is_some_and(|v| file.source.slice(v.span).trim() == value.trim())
    })
}

/// Compiles a condition's regex once per process (catalog conditions are few and fixed, so
/// each compiled regex lives as long as the process). Handing out one shared regex rather than
/// clones matters: a cloned `Regex` starts with a fresh search cache, and setting one up cost
/// more than most of the matches.
pub fn cached_regex(pattern: &str) -> Option<&'static regex::Regex> {
    type Cache =
        std::sync::RwLock<std::collections::HashMap<String, Option<&'static regex::Regex>>>;
    static CACHE: std::sync::OnceLock<Cache> = std::sync::OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    if let Some(hit) = cache.read().ok().and_then(|c| c.get(pattern).copied()) {
        return hit;
    }
    let mut c = cache.write().ok()?;
    *c.entry(pattern.to_owned()).or_insert_with(|| {
        regex::Regex::new(pattern)
            .ok()
            .map(|re| &*Box::leak(Box::new(re)))
    })
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
    if row
        .when
        .as_deref()
        .is_some_and(|w| !condition_holds(file, w, args, file.source.slice(call.span)))
    {
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

/// `server.tool(name, [description], shape?, [annotations], cb)`: whether an argument between the
/// name and the callback is a params shape — an object whose values are schema expressions (not
/// literals), the empty object, or an identifier bound to one.
fn has_params_shape(args: &[Arg]) -> bool {
    let positional: Vec<&Expr> = args
        .iter()
        .filter(|a| a.keyword.is_none())
        .map(|a| &a.value)
        .collect();
    if positional.len() < 3 {
        return false;
    }
    positional[1..positional.len() - 1]
        .iter()
        .any(|e| match &e.kind {
            ExprKind::Record(entries) => {
                entries.is_empty()
                    || entries.iter().all(|a| {
                        matches!(a.value.kind, ExprKind::Call { .. })
                            || a.value.as_name().is_some_and(|n| {
                                !matches!(n, "true" | "false" | "null" | "undefined")
                            })
                    })
            }
            ExprKind::Name(_) | ExprKind::Call { .. } => true,
            _ => false,
        })
}

/// A tool-definition object: an object literal with every key the row names.
fn record_row_matches(file: &File, row: &ToolRow, record: &Expr) -> Option<HandlerRef> {
    let keys = row.record.as_ref()?;
    let has = |alternatives: &str| {
        alternatives
            .split('|')
            .any(|k| record_field(record, k).is_some())
    };
    if !keys.iter().all(|k| has(k)) {
        return None;
    }
    let fields = row.handler.as_ref()?.values();
    let handler = fields
        .iter()
        .filter_map(|h| h.strip_prefix("field:"))
        .flat_map(|alts| alts.split('|'))
        .find_map(|k| record_field(record, k))?;
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
            walk_stmts(&func.body, &mut |stmt| {
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
            cat.mcp.imports.iter().any(|m| {
                i.module.strip_prefix(m.as_str()).is_some_and(|rest| {
                    rest.is_empty() || rest.starts_with(['.', '/']) || rest.starts_with("::")
                })
            })
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

/// Calls `f` on every object literal with keys in `stmts`.
fn visit_records<'a>(stmts: &'a [Stmt], f: &mut impl FnMut(&'a Expr)) {
    walk_exprs(stmts, &mut |e| {
        if matches!(&e.kind, ExprKind::Record(entries) if entries.iter().any(|a| a.keyword.is_some()))
        {
            f(e);
        }
    });
}
