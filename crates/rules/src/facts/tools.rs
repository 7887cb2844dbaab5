//! The tool finder: MCP tool, resource and prompt declarations found in the IR through the
//! catalog's `[[server]]` and `[[tool]]` rows.

use std::collections::BTreeSet;

use mcplint_ir::visit::{walk_calls, walk_exprs, walk_stmts};
use mcplint_ir::{Arg, Class, Expr, ExprKind, File, FnId, Function, ParamKind, Span, Stmt, ops};
use serde::{Deserialize, Serialize};

use crate::catalog::typed::{
    ArgLocator, CalleePattern, Condition, ConditionSubject, ConditionTest, DescriptionLocator,
    HandlerLocator, KeyAlternatives, NameLocator, SourcesSpec,
};
use crate::catalog::{LangCatalog, ToolRow, any_matches};

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
        decorated_tools(file, cat, &servers, id, func, &mut out);
        registered_tools(file, cat, &servers, func, &mut out);
        record_tools(file, cat, func, &mut out);
        typed_param_tools(file, cat, id, func, &mut out);
    }
    module_export_tools(file, cat, &mut out);
    class_tools(file, cat, &mut out);
    out.sort_by_key(|d| (d.span, d.kind.clone()));
    out.dedup_by(|a, b| a.span == b.span && a.handler == b.handler && a.kind == b.kind);
    out
}

/// The function a handler reference names when it is local to `file`.
fn local_function<'a>(file: &'a File, handler: &HandlerRef) -> Option<&'a Function> {
    match handler {
        HandlerRef::Local(h) => file.functions.get(*h),
        HandlerRef::Imported(_) => None,
    }
}

/// Declarations made by a decorator on `func` (`@mcp.tool()`).
fn decorated_tools(
    file: &File,
    cat: &LangCatalog,
    servers: &ServerNames,
    id: FnId,
    func: &Function,
    out: &mut Vec<ToolDecl>,
) {
    for dec in &func.decorators {
        for row in cat.tools.iter().filter(|r| r.decorator.is_some()) {
            if decorator_matches(file, cat, servers, row, dec) {
                out.push(decl(row, dec, HandlerRef::Local(id), Some(func)));
            }
        }
    }
}

/// Declarations made by a registration call in the body of `func`
/// (`server.registerTool("name", ..., handler)`).
fn registered_tools(
    file: &File,
    cat: &LangCatalog,
    servers: &ServerNames,
    func: &Function,
    out: &mut Vec<ToolDecl>,
) {
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
                servers,
                row,
                call,
                callee,
                receiver.as_deref(),
                args,
            ) {
                let f = local_function(file, &handler);
                let mut d = decl(row, call, handler, f);
                if row.sources_if_shape && !has_params_shape(args) {
                    d.sources = SourceParams::Indices(Vec::new());
                }
                out.push(d);
            }
        }
    });
}

/// Declarations written as records (object literals with a handler field) in the body of
/// `func`.
fn record_tools(file: &File, cat: &LangCatalog, func: &Function, out: &mut Vec<ToolDecl>) {
    for row in cat.tools.iter().filter(|r| r.record.is_some()) {
        visit_records(&func.body, &mut |record| {
            if let Some(handler) = record_row_matches(file, row, record) {
                let f = local_function(file, &handler);
                out.push(decl(row, record, handler, f));
            }
        });
    }
}

/// Declarations made by the type of a parameter of `func` (a row's `param_types`): one per
/// typed parameter, whose only source is that parameter.
fn typed_param_tools(
    file: &File,
    cat: &LangCatalog,
    id: FnId,
    func: &Function,
    out: &mut Vec<ToolDecl>,
) {
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

/// Declarations made by the module's exports (a row's `module_exports`): the default export,
/// when every listed name is exported and the default is a top-level function.
fn module_export_tools(file: &File, cat: &LangCatalog, out: &mut Vec<ToolDecl>) {
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
            out.push(decl(row, &site, HandlerRef::Local(h), func));
        }
    }
}

/// Declarations made by a class (a row's `class_decorator` or `class_base`): one per method
/// the row accepts.
fn class_tools(file: &File, cat: &LangCatalog, out: &mut Vec<ToolDecl>) {
    for class in &file.classes {
        for row in &cat.tools {
            if !class_matches(row, class) {
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
                let mut d = decl(row, &decorator, HandlerRef::Local(m), Some(func));
                d.name = d.name.or_else(|| Some(class.name.clone()));
                out.push(d);
            }
        }
    }
}

