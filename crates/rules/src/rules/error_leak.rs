use foldhash::{HashMap, HashMapExt, HashSet, HashSetExt};

use mcplint_ir::{Arg, Expr, ExprKind, File, FnId, Lang, Part, Pattern, Span, Stmt, ops};

use crate::catalog::any_matches;
use crate::catalog::sections::leaks::{LeakRows, LeakSourceRow};
use crate::facts::tools::{HandlerRef, locate_arg};
use crate::facts::transport::list_matches;
use crate::{Check, Diagnostic, FileContext, declare_rule};
use mcplint_ir::visit::{walk_expr, walk_stmts};

declare_rule! {
    /// ## What it does
    /// Finds tool, resource and prompt handlers that put a stack trace, the repr or Debug form
    /// of a caught exception, or the whole environment into their result: Python
    /// `traceback.format_exc()`, `format_exception`, `format_tb`, `repr(e)` and `f"{e!r}"`,
    /// `os.environ` (`dict(os.environ)`, `os.environ.copy()`, `str(os.environ)`); TypeScript and
    /// JavaScript `err.stack` of a caught error and `process.env` (`JSON.stringify(process.env)`,
    /// `{ ...process.env }`); Rust `format!("{e:?}")` / `{:#?}` of a caught error,
    /// `Backtrace::capture()` and `std::env::vars()`.
    ///
    /// The result is what the handler returns, what it raises or throws in Python and
    /// TypeScript (the SDKs turn the exception's message into an error result), and what the
    /// closures of `.map_err(...)?` and `.catch(...)` produce. Simple assignments are followed
    /// (`tb = traceback.format_exc()` then `return f"failed: {tb}"`), as are helpers of the same
    /// file called in a result. Logging a traceback (`logger.exception`, `console.error(err.stack)`,
    /// `eprintln!("{e:?}")`) is not a leak, and neither is normal error reporting: `str(e)`,
    /// `f"Error: {e}"`, `err.message`, `format!("{e}")`, `e.to_string()`. Nor is the environment
    /// handed to a child process (`subprocess.run(..., env={**os.environ, ...})`,
    /// `exec(cmd, { env: { ...process.env } })`): the command's output is returned, not its
    /// environment.
    ///
    /// The sources, and how a caught error is bound, are data in `rules/leaks.toml`.
    ///
    /// ## Why is this bad?
    /// A tool result goes to the model, into the conversation, and often to whoever can steer the
    /// model through a prompt injection. A stack trace shows file paths, library versions, and
    /// values of the failing call such as connection strings with passwords; an exception's repr
    /// carries the same values; the environment of an MCP server holds the API keys it was
    /// started with. An attacker who can make a tool fail can read them.
    ///
    /// ## Example
    /// ```python
    /// import traceback
    ///
    /// import httpx
    /// from mcp.server.fastmcp import FastMCP
    ///
    /// mcp = FastMCP("tickets")
    ///
    /// @mcp.tool()
    /// async def create_ticket(title: str) -> str:
    ///     """Open a ticket in the tracker."""
    ///     try:
    ///         async with httpx.AsyncClient() as client:
    ///             r = await client.post("https://tracker.example/api/tickets", json={"title": title})
    ///             r.raise_for_status()
    ///             return r.json()["id"]
    ///     except Exception:
    ///         return f"failed:\n{traceback.format_exc()}"  # expect: error-leak
    /// ```
    ///
    /// ## Use instead
    /// Log the details on the server and return a short message:
    /// ```python
    /// import logging
    ///
    /// import httpx
    /// from mcp.server.fastmcp import FastMCP
    ///
    /// log = logging.getLogger(__name__)
    /// mcp = FastMCP("tickets")
    ///
    /// @mcp.tool()
    /// async def create_ticket(title: str) -> str:
    ///     """Open a ticket in the tracker."""
    ///     try:
    ///         async with httpx.AsyncClient() as client:
    ///             r = await client.post("https://tracker.example/api/tickets", json={"title": title})
    ///             r.raise_for_status()
    ///             return r.json()["id"]
    ///     except Exception as e:
    ///         log.exception("create_ticket failed")
    ///         return f"failed: {e}"
    /// ```
    ///
    /// ## References
    /// - [CWE-209: Generation of Error Message Containing Sensitive Information](https://cwe.mitre.org/data/definitions/209.html)
    /// - [CWE-497: Exposure of Sensitive System Information to an Unauthorized Control Sphere](https://cwe.mitre.org/data/definitions/497.html)
    /// - [OWASP: Improper Error Handling](https://owasp.org/www-community/Improper_Error_Handling)
    pub(crate) ERROR_LEAK {
        name: "error-leak",
        severity: Warning,
        cwe: [209, 497],
        summary: "a stack trace, exception repr or the environment is returned in a tool result",
        languages: [Python, TypeScript, JavaScript, Rust],
        check: Check::Ir(check),
    }
}

