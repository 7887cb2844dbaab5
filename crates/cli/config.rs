//! Configuration: `mcplint.toml`, `.mcplint.toml` or `[tool.mcplint]` in `pyproject.toml`.
//!
//! The file is found by walking up from the first path on the command line (from its directory
//! when it is a file); in each directory `.mcplint.toml`, then `mcplint.toml`, then a
//! `pyproject.toml` with a `[tool.mcplint]` table is taken, and the first found wins. `--config
//! FILE` names one explicitly, `--isolated` ignores them all. Paths and globs in a file are
//! relative to its directory; on the command line, to the current directory. Command-line flags
//! override the file: `--select` and `--exclude` replace its lists, `--ignore`,
//! `--extend-exclude` and `--extend-catalog` add to them.
//!
//! Every mistake is an error naming the file, line, column and key: TOML syntax, wrong types,
//! unknown keys, unknown rule names, bad globs.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::fs;
use std::ops::Range;
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use mcplint_rules::suppress::normalize;
use mcplint_rules::{Engine, PathPattern, PerFileIgnores, Settings, Severity};
use serde::Deserialize;
use toml::Spanned;

use crate::args::CheckArgs;
use crate::walk::{SKIPPED_DIRS, display_path};

/// The names a configuration file may have, in the order they are looked for in a directory.
pub(crate) const FILE_NAMES: [&str; 3] = [".mcplint.toml", "mcplint.toml", "pyproject.toml"];

/// The configuration as written in a file.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawConfig {
    select: Option<Vec<Spanned<String>>>,
    ignore: Option<Vec<Spanned<String>>>,
    exclude: Option<Vec<Spanned<String>>>,
    extend_exclude: Option<Vec<Spanned<String>>>,
    extend_catalog: Option<Vec<String>>,
    force_exclude: Option<bool>,
    severity: Option<BTreeMap<Spanned<String>, SeverityName>>,
    per_file_ignores: Option<BTreeMap<Spanned<String>, Vec<Spanned<String>>>>,
}

#[derive(Clone, Copy, Debug, Deserialize)]
#[serde(rename_all = "lowercase")]
enum SeverityName {
    Error,
    Warning,
}

impl From<SeverityName> for Severity {
    fn from(s: SeverityName) -> Self {
        match s {
            SeverityName::Error => Severity::Error,
            SeverityName::Warning => Severity::Warning,
        }
    }
}

#[derive(Debug, Deserialize)]
struct PyProject {
    tool: Option<PyTool>,
}

#[derive(Debug, Deserialize)]
struct PyTool {
    mcplint: Option<RawConfig>,
}

/// The resolved configuration: file values with command-line overrides applied.
#[derive(Debug)]
pub(crate) struct Config {
    /// The configuration file, when one was used.
    pub(crate) file: Option<PathBuf>,
    /// Only these rules (all when `None`).
    pub(crate) select: Option<Vec<String>>,
    /// Never these rules.
    pub(crate) ignore: Vec<String>,
    /// Paths never scanned (replaces the built-in list of skipped directories).
    pub(crate) exclude: Vec<PathPattern>,
    /// More paths never scanned.
    pub(crate) extend_exclude: Vec<PathPattern>,
    /// Whether excludes apply to paths named on the command line too.
    pub(crate) force_exclude: bool,
    /// User catalog files (absolute).
    pub(crate) extend_catalog: Vec<PathBuf>,
    /// Severity overrides.
    pub(crate) severity: BTreeMap<String, Severity>,
    /// Rules ignored per glob.
    pub(crate) per_file_ignores: Vec<(PathPattern, Vec<String>)>,
}

impl Config {
    /// Every exclude pattern in force.
    pub(crate) fn excludes(&self) -> Vec<PathPattern> {
        self.exclude
            .iter()
            .chain(&self.extend_exclude)
            .cloned()
            .collect()
    }

    /// The engine settings.
    pub(crate) fn settings(&self, cwd: &Path) -> Settings {
        Settings {
            select: self.select.clone(),
            ignore: self.ignore.clone(),
            severity: self.severity.clone(),
            per_file_ignores: PerFileIgnores::new(cwd, self.per_file_ignores.clone()),
        }
    }

    /// Reads the user catalog files as `(display name, text)` pairs.
    pub(crate) fn catalogs(&self, cwd: &Path) -> anyhow::Result<Vec<(String, String)>> {
        self.extend_catalog
            .iter()
            .map(|path| {
                let name = display_path(path, cwd);
                let text = fs::read_to_string(path)
                    .with_context(|| format!("extend-catalog: cannot read {name}"))?;
                Ok((name, text))
            })
            .collect()
    }