/// Whether `class` is declared by `row`, through a decorator or a base class.
fn class_matches(row: &ToolRow, class: &Class) -> bool {
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
    by_decorator || by_base
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

fn decl(row: &ToolRow, site: &Expr, handler: HandlerRef, func: Option<&Function>) -> ToolDecl {
    let sources = match &row.sources {
        SourcesSpec::None => SourceParams::Indices(Vec::new()),
        SourcesSpec::Indices(indices) => SourceParams::Indices(indices.clone()),
        SourcesSpec::Params => SourceParams::All {
            excluded: excluded_args(row, site),
        },
    };
    let name = row
        .name
        .as_ref()
        .and_then(|locs| locs.items().find_map(|loc| locate_name(loc, site, func)));
    let description = row.description.as_ref().and_then(|locs| {
        locs.items()
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
fn locate_description(
    loc: &DescriptionLocator,
    site: &Expr,
    func: Option<&Function>,
) -> Option<Span> {
    let loc = match loc {
        DescriptionLocator::Docstring => return func?.doc.as_ref().map(|d| d.span),
        DescriptionLocator::Arg(loc) => loc,
    };
    let ExprKind::Call { args, .. } = &site.kind else {
        return None;
    };
    let e = locate_arg(args, loc)?;
    (!matches!(e.kind, ExprKind::Record(_) | ExprKind::Func(_))).then_some(e.span)
}

/// The name at a locator: `function-name`, or a string argument.
fn locate_name(loc: &NameLocator, site: &Expr, func: Option<&Function>) -> Option<String> {
    let loc = match loc {
        NameLocator::FunctionName => return func.and_then(|f| f.name.clone()),
        NameLocator::Arg(loc) => loc,
    };
    let ExprKind::Call { args, .. } = &site.kind else {
        return None;
    };
    locate_arg(args, loc)
        .and_then(Expr::as_str)
        .map(str::to_owned)
}

/// The argument at a locator: `arg:N`, `arg:last`, `kwarg:NAME`, `LOCATOR.FIELD` (an entry of
/// an object-literal argument, nested) or `options.FIELD` (that entry in any object-literal
/// argument).
pub fn locate_arg<'a>(args: &'a [Arg], loc: &ArgLocator) -> Option<&'a Expr> {
    match loc {
        ArgLocator::Options(field) => args.iter().find_map(|a| record_field(&a.value, field)),
        ArgLocator::Field(base, fields) => fields
            .iter()
            .try_fold(locate_arg(args, base)?, |e, field| record_field(e, field)),
        _ => locate_arg_index(args, loc).map(|i| &args[i].value),
    }
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

/// The index in `args` of the argument at a locator (`arg:N`, `arg:last`, `kwarg:NAME`; none
/// for field locators).
pub fn locate_arg_index(args: &[Arg], loc: &ArgLocator) -> Option<usize> {
    let mut positional = args
        .iter()
        .enumerate()
        .filter(|(_, a)| a.keyword.is_none() && !a.spread)
        .map(|(i, _)| i);
    match loc {
        ArgLocator::Positional(n) => positional.nth(*n),
        ArgLocator::Last => positional.next_back(),
        ArgLocator::Keyword(key) => args.iter().position(|a| a.keyword.as_deref() == Some(key)),
        ArgLocator::Field(..) | ArgLocator::Options(_) => None,
    }
}

/// Whether a condition on a call holds, compared on source text: `LOC=TEXT` (equal after
/// trimming), `LOC~REGEX`, `LOC!~REGEX` (the argument is absent or does not match), all of its
/// tests. `chain` stands for the source text of the whole call, with the expression its
/// innermost receiver was bound to in front (`let mut c = Command::new("sh");` then
/// `c.arg("-c")`).
pub fn condition_holds(file: &File, when: &Condition, args: &[Arg], chain: &str) -> bool {
    let text = |subject: &ConditionSubject| match subject {
        ConditionSubject::Chain => Some(chain),
        ConditionSubject::Arg(loc) => {
            locate_arg(args, loc).map(|v| file.source.slice(v.span).trim())
        }
    };
    when.tests.iter().all(|t| match &t.test {
        ConditionTest::Matches(re) => text(&t.subject).is_some_and(|s| re.is_match(s)),
        ConditionTest::NotMatches(re) => !text(&t.subject).is_some_and(|s| re.is_match(s)),
        ConditionTest::Equals(value) => match &t.subject {
            ConditionSubject::Arg(loc) => {
                locate_arg(args, loc).is_some_and(|v| file.source.slice(v.span).trim() == &**value)
            }
            ConditionSubject::Chain => false,
        },
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
            return handler_ref(file, locate_arg(args, &ArgLocator::Positional(0))?);
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
        .as_ref()
        .is_some_and(|w| !condition_holds(file, w, args, file.source.slice(call.span)))
    {
        return None;
    }
    let _ = call;
    let handler = row.handler.as_ref()?.items().find_map(|loc| match loc {
        HandlerLocator::Arg(loc) => locate_arg(args, loc),
        HandlerLocator::Field(_) => None,
    })?;
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
    let has = |alternatives: &KeyAlternatives| {
        alternatives
            .0
            .iter()
            .any(|k| record_field(record, k).is_some())
    };
    if !keys.iter().all(has) {
        return None;
    }
    let handler = row
        .handler
        .as_ref()?
        .items()
        .filter_map(|h| match h {
            HandlerLocator::Field(alternatives) => Some(alternatives),
            HandlerLocator::Arg(_) => None,
        })
        .flatten()
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
        let constructors: Vec<&CalleePattern> =
            cat.servers.iter().flat_map(|s| s.call.items()).collect();
        let texts: Vec<String> = constructors.iter().map(ToString::to_string).collect();
        let class_names: BTreeSet<&str> = texts.iter().map(|c| last_segment(c)).collect();
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
                    && constructors.iter().any(|c| c.matches(callee))
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