/// How many helper calls deep results are followed.
const MAX_HELPERS: usize = 3;
/// How deeply expressions are followed.
const MAX_DEPTH: usize = 64;

/// A leak source found in an expression.
#[derive(Clone, Copy)]
struct Src<'a> {
    span: Span,
    row: &'a LeakSourceRow,
}

/// A function whose result reaches the client.
struct Work {
    func: FnId,
    /// Names (parameters) known to hold a caught error.
    errors: Vec<String>,
    /// The tool, resource or prompt it serves.
    tool: Option<String>,
    kind: String,
    depth: usize,
    /// The call through which a helper's result is returned.
    via: Option<Span>,
}

fn check(cx: &FileContext<'_>, out: &mut Vec<Diagnostic>) {
    let rows = &cx.catalog.leaks;
    if rows.is_empty() {
        return;
    }
    let file = cx.file;
    let path = file.source.path.as_str();
    let mut queue: Vec<Work> = cx
        .tools
        .iter()
        .filter_map(|d| match d.handler {
            HandlerRef::Local(id) => Some(Work {
                func: id,
                errors: Vec::new(),
                tool: d.name.clone(),
                kind: d.kind.clone(),
                depth: 0,
                via: None,
            }),
            HandlerRef::Imported(_) => None,
        })
        .collect();
    let mut done: HashSet<(FnId, Vec<String>)> = HashSet::new();
    let mut seen: HashSet<Span> = HashSet::new();
    while let Some(w) = queue.pop() {
        if !done.insert((w.func, w.errors.clone())) {
            continue;
        }
        let Some(func) = file.functions.get(w.func) else {
            continue;
        };
        let mut a = Analysis::new(file, rows, w.func, &w.errors);
        a.run(&func.body);
        for (value, stmt_span) in results(file, &func.body) {
            for src in a.leaks(value, 0) {
                if !seen.insert(src.span) {
                    continue;
                }
                let whose = match &w.tool {
                    Some(n) => format!("{} `{n}`", w.kind),
                    None => format!("the {}", w.kind),
                };
                let mut d = Diagnostic::new(
                    &ERROR_LEAK,
                    path,
                    src.span,
                    format!(
                        "{} reaches the result of {whose}, which the client and the model read",
                        src.row.what
                    ),
                )
                .help(src.row.help.clone());
                if !(stmt_span.start <= src.span.start && src.span.end <= stmt_span.end) {
                    d = d.label(path, stmt_span, "returned here");
                }
                if let Some(via) = w.via {
                    d = d.label(path, via, "the handler returns this call's result");
                }
                out.push(d);
            }
            if w.depth < MAX_HELPERS {
                a.follow(value, &w, &mut queue);
            }
        }
        // `.map_err(|e| ...)?`: the closure's value is returned by `?`.
        if w.depth < MAX_HELPERS {
            walk_stmts(&func.body, &mut |st| {
                let (Stmt::Assign { value: e, .. } | Stmt::Eval(e)) = st else {
                    return;
                };
                walk_expr(e, &mut |c| {
                    let after = file.source.text.get(c.span.end as usize..).unwrap_or("");
                    if after.trim_start().starts_with('?') {
                        a.callbacks(c, &w, &mut queue);
                    }
                });
            });
        }
    }
}

