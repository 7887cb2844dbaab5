//! Registration shapes the catalog's rows do not spell out, found by following values rather
//! than names: a receiver that is a parameter (a server only where callers pass one), a handler
//! that is a method of the enclosing class or a local bound to a function, helpers (functions or
//! methods) that register a function their callers give them or return a closure calling it
//! (middleware) ([`Wrapper`]), the functions a file gives to other functions or methods
//! ([`CallbackUse`]), the servers it passes on ([`ServerPass`]), hand-written JSON-RPC loops
//! that dispatch `tools/call` through a table of functions, and lists of tool objects a
//! `tools/call` handler looks up by name.

use mcplint_ir::visit::{walk_calls, walk_expr, walk_exprs, walk_stmts};
use mcplint_ir::{Arg, Expr, ExprKind, File, FnId, Function, Pattern, Stmt, ops};

use super::tools::{
    CallbackUse, FieldSource, HandlerRef, ServerNames, ServerNeed, ServerPass, SourceParams,
    ToolDecl, Wrapper, is_source_param,
};
use crate::catalog::LangCatalog;

/// `scope` and the functions it is nested in, innermost first.
fn scope_chain(file: &File, scope: FnId) -> impl Iterator<Item = (FnId, &Function)> {
    let mut next = Some(scope);
    std::iter::from_fn(move || {
        let id = next?;
        let f = file.functions.get(id)?;
        next = f.parent;
        Some((id, f))
    })
}

/// The class whose method `scope` is, or is nested in.
pub(crate) fn enclosing_class(file: &File, scope: FnId) -> Option<usize> {
    scope_chain(file, scope).find_map(|(_, f)| f.class)
}

/// The parameter `name` of `scope` or of a function it is nested in: `(function, index)`.
fn param_of_scope(file: &File, scope: FnId, name: &str) -> Option<(FnId, u16)> {
    scope_chain(file, scope).find_map(|(id, f)| {
        let i = f.params.iter().position(|p| p.name == name)?;
        Some((id, u16::try_from(i).ok()?))
    })
}

/// A handler expression that is a parameter of `scope` (or of a function it is nested in):
/// `def register(fn): mcp.add_tool(fn)`.
pub(crate) fn param_slot(file: &File, scope: FnId, handler: &Expr) -> Option<(FnId, u16)> {
    let name = handler.as_name()?;
    if name.contains('.') {
        return None;
    }
    // A nested function of the same name shadows the parameter.
    if scope_chain(file, scope).any(|(id, _)| nested_function(file, id, name).is_some()) {
        return None;
    }
    param_of_scope(file, scope, name)
}

/// A receiver that is a parameter of `scope` (`def register_tools(mcp_server): @mcp_server.tool()`),
/// a field of the enclosing class that one of its methods sets from a parameter
/// (`def __init__(self, mcp): self.mcp = mcp`, then `self.mcp.tool(...)`), or a field it does
/// not set of a class with bases (`@self.app.tool()` in a plugin whose base keeps the app).
pub(crate) fn receiver_slot(file: &File, scope: FnId, name: &str) -> Option<ServerNeed> {
    if let Some(field) = name
        .strip_prefix("self.")
        .or_else(|| name.strip_prefix("this."))
    {
        if field.contains('.') {
            return None;
        }
        let class = file.classes.get(enclosing_class(file, scope)?)?;
        let own = class.methods.iter().find_map(|&m| {
            let method = file.functions.get(m)?;
            let mut found = None;
            walk_stmts(&method.body, &mut |s| {
                if let Stmt::Assign {
                    target: Pattern::Name(t),
                    value,
                    ..
                } = s
                    && found.is_none()
                    && t == name
                    && let Some(p) = value.as_name()
                    && let Some(i) = method.params.iter().position(|q| q.name == p)
                {
                    found = u16::try_from(i).ok().map(|i| (m, i));
                }
            });
            found
        });
        if let Some((m, i)) = own {
            return Some(ServerNeed::Param(m, i));
        }
        return (!class.bases.is_empty()).then(|| ServerNeed::Field {
            class: class.name.clone(),
            field: field.to_owned(),
        });
    }
    if name.contains('.') || matches!(name, "self" | "this") {
        return None;
    }
    param_of_scope(file, scope, name).map(|(f, i)| ServerNeed::Param(f, i))
}

