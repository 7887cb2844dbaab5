//! Expression lowering shared by the Python and TypeScript front ends: the depth-capped entry
//! point and the helpers built on it.

use mcplint_ir::{Expr, Span};

use super::{FileState, Node, other, span};

/// A lowering that turns expression nodes into IR expressions.
pub(crate) trait LowerExprs {
    /// The file state, for the depth cap.
    fn file(&mut self) -> &mut FileState;

    /// Lowers one expression node, the depth already counted.
    fn expr_inner(&mut self, n: Node<'_>) -> Expr;

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
}