/// The values that leave a function as its result, with their statements: returns, and raises
/// and throws where the SDK turns them into an error result (not Rust panics).
fn results<'a>(file: &File, body: &'a [Stmt]) -> Vec<(&'a Expr, Span)> {
    let mut out = Vec::new();
    walk_stmts(body, &mut |st| {
        if let Stmt::Exit {
            value: Some(v),
            is_return,
            span,
        } = st
            && (*is_return || file.lang != Lang::Rust)
        {
            out.push((v, *span));
        }
    });
    out
}

struct Analysis<'a> {
    file: &'a File,
    rows: &'a LeakRows,
    func: FnId,
    errors: HashSet<String>,
    leaky: HashMap<String, Vec<Src<'a>>>,
}

impl<'a> Analysis<'a> {
    fn new(file: &'a File, rows: &'a LeakRows, func: FnId, errors: &[String]) -> Self {
        Self {
            file,
            rows,
            func,
            errors: errors.iter().cloned().collect(),
            leaky: HashMap::new(),
        }
    }

    /// Finds the caught errors, then which local names hold a leak (twice, for order).
    fn run(&mut self, body: &'a [Stmt]) {
        let file = self.file;
        walk_stmts(body, &mut |st| {
            let Stmt::Assign { target, span, .. } = st else {
                return;
            };
            for row in &self.rows.error_binding {
                if let Pattern::Destructure {
                    type_name: Some(t),
                    parts,
                } = target
                    && row.pattern.iter().any(|p| p == t)
                    && let [(_, Pattern::Name(n))] = parts.as_slice()
                {
                    self.errors.insert(n.clone());
                }
                if let (Some(re), Pattern::Name(n)) = (&row.before, target) {
                    let start = span.start as usize;
                    let line_start = file.source.text[..start].rfind('\n').map_or(0, |i| i + 1);
                    let before = &file.source.text[line_start..start];
                    if re.is_match(before) {
                        self.errors.insert(n.clone());
                    }
                }
            }
        });
        for _ in 0..2 {
            walk_stmts(body, &mut |st| match st {
                Stmt::Assign { target, value, .. } => {
                    let srcs = self.leaks(value, 0);
                    if !srcs.is_empty() {
                        for n in target.names() {
                            self.add(n, &srcs);
                        }
                    }
                    self.mutations(value);
                }
                Stmt::Eval(e) => self.mutations(e),
                _ => {}
            });
        }
    }

