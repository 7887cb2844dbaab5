//! The Python front end: tree-sitter-python syntax trees lowered to the IR.
//!
//! Lowering is recursive over the syntax tree, so it is capped at
//! [`MAX_DEPTH`](crate::common::MAX_DEPTH) nested statements and expressions: deeper expressions
//! lower to an empty `Other`, deeper statements are skipped. Everything that can be long without
//! nesting (attribute chains, `+`, `and`/`or` chains, `elif` and `case` chains, implicit string
//! concatenation) is handled iteratively or counted against the same cap, so the IR itself is never
//! deeper than the cap either.

mod exprs;
mod items;
mod patterns;
mod stmts;
mod strings;

use foldhash::HashSet;
use std::time::Duration;

use crate::FrontError;
use crate::common::{self, Grammar, Node, Parts, named_without, span};
use crate::common::{FileState, Lowering, impl_lowering, param_names};
use mcplint_ir::{Comment, ExprKind, File, FnId, Lang, Param, SourceFile, Span, Stmt};

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
        |src, root| Lowerer::new(src).lower_file(root),
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
    /// What the lowering has produced so far, and its depth.
    file: FileState,
    /// The innermost enclosing `def` or lambda (`None` at module level).
    cur_fn: Option<FnId>,
    /// Whether statements are at module scope (not in a function or class body).
    module_scope: bool,
}

impl_lowering!(Lowerer);

impl<'s> Lowerer<'s> {
    fn new(src: &'s str) -> Self {
        Self {
            src,
            file: FileState::new(src.len()),
            cur_fn: None,
            module_scope: true,
        }
    }

    fn text(&self, n: Node<'_>) -> &'s str {
        self.src.get(n.byte_range()).unwrap_or("")
    }

    // ---------------------------------------------------------------------------------------
    // Whole file

    /// Lowers the whole file.
    fn lower_file(mut self, root: Node<'_>) -> Parts {
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
        self.file.finish(body)
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
                && self.file.syntax_errors.len() < MAX_SYNTAX_ERRORS
            {
                self.file.syntax_errors.push(span(node));
            }
        }
    }

    fn comment(&mut self, n: Node<'_>) {
        let raw = self.text(n);
        let text = raw.strip_prefix('#').unwrap_or(raw).trim().to_string();
        let before = self.src.get(..n.start_byte()).unwrap_or("");
        let line = before.rsplit('\n').next().unwrap_or("");
        let own_line = line.chars().all(|c| matches!(c, ' ' | '\t' | '\x0c'));
        self.file.comments.push(Comment {
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
        self.file.scope.add_import(module, name, local, at, true);
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
        self.file.scope.export(name, name, at);
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

    /// The names a function body binds locally, not looking into nested functions and classes
    /// (whose own names do count). Names bound by imports are left out: they resolve as imports.
    fn local_names(&self, params: &[Param], body: Option<Node<'_>>) -> HashSet<String> {
        let mut names = param_names(params);
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
}
