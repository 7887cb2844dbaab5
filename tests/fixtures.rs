//! Runs every rule on the fixtures under `testdata/`, one test per folder so that a failure
//! names its rule and folders run in parallel, and requires the findings to equal the `expect:`
//! comments exactly: a missed finding, a false positive and a finding from the wrong tool
//! parameter (`expect: rule from=param`) all fail.

mod support;

use std::collections::BTreeSet;
use std::path::Path;

use mcplint_rules::{Check, Engine, Settings};
use support::Mark;

/// Analyses one folder of `testdata/` as a project (cross-file fixtures resolve within it) and
/// fails with every mismatch between its findings and its expectations.
fn check_folder(folder: &str) {
    let files = support::lower_all(&support::load(&format!("testdata/{folder}")));
    assert!(!files.is_empty(), "testdata/{folder} has fixtures");
    let diagnostics = support::analyze(&files);
    let problems = support::mismatches(&files, &diagnostics);
    assert!(
        problems.is_empty(),
        "testdata/{folder}: {} mismatches:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

/// One `#[test]` per fixture folder, and the list of folders they cover.
macro_rules! fixture_folders {
    ($($test:ident => $folder:literal,)*) => {
        $(
            #[test]
            fn $test() {
                check_folder($folder);
            }
        )*
        /// Every folder of `testdata/` that has a test above.
        const FOLDERS: &[&str] = &[$($folder),*];
    };
}

fixture_folders! {
    argument_injection => "argument-injection",
    clean => "clean",
    code_injection => "code-injection",
    error_leak => "error-leak",
    exposed_transport => "exposed-transport",
    hardcoded_secret => "hardcoded-secret",
    missing_timeout => "missing-timeout",
    path_traversal => "path-traversal",
    secret_in_output => "secret-in-output",
    shell_injection => "shell-injection",
    sql_injection => "sql-injection",
    ssrf => "ssrf",
    suppression => "suppression",
    token_passthrough => "token-passthrough",
    tool_poisoning => "tool-poisoning",
    unauthenticated_transport => "unauthenticated-transport",
    unused_suppression => "unused-suppression",
}

#[test]
fn every_testdata_folder_has_a_test_and_every_rule_a_folder() {
    let on_disk: BTreeSet<String> = std::fs::read_dir("testdata")
        .expect("testdata is readable")
        .flatten()
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    let tested: BTreeSet<String> = FOLDERS.iter().map(|f| (*f).to_owned()).collect();
    assert_eq!(
        on_disk, tested,
        "each folder of testdata/ needs a line in `fixture_folders!`"
    );
    for rule in mcplint_rules::rules::ALL {
        assert!(
            tested.contains(rule.name),
            "{}: no testdata folder",
            rule.name
        );
    }
}

/// Each rule, in each language it covers, needs vulnerable code (at least three `expect:`
/// lines) and safe code: at least one `safe: rule` line, code that looks like the rule's concern
/// but must not be reported. For a taint rule the engine must see a sink of the rule on a
/// `safe:` line (so the mark sits on a real sink that a check or a constant keeps quiet, not on
/// arbitrary code); the folder test already requires such lines to have no finding.
/// Rules and languages whose folder has no `safe:` line yet, as `rule language`: gaps to close
/// with safe fixtures. The test fails when one listed here gets its `safe:` line, so the list
/// only shrinks.
const NO_SAFE_FIXTURE_YET: &[&str] = &[];

#[test]
fn every_rule_has_vulnerable_and_safe_fixtures_in_each_language() {
    let engine = Engine::new(Settings::default()).expect("built-in catalog loads");
    let mut problems = Vec::new();
    for rule in mcplint_rules::rules::ALL {
        let dir = Path::new("testdata").join(rule.name);
        let files = support::lower_all(&support::load(dir.to_str().unwrap()));
        let kinds = match rule.check {
            Check::Taint { kinds, .. } => Some(kinds),
            _ => None,
        };
        for lang in rule.languages {
            let mut expects = 0;
            let mut safe = 0;
            for f in files.iter().filter(|f| f.lang == *lang) {
                let marks: Vec<_> = support::expectations(f)
                    .into_iter()
                    .filter(|e| e.rule == rule.name)
                    .collect();
                expects += marks.iter().filter(|e| e.expects()).count();
                let safe_lines: Vec<usize> = marks
                    .iter()
                    .filter(|e| e.mark == Mark::Safe)
                    .map(|e| e.line)
                    .collect();
                let Some(kinds) = kinds else {
                    safe += safe_lines.len();
                    continue;
                };
                let summary = engine.check_file(f).summary;
                for line in safe_lines {
                    let on_sink = summary.sinks.iter().any(|s| {
                        kinds.contains(&s.kind.as_str())
                            && f.source.line_col(s.span.start).0 == line
                    });
                    if on_sink {
                        safe += 1;
                    } else {
                        problems.push(format!(
                            "{}:{line}: `safe: {}` is not on a {} sink",
                            f.source.path,
                            rule.name,
                            kinds.join("/")
                        ));
                    }
                }
            }
            if expects < 3 {
                problems.push(format!(
                    "{}: fewer than 3 `expect:` lines in {} fixtures",
                    rule.name,
                    lang.name()
                ));
            }
            let listed =
                NO_SAFE_FIXTURE_YET.contains(&format!("{} {}", rule.name, lang.name()).as_str());
            if safe == 0 && !listed {
                problems.push(format!(
                    "{}: no `safe: {}` line in {} fixtures",
                    rule.name,
                    rule.name,
                    lang.name()
                ));
            } else if safe > 0 && listed {
                problems.push(format!(
                    "{} {}: has a `safe:` line now; remove it from NO_SAFE_FIXTURE_YET",
                    rule.name,
                    lang.name()
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn clean_servers_have_no_findings_and_no_expectations() {
    let files = support::lower_all(&support::load("testdata/clean"));
    assert!(files.len() >= 2, "testdata/clean has realistic servers");
    for f in &files {
        assert!(
            support::expectations(f).is_empty(),
            "{}: clean fixtures carry no expectations",
            f.source.path
        );
    }
}