/// The fields constructors (`__init__`, `constructor`) of this file's classes set from a server
/// constructor or from one of their parameters (`self.app = app`).
pub(crate) fn field_sources(file: &File, cat: &LangCatalog) -> Vec<FieldSource> {
    let mut out = Vec::new();
    for class in &file.classes {
        for &m in &class.methods {
            let Some(method) = file.functions.get(m) else {
                continue;
            };
            if !matches!(method.name.as_deref(), Some("__init__" | "constructor")) {
                continue;
            }
            walk_stmts(&method.body, &mut |s| {
                let Stmt::Assign {
                    target: Pattern::Name(t),
                    value,
                    ..
                } = s
                else {
                    return;
                };
                let Some(field) = t.strip_prefix("self.").or_else(|| t.strip_prefix("this."))
                else {
                    return;
                };
                let from = match &value.kind {
                    ExprKind::Name(p) => {
                        let Some(i) = method.params.iter().position(|q| q.name == *p) else {
                            return;
                        };
                        match u16::try_from(i) {
                            Ok(i) => Some((m, i)),
                            Err(_) => return,
                        }
                    }
                    ExprKind::Call { callee, .. }
                        if cat
                            .servers
                            .iter()
                            .any(|row| row.call.items().any(|c| c.matches(callee))) =>
                    {
                        None
                    }
                    _ => return,
                };
                out.push(FieldSource {
                    class: class.name.clone(),
                    field: field.to_owned(),
                    from,
                });
            });
        }
    }
    out
}

/// A function nested directly in `parent` named `name`.
fn nested_function(file: &File, parent: FnId, name: &str) -> Option<FnId> {
    file.functions
        .iter()
        .position(|f| f.parent == Some(parent) && f.name.as_deref() == Some(name))
}

/// The function of this file a handler names from inside `scope`: `self.m`/`this.m` (a method
/// of the enclosing class), a function nested in the scope, or a local bound once to one
/// (`find_foo = find`).
pub(crate) fn scoped_function(file: &File, handler: &Expr, scope: FnId) -> Option<FnId> {
    let name = handler.as_name()?;
    if let Some(method) = name
        .strip_prefix("self.")
        .or_else(|| name.strip_prefix("this."))
    {
        let class = file.classes.get(enclosing_class(file, scope)?)?;
        return class.methods.iter().copied().find(|&m| {
            file.functions
                .get(m)
                .is_some_and(|f| f.name.as_deref() == Some(method))
        });
    }
    if name.contains('.') {
        return None;
    }
    for (id, f) in scope_chain(file, scope) {
        if let Some(g) = nested_function(file, id, name) {
            return Some(g);
        }
        // `find_foo = find`: the first binding of the name, when it is a function's name.
        let mut first = None;
        walk_stmts(&f.body, &mut |s| {
            if let Stmt::Assign {
                target: Pattern::Name(t),
                value,
                ..
            } = s
                && t == name
                && first.is_none()
            {
                first = Some(value);
            }
        });
        if let Some(value) = first {
            let target = value.as_name()?;
            return (target != name)
                .then(|| nested_function(file, id, target))
                .flatten();
        }
    }
    None
}

/// The wrapper that parameter `param` of function `func` makes: `func` itself, or the function
/// returning it when `func` is a decorator a factory returns (`def audited_tool(mcp, name):
/// def decorator(fn): ...; return decorator`).
pub(crate) fn wrapper_at(
    file: &File,
    func: FnId,
    param: u16,
    sources: SourceParams,
    kind: &str,
) -> Option<Wrapper> {
    let f = file.functions.get(func)?;
    let returned_by_parent = f.parent.filter(|&p| {
        let (Some(parent), Some(name)) = (file.functions.get(p), f.name.as_deref()) else {
            return false;
        };
        let mut returns = false;
        walk_stmts(&parent.body, &mut |s| {
            if let Stmt::Exit {
                value: Some(v),
                is_return: true,
                ..
            } = s
            {
                returns |= v.as_name() == Some(name);
            }
        });
        returns
    });
    Some(Wrapper {
        func: returned_by_parent.unwrap_or(func),
        param,
        factory: returned_by_parent.is_some(),
        kind: kind.to_owned(),
        sources,
        returned: false,
    })
}

/// A handler `handler` (a nested function) that calls a parameter of an
/// enclosing function with its own tool input (`async (a) => fn(a)`, `def wrapper(*args,
/// **kwargs): return func(*args, **kwargs)`): that enclosing function is a wrapper, and the
/// parameters of the function its callers pass that receive the input are sources.
pub(crate) fn forwarding(
    file: &File,
    cat: &LangCatalog,
    handler: FnId,
    sources: &SourceParams,
    kind: &str,
) -> Option<Wrapper> {
    let (g, i, mapped) = forwarded_param(file, cat, handler, sources)?;
    wrapper_at(file, g, i, mapped, kind)
}

