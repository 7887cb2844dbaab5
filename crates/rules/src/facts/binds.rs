//! Where a file binds an MCP server, as `exposed-transport` and `unauthenticated-transport`
//! both read it: whether the file serves MCP over HTTP, and which binds mean every interface
//! (literals, constants, defaults of settings and options), from the `[transport]` rows.

use mcplint_ir::{Arg, Expr, ExprKind, File, FnId, Span, Stmt, ops};

use crate::catalog::any_matches;
use crate::catalog::sections::transport::TransportRows;
use crate::facts::tools::{condition_holds, locate_arg};
use crate::facts::transport::{Bindings, list_matches};
use mcplint_ir::visit::{walk_expr, walk_exprs, walk_stmts};

/// How deeply an address expression is followed through names and calls.
const MAX_DEPTH: usize = 8;

/// Whether `file` is a test (`tests/`, `test_*.py`, `*.test.ts`: the catalog's `test-files`).
pub(crate) fn is_test_file(file: &File, t: &TransportRows) -> bool {
    let path = file.source.path.replace('\\', "/");
    t.test_files.iter().any(|re| re.is_match(&path))
}

/// Calls `f` on every expression of every function body and decorator of `file`, with the
/// function.
pub(crate) fn each_expr<'a>(file: &'a File, mut f: impl FnMut(FnId, &'a Expr)) {
    for (id, func) in file.functions.iter().enumerate() {
        for d in &func.decorators {
            walk_expr(d, &mut |e| f(id, e));
        }
        walk_exprs(&func.body, &mut |e| f(id, e));
    }
}

/// Whether the file serves MCP over HTTP: a marker in a callee or import path, or a call that
/// selects an HTTP transport.
pub(crate) fn serves_http(file: &File, t: &TransportRows) -> bool {
    let markers = http_markers(t);
    if file.imports.iter().any(|i| {
        has_marker(&markers, &i.module)
            || i.name.as_deref().is_some_and(|n| has_marker(&markers, n))
    }) {
        return true;
    }
    let mut found = false;
    for func in &file.functions {
        mcplint_ir::visit::walk_calls(&func.body, &mut |call| {
            if !found {
                found = makes_http_transport(file, t, &markers, call);
            }
        });
        if found {
            return true;
        }
    }
    false
}

/// The names that mark an HTTP transport (`sse_app`, `StreamableHTTPServerTransport`): the
/// `marker` lists of the `[[transport.http]]` rows.
pub(crate) fn http_markers(t: &TransportRows) -> Vec<&str> {
    t.http
        .iter()
        .filter_map(|r| r.marker.as_ref())
        .flat_map(crate::catalog::OneOrMany::values)
        .collect()
}

/// Whether a call makes or selects an HTTP transport: its callee has a segment among `markers`
/// (`new StreamableHTTPServerTransport(...)`, `mcp.sse_app()`), or an `[[transport.http]]` row
/// with a condition matches it (`mcp.run(transport="sse")`).
pub(crate) fn makes_http_transport(
    file: &File,
    t: &TransportRows,
    markers: &[&str],
    call: &Expr,
) -> bool {
    let ExprKind::Call { callee, args, .. } = &call.kind else {
        return false;
    };
    has_marker(markers, callee)
        || t.http.iter().any(|r| {
            r.call.as_ref().is_some_and(|c| any_matches(c, callee))
                && r.when
                    .as_ref()
                    .is_some_and(|w| condition_holds(file, w, args, file.source.slice(call.span)))
        })
}

/// Whether a callee or import path has a segment (split at `.`, `:` and `/`) among `markers`.
fn has_marker(markers: &[&str], path: &str) -> bool {
    path.split(['.', ':', '/'])
        .any(|seg| markers.contains(&seg))
}

/// An address that means every interface.
pub(crate) struct Everywhere {
    /// Where it is written.
    pub(crate) at: Span,
    /// Whether it is a default (`os.environ.get("HOST", "0.0.0.0")`, `x or "0.0.0.0"`).
    pub(crate) default: bool,
}

/// An address meaning every interface, the call or assignment that binds it, and how
/// (`"binds"` or `"option"`).
pub(crate) type BindHit = (Everywhere, Span, &'static str);

/// A file's bind sites, read with its constant bindings.
pub(crate) struct Binds<'a> {
    t: &'a TransportRows,
    file: &'a File,
    /// The values the file's names are given (`HOST = "0.0.0.0"`).
    pub(crate) names: Bindings<'a>,
}

impl<'a> Binds<'a> {
    /// The binds of `file` under the rows `t`.
    pub(crate) fn new(file: &'a File, t: &'a TransportRows) -> Self {
        Self {
            t,
            file,
            names: Bindings::collect(file),
        }
    }

