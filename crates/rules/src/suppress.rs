//! Suppression comments, per-file ignores and path patterns.
//!
//! A comment `mcplint: ignore[rule-name, other-rule] -- reason` suppresses findings of the named
//! rules on one line: its own line when it trails code, the next line that is neither blank nor
//! a comment (doc comments count as code) when it stands alone (the placement of the fixtures'
//! `expect:` comments). A finding
//! is on a line when its primary range starts or ends there, so a multi-line call can carry the
//! comment on its first or its last line. `mcplint: ignore-file[rule-name] -- reason` anywhere in
//! a file suppresses the rule in the whole file.
//!
//! Directives are found in the per-file phase ([`scan`]) and kept in the [`FileResult`] as byte
//! ranges (no source text); [`apply`] runs once in the project phase, after every rule, so
//! cross-file findings that land in a file are suppressed like local ones. Directives that
//! suppress nothing, name unknown rules, lack a reason or are malformed are reported under the
//! `unused-suppression` rule.
//!
//! [`FileResult`]: crate::FileResult

use foldhash::{HashMap, HashMapExt};
use std::path::{Component, Path, PathBuf};
use std::sync::OnceLock;

use mcplint_ir::{File, Span};

use crate::Settings;
use crate::diagnostic::{Diagnostic, Rule};
use crate::rules::unused_suppression::{self, UNUSED_SUPPRESSION};

/// Where a directive applies.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Scope {
    /// One line, as the byte range from its first byte to the first byte of the next line.
    Line(Span),
    /// The whole file (`ignore-file`).
    File,
}

/// One `mcplint: ignore[...]` or `mcplint: ignore-file[...]` comment.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Directive {
    /// Where it applies.
    pub scope: Scope,
    /// The comment it is written in.
    pub comment: Span,
    /// The rule names as written.
    pub rules: Vec<String>,
    /// Whether `-- reason` follows the rule list.
    pub has_reason: bool,
    /// Whether the directive could not be read (no `[rule, ...]` list); it then suppresses
    /// nothing.
    pub malformed: bool,
}

impl Directive {
    /// Whether the directive applies to a primary range.
    fn covers(&self, span: Span) -> bool {
        match self.scope {
            Scope::File => true,
            Scope::Line(line) => {
                let last = span.end.saturating_sub(1).max(span.start);
                (line.start..line.end).contains(&span.start)
                    || (line.start..line.end).contains(&last)
            }
        }
    }

    fn names(&self, rule: &str) -> Option<usize> {
        if self.malformed {
            return None;
        }
        self.rules.iter().position(|r| r == rule)
    }
}

/// The suppression directives of one file: what the project phase needs, without the text.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct FileSuppressions {
    /// The file's display path.
    pub path: String,
    /// Its directives, in source order.
    pub directives: Vec<Directive>,
}

fn directive_regex() -> &'static regex::Regex {
    static RE: OnceLock<regex::Regex> = OnceLock::new();
    RE.get_or_init(|| {
        regex::Regex::new(r"mcplint:\s*(ignore-file|ignore)\b")
            .expect("the directive regex is valid")
    })
}

/// Reads the rule list and reason after `ignore` / `ignore-file`: `(rules, has_reason)`, or
/// `None` when there is no `[...]` list or it is empty.
fn parse_tail(rest: &str) -> Option<(Vec<String>, bool)> {
    let rest = rest.trim_start().strip_prefix('[')?;
    let (list, after) = rest.split_once(']')?;
    let rules: Vec<String> = list
        .split(',')
        .map(str::trim)
        .filter(|r| !r.is_empty())
        .map(str::to_owned)
        .collect();
    if rules.is_empty() {
        return None;
    }
    let has_reason = after
        .trim_start()
        .strip_prefix("--")
        .is_some_and(|reason| !reason.trim().is_empty());
    Some((rules, has_reason))
}

