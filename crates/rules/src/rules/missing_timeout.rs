use foldhash::{HashMap, HashMapExt, HashSet, HashSetExt};

use mcplint_ir::visit::{stmt_expr, walk_expr, walk_stmts};
use mcplint_ir::{Arg, Expr, ExprKind, File, FnId, ParamKind, Pattern, Span, Stmt};

use crate::catalog::any_matches;
use crate::catalog::sections::timeouts::{
    CallRow, ClientRow, DefaultTimeout, GuardRow, LibraryRow, TimeoutRows,
};
use crate::catalog::typed::ArgLocator;
use crate::facts::tools::locate_arg;
use crate::lazy_regex::LazyRegex;
use crate::{Check, Diagnostic, FileContext, Pending, Reached, declare_rule};

declare_rule! {
    /// ## What it does
    /// Finds outbound HTTP requests and subprocess runs, in code a tool, resource or prompt
    /// handler reaches (the handler and the project functions it calls, across files), that
    /// wait without end: their library has no default timeout and none is given, or the
    /// timeout is turned off.
    ///
    /// - Python: `requests.get(...)` and the methods of a `requests.Session()` without
    ///   `timeout=`; `urllib.request.urlopen(url)` without a timeout, unless the program calls
    ///   `socket.setdefaulttimeout`; `subprocess.run`, `call`, `check_call`, `check_output` and
    ///   `Popen(...).communicate()` / `.wait()` without `timeout=`. httpx (5 s) and aiohttp
    ///   (5 minutes) have a finite default: only `timeout=None`, `httpx.Timeout(None)` or an
    ///   `aiohttp.ClientTimeout` without `total` or `sock_read` is reported.
    /// - TypeScript and JavaScript: `fetch(url, options)` without a `signal`; `axios.get(...)`,
    ///   `axios(config)` and the methods of an `axios.create()` instance without `timeout`,
    ///   unless the program sets `axios.defaults.timeout`; `child_process.exec`, `execSync`,
    ///   `execFile`, `execFileSync` and `spawnSync` without a `timeout` option.
    /// - Rust: `reqwest::get(url)` and `.send()` on a `reqwest::Client` built without
    ///   `.timeout(...)` (nor one on the request); `Command::output()` and `.status()` of
    ///   `std::process` and `tokio::process`.
    ///
    /// A timeout on a shared client counts for every call through it: the client is followed
    /// to where it is built, in the same function, at module level, or in the class that sets
    /// the field (`self.session = requests.Session()`). A call inside a bound (`asyncio.wait_for`,
    /// `async with asyncio.timeout(...)`, `anyio.fail_after`, `tokio::time::timeout`) is not
    /// reported, nor is anything a helper called under one does. A client made somewhere the
    /// rule cannot see, an options object it cannot read, or a client configured further
    /// (a mounted adapter, `instance.defaults`) is not reported. The libraries, their defaults
    /// and where each takes its timeout are data in `rules/timeouts.toml`.
    ///
    /// ## Why is this bad?
    /// A tool call that waits on a server that never answers, or on a child process that never
    /// exits, holds the MCP request open without end: the client and the model wait with it,
    /// the server's workers run out, and a model that retries piles up more of them. Anyone who
    /// can make a tool contact a slow host (a URL argument, a repository to clone) can exhaust
    /// the server this way.
    ///
    /// ## Example
    /// ```python
    /// import requests
    /// from mcp.server.fastmcp import FastMCP
    ///
    /// mcp = FastMCP("weather")
    ///
    /// @mcp.tool()
    /// def forecast(city: str) -> str:
    ///     """The forecast for a city."""
    ///     r = requests.get("https://api.weather.example/v1/forecast", params={"q": city})  # expect: missing-timeout
    ///     r.raise_for_status()
    ///     return r.text
    /// ```
    ///
    /// ## Use instead
    /// Give every request a timeout:
    /// ```python
    /// import requests
    /// from mcp.server.fastmcp import FastMCP
    ///
    /// mcp = FastMCP("weather")
    ///
    /// @mcp.tool()
    /// def forecast(city: str) -> str:
    ///     """The forecast for a city."""
    ///     r = requests.get("https://api.weather.example/v1/forecast", params={"q": city}, timeout=10)
    ///     r.raise_for_status()
    ///     return r.text
    /// ```
    ///
    /// ## References
    /// - [CWE-400: Uncontrolled Resource Consumption](https://cwe.mitre.org/data/definitions/400.html)
    /// - [Requests: Timeouts](https://requests.readthedocs.io/en/latest/user/advanced/#timeouts)
    /// - [MCP specification: Timeouts](https://modelcontextprotocol.io/specification/2025-06-18/basic/lifecycle#timeouts)
    pub(crate) MISSING_TIMEOUT {
        name: "missing-timeout",
        severity: Warning,
        cwe: [400],
        summary: "an HTTP request or subprocess run a tool reaches has no timeout",
        languages: [Python, TypeScript, JavaScript, Rust],
        check: Check::Reached(check),
    }
}

