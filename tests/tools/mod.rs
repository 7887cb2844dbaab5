//! The external tools some integration tests run (sarif-multitool, pre-commit,
//! check-jsonschema, maturin, pygls, mcp, Neovim), installed by `scripts/install-test-tools` into `.tools/` (or
//! `$MCPLINT_TOOLS_DIR`, which `scripts/test` exports). A missing tool fails the test with the
//! command that installs it: these tests never skip.

#![allow(dead_code, unreachable_pub)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The mcplint binary under test.
pub const BIN: &str = env!("CARGO_BIN_EXE_mcplint");

/// A progress line on standard error before a step that takes minutes on a fresh machine.
/// Written to the stream itself: libtest captures only `print!` and `eprint!`, so the line shows
/// while the test runs and `scripts/test` does not go silent.
pub fn progress(test: &str, what: &str) {
    use std::io::Write as _;
    let _ = writeln!(std::io::stderr().lock(), "    {test}: {what}");
}

/// The repository root.
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Where the tools are installed.
pub fn tools_dir() -> PathBuf {
    std::env::var_os("MCPLINT_TOOLS_DIR")
        .filter(|v| !v.is_empty())
        .map_or_else(|| repo_root().join(".tools"), PathBuf::from)
}

/// `path`, or a panic that says how to install the tool.
pub fn require(path: PathBuf, tool: &str) -> PathBuf {
    assert!(
        path.exists(),
        "{tool} is not installed (looked for {}).\n\
         Install the test tools with `scripts/install-test-tools` (scripts/test does it), \
         or point MCPLINT_TOOLS_DIR at a directory where they are installed.",
        path.display()
    );
    path
}

/// The `Sarif.Multitool` executable of the npm package `@microsoft/sarif-multitool` (its
/// platform package; the npm wrapper runs it through a shell, which splits `--rule-kind
/// "Gh;Sarif"` at the `;`).
pub fn sarif_multitool() -> PathBuf {
    let platform = match std::env::consts::OS {
        "macos" => "darwin",
        "windows" => "win32",
        other => other,
    };
    let exe = if cfg!(windows) {
        "Sarif.Multitool.exe"
    } else {
        "Sarif.Multitool"
    };
    require(
        tools_dir()
            .join("npm/node_modules/@microsoft")
            .join(format!("sarif-multitool-{platform}"))
            .join(exe),
        "sarif-multitool (npm @microsoft/sarif-multitool)",
    )
}

/// An executable of the tools' Python virtual environment (`pre-commit`, `check-jsonschema`,
/// `maturin`, `python`).
pub fn venv_bin(name: &str) -> PathBuf {
    let dir = if cfg!(windows) { "Scripts" } else { "bin" };
    require(
        tools_dir().join("venv").join(dir).join(name),
        &format!("{name} (PyPI)"),
    )
}

/// Runs a command and returns its output; panics when it cannot be started.
pub fn run(cmd: &mut Command) -> Output {
    cmd.output()
        .unwrap_or_else(|e| panic!("cannot run {cmd:?}: {e}"))
}

/// Runs a command that must succeed; returns its standard output.
pub fn run_ok(cmd: &mut Command) -> String {
    let out = run(cmd);
    assert!(
        out.status.success(),
        "{cmd:?} failed ({}):\n{}\n{}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Both output streams, for assertion messages.
pub fn text(out: &Output) -> String {
    format!(
        "status: {}\n--- stdout\n{}\n--- stderr\n{}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// Writes `files` (text or bytes) under `dir`, creating parent directories.
pub fn write_files<T: AsRef<[u8]>>(dir: &Path, files: &[(&str, T)]) {
    for (path, text) in files {
        let path = dir.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
}

/// A `FastMCP` tool whose input reaches a shell: one `shell-injection` finding on line 11,
/// columns 12 to 75, with the tool parameter on line 9, column 9.
pub const VULNERABLE: &str = r#"import subprocess

from mcp.server.fastmcp import FastMCP

mcp = FastMCP("demo")


@mcp.tool()
def run(cmd: str) -> str:
    """Run a command."""
    return subprocess.check_output(cmd, shell=True, timeout=60, text=True)
"#;

/// A `FastMCP` server without problems.
pub const CLEAN: &str = r#"from mcp.server.fastmcp import FastMCP

mcp = FastMCP("demo")


@mcp.tool()
def add(a: int, b: int) -> int:
    """Add two numbers."""
    return a + b
"#;

/// The result of running mcplint.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// The lines of standard error that are notices about `path`.
    pub fn notices_about(&self, path: &str) -> Vec<&str> {
        notices_about(&self.stderr, path)
    }
}

/// The lines of `stderr` that are notices about `path` (as displayed).
pub fn notices_about<'a>(stderr: &'a str, path: &str) -> Vec<&'a str> {
    let prefix = format!("mcplint: {path}: ");
    stderr.lines().filter(|l| l.starts_with(&prefix)).collect()
}

/// Runs mcplint in `dir` (configuration files above it are ignored unless the test puts them
/// there: temporary directories have none); asserts it exited normally (no signal, no abort)
/// and never panicked or hit an internal error.
pub fn mcplint(dir: &Path, args: &[&str]) -> Run {
    let out = run(Command::new(BIN)
        .args(args)
        .current_dir(dir)
        .env_remove("NO_COLOR")
        .env_remove("RUST_BACKTRACE"));
    let run = Run {
        code: out
            .status
            .code()
            .unwrap_or_else(|| panic!("mcplint was killed: {:?}", out.status)),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    };
    assert!(
        !run.stderr.contains("panicked"),
        "mcplint panicked:\n{}",
        run.stderr
    );
    assert!(
        !run.stderr.contains("internal error"),
        "internal error:\n{}",
        run.stderr
    );
    run
}

/// A temporary directory holding `files` (text or bytes).
pub fn project<T: AsRef<[u8]>>(files: &[(&str, T)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    write_files(dir.path(), files);
    dir
}

/// The findings of a `--format json` run as `(path, line, rule, severity)`.
pub fn findings(run: &Run) -> Vec<(String, u64, String, String)> {
    let report: serde_json::Value = serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}):\n{}\n{}", run.stdout, run.stderr));
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["path"].as_str().unwrap().to_owned(),
                f["start"]["line"].as_u64().unwrap(),
                f["rule"].as_str().unwrap().to_owned(),
                f["severity"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}