    /// Calls `f` on every expression of every function body and decorator, with the function.
    pub(crate) fn each_expr(&self, f: impl FnMut(FnId, &'a Expr)) {
        each_expr(self.file, f);
    }

    /// Calls `f` on every assignment with the source text of its target (`mcp.settings.host =`).
    pub(crate) fn each_assign(&self, mut f: impl FnMut(FnId, &'a str, &'a Expr)) {
        for (id, func) in self.file.functions.iter().enumerate() {
            walk_stmts(&func.body, &mut |st| {
                if let Stmt::Assign { value, span, .. } = st {
                    let target = self.file.source.slice(Span {
                        start: span.start,
                        end: value.span.start,
                    });
                    f(id, target, value);
                }
            });
        }
    }

    /// Every address meaning all interfaces given to a bind call, a host option's default, a
    /// bind key of an options object or a bind assignment: with the site and how it binds
    /// (`"binds"` or `"option"`).
    pub(crate) fn bind_hits(&self) -> Vec<BindHit> {
        let mut hits: Vec<BindHit> = Vec::new();
        self.each_expr(|id, e| match &e.kind {
            ExprKind::Call { callee, args, .. } => {
                self.bind_call_hits(id, e, callee, args, &mut hits);
            }
            ExprKind::Record(entries) => {
                for row in &self.t.bind {
                    let Some(key) = &row.key else { continue };
                    for a in entries.iter().filter(|a| a.keyword.as_ref() == Some(key)) {
                        if let Some(w) = self.everywhere(&a.value, id, 0) {
                            hits.push((w, a.value.span, "binds"));
                        }
                    }
                }
            }
            _ => {}
        });
        self.each_assign(|id, target, value| {
            for row in &self.t.bind {
                let Some(re) = &row.assign else { continue };
                if re.is_match(target)
                    && let Some(w) = self.everywhere(value, id, 0)
                {
                    hits.push((w, value.span, "binds"));
                }
            }
        });
        hits
    }

    /// The bind hits of the call `e` in function `id`: host arguments of bind rows, then
    /// defaults of host options.
    fn bind_call_hits(
        &self,
        id: FnId,
        e: &'a Expr,
        callee: &str,
        args: &'a [Arg],
        hits: &mut Vec<BindHit>,
    ) {
        for row in &self.t.bind {
            let (Some(calls), Some(hosts)) = (&row.call, &row.host) else {
                continue;
            };
            if !any_matches(calls, callee)
                || row
                    .unless
                    .as_ref()
                    .is_some_and(|u| u.items().any(|l| locate_arg(args, l).is_some()))
            {
                continue;
            }
            for loc in hosts.items() {
                if let Some(v) = locate_arg(args, loc)
                    && let Some(w) = self.everywhere(v, id, 0)
                {
                    hits.push((w, e.span, "binds"));
                }
            }
        }
        for row in &self.t.host_option {
            if any_matches(&row.call, callee)
                && condition_holds(self.file, &row.when, args, self.file.source.slice(e.span))
            {
                for loc in row.default.items() {
                    if let Some(v) = locate_arg(args, loc)
                        && let Some(mut w) = self.everywhere(v, id, 0)
                    {
                        w.default = true;
                        hits.push((w, e.span, "option"));
                    }
                }
            }
        }
    }

    /// Whether `e` means every interface: a literal, a constant, or a default.
    pub(crate) fn everywhere(&self, e: &'a Expr, func: FnId, depth: usize) -> Option<Everywhere> {
        if depth > MAX_DEPTH {
            return None;
        }
        let t = self.t;
        let d = depth + 1;
        let text = self.file.source.slice(e.span).trim();
        if t.all_interfaces_text.iter().any(|re| re.is_match(text)) {
            return Some(Everywhere {
                at: e.span,
                default: false,
            });
        }
        match &e.kind {
            ExprKind::Str(s) => t
                .all_interfaces
                .iter()
                .any(|a| a == host_part(s))
                .then_some(Everywhere {
                    at: e.span,
                    default: false,
                }),
            ExprKind::Name(n) => {
                if t.all_interfaces_names.iter().any(|p| p.matches(n)) {
                    return Some(Everywhere {
                        at: e.span,
                        default: false,
                    });
                }
                let (value, owner) = self.names.value(self.file, func, n)?;
                self.everywhere(value, owner, d)
            }
            ExprKind::Call {
                callee,
                receiver,
                args,
            } => {
                if callee == ops::OR {
                    let mut w = args
                        .iter()
                        .find_map(|a| self.everywhere(&a.value, func, d))?;
                    w.default = true;
                    return Some(w);
                }
                if let Some(row) = t.default.iter().find(|r| any_matches(&r.call, callee)) {
                    let mut w =
                        locate_arg(args, &row.default).and_then(|v| self.everywhere(v, func, d))?;
                    w.default = true;
                    return Some(w);
                }
                if list_matches(&t.pass_through, callee) {
                    if let Some(r) = receiver
                        && let Some(w) = self.everywhere(r, func, d)
                    {
                        return Some(w);
                    }
                    return args
                        .iter()
                        .find(|a| a.keyword.is_none())
                        .and_then(|a| self.everywhere(&a.value, func, d));
                }
                None
            }
            // A tuple `(ip, port)`: the address is its first entry.
            ExprKind::Record(entries) => entries
                .first()
                .filter(|a| a.keyword.is_none())
                .and_then(|a| self.everywhere(&a.value, func, d)),
            ExprKind::Other(children) if children.len() == 1 => {
                self.everywhere(&children[0], func, d)
            }
            _ => None,
        }
    }
}

/// The host of an address text: `[::1]:80` -> `::1`, `0.0.0.0:8000` -> `0.0.0.0`.
pub(crate) fn host_part(s: &str) -> &str {
    let s = s.trim();
    if let Some(rest) = s.strip_prefix('[') {
        return rest.split(']').next().unwrap_or(rest);
    }
    if s.matches(':').count() == 1 {
        return s.split(':').next().unwrap_or(s);
    }
    s
}