    fn add(&mut self, name: &str, srcs: &[Src<'a>]) {
        let entry = self.leaky.entry(name.to_owned()).or_default();
        for s in srcs {
            if !entry.iter().any(|x| x.span == s.span) {
                entry.push(*s);
            }
        }
    }

    /// `errors.append(tb)`: the receiver holds what is stored in it.
    fn mutations(&mut self, e: &'a Expr) {
        let mut found: Vec<(String, Vec<Src<'a>>)> = Vec::new();
        walk_expr(e, &mut |c| {
            if let ExprKind::Call {
                callee,
                receiver: Some(r),
                args,
            } = &c.kind
                && list_matches(&self.rows.mutators, callee)
                && let Some(n) = r.as_name()
            {
                let srcs: Vec<Src<'a>> =
                    args.iter().flat_map(|a| self.leaks(&a.value, 0)).collect();
                if !srcs.is_empty() {
                    found.push((n.to_owned(), srcs));
                }
            }
        });
        for (n, srcs) in found {
            self.add(&n, &srcs);
        }
    }

    fn is_error(&self, e: &Expr) -> bool {
        e.as_name().is_some_and(|n| self.errors.contains(n))
    }

    /// The leak sources whose value `e` shows.
    fn leaks(&self, e: &'a Expr, depth: usize) -> Vec<Src<'a>> {
        let mut out = Vec::new();
        if depth <= MAX_DEPTH {
            self.collect(e, depth, &mut out);
        }
        out
    }

    /// Whether an argument or option field named `key` hands a child process its environment.
    fn is_child_env(&self, key: Option<&str>) -> bool {
        key.is_some_and(|k| self.rows.child_env_keys.iter().any(|c| c == k))
    }

    fn collect(&self, e: &'a Expr, depth: usize, out: &mut Vec<Src<'a>>) {
        if depth > MAX_DEPTH {
            return;
        }
        let d = depth + 1;
        match &e.kind {
            ExprKind::Str(_) | ExprKind::Func(_) => {}
            ExprKind::Name(n) => self.name(e, n, out),
            ExprKind::Call {
                callee,
                receiver,
                args,
            } => self.collect_call(e, callee, receiver.as_deref(), args, d, out),
            ExprKind::Interp(parts) => self.interp(e, parts, d, out),
            ExprKind::Record(args) => {
                for a in args {
                    self.collect(&a.value, d, out);
                }
            }
            ExprKind::Cond { then, orelse, .. } => {
                self.collect(then, d, out);
                self.collect(orelse, d, out);
            }
            ExprKind::Other(children) => {
                for c in children {
                    self.collect(c, d, out);
                }
            }
        }
    }

    /// The call arm of [`Self::collect`]: a source row's call, an environment dump, or else
    /// (unless the call only compares or is opaque) what its receiver and arguments leak.
    fn collect_call(
        &self,
        e: &'a Expr,
        callee: &str,
        receiver: Option<&'a Expr>,
        args: &'a [Arg],
        d: usize,
        out: &mut Vec<Src<'a>>,
    ) {
        if let Some(row) = self.source_row(callee, args) {
            out.push(Src { span: e.span, row });
            return;
        }
        if [ops::EQ, ops::NE, ops::IN, ops::NOT_IN, ops::NOT].contains(&callee)
            || list_matches(&self.rows.opaque, callee)
        {
            return;
        }
        // `os.environ.copy()` resolved through the `os` import: no receiver.
        if receiver.is_none()
            && let Some((base, _)) = callee.rsplit_once('.')
            && let Some(row) = self.env_row(base)
        {
            if list_matches(&row.dump_methods, callee) {
                out.push(Src { span: e.span, row });
            }
            return;
        }
        if let Some(r) = receiver {
            if let Some(n) = r.as_name()
                && let Some(row) = self.env_row(n)
            {
                // `os.environ.get("X")`, `process.env[k]`: one variable, not a dump.
                if callee != ops::SUBSCRIPT && list_matches(&row.dump_methods, callee) {
                    out.push(Src { span: e.span, row });
                }
                return;
            }
            if callee == ops::SUBSCRIPT {
                // `tb.splitlines()[-1]`: one line, the exception's message.
                if !self.is_line_index(args) {
                    self.collect(r, d, out);
                }
                return;
            }
            self.collect(r, d, out);
        }
        self.collect_args(callee, args, d, out);
    }

    /// The first source row whose call is `callee` and whose error argument, if it names one,
    /// holds an error.
    fn source_row(&self, callee: &str, args: &[Arg]) -> Option<&'a LeakSourceRow> {
        self.rows.source.iter().find(|row| {
            row.call
                .as_ref()
                .is_some_and(|calls| any_matches(calls, callee))
                && row
                    .error_arg
                    .as_ref()
                    .is_none_or(|loc| locate_arg(args, loc).is_some_and(|a| self.is_error(a)))
        })
    }

    /// Whether a subscript's `args` are one integer literal (`[-1]`): one line of a text.
    fn is_line_index(&self, args: &[Arg]) -> bool {
        let index = args
            .first()
            .map(|a| self.file.source.slice(a.value.span).trim());
        args.len() == 1
            && index.is_some_and(|t| {
                let t = t.strip_prefix('-').unwrap_or(t);
                !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit())
            })
    }

    /// What a call's arguments leak, leaving out the environment handed to a child process
    /// (an `env` argument or options field) unless the call serializes its arguments.
    fn collect_args(&self, callee: &str, args: &'a [Arg], d: usize, out: &mut Vec<Src<'a>>) {
        let spawns = !list_matches(&self.rows.serializers, callee);
        for a in args {
            if spawns && self.is_child_env(a.keyword.as_deref()) {
                continue;
            }
            match &a.value.kind {
                // An options object: its `env` field goes to a child process.
                ExprKind::Record(fields) if spawns => {
                    for f in fields {
                        if !self.is_child_env(f.keyword.as_deref()) {
                            self.collect(&f.value, d, out);
                        }
                    }
                }
                _ => self.collect(&a.value, d, out),
            }
        }
    }

    fn env_row(&self, name: &str) -> Option<&'a LeakSourceRow> {
        self.rows
            .source
            .iter()
            .find(|r| r.name.as_ref().is_some_and(|p| any_matches(p, name)))
    }

