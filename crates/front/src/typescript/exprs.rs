//! Expressions of the TypeScript and JavaScript front end.

use super::{FnInfo, Handler, Lowerer, fields, func_or_empty, named, unparen};
use crate::common::{Lowering, Node, interp_or_str, other, span, splice};
use mcplint_ir::{Arg, Expr, ExprKind, Pattern, Stmt, ops};

impl<'s> Lowerer<'s> {
    /// Dispatches on the node kind. Kept to a table of handlers so that each level of nesting
    /// only pays for the stack frame of the handler it uses (debug builds do not share stack
    /// slots between match arms).
    pub(super) fn dispatch_expr(&mut self, n: Node<'_>) -> Expr {
        let handler: Handler<'s> = match n.kind() {
            "identifier" | "shorthand_property_identifier" => Self::identifier,
            "this" | "super" | "true" | "false" | "null" | "undefined" => Self::keyword,
            "number" | "regex" | "meta_property" | "jsx_text" | "html_character_reference" => {
                Self::opaque
            }
            "string" => Self::string,
            "template_string" => Self::template,
            "member_expression" => Self::member,
            "subscript_expression" => Self::subscript,
            "parenthesized_expression"
            | "await_expression"
            | "non_null_expression"
            | "as_expression"
            | "satisfies_expression"
            | "type_assertion"
            | "spread_element"
            | "instantiation_expression" => return self.transparent(n),
            "call_expression" => Self::call,
            "new_expression" => Self::new_expr,
            "binary_expression" => Self::binary,
            "unary_expression" => Self::unary,
            "ternary_expression" => Self::ternary,
            "assignment_expression" => Self::assignment_value,
            "augmented_assignment_expression" => Self::augmented_value,
            "arrow_function" | "function_expression" | "generator_function" | "function" => {
                Self::function
            }
            "class" => Self::class_expr,
            "object" => Self::object,
            "array" => Self::array,
            "jsx_element" | "jsx_self_closing_element" | "jsx_fragment" => Self::jsx,
            _ => Self::generic,
        };
        let kind = handler(self, n);
        Expr::new(kind, span(n))
    }

    pub(super) fn identifier(&mut self, n: Node<'_>) -> ExprKind {
        ExprKind::Name(self.file.scope.resolve_dotted(&[self.text(n)]))
    }

    /// `this`, `super`, `true`, `false`, `null`, `undefined`: names, as written.
    pub(super) fn keyword(&mut self, n: Node<'_>) -> ExprKind {
        ExprKind::Name(self.text(n).to_string())
    }

    #[expect(clippy::unused_self, reason = "a Handler")]
    pub(super) fn opaque(&mut self, _: Node<'_>) -> ExprKind {
        ExprKind::Other(Vec::new())
    }

    pub(super) fn generic(&mut self, n: Node<'_>) -> ExprKind {
        ExprKind::Other(self.lower_all(named(n)))
    }

    /// Parentheses, `await`, `!`, `as`, `satisfies`, `<T>x`, spreads: the inner expression,
    /// with its own span.
    pub(super) fn transparent(&mut self, n: Node<'_>) -> Expr {
        let children = named(n);
        let inner = match n.kind() {
            "as_expression" | "satisfies_expression" => children.first().copied(),
            "type_assertion" => children
                .iter()
                .find(|c| c.kind() != "type_arguments")
                .copied(),
            "instantiation_expression" => n
                .child_by_field_name("function")
                .or_else(|| children.first().copied()),
            _ => match children.as_slice() {
                [inner] => Some(*inner),
                _ => None,
            },
        };
        match inner {
            Some(inner) => self.lower_expr(inner),
            None => {
                let children = self.lower_all(children);
                other(children, span(n))
            }
        }
    }

    pub(super) fn member(&mut self, n: Node<'_>) -> ExprKind {
        if let Some(parts) = self.chain(n) {
            return ExprKind::Name(self.file.scope.resolve_dotted(&parts));
        }
        if let Some(path) = self.required_path(n) {
            return ExprKind::Name(path);
        }
        // `f().a.b`: the members of anything but a name are opaque; lower the expression at
        // the bottom of the chain once (walking down iteratively keeps long chains linear).
        let mut root = n;
        loop {
            let next = match root.kind() {
                "member_expression" => root.child_by_field_name("object"),
                "parenthesized_expression" | "non_null_expression" => match named(root)[..] {
                    [inner] if inner.kind() != "sequence_expression" => Some(inner),
                    _ => None,
                },
                _ => None,
            };
            match next {
                Some(next) => root = next,
                None => break,
            }
        }
        if root.id() == n.id() {
            return ExprKind::Other(Vec::new());
        }
        ExprKind::Other(vec![self.lower_expr(root)])
    }

    pub(super) fn subscript(&mut self, n: Node<'_>) -> ExprKind {
        let value = self.lower_opt(n.child_by_field_name("object"), span(n));
        let mut args = Vec::new();
        if let Some(index) = n.child_by_field_name("index") {
            args.push(Arg::positional(self.lower_expr(index)));
        }
        ExprKind::Call {
            callee: ops::SUBSCRIPT.into(),
            receiver: Some(Box::new(value)),
            args,
        }
    }

    pub(super) fn unary(&mut self, n: Node<'_>) -> ExprKind {
        let op = n.child_by_field_name("operator").map_or("", |o| o.kind());
        let arg = self.lower_opt(n.child_by_field_name("argument"), span(n));
        if op == "!" {
            ExprKind::Call {
                callee: ops::NOT.into(),
                receiver: None,
                args: vec![Arg::positional(arg)],
            }
        } else {
            ExprKind::Other(vec![arg])
        }
    }

    pub(super) fn ternary(&mut self, n: Node<'_>) -> ExprKind {
        let at = span(n);
        let test = Box::new(self.lower_opt(n.child_by_field_name("condition"), at));
        let then = Box::new(self.lower_opt(n.child_by_field_name("consequence"), at));
        let orelse = Box::new(self.lower_opt(n.child_by_field_name("alternative"), at));
        ExprKind::Cond { test, then, orelse }
    }

    /// `a = b` used as a value: the assignment is emitted before the statement; the value is
    /// `a`.
    pub(super) fn assignment_value(&mut self, n: Node<'_>) -> ExprKind {
        let (Some(left), Some(right)) = (
            n.child_by_field_name("left"),
            n.child_by_field_name("right"),
        ) else {
            return self.generic(n);
        };
        let hint = self.commonjs_export(left, right);
        let value = self.named_value(right, hint, n.start_byte());
        let target = self.pattern(left);
        let result = match &target {
            Pattern::Name(name) => ExprKind::Name(name.clone()),
            _ => value.kind.clone(),
        };
        self.file.pending.push(Stmt::Assign {
            target,
            value,
            span: span(n),
        });
        result
    }

    /// `a += b` used as a value.
    pub(super) fn augmented_value(&mut self, n: Node<'_>) -> ExprKind {
        let Some(assign) = self.augmented(n) else {
            return self.generic(n);
        };
        let result = match &assign {
            Stmt::Assign {
                target: Pattern::Name(name),
                ..
            } => ExprKind::Name(name.clone()),
            Stmt::Assign { value, .. } => value.kind.clone(),
            _ => ExprKind::Other(Vec::new()),
        };
        self.file.pending.push(assign);
        result
    }

    pub(super) fn function(&mut self, n: Node<'_>) -> ExprKind {
        match self.lower_function(n, FnInfo::at(n.start_byte())) {
            Some(id) => ExprKind::Func(id),
            None => ExprKind::Other(Vec::new()),
        }
    }

    pub(super) fn class_expr(&mut self, n: Node<'_>) -> ExprKind {
        self.lower_class(n, Vec::new(), None, n.start_byte());
        ExprKind::Other(Vec::new())
    }

    pub(super) fn object(&mut self, n: Node<'_>) -> ExprKind {
        let mut args = Vec::new();
        for c in named(n) {
            match c.kind() {
                "pair" => {
                    let (Some(key), Some(value)) =
                        (c.child_by_field_name("key"), c.child_by_field_name("value"))
                    else {
                        continue;
                    };
                    match self.key(key) {
                        Some(k) => {
                            let v = self.named_value(
                                value,
                                Some((k.clone(), span(key))),
                                c.start_byte(),
                            );
                            args.push(Arg::keyword(k, v));
                        }
                        None => {
                            // A computed key wraps the entry in one more level: count it.
                            self.file.depth += 1;
                            let k = self.lower_opt(named(key).first().copied(), span(key));
                            let v = self.lower_expr(value);
                            self.file.leave();
                            args.push(Arg::positional(other(vec![k, v], span(c))));
                        }
                    }
                }
                "shorthand_property_identifier" => {
                    let name = self.text(c);
                    args.push(Arg::keyword(name, self.lower_expr(c)));
                }
                "spread_element" => args.push(Arg {
                    keyword: None,
                    value: self.lower_expr(c),
                    spread: true,
                }),
                "method_definition" => {
                    let key = c.child_by_field_name("name");
                    match key.and_then(|k| self.key(k).map(|t| (t, span(k)))) {
                        Some((k, at)) => {
                            let info = FnInfo::named(Some((k.clone(), at)), c.start_byte());
                            let id = self.lower_function(c, info);
                            args.push(Arg::keyword(k, func_or_empty(id, span(c))));
                        }
                        None => {
                            self.file.depth += 1;
                            let k = match key.and_then(|k| named(k).first().copied()) {
                                Some(k) => self.lower_expr(k),
                                None => other(Vec::new(), span(c)),
                            };
                            let id = self.lower_function(c, FnInfo::at(c.start_byte()));
                            self.file.leave();
                            let f = func_or_empty(id, span(c));
                            args.push(Arg::positional(other(vec![k, f], span(c))));
                        }
                    }
                }
                _ => args.push(Arg::positional(self.lower_expr(c))),
            }
        }
        ExprKind::Record(args)
    }

    pub(super) fn array(&mut self, n: Node<'_>) -> ExprKind {
        let mut args = Vec::new();
        for c in named(n) {
            let value = self.lower_expr(c);
            args.push(Arg {
                keyword: None,
                value,
                spread: c.kind() == "spread_element",
            });
        }
        ExprKind::Record(args)
    }

    /// JSX: the embedded expressions and attribute values, as `Other`.
    pub(super) fn jsx(&mut self, n: Node<'_>) -> ExprKind {
        let mut children = Vec::new();
        let tag = if n.kind() == "jsx_element" {
            n.child_by_field_name("open_tag")
        } else {
            Some(n)
        };
        for attr in tag.map(|t| fields(t, "attribute")).unwrap_or_default() {
            match attr.kind() {
                "jsx_attribute" => {
                    for v in named(attr) {
                        match v.kind() {
                            "jsx_expression" => self.jsx_expression(v, &mut children),
                            "string" | "jsx_element" | "jsx_self_closing_element" => {
                                children.push(self.lower_expr(v));
                            }
                            _ => {}
                        }
                    }
                }
                "jsx_expression" => self.jsx_expression(attr, &mut children),
                _ => {}
            }
        }
        if n.kind() != "jsx_self_closing_element" {
            for c in named(n) {
                match c.kind() {
                    "jsx_expression" => self.jsx_expression(c, &mut children),
                    "jsx_element" | "jsx_self_closing_element" | "jsx_fragment" => {
                        children.push(self.lower_expr(c));
                    }
                    _ => {}
                }
            }
        }
        ExprKind::Other(children)
    }

    pub(super) fn jsx_expression(&mut self, e: Node<'_>, out: &mut Vec<Expr>) {
        for inner in named(e) {
            out.push(self.lower_expr(inner));
        }
    }

    pub(super) fn binary(&mut self, n: Node<'_>) -> ExprKind {
        let op = n.child_by_field_name("operator").map_or("", |o| o.kind());
        match op {
            "+" => {
                // Flatten the left spine iteratively: long `+` chains are common and deep.
                let rights = Self::left_spine(n, &["+"]);
                let mut parts = Vec::new();
                for operand in rights.into_iter().rev() {
                    let e = self.lower_expr(operand);
                    splice(&mut parts, e);
                }
                interp_or_str(parts)
            }
            "&&" | "||" | "??" => {
                let (callee, group): (&str, &[&str]) = if op == "&&" {
                    (ops::AND, &["&&"])
                } else {
                    (ops::OR, &["||", "??"])
                };
                let operands = Self::left_spine(n, group);
                let mut args = Vec::with_capacity(operands.len());
                for operand in operands.into_iter().rev() {
                    args.push(Arg::positional(self.lower_expr(operand)));
                }
                ExprKind::Call {
                    callee: callee.into(),
                    receiver: None,
                    args,
                }
            }
            _ => {
                let at = span(n);
                let l = self.lower_opt(n.child_by_field_name("left"), at);
                let r = self.lower_opt(n.child_by_field_name("right"), at);
                let callee = match op {
                    "==" | "===" => ops::EQ,
                    "!=" | "!==" => ops::NE,
                    "in" => ops::IN,
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

    /// The operands of a left-nested chain of binary operators in `group`, last first.
    pub(super) fn left_spine<'t>(n: Node<'t>, group: &[&str]) -> Vec<Node<'t>> {
        let mut operands = Vec::new();
        let mut cur = n;
        while cur.kind() == "binary_expression"
            && cur
                .child_by_field_name("operator")
                .is_some_and(|o| group.contains(&o.kind()))
        {
            let (Some(l), Some(r)) = (
                cur.child_by_field_name("left"),
                cur.child_by_field_name("right"),
            ) else {
                break;
            };
            operands.push(r);
            cur = l;
        }
        operands.push(cur);
        operands
    }

    pub(super) fn call(&mut self, n: Node<'_>) -> ExprKind {
        let args_node = n.child_by_field_name("arguments");
        let Some(mut func) = n.child_by_field_name("function") else {
            return self.generic(n);
        };
        // tree-sitter-typescript parses `await f<T>(x)` as `(await f)<T>(x)`: the call is
        // `f<T>(x)`, awaited.
        if func.kind() == "await_expression"
            && n.child_by_field_name("type_arguments").is_some()
            && let [inner] = named(func)[..]
        {
            func = inner;
        }
        if let Some(tpl) = args_node.filter(|a| a.kind() == "template_string") {
            return self.tagged_template(func, tpl);
        }
        if let Some(built) = self.string_method(func, args_node) {
            return built;
        }
        let (callee, receiver) = self.callee(func);
        let args = self.args(args_node);
        ExprKind::Call {
            callee,
            receiver,
            args,
        }
    }

    /// `new X(args)`: a call to `X`.
    pub(super) fn new_expr(&mut self, n: Node<'_>) -> ExprKind {
        let Some(ctor) = n.child_by_field_name("constructor") else {
            return self.generic(n);
        };
        let (callee, receiver) = self.callee(ctor);
        let args = self.args(n.child_by_field_name("arguments"));
        ExprKind::Call {
            callee,
            receiver,
            args,
        }
    }

    /// The callee path and receiver of a call's function expression.
    pub(super) fn callee(&mut self, func: Node<'_>) -> (String, Option<Box<Expr>>) {
        let mut f = unparen(func);
        while matches!(f.kind(), "non_null_expression" | "instantiation_expression") {
            match named(f).first() {
                Some(inner) => f = unparen(*inner),
                None => break,
            }
        }
        if f.kind() == "import" {
            return ("import".to_string(), None);
        }
        if let Some(parts) = self.chain(f)
            && (parts.len() == 1
                || parts
                    .first()
                    .is_some_and(|r| self.file.scope.is_import_local(r)))
        {
            return (self.file.scope.resolve_dotted(&parts), None);
        }
        if let Some(path) = self.required_path(f) {
            return (path, None);
        }
        match (
            f.kind(),
            f.child_by_field_name("object"),
            f.child_by_field_name("property"),
        ) {
            ("member_expression", Some(obj), Some(method)) => {
                let callee = format!("*.{}", self.text(method));
                (callee, Some(Box::new(self.lower_expr(obj))))
            }
            _ => (
                ops::CALL_EXPR.to_string(),
                Some(Box::new(self.lower_expr(func))),
            ),
        }
    }

    pub(super) fn args(&mut self, list: Option<Node<'_>>) -> Vec<Arg> {
        let Some(list) = list else { return Vec::new() };
        let mut args = Vec::new();
        for c in named(list) {
            let value = self.lower_expr(c);
            args.push(Arg {
                keyword: None,
                value,
                spread: c.kind() == "spread_element",
            });
        }
        args
    }
}
