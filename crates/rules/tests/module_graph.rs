//! The crate's top-level modules depend on each other one way only: no module cycle.
//!
//! Reads `src/`, takes each file's `crate::NAME` paths (in `use` groups too), maps names the
//! crate root re-exports to the module that defines them, and requires the graph among the
//! top-level modules (the root itself left out: it wires them all) to be acyclic.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

type Graph = BTreeMap<String, BTreeSet<String>>;

/// The first path segment after each `crate::`, including those inside `use crate::{a, b::c}`.
fn crate_names(src: &str) -> Vec<String> {
    let mut out = Vec::new();
    let code: String = src
        .lines()
        .map(|l| l.split("//").next().unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n");
    let mut rest = code.as_str();
    while let Some(i) = rest.find("crate::") {
        rest = &rest[i + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let mut depth = 0;
            let mut item = String::new();
            for c in group.chars() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => break,
                    '}' => depth -= 1,
                    ',' if depth == 0 => out.push(std::mem::take(&mut item)),
                    _ if depth == 0 => item.push(c),
                    _ => {}
                }
            }
            out.push(item);
        } else {
            out.push(
                rest.chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect(),
            );
        }
    }
    out.into_iter()
        .map(|s| s.trim().split("::").next().unwrap_or("").trim().to_owned())
        .filter(|s| !s.is_empty())
        .collect()
}

/// Names re-exported by lib.rs (`pub use module::{A, B}`) mapped to their module.
fn reexports(lib: &str) -> BTreeMap<String, String> {
    let mut map = BTreeMap::new();
    for line in lib.lines() {
        let Some(rest) = line
            .strip_prefix("pub use ")
            .or_else(|| line.strip_prefix("pub(crate) use "))
        else {
            continue;
        };
        let rest = rest.trim_end_matches(';');
        let Some((module, names)) = rest.split_once("::") else {
            continue;
        };
        for name in names.trim_matches(['{', '}']).split(',') {
            map.insert(name.trim().to_owned(), module.to_owned());
        }
    }
    map
}

fn graph(src: &Path) -> Graph {
    let lib = std::fs::read_to_string(src.join("lib.rs")).expect("lib.rs");
    let names = reexports(&lib);
    let mut modules = BTreeSet::new();
    let mut files = Vec::new();
    let mut stack = vec![src.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("src dir").flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let rel = path.strip_prefix(src).expect("under src");
                let top = rel.components().next().expect("a component");
                let top = top.as_os_str().to_string_lossy();
                let top = top.trim_end_matches(".rs").to_owned();
                if top != "lib" {
                    modules.insert(top.clone());
                    files.push((top, path));
                }
            }
        }
    }
    let mut g = Graph::new();
    for (top, path) in files {
        let text = std::fs::read_to_string(&path).expect("readable");
        let deps = g.entry(top.clone()).or_default();
        for name in crate_names(&text) {
            let module = names.get(&name).cloned().unwrap_or(name);
            if module != top && modules.contains(&module) {
                deps.insert(module);
            }
        }
    }
    g
}

/// A cycle through `at`, if any, as the modules on it.
fn cycle(
    g: &Graph,
    at: &str,
    path: &mut Vec<String>,
    done: &mut BTreeSet<String>,
) -> Option<Vec<String>> {
    if let Some(i) = path.iter().position(|m| m == at) {
        return Some(path[i..].to_vec());
    }
    if done.contains(at) {
        return None;
    }
    path.push(at.to_owned());
    for next in g.get(at).into_iter().flatten() {
        if let Some(c) = cycle(g, next, path, done) {
            return Some(c);
        }
    }
    path.pop();
    done.insert(at.to_owned());
    None
}

#[test]
fn top_level_modules_have_no_cycle() {
    let g = graph(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"));
    assert!(
        g.get("diagnostic").is_some_and(BTreeSet::is_empty),
        "diagnostic.rs is a leaf: {g:?}"
    );
    let mut done = BTreeSet::new();
    for m in g.keys() {
        if let Some(c) = cycle(&g, m, &mut Vec::new(), &mut done) {
            panic!("module cycle: {} (graph: {g:#?})", c.join(" -> "));
        }
    }
}

/// Each rule's code (`rules/NAME.rs`, or every file of `rules/NAME/`) with its files' text.
fn rule_sources(rules_dir: &Path) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for entry in std::fs::read_dir(rules_dir).expect("rules dir").flatten() {
        let path = entry.path();
        let name = path
            .file_stem()
            .expect("a name")
            .to_string_lossy()
            .into_owned();
        let text = if path.is_dir() {
            let mut files: Vec<_> = std::fs::read_dir(&path)
                .expect("rule dir")
                .flatten()
                .map(|e| e.path())
                .collect();
            files.sort();
            files
                .iter()
                .map(|f| std::fs::read_to_string(f).expect("readable"))
                .collect::<Vec<_>>()
                .join("\n")
        } else if name != "mod" {
            std::fs::read_to_string(&path).expect("readable")
        } else {
            continue;
        };
        out.insert(name, text);
    }
    out
}

/// A rule's detector lives in its own file or folder and no rule reaches into another: only
/// the registry (`rules/mod.rs`) names them all.
#[test]
fn no_rule_uses_another() {
    let rules = rule_sources(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src/rules"));
    assert!(rules.len() > 5, "rules found: {:?}", rules.keys());
    for (name, text) in &rules {
        for other in rules.keys().filter(|o| *o != name) {
            for path in [
                format!("rules::{other}"),
                format!("super::{other}"),
                format!("super::super::{other}"),
            ] {
                assert!(
                    !text.contains(&format!("{path}::")) && !text.contains(&format!("{path};")),
                    "rule `{name}` uses rule `{other}` (`{path}`)"
                );
            }
        }
    }
}