    /// The engine this configuration describes (the built-in catalog extended by its
    /// `extend-catalog` files), with those files as `(display name, text)` pairs: the summary
    /// cache's key includes them.
    pub(crate) fn engine(&self, cwd: &Path) -> anyhow::Result<(Engine, Vec<(String, String)>)> {
        let catalogs = self.catalogs(cwd)?;
        let engine = Engine::with_catalogs(self.settings(cwd), &catalogs)
            .context("cannot load the catalog")?;
        Ok((engine, catalogs))
    }

    /// The configuration as TOML, for `mcplint config`: every key with its resolved value.
    pub(crate) fn to_toml(&self, cwd: &Path) -> String {
        let quote = |s: &str| toml::Value::String(s.to_owned()).to_string();
        let list = |items: &mut dyn Iterator<Item = String>| {
            let items: Vec<String> = items.map(|s| quote(&s)).collect();
            format!("[{}]", items.join(", "))
        };
        let mut out = String::from("# The resolved mcplint configuration.\n");
        match &self.file {
            Some(file) => {
                let _ = writeln!(out, "# Configuration file: {}", display_path(file, cwd));
            }
            None => out.push_str("# Configuration file: none (defaults)\n"),
        }
        let all = mcplint_rules::rules::ALL;
        let select: Vec<String> = match &self.select {
            Some(s) => s.clone(),
            None => all.iter().map(|r| r.name.to_owned()).collect(),
        };
        let _ = writeln!(out, "select = {}", list(&mut select.into_iter()));
        let _ = writeln!(out, "ignore = {}", list(&mut self.ignore.iter().cloned()));
        let patterns =
            |ps: &[PathPattern]| ps.iter().map(|p| p.as_str().to_owned()).collect::<Vec<_>>();
        let _ = writeln!(
            out,
            "exclude = {}",
            list(&mut patterns(&self.exclude).into_iter())
        );
        let _ = writeln!(
            out,
            "extend-exclude = {}",
            list(&mut patterns(&self.extend_exclude).into_iter())
        );
        let _ = writeln!(out, "force-exclude = {}", self.force_exclude);
        let _ = writeln!(
            out,
            "extend-catalog = {}",
            list(
                &mut self
                    .extend_catalog
                    .iter()
                    .map(|p| p.to_string_lossy().into_owned())
            )
        );
        out.push_str("\n[severity]\n");
        for rule in all {
            let severity = self
                .severity
                .get(rule.name)
                .copied()
                .unwrap_or(rule.severity);
            let _ = writeln!(out, "{} = {}", rule.name, quote(severity.as_str()));
        }
        out.push_str("\n[per-file-ignores]\n");
        for (pattern, rules) in &self.per_file_ignores {
            let _ = writeln!(
                out,
                "{} = {}",
                quote(pattern.as_str()),
                list(&mut rules.iter().cloned())
            );
        }
        out
    }
}

/// Loads the configuration for a run and applies the command-line overrides.
pub(crate) fn load(args: &CheckArgs, cwd: &Path) -> anyhow::Result<Config> {
    let file = if args.isolated {
        None
    } else if let Some(path) = &args.config {
        let path = normalize(&cwd.join(path));
        if !path.is_file() {
            bail!("--config {}: no such file", display_path(&path, cwd));
        }
        Some(path)
    } else {
        let start = args
            .paths
            .first()
            .map_or_else(|| cwd.to_path_buf(), |p| cwd.join(p));
        discover(&normalize(&start))
    };
    let (raw, base) = match &file {
        Some(path) => {
            let text = fs::read_to_string(path)
                .with_context(|| format!("cannot read {}", display_path(path, cwd)))?;
            let shown = display_path(path, cwd);
            let raw = parse(&shown, &text, is_pyproject(path))?;
            let base = path
                .parent()
                .map_or_else(|| cwd.to_path_buf(), Path::to_path_buf);
            (raw.map(|r| (r, text)), base)
        }
        None => (None, cwd.to_path_buf()),
    };
    let shown = file
        .as_ref()
        .map(|f| display_path(f, cwd))
        .unwrap_or_default();
    let mut config = match raw {
        Some((raw, text)) => resolve(raw, &base, &shown, &text)?,
        None => defaults(&base),
    };
    config.file = file;
    apply_overrides(&mut config, args, cwd)?;
    Ok(config)
}

fn is_pyproject(path: &Path) -> bool {
    path.file_name().is_some_and(|n| n == "pyproject.toml")
}

/// Walks up from `start` (a file or directory) to the first configuration file.
fn discover(start: &Path) -> Option<PathBuf> {
    discover_within(start, None)
}

