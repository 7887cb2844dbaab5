use mcplint_ir::{Arg, Expr, ExprKind, File, Lang, Part, Span, ops};

use crate::catalog::any_matches;
use crate::catalog::sections::transport::{AuthRow, TransportRows};
use crate::facts::binds::{
    Binds, each_expr, host_part, http_markers, is_test_file, makes_http_transport, serves_http,
};
use crate::facts::tools::{last_segment, locate_arg};
use crate::facts::transport::{Bindings, list_matches};
use crate::{Check, Diagnostic, FileContext, Severity, declare_rule};
use mcplint_ir::visit::walk_exprs;

declare_rule! {
    /// ## What it does
    /// Finds MCP servers whose HTTP transport (SSE or streamable HTTP) can be reached from
    /// beyond the machine and has nothing in front of it that authenticates a request:
    ///
    /// - Python: `FastMCP` / `MCPServer` without `auth=`, `token_verifier=` or
    ///   `auth_server_provider=`, and `Starlette` or `FastAPI` apps mounting the MCP app without an
    ///   authentication middleware or dependency;
    /// - TypeScript and JavaScript: Express or Hono apps routing to a
    ///   `StreamableHTTPServerTransport` or `SSEServerTransport` without `requireBearerAuth`,
    ///   `mcpAuthRouter`, passport, a JWT check or a hand-written middleware that reads the
    ///   `Authorization` header;
    /// - Rust: rmcp's `StreamableHttpService` or `SseServer` behind an axum router without an
    ///   authentication layer.
    ///
    /// Reachable means bound to every interface by default (`host="0.0.0.0"`,
    /// `os.environ.get("HOST", "0.0.0.0")`, Node's `app.listen(port)`, which listens on every
    /// interface), reported as an error, or bound to an address the deployment chooses
    /// (`host=args.host`, `TcpListener::bind(&config.addr)`), reported as a warning. A server
    /// on the loopback interface (the default of `FastMCP` and `uvicorn`) is not reported.
    ///
    /// Any sign of authentication counts, so that a finding is a server with none: an
    /// authentication option or library, a token verified (`jwt.decode`, `jwtVerify`), a
    /// credential header read (`request.headers.get("Authorization")`,
    /// `req.headers["x-api-key"]`, `headers.get(AUTHORIZATION)`) or a middleware, dependency
    /// or layer whose name says it authenticates (`app.use(requireApiKey)`,
    /// `Depends(verify_token)`, `.layer(from_fn(auth))`), in the serving file, in a file it
    /// imports or in a file that imports it (in Rust, anywhere in the crate). Test files are not
    /// checked. The evidence, the transports and the bind calls are data in
    /// `rules/transport.toml`.
    ///
    /// ## Why is this bad?
    /// An MCP server runs its tools with the rights of whoever started it: reading files,
    /// running commands, calling APIs with its keys. Over HTTP, anyone who can open a connection
    /// to it can list and call those tools; on every interface that is everyone on the same
    /// network, and on a public host everyone. The MCP specification requires authorization for
    /// HTTP transports that are not local (OAuth 2.1 bearer tokens, validated on every
    /// request).
    ///
    /// ## Example
    /// ```python
    /// import subprocess
    ///
    /// from mcp.server.fastmcp import FastMCP
    ///
    /// mcp = FastMCP("build-runner", host="0.0.0.0")  # expect: unauthenticated-transport, exposed-transport
    ///
    /// @mcp.tool()
    /// def run_tests(package: str) -> str:
    ///     """Run the test suite of one package."""
    ///     result = subprocess.run(["pytest", "--", package], capture_output=True, text=True)
    ///     return result.stdout[-4000:]
    ///
    /// if __name__ == "__main__":
    ///     mcp.run(transport="streamable-http")
    /// ```
    ///
    /// ## Use instead
    /// Verify a bearer token on every request (here with the SDK's token verifier), and listen
    /// on the loopback interface unless the deployment asks for more:
    /// ```python
    /// import os
    /// import subprocess
    ///
    /// from mcp.server.auth.provider import AccessToken, TokenVerifier
    /// from mcp.server.auth.settings import AuthSettings
    /// from mcp.server.fastmcp import FastMCP
    ///
    /// class StaticTokenVerifier(TokenVerifier):
    ///     async def verify_token(self, token: str) -> AccessToken | None:
    ///         if token != os.environ["BUILD_RUNNER_TOKEN"]:
    ///             return None
    ///         return AccessToken(token=token, client_id="ci", scopes=["run"])
    ///
    /// mcp = FastMCP(
    ///     "build-runner",
    ///     host=os.environ.get("HOST", "127.0.0.1"),
    ///     token_verifier=StaticTokenVerifier(),
    ///     auth=AuthSettings(
    ///         issuer_url="https://auth.example.com",
    ///         resource_server_url="https://build.example.com/mcp",
    ///     ),
    /// )
    ///
    /// @mcp.tool()
    /// def run_tests(package: str) -> str:
    ///     """Run the test suite of one package."""
    ///     result = subprocess.run(["pytest", "--", package], capture_output=True, text=True)
    ///     return result.stdout[-4000:]
    ///
    /// if __name__ == "__main__":
    ///     mcp.run(transport="streamable-http")
    /// ```
    ///
    /// ## References
    /// - [CWE-306: Missing Authentication for Critical Function](https://cwe.mitre.org/data/definitions/306.html)
    /// - [MCP specification: Authorization](https://modelcontextprotocol.io/specification/2025-06-18/basic/authorization)
    /// - [MCP specification: Security best practices](https://modelcontextprotocol.io/specification/2025-06-18/basic/security_best_practices)
    pub(crate) UNAUTHENTICATED_TRANSPORT {
        name: "unauthenticated-transport",
        severity: Error,
        cwe: [306],
        summary: "an MCP HTTP transport reachable beyond the machine has no authentication in front of it",
        languages: [Python, TypeScript, JavaScript, Rust],
        check: Check::Ir(check),
    }
}

