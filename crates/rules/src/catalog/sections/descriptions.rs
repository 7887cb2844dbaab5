//! Texts the model reads — tool, parameter, prompt and resource descriptions and titles, server
//! instructions, prompt templates — found in the IR of every language, and the matcher that
//! looks in them for instructions aimed at the model. Both are driven by `rules/descriptions.toml`
//! (`[description]` and its `[[description.*]]` rows).
//!
//! Extraction ([`extract`]) starts from the tool finder's declarations (the catalog's
//! `description` locators, docstrings included), then adds every place the data names: calls
//! (`Field(description=)`, zod `.describe()`, `#[schemars(description)]`, server constructors'
//! instructions), object literals shaped like tools or schemas, class fields, model docstrings,
//! struct field docs, prompt handler bodies and module constants named like descriptions. JSON
//! documents are read by shape: `tools/list` results, MCP bundle manifests, registry
//! `server.json`, `initialize` results. Names and string building resolve through module and
//! function constants; a value read from the environment, a file or the network is
//! [`TextValue::Dynamic`].
//!
//! Matching ([`Descriptions::scan`]) reports hidden characters, encoded blobs, and the
//! `[[description.report]]` combinations of phrase signals, one finding per text.

use foldhash::{HashMap, HashMapExt, HashSet};
use std::fmt::Write as _;

use aho_corasick::AhoCorasick;
use serde::Deserialize;

use crate::catalog::{CallIndex, CatalogError, OneOrMany};
use crate::lazy_regex::LazyRegex;

/// Only this many bytes of one text are searched for phrases (hidden characters: all of it).
const MAX_SCAN: usize = 256 * 1024;
/// Excerpts in messages are cut to this many characters.
const MAX_EXCERPT: usize = 80;

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
    /// Calls whose value is their receiver (`*.strip`) or first argument (`textwrap.dedent`).
    #[serde(default)]
    pub(crate) pass_through: Vec<String>,
    /// Record and class fields that hold text (`description`, `title`).
    #[serde(default)]
    pub(crate) text_fields: Vec<String>,
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
}

/// Where signals must occur together.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum Scope {
    /// In one sentence.
    #[default]
    Sentence,
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
    pub(crate) call: OneOrMany,
    /// Argument locators.
    pub(crate) arg: OneOrMany,
    /// Where the declared name is, for messages.
    #[serde(default)]
    pub(crate) name: Option<String>,
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
    pub(crate) call: Vec<String>,
    /// Names (and their dotted descendants: `process.env.X`).
    #[serde(default)]
    pub(crate) name: Vec<String>,
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
}

/// The compiled `[description]` data of a catalog: what `tool-poisoning` reads and looks for.
#[derive(Clone, Debug, Default)]
pub(crate) struct Descriptions {
    pub(crate) well_known_tools: Vec<String>,
    /// `well_known_tools`, found in one pass.
    pub(crate) tool_finder: Option<AhoCorasick>,
    pub(crate) constant_names: Vec<LazyRegex>,
    pub(crate) pass_through: Vec<String>,
    pub(crate) text_fields: Vec<String>,
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
            pass_through: rows.pass_through.clone(),
            text_fields: rows.text_fields.clone(),
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

    /// Adds another file's rows (union; a later `blob` table replaces an earlier one).
    pub(crate) fn extend(&mut self, other: &Descriptions) {
        self.well_known_tools
            .extend(other.well_known_tools.iter().cloned());
        self.tool_finder = AhoCorasick::new(&self.well_known_tools).ok();
        self.constant_names
            .extend(other.constant_names.iter().cloned());
        self.pass_through.extend(other.pass_through.iter().cloned());
        self.text_fields.extend(other.text_fields.iter().cloned());
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
    pub(crate) fn text_calls(&self) -> Vec<&OneOrMany> {
        self.texts.iter().map(|r| &r.call).collect()
    }

    /// Whether there is nothing to look for.
    pub(crate) fn is_empty(&self) -> bool {
        self.hidden.is_empty() && self.reports.is_empty() && self.blob.is_none()
    }

    /// Signal names that reports use but no row defines (`foreign-tool` is built in).
    #[cfg(test)]
    pub(crate) fn undefined_signals(&self) -> Vec<&str> {
        let mut out: Vec<&str> = self
            .reports
            .iter()
            .flat_map(|r| r.signals.iter().map(String::as_str))
            .filter(|s| *s != FOREIGN_TOOL && !self.signals.iter().any(|g| g.name == *s))
            .collect();
        out.sort_unstable();
        out.dedup();
        out
    }
}

// ---------------------------------------------------------------------------------------------
// Matching

/// The built-in signal: a well-known tool that this file does not define.
const FOREIGN_TOOL: &str = "foreign-tool";

/// What the matcher knows about the text's surroundings.
#[derive(Clone, Copy, Debug)]
pub(crate) struct ScanContext<'a> {
    /// The name of the tool the text describes, if any.
    pub(crate) own_name: Option<&'a str>,
    /// Tools this file declares (lowercase).
    pub(crate) defined_tools: &'a HashSet<String>,
}

