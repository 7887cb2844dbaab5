use mcplint_ir::Span;

use crate::{Check, Diagnostic, declare_rule};

declare_rule! {
    /// ## What it does
    /// Reports suppression comments that do not do their job: an
    /// `mcplint: ignore[rule-name] -- reason` (or `ignore-file[...]`) comment that suppresses no
    /// finding, one that names a rule mcplint does not have, one without a reason after `--`, and
    /// one that cannot be read (no `[rule-name, ...]` list). This rule is applied by the engine
    /// after all other rules ran; its findings are warnings.
    ///
    /// ## Why is this bad?
    /// A suppression is a reviewed exception. Once the code under it changes, a stale comment
    /// silently swallows the next real finding on that line; a misspelt rule name suppresses
    /// nothing while looking as if it did; and a suppression without a reason cannot be
    /// reviewed, so nobody can tell later whether the exception still holds.
    ///
    /// A suppression of a rule that is turned off (`--ignore`, `ignore`, `select` or
    /// `[per-file-ignores]`) is not reported as unused. `ignore-file[unused-suppression]` turns
    /// this rule off for one file.
    ///
    /// ## Example
    /// ```python
    /// import subprocess
    /// from mcp.server.fastmcp import FastMCP
    ///
    /// mcp = FastMCP("ops")
    ///
    /// @mcp.tool()
    /// def uptime() -> str:
    ///     """Show how long the machine has been up."""
    ///     # expect: unused-suppression
    ///     return subprocess.check_output(["uptime"], text=True)  # mcplint: ignore[shell-injection] -- fixed command
    /// ```
    ///
    /// ## Use instead
    /// Remove suppressions that no longer suppress anything, and give every remaining one a
    /// reason:
    /// ```python
    /// import subprocess
    /// from mcp.server.fastmcp import FastMCP
    ///
    /// mcp = FastMCP("ops")
    ///
    /// @mcp.tool()
    /// def run(cmd: str) -> str:
    ///     """Run a command on the build box."""
    ///     return subprocess.check_output(cmd, shell=True, text=True)  # mcplint: ignore[shell-injection] -- local-only admin server, see SECURITY.md
    /// ```
    ///
    /// ## References
    /// - [mcplint README: Suppressing findings](https://github.com/mcplint/mcplint#suppressing-findings)
    /// - [Ruff: unused-noqa (RUF100)](https://docs.astral.sh/ruff/rules/unused-noqa/), the same idea
    pub(crate) UNUSED_SUPPRESSION {
        name: "unused-suppression",
        severity: Warning,
        cwe: [],
        summary: "a suppression comment suppresses nothing, names an unknown rule or gives no reason",
        languages: [Python, TypeScript, JavaScript, Rust],
        check: Check::Engine,
    }
}

const HELP_UNUSED: &str = "remove the comment, or the rule name from it";

/// A directive (or one rule of it) that suppressed nothing.
pub(crate) fn unused(path: &str, comment: Span, rule: &str, file_wide: bool) -> Diagnostic {
    let place = if file_wide {
        "in this file"
    } else {
        "on this line"
    };
    Diagnostic::new(
        &UNUSED_SUPPRESSION,
        path,
        comment,
        format!("unused suppression: no `{rule}` finding {place}"),
    )
    .help(HELP_UNUSED)
}

/// A directive that names a rule mcplint does not have.
pub(crate) fn unknown_rule(path: &str, comment: Span, rule: &str) -> Diagnostic {
    Diagnostic::new(
        &UNUSED_SUPPRESSION,
        path,
        comment,
        format!("unknown rule `{rule}` in suppression"),
    )
    .help("`mcplint rules` lists the rule names")
}

/// A directive without `-- reason`.
pub(crate) fn without_reason(path: &str, comment: Span) -> Diagnostic {
    Diagnostic::new(
        &UNUSED_SUPPRESSION,
        path,
        comment,
        "suppression without a reason",
    )
    .help("say why after the rule list: `mcplint: ignore[rule-name] -- reason`")
}

/// A directive without a readable `[rule-name, ...]` list.
pub(crate) fn malformed(path: &str, comment: Span) -> Diagnostic {
    Diagnostic::new(
        &UNUSED_SUPPRESSION,
        path,
        comment,
        "malformed suppression: it suppresses nothing",
    )
    .help("write `mcplint: ignore[rule-name] -- reason` or `mcplint: ignore-file[rule-name] -- reason`")
}
