//! `scripts/ecosystem`, the real-server check, on a fake ecosystem of one hand-written server:
//! its tree comes from a git repository through `--mirrors`, and the test walks the review cycle
//! (`--update`, verdicts set by hand, a code change, `--update` again). It checks that the script
//! reports a finding added, one removed with its verdict, a known miss now found ("fixed miss"),
//! that it exits 1 for changes and unreviewed findings and 0 when nothing changed, and that
//! `--update` keeps verdicts. Runs the binary built for this test run (`--binary`).
//! Needs python3 and git on the machine; fails loudly without them.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The server before the change: a shell tool (the finding that goes away) and a file reader.
const SERVER_BEFORE: &str = r#"import subprocess

from mcp.server.fastmcp import FastMCP

mcp = FastMCP("acme")


@mcp.tool()
def run(cmd: str) -> str:
    return subprocess.run(cmd, shell=True, capture_output=True, text=True, timeout=60).stdout


@mcp.tool()
def read(path: str) -> str:
    with open(path) as f:
        return f.read()
"#;

/// The server after the change: the shell tool fixed (argument list), the reader unchanged, a
/// remover on the line a known miss names, and a new SQL tool (the added finding).
const SERVER_AFTER: &str = r#"import os
import sqlite3
import subprocess

from mcp.server.fastmcp import FastMCP

mcp = FastMCP("acme")


@mcp.tool()
def run(cmd: str) -> str:
    return subprocess.run(["echo", cmd], capture_output=True, text=True, timeout=60).stdout


@mcp.tool()
def read(path: str) -> str:
    with open(path) as f:
        return f.read()


@mcp.tool()
def remove(path: str) -> None:
    os.remove(path)


@mcp.tool()
def count(table: str) -> int:
    return sqlite3.connect("a.db").execute(f"SELECT count(*) FROM {table}").fetchone()[0]
"#;

fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The 1-based line of the first line of `source` containing `needle`.
fn line_of(source: &str, needle: &str) -> usize {
    source
        .lines()
        .position(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("{needle:?} is in the source"))
        + 1
}

fn require(program: &str) {
    let ok = Command::new(program)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    assert!(
        ok,
        "{program} is required by the ecosystem script test (scripts/ecosystem); install it"
    );
}

