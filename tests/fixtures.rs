//! Runs every rule on every fixture under `testdata/` and requires the findings to equal the
//! `expect:` comments exactly: a missed finding and a false positive both fail.

mod support;

use std::path::{Path, PathBuf};

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .expect("testdata is readable")
        .flatten()
        .map(|e| e.path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            collect(&path, out);
        } else if mcplint_ir::Lang::from_path(&path).is_some() {
            out.push(path);
        }
    }
}

fn load(root: &str) -> Vec<(String, String)> {
    let mut paths = Vec::new();
    collect(Path::new(root), &mut paths);
    paths
        .into_iter()
        .map(|p| {
            let text = std::fs::read_to_string(&p).expect("fixture is UTF-8");
            (p.to_string_lossy().replace('\\', "/"), text)
        })
        .collect()
}

#[test]
fn fixtures_match_their_expectations() {
    let files = support::lower_all(&load("testdata"));
    assert!(files.len() > 10, "testdata has fixtures");
    let diagnostics = support::analyze(&files);
    let problems = support::mismatches(&files, &diagnostics);
    assert!(
        problems.is_empty(),
        "{} mismatches:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

#[test]
fn every_rule_has_vulnerable_and_safe_fixtures_in_each_language() {
    for rule in mcplint_rules::rules::ALL {
        let dir = Path::new("testdata").join(rule.name);
        let files = support::lower_all(&load(dir.to_str().unwrap()));
        for lang in rule.languages {
            let of_lang: Vec<_> = files.iter().filter(|f| f.lang == *lang).collect();
            let expects = of_lang
                .iter()
                .flat_map(|f| support::expectations(f))
                .filter(|e| e.rule == rule.name && !e.todo)
                .count();
            assert!(
                expects >= 3,
                "{}: fewer than 3 `expect:` lines in {} fixtures",
                rule.name,
                lang.name()
            );
        }
    }
}

#[test]
fn clean_servers_have_no_findings_and_no_expectations() {
    let files = support::lower_all(&load("testdata/clean"));
    assert!(files.len() >= 2, "testdata/clean has realistic servers");
    for f in &files {
        assert!(
            support::expectations(f).is_empty(),
            "{}: clean fixtures carry no expectations",
            f.source.path
        );
    }
    let diagnostics = support::analyze(&files);
    let found: Vec<String> = diagnostics
        .iter()
        .map(|d| format!("{}: {} {}", d.path, d.rule.name, d.message))
        .collect();
    assert!(
        found.is_empty(),
        "findings in clean servers:\n{}",
        found.join("\n")
    );
}
