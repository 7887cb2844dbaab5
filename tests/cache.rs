//! The summary cache changes nothing but speed: output with a cold cache, a warm one and none is
//! byte for byte the same, over testdata and over a tree edited between runs.

use std::fs;
use std::path::Path;
use std::process::Command;

/// The JSON report of a scan of `dir` (run from `cwd`) with the cache in `cache`, or with
/// `--no-cache`.
fn scan(cwd: &Path, dir: &str, cache: Option<&Path>) -> String {
    scan_with_stats(cwd, dir, cache).0
}

/// [`scan`], with how many files came from the cache and how many the project phase lowered
/// again (from `--stats`).
fn scan_with_stats(cwd: &Path, dir: &str, cache: Option<&Path>) -> (String, Reuse) {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_mcplint"));
    cmd.current_dir(cwd)
        .args([dir, "--format", "json", "--isolated", "--stats"])
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
    let stderr = String::from_utf8_lossy(&out.stderr);
    let number = |re: &str| -> usize {
        regex::Regex::new(re)
            .unwrap()
            .captures(&stderr)
            .unwrap_or_else(|| panic!("no `{re}` in --stats:\n{stderr}"))[1]
            .parse()
            .unwrap()
    };
    let reuse = Reuse {
        from_cache: number(r"\((\d+) from the cache\)"),
        lowered_again: number(r"(\d+) files lowered again"),
    };
    let report = String::from_utf8(out.stdout).expect("JSON output is UTF-8");
    (report, reuse)
}

/// What a run took from the cache.
#[derive(Debug, PartialEq)]
struct Reuse {
    /// Files whose per-file result came from the cache.
    from_cache: usize,
    /// Files the project phase's second round lowered again.
    lowered_again: usize,
}

/// The cache's pack files and their bytes.
fn packs(cache: &Path) -> Vec<(std::path::PathBuf, Vec<u8>)> {
    fs::read_dir(cache.join("v2"))
        .expect("the cache has a version folder")
        .flatten()
        .map(|engine| {
            let pack = engine.path().join("pack");
            let bytes = fs::read(&pack).expect("a pack");
            (pack, bytes)
        })
        .collect()
}

#[test]
fn testdata_reports_the_same_with_a_cold_a_warm_and_no_cache() {
    let cache = tempfile::tempdir().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let none = scan(root, "testdata", None);
    assert!(none.contains("\"rule\""), "testdata has findings");
    let (cold, cold_reuse) = scan_with_stats(root, "testdata", Some(cache.path()));
    assert_eq!(cold_reuse.from_cache, 0);
    assert!(
        cold_reuse.lowered_again > 0,
        "testdata has files a second round analyses again"
    );
    let stored = packs(cache.path());
    assert_eq!(stored.len(), 1, "one pack");
    let (warm, warm_reuse) = scan_with_stats(root, "testdata", Some(cache.path()));
    assert!(cold == none, "a cold cache changed the report");
    assert!(warm == none, "a warm cache changed the report");
    assert!(warm_reuse.from_cache > 100, "{warm_reuse:?}");
    assert_eq!(
        warm_reuse.lowered_again, 0,
        "a warm run lowered files again"
    );
    assert!(packs(cache.path()) == stored, "a warm run rewrote the pack");
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
    return subprocess.run(["report", "--", name], capture_output=True, text=True, timeout=60).stdout
"#;

const UNSAFE_HELPERS: &str = r#"import subprocess


def run_report(name):
    return subprocess.run(f"report {name}", shell=True, capture_output=True, text=True, timeout=60).stdout
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
    for (pack, bytes) in packs(cache.path()) {
        fs::write(pack, &bytes[..bytes.len() / 2]).unwrap();
    }
    let (report, reuse) = scan_with_stats(root, ".", Some(cache.path()));
    assert_eq!(report, expected);
    assert_eq!(reuse.from_cache, 0, "a truncated pack was used");
    let (report, reuse) = scan_with_stats(root, ".", Some(cache.path()));
    assert_eq!(report, expected);
    assert_eq!(reuse.from_cache, 2, "the pack was not rewritten");
}

const GUARDED_SERVER: &str = r#"import os
from mcp.server.fastmcp import FastMCP

