//! The `[description]` table of `rules/descriptions.toml` (and its `[[description.*]]` rows):
//! the row format, and the data compiled from it at load — hidden character ranges, phrase
//! signals, the finder of well-known tools and the index of text-carrying calls.
//!
//! Two readers use it: the extraction of the texts the model reads
//! ([`crate::facts::texts`]) and the `tool-poisoning` rule's matcher, which looks in them for
//! instructions aimed at the model (`rules/tool_poisoning/detector.rs`).

use aho_corasick::AhoCorasick;
use serde::Deserialize;

use crate::catalog::typed::{ArgLocator, CalleePattern};
use crate::catalog::{CallIndex, CatalogError, OneOrMany};
use crate::lazy_regex::LazyRegex;

// ---------------------------------------------------------------------------------------------
// Data: the `[description]` table of a catalog file

/// The `[description]` table of a catalog file, as written.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct DescriptionRows {
    /// Tools of popular servers that poisoned descriptions steer.
    #[serde(default)]
    pub(crate) well_known_tools: Vec<String>,
    /// Regexes over module constant names that hold descriptions.
    #[serde(default)]
    pub(crate) constant_names: Vec<String>,
    /// Regexes over module constant names that hold prompt templates.
    #[serde(default)]
    pub(crate) template_constant_names: Vec<String>,
    /// Calls whose value is their receiver (`*.strip`) or first argument (`textwrap.dedent`).
    #[serde(default)]
    pub(crate) pass_through: Vec<CalleePattern>,
    /// Record and class fields that hold text (`description`, `title`).
    #[serde(default)]
    pub(crate) text_fields: Vec<String>,
    /// What comes right before a verb in the imperative addressed to the model (the end of a
    /// sentence, `then`, `you must`): a regex over the text before it, which also holds at
    /// the start of the text. Used by signals marked `imperative`.
    #[serde(default)]
    pub(crate) imperative_lead_in: Option<String>,
    /// Hidden character classes.
    #[serde(default)]
    pub(crate) hidden: Vec<HiddenRow>,
    /// Thresholds for encoded blobs.
    #[serde(default)]
    pub(crate) blob: Option<BlobRow>,
    /// Phrase signals.
    #[serde(default)]
    pub(crate) signal: Vec<SignalRow>,
    /// Which signals together make a finding.
    #[serde(default)]
    pub(crate) report: Vec<ReportRow>,
    /// Calls with text arguments.
    #[serde(default)]
    pub(crate) text: Vec<TextRow>,
    /// Object literals with text entries.
    #[serde(default)]
    pub(crate) record: Vec<RecordRow>,
    /// Calls and names that make a value dynamic.
    #[serde(default)]
    pub(crate) dynamic: Vec<DynamicRow>,
}

/// A class of hidden characters.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct HiddenRow {
    /// What to call them in messages.
    pub(crate) name: String,
    /// `U+XXXX` or `U+XXXX..U+YYYY`.
    pub(crate) chars: Vec<String>,
    /// Not reported between two non-ASCII characters (joiners in emoji and some scripts).
    #[serde(default)]
    pub(crate) allow_between_non_ascii: bool,
}

/// Thresholds for encoded blobs, in characters.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct BlobRow {
    /// A base64 run at least this long that decodes to readable text.
    pub base64_text: usize,
    /// Any base64 run (mixed case and digits) at least this long.
    pub base64_long: usize,
    /// A hex run at least this long that decodes to readable text.
    pub(crate) hex_text: usize,
    /// Any hex run at least this long.
    pub(crate) hex_long: usize,
}

/// A named phrase signal.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct SignalRow {
    /// The signal's name, used by reports; rows with the same name add up.
    pub(crate) name: String,
    /// Regexes (case-insensitive unless `case-sensitive`).
    pub(crate) patterns: Vec<String>,
    /// Match case.
    #[serde(default)]
    pub(crate) case_sensitive: bool,
    /// A match whose own text matches one of these is dropped.
    #[serde(default)]
    pub(crate) exclude: Vec<String>,
    /// A match is dropped when the text right before it matches this (negations).
    #[serde(default)]
    pub(crate) not_after: Option<String>,
    /// A match counts only in the imperative: at the start of the text or right after the
    /// `imperative-lead-in` (a description that says what the tool does is not an order).
    #[serde(default)]
    pub(crate) imperative: bool,
    /// A match counts only when the URL or e-mail address in it is not the server's own: its
    /// domain does not appear in the file outside the texts the model reads (a base URL
    /// constant, a homepage in a manifest).
    #[serde(default)]
    pub(crate) foreign_address: bool,
}

/// Where signals must occur together.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum Scope {
    /// In one sentence.
    #[default]
    Sentence,
    /// In one clause: a sentence, also split at `;`.
    Clause,
    /// Anywhere in the text.
    Text,
}

