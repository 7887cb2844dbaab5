//! Checks of a part of a value: which checked expressions speak for the whole value they name
//! (`name`, `normalize(p)`, `args["path"]`) and which only for a part of it (`name[0]`,
//! `cmd.split()[0]`, `urlparse(u).scheme`, a `for` loop's variable), and loops that check every
//! character of a value.

use std::collections::BTreeSet;

use mcplint_ir::{Expr, ExprKind, File, Pattern, Span, Stmt, ops};

use super::env::Env;
use super::guards::{Clear, Refinement, collect_exiting_tests, collect_names};
use super::walk::Analyzer;

/// Whether `e` is a part of a value rather than the value: an element or slice (`name[0]`,
/// `cmd.split()[0]`, `s[:3]`) or a field of a computed value (`urlparse(u).scheme`,
/// `new URL(u).protocol`). Checking a part says nothing about the rest. A field of a name
/// (`args.path`) is a name of its own; a string key (`args["path"]`) is a field.
pub(super) fn is_part(e: &Expr, file: &File) -> bool {
    match &e.kind {
        ExprKind::Call { callee, args, .. } if callee == ops::SUBSCRIPT => {
            !matches!(args.as_slice(), [a] if matches!(a.value.kind, ExprKind::Str(_)))
        }
        ExprKind::Other(children) => match children.as_slice() {
            [inner] if matches!(inner.kind, ExprKind::Call { .. } | ExprKind::Other(_)) => {
                let end = inner.span.end;
                let rest = file
                    .source
                    .slice(Span::new(end as usize, e.span.end as usize));
                let rest = rest.trim_start();
                rest.starts_with('.') || rest.starts_with('[') || is_part(inner, file)
            }
            _ => false,
        },
        _ => false,
    }
}

/// The name a string-keyed subscript stands for: `args["path"]` -> `args.path`.
pub(super) fn keyed_field(receiver: &Expr, args: &[mcplint_ir::Arg]) -> Option<String> {
    let base = receiver.as_name()?;
    let [a] = args else { return None };
    let ExprKind::Str(key) = &a.value.kind else {
        return None;
    };
    let plain = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    plain.then(|| format!("{base}.{key}"))
}

/// Whether `stmt`, the first statement of a loop's body, is a `for` header as the front ends
/// lower it: the loop variables bound to `Other[iterated]`.
pub(super) fn is_for_header(stmt: &Stmt) -> bool {
    matches!(
        stmt,
        Stmt::Assign {
            value: Expr {
                kind: ExprKind::Other(children),
                ..
            },
            ..
        } if children.len() == 1
    )
}

/// A loop over the characters of a value: its variable and the value (`for c in name`,
/// `for (const ch of name)`, `for c in name.chars()`), when the loop has no `break` (which the
/// IR does not keep, so the source text is read) that could leave characters unchecked.
pub(super) fn char_loop<'b>(body: &'b [Stmt], file: &File) -> Option<(&'b str, &'b Expr)> {
    let Some(Stmt::Assign {
        target: Pattern::Name(var),
        value,
        span,
    }) = body.first()
    else {
        return None;
    };
    let iter = match &value.kind {
        ExprKind::Other(children) if children.len() == 1 => &children[0],
        _ => value,
    };
    let whole = match &iter.kind {
        ExprKind::Name(_) => iter,
        ExprKind::Call {
            callee,
            receiver: Some(r),
            args,
        } if args.is_empty() && matches!(callee.as_str(), "*.chars" | "*.bytes") => r,
        _ => return None,
    };
    let text = loop_text(&file.source.text, span.start as usize);
    if text
        .split(|c: char| !c.is_alphanumeric() && c != '_')
        .any(|w| w == "break")
    {
        return None;
    }
    Some((var.as_str(), whole))
}

