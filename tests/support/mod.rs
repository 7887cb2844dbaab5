//! Shared by the fixture and rules.md tests: runs the engine on sources and compares its findings
//! with the `expect:` / `todo:` / `safe:` comments written in them.
//!
//! An expectation names a rule, optionally with the tool parameter the tainted data comes from:
//! `expect: shell-injection from=branch`. With `from=`, the finding on that line must be one
//! whose source (its first label, "tool input `branch` enters here") is that parameter, so a
//! finding reached through the wrong input fails. `safe: rule` marks code that looks like the
//! rule's concern but must not be reported (a checked input reaching a sink): it expects no
//! finding, like an unmarked line, and counts as the rule's safe fixture. `warn: rule` is
//! `expect:` for a finding that must be a warning (a sink a plugin host confines); a finding
//! on an `expect:` line must not be one.

#![allow(dead_code, unreachable_pub)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use mcplint_ir::{CredentialFile, File, Lang, SourceFile};
use mcplint_rules::{Diagnostic, Engine, Settings};

/// What an expectation comment says about its line.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Mark {
    /// `expect:` the rule fires here.
    Expect,
    /// `todo:` the rule should fire here but is known not to yet.
    Todo,
    /// `safe:` the code here looks like the rule's concern and must not be reported.
    Safe,
    /// `warn:` the rule fires here as a warning.
    Warn,
}

/// One expectation: `rule` fires (or, for `todo`, is known not to fire yet; for `safe`, must
/// not fire) on `line`, from the tool parameter `from` when one is named.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Expectation {
    pub path: String,
    pub line: usize,
    pub rule: String,
    pub mark: Mark,
    pub from: Option<String>,
}

impl Expectation {
    /// Whether the rule is expected to fire here.
    pub fn expects(&self) -> bool {
        matches!(self.mark, Mark::Expect | Mark::Warn)
    }
}

/// Parses one `rule` or `rule from=param` item of an expectation list.
fn parse_item(item: &str) -> (String, Option<String>) {
    let mut words = item.split_whitespace();
    let rule = words.next().unwrap_or("").to_owned();
    let from = words
        .next()
        .and_then(|w| w.strip_prefix("from="))
        .map(str::to_owned);
    (rule, from)
}

fn mark_of(word: &str) -> Mark {
    match word {
        "todo" => Mark::Todo,
        "safe" => Mark::Safe,
        "warn" => Mark::Warn,
        _ => Mark::Expect,
    }
}

/// The tool parameter a finding's tainted data comes from: the name in its source label
/// (`tool input `name` enters here`), `None` for findings of rules without a source.
pub fn source_param(d: &Diagnostic) -> Option<&str> {
    let label = d.labels.first()?;
    let (_, rest) = label.message.split_once(" input `")?;
    let (name, _) = rest.split_once('`')?;
    Some(name)
}

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
        } else if Lang::from_path(&path).is_some() {
            out.push(path);
        }
    }
}

/// Every source file under `root` (recursively, in path order) as `(path, text)`. Binary
/// credential files (`*.p12`) get an empty text, as the binary gives them: their content is
/// never read.
pub fn load(root: &str) -> Vec<(String, String)> {
    let mut paths = Vec::new();
    collect(Path::new(root), &mut paths);
    paths
        .into_iter()
        .map(|p| {
            let text = if CredentialFile::from_path(&p).is_some_and(CredentialFile::is_binary) {
                String::new()
            } else {
                std::fs::read_to_string(&p).expect("fixture is UTF-8")
            };
            (p.to_string_lossy().replace('\\', "/"), text)
        })
        .collect()
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
    analyze_with(&engine, files)
}