/// Finds the suppression directives in a file's comments.
pub fn scan(file: &File) -> FileSuppressions {
    let mut out = FileSuppressions {
        path: file.source.path.clone(),
        directives: Vec::new(),
    };
    if !file.comments.iter().any(|c| c.text.contains("mcplint:")) {
        return out;
    }
    let src = &file.source;
    let starts = src.line_starts();
    let line_of = |offset: u32| src.line_col(offset).0;
    let line_range = |line: usize| {
        let start = starts[line - 1];
        let end = starts
            .get(line)
            .copied()
            .unwrap_or_else(|| u32::try_from(src.text.len() + 1).unwrap_or(u32::MAX));
        Span { start, end }
    };
    // Doc comments (`///`, `//!`, `/** */`) belong to the item they document: a suppression
    // above one applies to the doc's first line, where findings about a description are
    // reported (the placement of the fixtures' `expect:` comments).
    let mut comment_lines = std::collections::BTreeSet::new();
    for c in file
        .comments
        .iter()
        .filter(|c| c.own_line && !is_doc_comment(src.slice(c.span)))
    {
        comment_lines.extend(
            line_of(c.span.start)..=line_of(c.span.end.saturating_sub(1).max(c.span.start)),
        );
    }
    let blank = |line: usize| {
        let r = line_range(line);
        src.text
            .get(r.start as usize..(r.end as usize).min(src.text.len()))
            .is_none_or(|t| t.trim().is_empty())
    };
    for c in &file.comments {
        for m in directive_regex().captures_iter(&c.text) {
            let whole = m.get(0).expect("group 0 exists");
            let file_wide = &m[1] == "ignore-file";
            let parsed = parse_tail(&c.text[whole.end()..]);
            let scope = if file_wide {
                Scope::File
            } else if c.own_line {
                let last = line_of(c.span.end.saturating_sub(1).max(c.span.start));
                let target = (last + 1..=starts.len())
                    .find(|&l| !comment_lines.contains(&l) && !blank(l))
                    .unwrap_or_else(|| line_of(c.span.start));
                Scope::Line(line_range(target))
            } else {
                Scope::Line(line_range(line_of(c.span.start)))
            };
            let (rules, has_reason, malformed) = match parsed {
                Some((rules, reason)) => (rules, reason, false),
                None => (Vec::new(), false, true),
            };
            out.directives.push(Directive {
                scope,
                comment: c.span,
                rules,
                has_reason,
                malformed,
            });
        }
    }
    out
}

fn is_doc_comment(raw: &str) -> bool {
    (raw.starts_with("///") && !raw.starts_with("////"))
        || raw.starts_with("//!")
        || raw.starts_with("/**")
}

/// Applies per-file ignores and suppressions to the findings of all rules, and adds the
/// `unused-suppression` findings. Runs once, in the project phase.
pub(crate) fn apply(
    settings: &Settings,
    diagnostics: Vec<Diagnostic>,
    files: &[FileSuppressions],
) -> Vec<Diagnostic> {
    let mut ignores = IgnoreLookup {
        settings,
        cache: HashMap::new(),
    };
    let (mut kept, used) = suppress(diagnostics, files, &mut ignores);
    if !settings.is_enabled(&UNUSED_SUPPRESSION) {
        return kept;
    }
    for (file, used) in files.iter().zip(&used) {
        if ignores.ignores(&UNUSED_SUPPRESSION, &file.path) {
            continue;
        }
        kept.extend(directive_findings(file, used, &mut ignores));
    }
    kept
}

/// The rules that per-file ignores switch off, looked up once per path.
struct IgnoreLookup<'s> {
    settings: &'s Settings,
    cache: HashMap<String, Vec<&'s str>>,
}

impl IgnoreLookup<'_> {
    /// Whether `rule` is ignored in `path`.
    fn ignores(&mut self, rule: &Rule, path: &str) -> bool {
        let settings = self.settings;
        self.cache
            .entry(path.to_owned())
            .or_insert_with(|| settings.per_file_ignores.rules_for(path))
            .contains(&rule.name)
    }
}

/// Drops the findings that per-file ignores or a directive silence. Returns the findings kept
/// and, per file, directive and named rule, whether that name silenced a finding.
fn suppress(
    diagnostics: Vec<Diagnostic>,
    files: &[FileSuppressions],
    ignores: &mut IgnoreLookup<'_>,
) -> (Vec<Diagnostic>, Vec<Vec<Vec<bool>>>) {
    let by_path: HashMap<&str, usize> = files
        .iter()
        .enumerate()
        .map(|(i, f)| (f.path.as_str(), i))
        .collect();
    let mut used: Vec<Vec<Vec<bool>>> = files
        .iter()
        .map(|f| {
            f.directives
                .iter()
                .map(|d| vec![false; d.rules.len()])
                .collect()
        })
        .collect();
    let mut kept = Vec::with_capacity(diagnostics.len());
    for d in diagnostics {
        if ignores.ignores(d.rule, &d.path) {
            continue;
        }
        let hit = by_path.get(d.path.as_str()).and_then(|&fi| {
            files[fi]
                .directives
                .iter()
                .enumerate()
                .find_map(|(di, dir)| {
                    let ri = dir.names(d.rule.name)?;
                    dir.covers(d.span).then_some((fi, di, ri))
                })
        });
        match hit {
            Some((fi, di, ri)) => used[fi][di][ri] = true,
            None => kept.push(d),
        }
    }
    (kept, used)
}

