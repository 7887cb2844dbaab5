use crate::{Check, declare_rule};

declare_rule! {
    /// ## What it does
    /// Finds servers that forward the bearer token of the incoming MCP request to another
    /// service: the `Authorization` header (or `X-Api-Key`) of the request the client sent, or
    /// the token the SDK validated for it, reaching the headers of an outbound HTTP request.
    /// Sources: Python `request.headers.get("authorization")` (also through
    /// `ctx.request_context.request` and `FastMCP`'s `get_http_headers()`), `get_access_token()`
    /// of the MCP SDK and `FastMCP`; TypeScript and JavaScript `extra.authInfo.token`,
    /// `req.auth.token`, `req.headers.authorization`, `req.header("authorization")`,
    /// `request.headers.get("authorization")`; Rust `parts.headers.get(AUTHORIZATION)` and
    /// `req.headers().get("authorization")`. Sinks: the `headers` of `httpx`, `requests` and
    /// `aiohttp` calls and clients; `fetch`'s and `axios`'s `headers` option; reqwest's
    /// `.bearer_auth`, `.header(AUTHORIZATION, ..)` and `.headers(..)`.
    ///
    /// The token is followed into the functions it is passed to, across files. Exchanging it is
    /// the fix and ends the flow: what an HTTP call answers (a token endpoint's new token, an
    /// on-behalf-of grant such as MSAL's `acquire_token_on_behalf_of`) is not the token that
    /// was sent. The sources and sinks are catalog rows (`[[source]]` with `kind = "token"`,
    /// `[[sink]]` with `kind = "outbound-header"`).
    ///
    /// ## Why is this bad?
    /// The MCP authorization specification forbids it: a server must accept only tokens issued
    /// for itself and must not pass them through to the APIs it calls. A forwarded token lets
    /// whoever holds a token for one service use it at another (the confused deputy), skips the
    /// downstream API's own audience, rate-limit and consent checks, and leaves an audit trail
    /// that names the wrong party. A token stolen from the MCP client becomes a token for every
    /// API behind the server.
    ///
    /// ## Example
    /// ```python
    /// import httpx
    /// from mcp.server.fastmcp import Context, FastMCP
    ///
    /// mcp = FastMCP("calendar")
    ///
    /// @mcp.tool()
    /// async def list_events(day: str, ctx: Context) -> str:
    ///     """List the calendar events of a day."""
    ///     auth = ctx.request_context.request.headers.get("authorization")
    ///     async with httpx.AsyncClient() as client:
    ///         r = await client.get(  # expect: token-passthrough
    ///             "https://calendar.example/api/events",
    ///             params={"day": day},
    ///             headers={"Authorization": auth},
    ///         )
    ///         return r.text
    /// ```
    ///
    /// ## Use instead
    /// Exchange the token for one issued to the server for the downstream API (OAuth 2.0 token
    /// exchange, an on-behalf-of grant), or call the API with the server's own credential:
    /// ```python
    /// import os
    ///
    /// import httpx
    /// from mcp.server.fastmcp import Context, FastMCP
    ///
    /// mcp = FastMCP("calendar")
    /// TOKEN_URL = "https://login.example/oauth2/token"
    ///
    /// @mcp.tool()
    /// async def list_events(day: str, ctx: Context) -> str:
    ///     """List the calendar events of a day."""
    ///     auth = ctx.request_context.request.headers.get("authorization")
    ///     async with httpx.AsyncClient() as client:
    ///         grant = await client.post(TOKEN_URL, data={
    ///             "grant_type": "urn:ietf:params:oauth:grant-type:token-exchange",
    ///             "subject_token": auth.removeprefix("Bearer "),
    ///             "audience": "https://calendar.example",
    ///         })
    ///         token = grant.json()["access_token"]
    ///         r = await client.get(
    ///             "https://calendar.example/api/events",
    ///             params={"day": day},
    ///             headers={"Authorization": f"Bearer {token}"},
    ///         )
    ///         return r.text
    /// ```
    ///
    /// ## References
    /// - [MCP specification: Authorization, Token Passthrough](https://modelcontextprotocol.io/specification/2025-06-18/basic/authorization#token-passthrough)
    /// - [MCP security best practices: Token Passthrough](https://modelcontextprotocol.io/specification/2025-06-18/basic/security_best_practices#token-passthrough)
    /// - [CWE-441: Unintended Proxy or Intermediary ('Confused Deputy')](https://cwe.mitre.org/data/definitions/441.html)
    /// - [RFC 8693: OAuth 2.0 Token Exchange](https://www.rfc-editor.org/rfc/rfc8693)
    pub(crate) TOKEN_PASSTHROUGH {
        name: "token-passthrough",
        severity: Error,
        cwe: [441],
        summary: "the incoming request's bearer token is forwarded to another service",
        languages: [Python, TypeScript, JavaScript, Rust],
        check: Check::SourceTaint {
            source: "token",
            kinds: &["outbound-header"],
            warn: &[],
            message: "{source} is passed through to {what}",
        },
    }
}
