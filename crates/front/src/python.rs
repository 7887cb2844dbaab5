//! The Python front end: tree-sitter-python syntax trees lowered to the IR.
//!
//! Lowering is recursive over the syntax tree, so it is capped at [`MAX_DEPTH`] nested
//! statements and expressions: deeper expressions lower to an empty `Other`, deeper statements
//! are skipped. Everything that can be long without nesting (attribute chains, `+`, `and`/`or`
//! chains, `elif` and `case` chains, implicit string concatenation) is handled iteratively or
//! counted against the same cap, so the IR itself is never deeper than the cap either.

use foldhash::{HashSet, HashSetExt};
use std::mem;
use std::time::Duration;

use crate::FrontError;
use crate::common::{
    self, Grammar, Node, Parts, Scope, call, child_of_kind, interp_or_str, named_without, other,
    push_lit, span, splice,
};
use mcplint_ir::{
    Arg, Class, Comment, Doc, Expr, ExprKind, Field, File, FnId, Function, Lang, Param, ParamKind,
    Part, Pattern, SourceFile, Span, Stmt, ops,
};

/// How many statements and expressions may nest before lowering gives up on the inner ones.
const MAX_DEPTH: usize = 200;
/// `a = b = ... = value` binds at most this many targets (the value is copied for each).
const MAX_CHAINED_TARGETS: usize = 16;
/// At most this many syntax errors are recorded per file.
const MAX_SYNTAX_ERRORS: usize = 100;

/// Parses and lowers one Python file.
pub(crate) fn lower(source: SourceFile, budget: Duration) -> Result<File, FrontError> {
    common::lower_file(
        Grammar::Python,
        Lang::Python,
        source,
        budget,
        |src, root| {
            let mut lw = Lowerer::new(src);
            lw.lower_file(root);
            lw.into_parts()
        },
    )
}

/// Parses only, returning the number of nodes in the tree.
pub(crate) fn parse_only(text: &str) -> Result<usize, FrontError> {
    Grammar::Python.count_nodes(text)
}

/// Comments and line continuations. (Not `is_extra`: error-recovery `ERROR` nodes are extras
/// too, and they hold code that must still be lowered.)
fn is_trivia(n: Node<'_>) -> bool {
    matches!(n.kind(), "comment" | "line_continuation")
}

/// Named children that are not comments or line continuations.
fn named(n: Node<'_>) -> Vec<Node<'_>> {
    named_without(n, is_trivia)
}

/// Every child under field `name`.
fn fields<'t>(n: Node<'t>, name: &str) -> Vec<Node<'t>> {
    let mut cursor = n.walk();
    n.children_by_field_name(name, &mut cursor)
        .filter(|c| !is_trivia(*c))
        .collect()
}

/// Strips parentheses around a single expression.
fn unparen(mut n: Node<'_>) -> Node<'_> {
    while n.kind() == "parenthesized_expression" {
        match named(n).as_slice() {
            [inner] if inner.kind() != "yield" => n = *inner,
            _ => break,
        }
    }
    n
}

fn is_string(n: Node<'_>) -> bool {
    matches!(n.kind(), "string" | "concatenated_string")
}

/// Node kinds that hold statements without being one (lowered child by child).
fn is_container(kind: &str) -> bool {
    matches!(kind, "ERROR" | "block" | "module") || kind.ends_with("_clause")
}

/// A handler for one kind of expression node.
type Handler<'s> = for<'t> fn(&mut Lowerer<'s>, Node<'t>) -> ExprKind;

/// A handler for one kind of statement node.
type StmtHandler<'s> = for<'t> fn(&mut Lowerer<'s>, Node<'t>, &mut Vec<Stmt>);

/// The lowering state for one file.
struct Lowerer<'s> {
    src: &'s str,
    /// Imports, exports and the locals that shadow imports.
    scope: Scope,
    functions: Vec<Function>,
    classes: Vec<Class>,
    comments: Vec<Comment>,
    syntax_errors: Vec<Span>,
    /// Statements that expressions of the current statement emit before it (walrus,
    /// comprehension bindings).
    pending: Vec<Stmt>,
    /// Current nesting of statements and expressions.
    depth: usize,
    /// The innermost enclosing `def` or lambda (`None` at module level).
    cur_fn: Option<FnId>,
    /// Whether statements are at module scope (not in a function or class body).
    module_scope: bool,
}

impl<'s> Lowerer<'s> {
    fn new(src: &'s str) -> Self {
        Self {
            src,
            scope: Scope::new(),
            functions: vec![Function::new(None, Span::new(0, src.len()))],
            classes: Vec::new(),
            comments: Vec::new(),
            syntax_errors: Vec::new(),
            pending: Vec::new(),
            depth: 0,
            cur_fn: None,
            module_scope: true,
        }
    }

    fn into_parts(self) -> Parts {
        let (imports, exports) = self.scope.into_imports_exports();
        Parts {
            imports,
            exports,
            functions: self.functions,
            classes: self.classes,
            comments: self.comments,
            syntax_errors: self.syntax_errors,
        }
    }

