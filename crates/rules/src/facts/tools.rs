//! The tool finder: MCP tool, resource and prompt declarations found in the IR through the
//! catalog's `[[server]]` and `[[tool]]` rows.

use std::collections::BTreeSet;

use mcplint_ir::visit::{walk_calls, walk_exprs, walk_stmts};
use mcplint_ir::{
    Arg, Class, Expr, ExprKind, File, FnId, Function, Lang, ParamKind, Span, Stmt, ops,
};
use serde::{Deserialize, Serialize};

use crate::catalog::typed::{
    ArgLocator, CalleePattern, Condition, ConditionSubject, ConditionTest, DescriptionLocator,
    HandlerLocator, KeyAlternatives, NameLocator, SourcesSpec,
};
use crate::catalog::{LangCatalog, ToolRow, any_matches};

use super::{registration, rust_dispatch};

/// Where a declaration's handler function is.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum HandlerRef {
    /// A function of this file.
    Local(FnId),
    /// A function imported from another module, by resolved path (`.handlers.export`).
    Imported(String),
}

/// What the tool finder learns from one file (see [`find_registrations`]).
#[derive(Clone, Debug, Default)]
pub struct Registrations {
    /// Tool, resource and prompt declarations.
    pub tools: Vec<ToolDecl>,
    /// Functions that register a function their callers give them.
    pub wrappers: Vec<Wrapper>,
    /// Functions this file gives to other functions.
    pub callbacks: Vec<CallbackUse>,
    /// Servers (or parameters that may hold one) this file passes to functions.
    pub server_passes: Vec<ServerPass>,
    /// Fields constructors set from a server or a parameter.
    pub field_sources: Vec<FieldSource>,
}

/// A function that registers, as a tool handler, a function its callers pass it
/// (`function addTool(name, shape, fn) { server.registerTool(name, {...}, async (a) => fn(a)) }`,
/// `def register(fn): mcp.add_tool(fn)`), directly or through a closure that calls it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Wrapper {
    /// The function callers call.
    pub func: FnId,
    /// The index of the parameter that receives the handler (counting `self`); for a factory,
    /// of the parameter of the function it returns.
    pub param: u16,
    /// Callers call what the function returns (`audited_tool(mcp, "x")(fn)`, `@tool("x")`).
    pub factory: bool,
    /// `tool`, `resource` or `prompt`.
    pub kind: String,
    /// Which parameters of the handler a caller passes are sources.
    pub sources: SourceParams,
    /// The function registers nothing itself: it returns a closure that calls the handler with
    /// its own arguments (`withViewTracking(env, ctx, repo, cb)`, middleware), so a callback
    /// given to it is a handler only where the call is a registration's handler.
    #[serde(default)]
    pub returned: bool,
}

/// A function of this file passed to another function (`addTool("snap", shape, async (a) =>
/// ...)`, `@register`, `audited_tool(mcp, "x")(self.create_job)`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CallbackUse {
    /// The called function, as the file names it (a local name or a resolved import path).
    pub callee: String,
    /// The positional index of the argument.
    pub pos: u16,
    /// The function passed is given to what the call returns (`w(...)(fn)`, `@w(...)`).
    pub factory: bool,
    /// The function passed.
    pub callback: FnId,
    /// The call or decorator.
    pub span: Span,
    /// The first string argument of the call, the tool's name by convention (for a call that
    /// is a registration's handler, the registration's name).
    pub name: Option<String>,
    /// The call is the handler of a registration of this kind (`server.tool("q", shape,
    /// withLogging(async (a) => ...))`): a middleware [`Wrapper`] there makes the callback the
    /// handler.
    #[serde(default)]
    pub registered: Option<String>,
    /// The callee is the method `callee` of this class (by name), or one it inherits: a call
    /// on `self`/`this` or on a parameter typed with the class (`registrar: ToolRegistrar`).
    #[serde(default)]
    pub class: Option<String>,
}

