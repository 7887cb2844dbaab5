//! Configuration files: discovery, every key, command-line overrides, `mcplint config`, and
//! errors that name the file, line and key (exit 2).

mod tools;

use tools::{CLEAN, VULNERABLE, findings, mcplint, project};

/// The line of the `shell-injection` finding in [`VULNERABLE`].
const LINE: u64 = 11;

fn rules_found(dir: &std::path::Path, args: &[&str]) -> Vec<(String, u64, String, String)> {
    let mut all = vec!["--format", "json"];
    all.extend_from_slice(args);
    findings(&mcplint(dir, &all))
}

#[test]
fn mcplint_toml_is_found_by_walking_up_from_the_first_path() {
    let dir = project(&[
        ("mcplint.toml", "ignore = [\"shell-injection\"]\n"),
        ("src/pkg/server.py", VULNERABLE),
    ]);
    assert_eq!(mcplint(dir.path(), &[]).code, 0);
    assert_eq!(mcplint(dir.path(), &["src/pkg"]).code, 0);
    assert_eq!(mcplint(dir.path(), &["src/pkg/server.py"]).code, 0);
    // From a subdirectory as the current directory too.
    assert_eq!(mcplint(&dir.path().join("src"), &[]).code, 0);
    // --isolated ignores it.
    assert_eq!(mcplint(dir.path(), &["--isolated"]).code, 1);
}

#[test]
fn dot_mcplint_toml_wins_over_mcplint_toml_and_pyproject() {
    let dir = project(&[
        (".mcplint.toml", "select = [\"sql-injection\"]\n"),
        ("mcplint.toml", "select = [\"shell-injection\"]\n"),
        (
            "pyproject.toml",
            "[tool.mcplint]\nselect = [\"shell-injection\"]\n",
        ),
        ("server.py", VULNERABLE),
    ]);
    assert_eq!(mcplint(dir.path(), &[]).code, 0);
    let out = mcplint(dir.path(), &["config"]);
    assert!(
        out.stdout.contains("# Configuration file: .mcplint.toml"),
        "{}",
        out.stdout
    );
}

#[test]
fn pyproject_tool_mcplint() {
    let dir = project(&[
        (
            "pyproject.toml",
            "[project]\nname = \"srv\"\n\n[tool.mcplint]\nignore = [\"shell-injection\"]\n",
        ),
        ("server.py", VULNERABLE),
    ]);
    assert_eq!(mcplint(dir.path(), &[]).code, 0);
    // A pyproject.toml without [tool.mcplint] is passed over for one further up.
    let dir = project(&[
        ("mcplint.toml", "ignore = [\"shell-injection\"]\n"),
        ("app/pyproject.toml", "[project]\nname = \"srv\"\n"),
        ("app/server.py", VULNERABLE),
    ]);
    assert_eq!(mcplint(dir.path(), &["app"]).code, 0);
}

#[test]
fn explicit_config_file() {
    let dir = project(&[
        (
            "ci/strict.toml",
            "[severity]\nunused-suppression = \"error\"\n",
        ),
        ("mcplint.toml", "ignore = [\"shell-injection\"]\n"),
        (
            "server.py",
            &CLEAN.replace(
                "return a + b",
                "return a + b  # mcplint: ignore[shell-injection] -- old",
            ),
        ),
    ]);
    // The discovered file is not read when --config names another.
    let found = rules_found(dir.path(), &["--config", "ci/strict.toml"]);
    assert_eq!(
        found,
        [(
            "server.py".into(),
            9,
            "unused-suppression".into(),
            "error".into()
        )]
    );
    assert_eq!(mcplint(dir.path(), &["--config", "ci/strict.toml"]).code, 1);
    let out = mcplint(dir.path(), &["--config", "missing.toml"]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("missing.toml"), "{}", out.stderr);
    let out = mcplint(dir.path(), &["--config", "ci/strict.toml", "--isolated"]);
    assert_eq!(out.code, 2, "--config and --isolated conflict");
}

