//! mcplint-rules: all MCP and security knowledge — the catalog, the tool finder, the shared taint
//! pass, the rule registry and the `rules.md` renderer.
//!
//! The engine runs in two phases (DESIGN.md, "Analysis"): [`Engine::check_file`] is pure and runs
//! on any thread, producing per-file findings and a [`FileSummary`]; [`Engine::check_project`]
//! runs once over all summaries, resolves calls across files and reports every flow.

pub mod catalog;
mod diagnostic;
pub mod docs;
pub mod facts;
pub mod group;
pub mod lazy_regex;
pub(crate) mod project;
mod rule;
pub mod rules;
pub mod suppress;
pub(crate) mod taint;

pub use catalog::{Catalog, CatalogError};
pub use diagnostic::{Diagnostic, Label, Rule, Severity, shown_prefix};
pub use facts::FileContext;
pub use rule::{Check, Pending, Reached, RegisteredRule};
pub use suppress::{FileSuppressions, PathPattern, PerFileIgnores};
pub use taint::{FileSummary, Flow};

use std::collections::BTreeMap;

use mcplint_ir::File;

/// Which rules run, and how their findings are adjusted.
#[derive(Clone, Debug, Default)]
pub struct Settings {
    /// Only these rules (all when `None`).
    pub select: Option<Vec<String>>,
    /// Never these rules.
    pub ignore: Vec<String>,
    /// Severity overrides by rule name.
    pub severity: BTreeMap<String, Severity>,
    /// Rules that never report in files matching a pattern.
    pub per_file_ignores: PerFileIgnores,
}

impl Settings {
    /// Whether a rule is enabled: selected (or no selection) and not ignored.
    pub fn is_enabled(&self, rule: &Rule) -> bool {
        let selected = self
            .select
            .as_ref()
            .is_none_or(|s| s.iter().any(|n| n == rule.name));
        selected && !self.ignore.iter().any(|n| n == rule.name)
    }
}

/// What the per-file phase hands to the project phase: findings and a summary, no trees. It
/// round-trips through serde (the CLI's summary cache keeps it per file).
#[derive(Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct FileResult {
    /// Findings of per-file rules.
    pub diagnostics: Vec<Diagnostic>,
    /// The file's summary for the cross-file taint pass.
    pub summary: FileSummary,
    /// The file's suppression comments, applied in the project phase.
    pub suppressions: FileSuppressions,
    /// Findings of per-file rules that hold only if a declaration on a receiver this file
    /// cannot type is one (`def register(registrar): @registrar.tool()`): the project phase
    /// keeps those whose receiver some caller fills with a server.
    pub conditional: Vec<(facts::tools::ServerNeed, Diagnostic)>,
    /// Whether the file shows a sign that the server authenticates requests: the project phase
    /// drops `unauthenticated-transport` findings of files near one that does.
    #[serde(default)]
    pub authenticates: bool,
    /// Findings of per-file rules that hold only in code a tool reaches ([`Check::Reached`]),
    /// with what the project phase needs to decide.
    #[serde(default)]
    pub reached: Reached,
}

/// Lowers files of the per-file phase again, by their index in its results, and gives each to
/// the [`Analyse`] function, returning its results in the order asked (`None` for a file that
/// can no longer be read or lowered, or whose analysis failed). A caller may do both in
/// parallel, and keep what it returns (see [`Remembered`]). See [`Engine::check_project`].
pub type Reload<'a> = dyn Fn(&[usize], &Analyse<'_>) -> Vec<Option<SecondRound>> + 'a;

/// What [`Reload`] does with each file it lowered again: the file's index and IR to its
/// second-round result.
pub type Analyse<'a> = dyn Fn(usize, &File) -> SecondRound + Sync + 'a;

/// Second-round results a caller kept from an earlier run (the CLI's summary cache), for the
/// files of a batch, by their index in the per-file results, in the order asked: each is used
/// instead of lowering the file again when the facts of other files it was made from still
/// hold (see [`Engine::check_project_remembering`]).
pub type Remembered<'a> = dyn Fn(&[usize]) -> Vec<Option<SecondRound>> + Sync + 'a;