    fn name(&self, e: &'a Expr, n: &str, out: &mut Vec<Src<'a>>) {
        if let Some(row) = self.env_row(n) {
            out.push(Src { span: e.span, row });
            return;
        }
        if let Some((root, field)) = n.rsplit_once('.')
            && self.errors.contains(root)
            && let Some(row) = self
                .rows
                .source
                .iter()
                .find(|r| r.error_field.as_deref() == Some(field))
        {
            out.push(Src { span: e.span, row });
            return;
        }
        let root = n.split('.').next().unwrap_or(n);
        if let Some(srcs) = self.leaky.get(n).or_else(|| self.leaky.get(root)) {
            out.extend(srcs.iter().copied());
        }
    }

    /// A built string: caught errors formatted with a debug spec (`{e!r}`, `{e:?}`) leak.
    fn interp(&self, e: &'a Expr, parts: &'a [Part], d: usize, out: &mut Vec<Src<'a>>) {
        let holes: Vec<&'a Expr> = parts
            .iter()
            .filter_map(|p| match p {
                Part::Hole(h) => Some(h),
                Part::Lit(_) => None,
            })
            .collect();
        let specs = self.specs(e, &holes);
        for (i, h) in holes.iter().enumerate() {
            if self.is_error(h)
                && let Some(spec) = specs.get(i).and_then(Option::as_deref)
                && let Some(row) = self
                    .rows
                    .source
                    .iter()
                    .find(|r| r.format_spec.as_ref().is_some_and(|re| re.is_match(spec)))
            {
                out.push(Src { span: h.span, row });
                continue;
            }
            self.collect(h, d, out);
        }
    }

    /// The format spec of each hole: Rust placeholders (`{:?}`, `{e:#?}`) from the format
    /// string; elsewhere the text between the hole and its closing brace (`!r` in `{e!r}`).
    fn specs(&self, e: &Expr, holes: &[&Expr]) -> Vec<Option<String>> {
        let text = &self.file.source.text;
        if self.file.lang == Lang::Rust {
            let specs = rust_specs(self.file.source.slice(e.span));
            if specs.len() == holes.len() {
                return specs.into_iter().map(Some).collect();
            }
            return vec![None; holes.len()];
        }
        holes
            .iter()
            .map(|h| {
                let after = text.get(h.span.end as usize..)?;
                let close = after.find('}')?;
                (close <= 16 && h.span.end <= e.span.end).then(|| after[..close].to_owned())
            })
            .collect()
    }

