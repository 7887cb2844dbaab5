//! The SARIF 2.1.0 report (`--format sarif`), built with the `serde-sarif` types.
//!
//! One run. `tool.driver.rules` lists every registered rule (`id` = the rule's name, `name` =
//! the same in `PascalCase`, descriptions, help text and markdown, `helpUri`, default level, and
//! `properties` with tags — `security` and CWE tags for security rules — GitHub's
//! `security-severity` for security rules and `precision`). The output passes
//! `sarif-multitool validate --rule-kind "Gh;Sarif"` without errors or warnings
//! (`tests/sarif_validate.rs`). Each result has `ruleId`/`ruleIndex`, `level`, the
//! message, the primary location, the secondary labels as `relatedLocations`, the taint path as
//! `codeFlows` and a `primaryLocationLineHash` partial fingerprint. Artifact URIs are relative to
//! `%SRCROOT%`, the directory mcplint ran in (`run.originalUriBaseIds`). Columns count Unicode
//! code points (`run.columnKind` is `unicodeCodePoints`).

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::io::{self, Write};
use std::path::Path;

use mcplint_ir::Span;
use mcplint_rules::{Diagnostic, Label, Rule, Severity};
use serde_json::json;
use serde_sarif::sarif::{
    ArtifactLocation, CodeFlow, Location, Message, MultiformatMessageString, PhysicalLocation,
    PropertyBag, Region, ReportingConfiguration, ReportingDescriptor, Result as SarifResult,
    ResultLevel, Run, Sarif, ThreadFlow, ThreadFlowLocation, Tool, ToolComponent,
};
use sha2::{Digest, Sha256};

use super::{Report, Sources, rule_docs};

/// The JSON schema of SARIF 2.1.0.
pub(crate) const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// Where the rules are documented; a rule's anchor is its name.
pub(crate) const RULES_URL: &str = "https://github.com/mcplint/mcplint/blob/main/rules.md";

const INFORMATION_URI: &str = "https://github.com/mcplint/mcplint";
const SRCROOT: &str = "%SRCROOT%";

/// Writes the SARIF log, pretty-printed, with a final newline.
pub(crate) fn write(out: &mut dyn Write, report: &Report<'_>) -> io::Result<()> {
    let log = build(report);
    serde_json::to_writer_pretty(&mut *out, &log)?;
    writeln!(out)?;
    out.flush()
}

/// Builds the SARIF log.
pub(crate) fn build(report: &Report<'_>) -> Sarif {
    let all = mcplint_rules::rules::ALL;
    let rules: Vec<ReportingDescriptor> = all.iter().map(|r| descriptor(r)).collect();
    let driver = ToolComponent::builder()
        .name("mcplint")
        .version(env!("CARGO_PKG_VERSION"))
        .semantic_version(env!("CARGO_PKG_VERSION"))
        .information_uri(INFORMATION_URI)
        .rules(rules)
        .build();

    let mut occurrences: HashMap<String, usize> = HashMap::new();
    let results: Vec<SarifResult> = report
        .diagnostics
        .iter()
        .map(|d| {
            let index = all.iter().position(|r| r.name == d.rule.name);
            result(report.sources, d, index, &mut occurrences)
        })
        .collect();

    let base = ArtifactLocation::builder()
        .uri(directory_uri(report.root))
        .build();
    let run = Run::builder()
        .tool(Tool::builder().driver(driver).build())
        .original_uri_base_ids(BTreeMap::from([(SRCROOT.to_owned(), base)]))
        .column_kind(json!("unicodeCodePoints"))
        .results(results)
        .build();
    Sarif::builder()
        .schema(SCHEMA)
        .version(json!("2.1.0"))
        .runs(vec![run])
        .build()
}

fn level(severity: Severity) -> ResultLevel {
    match severity {
        Severity::Error => ResultLevel::Error,
        Severity::Warning => ResultLevel::Warning,
    }
}

/// A rule's `name`: the id in `PascalCase` (`shell-injection` → `ShellInjection`). SARIF asks
/// for a `name` that differs from the `id` when both are given (the validator's SARIF1001,
/// which ignores case): a one-word id gets a suffix (`ssrf` → `SsrfRule`).
fn display_name(id: &str) -> String {
    let mut name: String = id
        .split('-')
        .map(|word| {
            let mut chars = word.chars();
            chars.next().map_or_else(String::new, |first| {
                first.to_uppercase().chain(chars).collect()
            })
        })
        .collect();
    if name.eq_ignore_ascii_case(id) {
        name.push_str("Rule");
    }
    name
}