/// How many bindings deep a client or an options object is followed.
const MAX_DEPTH: usize = 4;

/// What a call says about a timeout at one place.
#[derive(Clone, Copy)]
enum Timeout<'a> {
    /// A bound is given.
    Given,
    /// None is given.
    Absent,
    /// A value that turns it off (`None`).
    Off(&'a Expr),
    /// The rule cannot tell (an options object it cannot read, `**kwargs`).
    Unknown,
}

/// What a located argument is, before its value is judged.
enum Located<'a> {
    Given(&'a Expr),
    /// Not there, in an options object that is known (`{ method: "POST" }`).
    AbsentFromOptions,
    Absent,
    Unknown,
}

/// A client a request method is called on.
struct Client<'a> {
    row: &'a ClientRow,
    library: &'a LibraryRow,
    /// The client's timeout.
    timeout: Timeout<'a>,
    /// Where it is built.
    built: Span,
}

fn check(cx: &FileContext<'_>, out: &mut Reached) {
    let rows = &cx.catalog.timeouts;
    if rows.is_empty() {
        return;
    }
    let scan = Scan::new(cx.file, rows, &cx.catalog.mcp.function_wrappers);
    out.settings = scan.settings();
    out.cut.clone_from(&scan.bounded);
    for (id, func) in cx.file.functions.iter().enumerate() {
        walk_stmts(&func.body, &mut |st| {
            let Some(e) = stmt_expr(st) else {
                return;
            };
            walk_expr(e, &mut |c| {
                if let Some((library, d)) = scan.judge(id, c) {
                    out.findings.push(Pending {
                        func: id,
                        unless: Some(library.name.clone()),
                        diagnostic: d,
                    });
                }
            });
        });
    }
}

