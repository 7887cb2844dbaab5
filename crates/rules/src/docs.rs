//! Renders `rules.md` from the registry: a table, then one section per rule from its doc comment.

use std::fmt::Write;

use crate::rules::ALL;

/// The full text of `rules.md`.
pub fn markdown() -> String {
    let mut out = String::new();
    out.push_str("<!-- Generated from the rules' doc comments by `MCPLINT_BLESS=1 cargo test`. Do not edit. -->\n");
    out.push_str("# mcplint rules\n\n");
    out.push_str("| Rule | Severity | CWE | Languages | Summary |\n|---|---|---|---|---|\n");
    for rule in ALL {
        let _ = writeln!(
            out,
            "| [`{0}`](#{0}) | {1} | {2} | {3} | {4} |",
            rule.name,
            rule.severity.as_str(),
            cwe_list(rule.cwe),
            rule.languages
                .iter()
                .map(|l| l.name())
                .collect::<Vec<_>>()
                .join(", "),
            rule.summary
        );
    }
    for rule in ALL {
        let _ = write!(out, "\n## {}\n\n", rule.name);
        let _ = writeln!(
            out,
            "Severity: {}. CWE: {}. Languages: {}.\n",
            rule.severity.as_str(),
            cwe_list(rule.cwe),
            rule.languages
                .iter()
                .map(|l| l.name())
                .collect::<Vec<_>>()
                .join(", ")
        );
        out.push_str(&demote_headings(&unindent(rule.docs)));
    }
    out
}

fn cwe_list(cwe: &[u32]) -> String {
    if cwe.is_empty() {
        return "none".to_owned();
    }
    cwe.iter()
        .map(|c| format!("CWE-{c}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Strips the single leading space `///` comments leave on every line.
pub fn unindent(docs: &str) -> String {
    docs.lines()
        .map(|l| l.strip_prefix(' ').unwrap_or(l))
        .collect::<Vec<_>>()
        .join("\n")
        + "\n"
}

/// Rule docs use `##` headings; inside a rule's section of rules.md they become `###`.
fn demote_headings(docs: &str) -> String {
    let mut in_code = false;
    let mut out = String::new();
    for line in docs.lines() {
        if line.starts_with("```") {
            in_code = !in_code;
        }
        if !in_code && line.starts_with('#') {
            out.push('#');
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}
