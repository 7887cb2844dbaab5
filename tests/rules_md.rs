//! `rules.md` is generated from the rules' doc comments: this test fails when it is stale
//! (`MCPLINT_BLESS=1 cargo test` rewrites it), and runs every doc example through the
//! expectation checker so that docs cannot describe behaviour the code does not have.

mod support;

use mcplint_rules::rules::ALL;

#[test]
fn rules_md_is_up_to_date() {
    let expected = mcplint_rules::docs::markdown();
    let path = std::path::Path::new("rules.md");
    if std::env::var_os("MCPLINT_BLESS").is_some() {
        std::fs::write(path, &expected).expect("rules.md is writable");
        return;
    }
    let actual = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        actual == expected,
        "rules.md is stale: run `MCPLINT_BLESS=1 cargo test --test rules_md`"
    );
}

/// Every fenced code block of a rule's docs, with its language tag.
fn examples(docs: &str) -> Vec<(String, String)> {
    let docs = mcplint_rules::docs::unindent(docs);
    let mut out = Vec::new();
    let mut current: Option<(String, String)> = None;
    for line in docs.lines() {
        if let Some(tag) = line.strip_prefix("```") {
            match current.take() {
                Some(block) => out.push(block),
                None => current = Some((tag.trim().to_owned(), String::new())),
            }
        } else if let Some((_, text)) = current.as_mut() {
            text.push_str(line);
            text.push('\n');
        }
    }
    out
}

#[test]
fn doc_examples_behave_as_documented() {
    for rule in ALL {
        let blocks = examples(rule.docs);
        assert!(
            blocks.len() >= 2,
            "{}: docs need an Example and a Use instead block",
            rule.name
        );
        for (i, (tag, code)) in blocks.iter().enumerate() {
            let ext = match tag.as_str() {
                "python" => "py",
                "ts" | "typescript" => "ts",
                "js" | "javascript" => "js",
                "rust" | "rs" => "rs",
                // A configuration or catalog snippet, not an example to analyse.
                "toml" => continue,
                other => panic!("{}: code block with unknown language `{other}`", rule.name),
            };
            let path = format!("docs/{}/example{i}.{ext}", rule.name);
            let files = support::lower_all(&[(path, code.clone())]);
            let diagnostics = support::analyze(&files);
            let problems = support::mismatches(&files, &diagnostics);
            assert!(
                problems.is_empty(),
                "{} doc example {i}:\n{}",
                rule.name,
                problems.join("\n")
            );
        }
        let first = &blocks[0].1;
        assert!(
            regex::Regex::new(&format!(r"expect(\+\d+)?: {}", rule.name))
                .unwrap()
                .is_match(first),
            "{}: the first example shows a finding",
            rule.name
        );
    }
}

#[test]
fn rule_docs_have_the_standard_headings_and_names_are_sorted() {
    let names: Vec<&str> = ALL.iter().map(|r| r.name).collect();
    let mut sorted = names.clone();
    sorted.sort_unstable();
    assert_eq!(names, sorted, "rules::ALL is sorted by name");
    for rule in ALL {
        for heading in [
            "## What it does",
            "## Why is this bad?",
            "## Example",
            "## Use instead",
            "## References",
        ] {
            assert!(
                rule.docs.contains(heading),
                "{}: docs lack `{heading}`",
                rule.name
            );
        }
        assert!(
            rule.name
                .chars()
                .all(|c| c.is_ascii_lowercase() || c == '-'),
            "{}: rule names are kebab-case",
            rule.name
        );
        assert!(
            !rule.summary.ends_with('.') && rule.summary.starts_with(|c: char| c.is_lowercase())
        );
    }
}