    /// Queues the helpers of this file whose result is returned (`return _fail(e)`), and the
    /// closures of error callbacks in `value`.
    fn follow(&self, value: &'a Expr, w: &Work, queue: &mut Vec<Work>) {
        walk_expr(value, &mut |c| {
            let ExprKind::Call { callee, args, .. } = &c.kind else {
                return;
            };
            if let Some(id) = self.helper(callee) {
                let errors: Vec<String> = self.file.functions[id]
                    .params
                    .iter()
                    .filter(|p| p.kind == mcplint_ir::ParamKind::Normal)
                    .zip(args.iter().filter(|a| a.keyword.is_none()))
                    .filter(|(_, a)| self.is_error(&a.value))
                    .map(|(p, _)| p.name.clone())
                    .collect();
                queue.push(Work {
                    func: id,
                    errors,
                    tool: w.tool.clone(),
                    kind: w.kind.clone(),
                    depth: w.depth + 1,
                    via: w.via.or(Some(c.span)),
                });
            }
            self.callbacks(c, w, queue);
        });
    }

    /// `x.catch(err => ...)`, `r.map_err(|e| ...)`: the closure's first parameter is an error
    /// and its value is part of the result.
    fn callbacks(&self, c: &'a Expr, w: &Work, queue: &mut Vec<Work>) {
        let ExprKind::Call { callee, args, .. } = &c.kind else {
            return;
        };
        let is_callback = self
            .rows
            .error_binding
            .iter()
            .any(|r| r.callback.iter().any(|p| p.matches(callee)));
        if !is_callback {
            return;
        }
        for a in args {
            if let ExprKind::Func(id) = a.value.kind
                && let Some(f) = self.file.functions.get(id)
            {
                queue.push(Work {
                    func: id,
                    errors: f
                        .params
                        .first()
                        .map(|p| p.name.clone())
                        .into_iter()
                        .collect(),
                    tool: w.tool.clone(),
                    kind: w.kind.clone(),
                    depth: w.depth + 1,
                    via: w.via,
                });
            }
        }
    }

    /// A function of this file called as `f(...)`, `self.f(...)`, `this.f(...)` or
    /// `Self::f(...)`.
    fn helper(&self, callee: &str) -> Option<FnId> {
        let name = ["self.", "this.", "cls.", "Self::", "self::"]
            .iter()
            .find_map(|p| callee.strip_prefix(p))
            .unwrap_or(callee);
        if name.contains(['.', ':']) {
            return None;
        }
        let class = self.file.functions.get(self.func).and_then(|f| f.class);
        self.file.functions.iter().position(|f| {
            f.name.as_deref() == Some(name)
                && (f.parent.is_none() || f.parent == Some(0))
                && (f.class.is_none() || f.class == class)
        })
    }
}

/// The specs of the placeholders of the format string in a Rust macro call's source
/// (`format!("{:?} {e:#?} {}", ...)` gives `?`, `#?` and an empty spec).
fn rust_specs(src: &str) -> Vec<String> {
    let Some(start) = src.find('"') else {
        return Vec::new();
    };
    if src[..start].ends_with('r') || src[..start].ends_with('#') {
        return Vec::new();
    }
    let body = &src[start + 1..];
    let mut out = Vec::new();
    let mut chars = body.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            '\\' => {
                chars.next();
            }
            '"' => break,
            '{' if chars.peek().map(|p| p.1) == Some('{') => {
                chars.next();
            }
            '{' => {
                let rest = &body[i + 1..];
                let Some(close) = rest.find('}') else { break };
                let inner = &rest[..close];
                out.push(inner.split_once(':').map_or("", |(_, s)| s).to_owned());
                for _ in 0..=inner.chars().count() {
                    chars.next();
                }
            }
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::rust_specs;

    #[test]
    fn rust_format_specs() {
        assert_eq!(
            rust_specs(r#"format!("a {:?} {e:#?} {{x}} {} \"q\"", e)"#),
            vec!["?", "#?", ""]
        );
        assert!(rust_specs("format!(r\"{:?}\", e)").is_empty());
    }
}
