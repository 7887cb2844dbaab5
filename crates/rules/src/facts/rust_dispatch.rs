//! Tools of Rust servers that answer JSON-RPC by hand instead of through an SDK's macros: a
//! `match method.as_str() { "tools/call" => handle_call(&req["params"]), ... }` loop, a
//! `match name { "read_file" => read_file(args), ... }` on the requested tool's name, and tables
//! of functions keyed by tool name (`tools.insert("read_file", read_file as ToolFn)`,
//! `const TOOLS: &[(&str, ToolFn)] = &[("read_file", read_file)]`). The functions called or
//! listed there receive the client's arguments: each is a tool.

use mcplint_ir::visit::{walk_expr, walk_exprs, walk_stmts};
use mcplint_ir::{Arg, Expr, ExprKind, File, FnId, Function, ParamKind, Stmt, ops};

use super::registration::enclosing_class;
use super::tools::{HandlerRef, SourceParams, ToolDecl};

/// The JSON-RPC method whose handler runs a tool.
const TOOLS_CALL: &str = "tools/call";

/// Methods of the protocol whose names have no `/`: keys of a method table, not tools.
const PLAIN_METHODS: &[&str] = &["initialize", "ping"];

/// Names of a value that holds the requested tool's name (`params["name"]`, `call.name`,
/// `tool_name`).
const NAME_KEYS: &[&str] = &["name", "tool_name", "toolname"];

/// Keys of the request that carry what the client sent (`req["params"]`, `p.arguments`).
const INPUT_KEYS: &[&str] = &["params", "arguments"];

/// The tools of a Rust file that dispatches `tools/call` by hand: the functions an arm of a
/// `tools/call` test or of a test on the tool's name calls (with the arguments that carry client
/// input as sources), and the functions of tables keyed by tool name (all parameters sources)
/// in a file that names `tools/call` or `tools/list`.
/// Functions already declared as handlers (`declared`) dispatch inside a tool, not to one.
pub(crate) fn dispatched_tools(file: &File, declared: &[ToolDecl]) -> Vec<ToolDecl> {
    let serves_tools =
        file.source.text.contains("\"tools/call\"") || file.source.text.contains("\"tools/list\"");
    let mut out = Vec::new();
    for (id, func) in file.functions.iter().enumerate() {
        let is_handler = declared.iter().any(|d| d.handler == HandlerRef::Local(id));
        if !is_handler && (serves_tools || reads_key(&func.body, INPUT_KEYS)) {
            arm_calls(file, id, func, &mut out);
        }
        if serves_tools {
            table_entries(file, id, func, &mut out);
        }
    }
    out
}

/// Whether some expression of `body` reads one of `keys` (`x["arguments"]`, `x.get("params")`,
/// `call.arguments`).
fn reads_key(body: &[Stmt], keys: &[&str]) -> bool {
    let mut hit = false;
    walk_exprs(body, &mut |e| hit |= key_read(e, keys));
    hit
}

/// Whether `e` itself reads one of `keys`.
fn key_read(e: &Expr, keys: &[&str]) -> bool {
    match &e.kind {
        ExprKind::Name(n) => n
            .split('.')
            .skip(1)
            .any(|seg| keys.contains(&seg.to_ascii_lowercase().as_str())),
        ExprKind::Call { callee, args, .. } if callee == ops::SUBSCRIPT || callee == "*.get" => {
            args.first()
                .and_then(|a| a.value.as_str())
                .is_some_and(|k| keys.contains(&k))
        }
        _ => false,
    }
}

