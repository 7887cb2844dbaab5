use crate::{Check, declare_rule};

declare_rule! {
    /// ## What it does
    /// Finds tool, resource and prompt handlers that let their input choose where the server
    /// sends an HTTP request: the whole URL, or its scheme and host. Covers Python `requests`,
    /// `httpx`, `aiohttp` and `urllib`; JavaScript `fetch`, `axios`, `got`, `ky`, `undici`,
    /// `node-fetch` and `http(s).get/request`; Rust `reqwest`, `ureq` and `hyper`/`http` request
    /// builders.
    ///
    /// A URL whose scheme and host are fixed before the input (`f"https://api.github.com/repos/{repo}"`,
    /// `` `${BASE_URL}/items/${id}` ``, `format!("https://api.x.com/{}", id)`) is not reported,
    /// nor is a URL checked against an allow-list of hosts (`urlparse(url).hostname in ALLOWED`,
    /// `new URL(u).host !== HOST` then throw), a `startswith("https://api.example.com/")` check, or
    /// an anchored regex that fixes the host. Nor is a URL that an API hands back for the input
    /// (`s3.generate_presigned_url(..., Params={"Key": key})`, the hits of `index.search(query)`):
    /// a method called on a value that is not tool input — a local client, or in Python one
    /// imported from another module of the project (`from .clients import s3`) — returns what
    /// that library produced (`opaque-method-kinds` in the catalog; in Rust also a value of the
    /// server's own table, `self.ports.get(name)`), as does a Python method fetched by name
    /// (`method = getattr(client, op)`, then `method(**body)`).
    ///
    /// ## Why is this bad?
    /// The server runs inside a network the model's author cannot reach: cloud metadata endpoints
    /// (`http://169.254.169.254/` hands out credentials), admin consoles on `localhost`, internal
    /// services without authentication. A prompt injection in anything the model reads can make
    /// it call the tool with such a URL and read the answer back. A tool whose purpose is to
    /// fetch any URL (the reference `fetch` server) is this finding by design: give it a host
    /// allow-list, block private and link-local addresses after DNS resolution, or suppress the
    /// finding with a reason.
    ///
    /// ## Example
    /// ```python
    /// import httpx
    /// from mcp.server.fastmcp import FastMCP
    ///
    /// mcp = FastMCP("preview")
    ///
    /// @mcp.tool()
    /// async def preview(url: str) -> str:
    ///     """Fetch the first kilobyte of a page."""
    ///     async with httpx.AsyncClient() as client:
    ///         response = await client.get(url)  # expect: ssrf
    ///         return response.text[:1024]
    /// ```
    ///
    /// ## Use instead
    /// Fix the scheme and host and let the input choose only the path, or check the host against
    /// an allow-list and exit when it is not in it:
    /// ```python
    /// from urllib.parse import urlparse
    ///
    /// import httpx
    /// from mcp.server.fastmcp import FastMCP
    ///
    /// ALLOWED_HOSTS = {"docs.python.org", "peps.python.org"}
    /// mcp = FastMCP("preview")
    ///
    /// @mcp.tool()
    /// async def preview(url: str) -> str:
    ///     """Fetch the first kilobyte of a Python documentation page."""
    ///     if urlparse(url).hostname not in ALLOWED_HOSTS:
    ///         raise ValueError("host not allowed")
    ///     async with httpx.AsyncClient(follow_redirects=False) as client:
    ///         response = await client.get(url)
    ///         return response.text[:1024]
    /// ```
    /// Turn redirects off (or check every hop), since an allowed host can redirect elsewhere.
    ///
    /// ## References
    /// - [CWE-918: Server-Side Request Forgery (SSRF)](https://cwe.mitre.org/data/definitions/918.html)
    /// - [OWASP SSRF Prevention Cheat Sheet](https://cheatsheetseries.owasp.org/cheatsheets/Server_Side_Request_Forgery_Prevention_Cheat_Sheet.html)
    pub(crate) SSRF {
        name: "ssrf",
        severity: Error,
        cwe: [918],
        summary: "tool input chooses the host of an outgoing HTTP request",
        languages: [Python, TypeScript, JavaScript, Rust],
        check: Check::Taint {
            kinds: &["ssrf"],
            message: "{tool} input chooses the URL of {what}",
        },
    }
}