/// The text of the loop whose header holds offset `at`: up to the brace that closes the first
/// one opened on the header's line, or (Python) the lines indented deeper than the header.
fn loop_text(text: &str, at: usize) -> &str {
    let at = at.min(text.len());
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let header_end = text[at..].find('\n').map_or(text.len(), |i| at + i);
    let header = &text[line_start..header_end];
    let indent = |l: &str| l.len() - l.trim_start().len();
    if header.contains('{') {
        let mut depth = 0usize;
        for (i, c) in text[line_start..].char_indices() {
            match c {
                '{' => depth += 1,
                '}' if depth <= 1 => return &text[line_start..=line_start + i],
                '}' => depth -= 1,
                _ => {}
            }
        }
        return &text[line_start..];
    }
    let base = indent(header);
    let mut end = header_end;
    for line in text[header_end..].split_inclusive('\n') {
        if !line.trim().is_empty() && indent(line) <= base {
            break;
        }
        end += line.len();
    }
    &text[line_start..end.min(text.len())]
}

impl Analyzer<'_, '_> {
    /// After a loop over the characters (or elements) of a value that exits on any one failing
    /// a check (`for c in name: if c not in ALLOWED: raise`), the value is clean for what the
    /// check cleaned its variable for by the end of the body (`end`: the environment there).
    /// An allow-list that admits `/` or `\\` does not clean `path`.
    pub(super) fn char_loop_guard(&mut self, body: &[Stmt], end: &Env) -> Refinement {
        let mut out = Refinement::default();
        let Some((var, whole)) = char_loop(body, self.cx.file) else {
            return out;
        };
        let Some(checked) = end.get(var) else {
            return out;
        };
        let mut names = Vec::new();
        collect_names(whole, &mut names);
        if names.is_empty() {
            return out;
        }
        let path = self.cx.catalog.kind_bit("path");
        let mut allowed = String::new();
        collect_exiting_tests(&body[1..], self.cx.file, &mut allowed);
        let words: Vec<String> = allowed
            .split(|c: char| !c.is_alphanumeric() && c != '_')
            .filter(|w| !w.is_empty())
            .map(str::to_owned)
            .collect();
        for w in &words {
            allowed.push_str(module_constant(self.cx.file, w).unwrap_or(""));
        }
        let slashes = allowed.contains('/') || allowed.contains('\\');
        for (origin, (flags, _)) in checked {
            let kinds = if slashes {
                flags.cleared & !path
            } else {
                flags.cleared
            };
            if kinds != 0 {
                out.clears.push(Clear {
                    names: names.clone(),
                    kinds,
                    origins: BTreeSet::from([*origin]),
                    all_vars: false,
                });
            }
        }
        out
    }
}

impl Analyzer<'_, '_> {
    /// `name.chars().all(|c| c.is_ascii_alphanumeric() || c == '/')`: a callback that checks
    /// every character of a value (its receiver is `.chars()` or `.bytes()`) and whose
    /// allow-list admits `/` or `\\` does not clean `path`, whatever else it checks (like
    /// [`Analyzer::char_loop_guard`]).
    pub(super) fn per_char_admits_separator(
        &self,
        receiver: Option<&Expr>,
        callback: mcplint_ir::FnId,
    ) -> bool {
        let Some(ExprKind::Call { callee, .. }) = receiver.map(|r| &r.kind) else {
            return false;
        };
        if !matches!(callee.as_str(), "*.chars" | "*.bytes" | "*.char_indices") {
            return false;
        }
        self.cx
            .file
            .functions
            .get(callback)
            .is_some_and(|f| self.cx.file.source.slice(f.span).contains(['/', '\\']))
    }
}

/// The source text of the value a module-level constant `name` is bound to.
fn module_constant<'f>(file: &'f File, name: &str) -> Option<&'f str> {
    let top = file.functions.first()?;
    top.body.iter().rev().find_map(|s| match s {
        Stmt::Assign {
            target: Pattern::Name(n),
            value,
            ..
        } if n == name => Some(file.source.slice(value.span)),
        _ => None,
    })
}