/// The tools the tests of `func` dispatch to: in each `if`/`match` arm that tests the method
/// against `"tools/call"` or the tool's name against a literal, the function the arm calls,
/// with the arguments that carry the request as sources.
fn arm_calls(file: &File, id: FnId, func: &Function, out: &mut Vec<ToolDecl>) {
    let mut arm = |test: &Expr, values: Vec<&Expr>| {
        let Some((name, subjects)) = dispatch_name(test, func) else {
            return;
        };
        let inputs = input_names(func, &subjects);
        for value in values {
            let Some((handler, args, shift, callee)) = principal_call(file, id, value) else {
                continue;
            };
            let indices: Vec<usize> = args
                .iter()
                .filter(|a| a.keyword.is_none())
                .enumerate()
                .filter(|(_, a)| is_input(&a.value, &inputs))
                .map(|(j, _)| j + shift)
                .collect();
            if indices.is_empty() {
                continue;
            }
            out.push(ToolDecl {
                kind: "tool".to_owned(),
                name: Some(name.clone().unwrap_or_else(|| callee.clone())),
                span: value.span,
                handler,
                sources: SourceParams::Indices(indices),
                description: None,
                needs_server: None,
            });
        }
    };
    walk_stmts(&func.body, &mut |s| {
        if let Stmt::If { test, then, .. } = s {
            arm(test, then.iter().filter_map(statement_value).collect());
        }
    });
    walk_exprs(&func.body, &mut |e| {
        if let ExprKind::Cond { test, then, .. } = &e.kind {
            arm(test, vec![then]);
        }
    });
}

/// The value a statement of an arm computes: what it assigns, evaluates or returns.
fn statement_value(s: &Stmt) -> Option<&Expr> {
    match s {
        Stmt::Assign { value, .. } | Stmt::Eval(value) => Some(value),
        Stmt::Exit {
            value: Some(v),
            is_return: true,
            ..
        } => Some(v),
        _ => None,
    }
}

/// What a test dispatches on, with the values it compares: `None` for the method `tools/call`
/// (the tool is the called function), `Some(tool)` for the tool's name compared with a literal
/// (the first one when the arm has several); nothing for any other test.
fn dispatch_name<'a>(test: &'a Expr, func: &Function) -> Option<(Option<String>, Vec<&'a Expr>)> {
    let mut literals = Vec::new();
    let mut subjects = Vec::new();
    let mut named = false;
    let mut stack = vec![test];
    while let Some(t) = stack.pop() {
        let ExprKind::Call { callee, args, .. } = &t.kind else {
            return None;
        };
        match callee.as_str() {
            ops::OR => stack.extend(args.iter().rev().map(|a| &a.value)),
            ops::EQ => {
                let [subject, lit] = args.as_slice() else {
                    return None;
                };
                let (subject, lit) = match (subject.value.as_str(), lit.value.as_str()) {
                    (None, Some(l)) => (&subject.value, l),
                    (Some(l), None) => (&lit.value, l),
                    _ => return None,
                };
                named |= names_tool(subject, func);
                subjects.push(subject);
                literals.push(lit.to_owned());
            }
            _ => return None,
        }
    }
    if literals.iter().any(|l| l == TOOLS_CALL) {
        return Some((None, subjects));
    }
    let tool = literals.into_iter().next()?;
    (named && !tool.contains('/') && !PLAIN_METHODS.contains(&tool.as_str()))
        .then_some((Some(tool), subjects))
}

/// Whether `subject` holds the requested tool's name: it reads a name key, or is a local bound
/// to such a read (`let name = params["name"].as_str()`).
fn names_tool(subject: &Expr, func: &Function) -> bool {
    let direct = |e: &Expr| {
        let mut hit = false;
        walk_expr(e, &mut |x| {
            hit |= key_read(x, NAME_KEYS)
                || x.as_name()
                    .is_some_and(|n| NAME_KEYS.contains(&n.to_ascii_lowercase().as_str()));
        });
        hit
    };
    if direct(subject) {
        return true;
    }
    let mut bound = Vec::new();
    walk_expr(subject, &mut |x| {
        if let Some(n) = x.as_name() {
            bound.push(n.to_owned());
        }
    });
    let mut hit = false;
    walk_stmts(&func.body, &mut |s| {
        if let Stmt::Assign { target, value, .. } = s
            && target.names().iter().any(|t| bound.iter().any(|b| b == t))
        {
            hit |= direct(value);
        }
    });
    hit
}