/// Why a text was reported.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Finding {
    /// What the text does, with the trigger shown escaped.
    pub(crate) message: String,
    /// The byte offset in the text where the trigger starts.
    pub(crate) offset: usize,
}

impl Descriptions {
    /// Looks for hidden content and instructions aimed at the model; the first finding wins.
    pub(crate) fn scan(&self, text: &str, cx: &ScanContext<'_>) -> Option<Finding> {
        if let Some(f) = self.hidden_chars(text) {
            return Some(f);
        }
        let text = truncate(text, MAX_SCAN);
        if let Some(f) = self.blobs(text) {
            return Some(f);
        }
        self.phrases(text, cx)
    }

    fn hidden_class(&self, c: char) -> Option<&Hidden> {
        let cp = c as u32;
        self.hidden
            .iter()
            .find(|h| h.ranges.iter().any(|&(lo, hi)| lo <= cp && cp <= hi))
    }

    fn hidden_chars(&self, text: &str) -> Option<Finding> {
        if self.hidden.is_empty() || text.is_ascii() && !text.bytes().any(|b| b < 0x20 || b == 0x7f)
        {
            return None;
        }
        let chars: Vec<(usize, char)> = text.char_indices().collect();
        let mut first: Option<(usize, char, &Hidden)> = None;
        let mut count = 0usize;
        let mut tags = String::new();
        let mut tag_count = 0usize;
        for (i, &(offset, c)) in chars.iter().enumerate() {
            let Some(class) = self.hidden_class(c) else {
                continue;
            };
            if class.allow_between_non_ascii {
                let prev = i.checked_sub(1).map(|j| chars[j].1);
                let next = chars.get(i + 1).map(|x| x.1);
                if prev.is_some_and(|p| !p.is_ascii()) && next.is_some_and(|n| !n.is_ascii()) {
                    continue;
                }
            }
            count += 1;
            if first.is_none() {
                first = Some((offset, c, class));
            }
            if (0xE0000..=0xE007F).contains(&(c as u32)) {
                tag_count += 1;
                if let Some(a) =
                    char::from_u32(c as u32 - 0xE0000).filter(|a| (' '..='~').contains(a))
                {
                    tags.push(a);
                }
            }
        }
        let (offset, c, class) = first?;
        let message = if tag_count > 0 && tags.trim().len() >= 3 {
            format!(
                "contains {tag_count} invisible Unicode tag characters that spell `{}`",
                escape(&tags, MAX_EXCERPT)
            )
        } else if count == 1 {
            format!("contains a hidden {} `{}`", class.name, escape_char(c))
        } else {
            let article = if class
                .name
                .starts_with(['a', 'e', 'i', 'o', 'u', 'A', 'E', 'I', 'O', 'U'])
            {
                "an"
            } else {
                "a"
            };
            format!(
                "contains {count} hidden characters, first {article} {} `{}`",
                class.name,
                escape_char(c)
            )
        };
        Some(Finding { message, offset })
    }