/// Walks up from `start` (a file or directory) to the first configuration file, looking no
/// higher than `top` when given (`mcplint mcp` reads nothing outside the client's roots).
pub(crate) fn discover_within(start: &Path, top: Option<&Path>) -> Option<PathBuf> {
    let first_dir = if start.is_dir() {
        Some(start)
    } else {
        start.parent()
    };
    let dirs = first_dir.into_iter().flat_map(Path::ancestors);
    for dir in dirs.take_while(|dir| top.is_none_or(|top| dir.starts_with(top))) {
        for name in FILE_NAMES {
            let candidate = dir.join(name);
            if !candidate.is_file() {
                continue;
            }
            if name == "pyproject.toml" {
                let text = fs::read_to_string(&candidate).unwrap_or_default();
                if !text.contains("tool.mcplint") {
                    continue;
                }
                let Ok(doc) = toml::from_str::<toml::Table>(&text) else {
                    // Not ours to judge unless it configures mcplint: parse it properly below.
                    return Some(candidate);
                };
                let has_table = doc.get("tool").and_then(|t| t.get("mcplint")).is_some();
                if !has_table {
                    continue;
                }
            }
            return Some(candidate);
        }
    }
    None
}

/// A configuration error at a byte range of a file.
fn error_at(file: &str, text: &str, span: Option<Range<usize>>, message: &str) -> anyhow::Error {
    let message = message.trim().replace('\n', "; ");
    let Some(span) = span else {
        return anyhow::anyhow!("{file}: {message}");
    };
    let (line, col) = line_col(text, span.start);
    match key_at(text, span.start) {
        Some(key) => anyhow::anyhow!("{file}:{line}:{col}: `{key}`: {message}"),
        None => anyhow::anyhow!("{file}:{line}:{col}: {message}"),
    }
}

fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = text.floor_char_boundary(offset.min(text.len()));
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    (line, col)
}

/// The dotted key whose key or value contains `offset` (`severity.shell-injection`).
fn key_at(text: &str, offset: usize) -> Option<String> {
    fn find(table: &toml::de::DeTable<'_>, offset: usize, path: &mut Vec<String>) -> bool {
        for (key, value) in table {
            let name = key.get_ref().to_string();
            if key.span().contains(&offset) {
                path.push(name);
                return true;
            }
            if value.span().contains(&offset) {
                path.push(name);
                if let toml::de::DeValue::Table(inner) = value.get_ref() {
                    find(inner, offset, path);
                }
                return true;
            }
        }
        // Values of `[table]` headers are not spanned by their contents: look inside tables.
        for (key, value) in table {
            if let toml::de::DeValue::Table(inner) = value.get_ref() {
                path.push(key.get_ref().to_string());
                if find(inner, offset, path) {
                    return true;
                }
                path.pop();
            }
        }
        false
    }
    let doc = toml::de::DeTable::parse(text).ok()?;
    let mut path = Vec::new();
    find(doc.get_ref(), offset, &mut path).then(|| path.join("."))
}

/// Parses a configuration file; `Ok(None)` for a `pyproject.toml` without `[tool.mcplint]`.
fn parse(shown: &str, text: &str, pyproject: bool) -> anyhow::Result<Option<RawConfig>> {
    let to_error = |e: toml::de::Error| error_at(shown, text, e.span(), e.message());
    if pyproject {
        let doc: PyProject = toml::from_str(text).map_err(to_error)?;
        Ok(doc.tool.and_then(|t| t.mcplint))
    } else {
        toml::from_str(text).map(Some).map_err(to_error)
    }
}

fn defaults(base: &Path) -> Config {
    Config {
        file: None,
        select: None,
        ignore: Vec::new(),
        exclude: SKIPPED_DIRS
            .iter()
            .map(|d| PathPattern::new(d, base).expect("built-in patterns are valid"))
            .collect(),
        extend_exclude: Vec::new(),
        force_exclude: false,
        extend_catalog: Vec::new(),
        severity: BTreeMap::new(),
        per_file_ignores: Vec::new(),
    }
}