impl Analyzer<'_, '_> {
    /// `ROOT in p.resolve().parents` (or `not in`, or `r.parents` for a resolved `r`): a
    /// resolved path whose ancestors include a fixed folder is under it. What holds when the
    /// membership test is true and when it is false; `None` when the test is not of that form.
    pub(super) fn parents_refinement(
        &mut self,
        callee: &str,
        args: &[mcplint_ir::Arg],
        env: &mut Env,
    ) -> Option<(Refinement, Refinement)> {
        if callee != ops::IN && callee != ops::NOT_IN {
            return None;
        }
        let [root, ancestors] = args else {
            return None;
        };
        let base = match &ancestors.value.kind {
            ExprKind::Name(n) => {
                let base = n.strip_suffix(".parents")?;
                Expr {
                    kind: ExprKind::Name(base.to_owned()),
                    span: ancestors.value.span,
                }
            }
            ExprKind::Other(children) => {
                let [inner] = children.as_slice() else {
                    return None;
                };
                let rest = self.cx.file.source.slice(Span::new(
                    inner.span.end as usize,
                    ancestors.value.span.end as usize,
                ));
                if rest.trim() != ".parents" {
                    return None;
                }
                inner.clone()
            }
            _ => return None,
        };
        if !self.independent(&root.value, &base, env) {
            return None;
        }
        let t = self.eval(&base, env);
        let origins: BTreeSet<_> = t
            .iter()
            .filter(|(_, (f, _))| f.resolved)
            .map(|(o, _)| *o)
            .collect();
        let mut names = Vec::new();
        collect_names(&base, &mut names);
        let mut holds = Refinement::default();
        if !origins.is_empty() && !names.is_empty() {
            holds.clears.push(Clear {
                names,
                kinds: self.cx.catalog.kind_bit("path"),
                origins: self.expand_origins(origins),
                all_vars: false,
            });
        }
        Some(if callee == ops::IN {
            (holds, Refinement::default())
        } else {
            (Refinement::default(), holds)
        })
    }
}

impl Analyzer<'_, '_> {
    /// Whether `value`, bound to a local name, is a part of a value: an element or a field of
    /// a computed value (see [`is_part`]), or a field of a local (`parsed.scheme`); a field of
    /// a parameter (`args.path`) is the parameter's own.
    pub(super) fn binds_part(&self, value: &Expr) -> bool {
        if let Some((base, _)) = value.as_name().and_then(|n| n.split_once('.')) {
            let params = self.cx.file.functions.get(self.fs.caller);
            return !params.is_some_and(|f| f.params.iter().any(|p| p.name == base));
        }
        is_part(value, self.cx.file)
    }
}

impl Analyzer<'_, '_> {
    /// A test of a boolean field (`addr.is_private`): what the catalog's guard rows for the
    /// method of that name (`*.is_private`) say about its receiver.
    pub(super) fn attribute_test(
        &mut self,
        name: &str,
        span: Span,
        env: &mut Env,
    ) -> (Refinement, Refinement) {
        let Some((base, attribute)) = name.rsplit_once('.') else {
            return (Refinement::default(), Refinement::default());
        };
        let receiver = Expr {
            kind: ExprKind::Name(base.to_owned()),
            span,
        };
        let callee = format!("*.{attribute}");
        self.guard_rows(&callee, Some(&receiver), &[], env)
    }

    /// Whether the tests of the exiting `if`s of the function being walked match every one of
    /// `patterns` (see [`crate::catalog::GuardRow::also_exits_on`]).
    pub(super) fn function_exits_on(&self, patterns: &[crate::lazy_regex::LazyRegex]) -> bool {
        if patterns.is_empty() {
            return true;
        }
        let Some(func) = self.cx.file.functions.get(self.fs.caller) else {
            return false;
        };
        let mut tests = String::new();
        collect_exiting_tests(&func.body, self.cx.file, &mut tests);
        patterns.iter().all(|p| p.is_match(&tests))
    }
}