/// How deeply a host expression is followed through names and calls.
const MAX_DEPTH: usize = 8;

/// The hosts that mean the loopback interface.
const LOOPBACK: &[&str] = &["127.0.0.1", "localhost", "::1"];

fn help(lang: Lang) -> &'static str {
    match lang {
        Lang::TypeScript | Lang::JavaScript => {
            "verify a bearer token before the MCP routes (`app.use(\"/mcp\", requireBearerAuth({ verifier }))` or your own middleware that rejects requests without a valid `Authorization` header)"
        }
        Lang::Rust => {
            "add an authentication layer to the router that serves MCP (`.layer(middleware::from_fn(require_token))` or tower-http's `ValidateRequestHeaderLayer`)"
        }
        _ => {
            "give the server a token verifier (`FastMCP(..., token_verifier=..., auth=AuthSettings(...))`) or put an authentication middleware in front of the MCP app"
        }
    }
}

/// How far a server's bind reaches.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Reach {
    /// An address the deployment chooses.
    Configurable,
    /// Every interface, unless configured otherwise.
    Everywhere,
}

fn check(cx: &FileContext<'_>, out: &mut Vec<Diagnostic>) {
    let t = &cx.catalog.transport;
    let file = cx.file;
    if t.is_empty() || is_test_file(file, t) || !serves_http(file, t) || authenticates(file, t) {
        return;
    }
    let Some((reach, bind, address)) = widest_bind(file, t) else {
        return;
    };
    let site = auth_site(file, t)
        .or_else(|| transport_site(file, t))
        .unwrap_or(bind);
    let path = file.source.path.as_str();
    let message = match reach {
        Reach::Everywhere => format!(
            "this MCP server is served over HTTP on every network interface{} and nothing authenticates its requests: anyone who can reach the machine can call its tools",
            address.map_or(String::new(), |a| format!(" ({a})"))
        ),
        Reach::Configurable => format!(
            "this MCP server is served over HTTP on an address the deployment chooses{} and nothing authenticates its requests: bound beyond loopback, anyone who can reach it can call its tools",
            address.map_or(String::new(), |a| format!(" ({a})"))
        ),
    };
    let mut d =
        Diagnostic::new(&UNAUTHENTICATED_TRANSPORT, path, site, message).help(help(file.lang));
    if reach == Reach::Configurable {
        d.severity = Severity::Warning;
    }
    if !(site.start <= bind.start && bind.end <= site.end) {
        d = d.label(path, bind, "it listens here");
    }
    out.push(d);
}