fn resolve(raw: RawConfig, base: &Path, shown: &str, text: &str) -> anyhow::Result<Config> {
    let rule = |name: &Spanned<String>| -> anyhow::Result<String> {
        if mcplint_rules::rule_by_name(name.get_ref()).is_some() {
            Ok(name.get_ref().clone())
        } else {
            Err(error_at(
                shown,
                text,
                Some(name.span()),
                &format!(
                    "unknown rule `{}` (known rules: {})",
                    name.get_ref(),
                    known_rules()
                ),
            ))
        }
    };
    let rules =
        |names: &[Spanned<String>]| names.iter().map(rule).collect::<anyhow::Result<Vec<_>>>();
    let pattern = |p: &Spanned<String>| {
        PathPattern::new(p.get_ref(), base).map_err(|e| {
            error_at(
                shown,
                text,
                Some(p.span()),
                &format!("bad glob `{}`: {}", p.get_ref(), glob_error(&e)),
            )
        })
    };
    let patterns =
        |ps: &[Spanned<String>]| ps.iter().map(pattern).collect::<anyhow::Result<Vec<_>>>();

    let mut config = defaults(base);
    if let Some(select) = &raw.select {
        config.select = Some(rules(select)?);
    }
    if let Some(ignore) = &raw.ignore {
        config.ignore = rules(ignore)?;
    }
    if let Some(exclude) = &raw.exclude {
        config.exclude = patterns(exclude)?;
    }
    if let Some(extend) = &raw.extend_exclude {
        config.extend_exclude = patterns(extend)?;
    }
    config.force_exclude = raw.force_exclude.unwrap_or(false);
    config.extend_catalog = raw
        .extend_catalog
        .unwrap_or_default()
        .iter()
        .map(|p| normalize(&base.join(p)))
        .collect();
    for (name, severity) in raw.severity.unwrap_or_default() {
        config.severity.insert(rule(&name)?, severity.into());
    }
    for (glob, names) in raw.per_file_ignores.unwrap_or_default() {
        config
            .per_file_ignores
            .push((pattern(&glob)?, rules(&names)?));
    }
    Ok(config)
}

fn known_rules() -> String {
    mcplint_rules::rules::ALL
        .iter()
        .map(|r| r.name)
        .collect::<Vec<_>>()
        .join(", ")
}

fn glob_error(e: &globset::Error) -> String {
    e.kind().to_string()
}

fn apply_overrides(config: &mut Config, args: &CheckArgs, cwd: &Path) -> anyhow::Result<()> {
    if !args.select.is_empty() {
        config.select = Some(args.select.clone());
    }
    for rule in &args.ignore {
        if !config.ignore.contains(rule) {
            config.ignore.push(rule.clone());
        }
    }
    let pattern = |p: &String| {
        PathPattern::new(p, cwd).map_err(|e| anyhow::anyhow!("bad glob `{p}`: {}", glob_error(&e)))
    };
    if !args.exclude.is_empty() {
        config.exclude = args
            .exclude
            .iter()
            .map(pattern)
            .collect::<anyhow::Result<_>>()?;
    }
    for p in &args.extend_exclude {
        config.extend_exclude.push(pattern(p)?);
    }
    config.force_exclude |= args.force_exclude;
    config
        .extend_catalog
        .extend(args.extend_catalog.iter().map(|p| normalize(&cwd.join(p))));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_at_offsets() {
        let text = "select = [\"a\"]\n\n[severity]\nshell-injection = \"x\"\n";
        assert_eq!(key_at(text, 1).as_deref(), Some("select"));
        let at = text.find("\"x\"").unwrap();
        assert_eq!(
            key_at(text, at).as_deref(),
            Some("severity.shell-injection")
        );
        let py = "[project]\nname = \"x\"\n\n[tool.mcplint]\nignore = 3\n";
        let at = py.find('3').unwrap();
        assert_eq!(key_at(py, at).as_deref(), Some("tool.mcplint.ignore"));
    }

    #[test]
    fn errors_name_file_line_and_key() {
        let err = parse("m.toml", "select = []\nnope = 1\n", false).unwrap_err();
        assert!(
            err.to_string()
                .starts_with("m.toml:2:1: `nope`: unknown field `nope`"),
            "{err}"
        );
        let err = parse("m.toml", "select = \"shell-injection\"\n", false).unwrap_err();
        assert!(
            err.to_string()
                .starts_with("m.toml:1:10: `select`: invalid type"),
            "{err}"
        );
        let err = parse("m.toml", "[severity]\nshell-injection = \"fatal\"\n", false).unwrap_err();
        assert!(
            err.to_string()
                .starts_with("m.toml:2:19: `severity.shell-injection`: unknown variant `fatal`"),
            "{err}"
        );
        let err = parse("m.toml", "select = [\n", false).unwrap_err();
        assert!(err.to_string().starts_with("m.toml:"), "{err}");
    }

    #[test]
    fn unknown_rules_are_errors() {
        let text = "[per-file-ignores]\n\"tests/**\" = [\"shell-injection\", \"nope\"]\n";
        let raw = parse("m.toml", text, false).unwrap().unwrap();
        let err = resolve(raw, Path::new("/p"), "m.toml", text).unwrap_err();
        assert!(
            err.to_string()
                .starts_with("m.toml:2:34: `per-file-ignores.tests/**`: unknown rule `nope`"),
            "{err}"
        );
    }
}
