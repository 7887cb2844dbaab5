use foldhash::{HashSet, HashSetExt};

use mcplint_ir::{Arg, Expr, ExprKind, File, FnId, Lang, Span, Stmt, ops};

use crate::catalog::any_matches;
use crate::catalog::sections::transport::{CorsRow, SettingRow, TransportRows};
use crate::catalog::typed::CalleePattern;
use crate::facts::binds::{BindHit, Binds, is_test_file, serves_http};
use crate::facts::tools::last_segment;
use crate::facts::transport::list_matches;
use crate::{Check, Diagnostic, FileContext, Severity, declare_rule};
use mcplint_ir::visit::{walk_exprs, walk_stmts};

declare_rule! {
    /// ## What it does
    /// Finds MCP servers that are reachable, or talk to others, more openly than they should:
    ///
    /// - an HTTP transport (SSE or streamable HTTP) bound to every interface (`0.0.0.0`, `::`)
    ///   by default: `FastMCP("x", host="0.0.0.0")`, `mcp.run(transport="http", host=...)`,
    ///   `mcp.settings.host = ...`, `uvicorn.run(mcp.sse_app(), host=...)`, a `--host` option
    ///   whose default is `0.0.0.0`, `os.environ.get("HOST", "0.0.0.0")`; `app.listen(port,
    ///   "0.0.0.0")` and `createMcpExpressApp({ host: "0.0.0.0" })` next to a
    ///   `StreamableHTTPServerTransport`; `TcpListener::bind("0.0.0.0:8000")`,
    ///   `SocketAddr::from(([0, 0, 0, 0], port))` or `Ipv4Addr::UNSPECIFIED` next to rmcp's
    ///   `SseServer` or `StreamableHttpService`. Constants are followed (`HOST = "0.0.0.0"`, then
    ///   `host=HOST`). Bind addresses are only reported in files that serve MCP over HTTP, so
    ///   a plain web app is not. Node's `app.listen(port)` without a host also listens on every
    ///   interface, but it is how nearly every example is written and says nothing about intent,
    ///   so it is not reported: only an address written in the code is;
    /// - CORS that allows every origin together with credentials: Starlette/FastAPI
    ///   `CORSMiddleware` with `allow_origins=["*"]` and `allow_credentials=True`, `cors({ origin:
    ///   "*" | true, credentials: true })`, tower-http `CorsLayer::very_permissive()` or
    ///   `allow_origin(Any)` with `allow_credentials(true)`;
    /// - certificate verification turned off by a literal, in any file: `verify=False`
    ///   (requests, httpx), `ssl=False` (aiohttp), `ssl._create_unverified_context()`,
    ///   `ssl.CERT_NONE`, `check_hostname = False`; `rejectUnauthorized: false`,
    ///   `NODE_TLS_REJECT_UNAUTHORIZED = "0"`; `danger_accept_invalid_certs(true)`,
    ///   `danger_accept_invalid_hostnames(true)` and rustls verifiers whose
    ///   `verify_server_cert` accepts every certificate. A setting read from configuration
    ///   (`verify=settings.verify_ssl`) is not reported, nor one in a branch that configuration
    ///   chooses (`if not cfg.verify_tls: ctx.verify_mode = ssl.CERT_NONE`) or in a class used
    ///   only in such branches (an adapter mounted when `ssl_verify` is off); a retry without
    ///   verification in an `except` handler is;
    /// - DNS-rebinding protection switched off (`TransportSecuritySettings(
    ///   enable_dns_rebinding_protection=False)`) in a file that also binds the transport to every
    ///   interface. Switched off behind a reverse proxy that checks the `Host` header it is a
    ///   deployment choice, so it is not reported alone; in the TypeScript SDK the option is off
    ///   by default, so `enableDnsRebindingProtection: false` changes nothing and is not reported.
    ///
    /// Binding and DNS-rebinding findings are warnings; CORS and certificate findings are errors.
    /// Test files (`tests/`, `test_*.py`, `*.test.ts`) are not checked: tests bind, trust and
    /// switch off on purpose. The calls, keys, values and test paths are data in
    /// `rules/transport.toml`.
    ///
    /// ## Why is this bad?
    /// An MCP server runs tools with the user's rights. Bound to every interface, anyone on the
    /// same network (a café, a conference, a shared office) can list and call them; most MCP
    /// servers have no authentication. A browser can reach it too: with DNS rebinding a web
    /// page makes its own name resolve to the server, and without a `Host` check the server
    /// answers. CORS for every origin with credentials lets any web page call the server with the
    /// user's cookies and read the answers. Without certificate verification, whoever sits on
    /// the network path reads and rewrites the traffic between the server and the APIs it calls,
    /// API keys included.
    ///
    /// ## Example
    /// ```python
    /// import os
    ///
    /// import httpx
    /// from mcp.server.fastmcp import FastMCP
    ///
    /// mcp = FastMCP("weather", host=os.environ.get("HOST", "0.0.0.0"))  # expect: exposed-transport, unauthenticated-transport
    ///
    /// @mcp.tool()
    /// async def forecast(city: str) -> str:
    ///     """The forecast for a city."""
    ///     async with httpx.AsyncClient(verify=False) as client:  # expect: exposed-transport
    ///         r = await client.get("https://api.weather.example/v1/forecast", params={"q": city})
    ///         return r.text
    ///
    /// if __name__ == "__main__":
    ///     mcp.run(transport="streamable-http")
    /// ```
    ///
    /// ## Use instead
    /// Listen on the loopback interface (the default of `FastMCP`) unless the deployment asks for more
    /// (and then put authentication and TLS in front, see `unauthenticated-transport`), and keep
    /// certificate verification on:
    /// ```python
    /// import httpx
    /// from mcp.server.fastmcp import FastMCP
    ///
    /// mcp = FastMCP("weather")
    ///
    /// @mcp.tool()
    /// async def forecast(city: str) -> str:
    ///     """The forecast for a city."""
    ///     async with httpx.AsyncClient() as client:
    ///         r = await client.get("https://api.weather.example/v1/forecast", params={"q": city})
    ///         return r.text
    ///
    /// if __name__ == "__main__":
    ///     mcp.run(transport="streamable-http")
    /// ```
    ///
    /// ## References
    /// - [CWE-1327: Binding to an Unrestricted IP Address](https://cwe.mitre.org/data/definitions/1327.html)
    /// - [CWE-942: Permissive Cross-domain Policy with Untrusted Domains](https://cwe.mitre.org/data/definitions/942.html)
    /// - [CWE-295: Improper Certificate Validation](https://cwe.mitre.org/data/definitions/295.html)
    /// - [CWE-350: Reliance on Reverse DNS Resolution for a Security-Critical Action](https://cwe.mitre.org/data/definitions/350.html)
    /// - [MCP specification: transports, security warning](https://modelcontextprotocol.io/specification/2025-06-18/basic/transports#security-warning)
    pub(crate) EXPOSED_TRANSPORT {
        name: "exposed-transport",
        severity: Error,
        cwe: [1327, 942, 295, 350],
        summary: "an MCP transport listens on every interface, trusts every origin or skips certificate checks",
        languages: [Python, TypeScript, JavaScript, Rust],
        check: Check::Ir(check),
    }
}