/// Signals that together make a finding.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct ReportRow {
    /// Signal names, all required.
    pub(crate) signals: Vec<String>,
    /// Sentence (default) or whole text.
    #[serde(default)]
    pub(crate) scope: Scope,
    /// Each signal's match follows the previous one directly.
    #[serde(default)]
    pub(crate) adjacent: bool,
    /// What the text does, completing "description of tool `x` ...".
    pub(crate) message: String,
    /// Not reported in prompt templates, which address the model by design.
    #[serde(default)]
    pub(crate) except_templates: bool,
}

/// A call that carries text for the model in some of its arguments.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct TextRow {
    /// Only for these languages (all when empty).
    #[serde(default)]
    pub(crate) languages: Vec<String>,
    /// What the text is, in messages.
    pub(crate) what: String,
    /// Callee patterns.
    pub(crate) call: OneOrMany<CalleePattern>,
    /// Argument locators.
    pub(crate) arg: OneOrMany<ArgLocator>,
    /// Where the declared name is, for messages.
    #[serde(default)]
    pub(crate) name: Option<ArgLocator>,
}

/// Object literals with text entries.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct RecordRow {
    /// Only for these languages (all when empty).
    #[serde(default)]
    pub(crate) languages: Vec<String>,
    /// What the text is, in messages.
    pub(crate) what: String,
    /// The entries that hold text.
    pub(crate) keys: Vec<String>,
    /// The record must have one of these keys.
    pub(crate) when_any: Vec<String>,
}

/// Calls and names that read the environment, a file or the network.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct DynamicRow {
    /// Where the value comes from, in messages (`the environment`).
    pub(crate) from: String,
    /// Callee patterns.
    #[serde(default)]
    pub(crate) call: Vec<CalleePattern>,
    /// Names (and their dotted descendants: `process.env.X`).
    #[serde(default)]
    pub(crate) name: Vec<String>,
    /// Names of the module's own location (`__file__`, `__dirname`): a read whose path is
    /// built from one reads a file shipped with the code, reviewed with it, not a dynamic text.
    #[serde(default)]
    pub(crate) shipped_with: Vec<String>,
    /// Counts only when it gives the whole text (or one of the values the text is chosen
    /// from). A configuration value placed between reviewed words (a version, a database
    /// name) or used to compute something else (a connection whose query results are listed)
    /// does not replace the reviewed text.
    #[serde(default)]
    pub(crate) whole_text_only: bool,
}

// ---------------------------------------------------------------------------------------------
// Compiled data

#[derive(Clone, Debug)]
pub(crate) struct Hidden {
    pub(crate) name: String,
    pub(crate) ranges: Vec<(u32, u32)>,
    pub(crate) allow_between_non_ascii: bool,
}

#[derive(Clone, Debug)]
pub(crate) struct Signal {
    pub(crate) name: String,
    pub(crate) patterns: Vec<LazyRegex>,
    pub(crate) exclude: Vec<LazyRegex>,
    pub(crate) not_after: Option<LazyRegex>,
    pub(crate) imperative: bool,
    pub(crate) foreign_address: bool,
}

/// The compiled `[description]` data of a catalog: what `tool-poisoning` reads and looks for.
#[derive(Clone, Debug, Default)]
pub(crate) struct Descriptions {
    pub(crate) well_known_tools: Vec<String>,
    /// `well_known_tools`, found in one pass.
    pub(crate) tool_finder: Option<AhoCorasick>,
    pub(crate) constant_names: Vec<LazyRegex>,
    pub(crate) template_constant_names: Vec<LazyRegex>,
    pub(crate) pass_through: Vec<CalleePattern>,
    pub(crate) text_fields: Vec<String>,
    /// `imperative-lead-in`, compiled.
    pub(crate) imperative_lead_in: Option<LazyRegex>,
    pub(crate) hidden: Vec<Hidden>,
    pub(crate) blob: Option<BlobRow>,
    pub(crate) signals: Vec<Signal>,
    pub(crate) reports: Vec<ReportRow>,
    pub(crate) texts: Vec<TextRow>,
    /// `texts` by the last name of their calls.
    pub(crate) texts_index: CallIndex,
    pub(crate) records: Vec<RecordRow>,
    pub(crate) dynamic: Vec<DynamicRow>,
}

fn regex_error(file: &str, pattern: &str, message: &impl ToString) -> CatalogError {
    CatalogError::Regex {
        file: file.to_owned(),
        pattern: pattern.to_owned(),
        message: message.to_string(),
    }
}

fn compile(file: &str, pattern: &str, case_sensitive: bool) -> Result<LazyRegex, CatalogError> {
    LazyRegex::new(pattern, !case_sensitive).map_err(|e| regex_error(file, pattern, &e))
}