/// A file's summary from the project phase's second round, with the facts of other files it
/// was made from: it stays right for the same file bytes as long as those facts do. It
/// round-trips through serde (the CLI's summary cache keeps it).
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct SecondRound {
    /// What the analysis asked about other files' functions and aliases, and the answers.
    pub(crate) facts: project::ImportedFacts,
    /// The file's new summary.
    pub(crate) summary: FileSummary,
}

/// Runs the rules: once per file (any thread), then once across files.
#[derive(Debug)]
pub struct Engine {
    settings: Settings,
    catalog: Catalog,
}

/// Finds a registered rule by name.
pub fn rule_by_name(name: &str) -> Option<&'static Rule> {
    rules::by_name(name).map(|r| &r.rule)
}

impl Engine {
    /// An engine with the built-in catalog.
    pub fn new(settings: Settings) -> Result<Self, CatalogError> {
        Self::with_catalogs(settings, &[])
    }

    /// An engine with the built-in catalog extended by user catalog files, given as
    /// `(name shown in errors, TOML text)` pairs (`extend-catalog` in `mcplint.toml`).
    pub fn with_catalogs(
        settings: Settings,
        extra: &[(String, String)],
    ) -> Result<Self, CatalogError> {
        let mut catalog = Catalog::builtin()?;
        check_help_keys(&catalog, "built-in catalog")?;
        for (name, text) in extra {
            catalog.extend(name, text)?;
            check_help_keys(&catalog, name)?;
        }
        Ok(Self { settings, catalog })
    }

    /// An engine whose built-in catalog is replaced by `files`, `(name shown in errors, TOML
    /// text)` pairs like [`catalog::BUILTIN`]: for tests that change a built-in row (the
    /// catalog coverage test removes each row in turn and requires some fixture to notice).
    pub fn with_catalog_files(
        settings: Settings,
        files: &[(&str, &str)],
    ) -> Result<Self, CatalogError> {
        let mut catalog = Catalog::default();
        for (name, text) in files {
            catalog.extend(name, text)?;
            check_help_keys(&catalog, name)?;
        }
        Ok(Self { settings, catalog })
    }

    /// The catalog in use.
    pub fn catalog(&self) -> &Catalog {
        &self.catalog
    }

    /// The settings in use.
    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// Whether a rule is enabled by the settings.
    pub fn is_enabled(&self, rule: &Rule) -> bool {
        self.settings.is_enabled(rule)
    }

    /// The severity findings of `rule` are reported with.
    pub fn severity(&self, rule: &Rule) -> Severity {
        self.settings
            .severity
            .get(rule.name)
            .copied()
            .unwrap_or(rule.severity)
    }

    /// The per-file phase: pure, no shared state.
    pub fn check_file(&self, file: &File) -> FileResult {
        let summary = taint::summarize(file, &self.catalog);
        // Declarations on a parameter hold only where a caller passes a server: the project
        // phase decides; the findings per-file rules make only with them are kept aside.
        let unconditional: std::borrow::Cow<'_, [facts::tools::ToolDecl]> = if summary
            .tools
            .iter()
            .all(facts::tools::ToolDecl::is_unconditional)
        {
            std::borrow::Cow::Borrowed(&summary.tools)
        } else {
            summary
                .tools
                .iter()
                .filter(|t| t.is_unconditional())
                .cloned()
                .collect()
        };
        let diagnostics = self.run_file_rules(file, &unconditional);
        let conditional =
            self.conditional_findings(file, &summary.tools, &unconditional, &diagnostics);
        let unauthenticated = &rules::unauthenticated_transport::UNAUTHENTICATED_TRANSPORT;
        let reached = self.run_reached_rules(file, &unconditional);
        FileResult {
            reached,
            diagnostics,
            summary,
            suppressions: suppress::scan(file),
            conditional,
            authenticates: self.is_enabled(unauthenticated)
                && rules::unauthenticated_transport::authenticates(
                    file,
                    &self.catalog.for_lang(file.lang).transport,
                ),
        }
    }

