//! Baselines: `--write-baseline FILE` records today's findings, `--baseline FILE` reports only
//! findings that are not in it.
//!
//! ```json
//! {
//!   "version": 1,
//!   "tool": "mcplint",
//!   "findings": [
//!     { "fingerprint": "3f2a9c0d1e4b5a67", "rule": "shell-injection", "path": "src/server.py",
//!       "line": 14, "message": "tool input reaches a shell command" }
//!   ]
//! }
//! ```
//!
//! A finding is matched by its `fingerprint` only: a hash of the rule, the file's path (relative
//! to the baseline file's directory, so the current directory does not matter) and the
//! whitespace-normalised text of the finding's line and of its source line (the tool parameter).
//! Line numbers are not part of it, so moving code within a file and unrelated edits keep
//! findings matched. Findings with equal fingerprints are counted: a baseline with two of them
//! hides two, and a third is new. `line` and `message` are there for people reading the file.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::fs;
use std::path::{Component, Path, PathBuf};

use anyhow::{Context, bail};
use mcplint_rules::Diagnostic;
use mcplint_rules::suppress::normalize;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::report::Sources;
use crate::walk::display_path;

/// The baseline format version this mcplint reads and writes.
pub(crate) const VERSION: u64 = 1;

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct BaselineFile {
    version: u64,
    #[serde(default)]
    tool: Option<String>,
    findings: Vec<Entry>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    fingerprint: String,
    rule: String,
    path: String,
    #[serde(default)]
    line: usize,
    #[serde(default)]
    message: String,
}

/// A loaded baseline: how many findings of each fingerprint it hides.
#[derive(Debug)]
pub(crate) struct Baseline {
    dir: PathBuf,
    counts: HashMap<String, usize>,
}

/// Collapses runs of whitespace and trims, so re-indenting a line keeps its fingerprint.
fn normalise(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The path of a finding's file relative to `dir` (with `..` where needed, forward slashes), so
/// that it does not depend on the directory mcplint runs in.
fn key_path(display: &str, cwd: &Path, dir: &Path) -> String {
    let absolute = normalize(&cwd.join(display));
    let dir = normalize(dir);
    let ours: Vec<Component<'_>> = absolute.components().collect();
    let base: Vec<Component<'_>> = dir.components().collect();
    let common = ours.iter().zip(&base).take_while(|(a, b)| a == b).count();
    if common == 0 {
        return display.to_owned();
    }
    let mut rel = PathBuf::new();
    for _ in common..base.len() {
        rel.push("..");
    }
    for c in &ours[common..] {
        rel.push(c);
    }
    rel.to_string_lossy().replace('\\', "/")
}

fn fingerprint(d: &Diagnostic, sources: &Sources, cwd: &Path, dir: &Path) -> String {
    let line_of = |path: &str, offset: u32| {
        let line = sources.position(path, offset).line;
        normalise(sources.line_text(path, line))
    };
    let sink = line_of(&d.path, d.span.start);
    let source = d
        .labels
        .first()
        .map(|l| line_of(&l.path, l.span.start))
        .unwrap_or_default();
    let path = key_path(&d.path, cwd, dir);
    let mut hasher = Sha256::new();
    for part in [d.rule.name, path.as_str(), sink.as_str(), source.as_str()] {
        hasher.update(part.as_bytes());
        hasher.update([0]);
    }
    let mut hex = String::with_capacity(16);
    for b in &hasher.finalize()[..8] {
        let _ = write!(hex, "{b:02x}");
    }
    hex
}

fn directory_of(file: &Path, cwd: &Path) -> PathBuf {
    let absolute = normalize(&cwd.join(file));
    absolute
        .parent()
        .map_or_else(|| cwd.to_path_buf(), Path::to_path_buf)
}

/// Writes every finding to `file`.
pub(crate) fn write(
    file: &Path,
    diagnostics: &[Diagnostic],
    sources: &Sources,
    cwd: &Path,
) -> anyhow::Result<()> {
    let dir = directory_of(file, cwd);
    let findings = diagnostics
        .iter()
        .map(|d| Entry {
            fingerprint: fingerprint(d, sources, cwd, &dir),
            rule: d.rule.name.to_owned(),
            path: key_path(&d.path, cwd, &dir),
            line: sources.position(&d.path, d.span.start).line,
            message: d.message.clone(),
        })
        .collect();
    let baseline = BaselineFile {
        version: VERSION,
        tool: Some("mcplint".to_owned()),
        findings,
    };
    let mut text = serde_json::to_string_pretty(&baseline).context("cannot encode the baseline")?;
    text.push('\n');
    if let Some(parent) = file.parent().filter(|p| !p.as_os_str().is_empty()) {
        fs::create_dir_all(parent).with_context(|| {
            format!("cannot create the directory of {}", display_path(file, cwd))
        })?;
    }
    fs::write(file, text)
        .with_context(|| format!("cannot write baseline {}", display_path(file, cwd)))
}

/// Reads a baseline; any problem is an error that names the file.
pub(crate) fn load(file: &Path, cwd: &Path) -> anyhow::Result<Baseline> {
    let shown = display_path(file, cwd);
    let text = fs::read_to_string(file).with_context(|| format!("cannot read baseline {shown}"))?;
    let value: serde_json::Value = serde_json::from_str(&text).map_err(|e| {
        anyhow::anyhow!("{shown}: not a mcplint baseline (invalid JSON: {e}); regenerate it with --write-baseline")
    })?;
    match value.get("version").map(serde_json::Value::as_u64) {
        Some(Some(VERSION)) => {}
        Some(Some(other)) => bail!(
            "{shown}: baseline version {other} is not supported (this mcplint reads version \
             {VERSION}); regenerate it with --write-baseline"
        ),
        _ => bail!(
            "{shown}: not a mcplint baseline (no \"version\" number); regenerate it with \
             --write-baseline"
        ),
    }
    let parsed: BaselineFile = serde_json::from_value(value).map_err(|e| {
        anyhow::anyhow!("{shown}: corrupt baseline ({e}); regenerate it with --write-baseline")
    })?;
    let mut counts = HashMap::new();
    for entry in parsed.findings {
        *counts.entry(entry.fingerprint).or_insert(0) += 1;
    }
    Ok(Baseline {
        dir: directory_of(file, cwd),
        counts,
    })
}

impl Baseline {
    /// Removes the findings the baseline hides; returns how many were removed.
    pub(crate) fn filter(
        &self,
        diagnostics: &mut Vec<Diagnostic>,
        sources: &Sources,
        cwd: &Path,
    ) -> usize {
        let mut left = self.counts.clone();
        let before = diagnostics.len();
        diagnostics.retain(|d| {
            let fp = fingerprint(d, sources, cwd, &self.dir);
            match left.get_mut(&fp) {
                Some(n) if *n > 0 => {
                    *n -= 1;
                    false
                }
                _ => true,
            }
        });
        before - diagnostics.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalising() {
        assert_eq!(normalise("  a   b\tc  "), "a b c");
    }

    #[test]
    fn key_paths() {
        let cwd = Path::new("/p/sub");
        assert_eq!(key_path("a.py", cwd, Path::new("/p")), "sub/a.py");
        assert_eq!(key_path("../x/a.py", cwd, Path::new("/p")), "x/a.py");
        assert_eq!(key_path("a.py", cwd, Path::new("/q")), "../p/sub/a.py");
        assert_eq!(key_path("a.py", cwd, Path::new("/p/ci")), "../sub/a.py");
    }
}