    fn text(&self, n: Node<'_>) -> &'s str {
        self.src.get(n.byte_range()).unwrap_or("")
    }

    // ---------------------------------------------------------------------------------------
    // Whole file

    fn lower_file(&mut self, root: Node<'_>) {
        self.scan(root);
        let stmts = named(root);
        let skip = stmts
            .first()
            .filter(|s| Self::docstring_node(**s).is_some())
            .map(Node::id);
        let mut body = Vec::new();
        for s in stmts {
            if Some(s.id()) != skip {
                self.lower_stmt(s, &mut body);
            }
        }
        if let Some(top) = self.functions.first_mut() {
            top.body = body;
        }
    }

    /// One iterative pass over the whole tree: comments, imports and syntax errors.
    fn scan(&mut self, root: Node<'_>) {
        for node in root.descendants() {
            match node.kind() {
                "comment" => self.comment(node),
                "import_statement" => self.import(node),
                "import_from_statement" => self.import_from(node),
                _ => {}
            }
            if (node.is_error() || node.is_missing())
                && self.syntax_errors.len() < MAX_SYNTAX_ERRORS
            {
                self.syntax_errors.push(span(node));
            }
        }
    }

    fn comment(&mut self, n: Node<'_>) {
        let raw = self.text(n);
        let text = raw.strip_prefix('#').unwrap_or(raw).trim().to_string();
        let before = self.src.get(..n.start_byte()).unwrap_or("");
        let line = before.rsplit('\n').next().unwrap_or("");
        let own_line = line.chars().all(|c| matches!(c, ' ' | '\t' | '\x0c'));
        self.comments.push(Comment {
            text,
            span: span(n),
            own_line,
        });
    }

    /// `a.b.c` as text, without whitespace or comments.
    fn dotted(&self, n: Node<'_>) -> String {
        let parts: Vec<&str> = named(n)
            .into_iter()
            .filter(|c| c.kind() == "identifier")
            .map(|c| self.text(c))
            .collect();
        parts.join(".")
    }

    fn add_import(&mut self, module: String, name: Option<String>, local: String, at: Span) {
        self.scope.add_import(module, name, local, at, true);
    }

    fn import(&mut self, n: Node<'_>) {
        for item in fields(n, "name") {
            match item.kind() {
                "dotted_name" => {
                    let first = named(item).first().map(|i| self.text(*i).to_string());
                    if let Some(first) = first {
                        self.add_import(first.clone(), None, first, span(n));
                    }
                }
                "aliased_import" => {
                    let module = item.child_by_field_name("name").map(|m| self.dotted(m));
                    let alias = item.child_by_field_name("alias").map(|a| self.text(a));
                    if let (Some(module), Some(alias)) = (module, alias) {
                        self.add_import(module, None, alias.to_string(), span(n));
                    }
                }
                _ => {}
            }
        }
    }

    fn import_from(&mut self, n: Node<'_>) {
        let Some(m) = n.child_by_field_name("module_name") else {
            return;
        };
        let module = match m.kind() {
            "relative_import" => {
                let mut module = String::new();
                for c in named(m) {
                    match c.kind() {
                        "import_prefix" => module.push_str(&".".repeat(c.child_count())),
                        "dotted_name" => module.push_str(&self.dotted(c)),
                        _ => {}
                    }
                }
                module
            }
            _ => self.dotted(m),
        };
        for item in fields(n, "name") {
            let (name, local) = match item.kind() {
                "dotted_name" => {
                    let name = self.dotted(item);
                    (name.clone(), name)
                }
                "aliased_import" => {
                    let name = item.child_by_field_name("name").map(|m| self.dotted(m));
                    let alias = item.child_by_field_name("alias").map(|a| self.text(a));
                    match (name, alias) {
                        (Some(name), Some(alias)) => (name, alias.to_string()),
                        _ => continue,
                    }
                }
                _ => continue,
            };
            if !name.is_empty() {
                self.add_import(module.clone(), Some(name), local, span(n));
            }
        }
    }

    fn export(&mut self, name: &str, at: Span) {
        self.scope.export(name, name, at);
    }

    /// Exports every simple name an assignment target binds.
    fn export_target(&mut self, target: Node<'_>) {
        let mut stack = vec![target];
        while let Some(n) = stack.pop() {
            match n.kind() {
                "identifier" => self.export(self.text(n), span(n)),
                "pattern_list"
                | "tuple_pattern"
                | "list_pattern"
                | "tuple"
                | "list"
                | "list_splat_pattern"
                | "list_splat"
                | "parenthesized_expression" => {
                    stack.extend(named(n).into_iter().rev());
                }
                _ => {}
            }
        }
    }

    // ---------------------------------------------------------------------------------------
    // Names

    /// The parts of an attribute chain rooted at an identifier (`a.b.c` -> `[a, b, c]`).
    fn chain(&self, n: Node<'_>) -> Option<Vec<&'s str>> {
        let mut parts = Vec::new();
        let mut cur = n;
        loop {
            match cur.kind() {
                "attribute" => {
                    parts.push(self.text(cur.child_by_field_name("attribute")?));
                    cur = cur.child_by_field_name("object")?;
                }
                "parenthesized_expression" => {
                    let inner = unparen(cur);
                    if inner.id() == cur.id() {
                        return None;
                    }
                    cur = inner;
                }
                "identifier" if !cur.is_missing() => {
                    parts.push(self.text(cur));
                    break;
                }
                _ => return None,
            }
        }
        parts.reverse();
        Some(parts)
    }

    fn is_import_local(&self, name: &str) -> bool {
        self.scope.import_path(name).is_some()
    }

    /// The names a function body binds locally, not looking into nested functions and classes
    /// (whose own names do count). Names bound by imports are left out: they resolve as imports.
    fn local_names(&self, params: &[Param], body: Option<Node<'_>>) -> HashSet<String> {
        let mut names: HashSet<String> = HashSet::new();
        for p in params {
            for n in p.pattern.names() {
                names.insert(n.to_string());
            }
        }
        let mut targets = Vec::new();
        let mut stack: Vec<Node<'_>> = body.map(named).unwrap_or_default();
        while let Some(n) = stack.pop() {
            match n.kind() {
                "function_definition" | "class_definition" => {
                    if let Some(name) = n.child_by_field_name("name") {
                        names.insert(self.text(name).to_string());
                    }
                    continue;
                }
                "lambda" | "import_statement" | "import_from_statement" => continue,
                "assignment" | "augmented_assignment" | "for_statement" | "for_in_clause" => {
                    targets.extend(n.child_by_field_name("left"));
                }
                "named_expression" => targets.extend(n.child_by_field_name("name")),
                "as_pattern_target" => targets.push(n),
                _ => {}
            }
            stack.extend(named(n));
        }
        while let Some(t) = targets.pop() {
            match t.kind() {
                "identifier" => {
                    names.insert(self.text(t).to_string());
                }
                "pattern_list"
                | "tuple_pattern"
                | "list_pattern"
                | "tuple"
                | "list"
                | "list_splat_pattern"
                | "list_splat"
                | "parenthesized_expression"
                | "as_pattern_target" => targets.extend(named(t)),
                _ => {}
            }
        }
        names
    }

    // ---------------------------------------------------------------------------------------
    // Statements

    fn lower_block(&mut self, block: Option<Node<'_>>, out: &mut Vec<Stmt>) {
        if let Some(block) = block {
            for s in named(block) {
                self.lower_stmt(s, out);
            }
        }
    }

    /// Lowers one statement into `out`, preceded by the statements its expressions emit.
    fn lower_stmt(&mut self, n: Node<'_>, out: &mut Vec<Stmt>) {
        if self.depth >= MAX_DEPTH {
            return;
        }
        self.depth += 1;
        let saved = mem::take(&mut self.pending);
        let mut stmts = Vec::new();
        self.stmt_inner(n, &mut stmts);
        out.append(&mut self.pending);
        out.append(&mut stmts);
        self.pending = saved;
        self.depth -= 1;
    }

    /// Dispatches on the statement kind (a table, for small stack frames; see `expr_inner`).
    fn stmt_inner(&mut self, n: Node<'_>, out: &mut Vec<Stmt>) {
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
            "match_statement" => Self::match_statement,
            "function_definition" | "class_definition" | "decorated_definition" => Self::definition,
            "import_statement"
            | "import_from_statement"
            | "future_import_statement"
            | "global_statement"
            | "nonlocal_statement"
            | "pass_statement"
            | "break_statement"
            | "continue_statement"
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
    fn exit_statement(&mut self, n: Node<'_>, out: &mut Vec<Stmt>) {
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

    /// `assert c` is `if not c: raise`.
    fn assert_statement(&mut self, n: Node<'_>, out: &mut Vec<Stmt>) {
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

    fn delete_statement(&mut self, n: Node<'_>, out: &mut Vec<Stmt>) {
        if let Some(target) = named(n).first() {
            let e = self.lower_expr(*target);
            out.push(Stmt::Eval(e));
        }
    }

    /// Python 2 `exec code`, as a call to `exec`.
    fn exec_statement(&mut self, n: Node<'_>, out: &mut Vec<Stmt>) {
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

    fn definition(&mut self, n: Node<'_>, out: &mut Vec<Stmt>) {
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
    fn container(&mut self, n: Node<'_>, out: &mut Vec<Stmt>) {
        for c in named(n) {
            self.lower_stmt(c, out);
        }
    }

    /// An expression where a statement was expected (inside error nodes).
    fn stray_expression(&mut self, n: Node<'_>, out: &mut Vec<Stmt>) {
        let e = self.lower_expr(n);
        out.push(Stmt::Eval(e));
    }

    fn expression_statement(&mut self, n: Node<'_>, out: &mut Vec<Stmt>) {
        match named(n).as_slice() {
            [] => {}
            [single] => match single.kind() {
                "assignment" => self.assignment(*single, out),
                "augmented_assignment" => self.augmented(*single, out),
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

    fn assignment(&mut self, n: Node<'_>, out: &mut Vec<Stmt>) {
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

    fn augmented(&mut self, n: Node<'_>, out: &mut Vec<Stmt>) {
        let (Some(left), Some(right)) = (
            n.child_by_field_name("left"),
            n.child_by_field_name("right"),
        ) else {
            return;
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
        out.push(Stmt::Assign {
            target,
            value,
            span: span(n),
        });
    }

    fn test_expr(&mut self, test: Option<Node<'_>>, fallback: Span) -> Expr {
        match test {
            Some(t) => self.lower_expr(t),
            None => other(Vec::new(), fallback),
        }
    }

    fn if_statement(&mut self, n: Node<'_>, out: &mut Vec<Stmt>) {
        let test = self.test_expr(n.child_by_field_name("condition"), span(n));
        let mut then = Vec::new();
        self.lower_block(n.child_by_field_name("consequence"), &mut then);
        let orelse = self.elif_chain(n);
        out.push(Stmt::If { test, then, orelse });
    }

    /// The `elif`/`else` clauses of an `if`, nested. Each `elif` nests one level deeper in
    /// the IR, so it counts against the depth cap.
    fn elif_chain(&mut self, n: Node<'_>) -> Vec<Stmt> {
        let base = self.depth;
        let mut levels = Vec::new();
        let mut last_else = Vec::new();
        for alt in fields(n, "alternative") {
            if self.depth >= MAX_DEPTH {
                break;
            }
            self.depth += 1;
            if alt.kind() == "elif_clause" {
                let saved = mem::take(&mut self.pending);
                let test = self.test_expr(alt.child_by_field_name("condition"), span(alt));
                let pre = mem::replace(&mut self.pending, saved);
                let mut body = Vec::new();
                self.lower_block(alt.child_by_field_name("consequence"), &mut body);
                levels.push((pre, test, body));
            } else if alt.kind() == "else_clause" {
                self.lower_block(alt.child_by_field_name("body"), &mut last_else);
            }
        }
        self.depth = base;
        let mut orelse = last_else;
        for (pre, test, then) in levels.into_iter().rev() {
            let mut stmts = pre;
            stmts.push(Stmt::If { test, then, orelse });
            orelse = stmts;
        }
        orelse
    }

    fn while_statement(&mut self, n: Node<'_>, out: &mut Vec<Stmt>) {
        // The test runs on every iteration: what it emits goes inside the loop.
        let saved = mem::take(&mut self.pending);
        let test = self.test_expr(n.child_by_field_name("condition"), span(n));
        let mut body = mem::replace(&mut self.pending, saved);
        body.push(Stmt::Eval(test));
        self.lower_block(n.child_by_field_name("body"), &mut body);
        out.push(Stmt::Loop(body));
        if let Some(alt) = n.child_by_field_name("alternative") {
            self.lower_block(alt.child_by_field_name("body"), out);
        }
    }

    fn for_statement(&mut self, n: Node<'_>, out: &mut Vec<Stmt>) {
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

    fn with_statement(&mut self, n: Node<'_>, out: &mut Vec<Stmt>) {
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

    fn try_statement(&mut self, n: Node<'_>, out: &mut Vec<Stmt>) {
        self.lower_block(n.child_by_field_name("body"), out);
        let mut tail = Vec::new();
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
                    out.push(Stmt::If {
                        test: other(Vec::new(), span(c)),
                        then,
                        orelse: Vec::new(),
                    });
                }
                "else_clause" => self.lower_block(c.child_by_field_name("body"), &mut tail),
                "finally_clause" => self.lower_block(child_of_kind(c, "block"), &mut tail),
                _ => {}
            }
        }
        out.append(&mut tail);
    }

    fn match_statement(&mut self, n: Node<'_>, out: &mut Vec<Stmt>) {
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
        let base = self.depth;
        let mut levels = Vec::new();
        let mut last_else = Vec::new();
        for case in cases {
            if self.depth >= MAX_DEPTH {
                break;
            }
            self.depth += 1;
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
        self.depth = base;
        let mut orelse = last_else;
        for (test, then) in levels.into_iter().rev() {
            orelse = vec![Stmt::If { test, then, orelse }];
        }
        out.append(&mut orelse);
    }

    fn is_wildcard(&self, p: Node<'_>) -> bool {
        named(p).is_empty() && self.text(p).trim() == "_"
    }

    /// `case "x":`, `case Color.RED:`, `case "a" | "b":` as `==` / `or` tests.
    fn literal_test(&mut self, p: Node<'_>, subject: &Expr) -> Option<Expr> {
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

    fn is_value_pattern(n: Node<'_>) -> bool {
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

    fn eq_test(&mut self, value: Node<'_>, subject: &Expr) -> Expr {
        let v = if value.kind() == "dotted_name" {
            let parts: Vec<&str> = named(value).into_iter().map(|i| self.text(i)).collect();
            Expr::new(
                ExprKind::Name(self.scope.resolve_dotted(&parts)),
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
    fn complex_case(
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

    fn decorated(&mut self, n: Node<'_>, class: Option<usize>, out: &mut Vec<Stmt>) {
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
                    && let Some(c) = class.and_then(|c| self.classes.get_mut(c))
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

    // ---------------------------------------------------------------------------------------
    // Functions and classes

    /// The docstring of a body, if its first statement is a plain string.
    fn docstring_node(stmt: Node<'_>) -> Option<Node<'_>> {
        if stmt.kind() != "expression_statement" {
            return None;
        }
        match named(stmt).as_slice() {
            [s] if is_string(*s) && !Self::has_interpolation(*s) => Some(*s),
            _ => None,
        }
    }

    fn has_interpolation(s: Node<'_>) -> bool {
        let strings = if s.kind() == "string" {
            vec![s]
        } else {
            named(s)
        };
        strings
            .iter()
            .any(|s| named(*s).iter().any(|c| c.kind() == "interpolation"))
    }

    fn doc(&mut self, string: Node<'_>) -> Doc {
        let text = match self.string_kind(string) {
            ExprKind::Str(s) => cleandoc(&s),
            _ => String::new(),
        };
        Doc {
            text,
            span: span(string),
        }
    }

    /// The body statements of a `def` or `class`, with the docstring split off.
    fn body_and_doc<'t>(&mut self, block: Option<Node<'t>>) -> (Vec<Node<'t>>, Option<Doc>) {
        let mut stmts = block.map(named).unwrap_or_default();
        let doc_node = stmts.first().and_then(|s| Self::docstring_node(*s));
        let doc = doc_node.map(|d| self.doc(d));
        if doc.is_some() && !stmts.is_empty() {
            stmts.remove(0);
        }
        (stmts, doc)
    }

    fn lower_def(
        &mut self,
        n: Node<'_>,
        decorators: Vec<Expr>,
        class: Option<usize>,
    ) -> Option<FnId> {
        if self.depth >= MAX_DEPTH {
            return None;
        }
        self.depth += 1;
        let name_node = n.child_by_field_name("name");
        let name = name_node
            .map(|m| self.text(m).to_string())
            .unwrap_or_default();
        let id = self.functions.len();
        let mut f = Function::new(Some(name.clone()), span(n));
        if let Some(m) = name_node {
            f.name_span = span(m);
            if self.module_scope && class.is_none() {
                self.export(&name, span(m));
            }
        }
        f.parent = self.cur_fn;
        f.class = class;
        f.decorators = decorators;
        self.functions.push(f);
        // Defaults and annotations are evaluated in the enclosing scope.
        let params = self.params(n.child_by_field_name("parameters"), class.is_some());

        let body_node = n.child_by_field_name("body");
        let locals = self.local_names(&params, body_node);
        self.scope.enter(locals);
        let saved_fn = self.cur_fn.replace(id);
        let saved_scope = mem::replace(&mut self.module_scope, false);
        let saved_pending = mem::take(&mut self.pending);
        let (stmts, doc) = self.body_and_doc(body_node);
        let mut body = Vec::new();
        for s in stmts {
            self.lower_stmt(s, &mut body);
        }
        self.scope.leave();
        self.pending = saved_pending;
        self.module_scope = saved_scope;
        self.cur_fn = saved_fn;

        if let Some(f) = self.functions.get_mut(id) {
            f.params = params;
            f.doc = doc;
            f.body = body;
        }
        self.depth -= 1;
        Some(id)
    }

    fn params(&mut self, list: Option<Node<'_>>, method: bool) -> Vec<Param> {
        let mut out: Vec<Param> = Vec::new();
        let Some(list) = list else { return out };
        for p in named(list) {
            let (name_node, annotation, default) = match p.kind() {
                "identifier"
                | "list_splat_pattern"
                | "dictionary_splat_pattern"
                | "tuple_pattern" => (Some(p), None, None),
                "typed_parameter" => (
                    named(p).first().copied(),
                    p.child_by_field_name("type"),
                    None,
                ),
                "default_parameter" | "typed_default_parameter" => (
                    p.child_by_field_name("name"),
                    p.child_by_field_name("type"),
                    p.child_by_field_name("value"),
                ),
                _ => continue,
            };
            let Some(name_node) = name_node else { continue };
            let (kind, ident) = match name_node.kind() {
                "list_splat_pattern" => (ParamKind::VarArgs, named(name_node).first().copied()),
                "dictionary_splat_pattern" => {
                    (ParamKind::KwArgs, named(name_node).first().copied())
                }
                _ => (ParamKind::Normal, Some(name_node)),
            };
            let Some(ident) = ident else { continue };
            let name = self.text(ident).to_string();
            let pattern = if ident.kind() == "identifier" {
                Pattern::Name(name.clone())
            } else {
                self.pattern(ident)
            };
            let kind = if method
                && out.is_empty()
                && kind == ParamKind::Normal
                && matches!(name.as_str(), "self" | "cls")
            {
                ParamKind::SelfParam
            } else {
                kind
            };
            let annotation = annotation.map(|a| self.lower_expr(a));
            let default = default.map(|d| self.lower_expr(d));
            out.push(Param {
                name,
                kind,
                annotation,
                default,
                pattern,
                attributes: Vec::new(),
                span: span(p),
            });
        }
        out
    }

    fn lower_class(
        &mut self,
        n: Node<'_>,
        decorators: Vec<Expr>,
        out: &mut Vec<Stmt>,
    ) -> Option<usize> {
        if self.depth >= MAX_DEPTH {
            return None;
        }
        self.depth += 1;
        let name_node = n.child_by_field_name("name");
        let name = name_node
            .map(|m| self.text(m).to_string())
            .unwrap_or_default();
        let name_span = name_node.map_or(span(n), span);
        if self.module_scope {
            self.export(&name, name_span);
        }
        let mut bases = Vec::new();
        if let Some(list) = n.child_by_field_name("superclasses") {
            for b in named(list) {
                if b.kind() != "keyword_argument" {
                    bases.push(self.lower_expr(b));
                }
            }
        }
        let idx = self.classes.len();
        self.classes.push(Class {
            name,
            name_span,
            bases,
            decorators,
            doc: None,
            fields: Vec::new(),
            methods: Vec::new(),
            span: span(n),
        });

        let saved_scope = mem::replace(&mut self.module_scope, false);
        let (stmts, doc) = self.body_and_doc(n.child_by_field_name("body"));
        let mut fields = Vec::new();
        let mut i = 0;
        while let Some(s) = stmts.get(i).copied() {
            i += 1;
            match s.kind() {
                "function_definition" => {
                    if let Some(id) = self.lower_def(s, Vec::new(), Some(idx))
                        && let Some(c) = self.classes.get_mut(idx)
                    {
                        c.methods.push(id);
                    }
                }
                "decorated_definition" => self.decorated(s, Some(idx), out),
                "class_definition" => {
                    self.lower_class(s, Vec::new(), out);
                }
                "expression_statement" => {
                    if let Some(mut field) = self.field(s) {
                        // An attribute docstring: a string statement right after the field.
                        if let Some(d) = stmts.get(i).and_then(|next| Self::docstring_node(*next)) {
                            field.doc = Some(self.doc(d));
                            i += 1;
                        }
                        fields.push(field);
                    } else {
                        self.lower_stmt(s, out);
                    }
                }
                "pass_statement" => {}
                _ => self.lower_stmt(s, out),
            }
        }
        self.module_scope = saved_scope;
        if let Some(c) = self.classes.get_mut(idx) {
            c.doc = doc;
            c.fields = fields;
        }
        self.depth -= 1;
        Some(idx)
    }

    /// A class attribute: `x: int = Field(...)`, `x = 5`, `x: str`.
    fn field(&mut self, stmt: Node<'_>) -> Option<Field> {
        let assignment = match named(stmt).as_slice() {
            [a] if a.kind() == "assignment" => *a,
            _ => return None,
        };
        let left = assignment
            .child_by_field_name("left")
            .filter(|l| l.kind() == "identifier")?;
        let right = assignment.child_by_field_name("right");
        if right.is_some_and(|r| matches!(r.kind(), "assignment" | "augmented_assignment")) {
            return None;
        }
        let annotation = assignment
            .child_by_field_name("type")
            .map(|t| self.lower_expr(t));
        let value = right.map(|r| self.lower_expr(r));
        Some(Field {
            name: self.text(left).to_string(),
            annotation,
            value,
            attributes: Vec::new(),
            doc: None,
            span: span(stmt),
        })
    }

    fn lambda(&mut self, n: Node<'_>) -> ExprKind {
        let id = self.functions.len();
        let mut f = Function::new(None, span(n));
        f.parent = self.cur_fn;
        self.functions.push(f);
        let params = self.params(n.child_by_field_name("parameters"), false);
        let locals = self.local_names(&params, None);
        self.scope.enter(locals);
        let saved_fn = self.cur_fn.replace(id);
        let saved_scope = mem::replace(&mut self.module_scope, false);
        let saved_pending = mem::take(&mut self.pending);
        let value = n.child_by_field_name("body").map(|b| self.lower_expr(b));
        let mut body = mem::replace(&mut self.pending, saved_pending);
        self.module_scope = saved_scope;
        self.cur_fn = saved_fn;
        self.scope.leave();

        let at = value.as_ref().map_or(span(n), |v| v.span);
        body.push(Stmt::Exit {
            value,
            is_return: true,
            span: at,
        });
        if let Some(f) = self.functions.get_mut(id) {
            f.params = params;
            f.body = body;
        }
        ExprKind::Func(id)
    }

    // ---------------------------------------------------------------------------------------
    // Binding patterns

    fn pattern(&mut self, n: Node<'_>) -> Pattern {
        if self.depth >= MAX_DEPTH {
            return Pattern::Ignore;
        }
        self.depth += 1;
        let p = self.pattern_inner(n);
        self.depth -= 1;
        p
    }

    fn pattern_inner(&mut self, n: Node<'_>) -> Pattern {
        match n.kind() {
            "identifier" => Pattern::Name(self.text(n).to_string()),
            "attribute" => match self.chain(n) {
                Some(parts) => Pattern::Name(self.scope.resolve_dotted(&parts)),
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

    // ---------------------------------------------------------------------------------------
    // Expressions

    fn lower_expr(&mut self, n: Node<'_>) -> Expr {
        if self.depth >= MAX_DEPTH || n.is_missing() {
            return other(Vec::new(), span(n));
        }
        self.depth += 1;
        let e = self.expr_inner(n);
        self.depth -= 1;
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

    fn positional_all(&mut self, nodes: Vec<Node<'_>>) -> Vec<Arg> {
        let mut out = Vec::with_capacity(nodes.len());
        for n in nodes {
            out.push(Arg::positional(self.lower_expr(n)));
        }
        out
    }

    fn lower_opt(&mut self, n: Option<Node<'_>>, fallback: Span) -> Expr {
        match n {
            Some(n) => self.lower_expr(n),
            None => other(Vec::new(), fallback),
        }
    }

    /// Dispatches on the node kind. Kept to a table of handlers so that each level of nesting
    /// only pays for the stack frame of the handler it uses (debug builds do not share stack
    /// slots between match arms).
    fn expr_inner(&mut self, n: Node<'_>) -> Expr {
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

    fn identifier(&mut self, n: Node<'_>) -> ExprKind {
        ExprKind::Name(self.scope.resolve_dotted(&[self.text(n)]))
    }

    #[expect(clippy::unused_self, reason = "a Handler")]
    fn constant(&mut self, n: Node<'_>) -> ExprKind {
        let name = match n.kind() {
            "true" => "True",
            "false" => "False",
            _ => "None",
        };
        ExprKind::Name(name.into())
    }

    #[expect(clippy::unused_self, reason = "a Handler")]
    fn opaque(&mut self, _: Node<'_>) -> ExprKind {
        ExprKind::Other(Vec::new())
    }

    fn generic(&mut self, n: Node<'_>) -> ExprKind {
        ExprKind::Other(self.lower_all(named(n)))
    }

    /// Parentheses, `await`, splats: the inner expression, with its own span.
    fn transparent(&mut self, n: Node<'_>) -> Expr {
        let children = named(n);
        if let [inner] = children.as_slice() {
            return self.lower_expr(*inner);
        }
        let children = self.lower_all(children);
        other(children, span(n))
    }

    fn attribute(&mut self, n: Node<'_>) -> ExprKind {
        if let Some(parts) = self.chain(n) {
            return ExprKind::Name(self.scope.resolve_dotted(&parts));
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

    fn unary(&mut self, n: Node<'_>) -> ExprKind {
        ExprKind::Other(vec![
            self.lower_opt(n.child_by_field_name("argument"), span(n)),
        ])
    }

    fn not(&mut self, n: Node<'_>) -> ExprKind {
        let arg = self.lower_opt(n.child_by_field_name("argument"), span(n));
        ExprKind::Call {
            callee: ops::NOT.into(),
            receiver: None,
            args: vec![Arg::positional(arg)],
        }
    }

    fn subscript(&mut self, n: Node<'_>) -> ExprKind {
        let value = self.lower_opt(n.child_by_field_name("value"), span(n));
        let args = self.positional_all(fields(n, "subscript"));
        ExprKind::Call {
            callee: ops::SUBSCRIPT.into(),
            receiver: Some(Box::new(value)),
            args,
        }
    }

    /// `list[int]`, `Annotated[str, Field(...)]` in annotations: lowered like a subscript.
    fn generic_type(&mut self, n: Node<'_>) -> ExprKind {
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
    fn conditional(&mut self, n: Node<'_>) -> ExprKind {
        let children = named(n);
        let [then, test, orelse] = children.as_slice() else {
            return ExprKind::Other(self.lower_all(children));
        };
        let then = Box::new(self.lower_expr(*then));
        let test = Box::new(self.lower_expr(*test));
        let orelse = Box::new(self.lower_expr(*orelse));
        ExprKind::Cond { test, then, orelse }
    }

    fn collection(&mut self, n: Node<'_>) -> ExprKind {
        let mut args = Vec::new();
        for c in named(n) {
            args.push(self.collection_arg(c));
        }
        ExprKind::Record(args)
    }

    /// `(y := e)`: the binding is emitted before the statement; the value is `y`.
    fn walrus(&mut self, n: Node<'_>) -> ExprKind {
        let name = n
            .child_by_field_name("name")
            .map(|m| self.text(m).to_string())
            .unwrap_or_default();
        let value = self.lower_opt(n.child_by_field_name("value"), span(n));
        let target = Pattern::Name(name.clone());
        self.pending.push(Stmt::Assign {
            target,
            value,
            span: span(n),
        });
        ExprKind::Name(name)
    }

    /// An element of a list, tuple, set or expression list: `*x` spreads.
    fn collection_arg(&mut self, c: Node<'_>) -> Arg {
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

    fn dictionary(&mut self, n: Node<'_>) -> ExprKind {
        let mut args = Vec::new();
        for c in named(n) {
            match c.kind() {
                "pair" => {
                    // A non-string key wraps the entry in one more level: count it.
                    self.depth += 1;
                    let key = self.lower_opt(c.child_by_field_name("key"), span(c));
                    let value = self.lower_opt(c.child_by_field_name("value"), span(c));
                    self.depth -= 1;
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

    fn comprehension(&mut self, n: Node<'_>) -> ExprKind {
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
                    self.pending.push(Stmt::Assign {
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

    fn binary(&mut self, n: Node<'_>) -> ExprKind {
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

    fn boolean(&mut self, n: Node<'_>) -> ExprKind {
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

    fn comparison(&mut self, n: Node<'_>) -> ExprKind {
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

    fn call(&mut self, n: Node<'_>) -> ExprKind {
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
    fn string_method(&mut self, n: Node<'_>, func: Node<'_>) -> Option<ExprKind> {
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
    fn callee(&mut self, func: Node<'_>) -> (String, Option<Box<Expr>>) {
        let f = unparen(func);
        if let Some(parts) = self.chain(f)
            && (parts.len() == 1 || parts.first().is_some_and(|r| self.is_import_local(r)))
        {
            return (self.scope.resolve_dotted(&parts), None);
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

    fn args(&mut self, list: Option<Node<'_>>) -> Vec<Arg> {
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

    fn arg(&mut self, c: Node<'_>) -> Arg {
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

    // ---------------------------------------------------------------------------------------
    // Strings

    /// A string or implicit concatenation: `Str` when nothing is interpolated, else `Interp`.
    fn string_kind(&mut self, n: Node<'_>) -> ExprKind {
        let mut parts = Vec::new();
        if n.kind() == "string" {
            self.string_parts(n, &mut parts);
        } else {
            for s in named(n).into_iter().filter(|s| s.kind() == "string") {
                self.string_parts(s, &mut parts);
            }
        }
        interp_or_str(parts)
    }

    /// The literal text and interpolations of one `string` node.
    fn string_parts(&mut self, s: Node<'_>, parts: &mut Vec<Part>) {
        let start = child_of_kind(s, "string_start");
        let prefix = start.map_or("", |p| self.text(p)).to_ascii_lowercase();
        let raw = prefix.contains('r');
        let fmt = prefix.contains('f') || prefix.contains('t');
        let bytes = prefix.contains('b');
        let end = child_of_kind(s, "string_end").map_or(s.end_byte(), |e| e.start_byte());
        let mut pos = start.map_or(s.start_byte(), |p| p.end_byte());
        for c in named(s) {
            if c.kind() == "interpolation" {
                let lit = self.src.get(pos..c.start_byte()).unwrap_or("");
                push_lit(parts, &unescape(lit, raw, fmt, bytes));
                self.interpolation(c, parts);
                pos = c.end_byte();
            }
        }
        let lit = self.src.get(pos..end).unwrap_or("");
        push_lit(parts, &unescape(lit, raw, fmt, bytes));
    }

    fn interpolation(&mut self, i: Node<'_>, parts: &mut Vec<Part>) {
        let expr = i.child_by_field_name("expression");
        // `{x=}` prints the expression text before its value.
        if let (Some(open), Some(eq)) = (child_of_kind(i, "{"), child_of_kind(i, "=")) {
            push_lit(
                parts,
                self.src.get(open.end_byte()..eq.end_byte()).unwrap_or(""),
            );
        }
        if let Some(e) = expr {
            parts.push(Part::Hole(self.lower_expr(e)));
        }
        if let Some(spec) = i.child_by_field_name("format_specifier") {
            for fe in named(spec)
                .into_iter()
                .filter(|c| c.kind() == "format_expression")
            {
                if let Some(e) = fe.child_by_field_name("expression") {
                    parts.push(Part::Hole(self.lower_expr(e)));
                }
            }
        }
    }
}

/// Python string-literal unescaping. Raw strings keep backslashes; f-strings undouble braces.
fn unescape(s: &str, raw: bool, fstring: bool, bytes: bool) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' && !raw {
            let Some(e) = chars.next() else {
                out.push('\\');
                break;
            };
            match e {
                '\n' => {}
                '\r' => {
                    if chars.peek() == Some(&'\n') {
                        chars.next();
                    }
                }
                'n' => out.push('\n'),
                't' => out.push('\t'),
                'r' => out.push('\r'),
                '\\' => out.push('\\'),
                '\'' => out.push('\''),
                '"' => out.push('"'),
                'a' => out.push('\x07'),
                'b' => out.push('\x08'),
                'f' => out.push('\x0c'),
                'v' => out.push('\x0b'),
                'x' => hex_escape(&mut out, &mut chars, 'x', 2),
                'u' if !bytes => hex_escape(&mut out, &mut chars, 'u', 4),
                'U' if !bytes => hex_escape(&mut out, &mut chars, 'U', 8),
                '0'..='7' => {
                    let mut value = e.to_digit(8).unwrap_or(0);
                    for _ in 0..2 {
                        match chars.peek().and_then(|d| d.to_digit(8)) {
                            Some(d) => {
                                value = value * 8 + d;
                                chars.next();
                            }
                            None => break,
                        }
                    }
                    out.push(char::from_u32(value).unwrap_or(char::REPLACEMENT_CHARACTER));
                }
                other => {
                    out.push('\\');
                    out.push(other);
                }
            }
        } else if c == '\r' && chars.peek() == Some(&'\n') {
            // Python reads source with universal newlines.
        } else if fstring && (c == '{' || c == '}') && chars.peek() == Some(&c) {
            chars.next();
            out.push(c);
        } else {
            out.push(c);
        }
    }
    out
}

/// `\xNN`, `\uNNNN`, `\UNNNNNNNN`; kept as written when malformed.
fn hex_escape(
    out: &mut String,
    chars: &mut std::iter::Peekable<std::str::Chars<'_>>,
    letter: char,
    len: usize,
) {
    let mut digits = String::new();
    while digits.len() < len {
        match chars.peek() {
            Some(d) if d.is_ascii_hexdigit() => {
                digits.push(*d);
                chars.next();
            }
            _ => break,
        }
    }
    let decoded = (digits.len() == len)
        .then(|| u32::from_str_radix(&digits, 16).ok())
        .flatten()
        .and_then(char::from_u32);
    match decoded {
        Some(ch) => out.push(ch),
        None => {
            out.push('\\');
            out.push(letter);
            out.push_str(&digits);
        }
    }
}

/// `inspect.cleandoc`: tabs expanded, the first line's leading whitespace and the common
/// indentation of the other lines removed, blank lines at the start and end dropped.
fn cleandoc(doc: &str) -> String {
    let expanded = expand_tabs(doc);
    let lines: Vec<&str> = expanded.split('\n').collect();
    let margin = lines
        .iter()
        .skip(1)
        .filter(|l| !l.trim_start().is_empty())
        .map(|l| l.len() - l.trim_start().len())
        .min()
        .unwrap_or(0);
    let mut out: Vec<&str> = Vec::with_capacity(lines.len());
    for (i, line) in lines.iter().enumerate() {
        if i == 0 {
            out.push(line.trim_start());
        } else {
            out.push(line.get(margin..).unwrap_or_else(|| line.trim_start()));
        }
    }
    let leading = out.iter().take_while(|l| l.is_empty()).count();
    out.drain(..leading);
    while out.last().is_some_and(|l| l.is_empty()) {
        out.pop();
    }
    out.join("\n")
}

fn expand_tabs(s: &str) -> String {
    if !s.contains('\t') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut col = 0;
    for c in s.chars() {
        match c {
            '\t' => {
                let n = 8 - col % 8;
                out.extend(std::iter::repeat_n(' ', n));
                col += n;
            }
            '\n' | '\r' => {
                out.push(c);
                col = 0;
            }
            _ => {
                out.push(c);
                col += 1;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unescapes_python_literals() {
        assert_eq!(
            unescape(r"a\tb\n\\\'\x41\u00e9\101", false, false, false),
            "a\tb\n\\'AéA"
        );
        assert_eq!(unescape(r"\u00e9", false, false, true), r"\u00e9");
        assert_eq!(unescape(r"a\nb", true, false, false), r"a\nb");
        assert_eq!(unescape("{{x}}", false, true, false), "{x}");
        assert_eq!(unescape("{{x}}", false, false, false), "{{x}}");
        assert_eq!(unescape("a\\\nb", false, false, false), "ab");
        assert_eq!(unescape("a\r\nb", false, false, false), "a\nb");
        assert_eq!(unescape(r"\x4", false, false, false), r"\x4");
        assert_eq!(unescape(r"\U0011FFFF", false, false, false), r"\U0011FFFF");
        assert_eq!(unescape("\\", false, false, false), "\\");
        assert_eq!(unescape(r"\q", false, false, false), r"\q");
    }

    #[test]
    fn cleandoc_matches_python() {
        assert_eq!(cleandoc("Title."), "Title.");
        assert_eq!(
            cleandoc("\n    Title.\n\n    Body\n      more\n    "),
            "Title.\n\nBody\n  more"
        );
        assert_eq!(cleandoc("  First.\n\tTabbed"), "First.\nTabbed");
        assert_eq!(cleandoc(""), "");
        assert_eq!(cleandoc("\n\n"), "");
    }
}