#[test]
fn command_line_overrides_the_file() {
    let dir = project(&[
        (
            "mcplint.toml",
            "select = [\"sql-injection\"]\nignore = [\"path-traversal\"]\n",
        ),
        ("server.py", VULNERABLE),
    ]);
    assert_eq!(mcplint(dir.path(), &[]).code, 0);
    // --select replaces the file's select ...
    assert_eq!(
        mcplint(dir.path(), &["--select", "shell-injection"]).code,
        1
    );
    // ... and --ignore adds to its ignore list.
    assert_eq!(
        mcplint(
            dir.path(),
            &["--select", "shell-injection", "--ignore", "shell-injection"]
        )
        .code,
        0
    );
    let out = mcplint(dir.path(), &["config", "--ignore", "sql-injection"]);
    assert!(
        out.stdout
            .contains("ignore = [\"path-traversal\", \"sql-injection\"]"),
        "{}",
        out.stdout
    );
}

#[test]
fn severity_overrides_and_fail_on() {
    let dir = project(&[
        (
            "mcplint.toml",
            "[severity]\nshell-injection = \"warning\"\n",
        ),
        ("server.py", VULNERABLE),
    ]);
    let found = rules_found(dir.path(), &[]);
    assert_eq!(
        found,
        [(
            "server.py".into(),
            LINE,
            "shell-injection".into(),
            "warning".into()
        )]
    );
    // Warnings do not fail the run by default ...
    assert_eq!(mcplint(dir.path(), &[]).code, 0);
    // ... unless asked.
    assert_eq!(mcplint(dir.path(), &["--fail-on", "warning"]).code, 1);
    let text = mcplint(dir.path(), &["--color", "never"]);
    assert!(
        text.stdout.contains("warning[shell-injection]"),
        "{}",
        text.stdout
    );
    let sarif = mcplint(dir.path(), &["--format", "sarif"]);
    let log: serde_json::Value = serde_json::from_str(&sarif.stdout).unwrap();
    assert_eq!(log["runs"][0]["results"][0]["level"], "warning");
}

#[test]
fn per_file_ignores_are_relative_to_the_config_file() {
    let dir = project(&[
        (
            "mcplint.toml",
            "[per-file-ignores]\n\"tests/**\" = [\"shell-injection\"]\n\"*_demo.py\" = [\"shell-injection\"]\n",
        ),
        ("tests/test_server.py", VULNERABLE),
        ("src/server.py", VULNERABLE),
        ("src/server_demo.py", VULNERABLE),
    ]);
    let paths: Vec<String> = rules_found(dir.path(), &[])
        .into_iter()
        .map(|f| f.0)
        .collect();
    assert_eq!(paths, ["src/server.py"]);
    // Run from inside tests/: the pattern still means <config dir>/tests/**.
    let inside = dir.path().join("tests");
    assert_eq!(mcplint(&inside, &[]).code, 0);
    let paths: Vec<String> = rules_found(&inside, &["../src"])
        .into_iter()
        .map(|f| f.0)
        .collect();
    assert_eq!(paths, ["../src/server.py"]);
}

#[test]
fn exclude_extend_exclude_and_force_exclude() {
    let dir = project(&[
        (
            "mcplint.toml",
            "extend-exclude = [\"legacy\", \"gen/*.py\"]\n",
        ),
        ("legacy/old.py", VULNERABLE),
        ("gen/a.py", VULNERABLE),
        ("gen/deep/b.py", VULNERABLE),
        ("node_modules/x/server.py", VULNERABLE),
        ("server.py", CLEAN),
    ]);
    let paths: Vec<String> = rules_found(dir.path(), &[])
        .into_iter()
        .map(|f| f.0)
        .collect();
    assert_eq!(paths, ["gen/deep/b.py"], "`*` does not cross `/`");
    // Files named on the command line are scanned anyway ...
    assert_eq!(mcplint(dir.path(), &["legacy/old.py"]).code, 1);
    // ... unless excludes are forced (as the pre-commit hook does).
    let out = mcplint(
        dir.path(),
        &["--force-exclude", "legacy/old.py", "server.py"],
    );
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    assert_eq!(out.stdout, "No findings in 1 file.\n");
    // `exclude` replaces the built-in list (node_modules, .venv, ...).
    std::fs::write(
        dir.path().join("mcplint.toml"),
        "exclude = [\"legacy\", \"gen\"]\n",
    )
    .unwrap();
    let paths: Vec<String> = rules_found(dir.path(), &[])
        .into_iter()
        .map(|f| f.0)
        .collect();
    assert_eq!(paths, ["node_modules/x/server.py"]);
    // And on the command line.
    let paths: Vec<String> = rules_found(
        dir.path(),
        &["--exclude", "node_modules", "--extend-exclude", "gen/deep"],
    )
    .into_iter()
    .map(|f| f.0)
    .collect();
    assert_eq!(paths, ["gen/a.py", "legacy/old.py"]);
}