    /// For each receiver the declarations among `tools` wait on (in order of first use): the
    /// findings the per-file rules make with that receiver's declarations added to
    /// `unconditional`, less those already in `diagnostics`.
    fn conditional_findings(
        &self,
        file: &File,
        tools: &[facts::tools::ToolDecl],
        unconditional: &[facts::tools::ToolDecl],
        diagnostics: &[Diagnostic],
    ) -> Vec<(facts::tools::ServerNeed, Diagnostic)> {
        let mut needs: Vec<&facts::tools::ServerNeed> = Vec::new();
        for need in tools.iter().filter_map(|t| t.needs_server.as_ref()) {
            if !needs.contains(&need) {
                needs.push(need);
            }
        }
        let mut out = Vec::new();
        for need in needs {
            let mut with_need = unconditional.to_vec();
            with_need.extend(
                tools
                    .iter()
                    .filter(|t| t.needs_server.as_ref() == Some(need))
                    .cloned(),
            );
            out.extend(
                self.run_file_rules(file, &with_need)
                    .into_iter()
                    .filter(|d| {
                        !diagnostics
                            .iter()
                            .any(|u| u.same_place(d) && u.message == d.message)
                    })
                    .map(|d| (need.clone(), d)),
            );
        }
        out
    }

    /// The findings of the enabled per-file rules on `file`, whose tools are `tools`.
    fn run_file_rules(&self, file: &File, tools: &[facts::tools::ToolDecl]) -> Vec<Diagnostic> {
        let cx = FileContext {
            file,
            catalog: self.catalog.for_lang(file.lang),
            tools,
        };
        let mut diagnostics = Vec::new();
        for rule in rules::ALL {
            if let (true, Check::Ir(check)) = (self.is_enabled(rule), rule.check) {
                check(&cx, &mut diagnostics);
            }
        }
        diagnostics
    }

    /// What the enabled [`Check::Reached`] rules find in `file`, whose tools are `tools`.
    fn run_reached_rules(&self, file: &File, tools: &[facts::tools::ToolDecl]) -> Reached {
        let cx = FileContext {
            file,
            catalog: self.catalog.for_lang(file.lang),
            tools,
        };
        let mut reached = Reached::default();
        for rule in rules::ALL {
            if let (true, Check::Reached(check)) = (self.is_enabled(rule), rule.check) {
                check(&cx, &mut reached);
            }
        }
        reached
    }

    /// The project phase: cross-file flows become findings; then, in this one place,
    /// per-file ignores, suppressions (reporting unused ones) and severity overrides are
    /// applied, and the findings sorted.
    ///
    /// `reload(&[i, ...])` lowers the files of `results[i]`, ... again (a caller may do so in
    /// parallel). It is called only for files whose
    /// checks call a predicate of another file, which are analysed once more now that every
    /// file's predicates are known (see [`project::second_round`]); keeping every IR until
    /// then would cost far more memory than reading those few files twice.
    pub fn check_project(&self, results: Vec<FileResult>, reload: &Reload<'_>) -> Vec<Diagnostic> {
        self.check_project_remembering(results, reload, &|batch| {
            batch.iter().map(|_| None).collect()
        })
    }