/// How deeply an address expression is followed through names and calls.
const MAX_DEPTH: usize = 8;

const HELP_BIND: &str = "listen on 127.0.0.1 by default; let a deployment opt in to a public address, behind authentication and TLS";
const HELP_CORS: &str =
    "list the origins that may call the server, or drop credentials from the CORS policy";
const HELP_REBINDING: &str =
    "keep DNS-rebinding protection on and list the allowed hosts (`allowed_hosts`) instead";

fn help_tls(lang: Lang) -> &'static str {
    match lang {
        Lang::TypeScript | Lang::JavaScript => {
            "keep certificate verification on; pass the server's CA with `ca:` (or NODE_EXTRA_CA_CERTS) if it uses a private one"
        }
        Lang::Rust => {
            "keep certificate verification on; add a private CA with `add_root_certificate` instead"
        }
        _ => {
            "keep certificate verification on; point `verify=` at the CA bundle (a path) if the server uses a private CA"
        }
    }
}

fn check(cx: &FileContext<'_>, out: &mut Vec<Diagnostic>) {
    let t = &cx.catalog.transport;
    if t.is_empty() {
        return;
    }
    let file = cx.file;
    let mut s = Scan {
        t,
        file,
        path: file.source.path.as_str(),
        binds: Binds::new(file, t),
        seen: HashSet::new(),
        out,
        bound_everywhere: false,
    };
    // Tests bind, trust and switch off on purpose, against servers of their own.
    if is_test_file(file, t) {
        return;
    }
    if serves_http(file, t) {
        s.report_every_interface_binds();
    }
    s.cors();
    s.settings(&t.tls_off, Severity::Error);
    s.verifiers();
    if s.bound_everywhere {
        s.settings(&t.rebinding_off, Severity::Warning);
    }
}