/// The parameter of a function enclosing `handler` that `handler` calls with its source
/// parameters (`async (a) => fn(a)`): `(function, index)`, and which parameters of the function
/// passed there receive them.
fn forwarded_param(
    file: &File,
    cat: &LangCatalog,
    handler: FnId,
    sources: &SourceParams,
) -> Option<(FnId, u16, SourceParams)> {
    let h = file.functions.get(handler)?;
    let parent = h.parent?;
    let inputs: Vec<&str> = h
        .params
        .iter()
        .enumerate()
        .filter(|&(i, _)| is_source_param(h, i, sources, file, cat))
        .map(|(_, p)| p.name.as_str())
        .collect();
    if inputs.is_empty() {
        return None;
    }
    let mut found = None;
    walk_calls(&h.body, &mut |call| {
        let ExprKind::Call { callee, args, .. } = &call.kind else {
            return;
        };
        if found.is_some() || callee.contains('.') || callee.starts_with('<') {
            return;
        }
        // The parameter of a function enclosing the handler (not one of its own).
        let Some((g, i)) = param_of_scope(file, parent, callee) else {
            return;
        };
        if let Some(mapped) = forwarded_sources(args, &inputs) {
            found = Some((g, i, mapped));
        }
    });
    found
}

/// Middleware: functions that return a closure calling one of their own parameters with the
/// closure's arguments (`function withViewTracking(env, ctx, repo, cb) { return async (args)
/// => { ...; return cb(args) } }`, `def with_logging(func): ...; return wrapper`). Each is a
/// [`Wrapper`] that registers nothing (`returned`): a callback given to it is a handler only
/// where the call itself is a registration's handler.
pub(crate) fn middlewares(file: &File, cat: &LangCatalog) -> Vec<Wrapper> {
    let every = SourceParams::All {
        excluded: Vec::new(),
    };
    let mut out = Vec::new();
    for (id, func) in file.functions.iter().enumerate() {
        if func.params.is_empty() {
            continue;
        }
        walk_stmts(&func.body, &mut |s| {
            let Stmt::Exit {
                value: Some(v),
                is_return: true,
                ..
            } = s
            else {
                return;
            };
            let closure = match &v.kind {
                ExprKind::Func(c) => Some(*c),
                ExprKind::Name(n) => nested_function(file, id, n),
                _ => None,
            };
            let Some((g, param, sources)) =
                closure.and_then(|c| forwarded_param(file, cat, c, &every))
            else {
                return;
            };
            if g == id {
                out.push(Wrapper {
                    func: id,
                    param,
                    factory: false,
                    kind: "tool".to_owned(),
                    sources,
                    returned: true,
                });
            }
        });
    }
    out
}

/// The functions given to a project function whose call is a registration's handler
/// (`server.tool("q", shape, withLogging(async ({ q }) => ...))`), each a [`CallbackUse`] marked
/// with the registration's kind and named by it.
pub(crate) fn middleware_uses(
    file: &File,
    handler: &Expr,
    scope: FnId,
    kind: &str,
    name: Option<&str>,
) -> Vec<CallbackUse> {
    let ExprKind::Call { callee, args, .. } = &handler.kind else {
        return Vec::new();
    };
    if !project_callee(file, callee) {
        return Vec::new();
    }
    let positional = args.iter().filter(|a| a.keyword.is_none() && !a.spread);
    positional
        .enumerate()
        .filter_map(|(pos, a)| {
            Some(CallbackUse {
                callee: callee.clone(),
                pos: u16::try_from(pos).ok()?,
                factory: false,
                callback: function_arg(file, &a.value, scope)?,
                span: handler.span,
                name: name.map(str::to_owned),
                class: None,
                registered: Some(kind.to_owned()),
            })
        })
        .collect()
}

/// Which parameters of the called function receive tool input: all of them for a spread
/// input (`fn(*args, **kwargs)`, `fn(...args)`), else those at the positions of arguments that
/// mention an input; `None` when none does.
fn forwarded_sources(args: &[Arg], inputs: &[&str]) -> Option<SourceParams> {
    let mentions = |e: &Expr| {
        let mut hit = false;
        walk_expr(e, &mut |x| {
            if let ExprKind::Name(n) = &x.kind {
                hit |= inputs
                    .iter()
                    .any(|i| n == i || n.strip_prefix(i).is_some_and(|rest| rest.starts_with('.')));
            }
        });
        hit
    };
    if args.iter().any(|a| a.spread && mentions(&a.value)) {
        return Some(SourceParams::All {
            excluded: Vec::new(),
        });
    }
    let indices: Vec<usize> = args
        .iter()
        .filter(|a| a.keyword.is_none())
        .enumerate()
        .filter(|(_, a)| mentions(&a.value))
        .map(|(j, _)| j)
        .collect();
    (!indices.is_empty()).then_some(SourceParams::Indices(indices))
}