    /// [`Engine::check_project`], with second-round results kept from an earlier run: a file
    /// whose kept result was made from the facts of other files that still hold is not
    /// lowered again (a warm run of the CLI lowers no file at all).
    pub fn check_project_remembering(
        &self,
        results: Vec<FileResult>,
        reload: &Reload<'_>,
        remembered: &Remembered<'_>,
    ) -> Vec<Diagnostic> {
        let mut summaries = Vec::with_capacity(results.len());
        let mut suppressions = Vec::with_capacity(results.len());
        let mut out = Vec::new();
        let mut conditional = Vec::new();
        let mut authenticates = Vec::with_capacity(results.len());
        let mut reached = Vec::with_capacity(results.len());
        for (f, r) in results.into_iter().enumerate() {
            authenticates.push(r.authenticates);
            reached.push(r.reached);
            out.extend(r.diagnostics);
            conditional.extend(r.conditional.into_iter().map(|(need, d)| (f, need, d)));
            summaries.push(r.summary);
            suppressions.push(r.suppressions);
        }
        project::second_round(&mut summaries, reload, remembered, &self.catalog);
        out.extend(reached_findings(&summaries, reached));
        let (param_sinks, sources) = self.flow_kinds();
        let (flows, served) = project::flows_with(&summaries, param_sinks, &sources);
        // A confirmed declaration's finding replaces the one its file made without it at the
        // same place (`description contains …` becomes `description of tool `x` contains …`).
        let confirmed: Vec<Diagnostic> = conditional
            .into_iter()
            .filter(|(f, need, _)| served.contains(&(*f, need.clone())))
            .map(|(_, _, d)| d)
            .collect();
        out.retain(|d| !confirmed.iter().any(|c| c.same_place(d)));
        out.extend(confirmed);
        let mut callbacks = CallbackSpans::new();
        // Flows through one flawed check are one finding, at the check (a flow through several
        // is let through by each of them).
        let mut at_checks: BTreeMap<(&str, &Label), Vec<&Flow>> = BTreeMap::new();
        for flow in &flows {
            if !flow.callbacks.is_empty() {
                callbacks
                    .entry((flow.path.clone(), flow.sink))
                    .or_insert_with(|| flow.callbacks.clone());
            }
            for rule in rules::ALL {
                if let Check::SourceTaint {
                    source,
                    kinds,
                    warn,
                    message,
                } = rule.check
                    && flow.source_kind.as_deref() == Some(source)
                    && kinds.contains(&flow.kind.as_str())
                    && self.is_enabled(rule)
                {
                    let help = self.help(rule, flow);
                    let mut d = Diagnostic::from_flow(rule, flow, message, help);
                    if warn.contains(&flow.kind.as_str()) {
                        d.severity = Severity::Warning;
                    }
                    out.push(d);
                    continue;
                }
                if let Check::Taint { kinds, message } = rule.check
                    && flow.source_kind.is_none()
                    && kinds.contains(&flow.kind.as_str())
                    && self.is_enabled(rule)
                {
                    if !flow.checks.is_empty() {
                        for check in &flow.checks {
                            at_checks.entry((rule.name, check)).or_default().push(flow);
                        }
                        continue;
                    }
                    let help = self.help(rule, flow);
                    out.push(Diagnostic::from_flow(rule, flow, message, help));
                }
            }
        }
        for ((name, check), through) in at_checks {
            let Some(rule) = rules::by_name(name) else {
                continue;
            };
            let help = self.help(rule, through[0]);
            out.extend(Diagnostic::from_flawed_check(rule, check, &through, help));
        }
        drop_enclosing(&mut out, &callbacks);
        drop_authenticated(&mut out, &summaries, &authenticates);
        let mut out = suppress::apply(&self.settings, out, &suppressions);
        for d in &mut out {
            if let Some(severity) = self.settings.severity.get(d.rule.name) {
                d.severity = *severity;
            }
        }
        out.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        out
    }
}

impl Engine {
    /// The sink kinds (bits) tool input is followed into, and those the values of each
    /// `[[source]]` kind are followed into: the kinds of the enabled taint rules.
    fn flow_kinds(&self) -> (u64, project::SourceKinds) {
        let mut param_sinks = 0;
        let mut sources = project::SourceKinds::default();
        for rule in rules::ALL.iter().filter(|r| self.is_enabled(r)) {
            match rule.check {
                Check::Taint { kinds, .. } => {
                    param_sinks |= kinds.iter().fold(0, |b, k| b | self.catalog.kind_bit(k));
                }
                Check::SourceTaint { source, kinds, .. } => {
                    let bits = kinds.iter().fold(0, |b, k| b | self.catalog.kind_bit(k));
                    let result = kinds
                        .contains(&project::RESULT_KIND)
                        .then(|| self.catalog.kind_bit(project::RESULT_KIND));
                    match sources.kinds.iter_mut().find(|k| k.0 == source) {
                        Some(k) => {
                            k.1 |= bits;
                            k.2 = k.2.or(result);
                        }
                        None => sources.kinds.push((source.to_owned(), bits, result)),
                    }
                }
                Check::Ir(_) | Check::Reached(_) | Check::Engine => {}
            }
        }
        (param_sinks, sources)
    }

