//! Expressions of the Python front end.

use super::{Handler, Lowerer, fields, is_string, named, unparen};
use crate::common::{Lowering, Node, interp_or_str, other, push_lit, span, splice};
use mcplint_ir::{Arg, Expr, ExprKind, Part, Pattern, Span, Stmt, ops};

impl<'s> Lowerer<'s> {
    pub(super) fn positional_all(&mut self, nodes: Vec<Node<'_>>) -> Vec<Arg> {
        let mut out = Vec::with_capacity(nodes.len());
        for n in nodes {
            out.push(Arg::positional(self.lower_expr(n)));
        }
        out
    }

    /// Dispatches on the node kind. Kept to a table of handlers so that each level of nesting
    /// only pays for the stack frame of the handler it uses (debug builds do not share stack
    /// slots between match arms).
    pub(super) fn dispatch_expr(&mut self, n: Node<'_>) -> Expr {
        let handler: Handler<'s> = match n.kind() {
            "identifier" => Self::identifier,
            "true" | "false" | "none" => Self::constant,
            "integer" | "float" | "ellipsis" => Self::opaque,
            "string" | "concatenated_string" => Self::string_kind,
            "attribute" => Self::attribute,
            "parenthesized_expression"
            | "await"
            | "list_splat"
            | "dictionary_splat"
            | "as_pattern_target"
            | "type" => return self.transparent(n),
            "call" => Self::call,
            "binary_operator" => Self::binary,
            "unary_operator" => Self::unary,
            "not_operator" => Self::not,
            "boolean_operator" => Self::boolean,
            "comparison_operator" => Self::comparison,
            "subscript" => Self::subscript,
            "generic_type" => Self::generic_type,
            "conditional_expression" => Self::conditional,
            "lambda" => Self::lambda,
            "dictionary" => Self::dictionary,
            "list" | "tuple" | "set" | "expression_list" | "pattern_list" | "tuple_pattern"
            | "list_pattern" => Self::collection,
            "named_expression" => Self::walrus,
            "list_comprehension"
            | "set_comprehension"
            | "generator_expression"
            | "dictionary_comprehension" => Self::comprehension,
            _ => Self::generic,
        };
        let kind = handler(self, n);
        Expr::new(kind, span(n))
    }

    pub(super) fn identifier(&mut self, n: Node<'_>) -> ExprKind {
        ExprKind::Name(self.file.scope.resolve_dotted(&[self.text(n)]))
    }

    #[expect(clippy::unused_self, reason = "a Handler")]
    pub(super) fn constant(&mut self, n: Node<'_>) -> ExprKind {
        let name = match n.kind() {
            "true" => "True",
            "false" => "False",
            _ => "None",
        };
        ExprKind::Name(name.into())
    }

    #[expect(clippy::unused_self, reason = "a Handler")]
    pub(super) fn opaque(&mut self, _: Node<'_>) -> ExprKind {
        ExprKind::Other(Vec::new())
    }

    pub(super) fn generic(&mut self, n: Node<'_>) -> ExprKind {
        ExprKind::Other(self.lower_all(named(n)))
    }

    /// Parentheses, `await`, splats: the inner expression, with its own span.
    pub(super) fn transparent(&mut self, n: Node<'_>) -> Expr {
        let children = named(n);
        if let [inner] = children.as_slice() {
            return self.lower_expr(*inner);
        }
        let children = self.lower_all(children);
        other(children, span(n))
    }

    pub(super) fn attribute(&mut self, n: Node<'_>) -> ExprKind {
        if let Some(parts) = self.chain(n) {
            return ExprKind::Name(self.file.scope.resolve_dotted(&parts));
        }
        // `f().a.b`: the attributes of anything but a name are opaque; lower the expression at
        // the bottom of the chain once (walking down iteratively keeps long chains linear).
        let mut root = n;
        loop {
            let next = match root.kind() {
                "attribute" => root.child_by_field_name("object"),
                "parenthesized_expression" => Some(unparen(root)).filter(|i| i.id() != root.id()),
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

    pub(super) fn unary(&mut self, n: Node<'_>) -> ExprKind {
        ExprKind::Other(vec![
            self.lower_opt(n.child_by_field_name("argument"), span(n)),
        ])
    }

    pub(super) fn not(&mut self, n: Node<'_>) -> ExprKind {
        let arg = self.lower_opt(n.child_by_field_name("argument"), span(n));
        ExprKind::Call {
            callee: ops::NOT.into(),
            receiver: None,
            args: vec![Arg::positional(arg)],
        }
    }

    pub(super) fn subscript(&mut self, n: Node<'_>) -> ExprKind {
        let value = self.lower_opt(n.child_by_field_name("value"), span(n));
        let args = self.positional_all(fields(n, "subscript"));
        ExprKind::Call {
            callee: ops::SUBSCRIPT.into(),
            receiver: Some(Box::new(value)),
            args,
        }
    }

    /// `list[int]`, `Annotated[str, Field(...)]` in annotations: lowered like a subscript.
    pub(super) fn generic_type(&mut self, n: Node<'_>) -> ExprKind {
        let children = named(n);
        let value = match children.first() {
            Some(c) if c.kind() == "identifier" => self.lower_expr(*c),
            _ => other(Vec::new(), span(n)),
        };
        let types = children
            .iter()
            .filter(|c| c.kind() == "type_parameter")
            .flat_map(|tp| named(*tp));
        let args = self.positional_all(types.collect());
        ExprKind::Call {
            callee: ops::SUBSCRIPT.into(),
            receiver: Some(Box::new(value)),
            args,
        }
    }

    /// `then if test else orelse`.
    pub(super) fn conditional(&mut self, n: Node<'_>) -> ExprKind {
        let children = named(n);
        let [then, test, orelse] = children.as_slice() else {
            return ExprKind::Other(self.lower_all(children));
        };
        let then = Box::new(self.lower_expr(*then));
        let test = Box::new(self.lower_expr(*test));
        let orelse = Box::new(self.lower_expr(*orelse));
        ExprKind::Cond { test, then, orelse }
    }

    pub(super) fn collection(&mut self, n: Node<'_>) -> ExprKind {
        let mut args = Vec::new();
        for c in named(n) {
            args.push(self.collection_arg(c));
        }
        ExprKind::Record(args)
    }

    /// `(y := e)`: the binding is emitted before the statement; the value is `y`.
    pub(super) fn walrus(&mut self, n: Node<'_>) -> ExprKind {
        let name = n
            .child_by_field_name("name")
            .map(|m| self.text(m).to_string())
            .unwrap_or_default();
        let value = self.lower_opt(n.child_by_field_name("value"), span(n));
        let target = Pattern::Name(name.clone());
        self.file.pending.push(Stmt::Assign {
            target,
            value,
            span: span(n),
        });
        ExprKind::Name(name)
    }

    /// An element of a list, tuple, set or expression list: `*x` spreads.
    pub(super) fn collection_arg(&mut self, c: Node<'_>) -> Arg {
        if c.kind() == "list_splat" {
            let value = self.lower_expr(c);
            Arg {
                keyword: None,
                value,
                spread: true,
            }
        } else {
            Arg::positional(self.lower_expr(c))
        }
    }

    pub(super) fn dictionary(&mut self, n: Node<'_>) -> ExprKind {
        let mut args = Vec::new();
        for c in named(n) {
            match c.kind() {
                "pair" => {
                    // A non-string key wraps the entry in one more level: count it.
                    self.file.depth += 1;
                    let key = self.lower_opt(c.child_by_field_name("key"), span(c));
                    let value = self.lower_opt(c.child_by_field_name("value"), span(c));
                    self.file.leave();
                    match key.kind {
                        ExprKind::Str(k) => args.push(Arg::keyword(k, value)),
                        _ => args.push(Arg::positional(other(vec![key, value], span(c)))),
                    }
                }
                "dictionary_splat" => {
                    let value = self.lower_expr(c);
                    args.push(Arg {
                        keyword: None,
                        value,
                        spread: true,
                    });
                }
                _ => args.push(Arg::positional(self.lower_expr(c))),
            }
        }
        ExprKind::Record(args)
    }

    pub(super) fn comprehension(&mut self, n: Node<'_>) -> ExprKind {
        let mut conditions = Vec::new();
        for c in named(n) {
            match c.kind() {
                "for_in_clause" => {
                    let rights = fields(c, "right");
                    let values = self.lower_all(rights.clone());
                    let at = rights.iter().map(|r| span(*r)).reduce(Span::cover);
                    let target = match c.child_by_field_name("left") {
                        Some(l) => self.pattern(l),
                        None => Pattern::Ignore,
                    };
                    let value = other(values, at.unwrap_or(span(c)));
                    self.file.pending.push(Stmt::Assign {
                        target,
                        value,
                        span: span(c),
                    });
                }
                "if_clause" => {
                    if let Some(cond) = named(c).first() {
                        conditions.push(self.lower_expr(*cond));
                    }
                }
                _ => {}
            }
        }
        let mut children = Vec::new();
        if let Some(body) = n.child_by_field_name("body") {
            if body.kind() == "pair" {
                children.push(self.lower_opt(body.child_by_field_name("key"), span(body)));
                children.push(self.lower_opt(body.child_by_field_name("value"), span(body)));
            } else {
                children.push(self.lower_expr(body));
            }
        }
        children.extend(conditions);
        ExprKind::Other(children)
    }

    pub(super) fn binary(&mut self, n: Node<'_>) -> ExprKind {
        let op = n.child_by_field_name("operator").map_or("", |o| o.kind());
        let at = span(n);
        match op {
            "+" => {
                // Flatten the left spine iteratively: long `+` chains are common and deep.
                let mut rights = Vec::new();
                let mut cur = n;
                while cur.kind() == "binary_operator"
                    && cur
                        .child_by_field_name("operator")
                        .is_some_and(|o| o.kind() == "+")
                {
                    let (Some(l), Some(r)) = (
                        cur.child_by_field_name("left"),
                        cur.child_by_field_name("right"),
                    ) else {
                        break;
                    };
                    rights.push(r);
                    cur = l;
                }
                let mut parts = Vec::new();
                let first = self.lower_expr(cur);
                splice(&mut parts, first);
                for r in rights.into_iter().rev() {
                    let e = self.lower_expr(r);
                    splice(&mut parts, e);
                }
                interp_or_str(parts)
            }
            "%" => {
                let left = self.lower_opt(n.child_by_field_name("left"), at);
                let mut parts = Vec::new();
                match left.kind {
                    ExprKind::Str(s) => push_lit(&mut parts, &s),
                    _ => parts.push(Part::Hole(left)),
                }
                if let Some(right) = n.child_by_field_name("right") {
                    match right.kind() {
                        "tuple" => {
                            for c in named(right) {
                                parts.push(Part::Hole(self.lower_expr(c)));
                            }
                        }
                        "dictionary" => {
                            for c in named(right) {
                                let v = match c.kind() {
                                    "pair" => c.child_by_field_name("value"),
                                    _ => Some(c),
                                };
                                if let Some(v) = v {
                                    parts.push(Part::Hole(self.lower_expr(v)));
                                }
                            }
                        }
                        _ => parts.push(Part::Hole(self.lower_expr(right))),
                    }
                }
                ExprKind::Interp(parts)
            }
            _ => {
                let l = self.lower_opt(n.child_by_field_name("left"), at);
                let r = self.lower_opt(n.child_by_field_name("right"), at);
                ExprKind::Other(vec![l, r])
            }
        }
    }

    pub(super) fn boolean(&mut self, n: Node<'_>) -> ExprKind {
        let op = n.child_by_field_name("operator").map_or("", |o| o.kind());
        let callee = if op == "or" { ops::OR } else { ops::AND };
        let mut rights = Vec::new();
        let mut cur = n;
        while cur.kind() == "boolean_operator"
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
            cur = l;
        }
        let mut args = vec![Arg::positional(self.lower_expr(cur))];
        for r in rights.into_iter().rev() {
            args.push(Arg::positional(self.lower_expr(r)));
        }
        ExprKind::Call {
            callee: callee.into(),
            receiver: None,
            args,
        }
    }

    pub(super) fn comparison(&mut self, n: Node<'_>) -> ExprKind {
        let operands = named(n);
        let operators = fields(n, "operators");
        let callee = match operators.as_slice() {
            [op] if operands.len() == 2 => match op.kind() {
                "==" | "is" => Some(ops::EQ),
                "!=" | "<>" | "is not" => Some(ops::NE),
                "in" => Some(ops::IN),
                "not in" => Some(ops::NOT_IN),
                _ => None,
            },
            _ => None,
        };
        let args = self.lower_all(operands);
        match callee {
            Some(callee) => ExprKind::Call {
                callee: callee.into(),
                receiver: None,
                args: args.into_iter().map(Arg::positional).collect(),
            },
            None => ExprKind::Other(args),
        }
    }

    pub(super) fn call(&mut self, n: Node<'_>) -> ExprKind {
        let Some(func) = n.child_by_field_name("function") else {
            let args = self.args(n.child_by_field_name("arguments"));
            return ExprKind::Other(args.into_iter().map(|a| a.value).collect());
        };
        if let Some(built) = self.string_method(n, func) {
            return built;
        }
        let (callee, receiver) = self.callee(func);
        let args = self.args(n.child_by_field_name("arguments"));
        ExprKind::Call {
            callee,
            receiver,
            args,
        }
    }

    /// `"sep".join(x)` and `template.format(...)`: string building, lowered to `Interp`.
    pub(super) fn string_method(&mut self, n: Node<'_>, func: Node<'_>) -> Option<ExprKind> {
        let f = unparen(func);
        if f.kind() != "attribute" {
            return None;
        }
        let method = self.text(f.child_by_field_name("attribute")?);
        let obj = f.child_by_field_name("object")?;
        let join = match method {
            "join" if is_string(unparen(obj)) => true,
            "format" => false,
            _ => return None,
        };
        let head = self.lower_expr(obj);
        let mut parts = Vec::new();
        match head.kind {
            ExprKind::Str(s) => push_lit(&mut parts, &s),
            ExprKind::Interp(_) if join => splice(&mut parts, head),
            _ => parts.push(Part::Hole(head)),
        }
        for a in self.args(n.child_by_field_name("arguments")) {
            parts.push(Part::Hole(a.value));
        }
        Some(ExprKind::Interp(parts))
    }

    /// The callee path and receiver of a call's function expression.
    pub(super) fn callee(&mut self, func: Node<'_>) -> (String, Option<Box<Expr>>) {
        let f = unparen(func);
        if let Some(parts) = self.chain(f)
            && (parts.len() == 1
                || parts
                    .first()
                    .is_some_and(|r| self.file.scope.is_import_local(r)))
        {
            return (self.file.scope.resolve_dotted(&parts), None);
        }
        match (
            f.kind(),
            f.child_by_field_name("object"),
            f.child_by_field_name("attribute"),
        ) {
            ("attribute", Some(obj), Some(method)) => {
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
        if list.kind() != "argument_list" {
            // `f(x for x in y)`: the generator is the only argument.
            return vec![Arg::positional(self.lower_expr(list))];
        }
        let mut args = Vec::new();
        for c in named(list) {
            args.push(self.arg(c));
        }
        args
    }

    pub(super) fn arg(&mut self, c: Node<'_>) -> Arg {
        match c.kind() {
            "keyword_argument" => {
                let key = c.child_by_field_name("name").map_or("", |k| self.text(k));
                Arg::keyword(key, self.lower_opt(c.child_by_field_name("value"), span(c)))
            }
            "list_splat" | "dictionary_splat" => Arg {
                keyword: None,
                value: self.lower_expr(c),
                spread: true,
            },
            _ => Arg::positional(self.lower_expr(c)),
        }
    }
}
