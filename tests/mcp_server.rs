//! `mcplint mcp` end to end, driven by the official MCP Python SDK's client (the `mcp` package,
//! installed into the tools' venv by `scripts/install-test-tools`): tests/mcp/client.py
//! initializes, lists the tools, lints a vulnerable fixture by path and inline and gets the
//! shell-injection finding with its flow, sees paths outside the working directory or the
//! client's roots refused (`..`, absolute, through a symbolic link), and sees a root added with
//! `roots/list_changed` take effect. The script asserts; this test checks that it ran to the
//! end and shows its transcript when it did not.

mod tools;

use std::process::Command;

use tools::{BIN, repo_root, run, text, venv_bin};

#[test]
fn the_official_python_client_lints_through_mcplint_mcp() {
    let python = venv_bin("python");
    let probe = run(Command::new(&python).args(["-c", "import mcp.client.stdio"]));
    assert!(
        probe.status.success(),
        "the MCP Python SDK (`mcp` from PyPI) is not installed in the tools' venv ({}).\n\
         Install the test tools with `scripts/install-test-tools` (scripts/test does it), or \
         point MCPLINT_TOOLS_DIR at a directory where they are installed.\n{}",
        python.display(),
        text(&probe)
    );
    let root = repo_root();
    let scratch = tempfile::tempdir().unwrap();
    let out = run(Command::new(&python)
        .arg(root.join("tests/mcp/client.py"))
        .arg(BIN)
        .arg(root.join("testdata/shell-injection/fastmcp_decorator.py"))
        .arg(scratch.path())
        .env("PYTHONDONTWRITEBYTECODE", "1"));
    let transcript = text(&out);
    assert!(out.status.success(), "{transcript}");
    assert!(
        transcript.contains("mcp client: all checks passed"),
        "{transcript}"
    );
    assert!(
        transcript.contains("server.py:23:12: error [shell-injection]"),
        "{transcript}"
    );
    assert!(
        transcript.contains("outside the folders mcplint may read"),
        "{transcript}"
    );
}

/// The MCP server's own code passes mcplint: its `lint` tool's paths reach the walker and the
/// configuration reader only through the containment check (`crates/cli` whole, so that the
/// flows into walk.rs and config.rs are seen).
#[test]
fn mcplint_mcp_itself_has_no_finding() {
    let out = run(Command::new(BIN).current_dir(repo_root()).args([
        "--no-cache",
        "--isolated",
        "--fail-on",
        "warning",
        "crates/cli",
    ]));
    assert!(out.status.success(), "{}", text(&out));
}
