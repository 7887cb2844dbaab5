//! Expressions of the Rust front end.

use std::mem;

use crate::common::{Node, interp_or_str, splice};
use mcplint_ir::{Arg, Expr, ExprKind, Function, Span, Stmt, ops};

use super::text::{ident_name, unquote};
use super::{Lowerer, Tail, child_of_kind, named, other, span};

/// A handler for one kind of expression node.
type Handler<'s> = for<'t> fn(&mut Lowerer<'s>, Node<'t>) -> ExprKind;

/// Strips parentheses around an expression.
pub(super) fn unparen(mut n: Node<'_>) -> Node<'_> {
    while n.kind() == "parenthesized_expression" {
        match named(n).as_slice() {
            [inner] => n = *inner,
            _ => break,
        }
    }
    n
}

/// Whether an expression is transparent for taint (`(e)`, `e?`, `e.await`, `&e`, `*e`,
/// `e as T`); returns the inner expression.
fn transparent_inner(n: Node<'_>) -> Option<Node<'_>> {
    match n.kind() {
        "parenthesized_expression" | "try_expression" | "await_expression" => {
            match named(n).as_slice() {
                [inner] => Some(*inner),
                _ => None,
            }
        }
        "reference_expression" | "type_cast_expression" => n.child_by_field_name("value"),
        "unary_expression" if child_of_kind(n, "*").is_some() => named(n).last().copied(),
        _ => None,
    }
}

impl<'s> Lowerer<'s> {
    pub(super) fn lower_expr(&mut self, n: Node<'_>) -> Expr {
        // Transparent wrappers are peeled iteratively: `&&&&x` or `((((x))))` can be deep.
        let mut n = n;
        while let Some(inner) = transparent_inner(n) {
            n = inner;
        }
        if n.is_missing() || !self.file.enter() {
            return other(Vec::new(), span(n));
        }
        let e = self.expr_inner(n);
        self.file.leave();
        e
    }

    pub(super) fn lower_opt(&mut self, n: Option<Node<'_>>, fallback: Span) -> Expr {
        match n {
            Some(n) => self.lower_expr(n),
            None => other(Vec::new(), fallback),
        }
    }

    /// Lowers each node (a plain loop: iterator adaptors cost stack frames in debug builds,
    /// and this is on the recursive path).
    fn lower_all(&mut self, nodes: Vec<Node<'_>>) -> Vec<Expr> {
        let mut out = Vec::with_capacity(nodes.len());
        for n in nodes {
            if n.kind() != "attribute_item" {
                out.push(self.lower_expr(n));
            }
        }
        out
    }

    /// Dispatches on the node kind. Kept to a table of handlers so that each level of nesting
    /// only pays for the stack frame of the handler it uses.
    fn expr_inner(&mut self, n: Node<'_>) -> Expr {
        let handler: Handler<'s> = match n.kind() {
            "identifier" => Self::identifier,
            "self" => Self::self_name,
            "boolean_literal" => Self::boolean,
            "string_literal" | "raw_string_literal" => Self::string,
            "integer_literal" | "float_literal" | "char_literal" | "negative_literal"
            | "metavariable" | "unit_type" => Self::opaque,
            "unit_expression" => Self::unit,
            "scoped_identifier"
            | "generic_function"
            | "scoped_type_identifier"
            | "type_identifier"
            | "generic_type"
            | "generic_type_with_turbofish" => Self::path,
            "field_expression" => Self::field,
            "call_expression" => Self::call,
            "macro_invocation" => Self::macro_expr,
            "binary_expression" => Self::binary,
            "unary_expression" => Self::unary,
            "index_expression" => Self::index,
            "struct_expression" => Self::struct_literal,
            "tuple_expression" | "array_expression" => Self::sequence,
            "closure_expression" => Self::closure,
            "if_expression" => Self::if_value,
            "match_expression" => Self::match_value,
            "block" | "unsafe_block" | "async_block" | "const_block" | "try_block"
            | "gen_block" => Self::block_value,
            "loop_expression" | "while_expression" | "for_expression" => Self::loop_value,
            "assignment_expression" | "compound_assignment_expr" => Self::assign_value,
            _ => Self::generic,
        };
        let kind = handler(self, n);
        Expr::new(kind, span(n))
    }

    fn identifier(&mut self, n: Node<'_>) -> ExprKind {
        let name = ident_name(self.text(n));
        ExprKind::Name(self.resolve_path(&[name]))
    }

    #[expect(clippy::unused_self, reason = "a Handler")]
    fn self_name(&mut self, _: Node<'_>) -> ExprKind {
        ExprKind::Name("self".into())
    }

    fn boolean(&mut self, n: Node<'_>) -> ExprKind {
        ExprKind::Name(self.text(n).trim().to_string())
    }

    fn string(&mut self, n: Node<'_>) -> ExprKind {
        match unquote(self.text(n)) {
            Some(u) => ExprKind::Str(u.value),
            None => ExprKind::Other(Vec::new()),
        }
    }

    #[expect(clippy::unused_self, reason = "a Handler")]
    fn opaque(&mut self, _: Node<'_>) -> ExprKind {
        ExprKind::Other(Vec::new())
    }

    #[expect(clippy::unused_self, reason = "a Handler")]
    fn unit(&mut self, _: Node<'_>) -> ExprKind {
        ExprKind::Record(Vec::new())
    }

    fn generic(&mut self, n: Node<'_>) -> ExprKind {
        ExprKind::Other(self.lower_all(named(n)))
    }

    /// `a::b::c`, `Vec::<u8>::new`: a name, resolved through the imports.
    fn path(&mut self, n: Node<'_>) -> ExprKind {
        match self.path_segments(n) {
            Some(segs) => ExprKind::Name(self.resolve_path(&segs)),
            None => ExprKind::Other(Vec::new()),
        }
    }

    /// A field chain rooted at a name, `self` or a path, as a dotted name (`params.0.path`).
    pub(super) fn field_chain(&self, n: Node<'_>) -> Option<String> {
        let mut fields = Vec::new();
        let mut cur = n;
        loop {
            match cur.kind() {
                "field_expression" => {
                    fields.push(ident_name(self.text(cur.child_by_field_name("field")?)));
                    cur = unparen(cur.child_by_field_name("value")?);
                }
                "self" => {
                    fields.push("self");
                    break;
                }
                "identifier" if !cur.is_missing() => {
                    let root = self.resolve_path(&[ident_name(self.text(cur))]);
                    let mut out = root;
                    for f in fields.iter().rev() {
                        out.push('.');
                        out.push_str(f);
                    }
                    return Some(out);
                }
                "scoped_identifier" => {
                    let segs = self.path_segments(cur)?;
                    let mut out = self.resolve_path(&segs);
                    for f in fields.iter().rev() {
                        out.push('.');
                        out.push_str(f);
                    }
                    return Some(out);
                }
                _ => return None,
            }
        }
        fields.reverse();
        Some(fields.join("."))
    }

    fn field(&mut self, n: Node<'_>) -> ExprKind {
        if let Some(name) = self.field_chain(n) {
            return ExprKind::Name(name);
        }
        // `f().a.b`: the fields of anything but a name are opaque; lower the expression at the
        // bottom of the chain once (walking down iteratively keeps long chains linear).
        let mut root = n;
        while root.kind() == "field_expression" {
            match root.child_by_field_name("value") {
                Some(v) => root = unparen(v),
                None => break,
            }
        }
        if root.id() == n.id() {
            return ExprKind::Other(Vec::new());
        }
        ExprKind::Other(vec![self.lower_expr(root)])
    }

    fn args(&mut self, list: Option<Node<'_>>) -> Vec<Arg> {
        let Some(list) = list else { return Vec::new() };
        let mut args = Vec::new();
        for c in named(list) {
            if c.kind() != "attribute_item" {
                args.push(Arg::positional(self.lower_expr(c)));
            }
        }
        args
    }

    /// `path(args)`, `x.m(args)` (`*.m` with the receiver), anything else called (`<call>`).
    fn call(&mut self, n: Node<'_>) -> ExprKind {
        let args_node = n.child_by_field_name("arguments");
        let Some(func) = n.child_by_field_name("function") else {
            let args = self.args(args_node);
            return ExprKind::Other(args.into_iter().map(|a| a.value).collect());
        };
        // `x.m::<T>(...)`: the turbofish is dropped.
        let method = match func.kind() {
            "field_expression" => Some(func),
            "generic_function" => func
                .child_by_field_name("function")
                .filter(|f| f.kind() == "field_expression"),
            _ => None,
        };
        let (callee, receiver) = if let Some(m) = method {
            let name = m
                .child_by_field_name("field")
                .map_or("", |f| ident_name(self.text(f)));
            let receiver = self.lower_opt(m.child_by_field_name("value"), span(m));
            (format!("*.{name}"), Some(Box::new(receiver)))
        } else if let Some(segs) = matches!(
            func.kind(),
            "identifier" | "scoped_identifier" | "generic_function" | "self"
        )
        .then(|| self.path_segments(func))
        .flatten()
        {
            (self.resolve_path(&segs), None)
        } else {
            let f = self.lower_expr(func);
            (ops::CALL_EXPR.to_string(), Some(Box::new(f)))
        };
        let args = self.args(args_node);
        ExprKind::Call {
            callee,
            receiver,
            args,
        }
    }

    fn binary(&mut self, n: Node<'_>) -> ExprKind {
        let op = n.child_by_field_name("operator").map_or("", |o| o.kind());
        match op {
            "+" | "&&" | "||" => {
                // Flatten the left spine iteratively: long chains are common and deep.
                let mut rights = Vec::new();
                let mut cur = n;
                while cur.kind() == "binary_expression"
                    && cur
                        .child_by_field_name("operator")
                        .is_some_and(|o| o.kind() == op)
                {
                    let (Some(l), Some(r)) = (
                        cur.child_by_field_name("left"),
                        cur.child_by_field_name("right"),
                    ) else {
                        break;
                    };
                    rights.push(r);
                    cur = unparen(l);
                }
                let first = self.lower_expr(cur);
                if op == "+" {
                    let mut parts = Vec::new();
                    splice(&mut parts, first);
                    for r in rights.into_iter().rev() {
                        let e = self.lower_expr(r);
                        splice(&mut parts, e);
                    }
                    return interp_or_str(parts);
                }
                let mut args = vec![Arg::positional(first)];
                for r in rights.into_iter().rev() {
                    args.push(Arg::positional(self.lower_expr(r)));
                }
                ExprKind::Call {
                    callee: if op == "&&" { ops::AND } else { ops::OR }.into(),
                    receiver: None,
                    args,
                }
            }
            _ => {
                let l = self.lower_opt(n.child_by_field_name("left"), span(n));
                let r = self.lower_opt(n.child_by_field_name("right"), span(n));
                let callee = match op {
                    "==" => ops::EQ,
                    "!=" => ops::NE,
                    _ => return ExprKind::Other(vec![l, r]),
                };
                ExprKind::Call {
                    callee: callee.into(),
                    receiver: None,
                    args: vec![Arg::positional(l), Arg::positional(r)],
                }
            }
        }
    }

    /// `!x` is `not`; `-x` is opaque (`*x` is transparent, see [`transparent_inner`]).
    fn unary(&mut self, n: Node<'_>) -> ExprKind {
        let arg = self.lower_opt(named(n).last().copied(), span(n));
        if child_of_kind(n, "!").is_some() {
            ExprKind::Call {
                callee: ops::NOT.into(),
                receiver: None,
                args: vec![Arg::positional(arg)],
            }
        } else {
            ExprKind::Other(vec![arg])
        }
    }

    fn index(&mut self, n: Node<'_>) -> ExprKind {
        let kids = named(n);
        let value = self.lower_opt(kids.first().copied(), span(n));
        let args = kids
            .get(1..)
            .unwrap_or_default()
            .iter()
            .map(|k| Arg::positional(self.lower_expr(*k)))
            .collect();
        ExprKind::Call {
            callee: ops::SUBSCRIPT.into(),
            receiver: Some(Box::new(value)),
            args,
        }
    }

    /// `T { a: x, b, ..base }` as a record with keyword entries.
    fn struct_literal(&mut self, n: Node<'_>) -> ExprKind {
        let mut args = Vec::new();
        let list = n.child_by_field_name("body").map(named).unwrap_or_default();
        for c in list {
            match c.kind() {
                "field_initializer" => {
                    let key = c
                        .child_by_field_name("field")
                        .map_or("", |f| ident_name(self.text(f)))
                        .to_string();
                    let value = self.lower_opt(c.child_by_field_name("value"), span(c));
                    args.push(Arg::keyword(key, value));
                }
                "shorthand_field_initializer" => {
                    if let Some(id) = named(c).into_iter().find(|i| i.kind() == "identifier") {
                        let key = ident_name(self.text(id)).to_string();
                        let value = self.lower_expr(id);
                        args.push(Arg::keyword(key, value));
                    }
                }
                "base_field_initializer" => {
                    let value = self.lower_opt(named(c).first().copied(), span(c));
                    args.push(Arg {
                        keyword: None,
                        value,
                        spread: true,
                    });
                }
                _ => {}
            }
        }
        ExprKind::Record(args)
    }

    /// Tuples, arrays and `[x; n]` as positional records.
    fn sequence(&mut self, n: Node<'_>) -> ExprKind {
        let values = self.lower_all(named(n));
        ExprKind::Record(values.into_iter().map(Arg::positional).collect())
    }

    /// `|a, b| e`, `move |x| { ... }`: a function whose body returns the expression.
    fn closure(&mut self, n: Node<'_>) -> ExprKind {
        let id = self.file.functions.len();
        let mut f = Function::new(None, span(n));
        f.parent = self.cur_fn;
        self.file.functions.push(f);
        let params = self.closure_params(n.child_by_field_name("parameters"));
        let locals = params
            .iter()
            .flat_map(|p| p.pattern.names())
            .map(str::to_string)
            .collect();
        self.file.scope.enter(locals);
        let saved_fn = self.cur_fn.replace(id);
        let saved_class = self.cur_class.take();
        let saved_scope = mem::replace(&mut self.module_scope, false);
        let saved_pending = mem::take(&mut self.file.pending);
        let mut stmts = Vec::new();
        if let Some(b) = n.child_by_field_name("body") {
            self.expr_stmt(b, &mut stmts, Tail::Return);
        }
        let mut body = mem::replace(&mut self.file.pending, saved_pending);
        body.append(&mut stmts);
        self.module_scope = saved_scope;
        self.cur_class = saved_class;
        self.cur_fn = saved_fn;
        self.file.scope.leave();
        if let Some(f) = self.file.functions.get_mut(id) {
            f.params = params;
            f.body = body;
        }
        ExprKind::Func(id)
    }

    fn closure_params(&mut self, list: Option<Node<'_>>) -> Vec<mcplint_ir::Param> {
        let mut out = Vec::new();
        let Some(list) = list else { return out };
        for p in named(list) {
            let (pat, ty) = if p.kind() == "parameter" {
                (
                    p.child_by_field_name("pattern"),
                    p.child_by_field_name("type"),
                )
            } else {
                (Some(p), None)
            };
            let Some(pat) = pat else { continue };
            let annotation = ty.map(|t| Expr::new(ExprKind::Name(self.type_text(t)), span(t)));
            out.push(mcplint_ir::Param {
                name: self.binding_name(pat),
                kind: mcplint_ir::ParamKind::Normal,
                annotation,
                default: None,
                pattern: self.top_pattern(pat),
                attributes: Vec::new(),
                span: span(p),
            });
        }
        out
    }

    // ---------------------------------------------------------------------------------------
    // Control flow used as a value: the statements go to `pending`, the value is returned.

    /// Whether evaluating the expression leaves the enclosing block (`return`, `break`,
    /// `continue`, `panic!`, `bail!`, ...).
    pub(super) fn diverges(&self, n: Node<'_>) -> bool {
        match unparen(n).kind() {
            "return_expression" | "break_expression" | "continue_expression" => true,
            "macro_invocation" => self.is_diverging_macro(unparen(n)),
            _ => false,
        }
    }

    /// A branch of an `if` or `match` used as a value: its statements, and its value unless it
    /// diverges.
    fn branch(&mut self, n: Node<'_>) -> (Vec<Stmt>, Option<Expr>) {
        let n = unparen(n);
        let block = match n.kind() {
            "block" => Some(n),
            "unsafe_block" | "const_block" => child_of_kind(n, "block"),
            _ => None,
        };
        let mut stmts = Vec::new();
        if let Some(b) = block {
            let kids = named(b);
            let tail = kids.last().copied().filter(|t| is_tail(*t));
            for c in super::named_all(b) {
                if Some(c.id()) == tail.map(|t| t.id()) {
                    break;
                }
                if !super::is_comment(c) && c.kind() != "attribute_item" {
                    self.lower_stmt(c, &mut stmts, super::Attrs::default(), Tail::Discard);
                }
            }
            let Some(t) = tail else {
                return (stmts, None);
            };
            let t = if t.kind() == "expression_statement" {
                named(t).first().copied().unwrap_or(t)
            } else {
                t
            };
            return self.branch_value(t, stmts);
        }
        self.branch_value(n, stmts)
    }

    fn branch_value(&mut self, n: Node<'_>, mut stmts: Vec<Stmt>) -> (Vec<Stmt>, Option<Expr>) {
        if self.diverges(n) {
            let saved = mem::take(&mut self.file.pending);
            let mut s = Vec::new();
            self.expr_stmt(n, &mut s, Tail::Discard);
            stmts.append(&mut self.file.pending);
            stmts.append(&mut s);
            self.file.pending = saved;
            return (stmts, None);
        }
        let saved = mem::take(&mut self.file.pending);
        let v = self.lower_expr(n);
        stmts.append(&mut self.file.pending);
        self.file.pending = saved;
        (stmts, Some(v))
    }

    /// `if c { a } else { b }` as a value: `Cond`, with the branches' statements emitted
    /// before as an `If`.
    fn if_value(&mut self, n: Node<'_>) -> ExprKind {
        let (test, binds) = self.condition(n.child_by_field_name("condition"), span(n));
        let (mut then_stmts, then_val) = match n.child_by_field_name("consequence") {
            Some(b) => self.branch(b),
            None => (Vec::new(), None),
        };
        if !binds.is_empty() {
            let mut all = binds;
            all.append(&mut then_stmts);
            then_stmts = all;
        }
        let alt = n
            .child_by_field_name("alternative")
            .and_then(|e| named(e).first().copied());
        let (else_stmts, else_val) = match alt {
            Some(a) => self.branch(a),
            None => (Vec::new(), None),
        };
        if !then_stmts.is_empty() || !else_stmts.is_empty() {
            self.file.pending.push(Stmt::If {
                test: test.clone(),
                then: then_stmts,
                orelse: else_stmts,
            });
        }
        let at = span(n);
        ExprKind::Cond {
            test: Box::new(test),
            then: Box::new(then_val.unwrap_or_else(|| other(Vec::new(), at))),
            orelse: Box::new(else_val.unwrap_or_else(|| other(Vec::new(), at))),
        }
    }

    /// `match` as a value: `Other([arm values...])`, with the arms' tests, bindings and
    /// statements emitted before as an `if` chain.
    fn match_value(&mut self, n: Node<'_>) -> ExprKind {
        let subject = self.lower_opt(n.child_by_field_name("value"), span(n));
        let arms = n
            .child_by_field_name("body")
            .map(|b| {
                named(b)
                    .into_iter()
                    .filter(|a| a.kind() == "match_arm")
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default();
        let base = self.file.depth;
        let at = span(n);
        // The value is what the arms give, each under its arm's test (`"read" => read(args)` is
        // `if name == "read" { read(args) }`); the subject reaches them through the bindings.
        let mut levels = Vec::new();
        let mut last_else = None;
        let mut any = false;
        for arm in arms {
            if !self.file.enter() {
                break;
            }
            let mut then = Vec::new();
            let test = self.arm_test(arm, &subject, &mut then);
            let mut value = None;
            if let Some(v) = arm.child_by_field_name("value") {
                let (mut stmts, v) = self.branch(v);
                then.append(&mut stmts);
                value = v;
            }
            let value = value.unwrap_or_else(|| other(Vec::new(), at));
            any |= !then.is_empty();
            match test {
                Some(t) => levels.push((t, then, value)),
                None => {
                    last_else = Some((then, value));
                    break;
                }
            }
        }
        self.file.depth = base;
        let (else_stmts, mut result) =
            last_else.unwrap_or_else(|| (Vec::new(), other(Vec::new(), at)));
        let mut orelse = else_stmts;
        for (test, then, value) in levels.into_iter().rev() {
            result = Expr::new(
                ExprKind::Cond {
                    test: Box::new(test.clone()),
                    then: Box::new(value),
                    orelse: Box::new(result),
                },
                at,
            );
            orelse = vec![Stmt::If { test, then, orelse }];
        }
        if any {
            self.file.pending.append(&mut orelse);
        }
        result.kind
    }

    /// `{ stmts; tail }`, `unsafe { }`, `async move { }` as a value: the statements go before,
    /// the tail is the value.
    fn block_value(&mut self, n: Node<'_>) -> ExprKind {
        let (mut stmts, value) = self.branch(if n.kind() == "block" {
            n
        } else {
            child_of_kind(n, "block").unwrap_or(n)
        });
        self.file.pending.append(&mut stmts);
        match value {
            Some(v) => v.kind,
            None => ExprKind::Other(Vec::new()),
        }
    }

    fn loop_value(&mut self, n: Node<'_>) -> ExprKind {
        let mut stmts = Vec::new();
        self.loop_statement(n, &mut stmts);
        self.file.pending.append(&mut stmts);
        ExprKind::Other(Vec::new())
    }

    fn assign_value(&mut self, n: Node<'_>) -> ExprKind {
        let mut stmts = Vec::new();
        if n.kind() == "assignment_expression" {
            self.assignment(n, &mut stmts);
        } else {
            self.compound_assignment(n, &mut stmts);
        }
        self.file.pending.append(&mut stmts);
        ExprKind::Record(Vec::new())
    }
}

/// Whether a block's last child is its value (an expression without `;`).
pub(super) fn is_tail(n: Node<'_>) -> bool {
    match n.kind() {
        "expression_statement" => child_of_kind(n, ";").is_none(),
        "let_declaration"
        | "empty_statement"
        | "attribute_item"
        | "inner_attribute_item"
        | "label" => false,
        k => !k.ends_with("_item") && !k.ends_with("_declaration") && k != "macro_definition",
    }
}
