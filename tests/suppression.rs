//! Suppression comments end to end: what `testdata/suppression/` and
//! `testdata/unused-suppression/` cannot express with `expect:` comments (findings on comment
//! lines), and how suppressions interact with rule selection, per-file ignores and exit codes.

mod tools;

use tools::{CLEAN, VULNERABLE, findings, mcplint, project};

fn json(dir: &std::path::Path, args: &[&str]) -> Vec<(String, u64, String, String)> {
    let mut all = vec!["--format", "json"];
    all.extend_from_slice(args);
    findings(&mcplint(dir, &all))
}

fn finding(path: &str, line: u64, rule: &str, severity: &str) -> (String, u64, String, String) {
    (path.into(), line, rule.into(), severity.into())
}

#[test]
fn own_line_and_trailing_suppressions() {
    let own_line = VULNERABLE.replace(
        "    return subprocess",
        "    # mcplint: ignore[shell-injection] -- trusted operators only\n    return subprocess",
    );
    let trailing = VULNERABLE.replace(
        "text=True)",
        "text=True)  # mcplint: ignore[shell-injection] -- trusted operators only",
    );
    let dir = project(&[("a.py", &own_line), ("b.py", &trailing)]);
    let run = mcplint(dir.path(), &[]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert_eq!(run.stdout, "No findings in 2 files.\n");
}

#[test]
fn unused_own_line_suppressions_are_reported_at_the_comment() {
    let text = CLEAN.replace(
        "    return a + b",
        "    # mcplint: ignore[shell-injection] -- stale\n    return a + b",
    );
    let dir = project(&[("server.py", &text)]);
    assert_eq!(
        json(dir.path(), &[]),
        [finding("server.py", 9, "unused-suppression", "warning")]
    );
    // Warnings alone do not fail the run unless asked.
    assert_eq!(mcplint(dir.path(), &[]).code, 0);
    assert_eq!(mcplint(dir.path(), &["--fail-on", "warning"]).code, 1);
    assert_eq!(
        mcplint(dir.path(), &["--fail-on", "warning", "--exit-zero"]).code,
        0
    );
    // The rule can be turned off like any other.
    assert!(json(dir.path(), &["--ignore", "unused-suppression"]).is_empty());
    let file_off = format!("# mcplint: ignore-file[unused-suppression] -- migrating\n{text}");
    std::fs::write(dir.path().join("server.py"), file_off).unwrap();
    assert!(json(dir.path(), &[]).is_empty());
}

#[test]
fn every_problem_of_a_directive_is_reported() {
    let text = CLEAN.replace(
        "    return a + b",
        "    # mcplint: ignore[shell-injection, no-such-rule]\n    return a + b",
    );
    let dir = project(&[("server.py", &text)]);
    let run = mcplint(dir.path(), &["--color", "never", "--quiet"]);
    for message in [
        "warning[unused-suppression]: unused suppression: no `shell-injection` finding on this line",
        "warning[unused-suppression]: unknown rule `no-such-rule` in suppression",
        "warning[unused-suppression]: suppression without a reason",
    ] {
        assert!(run.stdout.contains(message), "{message}\n{}", run.stdout);
    }
    assert_eq!(
        run.stdout.matches("server.py:9:5").count(),
        3,
        "{}",
        run.stdout
    );
}

#[test]
fn suppressions_of_rules_that_did_not_run_are_not_unused() {
    let text = CLEAN.replace(
        "    return a + b",
        "    return a + b  # mcplint: ignore[sql-injection] -- raw SQL reviewed",
    );
    let dir = project(&[
        ("server.py", text.as_str()),
        (
            "mcplint.toml",
            "[per-file-ignores]\n\"legacy/**\" = [\"shell-injection\"]\n",
        ),
        (
            "legacy/old.py",
            VULNERABLE
                .replace(
                    "text=True)",
                    "text=True)  # mcplint: ignore[shell-injection] -- per-file-ignores covers it",
                )
                .as_str(),
        ),
    ]);
    assert_eq!(
        json(dir.path(), &[]),
        [finding("server.py", 9, "unused-suppression", "warning")]
    );
    assert!(
        json(
            dir.path(),
            &["--select", "shell-injection,unused-suppression"]
        )
        .is_empty()
    );
    assert!(json(dir.path(), &["--ignore", "sql-injection"]).is_empty());
}

#[test]
fn cross_file_findings_are_suppressed_where_they_land() {
    let server = r#"from mcp.server.fastmcp import FastMCP

from .helpers import pack

mcp = FastMCP("archives")


@mcp.tool()
def make_archive(name: str) -> str:
    """Pack the workspace."""
    return pack(name)
"#;
    let helpers = r#"import subprocess


def pack(name: str) -> str:
    return subprocess.check_output(f"tar czf {name}.tgz .", shell=True, timeout=60, text=True)
"#;
    let dir = project(&[
        ("pkg/__init__.py", ""),
        ("pkg/server.py", server),
        ("pkg/helpers.py", helpers),
    ]);
    assert_eq!(
        json(dir.path(), &[]),
        [finding("pkg/helpers.py", 5, "shell-injection", "error")]
    );
    let suppressed = helpers.replace(
        "text=True)",
        "text=True)  # mcplint: ignore[shell-injection] -- slugs only",
    );
    std::fs::write(dir.path().join("pkg/helpers.py"), suppressed).unwrap();
    assert!(json(dir.path(), &[]).is_empty());
    // Scanning only the tool's file: the helper is not analysed, so nothing is reported.
    assert!(json(dir.path(), &["pkg/server.py"]).is_empty());
}

#[test]
fn the_fixture_folders_report_what_they_expect() {
    let root = tools::repo_root();
    let run = mcplint(
        &root,
        &[
            "--format",
            "json",
            "--ignore",
            "missing-timeout",
            "testdata/suppression",
        ],
    );
    let found = findings(&run);
    assert!(
        found
            .iter()
            .all(|f| f.2 == "shell-injection" || f.2 == "unused-suppression"),
        "{found:?}"
    );
    assert_eq!(run.code, 1);
}
