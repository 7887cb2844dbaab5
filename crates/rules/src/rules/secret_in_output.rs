use crate::{Check, declare_rule};

declare_rule! {
    /// ## What it does
    /// Finds credentials the server holds that reach what a tool, resource or prompt answers:
    /// its result, or an error it raises or throws (the SDKs send the error's message to the
    /// client). A credential is an environment variable whose name says token, key, secret or
    /// password (`os.environ["GITHUB_TOKEN"]`, `process.env.OPENAI_API_KEY`,
    /// `std::env::var("API_KEY")`), a field of such a name on the server's own objects
    /// (`self.api_key`, `this.apiKey`, `settings.openai_api_key` where `settings` is a
    /// module-level object or one imported from the project), and what is read
    /// from a `.env`, credentials or key file. Module-level names bound to one
    /// (`API_KEY = os.getenv("API_KEY")`) carry it into every function that reads them; a helper
    /// that returns or raises it carries it to its callers.
    ///
    /// The same credential in a log call at info level or above (`logger.info`, `console.log`,
    /// `tracing::info!`, and `FastMCP`'s `ctx.info`, which sends the message to the client) is a
    /// warning. A few characters of it (`key[:4]`, `key.slice(-4)`, `&key[..4]`), its length,
    /// and a presence check (`bool(token)`, `"set" if token else "unset"`) are not the secret.
    /// The sources are catalog rows (`[[source]]` with `kind = "secret"`), with the names that
    /// say credential and those that do not (`max_tokens`, `TOKEN_URL`, `secret_name`).
    ///
    /// ## Why is this bad?
    /// A tool's answer goes to the model and into the conversation: every later turn, every
    /// other tool's output (a web page, an issue, an email) can ask the model to repeat it or
    /// send it somewhere. A server's credentials are the keys to the APIs behind it; once in
    /// the transcript they are in the client's logs and, through a prompt injection, in an
    /// attacker's hands. Logs are read by more people and kept longer than the secret store.
    ///
    /// ## Example
    /// ```python
    /// import os
    ///
    /// from mcp.server.fastmcp import FastMCP
    ///
    /// mcp = FastMCP("weather")
    /// API_KEY = os.environ.get("WEATHER_API_KEY", "")
    ///
    /// @mcp.tool()
    /// def show_config() -> dict:
    ///     """Show how the server is configured."""
    ///     return {"endpoint": "https://api.weather.example", "api_key": API_KEY}  # expect: secret-in-output
    /// ```
    ///
    /// ## Use instead
    /// Say whether the credential is set, or show a few characters of it:
    /// ```python
    /// import os
    ///
    /// from mcp.server.fastmcp import FastMCP
    ///
    /// mcp = FastMCP("weather")
    /// API_KEY = os.environ.get("WEATHER_API_KEY", "")
    ///
    /// @mcp.tool()
    /// def show_config() -> dict:
    ///     """Show how the server is configured."""
    ///     return {"endpoint": "https://api.weather.example", "api_key": "set" if API_KEY else "missing"}
    /// ```
    ///
    /// ## References
    /// - [CWE-200: Exposure of Sensitive Information to an Unauthorized Actor](https://cwe.mitre.org/data/definitions/200.html)
    /// - [CWE-532: Insertion of Sensitive Information into Log File](https://cwe.mitre.org/data/definitions/532.html)
    /// - [OWASP Secrets Management Cheat Sheet](https://cheatsheetseries.owasp.org/cheatsheets/Secrets_Management_Cheat_Sheet.html)
    pub(crate) SECRET_IN_OUTPUT {
        name: "secret-in-output",
        severity: Error,
        cwe: [200, 532],
        summary: "a credential the server holds reaches a tool result, an error or a log",
        languages: [Python, TypeScript, JavaScript, Rust],
        check: Check::SourceTaint {
            source: "secret",
            kinds: &["result", "log"],
            warn: &["log"],
            message: "{source} reaches {what}",
        },
    }
}