    fn blobs(&self, text: &str) -> Option<Finding> {
        let b = self.blob.as_ref()?;
        let bytes = text.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            if !is_b64(bytes[i]) || (i > 0 && is_b64(bytes[i - 1])) {
                i += 1;
                continue;
            }
            let start = i;
            while i < bytes.len() && is_b64(bytes[i]) {
                i += 1;
            }
            let mut end = i;
            while end < bytes.len() && end - i < 2 && bytes[end] == b'=' {
                end += 1;
            }
            let run = &text[start..end];
            let body = &text[start..i];
            let all_hex = body.bytes().all(|c| c.is_ascii_hexdigit());
            if all_hex {
                if body.len() >= b.hex_text
                    && let Some(decoded) = decode_hex(body).filter(|d| readable(d))
                {
                    return Some(blob_finding("hex", run, &decoded, start));
                }
                if body.len() >= b.hex_long {
                    return Some(Finding {
                        message: format!("contains a long hex blob `{}`", excerpt_blob(run)),
                        offset: start,
                    });
                }
                continue;
            }
            if run.len() >= b.base64_text
                && let Some(decoded) = decode_base64(run).filter(|d| readable(d))
            {
                return Some(blob_finding("base64", run, &decoded, start));
            }
            let mixed = body.bytes().any(|c| c.is_ascii_uppercase())
                && body.bytes().any(|c| c.is_ascii_lowercase())
                && body.bytes().any(|c| c.is_ascii_digit());
            if body.len() >= b.base64_long && mixed {
                return Some(Finding {
                    message: format!("contains a long base64 blob `{}`", excerpt_blob(run)),
                    offset: start,
                });
            }
        }
        None
    }

    /// Every match of signal `name`, sorted by start.
    fn matches(&self, name: &str, text: &str, cx: &ScanContext<'_>) -> Vec<(usize, usize)> {
        if name == FOREIGN_TOOL {
            return self.foreign_tools(text, cx);
        }
        let mut out = Vec::new();
        for signal in self.signals.iter().filter(|s| s.name == name) {
            for re in &signal.patterns {
                for m in re.find_iter(text) {
                    if m.as_str().trim().is_empty()
                        || signal.exclude.iter().any(|x| x.is_match(m.as_str()))
                    {
                        continue;
                    }
                    if let Some(na) = &signal.not_after {
                        let before = tail(&text[..m.start()], 40);
                        if na.is_match(before) {
                            continue;
                        }
                    }
                    out.push((m.start(), m.end()));
                }
            }
        }
        out.sort_unstable_by_key(|&(a, b)| (a, std::cmp::Reverse(b)));
        out.dedup();
        out
    }

    fn foreign_tools(&self, text: &str, cx: &ScanContext<'_>) -> Vec<(usize, usize)> {
        let Some(finder) = &self.tool_finder else {
            return Vec::new();
        };
        let lower = text.to_ascii_lowercase();
        let own = cx.own_name.map(str::to_ascii_lowercase);
        let mut out = Vec::new();
        // Each tool's matches as `match_indices` would give them: left to right, not
        // overlapping one another.
        let mut next_start = vec![0; self.well_known_tools.len()];
        for m in finder.find_overlapping_iter(&lower) {
            let (which, at, end) = (m.pattern().as_usize(), m.start(), m.end());
            let tool = &self.well_known_tools[which];
            if at < next_start[which] {
                continue;
            }
            next_start[which] = end;
            if cx.defined_tools.contains(tool) || own.as_deref() == Some(tool.as_str()) {
                continue;
            }
            let before = lower[..at].chars().next_back();
            let after = lower[end..].chars().next();
            let ident = |c: char| c.is_ascii_alphanumeric() || c == '_';
            if before.is_some_and(char::is_alphanumeric) || after.is_some_and(ident) {
                continue;
            }
            // The whole identifier (`mcp_tool_send_email`) may be a tool of this file.
            let word_start = lower[..at]
                .char_indices()
                .rev()
                .take_while(|(_, c)| ident(*c))
                .last()
                .map_or(at, |(i, _)| i);
            let word = &lower[word_start..end];
            if cx.defined_tools.contains(word) || own.as_deref() == Some(word) {
                continue;
            }
            // `[[description.signal]] name = "foreign-tool"` rows may add `not-after`
            // ("use this instead of `execute_command`": a contrast, not an instruction).
            let before_text = tail(&text[..word_start], 40);
            if self
                .signals
                .iter()
                .filter(|s| s.name == FOREIGN_TOOL)
                .filter_map(|s| s.not_after.as_ref())
                .any(|re| re.is_match(before_text))
            {
                continue;
            }
            out.push((word_start, end));
        }
        out.sort_unstable();
        out
    }

    fn phrases(&self, text: &str, cx: &ScanContext<'_>) -> Option<Finding> {
        let sentences = sentences(text);
        let mut cache: HashMap<&str, Vec<(usize, usize)>> = HashMap::new();
        for report in &self.reports {
            let mut lists = Vec::with_capacity(report.signals.len());
            for name in &report.signals {
                let list = cache
                    .entry(name.as_str())
                    .or_insert_with(|| self.matches(name, text, cx));
                if list.is_empty() {
                    break;
                }
                lists.push(list.clone());
            }
            if lists.len() < report.signals.len() || lists.is_empty() {
                continue;
            }
            let whole = [(0, text.len())];
            let ranges: &[(usize, usize)] = match report.scope {
                Scope::Text => &whole,
                Scope::Sentence => &sentences,
            };
            for &(s, e) in ranges {
                if let Some(chain) = find_chain(&lists, s, e, report.adjacent, text) {
                    let start = chain.iter().map(|m| m.0).min().unwrap_or(s);
                    let end = chain.iter().map(|m| m.1).max().unwrap_or(e);
                    let shown = if end - start <= MAX_EXCERPT * 2 {
                        escape(&text[start..end], MAX_EXCERPT)
                    } else {
                        let mut parts: Vec<(usize, usize)> = chain.clone();
                        parts.sort_unstable();
                        parts
                            .iter()
                            .map(|&(a, b)| escape(&text[a..b], 40))
                            .collect::<Vec<_>>()
                            .join(" … ")
                    };
                    return Some(Finding {
                        message: format!("{}: `{shown}`", report.message),
                        offset: start,
                    });
                }
            }
        }
        None
    }
}