/// A setting that switches a protection off: where, as shown in the message, and its row.
type SettingHit<'a> = (Span, String, &'a SettingRow);

struct Scan<'a, 'o> {
    t: &'a TransportRows,
    file: &'a File,
    path: &'a str,
    binds: Binds<'a>,
    seen: HashSet<(Span, &'static str)>,
    out: &'o mut Vec<Diagnostic>,
    /// A bind to every interface was reported.
    bound_everywhere: bool,
}

impl<'a> Scan<'a, '_> {
    // -----------------------------------------------------------------------------------------
    // Bind addresses

    /// Reports every bind to all interfaces, once per address.
    fn report_every_interface_binds(&mut self) {
        let hits = self.binds.bind_hits();
        self.report_binds(hits);
    }

    /// Reports `hits`, once per address, and notes that the server is bound everywhere.
    fn report_binds(&mut self, hits: Vec<BindHit>) {
        for (w, site, how) in hits {
            if !self.seen.insert((w.at, "bind")) {
                continue;
            }
            self.bound_everywhere = true;
            let addr = format!(
                "`{}`",
                crate::diagnostic::escape(self.file.source.slice(w.at), 40)
            );
            let message = match (how, w.default) {
                ("option", _) => format!(
                    "the host option defaults to {addr}, every network interface: anyone who can reach the machine can call the MCP server's tools"
                ),
                (_, true) => format!(
                    "the MCP HTTP transport listens on every network interface ({addr}) unless configured otherwise: anyone who can reach the machine can call its tools"
                ),
                _ => format!(
                    "the MCP HTTP transport listens on every network interface ({addr}): anyone who can reach the machine can call its tools"
                ),
            };
            let mut d =
                Diagnostic::new(&EXPOSED_TRANSPORT, self.path, w.at, message).help(HELP_BIND);
            d.severity = Severity::Warning;
            if !(site.start <= w.at.start && w.at.end <= site.end) {
                d = d.label(self.path, site, "the server is bound here");
            }
            self.out.push(d);
        }
    }

    // -----------------------------------------------------------------------------------------
    // CORS