/// Runs `engine` over `files` as one project.
pub fn analyze_with(engine: &Engine, files: &[File]) -> Vec<Diagnostic> {
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
    let re = regex::Regex::new(
        r"(?:^|\s)(expect|todo|safe|warn)(?:\+(\d+))?:\s*([a-z][a-z0-9-]*(?:\s+from=[A-Za-z_$][\w$]*)?(?:\s*,\s*[a-z][a-z0-9-]*(?:\s+from=[A-Za-z_$][\w$]*)?)*)",
    )
    .unwrap();
    let src = &file.source;
    let lines: Vec<&str> = src.text.lines().collect();
    // Doc comments (`///`, `/** */`) belong to the item they document: an expectation above
    // one applies to the doc's first line (`expect+N:` to a line N lines below it).
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
            // `expect+N:` marks a line N lines further down, inside a multi-line string
            // where no comment can be written.
            let target = target + cap.get(2).map_or(0, |n| n.as_str().parse().unwrap_or(0));
            for item in cap[3].split(',') {
                let (rule, from) = parse_item(item);
                out.push(Expectation {
                    path: src.path.clone(),
                    line: target,
                    rule,
                    mark: mark_of(&cap[1]),
                    from,
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

/// Strict JSON, PEM and binary files have no comments: their expectations are in a sibling
/// `<file>.expect`, one `LINE RULE[, RULE]` (or `LINE todo: RULE`, `LINE safe: RULE`,
/// `LINE warn: RULE`) a row, each rule optionally
/// followed by `from=PARAM`; `#` starts a comment.
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
        let rules = rules.trim();
        let (mark, rules) = match rules.split_once(':') {
            Some((word @ ("todo" | "safe" | "warn"), r)) => (mark_of(word), r),
            _ => (Mark::Expect, rules),
        };
        for item in rules.split(',') {
            let (rule, from) = parse_item(item);
            out.push(Expectation {
                path: path.clone(),
                line,
                rule,
                mark,
                from,
            });
        }
    }
    out
}

/// Whether a finding whose source is the parameter `source` comes from `from`: the parameter
/// itself, or, for a destructured parameter (`{ kind, namespace }`, `Parameters(Args { path })`),
/// one of the names it binds (the engine tracks such a parameter as one input).
fn comes_from(source: &str, from: &str) -> bool {
    source == from
        || source
            .split(|c: char| !(c.is_alphanumeric() || c == '_' || c == '$'))
            .any(|word| word == from)
}

/// Where a finding or expectation is: path, line and rule.
type Key = (String, usize, String);

/// Findings on `warn:` lines that are not warnings, and taint findings lowered to warnings on
/// `expect:` lines (`warned` says, per expected place, whether its mark is `warn:`).
fn severity_mismatches(
    files: &[File],
    diagnostics: &[&Diagnostic],
    warned: &BTreeMap<Key, bool>,
) -> Vec<String> {
    let mut problems = Vec::new();
    for d in diagnostics {
        let Some(file) = files.iter().find(|f| f.source.path == d.path) else {
            continue;
        };
        let (line, _) = file.source.line_col(d.span.start);
        let key = (d.path.clone(), line, d.rule.name.to_owned());
        let is_warning = d.severity == mcplint_rules::Severity::Warning;
        // Only taint findings (those with a flow) are lowered by what confines their sink.
        let lowered =
            is_warning && !d.flow.is_empty() && d.rule.severity != mcplint_rules::Severity::Warning;
        match warned.get(&key) {
            Some(true) if !is_warning => problems.push(format!(
                "{}:{}: {} is {:?}, marked `warn:`",
                key.0, key.1, key.2, d.severity
            )),
            Some(false) if lowered => problems.push(format!(
                "{}:{}: {} is a warning ({}); mark it `warn:`",
                key.0, key.1, key.2, d.message
            )),
            _ => {}
        }
    }
    problems
}

/// Compares findings with expectations both ways; returns one line per mismatch.
/// Rules whose findings are matched only in their own fixtures (`testdata/<rule>/` and the
/// examples of their own documentation): `missing-timeout` warns on nearly every request and
/// subprocess run that the other rules' fixtures use as sinks, fixtures that exist to exercise
/// those rules.
const OWN_FOLDER_ONLY: &[&str] = &["missing-timeout"];

/// Whether a finding is in a fixture of its own rule.
fn is_own_fixture(d: &Diagnostic) -> bool {
    let name = d.rule.name;
    d.path.starts_with(&format!("testdata/{name}/")) || d.path.starts_with(&format!("docs/{name}/"))
}

pub fn mismatches(files: &[File], diagnostics: &[Diagnostic]) -> Vec<String> {
    let by_path: BTreeMap<&str, &File> =
        files.iter().map(|f| (f.source.path.as_str(), f)).collect();
    let diagnostics: Vec<&Diagnostic> = diagnostics
        .iter()
        .filter(|d| !OWN_FOLDER_ONLY.contains(&d.rule.name) || is_own_fixture(d))
        .collect();
    // The source parameter of each finding, by place (`None` for findings without one).
    let mut actual: BTreeMap<Key, Vec<Option<&str>>> = BTreeMap::new();
    for d in &diagnostics {
        let file = by_path
            .get(d.path.as_str())
            .unwrap_or_else(|| panic!("finding in unknown file {}", d.path));
        let (line, _) = file.source.line_col(d.span.start);
        actual
            .entry((d.path.clone(), line, d.rule.name.to_owned()))
            .or_default()
            .push(source_param(d));
    }
    let mut expected: BTreeMap<Key, Vec<Option<String>>> = BTreeMap::new();
    let mut todo: BTreeMap<Key, usize> = BTreeMap::new();
    let mut warned: BTreeMap<Key, bool> = BTreeMap::new();
    for f in files {
        for e in expectations(f) {
            let key = (e.path, e.line, e.rule);
            match e.mark {
                Mark::Expect | Mark::Warn => {
                    warned.insert(key.clone(), e.mark == Mark::Warn);
                    expected.entry(key).or_default().push(e.from);
                }
                Mark::Todo => *todo.entry(key).or_default() += 1,
                Mark::Safe => {}
            }
        }
    }
    let mut problems = severity_mismatches(files, &diagnostics, &warned);
    for (key, wants) in &expected {
        let mut got = actual.get(key).cloned().unwrap_or_default();
        // Named sources first, each taking one finding from that parameter.
        for from in wants.iter().flatten() {
            if let Some(i) = got
                .iter()
                .position(|s| s.is_some_and(|s| comes_from(s, from)))
            {
                got.swap_remove(i);
            } else if got.is_empty() {
                problems.push(format!(
                    "{}:{}: expected {} from `{from}`, got nothing (missed finding)",
                    key.0, key.1, key.2
                ));
            } else {
                let sources: Vec<&str> = got.iter().map(|s| s.unwrap_or("?")).collect();
                problems.push(format!(
                    "{}:{}: expected {} from `{from}`, got it from {sources:?} (wrong source)",
                    key.0, key.1, key.2
                ));
                got.remove(0);
            }
        }
        let unnamed = wants.iter().filter(|w| w.is_none()).count();
        if got.len() < unnamed {
            problems.push(format!(
                "{}:{}: expected {}, got nothing (missed finding)",
                key.0, key.1, key.2
            ));
        }
    }
    for (key, got) in &actual {
        let want = expected.get(key).map_or(0, Vec::len);
        if todo.contains_key(key) {
            problems.push(format!(
                "{}:{}: {} now fires on a `todo:` line; make it `expect:`",
                key.0, key.1, key.2
            ));
        } else if got.len() > want {
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
