//! Shared by the fixture and rules.md tests: runs the engine on sources and compares its findings
//! with the `expect:` / `todo:` comments written in them.

#![allow(dead_code, unreachable_pub)]

use std::collections::BTreeMap;
use std::path::Path;

use mcplint_ir::{File, Lang, SourceFile};
use mcplint_rules::{Diagnostic, Engine, Settings};

/// One expectation: `rule` fires (or, for `todo`, is known not to fire yet) on `line`.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Expectation {
    pub path: String,
    pub line: usize,
    pub rule: String,
    pub todo: bool,
}

/// Lowers every `(path, text)` pair; panics with the path on a front-end error.
pub fn lower_all(sources: &[(String, String)]) -> Vec<File> {
    sources
        .iter()
        .filter_map(|(path, text)| {
            let lang = Lang::from_path(Path::new(path))?;
            match mcplint_front::lower(lang, SourceFile::new(path.clone(), text.clone())) {
                Ok(file) => Some(file),
                Err(mcplint_front::FrontError::Unsupported(_)) => None,
                Err(e) => panic!("{path}: {e}"),
            }
        })
        .collect()
}

/// Runs every rule over `files` as one project.
pub fn analyze(files: &[File]) -> Vec<Diagnostic> {
    let engine = Engine::new(Settings::default()).expect("built-in catalog loads");
    let results = files.iter().map(|f| engine.check_file(f)).collect();
    engine.check_project(results, &|batch, analyse| {
        batch
            .iter()
            .map(|&i| files.get(i).map(|f| analyse(i, f)))
            .collect()
    })
}

/// The expectations written in a file's comments.
pub fn expectations(file: &File) -> Vec<Expectation> {
    let re =
        regex::Regex::new(r"(?:^|\s)(expect|todo):\s*([a-z][a-z0-9-]*(?:\s*,\s*[a-z][a-z0-9-]*)*)")
            .unwrap();
    let src = &file.source;
    let lines: Vec<&str> = src.text.lines().collect();
    // Doc comments (`///`, `/** */`) belong to the item they document: an expectation above
    // one applies to the doc's first line, where a description written there is reported.
    let comment_lines: std::collections::BTreeSet<usize> = file
        .comments
        .iter()
        .filter(|c| c.own_line && !is_doc_comment(src.slice(c.span)))
        .map(|c| src.line_col(c.span.start).0)
        .collect();
    let mut out = Vec::new();
    for c in &file.comments {
        for cap in re.captures_iter(&c.text) {
            let (line, _) = src.line_col(c.span.start);
            let target = if c.own_line {
                // The next line that is neither blank nor a comment of its own.
                (line + 1..=lines.len())
                    .find(|l| !comment_lines.contains(l) && !lines[l - 1].trim().is_empty())
                    .unwrap_or(line)
            } else {
                line
            };
            for rule in cap[2].split(',') {
                out.push(Expectation {
                    path: src.path.clone(),
                    line: target,
                    rule: rule.trim().to_owned(),
                    todo: &cap[1] == "todo",
                });
            }
        }
    }
    out.extend(sibling_expectations(file));
    out
}

fn is_doc_comment(raw: &str) -> bool {
    (raw.starts_with("///") && !raw.starts_with("////"))
        || raw.starts_with("//!")
        || raw.starts_with("/**")
}

/// Strict JSON has no comments: its expectations are in a sibling `<file>.expect`, one
/// `LINE RULE[, RULE]` (or `LINE todo: RULE`) a row; `#` starts a comment.
fn sibling_expectations(file: &File) -> Vec<Expectation> {
    let path = &file.source.path;
    let Ok(text) = std::fs::read_to_string(format!("{path}.expect")) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for row in text.lines() {
        let row = row.split('#').next().unwrap_or("").trim();
        let Some((line, rules)) = row.split_once(char::is_whitespace) else {
            continue;
        };
        let line: usize = line
            .parse()
            .unwrap_or_else(|_| panic!("{path}.expect: bad row `{row}`"));
        let (todo, rules) = match rules.trim().strip_prefix("todo:") {
            Some(r) => (true, r),
            None => (false, rules),
        };
        for rule in rules.split(',') {
            out.push(Expectation {
                path: path.clone(),
                line,
                rule: rule.trim().to_owned(),
                todo,
            });
        }
    }
    out
}

/// Compares findings with expectations both ways; returns one line per mismatch.
pub fn mismatches(files: &[File], diagnostics: &[Diagnostic]) -> Vec<String> {
    let by_path: BTreeMap<&str, &File> =
        files.iter().map(|f| (f.source.path.as_str(), f)).collect();
    let mut actual: BTreeMap<(String, usize, String), usize> = BTreeMap::new();
    for d in diagnostics {
        let file = by_path
            .get(d.path.as_str())
            .unwrap_or_else(|| panic!("finding in unknown file {}", d.path));
        let (line, _) = file.source.line_col(d.span.start);
        *actual
            .entry((d.path.clone(), line, d.rule.name.to_owned()))
            .or_default() += 1;
    }
    let mut problems = Vec::new();
    let mut expected: BTreeMap<(String, usize, String), usize> = BTreeMap::new();
    let mut todo: BTreeMap<(String, usize, String), usize> = BTreeMap::new();
    for f in files {
        for e in expectations(f) {
            let key = (e.path, e.line, e.rule);
            *if e.todo { &mut todo } else { &mut expected }
                .entry(key)
                .or_default() += 1;
        }
    }
    for (key, n) in &expected {
        let got = actual.get(key).copied().unwrap_or(0);
        if got < *n {
            problems.push(format!(
                "{}:{}: expected {}, got nothing (missed finding)",
                key.0, key.1, key.2
            ));
        }
    }
    for (key, n) in &actual {
        let want = expected.get(key).copied().unwrap_or(0);
        if todo.contains_key(key) {
            problems.push(format!(
                "{}:{}: {} now fires on a `todo:` line; make it `expect:`",
                key.0, key.1, key.2
            ));
        } else if *n > want {
            let msg = diagnostics
                .iter()
                .find(|d| d.path == key.0 && d.rule.name == key.2)
                .map(|d| d.message.clone())
                .unwrap_or_default();
            problems.push(format!(
                "{}:{}: unexpected {} ({msg}) (false positive)",
                key.0, key.1, key.2
            ));
        }
    }
    problems
}