/// The rule metadata. Security rules (those with a CWE) carry the `security` tag, the CWE tags
/// and GitHub's `security-severity`, which puts their results among security alerts; the others
/// (`unused-suppression`) are plain code-quality results.
fn descriptor(rule: &Rule) -> ReportingDescriptor {
    let docs = rule_docs(rule);
    let security = !rule.cwe.is_empty();
    let mut tags = Vec::new();
    if security {
        tags.push("security".to_owned());
    } else {
        tags.push("maintainability".to_owned());
    }
    for cwe in rule.cwe {
        tags.push(format!("CWE-{cwe}"));
        tags.push(format!("external/cwe/cwe-{cwe}"));
    }
    let mut extra = BTreeMap::from([("precision".to_owned(), json!("high"))]);
    if security {
        let security_severity = match rule.severity {
            Severity::Error => "8.8",
            Severity::Warning => "5.0",
        };
        extra.insert("security-severity".to_owned(), json!(security_severity));
    }
    let properties = PropertyBag::builder()
        .tags(tags)
        .additional_properties(extra)
        .build();
    let text = |t: String| MultiformatMessageString::builder().text(t).build();
    ReportingDescriptor::builder()
        .id(rule.name)
        .name(display_name(rule.name))
        .short_description(text(rule.summary.to_owned()))
        .full_description(text(full_description(rule, &docs)))
        .help(
            MultiformatMessageString::builder()
                .text(docs.clone())
                .markdown(docs)
                .build(),
        )
        .help_uri(format!("{RULES_URL}#{}", rule.name))
        .default_configuration(
            ReportingConfiguration::builder()
                .level(json!(level(rule.severity)))
                .build(),
        )
        .properties(properties)
        .build()
}

/// The first paragraph of the "What it does" section, or the summary.
fn full_description(rule: &Rule, docs: &str) -> String {
    let mut paragraph = Vec::new();
    for line in docs.lines().map(str::trim) {
        if line.starts_with('#') || line.is_empty() {
            if paragraph.is_empty() {
                continue;
            }
            break;
        }
        paragraph.push(line);
    }
    if paragraph.is_empty() {
        format!("Finds {}.", rule.summary)
    } else {
        paragraph.join(" ")
    }
}

fn result(
    sources: &Sources,
    d: &Diagnostic,
    rule_index: Option<usize>,
    occurrences: &mut HashMap<String, usize>,
) -> SarifResult {
    let primary = Location::builder()
        .physical_location(physical(sources, &d.path, d.span))
        .build();
    let mut result = SarifResult::builder()
        .rule_id(d.rule.name)
        .level(level(d.severity))
        .message(Message::builder().text(d.message.clone()).build())
        .locations(vec![primary.clone()])
        .partial_fingerprints(BTreeMap::from([(
            "primaryLocationLineHash".to_owned(),
            line_hash(sources, d, occurrences),
        )]))
        .build();
    result.rule_index = rule_index.and_then(|i| i64::try_from(i).ok());

    if !d.labels.is_empty() || d.related().next().is_some() {
        result.related_locations = Some(
            d.labels
                .iter()
                .chain(d.related())
                .zip(1_i64..)
                .map(|(l, id)| {
                    let mut location = location(sources, l);
                    location.id = Some(id);
                    location
                })
                .collect(),
        );
    }
    if !d.let_through.is_empty() {
        // A finding at a flawed check: one code flow per sink it lets through.
        let flows = d.let_through.iter().map(|flow| code_flow(sources, flow));
        result.code_flows = Some(flows.collect());
    } else if !d.flow.is_empty() {
        let mut flow = code_flow(sources, &d.flow);
        let ends_at_sink = d
            .flow
            .last()
            .is_some_and(|l| l.path == d.path && l.span == d.span);
        if !ends_at_sink {
            let mut sink = primary;
            sink.message = Some(Message::builder().text(d.message.clone()).build());
            for thread in &mut flow.thread_flows {
                thread
                    .locations
                    .push(ThreadFlowLocation::builder().location(sink.clone()).build());
            }
        }
        let mut flows = vec![flow];
        // The findings grouped into this one: one code flow to each of their sinks.
        flows.extend(d.grouped.iter().map(|g| code_flow(sources, &g.flow)));
        result.code_flows = Some(flows);
    }
    result
}