    fn cors(&mut self) {
        let mut done: Vec<Span> = Vec::new();
        let mut hits: Vec<(Span, Span)> = Vec::new();
        self.binds.each_expr(|id, e| {
            if !matches!(e.kind, ExprKind::Call { .. })
                || done
                    .iter()
                    .any(|s| s.start <= e.span.start && e.span.end <= s.end)
            {
                return;
            }
            let chain = chain_of(e);
            for row in &self.t.cors {
                let is_config = chain
                    .iter()
                    .any(|(callee, _, _)| any_matches(&row.call, callee));
                if !is_config {
                    continue;
                }
                done.push(e.span);
                if let Some(hit) = self.cors_hit(row, &chain, id) {
                    hits.push(hit);
                }
                break;
            }
        });
        for (o, c) in hits {
            if !self.seen.insert((o, "cors")) {
                continue;
            }
            let mut d = Diagnostic::new(
                &EXPOSED_TRANSPORT,
                self.path,
                o,
                "CORS allows every origin together with credentials: any web page can call the server as the user and read the answers",
            )
            .help(HELP_CORS);
            if c != o {
                d = d.label(self.path, c, "credentials are allowed here");
            }
            self.out.push(d);
        }
    }

    /// In a configuration `chain` (calls with their arguments and spans) matched by `row`:
    /// where every origin is allowed and where credentials are, when both are.
    fn cors_hit(
        &self,
        row: &CorsRow,
        chain: &[(&str, &'a [Arg], Span)],
        id: FnId,
    ) -> Option<(Span, Span)> {
        let mut origin: Option<Span> = None;
        let mut credentials: Option<Span> = None;
        for (callee, args, span) in chain {
            if list_matches(&row.any_origin_calls, callee) {
                origin = origin.or(Some(*span));
            }
            if list_matches(&row.credentialed_calls, callee) {
                credentials = credentials.or(Some(*span));
            }
            let method = last_segment(callee);
            let first = args.iter().find(|a| a.keyword.is_none()).map(|a| &a.value);
            if row.origin.iter().any(|k| k == method)
                && let Some(v) = first
                && self.any_origin(v, id, 0)
            {
                origin = origin.or(Some(v.span));
            }
            if row.credentials.iter().any(|k| k == method)
                && let Some(v) = first
                && self.is_true(v)
            {
                credentials = credentials.or(Some(v.span));
            }
            let entries = args
                .iter()
                .chain(args.iter().flat_map(|a| match &a.value.kind {
                    ExprKind::Record(inner) => inner.as_slice(),
                    _ => &[],
                }));
            for a in entries {
                let Some(k) = a.keyword.as_deref() else {
                    continue;
                };
                if row.origin.iter().any(|o| o == k) && self.any_origin(&a.value, id, 0) {
                    origin = origin.or(Some(a.value.span));
                }
                if row.credentials.iter().any(|c| c == k) && self.is_true(&a.value) {
                    credentials = credentials.or(Some(a.value.span));
                }
            }
        }
        Some((origin?, credentials?))
    }

    fn any_origin(&self, e: &'a Expr, func: FnId, depth: usize) -> bool {
        if depth > MAX_DEPTH {
            return false;
        }
        match &e.kind {
            ExprKind::Str(s) => self.t.any_origins.iter().any(|o| o == s),
            ExprKind::Name(n) => {
                list_matches(&self.t.any_origin_names, n)
                    || self
                        .binds
                        .names
                        .value(self.file, func, n)
                        .is_some_and(|(v, owner)| self.any_origin(v, owner, depth + 1))
            }
            ExprKind::Record(entries) => entries
                .iter()
                .any(|a| a.keyword.is_none() && self.any_origin(&a.value, func, depth + 1)),
            ExprKind::Call { callee, .. } => self
                .t
                .cors
                .iter()
                .any(|r| list_matches(&r.any_origin_calls, callee)),
            _ => false,
        }
    }

    fn is_true(&self, e: &Expr) -> bool {
        e.as_name()
            .is_some_and(|n| self.t.true_values.iter().any(|v| v == n))
    }

    // -----------------------------------------------------------------------------------------
    // Settings: certificate verification, DNS-rebinding protection

    /// Reports every use of a setting in `rows` that switches a protection off, once per site,
    /// at `severity`.
    fn settings(&mut self, rows: &'a [SettingRow], severity: Severity) {
        let mut hits: Vec<SettingHit<'a>> = Vec::new();
        self.binds.each_expr(|id, e| match &e.kind {
            ExprKind::Call {
                callee,
                args,
                receiver: _,
            } => self.setting_call_hits(id, e, callee, args, rows, &mut hits),
            ExprKind::Record(entries) => {
                for row in rows {
                    let Some(key) = &row.key else { continue };
                    for a in entries.iter().filter(|a| a.keyword.as_ref() == Some(key)) {
                        if self.has_value(&a.value, row, id) {
                            hits.push((a.value.span, self.show_arg(a), row));
                        }
                    }
                }
            }
            _ => {}
        });
        self.binds.each_assign(|id, target, value| {
            for row in rows {
                let Some(re) = &row.assign else { continue };
                if re.is_match(target) && self.has_value(value, row, id) {
                    let shown = format!("{}{}", target.trim_start(), self.show(value));
                    hits.push((value.span, shown, row));
                }
            }
        });
        self.setting_name_hits(rows, &mut hits);
        self.report_settings(hits, severity);
    }

    /// The setting hits of the call `e` in function `id`: the call itself for rows without an
    /// argument, else each located argument holding a row's value.
    fn setting_call_hits(
        &self,
        id: FnId,
        e: &'a Expr,
        callee: &str,
        args: &'a [Arg],
        rows: &'a [SettingRow],
        hits: &mut Vec<SettingHit<'a>>,
    ) {
        for row in rows {
            if !row.call.as_ref().is_some_and(|c| any_matches(c, callee)) {
                continue;
            }
            match &row.arg {
                None => hits.push((e.span, self.show(e), row)),
                Some(locs) => {
                    for loc in locs.items() {
                        if let Some(i) = crate::facts::tools::locate_arg_index(args, loc)
                            && self.has_value(&args[i].value, row, id)
                        {
                            let shown = match &args[i].keyword {
                                Some(_) => self.show_arg(&args[i]),
                                None => format!(
                                    "{}({})",
                                    last_segment(callee),
                                    self.show(&args[i].value)
                                ),
                            };
                            hits.push((args[i].value.span, shown, row));
                        }
                    }
                }
            }
        }
    }

    /// The setting hits of names used in assigned, evaluated or returned values (rows with a
    /// `name`).
    fn setting_name_hits(&self, rows: &'a [SettingRow], hits: &mut Vec<SettingHit<'a>>) {
        let name_rows: Vec<&SettingRow> = rows.iter().filter(|r| r.name.is_some()).collect();
        if name_rows.is_empty() {
            return;
        }
        for func in &self.file.functions {
            walk_stmts(&func.body, &mut |st| match st {
                Stmt::Assign { value, .. }
                | Stmt::Eval(value)
                | Stmt::Exit {
                    value: Some(value), ..
                } => names_used(value, &mut |e, n| {
                    for row in &name_rows {
                        if row.name.as_ref().is_some_and(|p| any_matches(p, n)) {
                            hits.push((e.span, n.to_owned(), row));
                        }
                    }
                }),
                _ => {}
            });
        }
    }

    /// Reports `hits` outside conditional code, once per site, at `severity`.
    fn report_settings(&mut self, hits: Vec<SettingHit<'a>>, severity: Severity) {
        let mut optional = conditional_ranges(self.file);
        optional.extend(classes_used_only_conditionally(self.file, &optional));
        for (span, shown, row) in hits {
            // `if not settings.verify_tls: ctx.verify_mode = ssl.CERT_NONE` is an opt-out the
            // deployment chooses, not a default.
            if optional
                .iter()
                .any(|r| r.start <= span.start && span.end <= r.end)
            {
                continue;
            }
            if !self.seen.insert((span, "setting")) {
                continue;
            }
            let help = if severity == Severity::Warning {
                HELP_REBINDING
            } else {
                help_tls(self.file.lang)
            };
            let mut d = Diagnostic::new(
                &EXPOSED_TRANSPORT,
                self.path,
                span,
                format!("`{}` {}", crate::diagnostic::escape(&shown, 80), row.what),
            )
            .help(help);
            d.severity = severity;
            self.out.push(d);
        }
    }

    fn has_value(&self, e: &'a Expr, row: &SettingRow, func: FnId) -> bool {
        let text = match &e.kind {
            ExprKind::Str(s) => s.as_str(),
            ExprKind::Name(n) => {
                if let Some((v, owner)) = self.binds.names.value(self.file, func, n) {
                    return self.has_value(v, row, owner);
                }
                n.as_str()
            }
            _ => self.file.source.slice(e.span).trim(),
        };
        row.value.iter().any(|v| v == text)
    }

    fn show(&self, e: &Expr) -> String {
        self.file.source.slice(e.span).trim().to_owned()
    }

    fn show_arg(&self, a: &Arg) -> String {
        match &a.keyword {
            Some(k) => {
                let sep = if self.file.lang == Lang::Python {
                    "="
                } else {
                    ": "
                };
                format!("{k}{sep}{}", self.show(&a.value))
            }
            None => self.show(&a.value),
        }
    }

    /// rustls verifiers whose check accepts every certificate.
    fn verifiers(&mut self) {
        let file = self.file;
        for class in &file.classes {
            for row in &self.t.accept_all_verifier {
                let implements = class
                    .bases
                    .iter()
                    .any(|b| b.as_name().is_some_and(|n| any_matches(&row.trait_, n)));
                if !implements {
                    continue;
                }
                for &m in &class.methods {
                    let Some(func) = file.functions.get(m) else {
                        continue;
                    };
                    if func.name.as_deref() != Some(row.method.as_str())
                        || !accepts_all(&func.body, &row.accepts)
                    {
                        continue;
                    }
                    if !self.seen.insert((func.name_span, "setting")) {
                        continue;
                    }
                    self.out.push(
                        Diagnostic::new(
                            &EXPOSED_TRANSPORT,
                            self.path,
                            func.name_span,
                            format!(
                                "certificate verifier `{}` accepts every certificate: certificate verification is off",
                                class.name
                            ),
                        )
                        .help(help_tls(file.lang)),
                    );
                }
            }
        }
    }
}

/// The ranges of the branches of `if`s that test a condition (not `if __name__ ==
/// "__main__"`, nor branches with an opaque test).
fn conditional_ranges(file: &File) -> Vec<Span> {
    let mut out = Vec::new();
    for func in &file.functions {
        walk_stmts(&func.body, &mut |st| {
            if let Stmt::If { test, then, orelse } = st {
                let opaque = matches!(&test.kind, ExprKind::Other(c) if c.is_empty());
                if opaque || file.source.slice(test.span).contains("__name__") {
                    return;
                }
                out.extend([then, orelse].into_iter().filter_map(|b| stmts_span(b)));
            }
        });
    }
    out
}

/// The spans of the classes of `file` used only inside `optional` ranges: an adapter that
/// turns verification off (`class SSLIgnoreAdapter` with `verify=False`) mounted only in `if not
/// ssl_verify:` is the same opt-out as the setting written in that branch. A class that is never
/// named, that another class of the file extends, or that is named once outside such a branch
/// is not one.
fn classes_used_only_conditionally(file: &File, optional: &[Span]) -> Vec<Span> {
    let inside = |span: Span| {
        optional
            .iter()
            .any(|r| r.start <= span.start && span.end <= r.end)
    };
    let names_class = |text: &str, class: &str| {
        text == class
            || text
                .strip_suffix(class)
                .is_some_and(|head| head.ends_with('.'))
    };
    let mut out = Vec::new();
    for class in &file.classes {
        let extended = file.classes.iter().any(|c| {
            c.bases
                .iter()
                .any(|b| names_class(file.source.slice(b.span).trim(), &class.name))
        });
        if extended {
            continue;
        }
        let (mut uses, mut all_inside) = (0usize, true);
        for func in &file.functions {
            walk_exprs(&func.body, &mut |e| {
                let named = match &e.kind {
                    ExprKind::Name(n) => names_class(n, &class.name),
                    ExprKind::Call { callee, .. } => names_class(callee, &class.name),
                    _ => false,
                };
                if named {
                    uses += 1;
                    all_inside &= inside(e.span);
                }
            });
        }
        if uses > 0 && all_inside {
            out.push(class.span);
        }
    }
    out
}

/// The range a list of statements covers.
fn stmts_span(stmts: &[Stmt]) -> Option<Span> {
    stmts
        .iter()
        .filter_map(|st| match st {
            Stmt::Assign { span, .. } | Stmt::Exit { span, .. } | Stmt::Jump(span) => Some(*span),
            Stmt::Eval(e) => Some(e.span),
            Stmt::If { test, then, orelse } => Some(
                [stmts_span(then), stmts_span(orelse)]
                    .into_iter()
                    .flatten()
                    .fold(test.span, Span::cover),
            ),
            Stmt::Loop(body) => stmts_span(body),
            Stmt::Try {
                body,
                handlers,
                orelse,
                finally,
            } => [body, orelse, finally]
                .into_iter()
                .chain(handlers.iter().map(|h| &h.body))
                .filter_map(|b| stmts_span(b))
                .reduce(Span::cover),
        })
        .reduce(Span::cover)
}

/// A call and the calls it is chained on (`CorsLayer::new().allow_origin(Any)`), outermost
/// first: callee, arguments and span of each.
fn chain_of(e: &Expr) -> Vec<(&str, &[Arg], Span)> {
    let mut out = Vec::new();
    let mut cur = Some(e);
    while let Some(c) = cur {
        match &c.kind {
            ExprKind::Call {
                callee,
                receiver,
                args,
            } => {
                out.push((callee.as_str(), args.as_slice(), c.span));
                cur = receiver.as_deref();
            }
            ExprKind::Other(children) if children.len() == 1 => cur = children.first(),
            _ => cur = None,
        }
    }
    out
}

/// Names used as values in `e`: not as operands of a comparison (`mode == ssl.CERT_NONE`).
fn names_used<'e>(e: &'e Expr, f: &mut impl FnMut(&'e Expr, &'e str)) {
    match &e.kind {
        ExprKind::Name(n) => f(e, n),
        ExprKind::Call {
            callee,
            receiver,
            args,
        } => {
            if [ops::EQ, ops::NE, ops::IN, ops::NOT_IN].contains(&callee.as_str()) {
                return;
            }
            if let Some(r) = receiver {
                names_used(r, f);
            }
            for a in args {
                names_used(&a.value, f);
            }
        }
        ExprKind::Interp(parts) => {
            for p in parts {
                if let mcplint_ir::Part::Hole(h) = p {
                    names_used(h, f);
                }
            }
        }
        ExprKind::Record(args) => {
            for a in args {
                names_used(&a.value, f);
            }
        }
        ExprKind::Cond { then, orelse, .. } => {
            names_used(then, f);
            names_used(orelse, f);
        }
        ExprKind::Other(children) => {
            for c in children {
                names_used(c, f);
            }
        }
        ExprKind::Str(_) | ExprKind::Func(_) => {}
    }
}

/// Whether a verifying method's body only returns the "verified" value.
fn accepts_all(body: &[Stmt], accepts: &crate::catalog::OneOrMany<CalleePattern>) -> bool {
    let [only] = body else {
        return false;
    };
    let (Stmt::Exit {
        value: Some(value),
        is_return: true,
        ..
    }
    | Stmt::Eval(value)) = only
    else {
        return false;
    };
    let ExprKind::Call { callee, args, .. } = &value.kind else {
        return false;
    };
    let inner = if callee == "Ok" {
        match args.first().map(|a| &a.value.kind) {
            Some(ExprKind::Call { callee, .. }) => callee,
            _ => return false,
        }
    } else {
        callee
    };
    any_matches(accepts, inner)
}