/// Whether `callee` may name a function or class of the project: one of this file, or an
/// imported path.
fn project_callee(file: &File, callee: &str) -> bool {
    if callee.starts_with('<') || callee.starts_with("*.") {
        return false;
    }
    if !callee.contains('.') && !callee.contains("::") {
        return file
            .functions
            .iter()
            .any(|f| f.parent.is_none() && f.class.is_none() && f.name.as_deref() == Some(callee))
            || file.classes.iter().any(|c| c.name == callee);
    }
    file.imports.iter().any(|i| {
        let p = i.path();
        callee == p
            || callee
                .strip_prefix(p.as_str())
                .is_some_and(|rest| rest.starts_with('.') || rest.starts_with("::"))
    })
}

/// The class whose method a call `recv.m(...)` in `scope` names, by name: the enclosing class
/// for `self`/`this` (the method may be inherited), or the class a parameter's annotation names
/// (`registrar: ToolRegistrar`).
fn method_class(file: &File, scope: FnId, callee: &str, receiver: Option<&Expr>) -> Option<String> {
    callee.strip_prefix("*.")?;
    let recv = receiver?.as_name()?;
    if matches!(recv, "self" | "this") {
        return Some(
            file.classes
                .get(enclosing_class(file, scope)?)?
                .name
                .clone(),
        );
    }
    let (f, i) = param_of_scope(file, scope, recv)?;
    let annotation = file
        .functions
        .get(f)?
        .params
        .get(usize::from(i))?
        .annotation
        .as_ref()?;
    let class = file.source.slice(annotation.span).trim();
    let named = class.starts_with(|c: char| c.is_ascii_uppercase())
        && class.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    named.then(|| class.to_owned())
}

/// The function an argument names from inside `scope`: written in place, or a function of this
/// file by name (`self.create_job` included).
fn function_arg(file: &File, e: &Expr, scope: FnId) -> Option<FnId> {
    match &e.kind {
        ExprKind::Func(id) => Some(*id),
        ExprKind::Name(n) => scoped_function(file, e, scope).or_else(|| {
            file.functions.iter().position(|f| {
                f.parent.is_none() && f.class.is_none() && f.name.as_deref() == Some(n)
            })
        }),
        _ => None,
    }
}

/// The first string argument of a call.
fn first_string(args: &[Arg]) -> Option<String> {
    args.iter()
        .filter(|a| a.keyword.is_none())
        .find_map(|a| a.value.as_str().map(str::to_owned))
}

/// Every function this file passes to a function of the project: as an argument
/// (`addTool("snap", shape, async (a) => ...)`), to what a call returns (`audited_tool(mcp,
/// "x")(self.create_job)`), or as a decorator's target (`@register`, `@tool("x")`).
pub(crate) fn callback_uses(file: &File) -> Vec<CallbackUse> {
    let mut out = Vec::new();
    for (scope, func) in file.functions.iter().enumerate() {
        for dec in &func.decorators {
            let (callee, factory, name) = match &dec.kind {
                ExprKind::Name(n) => (n, false, None),
                ExprKind::Call { callee, args, .. } => (callee, true, first_string(args)),
                _ => continue,
            };
            if project_callee(file, callee) {
                out.push(CallbackUse {
                    callee: callee.clone(),
                    pos: 0,
                    factory,
                    callback: scope,
                    span: dec.span,
                    name,
                    class: None,
                    registered: None,
                });
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
            if callee == ops::CALL_EXPR {
                if let Some(ExprKind::Call {
                    callee: inner,
                    args: inner_args,
                    ..
                }) = receiver.as_deref().map(|r| &r.kind)
                    && project_callee(file, inner)
                    && let Some(cb) = args
                        .first()
                        .and_then(|a| function_arg(file, &a.value, scope))
                {
                    out.push(CallbackUse {
                        callee: inner.clone(),
                        pos: 0,
                        factory: true,
                        callback: cb,
                        span: call.span,
                        name: first_string(inner_args),
                        class: None,
                        registered: None,
                    });
                }
                return;
            }
            let class = method_class(file, scope, callee, receiver.as_deref());
            if class.is_none() && !project_callee(file, callee) {
                return;
            }
            let callee = match class {
                Some(_) => callee.trim_start_matches("*."),
                None => callee,
            };
            let positional = args.iter().filter(|a| a.keyword.is_none() && !a.spread);
            for (pos, a) in positional.enumerate() {
                if let (Some(cb), Ok(pos)) =
                    (function_arg(file, &a.value, scope), u16::try_from(pos))
                {
                    out.push(CallbackUse {
                        callee: callee.to_owned(),
                        pos,
                        factory: false,
                        callback: cb,
                        span: call.span,
                        name: first_string(args),
                        registered: None,
                        class: class.clone(),
                    });
                }
            }
        });
    }
    out
}