/// The names in `func` that carry what the client sent: the request the dispatch test reads
/// (`req` of `req["method"]`, `params` of `let name = params["name"]`), parameters named for the
/// arguments (`args`, `params`, `input`), and locals bound from either or from a read of the
/// request's `params` or `arguments`. `self` never is.
fn input_names(func: &Function, subjects: &[&Expr]) -> Vec<String> {
    let mut names: Vec<String> = func
        .params
        .iter()
        .filter(|p| p.kind != ParamKind::SelfParam)
        .filter(|p| {
            let lower = p.name.to_ascii_lowercase();
            ["arg", "param", "input"].iter().any(|w| lower.contains(w))
        })
        .map(|p| p.name.clone())
        .collect();
    let mut roots: Vec<String> = Vec::new();
    for subject in subjects {
        add_roots(subject, &mut roots);
    }
    // A root bound in the function stands for the roots of its value (`let method =
    // req["method"].as_str()`), a few bindings deep.
    for _ in 0..3 {
        let mut more = Vec::new();
        walk_stmts(&func.body, &mut |s| {
            if let Stmt::Assign { target, value, .. } = s
                && target.names().iter().any(|t| roots.iter().any(|r| r == t))
            {
                add_roots(value, &mut more);
            }
        });
        for r in more {
            if !roots.contains(&r) {
                roots.push(r);
            }
        }
    }
    for r in roots {
        if r != "self" && !names.contains(&r) {
            names.push(r);
        }
    }
    // Two passes reach a local bound from another bound later in the loop body.
    for _ in 0..2 {
        walk_stmts(&func.body, &mut |s| {
            if let Stmt::Assign { target, value, .. } = s
                && is_input(value, &names)
            {
                for t in target.names() {
                    if !names.iter().any(|n| n == t) {
                        names.push(t.to_owned());
                    }
                }
            }
        });
    }
    names
}

/// The first segments of the names `e` mentions (`req` for `req.params.name`).
fn add_roots(e: &Expr, roots: &mut Vec<String>) {
    walk_expr(e, &mut |x| {
        if let Some(n) = x.as_name() {
            let root = n.split('.').next().unwrap_or(n);
            if !roots.iter().any(|r| r == root) {
                roots.push(root.to_owned());
            }
        }
    });
}

/// Whether `e` mentions one of `inputs` (`args`, `p.arguments` for `p`) or reads the request's
/// `params` or `arguments`.
fn is_input(e: &Expr, inputs: &[String]) -> bool {
    let mut hit = false;
    walk_expr(e, &mut |x| {
        hit |= key_read(x, INPUT_KEYS)
            || x.as_name().is_some_and(|n| {
                let root = n.split('.').next().unwrap_or(n);
                inputs.iter().any(|i| i == root)
            });
    });
    hit
}

/// The call an arm's value is, seen through library wrappers (`Ok(json!(read(args)))`,
/// `read(args).map_err(..)`): a function of the project with its arguments, how many leading
/// parameters (`self`) its arguments skip, and its name.
fn principal_call<'a>(
    file: &File,
    scope: FnId,
    e: &'a Expr,
) -> Option<(HandlerRef, &'a [Arg], usize, String)> {
    let ExprKind::Call {
        callee,
        receiver,
        args,
    } = &e.kind
    else {
        return None;
    };
    if let Some((handler, shift)) = project_function(file, scope, callee, receiver.as_deref()) {
        let name = callee
            .rsplit(['.', ':'])
            .next()
            .unwrap_or(callee)
            .to_owned();
        return Some((handler, args, shift, name));
    }
    if callee.starts_with("*.") {
        return principal_call(file, scope, receiver.as_deref()?);
    }
    if callee.starts_with('<') || callee == ops::EQ {
        return None;
    }
    let inner = args
        .iter()
        .find(|a| a.keyword.is_none())
        .and_then(|first| principal_call(file, scope, &first.value));
    // A path the file does not define (`tools::call(..)` after `mod tools;`) may be another
    // module's function: the project phase resolves it or drops it.
    inner.or_else(|| {
        crate_path(callee).then(|| {
            let name = callee.rsplit(':').next().unwrap_or(callee).to_owned();
            (
                HandlerRef::Imported(callee.clone()),
                args.as_slice(),
                0,
                name,
            )
        })
    })
}

/// Whether a callee is a path that may lead into another module of the crate (`tools::call`,
/// `crate::tools::call`), not a method of the enclosing type.
fn crate_path(callee: &str) -> bool {
    callee.contains("::") && !callee.starts_with("Self::") && !callee.starts_with('<')
}

