//! Raising checks: functions of the file that stop their caller with an error unless their
//! argument passes a check — `validate_id(id)?;` in Rust (the check `bail!`s or returns
//! `Err(..)`), `validate_id(id)` in Python (it raises), `assertId(id);` in TypeScript (it
//! throws). Called as a statement, such a function cleans below the call what every one of its
//! normal returns guarantees for its parameters.

use std::collections::BTreeMap;

use foldhash::{HashSet, HashSetExt};
use mcplint_ir::{Expr, ExprKind, File, FnId, Lang, ParamKind, Pattern, Span, Stmt};

use super::MAX_CLOSURE_DEPTH;
use super::env::{Env, param_env};
use super::guards::Refinement;
use super::predicates::cleaned_on_every_return;
use super::summary::{CallTarget, Origin};
use super::walk::{Analyzer, FileCx, FnState, Frame, Learned};

/// Methods that wrap a call's error and pass its success on: `check(x).map_err(..)?` fails
/// where `check(x)?` does.
const ERROR_ADAPTERS: &[&str] = &[
    "*.map_err",
    "*.context",
    "*.with_context",
    "*.wrap_err",
    "*.wrap_err_with",
];

/// Whether `value` is a Rust `Err(..)` (or `Result::Err(..)`).
pub(super) fn is_err_value(value: &Expr) -> bool {
    matches!(&value.kind, ExprKind::Call { callee, receiver: None, .. }
        if callee.rsplit("::").next() == Some("Err"))
}

/// Whether the exit at `span` returning `value` returns an error rather than a result: Rust's
/// `Err(..)` and `bail!(..)` (raises and throws are not returns at all).
pub(super) fn is_error_return(file: &File, value: Option<&Expr>, span: Span) -> bool {
    if file.lang != Lang::Rust {
        return false;
    }
    if value.is_some_and(is_err_value) {
        return true;
    }
    let text = file.source.slice(span).trim_start();
    let text = text.strip_prefix("return").unwrap_or(text).trim_start();
    let head = text.split('!').next().unwrap_or("");
    text.contains('!') && head.rsplit("::").next() == Some("bail")
}

/// Whether the function's source text declares it `async`.
fn is_async(file: &File, id: FnId) -> bool {
    let Some(func) = file.functions.get(id) else {
        return false;
    };
    let mut text = file.source.slice(func.span).trim_start();
    for prefix in [
        "export ",
        "default ",
        "pub(crate) ",
        "pub ",
        "static ",
        "private ",
    ] {
        text = text.strip_prefix(prefix).unwrap_or(text).trim_start();
    }
    text.starts_with("async ")
}

impl Analyzer<'_, '_> {
    /// After the statement `e`: when it calls a raising check of this file and the failure
    /// stops the function (`?` in Rust; an `await` for an async check), what the check
    /// guarantees for the call's arguments.
    pub(super) fn raising_check_refinement(&mut self, e: &Expr, env: &mut Env) -> Refinement {
        let file = self.cx.file;
        let mut call = e;
        while let ExprKind::Call {
            callee,
            receiver: Some(inner),
            ..
        } = &call.kind
            && ERROR_ADAPTERS.contains(&callee.as_str())
        {
            call = inner;
        }
        let ExprKind::Call {
            callee,
            receiver,
            args,
        } = &call.kind
        else {
            return Refinement::default();
        };
        let (id, method) = match self.call_target(callee, receiver.as_deref()) {
            Some((CallTarget::Local(id), method)) => (id, method),
            Some((CallTarget::Method { class, name }, _)) => match self.local_method(&class, &name)
            {
                Some(id) => (id, true),
                None => return Refinement::default(),
            },
            _ => return Refinement::default(),
        };
        let after = file.source.text.get(e.span.end as usize..).unwrap_or("");
        let after = after.trim_start();
        let awaited_after = after.starts_with(".await");
        let before = file.source.text.get(..e.span.start as usize).unwrap_or("");
        let awaited = awaited_after || before.trim_end().ends_with("await");
        let stops = match file.lang {
            Lang::Rust => after
                .strip_prefix(".await")
                .unwrap_or(after)
                .trim_start()
                .starts_with('?'),
            _ => awaited || !is_async(file, id),
        };
        if !stops {
            return Refinement::default();
        }
        let cleans = Self::raising_check(self.cx, self.learned, id, self.frame.closure_depth);
        if cleans.is_empty() {
            return Refinement::default();
        }
        // A TypeScript method has no `self` parameter: the arguments are not shifted.
        let method = method
            && file
                .functions
                .get(id)
                .and_then(|f| f.params.first())
                .is_some_and(|p| p.kind == ParamKind::SelfParam);
        self.refinement_from_cleans(&cleans, method, args, env)
    }

