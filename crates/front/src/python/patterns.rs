//! Binding patterns and `match` statements of the Python front end.

use super::{Lowerer, fields, named, unparen};
use crate::common::{Lowering, Node, call, other, span};
use mcplint_ir::{Arg, Expr, ExprKind, Pattern, Span, Stmt, ops};

impl Lowerer<'_> {
    pub(super) fn match_statement(&mut self, n: Node<'_>, out: &mut Vec<Stmt>) {
        let subjects = fields(n, "subject");
        let subject = match subjects.as_slice() {
            [] => other(Vec::new(), span(n)),
            [one] => self.lower_expr(*one),
            many => {
                let at = many
                    .iter()
                    .map(|m| span(*m))
                    .reduce(Span::cover)
                    .unwrap_or(span(n));
                let args = many.iter().map(|m| self.collection_arg(*m)).collect();
                Expr::new(ExprKind::Record(args), at)
            }
        };
        let cases = n
            .child_by_field_name("body")
            .map(|b| fields(b, "alternative"))
            .unwrap_or_default();
        let base = self.file.depth;
        let mut levels = Vec::new();
        let mut last_else = Vec::new();
        for case in cases {
            if !self.file.enter() {
                break;
            }
            let patterns: Vec<Node<'_>> = named(case)
                .into_iter()
                .filter(|c| c.kind() == "case_pattern")
                .collect();
            let guard = case
                .child_by_field_name("guard")
                .and_then(|g| named(g).first().copied())
                .map(|g| self.lower_expr(g));
            let mut then = Vec::new();
            let test = match patterns.as_slice() {
                [p] if self.is_wildcard(*p) => None,
                [p] => match self.literal_test(*p, &subject) {
                    Some(t) => Some(t),
                    None => Some(self.complex_case(&patterns, &subject, &mut then)),
                },
                _ => Some(self.complex_case(&patterns, &subject, &mut then)),
            };
            self.lower_block(case.child_by_field_name("consequence"), &mut then);
            let test = match (test, guard) {
                (None, None) => {
                    last_else = then;
                    break;
                }
                (Some(t), None) => t,
                (None, Some(g)) => g,
                (Some(t), Some(g)) => {
                    let at = t.span.cover(g.span);
                    call(
                        ops::AND,
                        None,
                        vec![Arg::positional(t), Arg::positional(g)],
                        at,
                    )
                }
            };
            levels.push((test, then));
        }
        self.file.depth = base;
        let mut orelse = last_else;
        for (test, then) in levels.into_iter().rev() {
            orelse = vec![Stmt::If { test, then, orelse }];
        }
        out.append(&mut orelse);
    }

    pub(super) fn is_wildcard(&self, p: Node<'_>) -> bool {
        named(p).is_empty() && self.text(p).trim() == "_"
    }

    /// `case "x":`, `case Color.RED:`, `case "a" | "b":` as `==` / `or` tests.
    pub(super) fn literal_test(&mut self, p: Node<'_>, subject: &Expr) -> Option<Expr> {
        let inner = match named(p).as_slice() {
            [inner] => *inner,
            _ => return None,
        };
        if inner.kind() == "union_pattern" {
            let alts = named(inner);
            if alts.is_empty() || !alts.iter().all(|a| Self::is_value_pattern(*a)) {
                return None;
            }
            let args = alts
                .into_iter()
                .map(|a| Arg::positional(self.eq_test(a, subject)))
                .collect();
            return Some(call(ops::OR, None, args, span(inner)));
        }
        Self::is_value_pattern(inner).then(|| self.eq_test(inner, subject))
    }

    pub(super) fn is_value_pattern(n: Node<'_>) -> bool {
        match n.kind() {
            "string"
            | "concatenated_string"
            | "true"
            | "false"
            | "none"
            | "integer"
            | "float"
            | "complex_pattern" => true,
            "dotted_name" => named(n).len() > 1,
            _ => false,
        }
    }

    pub(super) fn eq_test(&mut self, value: Node<'_>, subject: &Expr) -> Expr {
        let v = if value.kind() == "dotted_name" {
            let parts: Vec<&str> = named(value).into_iter().map(|i| self.text(i)).collect();
            Expr::new(
                ExprKind::Name(self.file.scope.resolve_dotted(&parts)),
                span(value),
            )
        } else {
            self.lower_expr(value)
        };
        call(
            ops::EQ,
            None,
            vec![Arg::positional(subject.clone()), Arg::positional(v)],
            span(value),
        )
    }

    /// A class, mapping, sequence or capture pattern: an opaque test, and every name it
    /// captures bound to the subject.
    pub(super) fn complex_case(
        &mut self,
        patterns: &[Node<'_>],
        subject: &Expr,
        then: &mut Vec<Stmt>,
    ) -> Expr {
        let at = patterns.iter().fold(subject.span, |s, p| s.cover(span(*p)));
        let mut stack: Vec<(Node<'_>, &str)> =
            patterns.iter().rev().map(|p| (*p, "case_clause")).collect();
        while let Some((n, parent)) = stack.pop() {
            let capture = match n.kind() {
                "dotted_name" if matches!(parent, "case_pattern" | "keyword_pattern") => {
                    match named(n).as_slice() {
                        [single] => Some(*single),
                        _ => None,
                    }
                }
                "identifier" if matches!(parent, "splat_pattern" | "as_pattern") => Some(n),
                _ => None,
            };
            match capture {
                Some(c) if self.text(c) != "_" => then.push(Stmt::Assign {
                    target: Pattern::Name(self.text(c).to_string()),
                    value: other(vec![subject.clone()], subject.span),
                    span: span(c),
                }),
                Some(_) => {}
                None => {
                    let kind = n.kind();
                    stack.extend(named(n).into_iter().rev().map(|c| (c, kind)));
                }
            }
        }
        other(vec![subject.clone()], at)
    }

    pub(super) fn dispatch_pattern(&mut self, n: Node<'_>) -> Pattern {
        match n.kind() {
            "identifier" => Pattern::Name(self.text(n).to_string()),
            "attribute" => match self.chain(n) {
                Some(parts) => Pattern::Name(self.file.scope.resolve_dotted(&parts)),
                None => Pattern::Ignore,
            },
            "subscript" => {
                // Assigning into a container taints the container.
                let mut cur = n;
                while cur.kind() == "subscript" {
                    match cur.child_by_field_name("value") {
                        Some(v) => cur = unparen(v),
                        None => return Pattern::Ignore,
                    }
                }
                self.pattern(cur)
            }
            "pattern_list" | "tuple_pattern" | "list_pattern" | "tuple" | "list"
            | "expression_list" => {
                let parts = named(n)
                    .into_iter()
                    .map(|c| (None, self.pattern(c)))
                    .collect();
                Pattern::Destructure {
                    type_name: None,
                    parts,
                }
            }
            "list_splat_pattern"
            | "list_splat"
            | "as_pattern_target"
            | "parenthesized_expression" => match named(n).as_slice() {
                [inner] => self.pattern(*inner),
                _ => Pattern::Ignore,
            },
            _ => Pattern::Ignore,
        }
    }
}