/// One match of each list inside `[s, e)`; with `adjacent`, each right after the previous.
fn find_chain(
    lists: &[Vec<(usize, usize)>],
    s: usize,
    e: usize,
    adjacent: bool,
    text: &str,
) -> Option<Vec<(usize, usize)>> {
    let inside = |list: &Vec<(usize, usize)>| -> Vec<(usize, usize)> {
        let from = list.partition_point(|m| m.0 < s);
        list[from..]
            .iter()
            .take_while(|m| m.0 < e)
            .filter(|m| m.1 <= e)
            .copied()
            .collect()
    };
    if !adjacent {
        let mut chain = Vec::with_capacity(lists.len());
        for list in lists {
            chain.push(*inside(list).first()?);
        }
        return Some(chain);
    }
    let firsts = inside(&lists[0]);
    'start: for first in firsts {
        let mut chain = vec![first];
        let mut prev = first;
        for list in &lists[1..] {
            let next = inside(list).into_iter().find(|m| {
                m.0 > prev.0
                    && m.1 > prev.1
                    && (m.0 <= prev.1
                        || text[prev.1..m.0].chars().all(|c| {
                            c.is_whitespace() || matches!(c, '`' | '\'' | '"' | '*' | '(')
                        }))
            });
            match next {
                Some(m) => {
                    chain.push(m);
                    prev = m;
                }
                None => continue 'start,
            }
        }
        return Some(chain);
    }
    None
}

/// Sentence ranges: split after `.`, `!`, `?` followed by whitespace, at blank lines and before
/// list items.
fn sentences(text: &str) -> Vec<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut start = 0;
    for i in 0..bytes.len() {
        let split = match bytes[i] {
            b'.' | b'!' | b'?' => bytes.get(i + 1).is_some_and(u8::is_ascii_whitespace),
            b'\n' => {
                let rest = &bytes[i + 1..];
                let next = rest.iter().position(|b| !matches!(b, b' ' | b'\t'));
                next.is_some_and(|j| matches!(rest[j], b'\n' | b'-' | b'*' | b'#' | b'>'))
            }
            _ => false,
        };
        if split {
            out.push((start, i + 1));
            start = i + 1;
        }
    }
    if start < bytes.len() {
        out.push((start, bytes.len()));
    }
    out
}