/// The widest bind of the file: how far it reaches, where it is, and its address as shown.
fn widest_bind(file: &File, t: &TransportRows) -> Option<(Reach, Span, Option<String>)> {
    let shown = |span: Span| {
        format!(
            "`{}`",
            crate::diagnostic::escape(file.source.slice(span), 40)
        )
    };
    let binds = Binds::new(file, t);
    if let Some((w, site, _)) = binds
        .bind_hits()
        .into_iter()
        .min_by_key(|(w, ..)| w.at.start)
    {
        return Some((Reach::Everywhere, site, Some(shown(w.at))));
    }
    let names = &binds.names;
    let mut widest: Option<(Reach, Span, Option<String>)> = None;
    for (id, func) in file.functions.iter().enumerate() {
        walk_exprs(&func.body, &mut |e| {
            let ExprKind::Call { callee, args, .. } = &e.kind else {
                return;
            };
            for row in &t.bind {
                let (Some(calls), Some(hosts)) = (&row.call, &row.host) else {
                    continue;
                };
                if !any_matches(calls, callee) {
                    continue;
                }
                let host = hosts.items().find_map(|loc| locate_arg(args, loc));
                let found = match host {
                    Some(h) if !matches!(h.kind, ExprKind::Func(_)) => {
                        reach_of(file, t, names, h, id, 0).map(|r| (r, e.span, Some(shown(h.span))))
                    }
                    _ if row.open_without_host => Some((Reach::Everywhere, e.span, None)),
                    _ => None,
                };
                if let Some(f) = found
                    && widest.as_ref().is_none_or(|w| f.0 > w.0)
                {
                    widest = Some(f);
                }
            }
        });
    }
    widest
}

/// How far a host expression reaches: `None` for a loopback address, every interface for a
/// literal that means it (bound here though `exposed-transport` lets it pass, as with an
/// allow-list of `Host` headers), else an address the deployment chooses (a setting, an
/// argument, the environment).
fn reach_of(
    file: &File,
    t: &TransportRows,
    names: &Bindings<'_>,
    e: &Expr,
    func: usize,
    depth: usize,
) -> Option<Reach> {
    if depth > MAX_DEPTH {
        return None;
    }
    let text = file.source.slice(e.span).trim();
    if text.contains("127, 0, 0, 1") || text.contains("127,0,0,1") || text.ends_with("LOCALHOST") {
        return None;
    }
    let loopback = |s: &str| LOOPBACK.iter().any(|l| s.starts_with(l)) || s.starts_with("127.");
    match &e.kind {
        ExprKind::Str(s) => {
            let host = host_part(s);
            if t.all_interfaces.iter().any(|a| a == host) {
                Some(Reach::Everywhere)
            } else if host.is_empty() || loopback(host) {
                None
            } else {
                Some(Reach::Configurable)
            }
        }
        ExprKind::Name(n) => match names.value(file, func, n) {
            Some((value, owner)) => reach_of(file, t, names, value, owner, depth + 1),
            None => Some(Reach::Configurable),
        },
        ExprKind::Record(entries) => match entries.first() {
            Some(a) => reach_of(file, t, names, &a.value, func, depth + 1),
            None => Some(Reach::Configurable),
        },
        // `"127.0.0.1:{}".format(port)`, `format!("127.0.0.1:{port}")`
        ExprKind::Interp(parts) => match parts.first() {
            Some(Part::Lit(s)) if loopback(s) => None,
            _ => Some(Reach::Configurable),
        },
        // `"127.0.0.1:8000".parse()`, `SocketAddr::from((ip, port))`, `str(host)`
        ExprKind::Call {
            callee,
            args,
            receiver,
        } if list_matches(&t.pass_through, callee) => {
            match (receiver, args.iter().find(|a| a.keyword.is_none())) {
                (Some(r), _) => reach_of(file, t, names, r, func, depth + 1),
                (None, Some(a)) => reach_of(file, t, names, &a.value, func, depth + 1),
                (None, None) => Some(Reach::Configurable),
            }
        }
        _ => Some(Reach::Configurable),
    }
}

/// Where authentication would be given: the first server constructor of the file that takes an
/// authentication option (`FastMCP(...)`).
fn auth_site(file: &File, t: &TransportRows) -> Option<Span> {
    first_call(file, |call| {
        matches!(&call.kind, ExprKind::Call { callee, .. }
            if t.auth.iter().any(|r| list_matches(&r.options_of, callee)))
    })
}

/// Where the file makes its HTTP transport: the first call that makes or selects one
/// (`new StreamableHTTPServerTransport(...)`, `mcp.sse_app()`, `mcp.run(transport="sse")`).
fn transport_site(file: &File, t: &TransportRows) -> Option<Span> {
    let markers = http_markers(t);
    first_call(file, |call| makes_http_transport(file, t, &markers, call))
}

/// The first call of the file, in source order, that `pick` accepts.
fn first_call(file: &File, mut pick: impl FnMut(&Expr) -> bool) -> Option<Span> {
    let mut first: Option<Span> = None;
    for func in &file.functions {
        mcplint_ir::visit::walk_calls(&func.body, &mut |call| {
            if first.is_none_or(|f| call.span.start < f.start) && pick(call) {
                first = Some(call.span);
            }
        });
    }
    first
}