/// One file's bindings, aliases and bounded spans.
struct Scan<'a> {
    file: &'a File,
    rows: &'a TimeoutRows,
    /// Values assigned to each plain name, by function.
    locals: HashMap<(FnId, &'a str), Vec<&'a Expr>>,
    /// Values assigned to each field, by class name: `self.x = ...`, `this.x = ...`, Rust
    /// struct literals `Self { x: ... }` (with the function they are in).
    fields: HashMap<(&'a str, &'a str), Vec<(FnId, &'a Expr)>>,
    /// Names other names stand for (`execAsync` for `promisify(exec)`,
    /// `run = subprocess.check_output`), by function.
    aliases: HashMap<(FnId, &'a str), &'a str>,
    /// `(name, member)` of every call `name.member(...)` and assignment `name.member = ...`.
    touched: HashSet<(&'a str, &'a str)>,
    /// Spans a guard bounds.
    bounded: Vec<Span>,
}

impl<'a> Scan<'a> {
    fn new(file: &'a File, rows: &'a TimeoutRows, wrappers: &[String]) -> Self {
        let mut scan = Scan {
            file,
            rows,
            locals: HashMap::new(),
            fields: HashMap::new(),
            aliases: HashMap::new(),
            touched: HashSet::new(),
            bounded: Vec::new(),
        };
        for (id, func) in file.functions.iter().enumerate() {
            let class = class_of(file, id).map(|c| file.classes[c].name.as_str());
            walk_stmts(&func.body, &mut |st| {
                if let Stmt::Assign { target, value, .. } = st {
                    scan.assignment(id, class, target, value, wrappers);
                }
                if let Some(e) = stmt_expr(st) {
                    walk_expr(e, &mut |c| scan.expression(id, class, c));
                }
            });
        }
        scan
    }

    /// Records what an assignment binds: a local, a field, an alias, a member set.
    fn assignment(
        &mut self,
        id: FnId,
        class: Option<&'a str>,
        target: &'a Pattern,
        value: &'a Expr,
        wrappers: &[String],
    ) {
        let Pattern::Name(name) = target else {
            return;
        };
        let name = name.as_str();
        if let Some(field) = name
            .strip_prefix("self.")
            .or_else(|| name.strip_prefix("this."))
            && let Some(class) = class
        {
            self.fields
                .entry((class, field))
                .or_default()
                .push((id, value));
        }
        for (i, _) in name.match_indices('.') {
            self.touched.insert((&name[..i], &name[i + 1..]));
        }
        self.locals.entry((id, name)).or_default().push(value);
        let aliased = match &value.kind {
            ExprKind::Name(path) => Some(path.as_str()),
            ExprKind::Call { callee, args, .. } if wrappers.iter().any(|w| w == callee) => {
                args.first().and_then(|a| a.value.as_name())
            }
            _ => None,
        };
        if let Some(path) = aliased
            && self.rows.call.iter().any(|r| any_matches(&r.call, path))
        {
            self.aliases.insert((id, name), path);
        }
    }

    /// Records what an expression shows: members called on names, struct literal fields,
    /// guards.
    fn expression(&mut self, id: FnId, class: Option<&'a str>, e: &'a Expr) {
        match &e.kind {
            ExprKind::Call {
                callee,
                receiver,
                args,
            } => {
                if let (Some(member), Some(name)) = (
                    callee.strip_prefix("*."),
                    receiver.as_deref().and_then(Expr::as_name),
                ) {
                    self.touched.insert((name, member));
                }
                if let Some(row) = self
                    .rows
                    .guard
                    .iter()
                    .find(|g| any_matches(&g.call, callee))
                {
                    self.guard(row, e, args);
                }
            }
            // `Self { client: reqwest::Client::new() }`: the field of the enclosing type.
            ExprKind::Record(entries) if self.file.lang == mcplint_ir::Lang::Rust => {
                if let Some(class) = class {
                    for a in entries {
                        if let Some(k) = &a.keyword {
                            self.fields
                                .entry((class, k.as_str()))
                                .or_default()
                                .push((id, &a.value));
                        }
                    }
                }
            }
            _ => {}
        }
    }

    /// Records the span a guard call bounds, if its bound is one.
    fn guard(&mut self, row: &GuardRow, call: &Expr, args: &[Arg]) {
        let bound = row.bound.iter().find_map(|l| locate_arg(args, l));
        let Some(bound) = bound else {
            return;
        };
        if matches_any(&row.unbounded, self.file.source.slice(bound.span).trim()) {
            return;
        }
        match &row.wraps {
            Some(loc) => {
                if let Some(wrapped) = locate_arg(args, loc) {
                    self.bounded.push(wrapped.span);
                }
            }
            None => self
                .bounded
                .push(block_after(&self.file.source.text, call.span)),
        }
    }

    /// The libraries this file gives a timeout for the whole program.
    fn settings(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for row in &self.rows.setting {
            let set = self.file.functions.iter().any(|f| {
                let mut found = false;
                walk_stmts(&f.body, &mut |st| {
                    if let (
                        Some(re),
                        Stmt::Assign {
                            target: Pattern::Name(n),
                            ..
                        },
                    ) = (&row.assign, st)
                        && re.is_match(n)
                    {
                        found = true;
                    }
                    if let (Some(calls), Some(e)) = (&row.call, stmt_expr(st)) {
                        walk_expr(e, &mut |c| {
                            if let ExprKind::Call { callee, .. } = &c.kind
                                && any_matches(calls, callee)
                            {
                                found = true;
                            }
                        });
                    }
                });
                found
            });
            if set && !out.contains(&row.library) {
                out.push(row.library.clone());
            }
        }
        out
    }

    /// The finding for call `e` of function `id`, if it waits without end.
    fn judge(&self, id: FnId, e: &'a Expr) -> Option<(&'a LibraryRow, Diagnostic)> {
        let ExprKind::Call {
            callee,
            receiver,
            args,
        } = &e.kind
        else {
            return None;
        };
        if self.is_bounded(e.span) {
            return None;
        }
        let path = self.alias(id, callee).unwrap_or(callee);
        if let Some(row) = self.rows.call.iter().find(|r| any_matches(&r.call, path)) {
            return self.judge_call(id, e, row, args);
        }
        let method = callee.strip_prefix("*.")?;
        let client = self.client_of(id, receiver.as_deref()?, method, 0)?;
        self.judge_method(id, e, &client, args)
    }

    fn judge_call(
        &self,
        id: FnId,
        e: &Expr,
        row: &'a CallRow,
        args: &'a [Arg],
    ) -> Option<(&'a LibraryRow, Diagnostic)> {
        let library = self.rows.library(&row.library)?;
        let message = match self.timeout(id, args, &row.timeout, library) {
            Timeout::Given | Timeout::Unknown => return None,
            Timeout::Absent if library.default == DefaultTimeout::Finite => return None,
            Timeout::Absent => format!(
                "{} ({}) without a timeout: none is set, and {}",
                library.what, library.name, library.why
            ),
            Timeout::Off(v) => off_message(library, self.file.source.slice(v.span)),
        };
        Some((library, self.diagnostic(e.span, message, library)))
    }

    fn judge_method(
        &self,
        id: FnId,
        e: &Expr,
        client: &Client<'a>,
        args: &'a [Arg],
    ) -> Option<(&'a LibraryRow, Diagnostic)> {
        let library = client.library;
        let d = match self.timeout(id, args, &client.row.call_timeout, library) {
            Timeout::Given | Timeout::Unknown => return None,
            Timeout::Off(v) => self.diagnostic(
                e.span,
                off_message(library, self.file.source.slice(v.span)),
                library,
            ),
            Timeout::Absent => match client.timeout {
                Timeout::Given | Timeout::Unknown => return None,
                Timeout::Absent if library.default == DefaultTimeout::Finite => return None,
                Timeout::Absent => self
                    .diagnostic(
                        e.span,
                        format!(
                            "{} ({}) without a timeout: none is set on the call or on the {} it is made through, and {}",
                            library.what, library.name, library.client, library.why
                        ),
                        library,
                    )
                    .label(
                        &self.file.source.path,
                        client.built,
                        format!("the {} is made here without a timeout", library.client),
                    ),
                Timeout::Off(v) => self
                    .diagnostic(
                        e.span,
                        format!(
                            "{} ({}) through a {} whose timeout is turned off (`{}`): {}",
                            library.what,
                            library.name,
                            library.client,
                            self.file.source.slice(v.span).trim(),
                            library.why
                        ),
                        library,
                    )
                    .label(
                        &self.file.source.path,
                        v.span,
                        format!("the {}'s timeout is turned off here", library.client),
                    ),
            },
        };
        Some((library, d))
    }

    fn diagnostic(&self, span: Span, message: String, library: &LibraryRow) -> Diagnostic {
        Diagnostic::new(&MISSING_TIMEOUT, &self.file.source.path, span, message)
            .help(library.help.clone())
    }

    fn is_bounded(&self, span: Span) -> bool {
        self.bounded
            .iter()
            .any(|b| b.start <= span.start && span.end <= b.end)
    }

    /// The library function a name of function `id` (or of a function around it) stands for.
    fn alias(&self, id: FnId, name: &str) -> Option<&'a str> {
        scopes(self.file, id).find_map(|f| self.aliases.get(&(f, name)).copied())
    }

    /// What the timeout locators `locs` find among `args`, judged with `library`'s values.
    fn timeout(
        &self,
        id: FnId,
        args: &'a [Arg],
        locs: &[ArgLocator],
        library: &LibraryRow,
    ) -> Timeout<'a> {
        let mut absent_from_options = false;
        let mut unknown = args.iter().any(|a| a.spread);
        for loc in locs {
            match self.locate(id, args, loc) {
                Located::Given(v) => {
                    let text = self.file.source.slice(v.span).trim();
                    return if matches_any(&library.unbounded, text)
                        && !matches_any(&library.bounded, text)
                    {
                        Timeout::Off(v)
                    } else {
                        Timeout::Given
                    };
                }
                Located::AbsentFromOptions => absent_from_options = true,
                Located::Unknown => unknown = true,
                Located::Absent => {}
            }
        }
        if unknown && !absent_from_options {
            Timeout::Unknown
        } else {
            Timeout::Absent
        }
    }

    /// The argument at `loc`; for an options field, read in the object literal the argument is
    /// or a name of the function is bound to.
    fn locate(&self, id: FnId, args: &'a [Arg], loc: &ArgLocator) -> Located<'a> {
        let ArgLocator::Field(base, fields) = loc else {
            return match locate_arg(args, loc) {
                Some(v) => Located::Given(v),
                None => Located::Absent,
            };
        };
        let Some(mut value) = locate_arg(args, base) else {
            return Located::Absent;
        };
        for _ in 0..MAX_DEPTH {
            let ExprKind::Name(n) = &value.kind else {
                break;
            };
            // `options.timeout = ms` after the literal: set on some paths.
            if fields
                .first()
                .is_some_and(|f| self.touched.contains(&(n.as_str(), &**f)))
            {
                return Located::Unknown;
            }
            match self.single_value(id, n) {
                Some(v) => value = v,
                None => return Located::Unknown,
            }
        }
        match &value.kind {
            ExprKind::Record(entries) => {
                let keyed = entries.iter().any(|a| a.keyword.is_some() || a.spread);
                if !keyed && !entries.is_empty() {
                    // A list: the program's arguments, not options.
                    return Located::Absent;
                }
                match fields
                    .first()
                    .and_then(|f| entries.iter().find(|a| a.keyword.as_deref() == Some(f)))
                {
                    Some(a) => Located::Given(&a.value),
                    None if entries.iter().any(|a| a.spread) => Located::Unknown,
                    None => Located::AbsentFromOptions,
                }
            }
            ExprKind::Str(_) | ExprKind::Interp(_) | ExprKind::Func(_) => Located::Absent,
            _ => Located::Unknown,
        }
    }

    /// The one value a name is bound to in function `id` or around it (none when it is a
    /// parameter or bound more than once).
    fn single_value(&self, id: FnId, name: &str) -> Option<&'a Expr> {
        match self.values(id, name)?.as_slice() {
            [(_, v)] => Some(v),
            _ => None,
        }
    }

    /// The values a name is bound to, with their functions: a field's in its class, a local's
    /// in the nearest function around `id` that binds it (none when a parameter is nearer).
    fn values(&self, id: FnId, name: &str) -> Option<Vec<(FnId, &'a Expr)>> {
        if let Some(field) = name
            .strip_prefix("self.")
            .or_else(|| name.strip_prefix("this."))
        {
            let class = class_of(self.file, id)?;
            let class = self.file.classes[class].name.as_str();
            return self.fields.get(&(class, field)).cloned();
        }
        for f in scopes(self.file, id) {
            if self.file.functions[f]
                .params
                .iter()
                .any(|p| p.name == name && p.kind != ParamKind::SelfParam)
            {
                return None;
            }
            if let Some(vs) = self.locals.get(&(f, name)) {
                return Some(vs.iter().map(|v| (f, *v)).collect());
            }
        }
        None
    }

    /// The client whose method `method` is called on `receiver`, if the rule can see it made.
    fn client_of(
        &self,
        id: FnId,
        receiver: &'a Expr,
        method: &str,
        depth: usize,
    ) -> Option<Client<'a>> {
        let (root, chain) = chain_root(receiver);
        // A binding's value is a client only as made (`Client::builder()...build()`) or as
        // another name for one: `data = response.json()` is not.
        if depth > 0 && !chain.is_empty() && matches!(root.kind, ExprKind::Name(_)) {
            return None;
        }
        let client = match &root.kind {
            ExprKind::Call { callee, args, .. } => {
                let row = self.rows.client.iter().find(|r| {
                    any_matches(&r.new, callee) && r.methods.iter().any(|m| m == method)
                })?;
                let library = self.rows.library(&row.library)?;
                Client {
                    row,
                    library,
                    timeout: self.timeout(id, args, &row.timeout, library),
                    built: root.span,
                }
            }
            ExprKind::Name(name) if depth < MAX_DEPTH => {
                let values = self.values(id, name)?;
                let mut found: Option<Client<'a>> = None;
                for (f, v) in values {
                    let c = self.client_of(f, v, method, depth + 1)?;
                    // Every binding must say the same; the first one that sets no timeout is
                    // shown.
                    if let Some(prev) = &found
                        && !std::ptr::eq(prev.row, c.row)
                    {
                        return None;
                    }
                    match (&found, c.timeout) {
                        (_, Timeout::Given | Timeout::Unknown) => return None,
                        (Some(_), _) => {}
                        (None, _) => found = Some(c),
                    }
                }
                let c = found?;
                if c.row
                    .configured_by
                    .iter()
                    .any(|m| self.touched.contains(&(name.as_str(), m.as_str())))
                {
                    return None;
                }
                c
            }
            _ => return None,
        };
        // A timeout set on the builder or the request on the way (`.timeout(d)`); or a request
        // already made on the way (`session.get(url).json().get("x")`: a dict's `get`).
        let on_the_way = |names: &[String]| chain.iter().any(|m| names.iter().any(|t| t == m));
        if on_the_way(&client.row.timeout_methods) || on_the_way(&client.row.methods) {
            return None;
        }
        Some(client)
    }
}

