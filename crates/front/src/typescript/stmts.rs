//! Statements of the TypeScript and JavaScript front end.

use super::{
    FnInfo, Lowerer, StmtHandler, fields, func_or_empty, is_container, is_function_expr,
    is_ignored_statement, named, unparen, unwrap_value,
};
use crate::common::{Lowering, Node, call, other, span};
use mcplint_ir::{Arg, Expr, Handler, Span, Stmt, ops};
use std::mem;

impl<'s> Lowerer<'s> {
    /// A statement that may be a block: the block's statements are lowered in place.
    pub(super) fn lower_block(&mut self, n: Option<Node<'_>>, out: &mut Vec<Stmt>) {
        let Some(n) = n else { return };
        if n.kind() == "statement_block" {
            for s in named(n) {
                self.lower_stmt(s, out);
            }
        } else {
            self.lower_stmt(n, out);
        }
    }

    /// Dispatches on the statement kind (a table, for small stack frames; see `dispatch_expr`).
    pub(super) fn dispatch_stmt(&mut self, n: Node<'_>, out: &mut Vec<Stmt>) {
        let handler: StmtHandler<'s> = match n.kind() {
            "expression_statement" => Self::expression_statement,
            "lexical_declaration" | "variable_declaration" => Self::declaration_statement,
            "return_statement" | "throw_statement" => Self::exit_statement,
            "if_statement" => Self::if_statement,
            "switch_statement" => Self::switch_statement,
            "for_statement" => Self::for_statement,
            "for_in_statement" => Self::for_in_statement,
            "while_statement" => Self::while_statement,
            "do_statement" => Self::do_statement,
            "try_statement" => Self::try_statement,
            "continue_statement" => Self::continue_statement,
            "labeled_statement" => Self::labeled_statement,
            "with_statement" => Self::with_statement,
            "function_declaration"
            | "generator_function_declaration"
            | "class_declaration"
            | "abstract_class_declaration"
            | "enum_declaration" => Self::definition,
            "internal_module" | "module" => Self::namespace,
            "export_statement" => Self::export_statement,
            kind if is_ignored_statement(kind) => return,
            kind if is_container(kind) => Self::container,
            _ => Self::stray_expression,
        };
        handler(self, n, out);
    }

    /// Error nodes, blocks and stray clauses: their children, one by one.
    pub(super) fn container(&mut self, n: Node<'_>, out: &mut Vec<Stmt>) {
        for c in named(n) {
            self.lower_stmt(c, out);
        }
    }

    /// An expression where a statement was expected (inside error nodes).
    pub(super) fn stray_expression(&mut self, n: Node<'_>, out: &mut Vec<Stmt>) {
        self.lower_expr_stmt(n, out);
    }

    pub(super) fn expression_statement(&mut self, n: Node<'_>, out: &mut Vec<Stmt>) {
        for c in named(n) {
            self.lower_expr_stmt(c, out);
        }
    }

    /// An expression evaluated as a statement: assignments become `Assign`, a sequence
    /// `a, b` one statement per element, anything else `Eval`.
    pub(super) fn lower_expr_stmt(&mut self, e: Node<'_>, out: &mut Vec<Stmt>) {
        let saved = mem::take(&mut self.file.pending);
        let mut stmts = Vec::new();
        let e = unparen(e);
        match e.kind() {
            "assignment_expression" => self.assignment_statement(e, &mut stmts),
            "augmented_assignment_expression" => {
                if let Some(assign) = self.augmented(e) {
                    stmts.push(assign);
                }
            }
            "sequence_expression" => {
                // Flat in this grammar: the elements are never sequences themselves.
                for c in named(e) {
                    if c.kind() == "sequence_expression" {
                        let v = self.lower_expr(c);
                        stmts.push(Stmt::Eval(v));
                    } else {
                        self.lower_expr_stmt(c, &mut stmts);
                    }
                }
            }
            "internal_module" | "module" => self.namespace(e, &mut stmts),
            _ => {
                let v = self.lower_expr(e);
                stmts.push(Stmt::Eval(v));
            }
        }
        out.append(&mut self.file.pending);
        out.append(&mut stmts);
        self.file.pending = saved;
    }

    /// `target = value` as a statement; `CommonJS` `module.exports`/`exports.x` also export.
    pub(super) fn assignment_statement(&mut self, n: Node<'_>, out: &mut Vec<Stmt>) {
        let (Some(left), Some(right)) = (
            n.child_by_field_name("left"),
            n.child_by_field_name("right"),
        ) else {
            return;
        };
        let hint = self.commonjs_export(left, right);
        let value = self.named_value(right, hint, n.start_byte());
        let target = self.pattern(left);
        out.push(Stmt::Assign {
            target,
            value,
            span: span(n),
        });
    }

    pub(super) fn declaration_statement(&mut self, n: Node<'_>, out: &mut Vec<Stmt>) {
        self.declaration(n, n.start_byte(), out);
    }

    /// `const`/`let`/`var`: one `Assign` per declarator with a value (`require` declarators
    /// are imports). Returns the names bound.
    pub(super) fn declaration(
        &mut self,
        n: Node<'_>,
        anchor: usize,
        out: &mut Vec<Stmt>,
    ) -> Vec<String> {
        let mut bound = Vec::new();
        for d in named(n) {
            if d.kind() != "variable_declarator" {
                continue;
            }
            let Some(name) = d.child_by_field_name("name") else {
                continue;
            };
            let Some(value) = d.child_by_field_name("value") else {
                if name.kind() == "identifier" {
                    bound.push(self.text(name).to_string());
                }
                continue;
            };
            if matches!(name.kind(), "identifier" | "object_pattern")
                && self.require_source(value).is_some()
            {
                let target = self.pattern(name);
                bound.extend(target.names().into_iter().map(str::to_string));
                continue;
            }
            let hint =
                (name.kind() == "identifier").then(|| (self.text(name).to_string(), span(name)));
            let value = self.named_value(value, hint, anchor);
            let target = self.pattern(name);
            bound.extend(target.names().into_iter().map(str::to_string));
            out.push(Stmt::Assign {
                target,
                value,
                span: span(d),
            });
        }
        bound
    }

    /// A value bound to a name: a function or class expression there takes the name.
    pub(super) fn named_value(
        &mut self,
        value: Node<'_>,
        name: Option<(String, Span)>,
        anchor: usize,
    ) -> Expr {
        let v = unwrap_value(value);
        if name.is_some() && is_function_expr(v) {
            let id = self.lower_function(v, FnInfo::named(name, anchor));
            return func_or_empty(id, span(v));
        }
        if name.is_some() && v.kind() == "class" {
            self.lower_class(v, Vec::new(), name, anchor);
            return other(Vec::new(), span(v));
        }
        self.lower_expr(value)
    }

    /// `return x` / `throw x`.
    pub(super) fn exit_statement(&mut self, n: Node<'_>, out: &mut Vec<Stmt>) {
        let value = named(n).first().map(|v| self.lower_expr(*v));
        out.push(Stmt::Exit {
            value,
            is_return: n.kind() == "return_statement",
            span: span(n),
        });
    }

    /// `if`/`else if`/`else`, walked iteratively. Each `else if` nests one level deeper in the
    /// IR, so it counts against the depth cap.
    pub(super) fn if_statement(&mut self, n: Node<'_>, out: &mut Vec<Stmt>) {
        let base = self.file.depth;
        let mut levels = Vec::new();
        let mut last_else = Vec::new();
        let mut next = Some(n);
        while let Some(cur) = next.take() {
            if cur.id() != n.id() && !self.file.enter() {
                break;
            }
            let saved = mem::take(&mut self.file.pending);
            let test = self.lower_opt(cur.child_by_field_name("condition"), span(cur));
            let pre = mem::replace(&mut self.file.pending, saved);
            let mut then = Vec::new();
            self.lower_block(cur.child_by_field_name("consequence"), &mut then);
            levels.push((pre, test, then));
            if let Some(alt) = cur.child_by_field_name("alternative") {
                let body = named(alt);
                match body.as_slice() {
                    [s] if s.kind() == "if_statement" => next = Some(*s),
                    _ => {
                        for s in body {
                            self.lower_block(Some(s), &mut last_else);
                        }
                    }
                }
            }
        }
        self.file.depth = base;
        let mut orelse = last_else;
        for (pre, test, then) in levels.into_iter().rev() {
            let mut stmts = pre;
            stmts.push(Stmt::If { test, then, orelse });
            orelse = stmts;
        }
        out.append(&mut orelse);
    }

    /// `switch (x) { case a: ... default: ... }` as an `if` chain on `x == a`; cases falling
    /// through into the same body are `or`ed; `default` is the final `else`.
    pub(super) fn switch_statement(&mut self, n: Node<'_>, out: &mut Vec<Stmt>) {
        let subject = self.lower_opt(n.child_by_field_name("value"), span(n));
        let cases = n.child_by_field_name("body").map(named).unwrap_or_default();
        let base = self.file.depth;
        let mut groups: Vec<(Vec<Expr>, bool, Vec<Stmt>)> = Vec::new();
        let mut tests = Vec::new();
        let mut is_default = false;
        for case in cases {
            match case.kind() {
                "switch_case" => {
                    if let Some(v) = case.child_by_field_name("value") {
                        let value = self.lower_expr(v);
                        tests.push(call(
                            ops::EQ,
                            None,
                            vec![Arg::positional(subject.clone()), Arg::positional(value)],
                            span(v),
                        ));
                    }
                }
                "switch_default" => is_default = true,
                _ => continue,
            }
            let bodies = fields(case, "body");
            if bodies.is_empty() {
                // Falls through into the next case's body.
                continue;
            }
            if !self.file.enter() {
                break;
            }
            let mut stmts = Vec::new();
            for s in bodies {
                self.lower_stmt(s, &mut stmts);
            }
            groups.push((mem::take(&mut tests), is_default, stmts));
            is_default = false;
        }
        if !tests.is_empty() || is_default {
            groups.push((tests, is_default, Vec::new()));
        }
        self.file.depth = base;
        let mut orelse = Vec::new();
        let mut levels = Vec::new();
        let mut have_default = false;
        for (tests, default, body) in groups {
            if default {
                if !have_default {
                    orelse = body;
                    have_default = true;
                }
                continue;
            }
            let test = match tests.len() {
                1 => tests.into_iter().next(),
                _ => {
                    let at = tests
                        .iter()
                        .map(|t| t.span)
                        .reduce(Span::cover)
                        .unwrap_or(subject.span);
                    let args = tests.into_iter().map(Arg::positional).collect();
                    Some(call(ops::OR, None, args, at))
                }
            };
            if let Some(test) = test {
                levels.push((test, body));
            }
        }
        for (test, then) in levels.into_iter().rev() {
            orelse = vec![Stmt::If { test, then, orelse }];
        }
        out.append(&mut orelse);
    }

    /// `for (init; test; update) body`: the initialiser before, then a loop of the test, the
    /// body and the update.
    pub(super) fn for_statement(&mut self, n: Node<'_>, out: &mut Vec<Stmt>) {
        if let Some(init) = n.child_by_field_name("initializer") {
            match init.kind() {
                "lexical_declaration" | "variable_declaration" => self.lower_stmt(init, out),
                "empty_statement" | ";" => {}
                _ => self.lower_expr_stmt(init, out),
            }
        }
        let mut body = Vec::new();
        for c in fields(n, "condition") {
            if c.kind() != "empty_statement" {
                let saved = mem::take(&mut self.file.pending);
                let test = self.lower_expr(c);
                body.append(&mut self.file.pending);
                self.file.pending = saved;
                body.push(Stmt::Eval(test));
            }
        }
        self.lower_block(n.child_by_field_name("body"), &mut body);
        if let Some(update) = n.child_by_field_name("increment") {
            self.lower_expr_stmt(update, &mut body);
        }
        out.push(Stmt::Loop(body));
    }

    /// `for (const x of xs)` / `for (k in o)`: the binding at the top of the loop body.
    pub(super) fn for_in_statement(&mut self, n: Node<'_>, out: &mut Vec<Stmt>) {
        let mut body = Vec::new();
        if let (Some(left), Some(right)) = (
            n.child_by_field_name("left"),
            n.child_by_field_name("right"),
        ) {
            let iter = self.lower_expr(right);
            let target = self.pattern(left);
            body.push(Stmt::Assign {
                target,
                value: other(vec![iter], span(right)),
                span: Span::new(left.start_byte(), right.end_byte()),
            });
        }
        self.lower_block(n.child_by_field_name("body"), &mut body);
        out.push(Stmt::Loop(body));
    }

    pub(super) fn while_statement(&mut self, n: Node<'_>, out: &mut Vec<Stmt>) {
        // The test runs on every iteration: what it emits goes inside the loop.
        let saved = mem::take(&mut self.file.pending);
        let test = self.lower_opt(n.child_by_field_name("condition"), span(n));
        let mut body = mem::replace(&mut self.file.pending, saved);
        body.push(Stmt::Eval(test));
        self.lower_block(n.child_by_field_name("body"), &mut body);
        out.push(Stmt::Loop(body));
    }

    pub(super) fn do_statement(&mut self, n: Node<'_>, out: &mut Vec<Stmt>) {
        let mut body = Vec::new();
        self.lower_block(n.child_by_field_name("body"), &mut body);
        let saved = mem::take(&mut self.file.pending);
        let test = self.lower_opt(n.child_by_field_name("condition"), span(n));
        body.append(&mut self.file.pending);
        self.file.pending = saved;
        body.push(Stmt::Eval(test));
        out.push(Stmt::Loop(body));
    }

    /// `try`/`catch`/`finally`; a `catch (e)` binds the error to an opaque value first.
    pub(super) fn try_statement(&mut self, n: Node<'_>, out: &mut Vec<Stmt>) {
        let mut body = Vec::new();
        self.lower_block(n.child_by_field_name("body"), &mut body);
        let mut handlers = Vec::new();
        if let Some(handler) = n.child_by_field_name("handler") {
            let mut then = Vec::new();
            if let Some(param) = handler.child_by_field_name("parameter") {
                let target = self.pattern(param);
                then.push(Stmt::Assign {
                    target,
                    value: other(Vec::new(), span(param)),
                    span: span(param),
                });
            }
            self.lower_block(handler.child_by_field_name("body"), &mut then);
            handlers.push(Handler {
                body: then,
                span: span(handler),
            });
        }
        let mut finally = Vec::new();
        if let Some(fin) = n.child_by_field_name("finalizer") {
            self.lower_block(fin.child_by_field_name("body"), &mut finally);
        }
        out.push(Stmt::Try {
            body,
            handlers,
            orelse: Vec::new(),
            finally,
        });
    }

    /// `continue` (a `break` may end a `switch` case rather than a loop, and is not lowered).
    #[expect(clippy::unused_self, reason = "a StmtHandler")]
    pub(super) fn continue_statement(&mut self, n: Node<'_>, out: &mut Vec<Stmt>) {
        out.push(Stmt::Jump(span(n)));
    }

    pub(super) fn labeled_statement(&mut self, n: Node<'_>, out: &mut Vec<Stmt>) {
        self.lower_block(n.child_by_field_name("body"), out);
    }

    pub(super) fn with_statement(&mut self, n: Node<'_>, out: &mut Vec<Stmt>) {
        if let Some(obj) = n.child_by_field_name("object") {
            let e = self.lower_expr(obj);
            out.push(Stmt::Eval(e));
        }
        self.lower_block(n.child_by_field_name("body"), out);
    }

    /// Function, class and enum declarations: no statement.
    pub(super) fn definition(&mut self, n: Node<'_>, _out: &mut Vec<Stmt>) {
        self.declare(n, Vec::new(), n.start_byte());
    }

    /// Lowers a function, class or enum declaration; returns the name it declares.
    pub(super) fn declare(
        &mut self,
        n: Node<'_>,
        decorators: Vec<Expr>,
        anchor: usize,
    ) -> Option<String> {
        let name = n
            .child_by_field_name("name")
            .map(|m| self.text(m).to_string());
        match n.kind() {
            "function_declaration" | "generator_function_declaration" => {
                self.lower_function(n, FnInfo::at(anchor));
            }
            "class_declaration" | "abstract_class_declaration" => {
                self.lower_class(n, decorators, None, anchor);
            }
            "enum_declaration" => self.lower_enum(n, anchor),
            _ => return None,
        }
        name
    }

    /// TS `namespace N { ... }` / `module N { ... }`: the contents, inline.
    pub(super) fn namespace(&mut self, n: Node<'_>, out: &mut Vec<Stmt>) {
        self.namespaces += 1;
        self.lower_block(n.child_by_field_name("body"), out);
        self.namespaces -= 1;
    }
}
