//! The summary cache changes nothing but speed: output with a cold cache, a warm one and none is
//! byte for byte the same, over testdata and over a tree edited between runs.

use std::fs;
use std::path::Path;
use std::process::Command;

/// The JSON report of a scan of `dir` (run from `cwd`) with the cache in `cache`, or with
/// `--no-cache`.
fn scan(cwd: &Path, dir: &str, cache: Option<&Path>) -> String {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_mcplint"));
    cmd.current_dir(cwd)
        .args([dir, "--format", "json", "--isolated"])
        .env_remove("MCPLINT_CACHE_DIR");
    match cache {
        Some(c) => cmd.arg("--cache-dir").arg(c),
        None => cmd.arg("--no-cache"),
    };
    let out = cmd.output().expect("mcplint runs");
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("JSON output is UTF-8")
}

/// How many entries the cache holds.
fn entries(cache: &Path) -> usize {
    fs::read_dir(cache.join("v1"))
        .expect("the cache has a version folder")
        .flatten()
        .map(|engine| fs::read_dir(engine.path()).unwrap().count())
        .sum()
}

#[test]
fn testdata_reports_the_same_with_a_cold_a_warm_and_no_cache() {
    let cache = tempfile::tempdir().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let none = scan(root, "testdata", None);
    assert!(none.contains("\"rule\""), "testdata has findings");
    let cold = scan(root, "testdata", Some(cache.path()));
    let stored = entries(cache.path());
    assert!(stored > 100, "{stored} entries after a cold run");
    let warm = scan(root, "testdata", Some(cache.path()));
    assert!(cold == none, "a cold cache changed the report");
    assert!(warm == none, "a warm cache changed the report");
    assert_eq!(entries(cache.path()), stored, "a warm run rewrote entries");
    assert!(cache.path().join(".gitignore").is_file());
}

const SERVER: &str = r#"import subprocess
from mcp.server.fastmcp import FastMCP

from helpers import run_report

mcp = FastMCP("reports")


@mcp.tool()
def report(name: str) -> str:
    """Build a report."""
    return run_report(name)
"#;

const SAFE_HELPERS: &str = r#"import subprocess


def run_report(name):
    return subprocess.run(["report", "--", name], capture_output=True, text=True).stdout
"#;

const UNSAFE_HELPERS: &str = r#"import subprocess


def run_report(name):
    return subprocess.run(f"report {name}", shell=True, capture_output=True, text=True).stdout
"#;

const EXTRA: &str = r#"import os
from mcp.server.fastmcp import FastMCP

mcp = FastMCP("files")


@mcp.tool()
def read(path: str) -> str:
    """Read a file."""
    return open(os.path.join("/srv", path)).read()
"#;

/// Edits a tree between cached runs; after each edit the cached report must equal an uncached
/// one, and each edit must change what is reported where it should.
#[test]
fn an_edited_tree_reports_the_same_with_and_without_the_cache() {
    let tree = tempfile::tempdir().unwrap();
    let cache = tempfile::tempdir().unwrap();
    let root = tree.path();
    fs::write(root.join("server.py"), SERVER).unwrap();
    fs::write(root.join("helpers.py"), SAFE_HELPERS).unwrap();
    let check = |what: &str| {
        let cached = scan(root, ".", Some(cache.path()));
        let uncached = scan(root, ".", None);
        assert!(
            cached == uncached,
            "{what}: cached and uncached reports differ:\n{cached}\n---\n{uncached}"
        );
        cached
    };
    let first = check("cold");
    assert!(!first.contains("shell-injection"));
    assert_eq!(check("warm"), first);

    // The imported module changes under an unchanged importer: the flow appears.
    fs::write(root.join("helpers.py"), UNSAFE_HELPERS).unwrap();
    let unsafe_helpers = check("helper changed");
    assert!(unsafe_helpers.contains("shell-injection"));

    // A file added, then renamed, then deleted.
    fs::write(root.join("files.py"), EXTRA).unwrap();
    assert!(check("file added").contains("\"path\": \"files.py\""));
    fs::rename(root.join("files.py"), root.join("reader.py")).unwrap();
    let renamed = check("file renamed");
    assert!(renamed.contains("\"path\": \"reader.py\"") && !renamed.contains("files.py"));
    fs::remove_file(root.join("reader.py")).unwrap();
    assert_eq!(check("file deleted"), unsafe_helpers);

    // Back to the first contents: the report is the first one again.
    fs::write(root.join("helpers.py"), SAFE_HELPERS).unwrap();
    assert_eq!(check("helper restored"), first);
}

#[test]
fn a_corrupt_cache_is_ignored_and_rewritten() {
    let tree = tempfile::tempdir().unwrap();
    let cache = tempfile::tempdir().unwrap();
    let root = tree.path();
    fs::write(root.join("server.py"), SERVER).unwrap();
    fs::write(root.join("helpers.py"), UNSAFE_HELPERS).unwrap();
    let expected = scan(root, ".", None);
    scan(root, ".", Some(cache.path()));
    for engine in fs::read_dir(cache.path().join("v1")).unwrap().flatten() {
        for entry in fs::read_dir(engine.path()).unwrap().flatten() {
            let mut bytes = fs::read(entry.path()).unwrap();
            let half = bytes.len() / 2;
            bytes.truncate(half);
            fs::write(entry.path(), bytes).unwrap();
        }
    }
    assert_eq!(scan(root, ".", Some(cache.path())), expected);
    assert_eq!(scan(root, ".", Some(cache.path())), expected);
}

#[test]
fn concurrent_runs_share_a_cache_without_corrupting_it() {
    let cache = tempfile::tempdir().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let expected = scan(root, "testdata", None);
    let reports: Vec<String> = std::thread::scope(|s| {
        let runs: Vec<_> = (0..4)
            .map(|_| s.spawn(|| scan(root, "testdata", Some(cache.path()))))
            .collect();
        runs.into_iter().map(|r| r.join().unwrap()).collect()
    });
    assert!(
        reports.iter().all(|r| *r == expected),
        "a concurrent run differs"
    );
    assert!(scan(root, "testdata", Some(cache.path())) == expected);
    let leftovers = fs::read_dir(cache.path().join("v1"))
        .unwrap()
        .flatten()
        .flat_map(|engine| fs::read_dir(engine.path()).unwrap().flatten())
        .filter(|e| e.file_name().to_string_lossy().starts_with(".tmp-"))
        .count();
    assert_eq!(leftovers, 0, "temporary files left behind");
}