/// The expression a method chain starts at and the methods called on it, innermost first
/// (`c.get(u).header(k, v)` gives `c` and `[get, header]`).
fn chain_root(e: &Expr) -> (&Expr, Vec<&str>) {
    let mut methods = Vec::new();
    let mut at = e;
    loop {
        match &at.kind {
            ExprKind::Call {
                callee,
                receiver: Some(r),
                ..
            } if callee.starts_with("*.") => {
                methods.push(&callee[2..]);
                at = r;
            }
            ExprKind::Other(children) if children.len() == 1 => at = &children[0],
            _ => break,
        }
    }
    methods.reverse();
    (at, methods)
}

/// Function `id` and the functions it is written in, innermost first, up to the module.
fn scopes(file: &File, id: FnId) -> impl Iterator<Item = FnId> + '_ {
    std::iter::successors(Some(id), move |&f| {
        file.functions.get(f)?.parent.or((f != 0).then_some(0))
    })
}

/// The class whose method function `id` is, or is written in.
fn class_of(file: &File, id: FnId) -> Option<usize> {
    scopes(file, id).find_map(|f| file.functions.get(f)?.class)
}

fn matches_any(res: &[LazyRegex], text: &str) -> bool {
    res.iter().any(|re| re.is_match(text))
}

/// The message for a call whose own timeout is turned off by `value`.
fn off_message(library: &LibraryRow, value: &str) -> String {
    format!(
        "{} ({}) with its timeout turned off (`{}`): {}",
        library.what,
        library.name,
        value.trim(),
        library.why
    )
}

/// The block a Python `with` statement at `call` opens: from the end of its line to the last
/// line indented deeper than it.
fn block_after(text: &str, call: Span) -> Span {
    let start = (call.start as usize).min(text.len());
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let indent = |line: &str| line.len() - line.trim_start().len();
    let own = indent(&text[line_start..]);
    let Some(line_end) = text[start..].find('\n').map(|i| start + i + 1) else {
        return Span::new(start, text.len());
    };
    let mut end = line_end;
    for line in text[line_end..].split_inclusive('\n') {
        if !line.trim().is_empty() && indent(line) <= own {
            break;
        }
        end += line.len();
    }
    Span::new(call.start as usize, end)
}

#[cfg(test)]
mod tests {
    use super::block_after;
    use mcplint_ir::Span;

    #[test]
    fn a_with_block_ends_at_the_first_line_indented_no_deeper() {
        let text = "async def f():\n    async with asyncio.timeout(5):\n        a()\n\n        b()\n    c()\n";
        let call = text.find("asyncio").unwrap();
        let block = block_after(text, Span::new(call, call + 18));
        let inside = &text[block.range()];
        assert!(inside.contains("a()") && inside.contains("b()"));
        assert!(!inside.contains("c()"));
    }
}