/// The `unused-suppression` findings of one file's directives: malformed ones, unknown rule
/// names, names that silenced nothing (`used`, per directive and name) and missing reasons,
/// less those a directive naming `unused-suppression` silences.
fn directive_findings(
    file: &FileSuppressions,
    used: &[Vec<bool>],
    ignores: &mut IgnoreLookup<'_>,
) -> Vec<Diagnostic> {
    let settings = ignores.settings;
    let mut found = Vec::new();
    for (di, dir) in file.directives.iter().enumerate() {
        if dir.malformed {
            found.push(unused_suppression::malformed(&file.path, dir.comment));
            continue;
        }
        for (ri, name) in dir.rules.iter().enumerate() {
            match crate::rules::by_name(name).map(|r| &r.rule) {
                None => found.push(unused_suppression::unknown_rule(
                    &file.path,
                    dir.comment,
                    name,
                )),
                Some(rule) if *rule == *UNUSED_SUPPRESSION => {}
                Some(rule) => {
                    if !used[di][ri]
                        && settings.is_enabled(rule)
                        && !ignores.ignores(rule, &file.path)
                    {
                        found.push(unused_suppression::unused(
                            &file.path,
                            dir.comment,
                            name,
                            dir.scope == Scope::File,
                        ));
                    }
                }
            }
        }
        if !dir.has_reason {
            found.push(unused_suppression::without_reason(&file.path, dir.comment));
        }
    }
    // Directives naming `unused-suppression` silence these findings too.
    found.retain(|d| {
        !file
            .directives
            .iter()
            .any(|dir| dir.names(UNUSED_SUPPRESSION.name).is_some() && dir.covers(d.span))
    });
    found
}

/// A glob over paths, relative to a base directory (the directory of the configuration file
/// that wrote it, or the current directory for command-line values).
///
/// A pattern without `/` (`node_modules`, `*_test.py`) matches a file or directory name at any
/// depth; a pattern with `/` (`tests/**`, `src/legacy`) matches the path relative to the base.
/// `*` does not cross `/`, `**` does. A path matches when it or one of its parent directories
/// (below the base) matches, so `tests` and `tests/` cover everything under `tests/`.
#[derive(Clone, Debug)]
pub struct PathPattern {
    text: String,
    base: PathBuf,
    matcher: globset::GlobMatcher,
    name_only: bool,
}

impl PathPattern {
    /// Compiles `pattern`, relative to the absolute directory `base`.
    pub fn new(pattern: &str, base: &Path) -> Result<Self, globset::Error> {
        let trimmed = pattern.trim().trim_end_matches('/');
        let name_only = !trimmed.contains('/');
        let anchored = trimmed.strip_prefix("./").unwrap_or(trimmed);
        let anchored = anchored.strip_prefix('/').unwrap_or(anchored);
        let matcher = globset::GlobBuilder::new(anchored)
            .literal_separator(true)
            .backslash_escape(true)
            .build()?
            .compile_matcher();
        Ok(Self {
            text: pattern.to_owned(),
            base: normalize(base),
            matcher,
            name_only,
        })
    }

    /// The pattern as written.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The directory the pattern is relative to.
    pub fn base(&self) -> &Path {
        &self.base
    }

    /// Whether the absolute `path`, or one of its parent directories below the base, matches.
    pub fn matches(&self, path: &Path) -> bool {
        let path = normalize(path);
        let Ok(rel) = path.strip_prefix(&self.base) else {
            return self.matches_name(&path);
        };
        if self.name_only {
            rel.components().any(|c| match c {
                Component::Normal(name) => self.matcher.is_match(name),
                _ => false,
            })
        } else {
            rel.ancestors()
                .filter(|a| !a.as_os_str().is_empty())
                .any(|a| self.matcher.is_match(a))
        }
    }