/// Every server this file passes to a function or class of the project (`register_tools(mcp)`,
/// `K8sHandler(mcp)`), and every parameter that may hold one passed on (`def setup(server):
/// register_tools(server)`).
pub(crate) fn server_passes(
    file: &File,
    cat: &LangCatalog,
    servers: &ServerNames,
) -> Vec<ServerPass> {
    let mut out = Vec::new();
    for (scope, func) in file.functions.iter().enumerate() {
        walk_calls(&func.body, &mut |call| {
            let ExprKind::Call { callee, args, .. } = &call.kind else {
                return;
            };
            if !project_callee(file, callee) {
                return;
            }
            let positional = args.iter().filter(|a| a.keyword.is_none() && !a.spread);
            for (pos, a) in positional.enumerate() {
                let (Some(name), Ok(pos)) = (a.value.as_name(), u16::try_from(pos)) else {
                    continue;
                };
                let from = if servers.is_server_name(file, cat, name, false, scope) {
                    None
                } else if let Some(j) = func.params.iter().position(|p| p.name == name)
                    && server_like(cat, name)
                {
                    match u16::try_from(j) {
                        Ok(j) => Some(j),
                        Err(_) => continue,
                    }
                } else {
                    continue;
                };
                out.push(ServerPass {
                    caller: scope,
                    callee: callee.clone(),
                    pos,
                    from,
                });
            }
        });
    }
    out
}

/// A parameter name that may hold a server passed on (`mcp`, `mcp_server`, `server`, `app`).
fn server_like(cat: &LangCatalog, name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    cat.mcp.receiver_names.contains(&lower) || lower.contains("mcp") || lower.contains("server")
}

/// Tools of list registries looked up by name: in a function that handles `tools/call` (one of
/// `dispatchers`, or one that mentions the method), the element of a module-level list found by
/// its name (`toolRegistry.find((t) => t.name === name)`, `next(t for t in TOOLS if t["name"] ==
/// name)`) whose function field is then called (`tool.execute(args)`,
/// `tool["handler"](**arguments)`) makes that field of each element a tool: elements written in
/// the list or pushed onto it, records in place or module-level ones named there.
pub(crate) fn registry_tools(file: &File, dispatchers: &[FnId]) -> Vec<ToolDecl> {
    let mut out = Vec::new();
    for (id, func) in file.functions.iter().enumerate() {
        if !dispatchers.contains(&id) && !mentions_tools_call(func) {
            continue;
        }
        let mut found: Vec<(&str, &str)> = Vec::new();
        walk_stmts(&func.body, &mut |s| {
            if let Stmt::Assign {
                target: Pattern::Name(var),
                value,
                ..
            } = s
                && let Some(list) = name_lookup(file, func, value)
            {
                found.push((var.as_str(), list));
            }
        });
        if found.is_empty() {
            continue;
        }
        walk_calls(&func.body, &mut |call| {
            let ExprKind::Call {
                callee,
                receiver: Some(r),
                args,
            } = &call.kind
            else {
                return;
            };
            let called = match (callee.strip_prefix("*."), &r.kind) {
                (Some(field), ExprKind::Name(var)) => Some((var.as_str(), field)),
                (
                    None,
                    ExprKind::Call {
                        callee: sub,
                        receiver: Some(v),
                        args: key,
                    },
                ) if callee == ops::CALL_EXPR && sub == ops::SUBSCRIPT => {
                    v.as_name().zip(key.first().and_then(|k| k.value.as_str()))
                }
                _ => None,
            };
            let Some((list, field)) = called.and_then(|(var, field)| {
                let (_, list) = found.iter().find(|(v, _)| *v == var)?;
                Some((*list, field))
            }) else {
                return;
            };
            let sources = if args.iter().any(|a| a.spread) {
                SourceParams::All {
                    excluded: Vec::new(),
                }
            } else {
                SourceParams::Indices(vec![0])
            };
            for element in list_elements(file, list) {
                if let Some(decl) = element_tool(file, element, field, &sources) {
                    out.push(decl);
                }
            }
        });
    }
    out
}

/// Whether a function compares a value with the method name `tools/call`.
fn mentions_tools_call(func: &Function) -> bool {
    let mut hit = false;
    walk_exprs(&func.body, &mut |e| hit |= e.as_str() == Some("tools/call"));
    hit
}