/// The project function a call names from inside `scope`, with how many leading parameters
/// its arguments skip: a function of this file, a method of the enclosing type (`self.read(..)`,
/// `Self::read(..)`), or a path into the crate (`crate::tools::read`, resolved across files).
fn project_function(
    file: &File,
    scope: FnId,
    callee: &str,
    receiver: Option<&Expr>,
) -> Option<(HandlerRef, usize)> {
    let method_of_class = |name: &str| {
        let class = file.classes.get(enclosing_class(file, scope)?)?;
        class.methods.iter().copied().find(|&m| {
            file.functions
                .get(m)
                .is_some_and(|f| f.name.as_deref() == Some(name))
        })
    };
    if let Some(method) = callee.strip_prefix("*.") {
        if receiver.and_then(Expr::as_name) != Some("self") {
            return None;
        }
        let m = method_of_class(method)?;
        let takes_self = file.functions[m]
            .params
            .first()
            .is_some_and(|p| p.kind == ParamKind::SelfParam);
        return Some((HandlerRef::Local(m), usize::from(takes_self)));
    }
    if let Some(assoc) = callee.strip_prefix("Self::") {
        return method_of_class(assoc).map(|m| (HandlerRef::Local(m), 0));
    }
    if ["crate::", "super::", "self::"]
        .iter()
        .any(|p| callee.starts_with(p))
    {
        return Some((HandlerRef::Imported(callee.to_owned()), 0));
    }
    if callee.contains("::") || callee.contains('.') || callee.starts_with('<') {
        return None;
    }
    file.functions
        .iter()
        .position(|f| f.parent.is_none() && f.class.is_none() && f.name.as_deref() == Some(callee))
        .map(|g| (HandlerRef::Local(g), 0))
}

/// Tools of the tables `func` builds: `map.insert("read", read)`, a JSON-RPC router's
/// `.append_dyn("read", read.into_dyn())`, and pairs `("read", read)` in a list (a `const`
/// slice, `HashMap::from([...])`, `vec![...]`).
fn table_entries(file: &File, id: FnId, func: &Function, out: &mut Vec<ToolDecl>) {
    let mut entry = |key: &Expr, value: &Expr| {
        let Some(name) = key_text(key) else { return };
        if (name.contains('/') && name != TOOLS_CALL) || PLAIN_METHODS.contains(&name.as_str()) {
            return;
        }
        let Some(handler) = table_function(file, id, value) else {
            return;
        };
        out.push(ToolDecl {
            kind: "tool".to_owned(),
            name: Some(name),
            span: value.span,
            handler,
            sources: SourceParams::All {
                excluded: Vec::new(),
            },
            description: None,
            needs_server: None,
        });
    };
    walk_exprs(&func.body, &mut |e| match &e.kind {
        ExprKind::Call { callee, args, .. }
            if matches!(callee.as_str(), "*.insert" | "*.append" | "*.append_dyn") =>
        {
            if let [k, v] = args.as_slice() {
                entry(&k.value, &v.value);
            }
        }
        ExprKind::Record(items) => {
            for item in items.iter().filter(|a| a.keyword.is_none()) {
                if let ExprKind::Record(pair) = &item.value.kind
                    && let [k, v] = pair.as_slice()
                    && k.keyword.is_none()
                    && v.keyword.is_none()
                {
                    entry(&k.value, &v.value);
                }
            }
        }
        _ => {}
    });
}

/// A table key's text: a literal, or one turned into a `String` (`"read".to_string()`,
/// `String::from("read")`).
fn key_text(e: &Expr) -> Option<String> {
    if let Some(s) = e.as_str() {
        return Some(s.to_owned());
    }
    let ExprKind::Call {
        callee,
        receiver,
        args,
    } = &e.kind
    else {
        return None;
    };
    match callee.as_str() {
        "*.to_string" | "*.to_owned" | "*.into" => receiver.as_deref()?.as_str().map(str::to_owned),
        "String::from" => args.first()?.value.as_str().map(str::to_owned),
        _ => None,
    }
}

