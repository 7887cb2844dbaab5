//! The depth-capped entry points of a lowering (expressions, statements, binding patterns) and
//! the helpers built on them, shared by the Python and TypeScript front ends.

use mcplint_ir::{Expr, ExprKind, Part, Pattern, Span, Stmt};

use super::{FileState, Node, other, span, splice};

/// A lowering that turns expression, statement and pattern nodes into the IR, one kind of node
/// at a time (`*_inner`), below the depth cap of its [`FileState`].
pub(crate) trait Lowering {
    /// The file state, for the depth cap and the pending statements.
    fn file(&mut self) -> &mut FileState;

    /// Lowers one expression node, the depth already counted.
    fn expr_inner(&mut self, n: Node<'_>) -> Expr;

    /// Lowers one statement node into `out`, the depth already counted.
    fn stmt_inner(&mut self, n: Node<'_>, out: &mut Vec<Stmt>);

    /// Lowers one binding-pattern node, the depth already counted.
    fn pattern_inner(&mut self, n: Node<'_>) -> Pattern;

    /// Lowers one expression node: an empty `Other` when it is missing or nested too deep.
    fn lower_expr(&mut self, n: Node<'_>) -> Expr {
        if n.is_missing() || !self.file().enter() {
            return other(Vec::new(), span(n));
        }
        let e = self.expr_inner(n);
        self.file().leave();
        e
    }

    /// Lowers each node (a plain loop: iterator adaptors cost stack frames in debug builds,
    /// and this is on the recursive path).
    fn lower_all(&mut self, nodes: Vec<Node<'_>>) -> Vec<Expr> {
        let mut out = Vec::with_capacity(nodes.len());
        for n in nodes {
            out.push(self.lower_expr(n));
        }
        out
    }

    /// Lowers `n`, or an empty `Other` at `fallback` when there is none.
    fn lower_opt(&mut self, n: Option<Node<'_>>, fallback: Span) -> Expr {
        match n {
            Some(n) => self.lower_expr(n),
            None => other(Vec::new(), fallback),
        }
    }

    /// Lowers one statement into `out`, preceded by the statements its expressions emit;
    /// skipped when nested too deep.
    fn lower_stmt(&mut self, n: Node<'_>, out: &mut Vec<Stmt>) {
        let Some(saved) = self.file().enter_stmt() else {
            return;
        };
        let mut stmts = Vec::new();
        self.stmt_inner(n, &mut stmts);
        self.file().leave_stmt(saved, stmts, out);
    }

    /// Lowers a binding pattern: `Ignore` when nested too deep.
    fn pattern(&mut self, n: Node<'_>) -> Pattern {
        if !self.file().enter() {
            return Pattern::Ignore;
        }
        let p = self.pattern_inner(n);
        self.file().leave();
        p
    }

    /// `x += y` (a string append: the parts of both) and the other compound assignments
    /// (an `Other` of both sides), from a node with `left`, `operator` and `right` fields.
    fn augmented(&mut self, n: Node<'_>) -> Option<Stmt> {
        let (Some(left), Some(right)) = (
            n.child_by_field_name("left"),
            n.child_by_field_name("right"),
        ) else {
            return None;
        };
        let op = n.child_by_field_name("operator").map_or("", |o| o.kind());
        let target = self.pattern(left);
        let lhs = self.lower_expr(left);
        let rhs = self.lower_expr(right);
        let value = if op == "+=" {
            let mut parts = vec![Part::Hole(lhs)];
            splice(&mut parts, rhs);
            Expr::new(ExprKind::Interp(parts), span(n))
        } else {
            other(vec![lhs, rhs], span(n))
        };
        Some(Stmt::Assign {
            target,
            value,
            span: span(n),
        })
    }
}

/// Implements [`Lowering`] for a front end's `Lowerer`, whose `file` field holds its
/// [`FileState`] and whose inherent `dispatch_expr`, `dispatch_stmt` and `dispatch_pattern`
/// lower one node of each kind.
macro_rules! impl_lowering {
    ($lowerer:ident) => {
        impl $crate::common::Lowering for $lowerer<'_> {
            fn file(&mut self) -> &mut $crate::common::FileState {
                &mut self.file
            }

            fn expr_inner(&mut self, n: $crate::common::Node<'_>) -> mcplint_ir::Expr {
                self.dispatch_expr(n)
            }

            fn stmt_inner(&mut self, n: $crate::common::Node<'_>, out: &mut Vec<mcplint_ir::Stmt>) {
                self.dispatch_stmt(n, out);
            }

            fn pattern_inner(&mut self, n: $crate::common::Node<'_>) -> mcplint_ir::Pattern {
                self.dispatch_pattern(n)
            }
        }
    };
}
pub(crate) use impl_lowering;
