//! The SARIF that mcplint writes passes the SARIF SDK's validator with GitHub's rules
//! (`sarif-multitool validate --rule-kind "Gh;Sarif"`) without a single error or warning: on the
//! fixtures of every rule, with absolute paths, and with no results at all.

mod tools;

use std::path::Path;
use std::process::Command;

use serde_json::Value;
use tools::{BIN, repo_root, run, sarif_multitool, text, write_files};

/// Runs the validator on `sarif` and fails with every error and warning it reports.
fn validate(sarif: &Path) {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("validation.sarif");
    let out = run(Command::new(sarif_multitool())
        .arg("validate")
        .args(["--rule-kind", "Gh;Sarif"])
        .arg("--output")
        .arg(&log)
        .arg(sarif)
        // The tool is a self-contained .NET program: no ICU needed, no telemetry.
        .env("DOTNET_SYSTEM_GLOBALIZATION_INVARIANT", "1")
        .env("DOTNET_CLI_TELEMETRY_OPTOUT", "1"));
    assert!(
        out.status.success() && log.exists(),
        "the validator did not run\n{}",
        text(&out)
    );
    let log: Value = serde_json::from_slice(&std::fs::read(&log).unwrap()).unwrap();
    let run = &log["runs"][0];
    let mut problems = Vec::new();
    for result in run["results"].as_array().into_iter().flatten() {
        let level = result["level"].as_str().unwrap_or("warning");
        if level == "error" || level == "warning" {
            let at = result["locations"][0]["physicalLocation"]["region"]["startLine"].clone();
            problems.push(format!(
                "{level} {} (line {at}): {}",
                result["ruleId"].as_str().unwrap_or("?"),
                result["message"]["text"].as_str().unwrap_or("")
            ));
        }
    }
    for invocation in run["invocations"].as_array().into_iter().flatten() {
        for key in [
            "toolExecutionNotifications",
            "toolConfigurationNotifications",
        ] {
            for n in invocation[key].as_array().into_iter().flatten() {
                if n["level"].as_str().unwrap_or("warning") != "note" {
                    problems.push(format!("{key}: {}", n["message"]["text"]));
                }
            }
        }
        assert_eq!(
            invocation["executionSuccessful"],
            Value::Bool(true),
            "{invocation}"
        );
    }
    assert!(
        problems.is_empty(),
        "{} problems in {}:\n{}",
        problems.len(),
        sarif.display(),
        problems.join("\n")
    );
}

/// Runs mcplint in `cwd` with `args`, writing SARIF to a temporary file; returns the file's
/// directory (kept alive by the caller) and the parsed log.
fn sarif(cwd: &Path, args: &[&str], expect_code: i32) -> (tempfile::TempDir, Value) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("mcplint.sarif");
    let out = run(Command::new(BIN)
        .args(["--format", "sarif", "--output"])
        .arg(&file)
        .args(args)
        .current_dir(cwd));
    assert_eq!(out.status.code(), Some(expect_code), "{}", text(&out));
    let log = serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
    (dir, log)
}

#[test]
fn the_fixtures_of_every_rule_pass_the_github_validator() {
    let (dir, log) = sarif(&repo_root(), &["testdata"], 1);
    let results = log["runs"][0]["results"].as_array().unwrap();
    for rule in mcplint_rules::rules::ALL {
        assert!(
            results.iter().any(|r| r["ruleId"] == rule.name),
            "no `{}` result in the fixtures' SARIF: every rule must be validated",
            rule.name
        );
    }
    assert!(
        results
            .iter()
            .any(|r| r["codeFlows"].is_array() && r["relatedLocations"].is_array()),
        "taint results with code flows are validated"
    );
    validate(&dir.path().join("mcplint.sarif"));
}

#[test]
fn absolute_paths_and_empty_runs_pass_the_github_validator() {
    // Scanning a path outside the current directory: artifact URIs are absolute `file:` URIs.
    let outside = tempfile::tempdir().unwrap();
    let testdata = repo_root().join("testdata/shell-injection");
    let (dir, log) = sarif(outside.path(), &[testdata.to_str().unwrap()], 1);
    let uri = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
        ["uri"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(uri.starts_with("file:///"), "{uri}");
    validate(&dir.path().join("mcplint.sarif"));

    // No results at all.
    let clean = tempfile::tempdir().unwrap();
    write_files(clean.path(), &[("server.py", tools::CLEAN)]);
    let (dir, log) = sarif(clean.path(), &[], 0);
    assert_eq!(log["runs"][0]["results"], serde_json::json!([]));
    validate(&dir.path().join("mcplint.sarif"));

    // Only warnings (a stale suppression), with a file name that needs percent-encoding.
    let warn = tempfile::tempdir().unwrap();
    let stale = tools::CLEAN.replace(
        "    return a + b",
        "    return a + b  # mcplint: ignore[shell-injection] -- stale",
    );
    write_files(warn.path(), &[("my server,v2.py", &stale)]);
    let (dir, log) = sarif(warn.path(), &[], 0);
    assert_eq!(log["runs"][0]["results"][0]["level"], "warning");
    validate(&dir.path().join("mcplint.sarif"));
}