fn parse_code_point(file: &str, s: &str) -> Result<u32, CatalogError> {
    let hex = s
        .trim()
        .strip_prefix("U+")
        .or_else(|| s.trim().strip_prefix("u+"))
        .ok_or_else(|| regex_error(file, s, &"expected U+XXXX"))?;
    u32::from_str_radix(hex, 16).map_err(|e| regex_error(file, s, &e))
}

impl Descriptions {
    /// Compiles the rows of one catalog file.
    pub(crate) fn compile(file: &str, rows: &DescriptionRows) -> Result<Self, CatalogError> {
        let mut hidden = Vec::new();
        for row in &rows.hidden {
            let mut ranges = Vec::new();
            for spec in &row.chars {
                let (lo, hi) = match spec.split_once("..") {
                    Some((a, b)) => (parse_code_point(file, a)?, parse_code_point(file, b)?),
                    None => {
                        let c = parse_code_point(file, spec)?;
                        (c, c)
                    }
                };
                ranges.push((lo.min(hi), lo.max(hi)));
            }
            hidden.push(Hidden {
                name: row.name.clone(),
                ranges,
                allow_between_non_ascii: row.allow_between_non_ascii,
            });
        }
        let mut signals = Vec::new();
        for row in &rows.signal {
            signals.push(Signal {
                name: row.name.clone(),
                patterns: row
                    .patterns
                    .iter()
                    .map(|p| compile(file, p, row.case_sensitive))
                    .collect::<Result<_, _>>()?,
                exclude: row
                    .exclude
                    .iter()
                    .map(|p| compile(file, p, false))
                    .collect::<Result<_, _>>()?,
                not_after: row
                    .not_after
                    .as_deref()
                    .map(|p| compile(file, p, false))
                    .transpose()?,
                imperative: row.imperative,
                foreign_address: row.foreign_address,
            });
        }
        let well_known_tools: Vec<String> = rows
            .well_known_tools
            .iter()
            .map(|t| t.to_ascii_lowercase())
            .collect();
        Ok(Self {
            tool_finder: AhoCorasick::new(&well_known_tools).ok(),
            well_known_tools,
            constant_names: rows
                .constant_names
                .iter()
                .map(|p| compile(file, p, true))
                .collect::<Result<_, _>>()?,
            template_constant_names: rows
                .template_constant_names
                .iter()
                .map(|p| compile(file, p, true))
                .collect::<Result<_, _>>()?,
            pass_through: rows.pass_through.clone(),
            text_fields: rows.text_fields.clone(),
            imperative_lead_in: rows
                .imperative_lead_in
                .as_deref()
                .map(|p| compile(file, p, false))
                .transpose()?,
            hidden,
            blob: rows.blob.clone(),
            signals,
            reports: rows.report.clone(),
            texts: rows.text.clone(),
            texts_index: CallIndex::new(rows.text.iter().map(|r| &r.call)),
            records: rows.record.clone(),
            dynamic: rows.dynamic.clone(),
        })
    }

    /// Adds another file's rows (union; a later `blob` table or `imperative-lead-in` replaces an
    /// earlier one).
    pub(crate) fn extend(&mut self, other: &Descriptions) {
        self.well_known_tools
            .extend(other.well_known_tools.iter().cloned());
        self.tool_finder = AhoCorasick::new(&self.well_known_tools).ok();
        self.constant_names
            .extend(other.constant_names.iter().cloned());
        self.template_constant_names
            .extend(other.template_constant_names.iter().cloned());
        self.pass_through.extend(other.pass_through.iter().cloned());
        self.text_fields.extend(other.text_fields.iter().cloned());
        if other.imperative_lead_in.is_some() {
            self.imperative_lead_in
                .clone_from(&other.imperative_lead_in);
        }
        self.hidden.extend(other.hidden.iter().cloned());
        if other.blob.is_some() {
            self.blob.clone_from(&other.blob);
        }
        self.signals.extend(other.signals.iter().cloned());
        self.reports.extend(other.reports.iter().cloned());
        self.texts.extend(other.texts.iter().cloned());
        self.texts_index = CallIndex::new(self.texts.iter().map(|r| &r.call));
        self.records.extend(other.records.iter().cloned());
        self.dynamic.extend(other.dynamic.iter().cloned());
    }

    /// The call patterns of `[[description.text]]`, in row order (for the index's test).
    #[cfg(test)]
    pub(crate) fn text_calls(&self) -> Vec<&OneOrMany<CalleePattern>> {
        self.texts.iter().map(|r| &r.call).collect()
    }

    /// Whether there is nothing to look for.
    pub(crate) fn is_empty(&self) -> bool {
        self.hidden.is_empty() && self.reports.is_empty() && self.blob.is_none()
    }
}