/// One code flow with one thread through the places of `flow`, in order.
fn code_flow(sources: &Sources, flow: &[Label]) -> CodeFlow {
    let steps: Vec<ThreadFlowLocation> = flow
        .iter()
        .map(|l| {
            ThreadFlowLocation::builder()
                .location(location(sources, l))
                .build()
        })
        .collect();
    let thread = ThreadFlow::builder().locations(steps).build();
    CodeFlow::builder().thread_flows(vec![thread]).build()
}

fn location(sources: &Sources, label: &Label) -> Location {
    Location::builder()
        .physical_location(physical(sources, &label.path, label.span))
        .message(Message::builder().text(label.message.clone()).build())
        .build()
}

fn physical(sources: &Sources, path: &str, span: Span) -> PhysicalLocation {
    let start = sources.position(path, span.start);
    let end = sources.position(path, span.end.max(span.start));
    let to_i64 = |n: usize| i64::try_from(n).unwrap_or(i64::MAX);
    let region = Region::builder()
        .start_line(to_i64(start.line))
        .start_column(to_i64(start.column))
        .end_line(to_i64(end.line))
        .end_column(to_i64(end.column))
        .build();
    PhysicalLocation::builder()
        .artifact_location(artifact(path))
        .region(region)
        .build()
}

fn artifact(path: &str) -> ArtifactLocation {
    if path.starts_with('/') {
        ArtifactLocation::builder()
            .uri(format!("file://{}", percent_encode(path)))
            .build()
    } else {
        ArtifactLocation::builder()
            .uri(percent_encode(path))
            .uri_base_id(SRCROOT)
            .build()
    }
}

/// `file:///abs/dir/`, with a trailing slash so relative URIs resolve under it.
fn directory_uri(dir: &Path) -> String {
    let mut path = dir.to_string_lossy().replace('\\', "/");
    if !path.starts_with('/') {
        path.insert(0, '/');
    }
    if !path.ends_with('/') {
        path.push('/');
    }
    format!("file://{}", percent_encode(&path))
}

/// Percent-encodes a path for a URI, keeping unreserved characters and `/`.
fn percent_encode(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(char::from(b));
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

/// A fingerprint that survives unrelated edits: the rule, the path and the trimmed text of the
/// primary line, hashed (SHA-256, first 16 hex digits), then `:n` for the n-th finding with the
/// same hash, the format GitHub uses for `primaryLocationLineHash`.
fn line_hash(
    sources: &Sources,
    d: &Diagnostic,
    occurrences: &mut HashMap<String, usize>,
) -> String {
    let line = sources.position(&d.path, d.span.start).line;
    let text = sources.line_text(&d.path, line).trim();
    let mut hasher = Sha256::new();
    for part in [d.rule.name, d.path.as_str(), text] {
        hasher.update(part.as_bytes());
        hasher.update([0]);
    }
    let mut hex = String::with_capacity(16);
    for b in &hasher.finalize()[..8] {
        let _ = write!(hex, "{b:02x}");
    }
    let n = occurrences.entry(hex.clone()).or_insert(0);
    *n += 1;
    format!("{hex}:{n}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert_eq!(display_name("shell-injection"), "ShellInjection");
        assert_eq!(display_name("unused-suppression"), "UnusedSuppression");
        assert_eq!(display_name("ssrf"), "SsrfRule");
    }

    #[test]
    fn uris() {
        assert_eq!(percent_encode("src/my server.py"), "src/my%20server.py");
        assert_eq!(percent_encode("a/é.py"), "a/%C3%A9.py");
        assert_eq!(directory_uri(Path::new("/work/x y")), "file:///work/x%20y/");
        assert_eq!(
            artifact("/abs/a.py").uri.as_deref(),
            Some("file:///abs/a.py")
        );
        assert_eq!(artifact("a.py").uri_base_id.as_deref(), Some(SRCROOT));
    }

    #[test]
    fn descriptors_have_the_required_fields() {
        for rule in mcplint_rules::rules::ALL {
            let value = serde_json::to_value(descriptor(rule)).unwrap();
            assert_eq!(value["id"], rule.name);
            assert!(value["helpUri"].as_str().unwrap().ends_with(rule.name));
            assert_ne!(value["name"], rule.name);
            assert_eq!(
                value["properties"]["security-severity"].is_string(),
                !rule.cwe.is_empty()
            );
            assert!(
                value["fullDescription"]["text"]
                    .as_str()
                    .is_some_and(|t| !t.is_empty())
            );
        }
    }
}