/// The list a value finds an element of by its name, in `func`: `LIST.find((t) => t.name ===
/// x)`, or `next(t for t in LIST if t["name"] == x)` (whose loop variable `func` binds to the
/// list).
fn name_lookup<'a>(file: &File, func: &'a Function, value: &'a Expr) -> Option<&'a str> {
    let ExprKind::Call {
        callee,
        receiver,
        args,
    } = &value.kind
    else {
        return None;
    };
    let first = &args.first()?.value;
    match (callee.as_str(), &first.kind) {
        ("*.find", ExprKind::Func(p)) => {
            let pred = file.functions.get(*p)?;
            let var = pred.params.first()?.name.as_str();
            let mut hit = false;
            walk_exprs(&pred.body, &mut |e| hit |= compares_name(e, var));
            hit.then(|| receiver.as_deref()?.as_name()).flatten()
        }
        ("next", ExprKind::Other(parts)) => {
            let var = parts.first()?.as_name()?;
            if !parts[1..].iter().any(|p| compares_name(p, var)) {
                return None;
            }
            let mut list = None;
            walk_stmts(&func.body, &mut |s| {
                if let Stmt::Assign {
                    target: Pattern::Name(t),
                    value,
                    ..
                } = s
                    && t == var
                    && let ExprKind::Other(source) = &value.kind
                    && list.is_none()
                {
                    list = source.first().and_then(Expr::as_name);
                }
            });
            list
        }
        _ => None,
    }
}

/// Whether `e` compares the name of `var` with something (`var.name == x`, `var["name"] == x`).
fn compares_name(e: &Expr, var: &str) -> bool {
    let mut hit = false;
    walk_expr(e, &mut |x| {
        let ExprKind::Call { callee, args, .. } = &x.kind else {
            return;
        };
        if callee != ops::EQ {
            return;
        }
        hit |= args.iter().any(|a| match &a.value.kind {
            ExprKind::Name(n) => n.strip_prefix(var) == Some(".name"),
            ExprKind::Call {
                callee,
                receiver: Some(r),
                args,
            } => {
                callee == ops::SUBSCRIPT
                    && r.as_name() == Some(var)
                    && args.first().and_then(|k| k.value.as_str()) == Some("name")
            }
            _ => false,
        });
    });
    hit
}

/// The elements of the module-level list `list`: written in its literal, or pushed onto it
/// (`LIST.push(a, b)`, `LIST.append(a)`) anywhere in the file.
fn list_elements<'a>(file: &'a File, list: &str) -> Vec<&'a Expr> {
    let mut out: Vec<&Expr> = module_value(file, list)
        .into_iter()
        .filter_map(|v| match &v.kind {
            ExprKind::Record(entries) => Some(entries),
            _ => None,
        })
        .flatten()
        .filter(|a| a.keyword.is_none() && !a.spread)
        .map(|a| &a.value)
        .collect();
    for func in &file.functions {
        walk_calls(&func.body, &mut |call| {
            if let ExprKind::Call {
                callee,
                receiver: Some(r),
                args,
            } = &call.kind
                && matches!(callee.as_str(), "*.push" | "*.append")
                && r.as_name() == Some(list)
            {
                out.extend(args.iter().filter(|a| !a.spread).map(|a| &a.value));
            }
        });
    }
    out
}

/// The value a module-level statement binds `name` to.
fn module_value<'a>(file: &'a File, name: &str) -> Option<&'a Expr> {
    file.functions.first()?.body.iter().find_map(|s| match s {
        Stmt::Assign {
            target: Pattern::Name(n),
            value,
            ..
        } if n == name => Some(value),
        _ => None,
    })
}

/// The tool an element of a registry declares: its function field `field` (an entry of a
/// record, a keyword argument of a constructor call, `Tool(name=..., handler=fn)`; the element
/// in place or a module-level value it names), named by its `name`.
fn element_tool(
    file: &File,
    element: &Expr,
    field: &str,
    sources: &SourceParams,
) -> Option<ToolDecl> {
    let element = match &element.kind {
        ExprKind::Name(n) => module_value(file, n)?,
        _ => element,
    };
    let entry = |key: &str| match &element.kind {
        ExprKind::Record(entries) => entries.iter().find(|a| a.keyword.as_deref() == Some(key)),
        ExprKind::Call { args, .. } => args.iter().find(|a| a.keyword.as_deref() == Some(key)),
        _ => None,
    };
    let value = &entry(field)?.value;
    let handler = match &value.kind {
        ExprKind::Func(id) => *id,
        ExprKind::Name(n) => file.functions.iter().position(|f| {
            f.parent.is_none() && f.class.is_none() && f.name.as_deref() == Some(n)
        })?,
        _ => return None,
    };
    Some(ToolDecl {
        kind: "tool".to_owned(),
        name: entry("name")
            .and_then(|a| a.value.as_str())
            .map(str::to_owned),
        span: value.span,
        handler: HandlerRef::Local(handler),
        sources: sources.clone(),
        description: None,
        needs_server: None,
    })
}

