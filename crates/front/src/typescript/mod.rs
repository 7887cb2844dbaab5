//! The TypeScript and JavaScript front end: tree-sitter-typescript syntax trees lowered to the IR.
//!
//! `.ts`, `.mts` and `.cts` files are parsed with the `typescript` grammar; `.tsx` files and all
//! JavaScript (`.js`, `.jsx`, `.mjs`, `.cjs`) with the `tsx` grammar, which also accepts JSX.
//!
//! Lowering is recursive over the syntax tree, so it is capped at
//! [`MAX_DEPTH`](crate::common::MAX_DEPTH) nested statements and expressions: deeper expressions
//! lower to an empty `Other`, deeper statements are skipped. Everything that can be long without
//! nesting (member chains, `+`, `&&`/`||` chains, `else if` chains, `switch` cases, sequence
//! expressions) is handled iteratively or counted against the same cap, so the IR itself is never
//! deeper than the cap either.
//!
//! The tree is never walked upwards (`Node::parent` costs a walk from the root in tree-sitter
//! 0.25): whatever a node needs from its context (a binding name, the statement a `JSDoc` comment
//! precedes) is handed down.

mod exprs;
mod imports;
mod items;
mod patterns;
mod stmts;
mod strings;

use foldhash::{HashMap, HashMapExt, HashSet};
use std::time::Duration;

use crate::FrontError;
use crate::common::{self, Grammar, Node, Parts, named_without, other};
use crate::common::{FileState, Lowering, impl_lowering, param_names};
use mcplint_ir::{Doc, Expr, ExprKind, File, FnId, Lang, Param, SourceFile, Span, Stmt};

/// At most this many syntax errors are recorded per file.
const MAX_SYNTAX_ERRORS: usize = 100;

/// The grammar of a file: `typescript` for `.ts`, `.mts` and `.cts`, `tsx` for `.tsx` and all
/// JavaScript.
fn grammar_for_file(lang: Lang, path: &str) -> Grammar {
    let tsx = path
        .rsplit('.')
        .next()
        .is_some_and(|ext| ext.eq_ignore_ascii_case("tsx"));
    if lang == Lang::TypeScript && !tsx {
        Grammar::TypeScript
    } else {
        Grammar::Tsx
    }
}

/// Parses and lowers one TypeScript or JavaScript file.
pub(crate) fn lower(lang: Lang, source: SourceFile, budget: Duration) -> Result<File, FrontError> {
    let grammar = grammar_for_file(lang, &source.path);
    common::lower_file(grammar, lang, source, budget, |src, root| {
        Lowerer::new(src).lower_file(root)
    })
}

/// Parses only, returning the number of nodes in the tree (TypeScript with the `typescript`
/// grammar, JavaScript with `tsx`).
pub(crate) fn parse_only(lang: Lang, text: &str) -> Result<usize, FrontError> {
    let grammar = if lang == Lang::TypeScript {
        Grammar::TypeScript
    } else {
        Grammar::Tsx
    };
    grammar.count_nodes(text)
}

/// Comments and the hashbang line. (Not `is_extra`: error-recovery `ERROR` nodes can be
/// extras too, and they hold code that must still be lowered.)
fn is_trivia(n: Node<'_>) -> bool {
    matches!(n.kind(), "comment" | "html_comment" | "hash_bang_line")
}

/// Named children that are not comments.
fn named(n: Node<'_>) -> Vec<Node<'_>> {
    named_without(n, is_trivia)
}

/// Every named child under field `name`.
fn fields<'t>(n: Node<'t>, name: &str) -> Vec<Node<'t>> {
    let mut cursor = n.walk();
    n.children_by_field_name(name, &mut cursor)
        .filter(|c| c.is_named() && !is_trivia(*c))
        .collect()
}