#[cfg(test)]
mod tests {
    use crate::taint::test_support::{sink_facts, summarize_python};

    const SOURCE: &str = r#"
import subprocess
from pathlib import Path

CHARS = set("abcdefghijklmnopqrstuvwxyz")
SLASHY = set("abcdefghijklmnopqrstuvwxyz/")
MOUNTS = {"app": "/var/log/app"}
ROOT = Path("/srv")

def first_char(name):
    if name[0] not in CHARS:
        raise ValueError()
    subprocess.run(name, shell=True)

def every_char(name):
    for c in name:
        if c not in CHARS:
            raise ValueError()
    subprocess.run(name, shell=True)

def every_char_with_break(name):
    for c in name:
        if c == "?":
            break
        if c not in CHARS:
            raise ValueError()
    subprocess.run(name, shell=True)

def every_char_slashes(name):
    for c in name:
        if c not in SLASHY:
            raise ValueError()
    open(name)

def scheme_of_call(url):
    if urlparse(url).scheme != "https":
        raise ValueError()
    subprocess.run(url, shell=True)

def table(key):
    open(MOUNTS.get(key))

def table_default(key):
    open(MOUNTS.get(key, key))

def either(p):
    if not (p == "a" or p == "b"):
        raise ValueError()
    subprocess.run(p, shell=True)

def either_other(p, q):
    if not (p == "a" or q == "b"):
        raise ValueError()
    subprocess.run(p, shell=True)

def first_ok(name):
    first = name[0]
    return first in CHARS

def through_part_predicate(name):
    if not first_ok(name):
        raise ValueError()
    subprocess.run(name, shell=True)

def has_pipe(command):
    for i, c in enumerate(command):
        if c == "|":
            return True
    return False

def through_detector(command):
    if has_pipe(command):
        subprocess.run(command, shell=True)

def all_allowed(name):
    for c in name:
        if c not in CHARS:
            return False
    return True

def through_allow_list(name):
    if all_allowed(name):
        subprocess.run(name, shell=True)

def ancestors(name):
    p = (ROOT / name).resolve()
    if ROOT not in p.parents:
        raise ValueError()
    open(p)

def ancestors_unresolved(name):
    p = ROOT / name
    if ROOT not in p.parents:
        raise ValueError()
    open(p)
"#;

    fn reaches(function: &str, kind: &str) -> bool {
        let s = summarize_python("t.py", SOURCE);
        !sink_facts(&s, function, 0, kind).is_empty()
    }

    #[test]
    fn a_check_of_one_character_cleans_nothing() {
        assert!(reaches("first_char", "shell"));
        assert!(reaches("scheme_of_call", "shell"));
    }

    #[test]
    fn a_loop_checking_every_character_cleans_the_value() {
        assert!(!reaches("every_char", "shell"));
        assert!(reaches("every_char_with_break", "shell"));
        assert!(reaches("every_char_slashes", "path"));
    }

    #[test]
    fn a_lookup_in_a_constant_table_is_clean_but_its_default_is_not() {
        assert!(!reaches("table", "path"));
        assert!(reaches("table_default", "path"));
    }

    #[test]
    fn alternatives_clean_what_all_of_them_check() {
        assert!(!reaches("either", "shell"));
        assert!(reaches("either_other", "shell"));
    }

    #[test]
    fn a_predicate_that_checks_a_part_cleans_nothing() {
        assert!(reaches("through_part_predicate", "shell"));
    }

    #[test]
    fn a_loop_variable_checked_in_a_predicate_is_a_part() {
        assert!(reaches("through_detector", "shell"));
        assert!(!reaches("through_allow_list", "shell"));
    }

    #[test]
    fn a_resolved_path_with_the_root_among_its_ancestors_is_contained() {
        assert!(!reaches("ancestors", "path"));
        assert!(reaches("ancestors_unresolved", "path"));
    }
}