/// Whether `file` shows a sign that the server authenticates requests (see the rule's
/// documentation): the project phase also accepts one in a neighbouring file.
pub(crate) fn authenticates(file: &File, t: &TransportRows) -> bool {
    if t.auth.is_empty() {
        return false;
    }
    let imported = file.imports.iter().any(|i| {
        t.auth
            .iter()
            .flat_map(|r| &r.import)
            .any(|prefix| has_prefix(&i.module, prefix) || has_prefix(&i.path(), prefix))
    });
    if imported {
        return true;
    }
    let mut found = false;
    each_expr(file, |_, e| {
        if !found {
            found = t.auth.iter().any(|row| is_evidence(file, row, e));
        }
    });
    found
}

/// Whether the expression `e` is authentication evidence of the kind `row` describes.
fn is_evidence(file: &File, row: &AuthRow, e: &Expr) -> bool {
    match &e.kind {
        ExprKind::Call {
            callee,
            args,
            receiver,
        } => {
            if list_matches(&row.call, callee) {
                return true;
            }
            if let Some(options) = &row.options
                && list_matches(&row.options_of, callee)
                && options
                    .items()
                    .filter_map(|l| locate_arg(args, l))
                    .any(|v| {
                        !matches!(
                            file.source.slice(v.span).trim(),
                            "None" | "null" | "undefined"
                        )
                    })
            {
                return true;
            }
            if !row.headers.is_empty() && reads_header(file, row, callee, args, receiver.as_deref())
            {
                return true;
            }
            let Some(names) = &row.names else {
                return false;
            };
            let positional: Vec<&Arg> = args.iter().filter(|a| a.keyword.is_none()).collect();
            let registered: &[&Arg] = if list_matches(&row.register, callee) {
                &positional
            } else if list_matches(&row.route, callee) {
                positional
                    .get(1..positional.len().saturating_sub(1))
                    .unwrap_or(&[])
            } else {
                &[]
            };
            registered.iter().any(|a| names_match(names, &a.value))
        }
        // `req.headers.authorization`
        ExprKind::Name(n) if !row.headers.is_empty() => {
            n.rsplit_once('.').is_some_and(|(owner, field)| {
                owner.to_ascii_lowercase().ends_with("headers") && is_header(row, field)
            })
        }
        _ => false,
    }
}

/// Whether a call reads a credential header of the request: `headers.get("Authorization")`,
/// `req.header("x-api-key")`, `headers.get(AUTHORIZATION)`, `request.headers["x-api-key"]`.
fn reads_header(
    file: &File,
    row: &AuthRow,
    callee: &str,
    args: &[Arg],
    receiver: Option<&Expr>,
) -> bool {
    let Some(first) = args.first().filter(|a| a.keyword.is_none()) else {
        return false;
    };
    let named = match &first.value.kind {
        ExprKind::Str(s) => is_header(row, s),
        ExprKind::Name(n) => is_header(row, last_segment(n)),
        _ => false,
    };
    if !named {
        return false;
    }
    let on_headers = receiver.is_some_and(|r| {
        let text = file.source.slice(r.span).to_ascii_lowercase();
        text.ends_with("headers") || text.ends_with("headers()")
    });
    if callee == ops::SUBSCRIPT {
        return on_headers;
    }
    match last_segment(callee) {
        "get" | "get_all" | "getall" | "getlist" | "has" | "contains_key" | "get_one" => on_headers,
        "header" | "get_header" | "getHeader" => args.len() == 1,
        _ => false,
    }
}

/// Whether `name` is one of the row's credential headers (`Authorization`, `X_API_KEY`).
fn is_header(row: &AuthRow, name: &str) -> bool {
    let name = name.to_ascii_lowercase().replace('_', "-");
    row.headers.contains(&name)
}

/// Whether what an argument registers is named like authentication: a function or type
/// (`require_api_key`, `AuthMiddleware`) or a call building one (`bearerAuth({ token })`,
/// `from_fn(auth)`).
fn names_match(names: &crate::lazy_regex::LazyRegex, e: &Expr) -> bool {
    match &e.kind {
        ExprKind::Name(n) => names.is_match(last_segment(n)),
        ExprKind::Call { callee, args, .. } => {
            names.is_match(last_segment(callee))
                || args.iter().any(|a| names_match(names, &a.value))
        }
        _ => false,
    }
}

/// Whether a module path starts with `prefix` at a segment boundary (`mcp.server.auth.provider`
/// and `@modelcontextprotocol/sdk/server/auth/router.js` under their prefixes).
fn has_prefix(module: &str, prefix: &str) -> bool {
    module
        .strip_prefix(prefix)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with(['.', '/', ':']))
}
