//! End-to-end tests of the `mcplint` binary: exit codes, formats, subcommands, bad input and
//! reporter snapshots.

use std::fs;
use std::path::Path;
mod tools;

use tempfile::TempDir;
use tools::{CLEAN, Run, VULNERABLE, mcplint, project};

/// A project with one vulnerable file next to `extra`, scanned with `args`: the scan must still
/// report the vulnerable file's finding (exit 1) whatever is wrong with `extra`.
fn beside_vulnerable(extra: &[(&str, &[u8])], args: &[&str]) -> (TempDir, Run) {
    let mut files: Vec<(&str, &[u8])> = vec![("vuln.py", VULNERABLE.as_bytes())];
    files.extend_from_slice(extra);
    let dir = project(&files);
    let run = mcplint(dir.path(), args);
    assert_eq!(
        run.code, 1,
        "the vulnerable file is still reported\n{}\n{}",
        run.stdout, run.stderr
    );
    assert!(
        run.stdout.contains("error[shell-injection]"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("vuln.py"), "{}", run.stdout);
    (dir, run)
}

// ---------------------------------------------------------------------------------------------
// Exit codes and basic scanning

#[test]
fn help_and_version_exit_zero() {
    let dir = project::<&str>(&[]);
    let run = mcplint(dir.path(), &["--help"]);
    assert_eq!(run.code, 0);
    assert!(run.stdout.contains("--max-file-size"), "{}", run.stdout);
    let run = mcplint(dir.path(), &["--version"]);
    assert_eq!(run.code, 0);
    assert!(run.stdout.starts_with("mcplint "), "{}", run.stdout);
}

#[test]
fn clean_directory_exits_zero() {
    let dir = project(&[("server.py", CLEAN.as_bytes()), ("notes.txt", b"not code")]);
    let run = mcplint(dir.path(), &[]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert_eq!(run.stdout, "No findings in 1 file.\n");
    assert_eq!(run.stderr, "");
}

#[test]
fn empty_directory_exits_zero() {
    let dir = project::<&str>(&[]);
    let run = mcplint(dir.path(), &["."]);
    assert_eq!(run.code, 0);
    assert_eq!(run.stdout, "No findings in 0 files.\n");
    assert_eq!(
        run.notices_about("."),
        [
            "mcplint: .: nothing to scan: no Python, TypeScript, JavaScript, Rust or JSON files \
             under this directory; it is empty, or everything in it is excluded or gitignored"
        ]
    );
}

/// A directory of another language: a notice names the extensions found instead (most common
/// first, at most three), and the exit status stays 0 (no findings).
#[test]
fn a_directory_with_nothing_to_scan_says_what_it_holds() {
    let mut files: Vec<(String, &[u8])> = (0..12)
        .map(|i| (format!("cmd/tool{i}.go"), &b"package main\n"[..]))
        .collect();
    files.extend([
        ("go.mod".to_owned(), &b"module x\n"[..]),
        ("README.md".to_owned(), b"# x\n"),
        ("docs/USAGE.md".to_owned(), b"# y\n"),
        ("Makefile".to_owned(), b"all:\n"),
        ("LICENSE".to_owned(), b"MIT\n"),
        (
            "node_modules/dep/index.js".to_owned(),
            b"module.exports = 1;\n",
        ),
    ]);
    let files: Vec<(&str, &[u8])> = files.iter().map(|(p, b)| (p.as_str(), *b)).collect();
    let dir = project(&files);

    let run = mcplint(dir.path(), &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stdout, "No findings in 0 files.\n");
    assert_eq!(
        run.notices_about("."),
        [
            "mcplint: .: nothing to scan: no Python, TypeScript, JavaScript, Rust or JSON files \
             under this directory; found 12 .go files, 2 files without an extension, 2 .md \
             files, 1 other file"
        ],
        "node_modules is excluded, so its .js file does not count"
    );
    let run = mcplint(dir.path(), &["--format", "json", "cmd"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("mcplint: cmd: nothing to scan: no Python, TypeScript, JavaScript, Rust or JSON files under this directory; found 12 .go files\n"),
        "{}",
        run.stderr
    );
    assert!(run.stdout.contains("\"findings\": []"), "{}", run.stdout);

    // A directory with one file to scan, or beside another that has one, is not reported.
    fs::write(dir.path().join("cmd/server.py"), CLEAN).unwrap();
    let run = mcplint(dir.path(), &[]);
    assert_eq!((run.code, run.stderr.as_str()), (0, ""));
    let run = mcplint(dir.path(), &["cmd", "docs"]);
    assert_eq!(run.code, 0);
    assert!(run.notices_about("cmd").is_empty(), "{}", run.stderr);
    assert_eq!(run.notices_about("docs").len(), 1, "{}", run.stderr);
}

/// A first argument one edit away from a subcommand, with no such path, is a usage error that
/// names the subcommand; an existing path of that name is scanned.
#[test]
fn a_mistyped_subcommand_is_suggested() {
    let dir = project(&[("server.py", CLEAN.as_bytes())]);
    for (typed, meant) in [
        ("rule", "rules"),
        ("servr", "server"),
        ("explian", "explain"),
        ("mpc", "mcp"),
    ] {
        let run = mcplint(dir.path(), &[typed, "shell-injection"]);
        assert_eq!(run.code, 2, "{typed}: {}", run.stderr);
        assert_eq!(
            run.stderr,
            format!(
                "mcplint: error: `{typed}` is not a file or directory; did you mean the \
                 subcommand `mcplint {meant}`?\n"
            )
        );
        assert_eq!(run.stdout, "");
    }
    // Far from every subcommand: the usual notice for a missing path.
    let run = mcplint(dir.path(), &["lib"]);
    assert_eq!(run.code, 2);
    assert_eq!(run.notices_about("lib").len(), 1, "{}", run.stderr);
    assert!(!run.stderr.contains("did you mean"), "{}", run.stderr);
    // A directory that exists under that name is scanned.
    fs::create_dir(dir.path().join("rule")).unwrap();
    fs::write(dir.path().join("rule/server.py"), VULNERABLE).unwrap();
    let run = mcplint(dir.path(), &["rule"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stdout.contains("rule/server.py"), "{}", run.stdout);
}

#[test]
fn findings_exit_one() {
    let dir = project(&[
        ("server.py", VULNERABLE.as_bytes()),
        ("clean.py", CLEAN.as_bytes()),
    ]);
    let run = mcplint(dir.path(), &[]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout.contains("error[shell-injection]"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("server.py:11:"), "{}", run.stdout);
    assert!(
        run.stdout
            .ends_with("Found 1 finding (1 error, 0 warnings) in 2 files: 1 shell-injection.\n"),
        "{}",
        run.stdout
    );
}

#[test]
fn testdata_has_findings() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let run = mcplint(root, &["--quiet", "testdata/shell-injection"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let run = mcplint(root, &["--quiet", "testdata/clean"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
}

#[test]
fn quiet_prints_no_summary() {
    let dir = project(&[("server.py", CLEAN.as_bytes())]);
    let run = mcplint(dir.path(), &["--quiet"]);
    assert_eq!(run.code, 0);
    assert_eq!(run.stdout, "");
    let dir = project(&[("server.py", VULNERABLE.as_bytes())]);
    let run = mcplint(dir.path(), &["-q"]);
    assert_eq!(run.code, 1);
    assert!(run.stdout.contains("error[shell-injection]"));
    assert!(!run.stdout.contains("Found"), "{}", run.stdout);
}

#[test]
fn missing_path_exits_two() {
    let dir = project::<&str>(&[]);
    let run = mcplint(dir.path(), &["does-not-exist"]);
    assert_eq!(run.code, 2);
    assert_eq!(
        run.notices_about("does-not-exist").len(),
        1,
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("nothing could be scanned"),
        "{}",
        run.stderr
    );
}

#[test]
fn missing_path_next_to_a_good_one_exits_by_findings() {
    let dir = project(&[("server.py", CLEAN.as_bytes())]);
    let run = mcplint(dir.path(), &["does-not-exist", "server.py"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.notices_about("does-not-exist").len(),
        1,
        "{}",
        run.stderr
    );
    let dir = project(&[("server.py", VULNERABLE.as_bytes())]);
    let run = mcplint(dir.path(), &["server.py", "does-not-exist"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
}

#[test]
fn threads_and_determinism() {
    let files: Vec<(String, &[u8])> = (0..12)
        .flat_map(|i| {
            [
                (format!("pkg{i}/a.py"), VULNERABLE.as_bytes()),
                (format!("pkg{i}/b.py"), b"x = (\n".as_slice()),
            ]
        })
        .collect();
    let refs: Vec<(&str, &[u8])> = files.iter().map(|(p, t)| (p.as_str(), *t)).collect();
    let dir = project(&refs);
    let one = mcplint(dir.path(), &["--threads", "1"]);
    let four = mcplint(dir.path(), &["--threads", "4"]);
    assert_eq!(one.code, 1);
    assert_eq!(one.stdout, four.stdout);
    assert_eq!(one.stderr, four.stderr);
    let mut sorted: Vec<&str> = one.stderr.lines().collect();
    sorted.sort_unstable();
    assert_eq!(
        sorted,
        one.stderr.lines().collect::<Vec<_>>(),
        "notices are sorted by path"
    );
    assert!(mcplint(dir.path(), &["--threads", "0"]).code == 2);
}

#[test]
fn output_file() {
    let dir = project(&[("server.py", VULNERABLE.as_bytes())]);
    let run = mcplint(
        dir.path(),
        &["--format", "json", "--output", "report.json", "server.py"],
    );
    assert_eq!(run.code, 1);
    assert_eq!(run.stdout, "");
    let report: serde_json::Value =
        serde_json::from_slice(&fs::read(dir.path().join("report.json")).unwrap()).unwrap();
    assert_eq!(report["summary"]["findings"], 1);
    let run = mcplint(dir.path(), &["--output", "no/such/dir/report.txt"]);
    assert_eq!(run.code, 2);
}

/// A `tsconfig.json` at the scan root (`mcplint .` run in the project, as the tests' own fixture
/// folders never are: they scan `testdata/<rule>` from the repository root) maps `paths`
/// relative to the root itself: `~/lib/exec` names `src/lib/exec.ts`. The findings are the
/// fixture's `expect:` lines.
#[test]
fn tsconfig_paths_resolve_when_the_config_sits_at_the_scan_root() {
    let root = Path::new("testdata/shell-injection/ts/paths_at_root");
    let run = mcplint(
        root,
        &["--format", "json", "--select", "shell-injection", "."],
    );
    let report: serde_json::Value = serde_json::from_str(&run.stdout).expect("valid JSON");
    let found: Vec<(String, u64)> = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            let path = f["path"].as_str().expect("path").to_owned();
            (path, f["start"]["line"].as_u64().expect("line"))
        })
        .collect();
    let mut expected = Vec::new();
    for file in ["src/lib/exec.ts", "src/tools/net.ts"] {
        let text = fs::read_to_string(root.join(file)).expect("fixture");
        for (n, line) in (1u64..).zip(text.lines()) {
            if line.contains("expect: shell-injection") {
                expected.push((file.to_owned(), n));
            }
        }
    }
    assert_eq!(found, expected, "{}", run.stdout);
}

// ---------------------------------------------------------------------------------------------
// Rule selection and subcommands

#[test]
fn select_and_ignore() {
    let dir = project(&[("server.py", VULNERABLE.as_bytes())]);
    assert_eq!(
        mcplint(dir.path(), &["--select", "shell-injection"]).code,
        1
    );
    assert_eq!(
        mcplint(dir.path(), &["--ignore", "shell-injection"]).code,
        0
    );
    let others: Vec<&str> = mcplint_rules::rules::ALL
        .iter()
        .map(|r| r.name)
        .filter(|n| *n != "shell-injection")
        .collect();
    if !others.is_empty() {
        assert_eq!(
            mcplint(dir.path(), &["--select", &others.join(",")]).code,
            0
        );
    }
}

#[test]
fn unknown_rule_names_exit_two() {
    let dir = project(&[("server.py", CLEAN.as_bytes())]);
    for flag in ["--select", "--ignore"] {
        let run = mcplint(dir.path(), &[flag, "shell-injection,no-such-rule"]);
        assert_eq!(run.code, 2, "{flag}");
        assert!(run.stderr.contains("no-such-rule"), "{}", run.stderr);
        for rule in mcplint_rules::rules::ALL {
            assert!(
                run.stderr.contains(rule.name),
                "valid names are listed: {}",
                run.stderr
            );
        }
    }
    assert_eq!(mcplint(dir.path(), &["--format", "xml"]).code, 2);
    assert_eq!(mcplint(dir.path(), &["--no-such-flag"]).code, 2);
}

#[test]
fn rules_subcommand() {
    let dir = project::<&str>(&[]);
    let run = mcplint(dir.path(), &["rules"]);
    assert_eq!(run.code, 0);
    assert!(run.stdout.starts_with("NAME"), "{}", run.stdout);
    for rule in mcplint_rules::rules::ALL {
        let line = run
            .stdout
            .lines()
            .find(|l| l.starts_with(rule.name))
            .expect("rule listed");
        assert!(
            line.contains(rule.severity.as_str()) && line.contains(rule.summary),
            "{line}"
        );
        for cwe in rule.cwe {
            assert!(line.contains(&format!("CWE-{cwe}")), "{line}");
        }
    }
}

#[test]
fn a_directory_named_like_a_subcommand() {
    let dir = project(&[("rules/server.py", VULNERABLE.as_bytes())]);
    let run = mcplint(dir.path(), &["./rules"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stdout.contains("rules/server.py"), "{}", run.stdout);
}

#[test]
fn explain() {
    let dir = project::<&str>(&[]);
    let run = mcplint(dir.path(), &["explain", "shell-injection"]);
    assert_eq!(run.code, 0);
    assert!(run.stdout.contains("## What it does"), "{}", run.stdout);
    assert!(!run.stdout.starts_with(' '));
    let run = mcplint(dir.path(), &["explain", "nope"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("shell-injection"),
        "valid names are listed: {}",
        run.stderr
    );
    assert_eq!(mcplint(dir.path(), &["explain"]).code, 2);
}

#[test]
fn debug_ir() {
    let dir = project(&[("server.py", CLEAN.as_bytes())]);
    let run = mcplint(dir.path(), &["debug", "ir", "server.py"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.starts_with("file server.py (python)"),
        "{}",
        run.stdout
    );
    assert_eq!(mcplint(dir.path(), &["debug", "ir", "missing.py"]).code, 2);
    assert_eq!(mcplint(dir.path(), &["debug", "ir", "notes.txt"]).code, 2);
}

// ---------------------------------------------------------------------------------------------
// Walking

#[test]
fn gitignore_is_honoured_outside_git_but_explicit_files_are_scanned() {
    let dir = project(&[
        (".gitignore", "generated.py\n"),
        ("generated.py", VULNERABLE),
        ("server.py", CLEAN),
    ]);
    let run = mcplint(dir.path(), &[]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert_eq!(run.stdout, "No findings in 1 file.\n");
    let run = mcplint(dir.path(), &["generated.py"]);
    assert_eq!(run.code, 1, "explicit files are always scanned");
}

#[test]
fn vendored_directories_are_skipped_unless_named() {
    let dir = project(&[
        ("node_modules/pkg/server.py", VULNERABLE.as_bytes()),
        (".venv/lib/server.py", VULNERABLE.as_bytes()),
        ("build/server.py", VULNERABLE.as_bytes()),
        ("__pycache__/server.py", VULNERABLE.as_bytes()),
        ("src/server.py", CLEAN.as_bytes()),
    ]);
    let run = mcplint(dir.path(), &[]);
    assert_eq!(run.stdout, "No findings in 1 file.\n");
    assert_eq!(run.code, 0);
    assert_eq!(mcplint(dir.path(), &["node_modules/pkg/server.py"]).code, 1);
    assert_eq!(mcplint(dir.path(), &["build"]).code, 1);
}

#[test]
fn explicit_file_with_unknown_extension() {
    let dir = project(&[("notes.txt", "hello"), ("server.py", CLEAN)]);
    let run = mcplint(dir.path(), &["notes.txt", "server.py"]);
    assert_eq!(run.code, 0);
    assert_eq!(
        run.notices_about("notes.txt"),
        ["mcplint: notes.txt: not a supported file type; skipped"]
    );
}

#[test]
fn languages_without_a_front_end_are_skipped_silently() {
    let dir = project(&[("index.ts", "export const x = 1;\n"), ("server.py", CLEAN)]);
    let run = mcplint(dir.path(), &[]);
    assert_eq!(run.code, 0);
    assert_eq!(run.stderr, "");
}

// ---------------------------------------------------------------------------------------------
// Bad input: each problem file sits next to a vulnerable one whose finding must survive.

#[test]
fn binary_file() {
    let (_dir, run) = beside_vulnerable(&[("blob.py", b"\x7fELF\x00\x00\x01import os\n")], &[]);
    assert_eq!(
        run.notices_about("blob.py"),
        ["mcplint: blob.py: skipped: binary file (contains NUL bytes)"]
    );
    assert!(run.stdout.contains(" in 1 file"), "{}", run.stdout);
}

#[test]
fn invalid_utf8() {
    let (_dir, run) = beside_vulnerable(&[("latin1.py", b"name = 'caf\xe9'\n")], &[]);
    assert_eq!(
        run.notices_about("latin1.py"),
        ["mcplint: latin1.py: skipped: not valid UTF-8"]
    );
}

#[test]
fn syntax_error() {
    let (_dir, run) = beside_vulnerable(&[("broken.py", b"def f(:\n    pass\n")], &[]);
    let notices = run.notices_about("broken.py");
    assert_eq!(notices.len(), 1, "{}", run.stderr);
    assert!(
        notices[0].contains("syntax error at line 1"),
        "{}",
        notices[0]
    );
    assert!(
        notices[0].ends_with("findings may be incomplete"),
        "{}",
        notices[0]
    );
    assert!(
        run.stdout.contains(" in 2 file"),
        "a file with syntax errors is still scanned"
    );
}

#[test]
fn file_over_the_size_limit() {
    let big = format!("# {}\n", "x".repeat(2000));
    let (_dir, run) =
        beside_vulnerable(&[("big.py", big.as_bytes())], &["--max-file-size", "1000"]);
    assert_eq!(
        run.notices_about("big.py"),
        ["mcplint: big.py: skipped: larger than 1000 bytes (--max-file-size)"]
    );
}

#[test]
fn deeply_nested_parentheses_and_brackets() {
    let parens = format!("x = {}1{}\n", "(".repeat(10_000), ")".repeat(10_000));
    let brackets = format!("y = {}1{}\n", "[".repeat(10_000), "]".repeat(10_000));
    let calls = format!("z = {}1{}\n", "f(".repeat(10_000), ")".repeat(10_000));
    let (_dir, run) = beside_vulnerable(
        &[
            ("parens.py", parens.as_bytes()),
            ("brackets.py", brackets.as_bytes()),
            ("calls.py", calls.as_bytes()),
        ],
        &[],
    );
    for path in ["parens.py", "brackets.py", "calls.py"] {
        assert!(
            run.notices_about(path)
                .iter()
                .all(|n| !n.contains("internal")),
            "{}",
            run.stderr
        );
    }
}

#[cfg(unix)]
#[test]
fn unreadable_file() {
    use std::os::unix::fs::PermissionsExt;
    let dir = project(&[
        ("vuln.py", VULNERABLE.as_bytes()),
        ("secret.py", CLEAN.as_bytes()),
    ]);
    let secret = dir.path().join("secret.py");
    fs::set_permissions(&secret, fs::Permissions::from_mode(0o000)).unwrap();
    let run = mcplint(dir.path(), &[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    if fs::read(&secret).is_ok() {
        // Running as root (or with CAP_DAC_OVERRIDE): mode 000 does not stop reading, so the file
        // is simply scanned. The symlink tests below cover the notice path instead.
        assert_eq!(run.stderr, "");
        assert!(run.stdout.contains(" in 2 file"), "{}", run.stdout);
    } else {
        let notices = run.notices_about("secret.py");
        assert_eq!(notices.len(), 1, "{}", run.stderr);
        assert!(notices[0].contains("cannot read"), "{}", notices[0]);
        // Only an unreadable explicit file: nothing could be scanned.
        assert_eq!(mcplint(dir.path(), &["secret.py"]).code, 2);
    }
    fs::set_permissions(&secret, fs::Permissions::from_mode(0o644)).unwrap();
}

#[cfg(unix)]
#[test]
fn unreadable_directory() {
    use std::os::unix::fs::PermissionsExt;
    let dir = project(&[
        ("vuln.py", VULNERABLE.as_bytes()),
        ("locked/server.py", CLEAN.as_bytes()),
    ]);
    let locked = dir.path().join("locked");
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o000)).unwrap();
    let run = mcplint(dir.path(), &[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    if fs::read_dir(&locked).is_ok() {
        // Running as root: the directory is still readable and scanned.
        assert_eq!(run.stderr, "");
    } else {
        let notices = run.notices_about("locked");
        assert_eq!(notices.len(), 1, "{}", run.stderr);
        assert_eq!(mcplint(dir.path(), &["locked"]).code, 2);
    }
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o755)).unwrap();
}

#[cfg(unix)]
#[test]
fn symlink_loop_to_parent_directory() {
    let (dir, run) = beside_vulnerable(&[("pkg/clean.py", CLEAN.as_bytes())], &[]);
    std::os::unix::fs::symlink("..", dir.path().join("pkg/loop")).unwrap();
    // Not followed by default: skipped without a word.
    let run2 = mcplint(dir.path(), &[]);
    assert_eq!(run2.code, 1);
    assert_eq!(run2.stdout, run.stdout);
    assert_eq!(run2.stderr, "");
    // Followed on request: the loop is reported once and the walk goes on.
    let run = mcplint(dir.path(), &["--follow-links"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let notices = run.notices_about("pkg/loop");
    assert_eq!(notices.len(), 1, "{}", run.stderr);
    assert!(notices[0].contains("symbolic link loop"), "{}", notices[0]);
    // Named explicitly: the link itself is entered once, nothing inside it is followed.
    let run = mcplint(dir.path(), &["pkg/loop"]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert!(run.stdout.contains("pkg/loop/vuln.py"), "{}", run.stdout);
}

#[cfg(unix)]
#[test]
fn symlinks_pointing_to_each_other() {
    let (dir, _) = beside_vulnerable(&[], &[]);
    std::os::unix::fs::symlink("b.py", dir.path().join("a.py")).unwrap();
    std::os::unix::fs::symlink("a.py", dir.path().join("b.py")).unwrap();
    let run = mcplint(dir.path(), &[]);
    assert_eq!(run.code, 1);
    assert_eq!(run.stderr, "", "links are not followed by default");
    let run = mcplint(dir.path(), &["--follow-links"]);
    assert_eq!(run.code, 1);
    assert_eq!(run.notices_about("a.py").len(), 1, "{}", run.stderr);
    assert_eq!(run.notices_about("b.py").len(), 1, "{}", run.stderr);
    let run = mcplint(dir.path(), &["a.py", "vuln.py"]);
    assert_eq!(run.code, 1);
    assert_eq!(run.notices_about("a.py").len(), 1, "{}", run.stderr);
}

#[cfg(unix)]
#[test]
fn dangling_symlink() {
    let (dir, _) = beside_vulnerable(&[], &[]);
    std::os::unix::fs::symlink("missing.py", dir.path().join("dangling.py")).unwrap();
    let run = mcplint(dir.path(), &[]);
    assert_eq!(run.code, 1);
    assert_eq!(run.stderr, "", "links are not followed by default");
    let run = mcplint(dir.path(), &["--follow-links"]);
    assert_eq!(run.code, 1);
    assert_eq!(run.notices_about("dangling.py").len(), 1, "{}", run.stderr);
    let run = mcplint(dir.path(), &["dangling.py", "vuln.py"]);
    assert_eq!(run.code, 1);
    assert_eq!(
        run.notices_about("dangling.py"),
        ["mcplint: dangling.py: broken symbolic link; skipped"]
    );
    let run = mcplint(dir.path(), &["dangling.py"]);
    assert_eq!(run.code, 2, "nothing could be scanned");
}

#[test]
fn terminal_escapes_in_scanned_text_are_neutralised() {
    let source = VULNERABLE.replace(
        "return subprocess.check_output(cmd, shell=True, timeout=60, text=True)",
        "return subprocess.check_output(cmd + \"\u{1b}[31m\u{202e}\u{7}\", shell=True, timeout=60, text=True)",
    );
    let dir = project(&[("evil\u{1b}[2J.py", source.as_bytes())]);
    let run = mcplint(dir.path(), &["--color", "never"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    for raw in ['\u{1b}', '\u{202e}', '\u{7}'] {
        assert!(
            !run.stdout.contains(raw),
            "raw {raw:?} in output:\n{}",
            run.stdout
        );
    }
    assert!(
        run.stdout.contains("\\u{1b}[31m\\u{202e}\\u{7}"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("evil\\u{1b}[2J.py"), "{}", run.stdout);
    // The GitHub annotations too.
    let run = mcplint(dir.path(), &["--format", "github"]);
    assert!(!run.stdout.contains('\u{1b}'), "{}", run.stdout);
    assert!(
        run.stdout.contains("file=evil\\u{1b}[2J.py,"),
        "{}",
        run.stdout
    );
}

// ---------------------------------------------------------------------------------------------
// Formats

#[test]
fn json_format() {
    let dir = project(&[
        ("server.py", VULNERABLE.as_bytes()),
        ("clean.py", CLEAN.as_bytes()),
    ]);
    let run = mcplint(dir.path(), &["--format", "json"]);
    assert_eq!(run.code, 1);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).expect("valid JSON");
    assert_eq!(report["version"], 1);
    assert_eq!(report["summary"]["files"], 2);
    assert_eq!(report["summary"]["findings"], 1);
    let finding = &report["findings"][0];
    assert_eq!(finding["rule"], "shell-injection");
    assert_eq!(finding["severity"], "error");
    assert_eq!(finding["path"], "server.py");
    assert!(finding["message"].is_string());
    assert_eq!(finding["start"]["line"], 11);
    for key in ["line", "column", "offset"] {
        assert!(
            finding["start"][key].is_u64() && finding["end"][key].is_u64(),
            "{key}"
        );
    }
    assert!(finding["help"].is_string() || finding["help"].is_null());
    assert!(finding["labels"].is_array() && finding["flow"].is_array());
    for label in finding["labels"]
        .as_array()
        .unwrap()
        .iter()
        .chain(finding["flow"].as_array().unwrap())
    {
        assert!(label["path"].is_string() && label["message"].is_string());
        assert!(label["start"]["line"].is_u64() && label["end"]["column"].is_u64());
    }

    let dir = project(&[("server.py", CLEAN.as_bytes())]);
    let run = mcplint(dir.path(), &["--format", "json"]);
    assert_eq!(run.code, 0);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).expect("valid JSON");
    assert_eq!(report["findings"], serde_json::json!([]));
}

#[test]
fn sarif_format() {
    let dir = project(&[("src/server.py", VULNERABLE.as_bytes())]);
    let run = mcplint(dir.path(), &["--format", "sarif"]);
    assert_eq!(run.code, 1);
    let log: serde_json::Value = serde_json::from_str(&run.stdout).expect("valid JSON");
    assert_eq!(
        log["$schema"],
        "https://json.schemastore.org/sarif-2.1.0.json"
    );
    assert_eq!(log["version"], "2.1.0");
    let sarif_run = &log["runs"][0];
    assert_eq!(sarif_run["columnKind"], "unicodeCodePoints");
    let root = sarif_run["originalUriBaseIds"]["%SRCROOT%"]["uri"]
        .as_str()
        .unwrap();
    assert!(
        root.starts_with("file:///") && root.ends_with('/'),
        "{root}"
    );
    let driver = &sarif_run["tool"]["driver"];
    assert_eq!(driver["name"], "mcplint");
    assert_eq!(driver["version"], env!("CARGO_PKG_VERSION"));
    assert!(driver["informationUri"].is_string());
    let rules = driver["rules"].as_array().unwrap();
    assert_eq!(rules.len(), mcplint_rules::rules::ALL.len());
    for (rule, meta) in rules.iter().zip(mcplint_rules::rules::ALL) {
        assert_eq!(rule["id"], meta.name);
        assert_ne!(rule["name"], meta.name, "SARIF1001: name differs from id");
        assert!(rule["name"].is_string());
        assert_eq!(rule["shortDescription"]["text"], meta.summary);
        assert!(rule["fullDescription"]["text"].is_string());
        assert!(rule["help"]["text"].is_string() && rule["help"]["markdown"].is_string());
        assert_eq!(
            rule["helpUri"],
            format!(
                "https://github.com/mcplint/mcplint/blob/main/rules.md#{}",
                meta.name
            )
        );
        assert_eq!(
            rule["defaultConfiguration"]["level"],
            meta.severity.as_str()
        );
        let props = &rule["properties"];
        let tags: Vec<&str> = props["tags"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t.as_str().unwrap())
            .collect();
        // Security rules have a CWE, the `security` tag and a `security-severity`; the others
        // (unused-suppression) have none of them.
        assert_eq!(tags.contains(&"security"), !meta.cwe.is_empty());
        for cwe in meta.cwe {
            assert!(tags.contains(&format!("CWE-{cwe}").as_str()));
            assert!(tags.contains(&format!("external/cwe/cwe-{cwe}").as_str()));
        }
        if meta.cwe.is_empty() {
            assert!(props["security-severity"].is_null());
        } else {
            assert!(
                props["security-severity"]
                    .as_str()
                    .unwrap()
                    .parse::<f64>()
                    .is_ok()
            );
        }
        assert_eq!(props["precision"], "high");
    }
    let result = &sarif_run["results"][0];
    assert_eq!(result["ruleId"], "shell-injection");
    let index = usize::try_from(result["ruleIndex"].as_u64().unwrap()).unwrap();
    assert_eq!(rules[index]["id"], "shell-injection");
    assert_eq!(result["level"], "error");
    assert!(result["message"]["text"].is_string());
    let physical = &result["locations"][0]["physicalLocation"];
    assert_eq!(physical["artifactLocation"]["uri"], "src/server.py");
    assert_eq!(physical["artifactLocation"]["uriBaseId"], "%SRCROOT%");
    assert_eq!(physical["region"]["startLine"], 11);
    for key in ["startColumn", "endLine", "endColumn"] {
        assert!(
            physical["region"][key].as_u64().is_some_and(|n| n >= 1),
            "{key}"
        );
    }
    let hash = result["partialFingerprints"]["primaryLocationLineHash"]
        .as_str()
        .unwrap();
    assert!(hash.ends_with(":1") && hash.len() == 18, "{hash}");
    for related in result["relatedLocations"].as_array().into_iter().flatten() {
        assert!(related["id"].is_u64() && related["physicalLocation"].is_object());
    }
    for flow in result["codeFlows"].as_array().into_iter().flatten() {
        for step in flow["threadFlows"][0]["locations"].as_array().unwrap() {
            assert!(step["location"]["physicalLocation"]["region"]["startLine"].is_u64());
        }
    }

    // The fingerprint does not depend on where the line is.
    let moved = format!("# a comment\n\n{VULNERABLE}");
    fs::write(dir.path().join("src/server.py"), moved).unwrap();
    let log2: serde_json::Value =
        serde_json::from_str(&mcplint(dir.path(), &["--format", "sarif"]).stdout).unwrap();
    assert_eq!(
        log2["runs"][0]["results"][0]["partialFingerprints"],
        result["partialFingerprints"]
    );
}

#[test]
fn github_format() {
    let dir = project(&[("server.py", VULNERABLE.as_bytes())]);
    let run = mcplint(dir.path(), &["--format", "github", "--quiet"]);
    assert_eq!(run.code, 1);
    let line = run.stdout.lines().next().unwrap();
    assert!(
        line.starts_with("::error file=server.py,line=11,col="),
        "{line}"
    );
    assert!(line.contains(",title=shell-injection::"), "{line}");
    assert_eq!(run.stdout.lines().count(), 1);
}

#[test]
fn github_format_escapes_as_the_workflow_command_docs_say() {
    // https://docs.github.com/actions/reference/workflow-commands-for-github-actions: in data
    // `%`, CR and LF are escaped; in property values also `:` and `,`.
    let stale = CLEAN.replace(
        "    return a + b",
        "    return a + b  # mcplint: ignore[shell-injection] -- stale",
    );
    let dir = project(&[
        ("a,b:c%d.py", VULNERABLE.as_bytes()),
        ("w.py", stale.as_bytes()),
    ]);
    let run = mcplint(dir.path(), &["--format", "github"]);
    assert_eq!(run.code, 1);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(
        lines.len(),
        3,
        "one line per finding, then the summary: {lines:?}"
    );
    assert!(
        lines[0].starts_with("::error file=a%2Cb%3Ac%25d.py,line=11,col=12,endLine=11,endColumn="),
        "{}",
        lines[0]
    );
    let (props, data) = lines[0][2..].split_once("::").unwrap();
    assert!(props.ends_with(",title=shell-injection"), "{props}");
    assert!(
        data.starts_with("tool input reaches a shell command") && data.contains("%0Ahelp: "),
        "{data}"
    );
    assert!(!data.contains('\n') && !data.contains('\r'));
    assert!(
        lines[1].starts_with("::warning file=w.py,line=9,")
            && lines[1].contains("title=unused-suppression::"),
        "{}",
        lines[1]
    );
    assert_eq!(
        lines[2],
        "Found 2 findings (1 error, 1 warning) in 2 files: 1 shell-injection, 1 unused-suppression."
    );
    assert_eq!(escape_data("100% a\r\nb: c,d"), "100%25 a%0D%0Ab: c,d");
}

/// The escaping GitHub documents for workflow command data.
fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

#[test]
fn fail_on_and_exit_zero() {
    let dir = project(&[("server.py", VULNERABLE.as_bytes())]);
    assert_eq!(mcplint(dir.path(), &["--fail-on", "error"]).code, 1);
    assert_eq!(mcplint(dir.path(), &["--fail-on", "warning"]).code, 1);
    let run = mcplint(dir.path(), &["--fail-on", "never"]);
    assert_eq!(run.code, 0);
    assert!(
        run.stdout.contains("error[shell-injection]"),
        "still reported"
    );
    assert_eq!(mcplint(dir.path(), &["--exit-zero"]).code, 0);
    assert_eq!(mcplint(dir.path(), &["--fail-on", "fatal"]).code, 2);
    // Errors are still errors with --exit-zero.
    assert_eq!(mcplint(dir.path(), &["--exit-zero", "missing.py"]).code, 2);
}

// ---------------------------------------------------------------------------------------------
// Snapshots of every reporter on one fixture

fn snapshot_run(format: &str) -> String {
    snapshot_run_on(format, "tests/fixtures-cli")
}

fn snapshot_run_on(format: &str, dir: &str) -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let run = mcplint(root, &["--format", format, "--color", "never", dir]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert_eq!(run.stderr, "");
    let root_uri = format!("file://{}/", root.display()).replace(' ', "%20");
    run.stdout.replace(&root_uri, "file:///[ROOT]/").replace(
        &format!("\"{}\"", env!("CARGO_PKG_VERSION")),
        "\"[VERSION]\"",
    )
}

/// A flow across two files told in flow order, two sinks of one input grouped into one
/// finding, and the sanitizer row for the helper the flow went through.
#[test]
fn snapshot_story_text() {
    insta::assert_snapshot!(
        "story_text",
        snapshot_run_on("text", "tests/fixtures-story")
    );
}

/// The sanitizer row the text report prints declares the helper a check: with it in a catalog
/// that `--extend-catalog` names, the finding goes.
#[test]
fn the_printed_sanitizer_row_declares_the_check() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let text = snapshot_run_on("text", "tests/fixtures-story");
    let row = text
        .split("declare it in a catalog file that `extend-catalog` names in mcplint.toml:\n")
        .nth(1)
        .expect("the report prints a sanitizer row");
    let mut catalog = String::new();
    for line in row.lines().take_while(|l| !l.trim().is_empty()) {
        catalog.push_str(line.trim());
        catalog.push('\n');
    }
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("catalog.toml");
    fs::write(&file, &catalog).unwrap();
    let run = mcplint(
        root,
        &[
            "--extend-catalog",
            file.to_str().unwrap(),
            "--no-cache",
            "tests/fixtures-story",
        ],
    );
    assert_eq!(run.code, 0, "{catalog}\n{}{}", run.stdout, run.stderr);
}

#[test]
fn snapshot_text() {
    insta::assert_snapshot!("text", snapshot_run("text"));
}

#[test]
fn snapshot_json() {
    insta::assert_snapshot!("json", snapshot_run("json"));
}

#[test]
fn snapshot_sarif() {
    // The rule descriptors carry every rule's documentation; `sarif_format` checks their shape,
    // so the snapshot lists only their ids and does not change with each edit of a rule's docs.
    let mut log: serde_json::Value = serde_json::from_str(&snapshot_run("sarif")).unwrap();
    let rules = &mut log["runs"][0]["tool"]["driver"]["rules"];
    let ids: Vec<serde_json::Value> = rules
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].clone())
        .collect();
    *rules = serde_json::Value::Array(ids);
    insta::assert_snapshot!("sarif", serde_json::to_string_pretty(&log).unwrap());
}

#[test]
fn snapshot_github() {
    insta::assert_snapshot!("github", snapshot_run("github"));
}

// One finding at a flawed check, with the sinks it lets through: secondary labels in the text
// report, `related` in JSON, relatedLocations and one code flow per sink in SARIF, lines of
// their own in a GitHub annotation.

#[test]
fn snapshot_flawed_check_text() {
    insta::assert_snapshot!(
        "flawed_check_text",
        snapshot_run_on("text", "tests/fixtures-flawed")
    );
}

#[test]
fn snapshot_flawed_check_json() {
    insta::assert_snapshot!(
        "flawed_check_json",
        snapshot_run_on("json", "tests/fixtures-flawed")
    );
}

#[test]
fn snapshot_flawed_check_sarif() {
    let mut log: serde_json::Value =
        serde_json::from_str(&snapshot_run_on("sarif", "tests/fixtures-flawed")).unwrap();
    let result = log["runs"][0]["results"].take();
    insta::assert_snapshot!(
        "flawed_check_sarif",
        serde_json::to_string_pretty(&result).unwrap()
    );
}

#[test]
fn snapshot_flawed_check_github() {
    insta::assert_snapshot!(
        "flawed_check_github",
        snapshot_run_on("github", "tests/fixtures-flawed")
    );
}