/// A server, or a parameter that may hold one, passed to a function (`register_tools(mcp)`,
/// `K8sHandler(mcp)`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServerPass {
    /// The calling function.
    pub caller: FnId,
    /// The called function or class, as the file names it.
    pub callee: String,
    /// The positional index of the argument.
    pub pos: u16,
    /// `None`: a server; `Some(j)`: the caller's parameter `j`, a server where its own callers
    /// pass one.
    pub from: Option<u16>,
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
    /// The receiver is a parameter of a function of this file (`def register(app)`, or a
    /// field set from one in a constructor) or a field a base class sets: the declaration
    /// counts only where a server reaches it (see [`crate::project`]).
    #[serde(default)]
    pub needs_server: Option<ServerNeed>,
}

/// Where a server must come from for a declaration on a receiver this file does not bind.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ServerNeed {
    /// Parameter `.1` of function `.0` of this file: some caller passes a server there.
    Param(FnId, u16),
    /// Field `field` of class `class` (`self.app`), set by a base class: a constructor of the
    /// class or of a base sets it from a server, or from a parameter callers pass one to.
    Field {
        /// The class whose method declares the tool.
        class: String,
        /// The field.
        field: String,
    },
}

/// A field a constructor sets (`self.app = app`, `self.mcp = FastMCP(...)`), for declarations on
/// it in subclasses of other files.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldSource {
    /// The class.
    pub class: String,
    /// The field.
    pub field: String,
    /// `None`: a server constructor's result; `Some((constructor, index))`: its parameter.
    pub from: Option<(FnId, u16)>,
}

impl ToolDecl {
    /// Whether the declaration holds in this file alone (its receiver is known to be a server).
    pub fn is_unconditional(&self) -> bool {
        self.needs_server.is_none()
    }
}

/// Finds every declaration in `file`, with the helpers that register a function they are
/// given, the functions this file hands to helpers, and the servers it passes to functions.
pub fn find_registrations(file: &File, cat: &LangCatalog) -> Registrations {
    let servers = ServerNames::collect(file, cat);
    let mut found = Registrations {
        callbacks: registration::callback_uses(file),
        ..Registrations::default()
    };
    for (id, func) in file.functions.iter().enumerate() {
        decorated_tools(
            file,
            cat,
            &servers,
            id,
            func,
            &mut found.tools,
            &mut found.wrappers,
        );
        registered_tools(file, cat, &servers, id, func, &mut found);
        record_tools(file, cat, func, &mut found.tools);
        typed_param_tools(file, cat, id, func, &mut found.tools);
    }
    let mut out = found.tools;
    module_export_tools(file, cat, &mut out);
    class_tools(file, cat, &mut out);
    out.extend(registration::dispatched_tools(file));
    if file.lang == Lang::Rust {
        let hand_written = rust_dispatch::dispatched_tools(file, &out);
        out.extend(hand_written);
    }
    let dispatchers: Vec<FnId> = out
        .iter()
        .filter(|d| d.kind == "tool")
        .filter_map(|d| match d.handler {
            HandlerRef::Local(h) => Some(h),
            HandlerRef::Imported(_) => None,
        })
        .collect();
    out.extend(registration::registry_tools(file, &dispatchers));
    out.sort_by_key(|d| (d.span, d.kind.clone()));
    out.dedup_by(|a, b| a.span == b.span && a.handler == b.handler && a.kind == b.kind);
    let mut wrappers = found.wrappers;
    wrappers.extend(registration::middlewares(file, cat));
    wrappers.sort_by_key(|w: &Wrapper| (w.func, w.param, w.factory, w.returned));
    wrappers.dedup_by(|a, b| {
        a.func == b.func && a.param == b.param && a.factory == b.factory && a.returned == b.returned
    });
    Registrations {
        tools: out,
        wrappers,
        callbacks: found.callbacks,
        server_passes: registration::server_passes(file, cat, &servers),
        field_sources: registration::field_sources(file, cat),
    }
}

/// The function a handler reference names when it is local to `file`.
fn local_function<'a>(file: &'a File, handler: &HandlerRef) -> Option<&'a Function> {
    match handler {
        HandlerRef::Local(h) => file.functions.get(*h),
        HandlerRef::Imported(_) => None,
    }
}