/// Strips parentheses around a single expression.
fn unparen(mut n: Node<'_>) -> Node<'_> {
    while n.kind() == "parenthesized_expression" {
        match named(n).as_slice() {
            [inner] if inner.kind() != "sequence_expression" => n = *inner,
            _ => break,
        }
    }
    n
}

/// Strips parentheses, `as T`, `satisfies T` and `!` around a value.
fn unwrap_value(mut n: Node<'_>) -> Node<'_> {
    loop {
        let inner = match n.kind() {
            "parenthesized_expression" => match named(n).as_slice() {
                [inner] if inner.kind() != "sequence_expression" => Some(*inner),
                _ => None,
            },
            "as_expression" | "satisfies_expression" | "non_null_expression" => {
                named(n).first().copied()
            }
            _ => None,
        };
        match inner {
            Some(inner) => n = inner,
            None => return n,
        }
    }
}

/// Whether `n` is a function or arrow expression.
fn is_function_expr(n: Node<'_>) -> bool {
    matches!(
        n.kind(),
        "arrow_function" | "function_expression" | "generator_function" | "function"
    )
}

/// A string literal or a template literal without substitutions.
fn is_plain_string(n: Node<'_>) -> bool {
    match n.kind() {
        "string" => true,
        "template_string" => !named(n).iter().any(|c| c.kind() == "template_substitution"),
        _ => false,
    }
}

/// Statement kinds that bind or declare nothing mcplint tracks.
fn is_ignored_statement(kind: &str) -> bool {
    matches!(
        kind,
        "import_statement"
            | "import_alias"
            | "break_statement"
            | "debugger_statement"
            | "empty_statement"
            | "type_alias_declaration"
            | "interface_declaration"
            | "ambient_declaration"
            | "function_signature"
            | "abstract_method_signature"
            | "method_signature"
            | "index_signature"
            | "comment"
            | "html_comment"
            | "hash_bang_line"
    )
}

/// Node kinds that hold statements without being one (lowered child by child).
fn is_container(kind: &str) -> bool {
    matches!(
        kind,
        "ERROR" | "program" | "statement_block" | "switch_body" | "switch_case" | "switch_default"
    ) || kind.ends_with("_clause")
}

/// A handler for one kind of expression node.
type Handler<'s> = for<'t> fn(&mut Lowerer<'s>, Node<'t>) -> ExprKind;

/// A handler for one kind of statement node.
type StmtHandler<'s> = for<'t> fn(&mut Lowerer<'s>, Node<'t>, &mut Vec<Stmt>);

/// How a function being lowered is named and where it sits.
struct FnInfo {
    /// The name it is bound to (a variable, key, method or export name), overriding its own.
    name: Option<(String, Span)>,
    /// The class it is a method of.
    class: Option<usize>,
    /// Its decorators.
    decorators: Vec<Expr>,
    /// Where the statement that declares it starts (a `JSDoc` comment right before it applies).
    anchor: usize,
}

impl FnInfo {
    fn at(anchor: usize) -> Self {
        Self {
            name: None,
            class: None,
            decorators: Vec::new(),
            anchor,
        }
    }

    fn named(name: Option<(String, Span)>, anchor: usize) -> Self {
        Self {
            name,
            ..Self::at(anchor)
        }
    }
}

/// The lowering state for one file.
struct Lowerer<'s> {
    src: &'s str,
    /// What the lowering has produced so far, and its depth.
    file: FileState,
    /// `/** ... */` comments by the byte offset where they end.
    jsdocs: HashMap<usize, Doc>,
    /// The innermost enclosing function (`None` at module level).
    cur_fn: Option<FnId>,
    /// How many TS `namespace` blocks enclose the current statement (their `export`s are not
    /// the module's).
    namespaces: usize,
}

impl_lowering!(Lowerer);

impl<'s> Lowerer<'s> {
    fn new(src: &'s str) -> Self {
        Self {
            src,
            file: FileState::new(src.len()),
            jsdocs: HashMap::new(),
            cur_fn: None,
            namespaces: 0,
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
        let mut body = Vec::new();
        for s in named(root) {
            self.lower_stmt(s, &mut body);
        }
        self.file.finish(body)
    }

    // ---------------------------------------------------------------------------------------
    // Names

    /// The parts of a member chain rooted at an identifier, `this` or `super`
    /// (`a.b.c` -> `[a, b, c]`), looking through parentheses, `!`, `as` and `satisfies`.
    fn chain(&self, n: Node<'_>) -> Option<Vec<&'s str>> {
        let mut parts = Vec::new();
        let mut cur = n;
        loop {
            match cur.kind() {
                "member_expression" => {
                    parts.push(self.text(cur.child_by_field_name("property")?));
                    cur = cur.child_by_field_name("object")?;
                }
                "parenthesized_expression" | "non_null_expression" => match named(cur).as_slice() {
                    [inner] => cur = *inner,
                    _ => return None,
                },
                "as_expression" | "satisfies_expression" => cur = *named(cur).first()?,
                "identifier" | "this" | "super" if !cur.is_missing() => {
                    parts.push(self.text(cur));
                    break;
                }
                _ => return None,
            }
        }
        parts.reverse();
        Some(parts)
    }

    /// The names a function body declares locally (`const`/`let`/`var`, functions, classes,
    /// `catch` parameters), not looking into nested functions and classes (whose own names do
    /// count). `require` bindings are left out: they resolve as imports.
    fn local_names(&self, params: &[Param], body: Option<Node<'_>>) -> HashSet<String> {
        let mut names = param_names(params);
        let mut targets = Vec::new();
        let mut stack: Vec<Node<'_>> = match body {
            Some(b) if b.kind() == "statement_block" => named(b),
            Some(b) => vec![b],
            None => Vec::new(),
        };
        while let Some(n) = stack.pop() {
            match n.kind() {
                "function_declaration"
                | "generator_function_declaration"
                | "class_declaration"
                | "abstract_class_declaration"
                | "enum_declaration" => {
                    if let Some(name) = n.child_by_field_name("name") {
                        names.insert(self.text(name).to_string());
                    }
                    continue;
                }
                "arrow_function"
                | "function_expression"
                | "generator_function"
                | "function"
                | "class"
                | "method_definition" => continue,
                "variable_declarator" => {
                    let is_require = n
                        .child_by_field_name("value")
                        .is_some_and(|v| self.require_source(v).is_some());
                    if !is_require {
                        targets.extend(n.child_by_field_name("name"));
                    }
                }
                "for_in_statement" if n.child_by_field_name("kind").is_some() => {
                    targets.extend(n.child_by_field_name("left"));
                }
                "catch_clause" => targets.extend(n.child_by_field_name("parameter")),
                _ => {}
            }
            stack.extend(named(n));
        }
        while let Some(t) = targets.pop() {
            match t.kind() {
                "identifier" | "shorthand_property_identifier_pattern" => {
                    names.insert(self.text(t).to_string());
                }
                "object_pattern" | "array_pattern" | "rest_pattern" => targets.extend(named(t)),
                "pair_pattern" => targets.extend(t.child_by_field_name("value")),
                "assignment_pattern" | "object_assignment_pattern" => {
                    targets.extend(t.child_by_field_name("left"));
                }
                _ => {}
            }
        }
        names
    }
}

fn func_or_empty(id: Option<FnId>, at: Span) -> Expr {
    match id {
        Some(id) => Expr::new(ExprKind::Func(id), at),
        None => other(Vec::new(), at),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grammar_by_extension() {
        assert_eq!(
            grammar_for_file(Lang::TypeScript, "a/b.ts"),
            Grammar::TypeScript
        );
        assert_eq!(
            grammar_for_file(Lang::TypeScript, "b.mts"),
            Grammar::TypeScript
        );
        assert_eq!(grammar_for_file(Lang::TypeScript, "b.tsx"), Grammar::Tsx);
        assert_eq!(grammar_for_file(Lang::TypeScript, "b.TSX"), Grammar::Tsx);
        assert_eq!(grammar_for_file(Lang::JavaScript, "b.js"), Grammar::Tsx);
        assert_eq!(grammar_for_file(Lang::JavaScript, "b.cjs"), Grammar::Tsx);
    }
}