fn is_b64(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'+' || b == b'/'
}

fn decode_base64(s: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(s.len() * 3 / 4);
    let mut acc = 0u32;
    let mut bits = 0;
    for b in s.bytes() {
        let v = match b {
            b'A'..=b'Z' => b - b'A',
            b'a'..=b'z' => b - b'a' + 26,
            b'0'..=b'9' => b - b'0' + 52,
            b'+' | b'-' => 62,
            b'/' | b'_' => 63,
            b'=' => break,
            _ => return None,
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push(u8::try_from((acc >> bits) & 0xff).unwrap_or(0));
        }
    }
    Some(out)
}

fn decode_hex(s: &str) -> Option<Vec<u8>> {
    if !s.len().is_multiple_of(2) {
        return None;
    }
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(s.get(i..i + 2)?, 16).ok())
        .collect()
}

/// Decoded bytes that read as text: printable ASCII with spaces, at least 12 bytes.
fn readable(bytes: &[u8]) -> bool {
    if bytes.len() < 12 {
        return false;
    }
    let printable = bytes
        .iter()
        .filter(|b| (0x20..0x7f).contains(*b) || matches!(b, b'\n' | b'\t' | b'\r'))
        .count();
    let spaces = bytecount(bytes, b' ');
    let letters = bytes.iter().filter(|b| b.is_ascii_alphabetic()).count();
    printable * 100 >= bytes.len() * 95 && spaces >= 1 && letters * 2 >= bytes.len()
}

fn bytecount(bytes: &[u8], b: u8) -> usize {
    bytes.iter().fold(0, |n, x| n + usize::from(*x == b))
}

fn blob_finding(kind: &str, run: &str, decoded: &[u8], offset: usize) -> Finding {
    let text = String::from_utf8_lossy(decoded);
    Finding {
        message: format!(
            "contains {kind}-encoded text `{}` that decodes to `{}`",
            excerpt_blob(run),
            escape(&text, MAX_EXCERPT)
        ),
        offset,
    }
}

fn excerpt_blob(run: &str) -> String {
    if run.len() > 24 {
        format!("{}…", &run[..24])
    } else {
        run.to_owned()
    }
}

/// The last `n` bytes of `s` (on a character boundary).
fn tail(s: &str, n: usize) -> &str {
    let mut start = s.len().saturating_sub(n);
    while !s.is_char_boundary(start) {
        start += 1;
    }
    &s[start..]
}

fn truncate(s: &str, n: usize) -> &str {
    if s.len() <= n {
        return s;
    }
    let mut end = n;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

/// Characters that render as nothing or move the cursor: always shown escaped.
fn is_invisible(c: char) -> bool {
    let cp = c as u32;
    c.is_control()
        || (c.is_whitespace() && c != ' ')
        || matches!(cp,
            0x00AD | 0x034F | 0x061C | 0x115F | 0x1160 | 0x17B4 | 0x17B5 | 0x180B..=0x180F
            | 0x200B..=0x200F | 0x2028..=0x202F | 0x205F..=0x206F | 0x2800 | 0x3164
            | 0xFE00..=0xFE0F | 0xFEFF | 0xFFA0 | 0xFFF0..=0xFFFB | 0x1D173..=0x1D17A
            | 0xE0000..=0xE0FFF)
}

fn escape_char(c: char) -> String {
    format!("\\u{{{:x}}}", c as u32)
}

/// `s` for a message: runs of ASCII whitespace as one space, invisible characters as
/// `\u{...}`, backticks as quotes, at most `max` characters.
pub(crate) fn escape(s: &str, max: usize) -> String {
    let mut out = String::new();
    let mut n = 0;
    let mut space = false;
    for c in s.trim().chars() {
        if n >= max {
            out.push('…');
            break;
        }
        if matches!(c, ' ' | '\t' | '\n' | '\r') {
            if !space {
                out.push(' ');
                n += 1;
            }
            space = true;
            continue;
        }
        space = false;
        n += 1;
        if c == '`' {
            out.push('\'');
        } else if is_invisible(c) {
            let _ = write!(out, "\\u{{{:x}}}", c as u32);
        } else {
            out.push(c);
        }
    }
    out
}