    /// The fix hint of `rule` in the language of the flow's sink.
    fn help(&self, rule: &Rule, flow: &Flow) -> Option<&str> {
        let lang = flow.lang.unwrap_or(mcplint_ir::Lang::Python);
        self.catalog.for_lang(lang).language.help(rule.name)
    }
}

/// Fails when a `[help]` key of the catalog names no rule, blaming `file` (the file added
/// last). Done here rather than at catalog load: the catalog cannot see the rule registry,
/// whose rules read the catalog.
fn check_help_keys(catalog: &Catalog, file: &str) -> Result<(), CatalogError> {
    for lang in mcplint_ir::Lang::ALL {
        if let Some(key) = catalog
            .for_lang(lang)
            .language
            .help_rules()
            .find(|k| rules::by_name(k).is_none())
        {
            return Err(CatalogError::Parse {
                file: file.to_owned(),
                message: format!("[help]: `{key}` is not a rule name"),
            });
        }
    }
    Ok(())
}

/// Drops the `unauthenticated-transport` findings of files whose neighbourhood (see
/// [`project::marked_neighbourhoods`]) shows a sign of authentication in another file.
fn drop_authenticated(out: &mut Vec<Diagnostic>, files: &[FileSummary], authenticates: &[bool]) {
    let name = rules::unauthenticated_transport::UNAUTHENTICATED_TRANSPORT.name;
    if !out.iter().any(|d| d.rule.name == name) || !authenticates.contains(&true) {
        return;
    }
    let covered = project::marked_neighbourhoods(files, authenticates);
    let by_path: foldhash::HashMap<&str, usize> = files
        .iter()
        .enumerate()
        .map(|(i, f)| (f.path.as_str(), i))
        .collect();
    out.retain(|d| {
        d.rule.name != name || !by_path.get(d.path.as_str()).is_some_and(|&i| covered[i])
    });
}

/// The findings of [`Check::Reached`] rules that hold: those in a function that a tool,
/// resource or prompt handler reaches through the project's calls (or nested in one), less
/// those withdrawn by a setting made in their file or a file it imports or is imported by.
fn reached_findings(files: &[FileSummary], reached: Vec<Reached>) -> Vec<Diagnostic> {
    if reached.iter().all(|r| r.findings.is_empty()) {
        return Vec::new();
    }
    let cut: Vec<&[mcplint_ir::Span]> = reached.iter().map(|r| r.cut.as_slice()).collect();
    let reachable = project::reachable_functions(files, &cut);
    // Each setting, and the files near one that makes it (a program's entry point and the
    // modules it imports).
    let settings: std::collections::BTreeSet<&String> =
        reached.iter().flat_map(|r| &r.settings).collect();
    let settled: BTreeMap<String, Vec<bool>> = settings
        .into_iter()
        .map(|setting| {
            let marked: Vec<bool> = reached
                .iter()
                .map(|r| r.settings.contains(setting))
                .collect();
            (
                setting.clone(),
                project::marked_neighbourhoods(files, &marked),
            )
        })
        .collect();
    let mut out = Vec::new();
    for (f, r) in reached.into_iter().enumerate() {
        let (Some(file), Some(reachable)) = (files.get(f), reachable.get(f)) else {
            continue;
        };
        for pending in r.findings {
            if let Some(setting) = &pending.unless
                && settled
                    .get(setting)
                    .is_some_and(|near| near.get(f).copied().unwrap_or(false))
            {
                continue;
            }
            let Some(func) = file.functions.get(pending.func) else {
                continue;
            };
            // The function itself, or one it is written in (a closure of a handler).
            let reached = file.functions.iter().enumerate().any(|(g, outer)| {
                reachable.get(g).copied().unwrap_or(false)
                    && outer.span.start <= func.span.start
                    && func.span.end <= outer.span.end
            });
            if reached {
                out.push(pending.diagnostic);
            }
        }
    }
    out
}

