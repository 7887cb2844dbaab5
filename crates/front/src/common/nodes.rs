//! Node helpers shared by the tree-sitter front ends.

use mcplint_ir::{Arg, Expr, ExprKind, Span};

use super::syntax::Node;

/// Where a node is written.
pub(crate) fn span(n: Node<'_>) -> Span {
    Span::new(n.start_byte(), n.end_byte())
}

/// An expression the IR does not model, with the children it holds.
pub(crate) fn other(children: Vec<Expr>, span: Span) -> Expr {
    Expr::new(ExprKind::Other(children), span)
}

/// A call of `callee`, on `receiver` when it is a method call.
pub(crate) fn call(callee: &str, receiver: Option<Expr>, args: Vec<Arg>, at: Span) -> Expr {
    Expr::new(
        ExprKind::Call {
            callee: callee.into(),
            receiver: receiver.map(Box::new),
            args,
        },
        at,
    )
}

/// Named children for which `is_trivia` (the language's comments) does not hold.
pub(crate) fn named_without(n: Node<'_>, is_trivia: fn(Node<'_>) -> bool) -> Vec<Node<'_>> {
    let mut cursor = n.walk();
    n.named_children(&mut cursor)
        .filter(|c| !is_trivia(*c))
        .collect()
}

/// The first child (named or not) of the given kind.
pub(crate) fn child_of_kind<'t>(n: Node<'t>, kind: &str) -> Option<Node<'t>> {
    let mut cursor = n.walk();
    n.children(&mut cursor).find(|c| c.kind() == kind)
}
