//! Project helpers that resolve the path they are given (`fn normalize(p: &Path) -> PathBuf`
//! returning `p.canonicalize()`), so that the result of a call to one is a resolved path in the
//! caller, where a containment check on it is judged.
//!
//! How the data of a function's parameters comes out of its returns says what it is (see
//! [`Resolution`]): read off the walk that summarises it, or, for a local caller that comes
//! first, off a walk on first use. A helper of another file is known in the project phase's
//! second round, like an imported predicate, when a check in the caller needs it.

use crate::catalog::typed::{CalleePattern, PathState};
use mcplint_ir::FnId;

use super::env::{Taint, param_env};
use super::resolve::is_project_rooted;
use super::summary::{CallTarget, Flags, Origin, Resolution};
use super::walk::{Analyzer, FileCx, FnState, Frame, Learned};

/// How the data of the parameters comes out of returns with these taints: resolved on every
/// one ([`Resolution::Always`]), on some ([`Resolution::WhereItExists`]), or on none.
pub(super) fn resolution_of(returns: &[Taint]) -> Option<Resolution> {
    let carrying = returns
        .iter()
        .filter(|t| t.keys().any(|o| matches!(o, Origin::Param(_))));
    let (mut some, mut all, mut any_return) = (false, true, false);
    for t in carrying {
        any_return = true;
        let resolved = t
            .iter()
            .filter(|(o, _)| matches!(o, Origin::Param(_)))
            .all(|(_, (f, _))| f.resolved);
        some |= resolved;
        all &= resolved;
    }
    match (any_return, all, some) {
        (true, true, _) => Some(Resolution::Always),
        (true, false, true) => Some(Resolution::WhereItExists),
        _ => None,
    }
}

/// The flags of the result of a call to a helper that resolves as `r` does.
pub(super) fn resolved_flags(r: Option<Resolution>) -> Flags {
    Flags {
        resolved: r == Some(Resolution::Always),
        resolved_where_it_exists: r == Some(Resolution::WhereItExists),
        ..Flags::default()
    }
}

impl Analyzer<'_, '_> {
    /// `t` plus, for the result of each call in it (`p.to_path_buf()` while recording), the
    /// parameters the call was given, in the state of the result: what a return carries of the
    /// parameters.
    pub(super) fn with_call_arguments(&self, t: &Taint) -> Taint {
        let mut carried = t.clone();
        for (origin, (flags, steps)) in t {
            if !matches!(origin, Origin::Ret(_)) {
                continue;
            }
            for given in self.expand_origins(std::collections::BTreeSet::from([*origin])) {
                if matches!(given, Origin::Param(_)) {
                    carried
                        .entry(given)
                        .and_modify(|(f, _)| *f = f.join(*flags))
                        .or_insert_with(|| (*flags, steps.clone()));
                }
            }
        }
        carried
    }

    /// How the result of a call to `target` is resolved: a function of this file (walked on
    /// first use), or, in the project phase's second round, one of another file.
    pub(super) fn call_resolution(&mut self, target: &CallTarget) -> Option<Resolution> {
        match target {
            CallTarget::Local(id) => {
                Self::resolution(self.cx, self.learned, *id, self.frame.closure_depth)
            }
            CallTarget::Method { class, name } => {
                let id = self.local_method(class, name)?;
                Self::resolution(self.cx, self.learned, id, self.frame.closure_depth)
            }
            CallTarget::Path(path) => self.cx.oracle.and_then(|o| o(path)?.resolution),
        }
    }

    /// A check needed `origin` resolved and it is not: when it is the result of a call to a
    /// function of another file (first round), note the function in
    /// [`super::walk::Learned::predicate_calls`], so that the file is analysed again if that
    /// function turns out to resolve.
    pub(super) fn note_unresolved(&mut self, origin: Origin) {
        let Origin::Ret(c) = origin else { return };
        let Some(path) = self.fs.ret_paths.get(&c) else {
            return;
        };
        if self
            .cx
            .cat
            .language
            .may_be_project_path(path, is_project_rooted(path))
            && !self.learned.predicate_calls.contains(path)
        {
            self.learned.predicate_calls.push(path.clone());
        }
    }

    /// How local function `id` resolves what it returns. Memoised per function; only a
    /// function whose text names a call that resolves paths (a catalog propagator adding
    /// `resolved`) is walked, evaluating only, with a state of its own.
    pub(super) fn resolution(
        cx: &FileCx<'_>,
        learned: &mut Learned,
        id: FnId,
        depth: usize,
    ) -> Option<Resolution> {
        if let Some(r) = learned.resolutions.get(&id) {
            return *r;
        }
        learned.resolutions.insert(id, None);
        let func = cx.file.functions.get(id)?;
        if depth >= super::MAX_CLOSURE_DEPTH
            || func.params.is_empty()
            || !names_a_resolving_call(cx, cx.file.source.slice(func.span))
        {
            return None;
        }
        let mut env = param_env(func, |_| true);
        let mut fs = FnState::new(cx.file, id);
        let mut frame = Frame {
            closure_depth: depth + 1,
            returns: Some(Vec::new()),
            ..Frame::default()
        };
        Analyzer {
            cx,
            fs: &mut fs,
            frame: &mut frame,
            learned: &mut *learned,
            rec: None,
        }
        .walk(&func.body, &mut env);
        let r = resolution_of(&frame.returns.unwrap_or_default());
        learned.resolutions.insert(id, r);
        r
    }
}

/// Whether `text` names the last segment of a call that a propagator row says resolves paths
/// (`canonicalize`, `realpath`): a cheap test before walking a function as a helper.
fn names_a_resolving_call(cx: &FileCx<'_>, text: &str) -> bool {
    cx.cat
        .propagators
        .iter()
        .filter(|p| p.adds == Some(PathState::Resolved))
        .flat_map(|p| p.call.items())
        .any(|c| {
            let (CalleePattern::Exact(s) | CalleePattern::Suffix(s)) = c;
            let last = s.rsplit(['.', ':']).next().unwrap_or(s);
            !last.is_empty() && text.contains(last)
        })
}

#[cfg(test)]
mod tests {
    use crate::taint::summary::Resolution;
    use crate::taint::test_support::{function, summarize_path};

    const SOURCE: &str = r"
use std::path::{Path, PathBuf};

pub fn canonical(p: &Path) -> std::io::Result<PathBuf> {
    let real = std::fs::canonicalize(p)?;
    Ok(real)
}

pub fn normalize(p: &Path) -> PathBuf {
    if let Ok(real) = p.canonicalize() {
        return real;
    }
    p.to_path_buf()
}

pub fn joined(root: &Path, p: &str) -> PathBuf {
    root.join(p)
}
";

    fn resolution(name: &str) -> Option<Resolution> {
        let s = summarize_path("src/lib.rs", SOURCE);
        let id = function(&s, name);
        s.resolvers.iter().find(|(f, _)| *f == id).map(|(_, r)| *r)
    }

    #[test]
    fn a_helper_that_always_canonicalises_resolves() {
        assert_eq!(resolution("canonical"), Some(Resolution::Always));
    }

    #[test]
    fn a_helper_that_falls_back_to_the_path_resolves_where_it_exists() {
        assert_eq!(resolution("normalize"), Some(Resolution::WhereItExists));
    }

    #[test]
    fn a_helper_that_only_joins_does_not_resolve() {
        assert_eq!(resolution("joined"), None);
    }
}