/// The callbacks written inside sink calls, by the sink's file and span (see
/// [`taint::FileSummary`]'s sink sites).
type CallbackSpans = BTreeMap<(String, mcplint_ir::Span), Vec<mcplint_ir::Span>>;

/// Of two findings of one rule where one span encloses the other (`execute(text(f"..."))`),
/// keeps the inner one, unless the inner one sits in a callback of the outer call
/// (`exec(a, () => exec(b))`: two calls, two findings). Only findings of one rule in one file
/// are compared with each other.
fn drop_enclosing(diags: &mut Vec<Diagnostic>, callbacks: &CallbackSpans) {
    let mut order: Vec<usize> = (0..diags.len()).collect();
    order.sort_by(|&a, &b| {
        let (a, b) = (&diags[a], &diags[b]);
        (a.rule.name, &a.path).cmp(&(b.rule.name, &b.path))
    });
    let mut keep = vec![true; diags.len()];
    for group in order.chunk_by(|&a, &b| {
        let (a, b) = (&diags[a], &diags[b]);
        a.rule.name == b.rule.name && a.path == b.path
    }) {
        for &i in group {
            let a = &diags[i];
            let in_callback = |b: &Diagnostic| {
                callbacks.get(&(a.path.clone(), a.span)).is_some_and(|cs| {
                    cs.iter()
                        .any(|c| c.start <= b.span.start && b.span.end <= c.end)
                })
            };
            keep[i] = !group.iter().any(|&j| {
                let b = &diags[j];
                i != j
                    && a.span.start <= b.span.start
                    && b.span.end <= a.span.end
                    && a.span != b.span
                    && !in_callback(b)
            });
        }
    }
    let mut it = keep.into_iter();
    diags.retain(|_| it.next().unwrap_or(true));
}

/// A finding as the summary cache stores it: [`Diagnostic`]'s fields in the same order, the
/// rule by name (a name no rule has any more is an error, so a stale entry is not trusted).
#[derive(serde::Deserialize)]
struct StoredDiagnostic {
    rule: String,
    severity: Severity,
    message: String,
    path: String,
    span: mcplint_ir::Span,
    labels: Vec<Label>,
    flow: Vec<Label>,
    let_through: Vec<Vec<Label>>,
    helpers: Vec<Label>,
    help: Option<String>,
    redact: Vec<mcplint_ir::Span>,
}