/// The function a table value names: a function of the file or the crate, a closure, or either
/// boxed (`Box::new(read)`, `Arc::new(|args| ...)`).
fn table_function(file: &File, scope: FnId, value: &Expr) -> Option<HandlerRef> {
    match &value.kind {
        ExprKind::Func(f) => Some(HandlerRef::Local(*f)),
        ExprKind::Name(n) => project_function(file, scope, n, None)
            .map(|(h, _)| h)
            .or_else(|| crate_path(n).then(|| HandlerRef::Imported(n.clone()))),
        // rpc-router: `.append_dyn("name", handler.into_dyn())`.
        ExprKind::Call {
            callee,
            receiver: Some(r),
            ..
        } if callee == "*.into_dyn" => table_function(file, scope, r),
        ExprKind::Call { callee, args, .. }
            if matches!(
                callee.as_str(),
                "Box::new" | "Arc::new" | "std::sync::Arc::new" | "Rc::new" | "Box::pin"
            ) =>
        {
            let [inner] = args.as_slice() else {
                return None;
            };
            table_function(file, scope, &inner.value)
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use mcplint_ir::{File, Lang, SourceFile};

    use crate::Catalog;
    use crate::facts::tools::{SourceParams, ToolDecl, find_registrations};

    /// The tools found in `text`, a Rust file, as (name, handler's name, sources).
    fn tools(text: &str) -> Vec<(String, String, SourceParams)> {
        let file: File =
            mcplint_front::lower(Lang::Rust, SourceFile::new("src/main.rs", text)).expect("lowers");
        let catalog = Catalog::builtin().expect("the built-in catalog loads");
        let found = find_registrations(&file, catalog.for_lang(Lang::Rust));
        found
            .tools
            .iter()
            .map(|t: &ToolDecl| {
                let handler = match &t.handler {
                    super::HandlerRef::Local(h) => {
                        file.functions[*h].name.clone().unwrap_or_default()
                    }
                    super::HandlerRef::Imported(p) => p.clone(),
                };
                (
                    t.name.clone().unwrap_or_default(),
                    handler,
                    t.sources.clone(),
                )
            })
            .collect()
    }

    #[test]
    fn the_tools_call_arm_gives_the_request_not_the_state() {
        let found = tools(
            r#"
fn initialize(state: &State, req: Request) -> Value { Value::Null }
fn call_tool(state: &State, req: Request) -> Value { Value::Null }
fn dispatch(state: &State, req: Request) -> Value {
    match req.method.as_str() {
        "initialize" => initialize(state, req),
        "tools/call" => call_tool(state, req),
        _ => Value::Null,
    }
}
"#,
        );
        assert_eq!(
            found,
            [(
                "call_tool".to_owned(),
                "call_tool".to_owned(),
                SourceParams::Indices(vec![1])
            )]
        );
    }

    #[test]
    fn a_match_on_the_tool_name_declares_the_called_functions() {
        let found = tools(
            r#"
struct Server;
impl Server {
    fn read(&self, args: &Value) -> String { String::new() }
    fn call(&self, params: &Value) -> String {
        let name = params["name"].as_str().unwrap_or_default();
        let args = &params["arguments"];
        match name {
            "read" | "cat" => self.read(args),
            _ => String::new(),
        }
    }
    fn build(&self, params: &Value) -> String {
        let target = params["target"].as_str().unwrap_or_default();
        match target {
            "debug" => self.read(params),
            _ => String::new(),
        }
    }
}
"#,
        );
        // `build` matches a value that is not the tool's name: no tool.
        assert_eq!(
            found,
            [(
                "read".to_owned(),
                "read".to_owned(),
                SourceParams::Indices(vec![1])
            )]
        );
    }

    #[test]
    fn tables_keyed_by_tool_name_declare_their_functions_but_not_protocol_methods() {
        let found = tools(
            r#"
fn ping(p: Value) -> Value { p }
fn list(p: Value) -> Value { p }
fn grep(p: Value) -> Value { p }
fn find(p: Value) -> Value { p }
const METHODS: &[(&str, Handler)] = &[("ping", ping), ("tools/list", list)];
fn table() -> HashMap<String, Box<dyn Fn(Value) -> Value>> {
    let mut t = HashMap::new();
    t.insert("grep".to_string(), Box::new(grep));
    t.insert(String::from("find"), Box::new(find));
    t
}
fn serve(req: Value) { if req["method"] == "tools/call" {} }
"#,
        );
        let names: Vec<_> = found
            .iter()
            .map(|(n, h, _)| (n.as_str(), h.as_str()))
            .collect();
        assert_eq!(names, [("grep", "grep"), ("find", "find")]);
    }
}