    /// For a function of this file: the parameters every normal return leaves clean, with the
    /// kinds (`(param, kinds)`); a parameter the function assigns to is left out (a cleaned
    /// local copy says nothing about the caller's value). Memoised per function; walked
    /// evaluating only, `depth` closures and checks below the walk that asks.
    pub(super) fn raising_check(
        cx: &FileCx<'_>,
        learned: &mut Learned,
        id: FnId,
        depth: usize,
    ) -> Vec<(usize, u64)> {
        if let Some(c) = learned.raising_checks.get(&id) {
            return c.clone();
        }
        learned.raising_checks.insert(id, Vec::new());
        let Some(func) = cx.file.functions.get(id) else {
            return Vec::new();
        };
        if depth >= MAX_CLOSURE_DEPTH {
            return Vec::new();
        }
        let mut env = param_env(func, |_| true);
        let mut fs = FnState::new(cx.file, id);
        let mut frame = Frame::predicate(depth + 1);
        frame.raising = true;
        let mut analyzer = Analyzer {
            cx,
            fs: &mut fs,
            frame: &mut frame,
            learned: &mut *learned,
            rec: None,
        };
        if !analyzer.walk(&func.body, &mut env) {
            analyzer.note_normal_exit(None, func.span, &env);
        }
        let returns = frame.predicate_returns.unwrap_or_default();
        let mut assigned = HashSet::new();
        mcplint_ir::visit::walk_stmts(&func.body, &mut |s| {
            if let Stmt::Assign { target, .. } = s {
                assigned.extend(target.names().into_iter().map(str::to_owned));
            }
        });
        let unassigned = func
            .params
            .iter()
            .enumerate()
            .filter_map(|(i, p)| match &p.pattern {
                Pattern::Name(name) if !assigned.contains(name) => Some(i),
                _ => None,
            });
        let result = cleaned_on_every_return(&returns, unassigned);
        learned.raising_checks.insert(id, result.clone());
        result
    }

    /// While summarising a raising check, at a return (or the end of the body): unless it
    /// returns an error, what each parameter's own name holds clean here.
    pub(super) fn note_normal_exit(&mut self, value: Option<&Expr>, span: Span, env: &Env) {
        if !self.frame.raising
            || !self.frame.closure_returns.is_empty()
            || is_error_return(self.cx.file, value, span)
        {
            return;
        }
        let Some(func) = self.cx.file.functions.get(self.fs.caller) else {
            return;
        };
        let mut clean: BTreeMap<Origin, u64> = BTreeMap::new();
        for (i, p) in func.params.iter().enumerate() {
            let (Pattern::Name(name), Ok(origin)) =
                (&p.pattern, u16::try_from(i).map(Origin::Param))
            else {
                continue;
            };
            if let Some((flags, _)) = env.get(name).and_then(|t| t.get(&origin)) {
                clean.insert(origin, flags.cleared);
            }
        }
        if let Some(r) = self.frame.predicate_returns.as_mut() {
            r.push(clean);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::taint::test_support::{sink_facts, summarize_path};

    const SOURCE: &str = r#"
fn check_id(id: &str) -> anyhow::Result<()> {
    let Some(hex) = id.strip_prefix("tq_") else {
        anyhow::bail!("invalid id");
    };
    if hex.len() != 64 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(anyhow::anyhow!("invalid id"));
    }
    Ok(())
}

fn check_copy(id: &str) -> anyhow::Result<()> {
    let id = id.trim();
    if !id.bytes().all(|b| b.is_ascii_hexdigit()) {
        anyhow::bail!("invalid id");
    }
    Ok(())
}

fn checked(dir: &std::path::Path, id: &str) -> anyhow::Result<()> {
    check_id(id)?;
    std::fs::remove_file(format!("{}/{id}.json", dir.display()))?;
    Ok(())
}

fn ignored(dir: &std::path::Path, id: &str) -> anyhow::Result<()> {
    let _ = check_id(id);
    std::fs::remove_file(format!("{}/{id}.json", dir.display()))?;
    Ok(())
}

fn adapted(dir: &std::path::Path, id: &str) -> Result<(), String> {
    check_id(id).map_err(|e| e.to_string())?;
    std::fs::remove_file(format!("{}/{id}.json", dir.display())).map_err(|e| e.to_string())
}

fn through_copy(dir: &std::path::Path, id: &str) -> anyhow::Result<()> {
    check_copy(id)?;
    std::fs::remove_file(format!("{}/{id}.json", dir.display()))?;
    Ok(())
}
"#;

    fn reaches(function: &str) -> bool {
        let s = summarize_path("q.rs", SOURCE);
        !sink_facts(&s, function, 1, "path").is_empty()
    }

    /// `check(x)?;` cleans `x` below it; a dropped result does not.
    #[test]
    fn a_raising_check_cleans_below_the_statement_that_stops_on_it() {
        assert!(!reaches("checked"));
        assert!(!reaches("adapted"));
        assert!(reaches("ignored"));
    }

    /// A check of a local copy of the parameter says nothing about the caller's value.
    #[test]
    fn a_check_of_a_reassigned_parameter_cleans_nothing() {
        assert!(reaches("through_copy"));
    }
}