/// Tools of hand-written JSON-RPC loops: in a function that handles the method `tools/call`
/// (compares a value with that string), a call through a module-level table of this file's
/// functions (`TOOLS[params["name"]](**params["arguments"])`, `handlers[name](args)`) makes
/// each function of the table a tool whose parameters are sources.
pub(crate) fn dispatched_tools(file: &File) -> Vec<ToolDecl> {
    let mut out = Vec::new();
    for func in &file.functions {
        let mut handles_call = false;
        walk_exprs(&func.body, &mut |e| {
            handles_call |= e.as_str() == Some("tools/call");
        });
        if !handles_call {
            continue;
        }
        walk_calls(&func.body, &mut |call| {
            let ExprKind::Call {
                callee,
                receiver: Some(r),
                ..
            } = &call.kind
            else {
                return;
            };
            if callee != ops::CALL_EXPR {
                return;
            }
            for (name, value) in dispatch_table(file, r) {
                let handler = match &value.kind {
                    ExprKind::Func(id) => Some(*id),
                    ExprKind::Name(n) => file
                        .functions
                        .iter()
                        .position(|f| f.parent.is_none() && f.name.as_deref() == Some(n)),
                    _ => None,
                };
                if let Some(h) = handler {
                    out.push(ToolDecl {
                        kind: "tool".to_owned(),
                        name,
                        span: value.span,
                        handler: HandlerRef::Local(h),
                        sources: SourceParams::All {
                            excluded: Vec::new(),
                        },
                        description: None,
                        needs_server: None,
                    });
                }
            }
        });
    }
    out
}

/// `TABLE[key]` or `TABLE.get(key)` with `TABLE` bound at module level to a dict or object
/// literal: its entries (key, value).
pub(crate) fn dispatch_table<'a>(file: &'a File, e: &Expr) -> Vec<(Option<String>, &'a Expr)> {
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
    let (Some(name), Some(top)) = (table.as_name(), file.functions.first()) else {
        return Vec::new();
    };
    top.body
        .iter()
        .filter_map(|s| match s {
            Stmt::Assign {
                target: Pattern::Name(n),
                value,
                ..
            } if n == name => match &value.kind {
                ExprKind::Record(entries) => Some(entries),
                _ => None,
            },
            _ => None,
        })
        .flatten()
        .map(|a| (a.keyword.clone(), &a.value))
        .collect()
}

#[cfg(test)]
mod tests {
    use mcplint_ir::{File, Lang, SourceFile};

    use crate::Catalog;
    use crate::facts::tools::{Registrations, ServerNeed, SourceParams, find_registrations};

    /// `text` at `path` lowered in the language of its extension, and what the finder learns.
    fn found(path: &str, text: &str) -> (File, Registrations) {
        let lang = Lang::from_path(std::path::Path::new(path)).expect("a known extension");
        let file = mcplint_front::lower(lang, SourceFile::new(path, text)).expect("lowers");
        let catalog = Catalog::builtin().expect("the built-in catalog loads");
        let registrations = find_registrations(&file, catalog.for_lang(file.lang));
        (file, registrations)
    }

    /// The index of the function named `name`.
    fn function(file: &File, name: &str) -> usize {
        file.functions
            .iter()
            .position(|f| f.name.as_deref() == Some(name))
            .unwrap_or_else(|| panic!("no function {name}"))
    }

    #[test]
    fn a_factory_whose_decorator_forwards_its_input_is_a_wrapper() {
        let (file, s) = found(
            "pkg/audit.py",
            r"
def audited_tool(mcp, name):
    def decorator(func):
        async def wrapper(*args, **kwargs):
            return await func(*args, **kwargs)
        mcp.tool(name=name)(wrapper)
        return wrapper
    return decorator
",
        );
        // `decorator` returns the closure too: middleware, which registers nothing itself.
        let registering: Vec<_> = s.wrappers.iter().filter(|w| !w.returned).collect();
        assert_eq!(registering.len(), 1);
        let w = registering[0];
        assert_eq!(w.func, function(&file, "audited_tool"));
        assert!(w.factory);
        assert_eq!(w.param, 0);
        assert!(matches!(w.sources, SourceParams::All { .. }));
    }

    #[test]
    fn a_closure_forwarding_its_argument_maps_it_to_the_callbacks_parameter() {
        let (file, s) = found(
            "src/register.ts",
            r#"
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
const server = new McpServer({ name: "x", version: "1" });
export function addTool(name, shape, fn) {
  server.registerTool(name, { inputSchema: shape }, async (args, extra) => fn(extra.signal, args));
}
"#,
        );
        assert_eq!(s.wrappers.len(), 1);
        assert_eq!(s.wrappers[0].func, function(&file, "addTool"));
        assert_eq!(s.wrappers[0].param, 2);
        assert!(!s.wrappers[0].factory);
        // `extra` is not tool input: only the callback's second parameter receives it.
        assert_eq!(s.wrappers[0].sources, SourceParams::Indices(vec![1]));
    }