impl<'de> serde::Deserialize<'de> for Diagnostic {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = <StoredDiagnostic as serde::Deserialize>::deserialize(d)?;
        let rule = crate::rules::by_name(&s.rule)
            .map(|r| &r.rule)
            .ok_or_else(|| {
                <D::Error as serde::de::Error>::custom(format!("unknown rule `{}`", s.rule))
            })?;
        Ok(Diagnostic {
            rule,
            severity: s.severity,
            message: s.message,
            path: s.path,
            span: s.span,
            labels: s.labels,
            flow: s.flow,
            let_through: s.let_through,
            helpers: s.helpers,
            help: s.help,
            redact: s.redact,
            grouped: Vec::new(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An enclosing finding goes only when the enclosed one is of the same rule and file.
    #[test]
    fn only_enclosing_findings_of_one_rule_in_one_file_are_dropped() {
        let (shell, sql): (&Rule, &Rule) = (rules::ALL[0], rules::ALL[1]);
        assert_ne!(shell, sql);
        let outer = mcplint_ir::Span::new(10, 50);
        let inner = mcplint_ir::Span::new(20, 30);
        let mut diags = vec![
            Diagnostic::new(shell, "a.py", outer, "outer"),
            Diagnostic::new(shell, "b.py", outer, "outer elsewhere"),
            Diagnostic::new(sql, "a.py", inner, "inner of another rule"),
            Diagnostic::new(shell, "a.py", inner, "inner"),
            Diagnostic::new(shell, "a.py", inner, "inner twice"),
            Diagnostic::new(sql, "b.py", mcplint_ir::Span::new(0, 100), "alone"),
        ];
        drop_enclosing(&mut diags, &CallbackSpans::new());
        let kept: Vec<&str> = diags.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(
            kept,
            [
                "outer elsewhere",
                "inner of another rule",
                "inner",
                "inner twice",
                "alone"
            ]
        );
    }

    /// A finding inside a callback written in another finding's call is a call of its own.
    #[test]
    fn a_sink_in_a_callback_of_another_sink_keeps_both() {
        let shell = rules::ALL[0];
        let (outer, callback, inner) = (
            mcplint_ir::Span::new(10, 80),
            mcplint_ir::Span::new(30, 79),
            mcplint_ir::Span::new(40, 60),
        );
        let argument = mcplint_ir::Span::new(12, 20);
        let mut callbacks = CallbackSpans::new();
        callbacks.insert(("a.js".to_owned(), outer), vec![callback]);
        let mut diags = vec![
            Diagnostic::new(shell, "a.js", outer, "outer"),
            Diagnostic::new(shell, "a.js", inner, "in the callback"),
            Diagnostic::new(shell, "a.js", argument, "in an argument"),
        ];
        drop_enclosing(&mut diags, &callbacks);
        let kept: Vec<&str> = diags.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(kept, ["in the callback", "in an argument"]);
        diags.insert(0, Diagnostic::new(shell, "a.js", outer, "outer"));
        diags.pop();
        drop_enclosing(&mut diags, &callbacks);
        let kept: Vec<&str> = diags.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(kept, ["outer", "in the callback"]);
    }

    #[test]
    fn every_catalog_file_is_embedded_and_parses() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../rules");
        let mut on_disk: Vec<String> = std::fs::read_dir(dir)
            .expect("rules/ exists")
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| {
                std::path::Path::new(n)
                    .extension()
                    .is_some_and(|e| e == "toml")
            })
            .collect();
        on_disk.sort();
        let mut embedded: Vec<String> = catalog::BUILTIN
            .iter()
            .map(|(n, _)| (*n).to_owned())
            .collect();
        embedded.sort();
        assert_eq!(
            on_disk, embedded,
            "every rules/*.toml is listed in catalog::BUILTIN"
        );
        Catalog::builtin().expect("the built-in catalog parses");
    }

    /// Every taint rule has a fix hint in each language it covers, and its message template (and
    /// every sink row's own) names only `{tool}` and `{what}`; a `[help]` key naming no rule is
    /// refused.
    #[test]
    fn every_taint_rule_has_help_in_each_language_and_help_keys_are_rules() {
        let cat = Catalog::builtin().unwrap();
        for rule in rules::ALL {
            let Check::Taint { message, .. } = rule.check else {
                continue;
            };
            let stripped = message.replace("{tool}", "").replace("{what}", "");
            assert!(
                !stripped.contains(['{', '}']),
                "{}: unknown placeholder in `{message}`",
                rule.name
            );
            for lang in rule.languages {
                assert!(
                    cat.for_lang(*lang).language.help(rule.name).is_some(),
                    "{}: no [help] entry for {}",
                    rule.name,
                    lang.name()
                );
            }
        }
        for lang in mcplint_ir::Lang::ALL {
            for sink in &cat.for_lang(lang).sinks {
                let Some(message) = &sink.message else {
                    continue;
                };
                let stripped = message.replace("{tool}", "").replace("{what}", "");
                assert!(
                    !stripped.contains(['{', '}']),
                    "unknown placeholder in the sink message `{message}`"
                );
            }
        }
        let bad = "languages = [\"rust\"]\n[help]\nshell-injections = \"quote it\"\n";
        let err = Engine::with_catalogs(Settings::default(), &[("extra.toml".into(), bad.into())])
            .expect_err("an unknown [help] key is refused");
        assert!(err.to_string().contains("shell-injections"), "{err}");
        assert!(Engine::new(Settings::default()).is_ok());
    }

    #[test]
    fn every_sink_kind_belongs_to_exactly_one_rule_and_every_language_has_rows() {
        let cat = Catalog::builtin().unwrap();
        for kind in cat.sink_kinds() {
            let owners: Vec<&str> = rules::ALL
                .iter()
                .filter(|r| match r.check {
                    Check::Taint { kinds, .. } | Check::SourceTaint { kinds, .. } => {
                        kinds.contains(&kind)
                    }
                    _ => false,
                })
                .map(|r| r.name)
                .collect();
            assert_eq!(owners.len(), 1, "sink kind `{kind}` is owned by {owners:?}");
        }
        // A rule's further kinds may be one language's (`archive`: Python's tarfile). A tool's
        // result is a sink of no row.
        for rule in rules::ALL {
            if let Check::Taint { kinds, .. } | Check::SourceTaint { kinds, .. } = rule.check {
                for lang in rule.languages {
                    assert!(
                        kinds
                            .iter()
                            .any(|kind| cat.sink_languages(kind).contains(lang)),
                        "{}: no {kinds:?} sinks for {}",
                        rule.name,
                        lang.name()
                    );
                }
            }
        }
    }

    #[test]
    fn a_bad_catalog_is_a_clear_error() {
        let mut cat = Catalog::default();
        let err = cat
            .extend("x.toml", "languages = [\"python\"]\n[[sink]]\nkind = 1\n")
            .unwrap_err();
        assert!(err.to_string().starts_with("x.toml:"), "{err}");
        let err = cat
            .extend("y.toml", "languages = [\"cobol\"]\n")
            .unwrap_err();
        assert!(err.to_string().contains("cobol"), "{err}");
        let err = cat
            .extend("z.toml", "languages = [\"python\"]\n[[guard]]\nkind = \"*\"\ncall = \"f\"\nchecks = \"arg:0\"\narg-matches = \"arg:0=(\"\n")
            .unwrap_err();
        assert!(err.to_string().contains("arg-matches"), "{err}");
    }

    /// Every typed value of a row (locators, conditions, argv modes, states, regexes) is parsed
    /// when the catalog loads: a malformed one is an error naming the file and the row's line.
    #[test]
    fn a_malformed_row_value_fails_at_load_with_its_line() {
        let head = "languages = [\"python\"]\n\n[[sink]]\nkind = \"shell\"\ncall = \"os.system\"\n";
        for (bad, line, needle) in [
            ("arg = \"0\"\n", 6, "expected a locator"),
            ("arg = [\"arg:0\", \"kwarg:\"]\n", 6, "empty name"),
            ("arg = \"arg:0\"\nwhen = \"arg:0~(\"\n", 7, "unclosed group"),
            (
                "arg = \"arg:0\"\nwhen = \"shell=True\"\n",
                7,
                "expected a locator",
            ),
            ("arg = \"arg:0\"\nargv = \"tuple\"\n", 7, "argv must be"),
        ] {
            let err = Catalog::default()
                .extend("u.toml", &format!("{head}{bad}"))
                .unwrap_err()
                .to_string();
            assert!(err.starts_with("u.toml:"), "{err}");
            assert!(err.contains(&format!("line {line}")), "no line in: {err}");
            assert!(err.contains(needle), "{needle} not in: {err}");
        }
        let err = Catalog::default()
            .extend(
                "v.toml",
                "languages = [\"python\"]\n[[propagator]]\ncall = \"f\"\nadds = \"cleaned\"\n",
            )
            .unwrap_err()
            .to_string();
        assert!(err.contains("line 4") && err.contains("`cleaned`"), "{err}");
    }
}
