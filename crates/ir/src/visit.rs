//! One walker over statements and expressions, for the passes that look at every node of a
//! function body without carrying state down the tree (finding calls, records, assignments).
//!
//! The order is fixed and documented, since findings are reported in it: statements pre-order (a
//! statement before the blocks nested in it, `then` before `orelse`; a `try`'s body, handlers,
//! `else` and `finally` in that order), and within a statement its
//! own expression ([`stmt_expr`]) pre-order, children left to right. Nested function bodies
//! ([`ExprKind::Func`]) are not entered: they are functions of their own in [`crate::File`].

use crate::{Expr, ExprKind, Part, Stmt};

/// Calls `f` on every statement of `stmts` and of the blocks nested in them, pre-order.
pub fn walk_stmts<'a>(stmts: &'a [Stmt], f: &mut impl FnMut(&'a Stmt)) {
    for s in stmts {
        f(s);
        match s {
            Stmt::If { then, orelse, .. } => {
                walk_stmts(then, f);
                walk_stmts(orelse, f);
            }
            Stmt::Loop(body) => walk_stmts(body, f),
            Stmt::Try {
                body,
                handlers,
                orelse,
                finally,
            } => {
                walk_stmts(body, f);
                for h in handlers {
                    walk_stmts(&h.body, f);
                }
                walk_stmts(orelse, f);
                walk_stmts(finally, f);
            }
            Stmt::Assign { .. } | Stmt::Eval(_) | Stmt::Exit { .. } | Stmt::Jump(_) => {}
        }
    }
}

/// The expression a statement itself evaluates: the value of an assignment, evaluation or exit,
/// the test of an `If`; not the statements nested in it.
pub fn stmt_expr(s: &Stmt) -> Option<&Expr> {
    match s {
        Stmt::Assign { value, .. }
        | Stmt::Eval(value)
        | Stmt::Exit {
            value: Some(value), ..
        }
        | Stmt::If { test: value, .. } => Some(value),
        Stmt::Exit { value: None, .. } | Stmt::Loop(_) | Stmt::Jump(_) | Stmt::Try { .. } => None,
    }
}

/// Calls `f` on `e` and every expression nested in it, pre-order, children left to right
/// (receiver before arguments; a condition's test, then, else); not into function bodies.
pub fn walk_expr<'a>(e: &'a Expr, f: &mut impl FnMut(&'a Expr)) {
    f(e);
    match &e.kind {
        ExprKind::Call { receiver, args, .. } => {
            if let Some(r) = receiver {
                walk_expr(r, f);
            }
            for a in args {
                walk_expr(&a.value, f);
            }
        }
        ExprKind::Interp(parts) => {
            for p in parts {
                if let Part::Hole(h) = p {
                    walk_expr(h, f);
                }
            }
        }
        ExprKind::Record(args) => {
            for a in args {
                walk_expr(&a.value, f);
            }
        }
        ExprKind::Cond { test, then, orelse } => {
            walk_expr(test, f);
            walk_expr(then, f);
            walk_expr(orelse, f);
        }
        ExprKind::Other(children) => {
            for c in children {
                walk_expr(c, f);
            }
        }
        ExprKind::Str(_) | ExprKind::Name(_) | ExprKind::Func(_) => {}
    }
}

/// Calls `f` on every expression in `stmts`: statements in [`walk_stmts`] order, each one's
/// [`stmt_expr`] in [`walk_expr`] order.
pub fn walk_exprs<'a>(stmts: &'a [Stmt], f: &mut impl FnMut(&'a Expr)) {
    walk_stmts(stmts, &mut |s| {
        if let Some(e) = stmt_expr(s) {
            walk_expr(e, f);
        }
    });
}

/// Calls `f` on every call expression in `stmts`, in [`walk_exprs`] order (an outer call before
/// the calls in its receiver and arguments).
pub fn walk_calls<'a>(stmts: &'a [Stmt], f: &mut impl FnMut(&'a Expr)) {
    walk_exprs(stmts, &mut |e| {
        if matches!(e.kind, ExprKind::Call { .. }) {
            f(e);
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Arg, Handler, Pattern, Span};

    fn name(n: &str, at: usize) -> Expr {
        Expr::new(ExprKind::Name(n.to_owned()), Span::new(at, at + 1))
    }

    fn call(callee: &str, at: usize, receiver: Option<Expr>, args: Vec<Expr>) -> Expr {
        let args = args
            .into_iter()
            .map(|value| Arg {
                keyword: None,
                value,
                spread: false,
            })
            .collect();
        Expr::new(
            ExprKind::Call {
                callee: callee.to_owned(),
                receiver: receiver.map(Box::new),
                args,
            },
            Span::new(at, at + 1),
        )
    }

    /// Statements pre-order, `then` before `orelse`, a `try`'s parts in order; expressions
    /// pre-order, receiver first.
    #[test]
    fn walks_in_documented_order() {
        let body = vec![
            Stmt::If {
                test: call("t", 0, None, vec![name("a", 1)]),
                then: vec![Stmt::Eval(call(
                    "f",
                    2,
                    Some(name("r", 3)),
                    vec![name("x", 4)],
                ))],
                orelse: vec![Stmt::Loop(vec![Stmt::Assign {
                    target: Pattern::Name("y".to_owned()),
                    value: call("g", 6, None, vec![call("h", 7, None, vec![])]),
                    span: Span::new(5, 8),
                }])],
            },
            Stmt::Exit {
                value: None,
                is_return: true,
                span: Span::new(9, 10),
            },
            Stmt::Try {
                body: vec![Stmt::Eval(call("b", 11, None, vec![]))],
                handlers: vec![Handler {
                    body: vec![
                        Stmt::Eval(call("c", 12, None, vec![])),
                        Stmt::Jump(Span::new(13, 14)),
                    ],
                    span: Span::new(12, 14),
                }],
                orelse: vec![Stmt::Eval(call("e", 15, None, vec![]))],
                finally: vec![Stmt::Eval(call("f", 16, None, vec![]))],
            },
        ];
        let mut seen = Vec::new();
        walk_exprs(&body, &mut |e| seen.push(e.span.start));
        assert_eq!(seen, [0, 1, 2, 3, 4, 6, 7, 11, 12, 15, 16]);
        let mut calls = Vec::new();
        walk_calls(&body, &mut |e| calls.push(e.span.start));
        assert_eq!(calls, [0, 2, 6, 7, 11, 12, 15, 16]);
        let mut stmts = 0;
        walk_stmts(&body, &mut |_| stmts += 1);
        assert_eq!(stmts, 11);
    }
}
