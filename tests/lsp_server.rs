//! `mcplint server` driven end to end by a real LSP client: pygls's (the `pygls` package,
//! installed into the tools' virtual environment by `scripts/install-test-tools`) runs the session in
//! tests/lsp/e2e.py against the binary under test: a vulnerable tool's diagnostic with its flow
//! and its code actions, the unsaved fix clearing it, an edit in a helper file making a
//! diagnostic appear in the handler that calls it, malformed messages answered with errors, and
//! a clean shutdown. A missing pygls fails the test with the command that installs it.

mod tools;

use std::process::Command;

use tools::{BIN, repo_root, run, text, venv_bin, write_files};

/// A tool whose `name` reaches a shell (the finding is on line 11, the parameter on line 9).
const TOOL: &str = r#"import subprocess

from mcp.server.fastmcp import FastMCP

mcp = FastMCP("files")


@mcp.tool()
def list_dir(name: str) -> str:
    """List a directory."""
    return subprocess.run(f"ls {name}", shell=True, capture_output=True, text=True, timeout=60).stdout
"#;

/// A helper that quotes its argument for the shell (the session edits out the quoting).
const HELPERS: &str = r"import shlex


def quoted(name: str) -> str:
    return shlex.quote(name)
";

/// A tool that builds its shell command with the helper.
const SERVER: &str = r#"import subprocess

from mcp.server.fastmcp import FastMCP

from helpers import quoted

mcp = FastMCP("files")


@mcp.tool()
def list_dir(name: str) -> str:
    """List a directory."""
    return subprocess.run(f"ls {quoted(name)}", shell=True, capture_output=True, text=True, timeout=60).stdout
"#;

#[test]
fn a_session_with_pygls() {
    let python = venv_bin("python");
    let check = run(Command::new(&python).args(["-c", "import pygls.lsp.client"]));
    assert!(
        check.status.success(),
        "pygls is not installed in {}: run scripts/install-test-tools\n{}",
        python.display(),
        text(&check)
    );
    let workspace = tempfile::tempdir().unwrap();
    write_files(
        workspace.path(),
        &[
            ("tool.py", TOOL),
            ("helpers.py", HELPERS),
            ("server.py", SERVER),
        ],
    );
    let out = run(Command::new(&python)
        .arg(repo_root().join("tests/lsp/e2e.py"))
        .arg(BIN)
        .arg(workspace.path())
        .env("MCPLINT_CACHE_DIR", workspace.path().join("cache")));
    let shown = text(&out);
    assert!(out.status.success(), "the LSP session failed:\n{shown}");
    let stdout = String::from_utf8_lossy(&out.stdout);
    for expected in [
        "tool.py:11:12: error [shell-injection] tool input reaches a shell command",
        "tool.py:9:14: tool input `name` enters here",
        "tool.py: no diagnostics",
        "helpers.py:5:5: returned here",
        "server.py: no diagnostics",
        "server exited with status 0",
    ] {
        assert!(
            stdout.contains(expected),
            "missing {expected:?} in:\n{shown}"
        );
    }
}
