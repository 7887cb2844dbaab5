//! Statements of the Python front end.

use super::{Lowerer, MAX_CHAINED_TARGETS, StmtHandler, fields, is_container, named};
use crate::common::{Lowering, Node, call, child_of_kind, other, span};
use mcplint_ir::{Arg, Expr, ExprKind, Handler, Span, Stmt, ops};
use std::mem;

impl<'s> Lowerer<'s> {
    pub(super) fn lower_block(&mut self, block: Option<Node<'_>>, out: &mut Vec<Stmt>) {
        if let Some(block) = block {
            for s in named(block) {
                self.lower_stmt(s, out);
            }
        }
    }

    /// Dispatches on the statement kind (a table, for small stack frames; see `dispatch_expr`).
    pub(super) fn dispatch_stmt(&mut self, n: Node<'_>, out: &mut Vec<Stmt>) {
        let handler: StmtHandler<'s> = match n.kind() {
            "expression_statement" => Self::expression_statement,
            "return_statement" | "raise_statement" => Self::exit_statement,
            "assert_statement" => Self::assert_statement,
            "delete_statement" => Self::delete_statement,
            "exec_statement" => Self::exec_statement,
            "if_statement" => Self::if_statement,
            "while_statement" => Self::while_statement,
            "for_statement" => Self::for_statement,
            "with_statement" => Self::with_statement,
            "try_statement" => Self::try_statement,
            "break_statement" | "continue_statement" => Self::jump_statement,
            "match_statement" => Self::match_statement,
            "function_definition" | "class_definition" | "decorated_definition" => Self::definition,
            "import_statement"
            | "import_from_statement"
            | "future_import_statement"
            | "global_statement"
            | "nonlocal_statement"
            | "pass_statement"
            | "print_statement"
            | "type_alias_statement"
            | "comment"
            | "line_continuation" => return,
            kind if is_container(kind) => Self::container,
            _ => Self::stray_expression,
        };
        handler(self, n, out);
    }

    /// `return x` / `raise x [from y]`.
    pub(super) fn exit_statement(&mut self, n: Node<'_>, out: &mut Vec<Stmt>) {
        let cause = n.child_by_field_name("cause").map(|c| c.id());
        let value = named(n).into_iter().find(|c| Some(c.id()) != cause);
        let value = value.map(|v| self.lower_expr(v));
        let is_return = n.kind() == "return_statement";
        out.push(Stmt::Exit {
            value,
            is_return,
            span: span(n),
        });
    }

    /// `break` / `continue`.
    #[expect(clippy::unused_self, reason = "a StmtHandler")]
    pub(super) fn jump_statement(&mut self, n: Node<'_>, out: &mut Vec<Stmt>) {
        out.push(Stmt::Jump(span(n)));
    }

    /// `assert c` is `if not c: raise`.
    pub(super) fn assert_statement(&mut self, n: Node<'_>, out: &mut Vec<Stmt>) {
        let test = self.lower_opt(named(n).first().copied(), span(n));
        let not = call(ops::NOT, None, vec![Arg::positional(test)], span(n));
        let exit = Stmt::Exit {
            value: None,
            is_return: false,
            span: span(n),
        };
        out.push(Stmt::If {
            test: not,
            then: vec![exit],
            orelse: Vec::new(),
        });
    }

    pub(super) fn delete_statement(&mut self, n: Node<'_>, out: &mut Vec<Stmt>) {
        if let Some(target) = named(n).first() {
            let e = self.lower_expr(*target);
            out.push(Stmt::Eval(e));
        }
    }

    /// Python 2 `exec code`, as a call to `exec`.
    pub(super) fn exec_statement(&mut self, n: Node<'_>, out: &mut Vec<Stmt>) {
        if let Some(code) = n.child_by_field_name("code") {
            let code = self.lower_expr(code);
            out.push(Stmt::Eval(call(
                "exec",
                None,
                vec![Arg::positional(code)],
                span(n),
            )));
        }
    }

    pub(super) fn definition(&mut self, n: Node<'_>, out: &mut Vec<Stmt>) {
        match n.kind() {
            "function_definition" => {
                self.lower_def(n, Vec::new(), None);
            }
            "class_definition" => {
                self.lower_class(n, Vec::new(), out);
            }
            _ => self.decorated(n, None, out),
        }
    }

    /// Error nodes, blocks and stray clauses: their children, one by one.
    pub(super) fn container(&mut self, n: Node<'_>, out: &mut Vec<Stmt>) {
        for c in named(n) {
            self.lower_stmt(c, out);
        }
    }

    /// An expression where a statement was expected (inside error nodes).
    pub(super) fn stray_expression(&mut self, n: Node<'_>, out: &mut Vec<Stmt>) {
        let e = self.lower_expr(n);
        out.push(Stmt::Eval(e));
    }

    pub(super) fn expression_statement(&mut self, n: Node<'_>, out: &mut Vec<Stmt>) {
        match named(n).as_slice() {
            [] => {}
            [single] => match single.kind() {
                "assignment" => self.assignment(*single, out),
                "augmented_assignment" => out.extend(self.augmented(*single)),
                _ => {
                    let e = self.lower_expr(*single);
                    out.push(Stmt::Eval(e));
                }
            },
            many => {
                let args = many.iter().map(|c| self.collection_arg(*c)).collect();
                out.push(Stmt::Eval(Expr::new(ExprKind::Record(args), span(n))));
            }
        }
    }

    pub(super) fn assignment(&mut self, n: Node<'_>, out: &mut Vec<Stmt>) {
        let mut targets = Vec::new();
        let mut cur = n;
        let value = loop {
            // The value is cloned for every target: cap absurd chains (`a = a = ... = big`).
            if let Some(left) = cur.child_by_field_name("left")
                && targets.len() < MAX_CHAINED_TARGETS
            {
                targets.push(left);
            }
            match cur.child_by_field_name("right") {
                Some(r) if r.kind() == "assignment" => cur = r,
                Some(r) => break Some(r),
                None => break None,
            }
        };
        // An annotation without a value binds nothing.
        let Some(value) = value else { return };
        let value = self.lower_expr(value);
        for t in targets {
            if self.module_scope {
                self.export_target(t);
            }
            let target = self.pattern(t);
            out.push(Stmt::Assign {
                target,
                value: value.clone(),
                span: span(n),
            });
        }
    }

    pub(super) fn if_statement(&mut self, n: Node<'_>, out: &mut Vec<Stmt>) {
        let test = self.lower_opt(n.child_by_field_name("condition"), span(n));
        let mut then = Vec::new();
        self.lower_block(n.child_by_field_name("consequence"), &mut then);
        let orelse = self.elif_chain(n);
        out.push(Stmt::If { test, then, orelse });
    }

    /// The `elif`/`else` clauses of an `if`, nested. Each `elif` nests one level deeper in
    /// the IR, so it counts against the depth cap.
    pub(super) fn elif_chain(&mut self, n: Node<'_>) -> Vec<Stmt> {
        let base = self.file.depth;
        let mut levels = Vec::new();
        let mut last_else = Vec::new();
        for alt in fields(n, "alternative") {
            if !self.file.enter() {
                break;
            }
            if alt.kind() == "elif_clause" {
                let saved = mem::take(&mut self.file.pending);
                let test = self.lower_opt(alt.child_by_field_name("condition"), span(alt));
                let pre = mem::replace(&mut self.file.pending, saved);
                let mut body = Vec::new();
                self.lower_block(alt.child_by_field_name("consequence"), &mut body);
                levels.push((pre, test, body));
            } else if alt.kind() == "else_clause" {
                self.lower_block(alt.child_by_field_name("body"), &mut last_else);
            }
        }
        self.file.depth = base;
        let mut orelse = last_else;
        for (pre, test, then) in levels.into_iter().rev() {
            let mut stmts = pre;
            stmts.push(Stmt::If { test, then, orelse });
            orelse = stmts;
        }
        orelse
    }

    pub(super) fn while_statement(&mut self, n: Node<'_>, out: &mut Vec<Stmt>) {
        // The test runs on every iteration: what it emits goes inside the loop.
        let saved = mem::take(&mut self.file.pending);
        let test = self.lower_opt(n.child_by_field_name("condition"), span(n));
        let mut body = mem::replace(&mut self.file.pending, saved);
        body.push(Stmt::Eval(test));
        self.lower_block(n.child_by_field_name("body"), &mut body);
        out.push(Stmt::Loop(body));
        if let Some(alt) = n.child_by_field_name("alternative") {
            self.lower_block(alt.child_by_field_name("body"), out);
        }
    }

    pub(super) fn for_statement(&mut self, n: Node<'_>, out: &mut Vec<Stmt>) {
        let mut body = Vec::new();
        if let (Some(left), Some(right)) = (
            n.child_by_field_name("left"),
            n.child_by_field_name("right"),
        ) {
            let iter = self.lower_expr(right);
            let target = self.pattern(left);
            let at = Span::new(left.start_byte(), right.end_byte());
            body.push(Stmt::Assign {
                target,
                value: other(vec![iter], span(right)),
                span: at,
            });
        }
        self.lower_block(n.child_by_field_name("body"), &mut body);
        out.push(Stmt::Loop(body));
        if let Some(alt) = n.child_by_field_name("alternative") {
            self.lower_block(alt.child_by_field_name("body"), out);
        }
    }

    pub(super) fn with_statement(&mut self, n: Node<'_>, out: &mut Vec<Stmt>) {
        if let Some(clause) = child_of_kind(n, "with_clause") {
            for item in named(clause) {
                let Some(value) = item.child_by_field_name("value") else {
                    continue;
                };
                let alias = (value.kind() == "as_pattern")
                    .then(|| value.child_by_field_name("alias"))
                    .flatten();
                match (alias, named(value).first()) {
                    (Some(alias), Some(expr)) => {
                        let value = self.lower_expr(*expr);
                        let target = self.pattern(alias);
                        out.push(Stmt::Assign {
                            target,
                            value,
                            span: span(item),
                        });
                    }
                    _ => {
                        let e = self.lower_expr(value);
                        out.push(Stmt::Eval(e));
                    }
                }
            }
        }
        self.lower_block(n.child_by_field_name("body"), out);
    }

    /// `try`/`except`/`except*`/`else`/`finally`; a handler that names the error binds it to
    /// an opaque value first.
    pub(super) fn try_statement(&mut self, n: Node<'_>, out: &mut Vec<Stmt>) {
        let mut body = Vec::new();
        self.lower_block(n.child_by_field_name("body"), &mut body);
        let (mut handlers, mut orelse, mut finally) = (Vec::new(), Vec::new(), Vec::new());
        for c in named(n) {
            match c.kind() {
                "except_clause" | "except_group_clause" => {
                    let mut then = Vec::new();
                    let alias = c.child_by_field_name("alias").or_else(|| {
                        c.child_by_field_name("value")
                            .filter(|v| v.kind() == "as_pattern")
                            .and_then(|v| v.child_by_field_name("alias"))
                    });
                    if let Some(alias) = alias {
                        let target = self.pattern(alias);
                        then.push(Stmt::Assign {
                            target,
                            value: other(Vec::new(), span(alias)),
                            span: span(alias),
                        });
                    }
                    self.lower_block(child_of_kind(c, "block"), &mut then);
                    handlers.push(Handler {
                        body: then,
                        span: span(c),
                    });
                }
                "else_clause" => self.lower_block(c.child_by_field_name("body"), &mut orelse),
                "finally_clause" => self.lower_block(child_of_kind(c, "block"), &mut finally),
                _ => {}
            }
        }
        out.push(Stmt::Try {
            body,
            handlers,
            orelse,
            finally,
        });
    }

    pub(super) fn decorated(&mut self, n: Node<'_>, class: Option<usize>, out: &mut Vec<Stmt>) {
        let mut decorators = Vec::new();
        for d in named(n).into_iter().filter(|d| d.kind() == "decorator") {
            if let Some(e) = named(d).first() {
                decorators.push(self.lower_expr(*e));
            }
        }
        let Some(def) = n.child_by_field_name("definition") else {
            return;
        };
        match def.kind() {
            "function_definition" => {
                if let Some(id) = self.lower_def(def, decorators, class)
                    && let Some(c) = class.and_then(|c| self.file.classes.get_mut(c))
                {
                    c.methods.push(id);
                }
            }
            "class_definition" => {
                self.lower_class(def, decorators, out);
            }
            _ => {}
        }
    }
}