    /// Whether the absolute `path` itself matches, its parent directories aside (for walking,
    /// where excluded directories are never entered).
    pub fn matches_entry(&self, path: &Path) -> bool {
        let path = normalize(path);
        match path.strip_prefix(&self.base) {
            Ok(rel) if !self.name_only => self.matcher.is_match(rel),
            _ => self.matches_name(&path),
        }
    }

    fn matches_name(&self, path: &Path) -> bool {
        self.name_only
            && path
                .file_name()
                .is_some_and(|name| self.matcher.is_match(name))
    }
}

/// `[per-file-ignores]`: rules that never report in files matching a pattern.
#[derive(Clone, Debug, Default)]
pub struct PerFileIgnores {
    cwd: PathBuf,
    entries: Vec<(PathPattern, Vec<String>)>,
}

impl PerFileIgnores {
    /// Ignores for findings whose display paths are relative to the absolute directory `cwd`.
    pub fn new(cwd: &Path, entries: Vec<(PathPattern, Vec<String>)>) -> Self {
        Self {
            cwd: normalize(cwd),
            entries,
        }
    }

    /// The patterns and their rules.
    pub fn entries(&self) -> &[(PathPattern, Vec<String>)] {
        &self.entries
    }

    /// The rules ignored in the file at `display_path`.
    pub fn rules_for(&self, display_path: &str) -> Vec<&str> {
        if self.entries.is_empty() {
            return Vec::new();
        }
        let path = self.cwd.join(display_path);
        self.entries
            .iter()
            .filter(|(pattern, _)| pattern.matches(&path))
            .flat_map(|(_, rules)| rules.iter().map(String::as_str))
            .collect()
    }
}

/// Removes `.` and resolves `..` lexically (the file system is not consulted).
pub fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push(component);
                }
            }
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tails() {
        assert_eq!(
            parse_tail("[a, b] -- why"),
            Some((vec!["a".to_owned(), "b".to_owned()], true))
        );
        assert_eq!(parse_tail("[a]"), Some((vec!["a".to_owned()], false)));
        assert_eq!(parse_tail("[a] --   "), Some((vec!["a".to_owned()], false)));
        assert_eq!(
            parse_tail("[a] because"),
            Some((vec!["a".to_owned()], false))
        );
        assert_eq!(parse_tail("[]"), None);
        assert_eq!(parse_tail(" a"), None);
        assert_eq!(parse_tail("[a"), None);
    }

    #[test]
    fn patterns() {
        let base = Path::new("/p");
        let p = PathPattern::new("tests/**", base).unwrap();
        assert!(p.matches(Path::new("/p/tests/a/b.py")));
        assert!(!p.matches(Path::new("/p/src/tests/b.py")));
        let p = PathPattern::new("tests", base).unwrap();
        assert!(p.matches(Path::new("/p/src/tests/b.py")));
        assert!(!p.matches(Path::new("/tests/p/b.py")));
        let p = PathPattern::new("src/*.py", base).unwrap();
        assert!(p.matches(Path::new("/p/src/a.py")));
        assert!(!p.matches(Path::new("/p/src/x/a.py")));
        let p = PathPattern::new("src/legacy/", base).unwrap();
        assert!(p.matches(Path::new("/p/src/legacy/x/a.py")));
        let p = PathPattern::new("*_test.py", base).unwrap();
        assert!(p.matches(Path::new("/p/a/b_test.py")));
        assert!(p.matches(Path::new("/elsewhere/b_test.py")));
        assert!(PathPattern::new("a[", base).is_err());
        let p = PathPattern::new("build", base).unwrap();
        assert!(!p.matches_entry(Path::new("/p/build/a.py")));
        assert!(p.matches_entry(Path::new("/p/x/build")));
    }

    #[test]
    fn per_file_ignores_resolve_display_paths() {
        let ignores = PerFileIgnores::new(
            Path::new("/p/sub"),
            vec![(
                PathPattern::new("sub/tests/**", Path::new("/p")).unwrap(),
                vec!["shell-injection".to_owned()],
            )],
        );
        assert_eq!(ignores.rules_for("tests/a.py"), ["shell-injection"]);
        assert!(ignores.rules_for("src/a.py").is_empty());
        assert_eq!(ignores.rules_for("../sub/tests/a.py"), ["shell-injection"]);
    }
}