#[test]
fn extend_catalog_adds_user_rows() {
    let catalog = r#"languages = ["python"]

[[sink]]
kind = "shell"
call = ["acme.ops.run_remote"]
arg = ["arg:0"]
what = "a remote shell command"
"#;
    let server = r#"from acme.ops import run_remote
from mcp.server.fastmcp import FastMCP

mcp = FastMCP("acme")


@mcp.tool()
def restart(service: str) -> str:
    """Restart a service on the fleet."""
    return run_remote(f"systemctl restart {service}")
"#;
    let dir = project(&[
        ("mcplint.toml", "extend-catalog = [\"catalog/acme.toml\"]\n"),
        ("catalog/acme.toml", catalog),
        ("src/server.py", server),
    ]);
    let found = rules_found(dir.path(), &[]);
    assert_eq!(
        found,
        [(
            "src/server.py".into(),
            10,
            "shell-injection".into(),
            "error".into()
        )]
    );
    // The path is relative to the config file, wherever mcplint runs.
    assert_eq!(mcplint(&dir.path().join("src"), &[]).code, 1);
    assert_eq!(mcplint(dir.path(), &["--isolated"]).code, 0);
    assert_eq!(
        mcplint(
            dir.path(),
            &["--isolated", "--extend-catalog", "catalog/acme.toml"]
        )
        .code,
        1
    );

    // A broken catalog file or a missing one is an error naming it.
    std::fs::write(
        dir.path().join("catalog/acme.toml"),
        "languages = [\"python\"]\n[[sink]]\nkind = 1\n",
    )
    .unwrap();
    let out = mcplint(dir.path(), &[]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("catalog/acme.toml"), "{}", out.stderr);
    std::fs::remove_file(dir.path().join("catalog/acme.toml")).unwrap();
    let out = mcplint(dir.path(), &[]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr
            .contains("extend-catalog: cannot read catalog/acme.toml"),
        "{}",
        out.stderr
    );
}