/// Declarations made by a decorator on `func` (`@mcp.tool()`); a decorated function that
/// only forwards to a parameter of its enclosing function makes that function a [`Wrapper`].
fn decorated_tools(
    file: &File,
    cat: &LangCatalog,
    servers: &ServerNames,
    id: FnId,
    func: &Function,
    out: &mut Vec<ToolDecl>,
    wrappers: &mut Vec<Wrapper>,
) {
    let scope = func.parent.unwrap_or(0);
    for dec in &func.decorators {
        for row in cat.tools.iter().filter(|r| r.decorator.is_some()) {
            if let Some(receiver) = decorator_matches(file, cat, servers, row, dec, scope) {
                let mut d = decl(row, dec, HandlerRef::Local(id), Some(func));
                d.needs_server = receiver.needs();
                wrappers.extend(registration::forwarding(file, cat, id, &d.sources, &d.kind));
                out.push(d);
            }
        }
    }
}

/// Declarations made by a registration call in the body of `func`
/// (`server.registerTool("name", ..., handler)`), into `found`.
///
/// A handler that is a parameter of an enclosing function (`def register(fn): mcp.add_tool(fn)`),
/// or a local function that calls one (`registerTool(name, cfg, async (a) => fn(a))`), makes
/// that function a [`Wrapper`]: its callers supply the handler. A handler that is a call of a
/// project function (`withLogging(async (a) => ...)`) records the functions given to it, which
/// are handlers where that function is middleware.
fn registered_tools(
    file: &File,
    cat: &LangCatalog,
    servers: &ServerNames,
    scope: FnId,
    func: &Function,
    found: &mut Registrations,
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
            let Some((handler, receiver)) = call_row_matches(
                file,
                cat,
                servers,
                row,
                call,
                callee,
                receiver.as_deref(),
                args,
                scope,
            ) else {
                continue;
            };
            let mut sources = decl_sources(row, call);
            if row.sources_if_shape && !has_params_shape(args, handler) {
                sources = SourceParams::Indices(Vec::new());
            }
            if let Some((g, i)) = registration::param_slot(file, scope, handler) {
                found
                    .wrappers
                    .extend(registration::wrapper_at(file, g, i, sources, &row.kind));
                continue;
            }
            let Some(handler_fn) = handler_ref(file, handler, Some(scope)) else {
                if sources != SourceParams::Indices(Vec::new()) {
                    let name = decl_name(row, call, None);
                    found.callbacks.extend(registration::middleware_uses(
                        file,
                        handler,
                        scope,
                        &row.kind,
                        name.as_deref(),
                    ));
                }
                continue;
            };
            if let HandlerRef::Local(h) = handler_fn {
                found
                    .wrappers
                    .extend(registration::forwarding(file, cat, h, &sources, &row.kind));
            }
            let f = local_function(file, &handler_fn);
            let mut d = decl(row, call, handler_fn, f);
            d.sources = sources;
            d.needs_server = receiver.needs();
            found.tools.push(d);
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
                    needs_server: None,
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

/// The last segment of a callee path (`a.b.c`, `a::b::c` -> `c`).
pub(crate) fn last_segment(path: &str) -> &str {
    path.rsplit(['.', ':']).next().unwrap_or(path)
}

/// Which handler parameters a row's declaration at `site` makes sources.
fn decl_sources(row: &ToolRow, site: &Expr) -> SourceParams {
    match &row.sources {
        SourcesSpec::None => SourceParams::Indices(Vec::new()),
        SourcesSpec::Indices(indices) => SourceParams::Indices(indices.clone()),
        SourcesSpec::Params => SourceParams::All {
            excluded: excluded_args(row, site),
        },
    }
}

/// The name a row's declaration at `site` gives its tool.
fn decl_name(row: &ToolRow, site: &Expr, func: Option<&Function>) -> Option<String> {
    row.name
        .as_ref()
        .and_then(|locs| locs.items().find_map(|loc| locate_name(loc, site, func)))
}

fn decl(row: &ToolRow, site: &Expr, handler: HandlerRef, func: Option<&Function>) -> ToolDecl {
    let sources = decl_sources(row, site);
    let name = decl_name(row, site, func);
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
        needs_server: None,
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

/// What the receiver of a declaration is, when the row's decorator matches `dec` (evaluated in
/// function `scope`).
fn decorator_matches(
    file: &File,
    cat: &LangCatalog,
    servers: &ServerNames,
    row: &ToolRow,
    dec: &Expr,
    scope: FnId,
) -> Option<Receiver> {
    let patterns = row.decorator.as_ref()?;
    let (callee, receiver) = match &dec.kind {
        ExprKind::Call {
            callee, receiver, ..
        } => (callee, receiver.as_deref()),
        ExprKind::Name(name) => (name, None),
        _ => return None,
    };
    if !any_matches(patterns, callee) {
        return None;
    }
    if !row.on_server {
        return Some(Receiver::Server);
    }
    Some(servers.receiver(file, cat, callee, receiver, scope)).filter(|r| *r != Receiver::Other)
}

/// The handler expression and what the receiver is, when `row` declares a tool by the call
/// (made in function `scope`).
#[allow(clippy::too_many_arguments)]
fn call_row_matches<'a>(
    file: &File,
    cat: &LangCatalog,
    servers: &ServerNames,
    row: &ToolRow,
    call: &Expr,
    callee: &str,
    receiver: Option<&Expr>,
    args: &'a [Arg],
    scope: FnId,
) -> Option<(&'a Expr, Receiver)> {
    // `mcp.tool(name="x")(fn)`: a decorator row applied by a call.
    if callee == ops::CALL_EXPR {
        let inner = receiver?;
        row.decorator.as_ref()?;
        let found = decorator_matches(file, cat, servers, row, inner, scope)?;
        return Some((locate_arg(args, &ArgLocator::Positional(0))?, found));
    }
    let patterns = row.call.as_ref()?;
    if !any_matches(patterns, callee) {
        return None;
    }
    let found = if row.on_server {
        servers.receiver(file, cat, callee, receiver, scope)
    } else {
        Receiver::Server
    };
    if found == Receiver::Other {
        return None;
    }
    if row
        .when
        .as_ref()
        .is_some_and(|w| !condition_holds(file, w, args, file.source.slice(call.span)))
    {
        return None;
    }
    let handler = row.handler.as_ref()?.items().find_map(|loc| match loc {
        HandlerLocator::Arg(ArgLocator::Last) => last_callable_arg(args),
        HandlerLocator::Arg(loc) => locate_arg(args, loc),
        HandlerLocator::Field(_) => None,
    })?;
    Some((handler, found))
}

/// A handler at `arg:last`: the last positional argument that may be a function — a function
/// written in place, a name, a call (middleware wrapping the callback) — so that an options
/// object after the callback (`server.tool(name, desc, shape, cb, {annotations})`, or
/// `cond ? {...} : undefined`) is passed over.
fn last_callable_arg(args: &[Arg]) -> Option<&Expr> {
    args.iter()
        .rev()
        .filter(|a| a.keyword.is_none() && !a.spread)
        .map(|a| &a.value)
        .find(|e| may_be_function(e))
}

/// Whether an expression may evaluate to a function: not a literal, an object or array literal,
/// `undefined`/`null`, nor a conditional both of whose branches are none of these.
fn may_be_function(e: &Expr) -> bool {
    match &e.kind {
        ExprKind::Func(_) | ExprKind::Call { .. } => true,
        ExprKind::Name(n) => !matches!(n.as_str(), "true" | "false" | "null" | "undefined"),
        ExprKind::Cond { then, orelse, .. } => may_be_function(then) || may_be_function(orelse),
        ExprKind::Other(children) => !children.is_empty(),
        ExprKind::Str(_) | ExprKind::Interp(_) | ExprKind::Record(_) => false,
    }
}

/// `server.tool(name, [description], shape?, [annotations], cb)`: whether an argument between the
/// name and the callback `handler` is a params shape — an object whose values are schema
/// expressions (not literals), the empty object, or an identifier bound to one.
fn has_params_shape(args: &[Arg], handler: &Expr) -> bool {
    let positional: Vec<&Expr> = args
        .iter()
        .filter(|a| a.keyword.is_none())
        .map(|a| &a.value)
        .collect();
    let end = positional
        .iter()
        .position(|e| std::ptr::eq(*e, handler))
        .unwrap_or(positional.len().saturating_sub(1));
    if end < 2 {
        return false;
    }
    positional[1..end].iter().any(|e| match &e.kind {
        ExprKind::Record(entries) => {
            entries.is_empty()
                || entries.iter().all(|a| {
                    matches!(a.value.kind, ExprKind::Call { .. })
                        || a.value
                            .as_name()
                            .is_some_and(|n| !matches!(n, "true" | "false" | "null" | "undefined"))
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
    handler_ref(file, handler, None)
}

/// The function a handler expression names: a function of this file by name (in `scope`, also
/// a method of its class, `self.m`, or a local bound to a function, `find_foo = find`), a
/// function written in place, or an imported one.
fn handler_ref(file: &File, handler: &Expr, scope: Option<FnId>) -> Option<HandlerRef> {
    if let Some(scope) = scope
        && let Some(id) = registration::scoped_function(file, handler, scope)
    {
        return Some(HandlerRef::Local(id));
    }
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
pub(crate) struct ServerNames {
    bound: BTreeSet<String>,
    params: BTreeSet<String>,
    mcp_file: bool,
    /// Classes that extend a server class (`class QdrantMCPServer(FastMCP)`): `self` in their
    /// methods is a server.
    server_classes: BTreeSet<usize>,
}

/// What the receiver of a declaration is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Receiver {
    /// An MCP server of this file: bound to a server constructor, a parameter typed or named as
    /// one, a project module's export, `self` of a server subclass.
    Server,
    /// A parameter, or a field a base class sets: a server only where one reaches it.
    Needs(ServerNeed),
    /// Anything else.
    Other,
}

impl Receiver {
    /// Where a server must come from, for a conditional receiver.
    fn needs(self) -> Option<ServerNeed> {
        match self {
            Receiver::Needs(need) => Some(need),
            Receiver::Server | Receiver::Other => None,
        }
    }
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
        let server_classes = file
            .classes
            .iter()
            .enumerate()
            .filter(|(_, c)| {
                c.bases.iter().any(|b| {
                    b.as_name()
                        .is_some_and(|n| constructors.iter().any(|c| c.matches(n)))
                })
            })
            .map(|(i, _)| i)
            .collect();
        Self {
            bound,
            params,
            mcp_file,
            server_classes,
        }
    }

    /// What the receiver of `callee` (the expression, or the callee's resolved prefix) is, in
    /// function `scope`.
    pub(crate) fn receiver(
        &self,
        file: &File,
        cat: &LangCatalog,
        callee: &str,
        receiver: Option<&Expr>,
        scope: FnId,
    ) -> Receiver {
        let name = match receiver {
            Some(r) => match r.as_name() {
                Some(n) => n,
                None => return Receiver::Other,
            },
            None => match callee.rsplit_once('.') {
                Some((prefix, _)) if !prefix.is_empty() && prefix != "*" => prefix,
                _ => return Receiver::Other,
            },
        };
        if self.is_server_name(file, cat, name, receiver.is_none(), scope) {
            return Receiver::Server;
        }
        match registration::receiver_slot(file, scope, name) {
            Some(need) => Receiver::Needs(need),
            None => Receiver::Other,
        }
    }

    /// Whether `name` is a server in function `scope` of this file (`prefix`: it is the
    /// resolved prefix of a callee, as imported names are).
    pub(crate) fn is_server_name(
        &self,
        file: &File,
        cat: &LangCatalog,
        name: &str,
        prefix: bool,
        scope: FnId,
    ) -> bool {
        if self.bound.contains(name) || self.params.contains(name) {
            return true;
        }
        if matches!(name, "self" | "this")
            && registration::enclosing_class(file, scope)
                .is_some_and(|c| self.server_classes.contains(&c))
        {
            return true;
        }
        let last = last_segment(name);
        let heuristic = cat.mcp.receiver_names.iter().any(|n| n == last);
        // Imported from a project module: `from .app import mcp` resolves to `.app.mcp`.
        let imported =
            prefix && (name.starts_with('.') || file.imports.iter().any(|i| i.path() == name));
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