    #[test]
    fn a_function_returning_a_closure_that_calls_its_callback_is_middleware() {
        let (file, s) = found(
            "src/tracking.ts",
            r#"
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
const server = new McpServer({ name: "x", version: "1" });
export function withViewTracking(env, tool, callback) {
  return async (args) => { count(env, tool); return callback(args); };
}
export async function warmUp(callback) {
  return callback({ file: "README.md" });
}
server.tool("q", "d", { q: z.string() }, withViewTracking(env, "q", async ({ q }) => q));
"#,
        );
        assert_eq!(s.wrappers.len(), 1);
        let w = &s.wrappers[0];
        assert_eq!((w.func, w.param), (function(&file, "withViewTracking"), 2));
        assert!(w.returned && !w.factory);
        let registered: Vec<_> = s
            .callbacks
            .iter()
            .filter_map(|c| Some((c.pos, c.registered.as_deref()?, c.name.as_deref()?)))
            .collect();
        assert_eq!(registered, [(2, "tool", "q")]);
    }

    #[test]
    fn callbacks_given_to_methods_name_the_receivers_class() {
        let (_, s) = found(
            "pkg/tools.py",
            r"
class Files(ToolGroup):
    def register(self, registrar: ToolRegistrar, other):
        self._add('a', self.a)
        registrar.add('b', self.a)
        other.add('c', self.a)
    def a(self, p: str) -> str: ...
",
        );
        let uses: Vec<_> = s
            .callbacks
            .iter()
            .map(|c| (c.callee.as_str(), c.class.as_deref()))
            .collect();
        assert_eq!(
            uses,
            [("_add", Some("Files")), ("add", Some("ToolRegistrar"))]
        );
    }

    #[test]
    fn a_list_registry_looked_up_by_name_in_a_call_handler_declares_its_elements() {
        let (_, s) = found(
            "src/index.ts",
            r#"
import { Server } from "@modelcontextprotocol/sdk/server/index.js";
const server = new Server({ name: "x", version: "1" });
const readTool = { name: "read", execute: async (args) => args };
const registry = [readTool];
registry.push({ name: "write", execute: async (args) => args });
const commands = [{ name: "purge", run: async (t) => t }];
export const runCommand = (n, t) => commands.find((c) => c.name === n).run(t);
server.setRequestHandler(CallToolRequestSchema, async (req) => {
  const tool = registry.find((t) => t.name === req.params.name);
  return tool.execute(req.params.arguments);
});
"#,
        );
        let names: Vec<_> = s.tools.iter().filter_map(|t| t.name.as_deref()).collect();
        assert_eq!(names, ["read", "write"]);
    }

    #[test]
    fn receivers_the_file_does_not_bind_are_conditional() {
        let (file, s) = found(
            "pkg/handlers.py",
            r"
def register_tools(mcp_server):
    @mcp_server.tool()
    def a(p: str) -> str: ...

class Kept:
    def __init__(self, mcp):
        self.mcp = mcp
        self.mcp.tool(name='b')(self.b)
    def b(self, p: str) -> str: ...

class Plugin(Base):
    def register(self):
        @self.app.tool()
        def c(p: str) -> str: ...
",
        );
        let needs: Vec<_> = s.tools.iter().map(|t| t.needs_server.clone()).collect();
        assert_eq!(
            needs,
            [
                Some(ServerNeed::Param(function(&file, "register_tools"), 0)),
                Some(ServerNeed::Param(function(&file, "__init__"), 1)),
                Some(ServerNeed::Field {
                    class: "Plugin".to_owned(),
                    field: "app".to_owned()
                }),
            ]
        );
    }

    #[test]
    fn servers_passed_to_project_functions_are_recorded() {
        let (_, s) = found(
            "pkg/server.py",
            r"
from mcp.server.fastmcp import FastMCP
from .registration import register_tools

mcp = FastMCP('x')
register_tools(mcp)
helper = object()
register_tools(helper)
",
        );
        assert_eq!(s.server_passes.len(), 1);
        assert_eq!(s.server_passes[0].callee, ".registration.register_tools");
        assert_eq!(s.server_passes[0].from, None);
    }

    #[test]
    fn a_table_a_json_rpc_loop_dispatches_tools_call_through_declares_its_functions() {
        let (_, s) = found(
            "pkg/loop.py",
            r#"
def read(path): ...
def write(path, body): ...
TOOLS = {"read": read, "write": write}

def serve(req):
    if req["method"] == "tools/call":
        return TOOLS[req["params"]["name"]](**req["params"]["arguments"])

def other(req):
    return TOOLS[req["name"]](**req["arguments"])
"#,
        );
        let names: Vec<_> = s.tools.iter().map(|t| t.name.clone()).collect();
        assert_eq!(names, [Some("read".to_owned()), Some("write".to_owned())]);
    }
}