from guard import ROOT, is_allowed

mcp = FastMCP("notes")


@mcp.tool()
def read_note(name: str) -> str:
    """Read a note."""
    path = os.path.join(ROOT, name)
    if not is_allowed(path):
        raise ValueError("not a note")
    with open(path) as fh:
        return fh.read()
"#;

/// A guard module: `is_allowed` with the given body.
fn guard(body: &str) -> String {
    format!(
        "import os\n\nROOT = os.path.realpath(\"/srv/notes\")\n\n\ndef is_allowed(path):\n    {body}\n"
    )
}

/// The second round's results are cached with the facts of other files they were made from:
/// an unchanged tree lowers nothing again, and a changed predicate in another file makes the
/// unchanged file that calls it be analysed again.
#[test]
fn a_changed_predicate_reanalyses_its_unchanged_callers() {
    let tree = tempfile::tempdir().unwrap();
    let cache = tempfile::tempdir().unwrap();
    let root = tree.path();
    let sound = guard("return os.path.realpath(path).startswith(ROOT + os.sep)");
    let no_separator = guard("return os.path.realpath(path).startswith(ROOT)");
    let no_check = guard("return True");
    fs::write(root.join("server.py"), GUARDED_SERVER).unwrap();
    fs::write(root.join("guard.py"), &sound).unwrap();
    // Each run: the report, which must equal an uncached one, and how many files came from the
    // cache and were lowered again.
    let check = |what: &str, from_cache: usize, lowered_again: usize| {
        let (cached, reuse) = scan_with_stats(root, ".", Some(cache.path()));
        let uncached = scan(root, ".", None);
        assert!(
            cached == uncached,
            "{what}: cached and uncached reports differ:\n{cached}\n---\n{uncached}"
        );
        let expected = Reuse {
            from_cache,
            lowered_again,
        };
        assert_eq!(reuse, expected, "{what}");
        cached
    };
    let first = check("cold", 0, 1);
    assert!(!first.contains("path-traversal"), "{first}");
    assert_eq!(check("warm", 2, 0), first);

    // The check loses its separator: the finding lands in guard.py, at the check.
    fs::write(root.join("guard.py"), &no_separator).unwrap();
    let flawed = check("flawed check", 1, 1);
    assert!(flawed.contains("\"path\": \"guard.py\""), "{flawed}");

    // No check at all: the first round's summary of server.py holds, the sink is reported.
    fs::write(root.join("guard.py"), &no_check).unwrap();
    let unchecked = check("no check", 1, 0);
    assert!(unchecked.contains("\"path\": \"server.py\""), "{unchecked}");

    // Back to the sound check: its second-round result is made again.
    fs::write(root.join("guard.py"), &sound).unwrap();
    assert_eq!(check("restored", 1, 1), first);
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
    let leftovers = fs::read_dir(cache.path().join("v2"))
        .unwrap()
        .flatten()
        .flat_map(|engine| fs::read_dir(engine.path()).unwrap().flatten())
        .filter(|e| e.file_name().to_string_lossy().starts_with(".tmp-"))
        .count();
    assert_eq!(leftovers, 0, "temporary files left behind");
}

/// A cache folder that cannot be made is a notice, not an error: the scan runs without it.
#[test]
fn an_unusable_cache_folder_is_a_notice() {
    let tree = tempfile::tempdir().unwrap();
    let root = tree.path();
    fs::write(root.join("server.py"), SERVER).unwrap();
    fs::write(root.join("helpers.py"), UNSAFE_HELPERS).unwrap();
    let not_a_folder = root.join("cache-file");
    fs::write(&not_a_folder, b"").unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_mcplint"))
        .current_dir(root)
        .args([
            "server.py",
            "helpers.py",
            "--format",
            "json",
            "--isolated",
            "--cache-dir",
        ])
        .arg(&not_a_folder)
        .env_remove("MCPLINT_CACHE_DIR")
        .output()
        .expect("mcplint runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("cannot use the cache, scanning without it"),
        "{stderr}"
    );
    let report = String::from_utf8(out.stdout).unwrap();
    assert!(report.contains("shell-injection"), "{report}");
}