fn git(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .args([
            "-c",
            "user.name=test",
            "-c",
            "user.email=test@example.com",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap().trim().to_string()
}

/// Commits `source` as server.py in the fake upstream repository; returns the commit.
fn commit_server(upstream: &Path, source: &str, message: &str) -> String {
    fs::write(upstream.join("server.py"), source).unwrap();
    git(upstream, &["add", "server.py"]);
    git(upstream, &["commit", "-q", "-m", message]);
    git(upstream, &["rev-parse", "HEAD"])
}

/// The fake ecosystem: a servers list pinned to `commit`, a cache, a mirrors directory.
struct Ecosystem {
    dir: tempfile::TempDir,
}

impl Ecosystem {
    fn servers(&self) -> PathBuf {
        self.dir.path().join("servers.toml")
    }
    fn snapshot(&self) -> PathBuf {
        self.dir.path().join("snapshot.toml")
    }
    fn upstream(&self) -> PathBuf {
        self.dir.path().join("mirrors").join("acme+tools")
    }

    fn pin(&self, commit: &str) {
        let list = format!(
            "[[server]]\nid = \"acme-tools\"\nrepo = \"acme/tools\"\ncommit = \"{commit}\"\n\
             languages = [\"python\"]\nwhy = \"hand-written test server\"\n"
        );
        fs::write(self.servers(), list).unwrap();
    }

    /// Runs scripts/ecosystem on the fake ecosystem; returns its output and exit code.
    fn run(&self, extra: &[&str]) -> (String, i32) {
        let out: Output = Command::new("python3")
            .arg(repo_root().join("scripts").join("ecosystem"))
            .arg("--binary")
            .arg(env!("CARGO_BIN_EXE_mcplint"))
            .arg("--servers")
            .arg(self.servers())
            .arg("--snapshot")
            .arg(self.snapshot())
            .arg("--sources")
            .arg(self.dir.path().join("cache"))
            .arg("--mirrors")
            .arg(self.dir.path().join("mirrors"))
            .args(extra)
            .output()
            .unwrap();
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        (text, out.status.code().expect("the script exited"))
    }

    fn edit_snapshot(&self, edit: impl FnOnce(String) -> String) {
        let text = fs::read_to_string(self.snapshot()).unwrap();
        fs::write(self.snapshot(), edit(text)).unwrap();
    }
}

#[test]
fn the_ecosystem_script_reports_added_removed_and_fixed_misses() {
    require("python3");
    require("git");
    let eco = Ecosystem {
        dir: tempfile::tempdir().unwrap(),
    };
    fs::create_dir_all(eco.upstream()).unwrap();
    git(&eco.upstream(), &["init", "-q"]);
    let before = commit_server(&eco.upstream(), SERVER_BEFORE, "before");
    eco.pin(&before);

    // A server the cache lacks and no mirror has is a loud error naming it.
    let (out, code) = Command::new("python3")
        .arg(repo_root().join("scripts").join("ecosystem"))
        .args(["--binary", env!("CARGO_BIN_EXE_mcplint")])
        .arg("--servers")
        .arg(eco.servers())
        .arg("--sources")
        .arg(eco.dir.path().join("empty-cache"))
        .output()
        .map(|o| {
            (
                String::from_utf8_lossy(&o.stderr).into_owned(),
                o.status.code(),
            )
        })
        .unwrap();
    assert_eq!(code, Some(2), "{out}");
    assert!(
        out.contains("missing") && out.contains("acme-tools"),
        "{out}"
    );

    // First run: the tree is extracted from the mirror; both findings are new and unreviewed.
    let shell_line = line_of(SERVER_BEFORE, "shell=True");
    let read_line = line_of(SERVER_BEFORE, "open(path)");
    let (out, code) = eco.run(&["--update"]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains(&format!("+ server.py:{shell_line} shell-injection")),
        "{out}"
    );
    assert!(
        out.contains(&format!("+ server.py:{read_line} path-traversal")),
        "{out}"
    );
    assert!(out.contains("2 unreviewed"), "{out}");

    // Reviewed, with a known miss on the line the remover will take: nothing changed, exit 0.
    let remove_line = line_of(SERVER_AFTER, "os.remove(path)");
    eco.edit_snapshot(|text| {
        text.replace("verdict = \"unreviewed\"", "verdict = \"true\"")
            + &format!(
                "\n[[finding]]\nserver = \"acme-tools\"\npath = \"server.py\"\nline = {remove_line}\n\
                 rule = \"path-traversal\"\nverdict = \"missed\"\nreason = \"os.remove of a tool path\"\n"
            )
    });
    let (out, code) = eco.run(&[]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("2 true, 0 false, 0 unreviewed"), "{out}");
    assert!(out.contains("1 still missed"), "{out}");

    // The change: the shell finding goes, the miss is found, the SQL finding is added.
    let after = commit_server(&eco.upstream(), SERVER_AFTER, "after");
    eco.pin(&after);
    let moved_read = line_of(SERVER_AFTER, "open(path)");
    let sql_line = line_of(SERVER_AFTER, "SELECT count(*)");
    let (out, code) = eco.run(&[]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains(&format!("- server.py:{shell_line} shell-injection")),
        "{out}"
    );
    assert!(
        out.contains("[true]"),
        "the removed finding shows its verdict: {out}"
    );
    assert!(
        out.contains(&format!("+ server.py:{sql_line} sql-injection")),
        "{out}"
    );
    assert!(
        out.contains(&format!(
            "* fixed miss server.py:{remove_line} path-traversal"
        )),
        "{out}"
    );
    assert!(
        out.contains(&format!(
            "~ server.py:{read_line} -> {moved_read} path-traversal"
        )),
        "{out}"
    );
    assert!(out.contains("1 true lost"), "{out}");

    // --update keeps the verdicts (the moved reader stays true, the fixed miss becomes true with
    // its reason); only the SQL finding is left to review.
    let (_, code) = eco.run(&["--update"]);
    assert_eq!(code, 1);
    let snapshot = fs::read_to_string(eco.snapshot()).unwrap();
    assert!(
        snapshot.contains("reason = \"os.remove of a tool path\""),
        "{snapshot}"
    );
    assert!(!snapshot.contains("verdict = \"missed\""), "{snapshot}");
    assert_eq!(
        snapshot.matches("verdict = \"unreviewed\"").count(),
        1,
        "{snapshot}"
    );
    eco.edit_snapshot(|text| text.replace("verdict = \"unreviewed\"", "verdict = \"false\""));
    let (out, code) = eco.run(&[]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("2 true, 1 false, 0 unreviewed"), "{out}");
}
