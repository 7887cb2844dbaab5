//! Baselines: `--write-baseline` records the findings, `--baseline` reports only new ones, and
//! the match survives moving code and unrelated edits.

mod tools;

use tools::{VULNERABLE, findings, mcplint, project};

const SECOND_TOOL: &str = r#"

@mcp.tool()
def grep(pattern: str) -> str:
    """Search the logs."""
    return subprocess.check_output(f"grep {pattern} /var/log/app.log", shell=True, timeout=60, text=True)
"#;

#[test]
fn only_new_findings_are_reported() {
    let dir = project(&[("server.py", VULNERABLE)]);
    let run = mcplint(dir.path(), &["--write-baseline", "mcplint-baseline.json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stdout, "");
    assert_eq!(
        run.stderr,
        "mcplint: wrote 1 finding to mcplint-baseline.json\n"
    );
    let written: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("mcplint-baseline.json")).unwrap())
            .unwrap();
    assert_eq!(written["version"], 1);
    let entry = &written["findings"][0];
    assert_eq!(entry["rule"], "shell-injection");
    assert_eq!(entry["path"], "server.py");
    assert_eq!(entry["line"], 11);
    assert!(entry["fingerprint"].as_str().unwrap().len() >= 16);

    let with_baseline = ["--baseline", "mcplint-baseline.json"];
    let run = mcplint(dir.path(), &with_baseline);
    assert_eq!(run.code, 0, "{}", run.stdout);
    // The baseline file, in the scanned tree, is not scanned itself (as tool definitions).
    assert_eq!(
        run.stdout,
        "No findings in 1 file. The baseline hid 1 finding.\n"
    );
    let run = mcplint(
        dir.path(),
        &["--baseline", "mcplint-baseline.json", "--format", "json"],
    );
    let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(json["summary"]["hidden_by_baseline"], 1, "{json}");

    // Lines inserted above the finding and unrelated edits (re-indentation, a new import) keep
    // it matched.
    let moved = format!(
        "\"\"\"Ops server.\"\"\"\n\nimport os\n\n\n{}",
        VULNERABLE.replace(
            "    return subprocess.check_output(cmd, shell=True, timeout=60, text=True)",
            "    # Run it.\n    return  subprocess.check_output(cmd,  shell=True, timeout=60, text=True)"
        )
    );
    std::fs::write(dir.path().join("server.py"), &moved).unwrap();
    let run = mcplint(dir.path(), &with_baseline);
    assert_eq!(run.code, 0, "{}", run.stdout);

    // A new vulnerable tool is reported, alone.
    let grown = format!("{moved}{SECOND_TOOL}");
    std::fs::write(dir.path().join("server.py"), &grown).unwrap();
    let grep_line = grown
        .lines()
        .position(|l| l.contains("grep {pattern}"))
        .unwrap()
        + 1;
    let run = mcplint(
        dir.path(),
        &["--format", "json", "--baseline", "mcplint-baseline.json"],
    );
    assert_eq!(run.code, 1);
    let found = findings(&run);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].2, "shell-injection");
    assert_eq!(found[0].1, grep_line as u64, "{found:?}");
    // Without the baseline both are reported.
    assert_eq!(
        findings(&mcplint(dir.path(), &["--format", "json"])).len(),
        2
    );
}

#[test]
fn equal_findings_are_counted() {
    let twice = format!(
        "{VULNERABLE}\n\n@mcp.tool()\ndef run2(cmd: str) -> str:\n    \"\"\"Run a command.\"\"\"\n    return subprocess.check_output(cmd, shell=True, timeout=60, text=True)\n"
    );
    let dir = project(&[("server.py", VULNERABLE)]);
    assert_eq!(mcplint(dir.path(), &["--write-baseline", "b.json"]).code, 0);
    std::fs::write(dir.path().join("server.py"), twice).unwrap();
    let found = findings(&mcplint(
        dir.path(),
        &["--format", "json", "--baseline", "b.json"],
    ));
    assert_eq!(
        found.len(),
        1,
        "one of the two equal findings is new: {found:?}"
    );
}

#[test]
fn paths_are_relative_to_the_baseline_file() {
    let dir = project(&[("app/server.py", VULNERABLE)]);
    assert_eq!(
        mcplint(dir.path(), &["--write-baseline", "ci/baseline.json", "app"]).code,
        0
    );
    // From another directory, naming the same files differently.
    let app = dir.path().join("app");
    let run = mcplint(&app, &["--baseline", "../ci/baseline.json"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
}

#[test]
fn corrupt_or_foreign_baselines_are_clear_errors() {
    let dir = project(&[("server.py", VULNERABLE)]);
    let cases: [(&str, &str); 5] = [
        ("{not json", "b.json: not a mcplint baseline (invalid JSON"),
        (
            "[1, 2]",
            "b.json: not a mcplint baseline (no \"version\" number)",
        ),
        (
            "{\"version\": 2, \"findings\": []}",
            "b.json: baseline version 2 is not supported (this mcplint reads version 1)",
        ),
        (
            "{\"version\": 1}",
            "b.json: corrupt baseline (missing field `findings`)",
        ),
        (
            "{\"version\": 1, \"findings\": [{\"rule\": \"x\"}]}",
            "b.json: corrupt baseline (missing field `fingerprint`)",
        ),
    ];
    for (text, message) in cases {
        std::fs::write(dir.path().join("b.json"), text).unwrap();
        let run = mcplint(dir.path(), &["--baseline", "b.json"]);
        assert_eq!(run.code, 2, "{text}: {}", run.stdout);
        assert!(
            run.stderr
                .starts_with(&format!("mcplint: error: {message}")),
            "{text}: {}",
            run.stderr
        );
        assert!(run.stderr.contains("--write-baseline"), "{}", run.stderr);
        assert_eq!(run.stdout, "", "nothing is reported");
    }
    let run = mcplint(dir.path(), &["--baseline", "missing.json"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("cannot read baseline missing.json"),
        "{}",
        run.stderr
    );
    let run = mcplint(
        dir.path(),
        &["--baseline", "b.json", "--write-baseline", "c.json"],
    );
    assert_eq!(run.code, 2, "the two flags conflict");
}