#[test]
fn config_subcommand_prints_the_resolved_configuration_which_reads_back() {
    let dir = project(&[
        (
            "mcplint.toml",
            "ignore = [\"sql-injection\"]\nextend-exclude = [\"legacy\"]\n\n[severity]\npath-traversal = \"warning\"\n\n[per-file-ignores]\n\"tests/**\" = [\"shell-injection\"]\n",
        ),
        ("server.py", CLEAN),
    ]);
    let out = mcplint(dir.path(), &["config"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let printed = out.stdout;
    for line in [
        "# Configuration file: mcplint.toml",
        "ignore = [\"sql-injection\"]",
        "exclude = [\".git\",",
        "extend-exclude = [\"legacy\"]",
        "force-exclude = false",
        "path-traversal = \"warning\"",
        "shell-injection = \"error\"",
        "\"tests/**\" = [\"shell-injection\"]",
    ] {
        assert!(printed.contains(line), "`{line}` missing from:\n{printed}");
    }
    let value: toml::Table = toml::from_str(&printed).expect("valid TOML");
    assert!(value["select"].as_array().unwrap().len() == mcplint_rules::rules::ALL.len());
    // Fed back as a configuration file, it resolves to the same configuration.
    std::fs::write(dir.path().join("resolved.toml"), &printed).unwrap();
    let again = mcplint(dir.path(), &["config", "--config", "resolved.toml"]).stdout;
    let body = |s: &str| {
        s.lines()
            .filter(|l| !l.starts_with('#'))
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert_eq!(body(&again), body(&printed));

    let out = mcplint(dir.path(), &["config", "--isolated"]);
    assert!(
        out.stdout.contains("# Configuration file: none (defaults)"),
        "{}",
        out.stdout
    );
}

/// Runs with a broken `mcplint.toml` and returns the error line.
fn broken(config: &str) -> String {
    let dir = project(&[("mcplint.toml", config), ("server.py", VULNERABLE)]);
    let out = mcplint(dir.path(), &[]);
    assert_eq!(out.code, 2, "{config:?}: {}{}", out.stdout, out.stderr);
    assert!(out.stdout.is_empty(), "{}", out.stdout);
    // `mcplint config` reports the same error.
    let config_out = mcplint(dir.path(), &["config"]);
    assert_eq!(config_out.code, 2);
    assert_eq!(config_out.stderr, out.stderr);
    out.stderr.trim_end().to_owned()
}

#[test]
fn broken_configuration_files_name_the_file_line_and_key() {
    let cases = [
        (
            "select = []\nnope = 1\n",
            "mcplint.toml:2:1: `nope`: unknown field `nope`, expected one of",
        ),
        (
            "select = \"shell-injection\"\n",
            "mcplint.toml:1:10: `select`: invalid type: string \"shell-injection\", expected a sequence",
        ),
        (
            "select = [\n  \"shell-injection\",\n  \"shel-injection\",\n]\n",
            "mcplint.toml:3:3: `select`: unknown rule `shel-injection` (known rules: ",
        ),
        (
            "ignore = [\"nope\"]\n",
            "mcplint.toml:1:11: `ignore`: unknown rule `nope`",
        ),
        (
            "[severity]\nnope = \"error\"\n",
            "mcplint.toml:2:1: `severity.nope`: unknown rule `nope`",
        ),
        (
            "[severity]\nshell-injection = \"fatal\"\n",
            "mcplint.toml:2:19: `severity.shell-injection`: unknown variant `fatal`, expected `error` or `warning`",
        ),
        (
            "[per-file-ignores]\n\"tests/**\" = [\"nope\"]\n",
            "mcplint.toml:2:15: `per-file-ignores.tests/**`: unknown rule `nope`",
        ),
        (
            "[per-file-ignores]\n\"tests/[\" = [\"shell-injection\"]\n",
            "mcplint.toml:2:1: `per-file-ignores.tests/[`: bad glob `tests/[`: unclosed character class",
        ),
        (
            "extend-exclude = [\"a{b\"]\n",
            "mcplint.toml:1:19: `extend-exclude`: bad glob `a{b`: unclosed alternate group",
        ),
        (
            "force-exclude = \"yes\"\n",
            "mcplint.toml:1:17: `force-exclude`: invalid type: string \"yes\", expected a boolean",
        ),
        ("[severity\n", "mcplint.toml:1:"),
        ("select = [\"shell-injection\"\n", "mcplint.toml:1:"),
        ("[[select]]\n", "mcplint.toml:1:"),
    ];
    for (config, expected) in cases {
        let err = broken(config);
        let want = format!("mcplint: error: {expected}");
        assert!(
            err.starts_with(&want),
            "{config:?}:\n  got  {err}\n  want {want}"
        );
        assert_eq!(err.lines().count(), 1, "one line: {err}");
    }
}

#[test]
fn a_broken_pyproject_names_the_dotted_key() {
    let dir = project(&[
        (
            "pyproject.toml",
            "[project]\nname = \"x\"\n\n[tool.mcplint]\nignore = 3\n",
        ),
        ("server.py", VULNERABLE),
    ]);
    let out = mcplint(dir.path(), &[]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr
            .starts_with("mcplint: error: pyproject.toml:5:10: `tool.mcplint.ignore`: invalid type: integer `3`, expected a sequence"),
        "{}",
        out.stderr
    );
}
