//! The Rust front end: tree-sitter-rust syntax trees lowered to the IR.
//!
//! tree-sitter leaves macro bodies and attribute arguments as flat token trees; those are parsed
//! with syn, one token tree at a time (see [`macros`]). Everything else is lowered from the
//! tree-sitter tree.
//!
//! The vocabulary, shared with the other front ends:
//! - imports are `Import { module: "std::process::Command", name: None, local: "Command" }`,
//!   one per leaf of a `use` tree (`super`/`crate`/`self` kept as written; globs skipped);
//! - paths are `::`-joined names with the first segment resolved through the imports and
//!   generic arguments dropped (`fs::read` -> `std::fs::read`, `Vec::<u8>::new` ->
//!   `Vec::new`); field chains rooted at a name or `self` are dotted (`params.0.path`); a
//!   method call is `*.method` with its receiver, anything else called is `<call>`;
//! - macros are calls of `path!` with their arguments, except the string builders (`format!`,
//!   `write!`, `concat!` -> `Interp`/`Str`), `vec!` (a record), `matches!` (an `==`/`or` test
//!   for value patterns), `json!` (records) and the diverging and asserting macros (`Exit`,
//!   `If`);
//! - attributes are `Name(path)` or `Call(path, args)` with the path resolved and the
//!   arguments kept as written (`#[derive(JsonSchema)]` -> `derive(JsonSchema)`);
//! - a function's final expression returns it: an `if`/`match` there returns from each branch.
//!
//! Lowering is recursive over the syntax tree, so it is capped at [`MAX_DEPTH`] nested
//! statements and expressions: deeper expressions lower to an empty `Other`, deeper statements
//! are skipped. What can be long without nesting (paths, field chains, `+`, `&&`/`||` chains,
//! `else if` chains, match arms, parentheses, references, `?` and `.await`) is handled
//! iteratively or counted against the same cap, so the IR itself is never deeper than the cap.

mod exprs;
mod macros;
mod text;

use foldhash::{HashMap, HashMapExt, HashSet};
use std::mem;
use std::time::Duration;

use crate::FrontError;
use crate::common::{
    self, Grammar, Node, Parts, call, child_of_kind, named_without, other, span, splice,
};
use crate::common::{FileState, MAX_DEPTH, param_names};
use mcplint_ir::{
    Arg, Class, Comment, Doc, Expr, ExprKind, Field, File, FnId, Function, Lang, Module, Param,
    ParamKind, Pattern, SourceFile, Span, Stmt, ops,
};
use text::{CommentKind, comment_kind, comment_text, doc_lines, ident_name, is_upper_name};

/// At most this many syntax errors are recorded per file.
const MAX_SYNTAX_ERRORS: usize = 100;

/// Parses and lowers one Rust file.
pub(crate) fn lower(source: SourceFile, budget: Duration) -> Result<File, FrontError> {
    common::lower_file(Grammar::Rust, Lang::Rust, source, budget, |src, root| {
        Lowerer::new(src).lower_file(root)
    })
}

/// Parses only, returning the number of nodes in the tree.
pub(crate) fn parse_only(text: &str) -> Result<usize, FrontError> {
    Grammar::Rust.count_nodes(text)
}

/// Line and block comments (doc comments included).
fn is_comment(n: Node<'_>) -> bool {
    matches!(n.kind(), "line_comment" | "block_comment")
}

/// Named children that are not comments.
fn named(n: Node<'_>) -> Vec<Node<'_>> {
    named_without(n, is_comment)
}

/// Named children, comments included.
fn named_all(n: Node<'_>) -> Vec<Node<'_>> {
    let mut cursor = n.walk();
    n.named_children(&mut cursor).collect()
}

/// Whether an item node carries a visibility modifier (`pub`, `pub(crate)`, ...).
fn is_pub(n: Node<'_>) -> bool {
    child_of_kind(n, "visibility_modifier").is_some()
}

/// Whether the word characters of two adjacent tokens would run together.
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// How a block's final expression (the one without `;`) is used.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Tail {
    /// Its value is dropped (statement position).
    Discard,
    /// It is the value the function or closure returns.
    Return,
}

/// Outer attributes and doc comments collected in front of an item.
#[derive(Default)]
struct Attrs {
    /// Attributes other than plain `#[doc = "..."]`.
    decorators: Vec<Expr>,
    /// Doc lines, in order.
    doc: Vec<String>,
    /// Where the doc is written.
    doc_span: Option<Span>,
    /// A `#[doc = <not a literal>]` makes the doc dynamic: no `doc` then.
    dynamic_doc: bool,
}

impl Attrs {
    fn add_doc(&mut self, lines: Vec<String>, at: Span) {
        self.doc.extend(lines);
        self.doc_span = Some(self.doc_span.map_or(at, |s| s.cover(at)));
    }

    fn doc(&self) -> Option<Doc> {
        if self.dynamic_doc {
            return None;
        }
        let at = self.doc_span?;
        Some(Doc {
            text: self.doc.join("\n"),
            span: at,
        })
    }
}

/// A handler for one kind of statement node.
type StmtHandler<'s> = for<'t> fn(&mut Lowerer<'s>, Node<'t>, &mut Vec<Stmt>, Attrs, Tail);

/// A handler for one kind of expression in statement position.
type ExprStmtHandler<'s> = for<'t> fn(&mut Lowerer<'s>, Node<'t>, &mut Vec<Stmt>, Tail);

/// The lowering state for one file.
struct Lowerer<'s> {
    src: &'s str,
    /// What the lowering has produced so far, and its depth.
    file: FileState,
    /// Class index by type name: one class per type per file, `impl` blocks merged in.
    class_index: HashMap<String, usize>,
    /// The innermost enclosing function or closure (`None` at module level).
    cur_fn: Option<FnId>,
    /// The class whose `impl` or `trait` body is being lowered.
    cur_class: Option<usize>,
    /// Whether items are at module scope (file level or inline `mod`, not in a function).
    module_scope: bool,
    /// The inline `mod`s being lowered, outermost first.
    inline_mods: Vec<String>,
    /// Inner doc comments (`//!`) seen in the current function body.
    inner_doc: Attrs,
    /// Whether a syn parse is in progress (spans are only invalidated by the outermost one).
    in_syn: bool,
}

impl<'s> Lowerer<'s> {
    fn new(src: &'s str) -> Self {
        Self {
            src,
            file: FileState::new(src.len()),
            class_index: HashMap::new(),
            cur_fn: None,
            cur_class: None,
            module_scope: true,
            inline_mods: Vec::new(),
            inner_doc: Attrs::default(),
            in_syn: false,
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
        self.lower_children(root, &mut body, Tail::Discard);
        self.file.finish(body)
    }

    /// One iterative pass over the whole tree: comments, `use` declarations and syntax errors.
    /// The ancestors of the current node are kept on a stack: `Node::parent` searches down from
    /// the root, so climbing with it is quadratic in the nesting depth.
    fn scan(&mut self, root: Node<'_>) {
        let mut cursor = root.walk();
        let mut ancestors: Vec<Node<'_>> = Vec::new();
        loop {
            let node = cursor.node();
            match node.kind() {
                "line_comment" | "block_comment" => self.comment(node),
                "use_declaration" => self.use_declaration(node, &ancestors),
                _ => {}
            }
            if (node.is_error() || node.is_missing())
                && self.file.syntax_errors.len() < MAX_SYNTAX_ERRORS
                && !self.is_grammar_gap(node, &ancestors)
            {
                self.file.syntax_errors.push(span(node));
            }
            if cursor.goto_first_child() {
                ancestors.push(node);
                continue;
            }
            loop {
                if cursor.goto_next_sibling() {
                    break;
                }
                if !cursor.goto_parent() {
                    return;
                }
                ancestors.pop();
            }
        }
    }

    /// Valid Rust that tree-sitter-rust reports as an error: stacked attributes on a
    /// parameter (`#[tool(param)] #[schemars(...)] x: T`). `ancestors` are `n`'s, root first.
    fn is_grammar_gap(&mut self, n: Node<'_>, ancestors: &[Node<'_>]) -> bool {
        // The outermost error node directly inside the parameter list.
        let mut top = n;
        for &p in ancestors.iter().rev() {
            if p.kind() == "parameters" {
                return top.is_error() && self.stacked_attributes(top).is_some();
            }
            if p.is_error() {
                top = p;
            }
        }
        false
    }

    fn comment(&mut self, n: Node<'_>) {
        let raw = self.text(n);
        let trimmed = raw.trim_end_matches(['\n', '\r']);
        let at = Span::new(n.start_byte(), n.start_byte() + trimmed.len());
        let before = self.src.get(..n.start_byte()).unwrap_or("");
        let line = before.rsplit('\n').next().unwrap_or("");
        let own_line = line.chars().all(|c| matches!(c, ' ' | '\t' | '\x0c'));
        self.file.comments.push(Comment {
            text: comment_text(trimmed),
            span: at,
            own_line,
        });
    }

    // ---------------------------------------------------------------------------------------
    // Imports and exports

    fn add_import(&mut self, module: String, local: &str, at: Span) {
        let local = ident_name(local);
        if module.is_empty() || local.is_empty() || local == "_" || local == "self" {
            return;
        }
        self.file
            .scope
            .add_import(module, None, local.to_string(), at, true);
    }

    /// `use a::b::{c, d as e, f::*, self};`: one import per leaf, with the full path.
    /// `ancestors` are `n`'s, root first.
    fn use_declaration(&mut self, n: Node<'_>, ancestors: &[Node<'_>]) {
        let Some(arg) = n.child_by_field_name("argument") else {
            return;
        };
        let at = span(n);
        let kind = |up: usize| ancestors.len().checked_sub(up).map(|i| ancestors[i].kind());
        let export = is_pub(n)
            && (kind(1) == Some("source_file")
                || (kind(1) == Some("declaration_list") && kind(2) == Some("mod_item")));
        let mut bound = Vec::new();
        let mut stack: Vec<(Node<'_>, Vec<&'s str>)> = vec![(arg, Vec::new())];
        while let Some((node, prefix)) = stack.pop() {
            match node.kind() {
                "use_as_clause" => {
                    let (Some(path), Some(alias)) = (
                        node.child_by_field_name("path"),
                        node.child_by_field_name("alias"),
                    ) else {
                        continue;
                    };
                    let mut segs = prefix;
                    segs.extend(self.path_segments(path).unwrap_or_default());
                    if segs.last() == Some(&"self") {
                        segs.pop();
                    }
                    let alias = self.text(alias);
                    self.add_import(join_path(&segs), alias, at);
                    bound.push(alias);
                }
                "scoped_use_list" => {
                    let mut segs = prefix;
                    if let Some(path) = node.child_by_field_name("path") {
                        segs.extend(self.path_segments(path).unwrap_or_default());
                    }
                    if let Some(list) = node.child_by_field_name("list") {
                        stack.push((list, segs));
                    }
                }
                "use_list" => {
                    for c in named(node).into_iter().rev() {
                        stack.push((c, prefix.clone()));
                    }
                }
                // `use extism_pdk::*;`: binds no name of its own, but the file uses the module.
                "use_wildcard" => {
                    let mut segs = prefix;
                    if let Some(path) = named(node).first() {
                        segs.extend(self.path_segments(*path).unwrap_or_default());
                    }
                    if !segs.is_empty() {
                        self.file.scope.add_import(
                            join_path(&segs),
                            None,
                            "*".to_owned(),
                            at,
                            false,
                        );
                    }
                }
                "self" => {
                    if let Some(last) = prefix.last().copied() {
                        self.add_import(join_path(&prefix), last, at);
                        bound.push(last);
                    }
                }
                "identifier" | "scoped_identifier" | "crate" | "super" | "metavariable" => {
                    let mut segs = prefix;
                    segs.extend(self.path_segments(node).unwrap_or_default());
                    // `use a::b::self` is written `use a::b::{self}`; a trailing `self` alone
                    // names the module before it.
                    if segs.last() == Some(&"self") {
                        segs.pop();
                    }
                    if let Some(last) = segs.last().copied() {
                        self.add_import(join_path(&segs), last, at);
                        bound.push(last);
                    }
                }
                _ => {}
            }
        }
        if export {
            for local in bound {
                self.export(ident_name(local), at);
            }
        }
    }

    fn export(&mut self, name: &str, at: Span) {
        self.file.scope.export(name, name, at);
    }

    // ---------------------------------------------------------------------------------------
    // Names and paths

    /// The segments of a path (`a::b::C`, `Vec::<u8>::new`, `<T as X>::f`), generic arguments
    /// dropped and a leading `::` ignored. Walks down iteratively: paths can be long.
    fn path_segments(&self, n: Node<'_>) -> Option<Vec<&'s str>> {
        let mut segs = Vec::new();
        let mut cur = n;
        loop {
            match cur.kind() {
                "identifier" | "type_identifier" | "field_identifier" | "self" | "super"
                | "crate" | "metavariable" | "primitive_type" => {
                    if cur.is_missing() {
                        return None;
                    }
                    segs.push(ident_name(self.text(cur)));
                    break;
                }
                "scoped_identifier" | "scoped_type_identifier" => {
                    let name = cur.child_by_field_name("name")?;
                    segs.push(ident_name(self.text(name)));
                    match cur.child_by_field_name("path") {
                        Some(p) => cur = p,
                        None => break,
                    }
                }
                "generic_type" | "generic_type_with_turbofish" => {
                    cur = cur.child_by_field_name("type")?;
                }
                "generic_function" => cur = cur.child_by_field_name("function")?,
                "bracketed_type" => {
                    segs.push(self.text(cur));
                    break;
                }
                _ => return None,
            }
        }
        segs.reverse();
        Some(segs)
    }

    /// A path with its first segment resolved through the imports (`fs::read` with
    /// `use std::fs;` -> `std::fs::read`). A single segment is resolved only when no local
    /// binding shadows it.
    fn resolve_path(&self, segs: &[&str]) -> String {
        let Some((first, rest)) = segs.split_first() else {
            return String::new();
        };
        let head = if rest.is_empty() {
            self.file.scope.import_path(first)
        } else {
            self.file.scope.alias(first)
        };
        let mut out = head.cloned().unwrap_or_else(|| (*first).to_string());
        for s in rest {
            out.push_str("::");
            out.push_str(s);
        }
        out
    }

    /// A type as text with whitespace normalised (`Parameters<GrepArgs>`, `&'a mut str`,
    /// `HashMap<String, Value>`, `dyn Fn(u8) -> bool`).
    fn type_text(&self, n: Node<'_>) -> String {
        let mut out = String::new();
        let mut cursor = n.walk();
        let mut depth = 0usize;
        loop {
            let node = cursor.node();
            let descend = !is_comment(node) && node.child_count() > 0;
            if !descend && !is_comment(node) {
                let t = self.text(node).trim();
                if !t.is_empty() {
                    push_token(&mut out, t);
                }
            }
            if descend && cursor.goto_first_child() {
                depth += 1;
                continue;
            }
            loop {
                if depth == 0 {
                    return out;
                }
                if cursor.goto_next_sibling() {
                    break;
                }
                if !cursor.goto_parent() {
                    return out;
                }
                depth -= 1;
            }
        }
    }

    /// Source text with runs of whitespace collapsed to one space.
    fn squashed(&self, n: Node<'_>) -> String {
        self.text(n)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    }

    // ---------------------------------------------------------------------------------------
    // Containers: files, blocks, `impl`/`trait`/`mod` bodies

    /// Lowers the items and statements of a container into `out`, attaching preceding
    /// attributes and doc comments to each item. `tail` says how a final expression is used.
    fn lower_children(&mut self, n: Node<'_>, out: &mut Vec<Stmt>, tail: Tail) {
        let kids = named_all(n);
        let last = kids.iter().rposition(|k| !is_comment(*k));
        let mut attrs = Attrs::default();
        for (i, c) in kids.into_iter().enumerate() {
            match c.kind() {
                "line_comment" | "block_comment" => {
                    let raw = self.text(c);
                    match comment_kind(raw) {
                        CommentKind::OuterDoc => attrs.add_doc(doc_lines(raw), span(c)),
                        CommentKind::InnerDoc => self.inner_doc.add_doc(doc_lines(raw), span(c)),
                        CommentKind::Plain => {}
                    }
                    continue;
                }
                "attribute_item" => {
                    self.attribute(c, &mut attrs);
                    continue;
                }
                "inner_attribute_item" | "label" => continue,
                _ => {}
            }
            let t = if Some(i) == last { tail } else { Tail::Discard };
            self.lower_stmt(c, out, mem::take(&mut attrs), t);
        }
    }

    /// Lowers one statement or item into `out`, preceded by the statements its expressions
    /// emit.
    fn lower_stmt(&mut self, n: Node<'_>, out: &mut Vec<Stmt>, attrs: Attrs, tail: Tail) {
        let Some(saved) = self.file.enter_stmt() else {
            return;
        };
        let mut stmts = Vec::new();
        self.stmt_inner(n, &mut stmts, attrs, tail);
        self.file.leave_stmt(saved, stmts, out);
    }

    /// Dispatches on the statement or item kind (a table, for small stack frames).
    fn stmt_inner(&mut self, n: Node<'_>, out: &mut Vec<Stmt>, attrs: Attrs, tail: Tail) {
        let handler: StmtHandler<'s> = match n.kind() {
            "function_item" => Self::function_item,
            "struct_item" => Self::struct_item,
            "enum_item" => Self::enum_item,
            "impl_item" => Self::impl_item,
            "trait_item" => Self::trait_item,
            "mod_item" => Self::mod_item,
            "const_item" | "static_item" => Self::const_item,
            "let_declaration" => Self::let_declaration,
            "expression_statement" => Self::expression_statement,
            "macro_invocation" => Self::macro_statement,
            "ERROR" => Self::container,
            "use_declaration"
            | "extern_crate_declaration"
            | "macro_definition"
            | "type_item"
            | "union_item"
            | "foreign_mod_item"
            | "associated_type"
            | "function_signature_item"
            | "empty_statement"
            | "attribute_item"
            | "inner_attribute_item"
            | "line_comment"
            | "block_comment"
            | "label"
            | "shebang" => return,
            _ => Self::bare_expression,
        };
        handler(self, n, out, attrs, tail);
    }

    /// Error nodes: their children, one by one.
    fn container(&mut self, n: Node<'_>, out: &mut Vec<Stmt>, _: Attrs, _: Tail) {
        self.lower_children(n, out, Tail::Discard);
    }

    /// A block's final expression, or an expression inside an error node.
    fn bare_expression(&mut self, n: Node<'_>, out: &mut Vec<Stmt>, _: Attrs, tail: Tail) {
        self.expr_stmt(n, out, tail);
    }

    fn expression_statement(&mut self, n: Node<'_>, out: &mut Vec<Stmt>, _: Attrs, tail: Tail) {
        // `if c {} else {}` at the end of a block is an expression statement without `;` and
        // is still the block's value.
        let tail = if child_of_kind(n, ";").is_some() {
            Tail::Discard
        } else {
            tail
        };
        if let Some(e) = named(n).first() {
            self.expr_stmt(*e, out, tail);
        }
    }

    /// `item!(...)` in item or statement position.
    fn macro_statement(&mut self, n: Node<'_>, out: &mut Vec<Stmt>, _: Attrs, tail: Tail) {
        self.expr_stmt(n, out, tail);
    }

    // ---------------------------------------------------------------------------------------
    // Attributes

    /// Adds one `#[...]` to `attrs`: doc text, or a decorator.
    fn attribute(&mut self, item: Node<'_>, attrs: &mut Attrs) {
        let Some(attr) = child_of_kind(item, "attribute") else {
            return;
        };
        let path = named(attr).into_iter().find(|c| {
            matches!(
                c.kind(),
                "identifier" | "scoped_identifier" | "crate" | "self" | "super" | "metavariable"
            )
        });
        let segs = path.and_then(|p| self.path_segments(p)).unwrap_or_default();
        let value = attr.child_by_field_name("value");
        if segs == ["doc"]
            && let Some(v) = value
        {
            let lowered = self.lower_expr(v);
            if let ExprKind::Str(s) = &lowered.kind {
                let lines = s
                    .split('\n')
                    .map(|l| text::strip_one_space(l).trim_end_matches('\r').to_string())
                    .collect();
                attrs.add_doc(lines, span(item));
            } else {
                attrs.dynamic_doc = true;
                attrs.decorators.push(call(
                    "doc",
                    None,
                    vec![Arg::positional(lowered)],
                    span(attr),
                ));
            }
            return;
        }
        // `#[doc(hidden)]`, `#[doc(alias = "...")]`: rustdoc settings, not documentation.
        if segs == ["doc"] {
            return;
        }
        if let Some(e) = self.attribute_expr(item) {
            attrs.decorators.push(e);
        }
    }

    /// One `#[...]` as an expression: `Name(path)` for a bare path, else a call of the path
    /// with the arguments (parsed with syn) or the `= value`.
    fn attribute_expr(&mut self, item: Node<'_>) -> Option<Expr> {
        let attr = child_of_kind(item, "attribute")?;
        let path = named(attr).into_iter().find(|c| {
            matches!(
                c.kind(),
                "identifier" | "scoped_identifier" | "crate" | "self" | "super" | "metavariable"
            )
        })?;
        let segs = self.path_segments(path)?;
        let callee = self.resolve_path(&segs);
        let at = span(attr);
        if let Some(args) = attr.child_by_field_name("arguments") {
            let args = self.attribute_args(args);
            return Some(call(&callee, None, args, at));
        }
        if let Some(v) = attr.child_by_field_name("value") {
            let v = self.lower_expr(v);
            return Some(call(&callee, None, vec![Arg::positional(v)], at));
        }
        Some(Expr::new(ExprKind::Name(callee), at))
    }

    // ---------------------------------------------------------------------------------------
    // Functions

    fn function_item(&mut self, n: Node<'_>, _: &mut Vec<Stmt>, attrs: Attrs, _: Tail) {
        let Some(body_node) = n.child_by_field_name("body") else {
            return;
        };
        let name_node = n.child_by_field_name("name");
        let name = name_node
            .map_or("", |m| ident_name(self.text(m)))
            .to_string();
        let class = self.cur_class;
        let id = self.file.functions.len();
        let mut f = Function::new(Some(name.clone()), span(n));
        if let Some(m) = name_node {
            f.name_span = span(m);
            if self.module_scope && class.is_none() && is_pub(n) {
                self.export(&name, span(m));
            }
        }
        f.parent = self.cur_fn;
        f.class = class;
        if class.is_none() && self.cur_fn.is_none() && !self.inline_mods.is_empty() {
            f.module = Some(self.inline_mods.join("::"));
        }
        f.doc = attrs.doc();
        f.decorators = attrs.decorators;
        self.file.functions.push(f);
        if let Some(c) = class.and_then(|c| self.file.classes.get_mut(c)) {
            c.methods.push(id);
        }
        let params = self.params(n.child_by_field_name("parameters"));
        let locals = self.local_names(&params, Some(body_node));
        self.file.scope.enter(locals);
        let saved_fn = self.cur_fn.replace(id);
        let saved_class = self.cur_class.take();
        let saved_scope = mem::replace(&mut self.module_scope, false);
        let saved_pending = mem::take(&mut self.file.pending);
        let saved_doc = mem::take(&mut self.inner_doc);
        let mut body = Vec::new();
        self.lower_children(body_node, &mut body, Tail::Return);
        let inner_doc = mem::replace(&mut self.inner_doc, saved_doc);
        self.file.pending = saved_pending;
        self.module_scope = saved_scope;
        self.cur_class = saved_class;
        self.cur_fn = saved_fn;
        self.file.scope.leave();
        if let Some(f) = self.file.functions.get_mut(id) {
            f.params = params;
            f.body = body;
            if inner_doc.doc_span.is_some() {
                let mut doc = f.doc.take().map(|d| d.text).unwrap_or_default();
                if !doc.is_empty() {
                    doc.push('\n');
                }
                doc.push_str(&inner_doc.doc.join("\n"));
                let at = inner_doc.doc_span.unwrap_or(f.span);
                f.doc = Some(Doc {
                    text: doc,
                    span: at,
                });
            }
        }
    }

    fn params(&mut self, list: Option<Node<'_>>) -> Vec<Param> {
        let mut out = Vec::new();
        let Some(list) = list else { return out };
        let mut attributes = Vec::new();
        for p in named(list) {
            match p.kind() {
                "attribute_item" => {
                    if let Some(e) = self.attribute_expr(p) {
                        attributes.push(e);
                    }
                }
                "self_parameter" => out.push(Param {
                    name: "self".into(),
                    kind: ParamKind::SelfParam,
                    annotation: None,
                    default: None,
                    pattern: Pattern::Name("self".into()),
                    attributes: mem::take(&mut attributes),
                    span: span(p),
                }),
                "parameter" => {
                    let pat = p.child_by_field_name("pattern");
                    let annotation = p
                        .child_by_field_name("type")
                        .map(|t| Expr::new(ExprKind::Name(self.type_text(t)), span(t)));
                    let (name, kind, pattern) = match pat {
                        Some(s) if s.kind() == "self" => (
                            "self".to_string(),
                            ParamKind::SelfParam,
                            Pattern::Name("self".into()),
                        ),
                        Some(pat) => (
                            self.binding_name(pat),
                            ParamKind::Normal,
                            self.top_pattern(pat),
                        ),
                        None => (String::new(), ParamKind::Normal, Pattern::Ignore),
                    };
                    out.push(Param {
                        name,
                        kind,
                        annotation,
                        default: None,
                        pattern,
                        attributes: mem::take(&mut attributes),
                        span: span(p),
                    });
                }
                "ERROR" => match self.stacked_attributes(p) {
                    Some(attrs) => attributes.extend(attrs),
                    None => attributes.clear(),
                },
                "variadic_parameter" => {
                    let pat = p.child_by_field_name("pattern");
                    let (name, pattern) = match pat {
                        Some(pat) => (self.binding_name(pat), self.top_pattern(pat)),
                        None => ("...".to_string(), Pattern::Ignore),
                    };
                    out.push(Param {
                        name,
                        kind: ParamKind::VarArgs,
                        annotation: None,
                        default: None,
                        pattern,
                        attributes: mem::take(&mut attributes),
                        span: span(p),
                    });
                }
                _ => attributes.clear(),
            }
        }
        out
    }

    /// A parameter's name: the identifier (through `mut`/`ref`), else the pattern's text.
    fn binding_name(&self, pat: Node<'_>) -> String {
        let mut cur = pat;
        loop {
            match cur.kind() {
                "identifier" => return ident_name(self.text(cur)).to_string(),
                "mut_pattern" | "ref_pattern" => match named(cur).last() {
                    Some(inner) => cur = *inner,
                    None => break,
                },
                _ => break,
            }
        }
        self.squashed(pat)
    }

    /// The names a function body binds locally (parameters, `let`, `for`, `if let`, match arms
    /// and closure parameters), not looking into nested items. Names that look like types or
    /// constants are left out: they resolve as imports.
    fn local_names(&mut self, params: &[Param], body: Option<Node<'_>>) -> HashSet<String> {
        let mut names = param_names(params);
        let mut patterns = Vec::new();
        let mut stack: Vec<Node<'_>> = body.map(named).unwrap_or_default();
        while let Some(n) = stack.pop() {
            match n.kind() {
                "function_item" | "impl_item" | "trait_item" | "mod_item" | "struct_item"
                | "enum_item" | "macro_definition" | "token_tree" => continue,
                "let_declaration" | "for_expression" | "let_condition" => {
                    patterns.extend(n.child_by_field_name("pattern"));
                }
                "match_pattern" => {
                    let cond = n.child_by_field_name("condition").map(|c| c.id());
                    patterns.extend(named(n).into_iter().filter(|c| Some(c.id()) != cond));
                }
                "closure_parameters" => {
                    for c in named(n) {
                        if c.kind() == "parameter" {
                            patterns.extend(c.child_by_field_name("pattern"));
                        } else {
                            patterns.push(c);
                        }
                    }
                }
                _ => {}
            }
            stack.extend(named(n));
        }
        for p in patterns {
            let pattern = self.top_pattern(p);
            for n in pattern.names() {
                if !is_upper_name(n) {
                    names.insert(n.to_string());
                }
            }
        }
        names
    }

    // ---------------------------------------------------------------------------------------
    // Structs, enums, traits and impls

    /// The class for a type name, created on first sight; a declaration sets its spans.
    fn class_for(&mut self, name: &str, name_span: Span, at: Span, declared: bool) -> usize {
        if let Some(&idx) = self.class_index.get(name) {
            if declared && let Some(c) = self.file.classes.get_mut(idx) {
                c.name_span = name_span;
                c.span = at;
            }
            return idx;
        }
        let idx = self.file.classes.len();
        self.file.classes.push(Class {
            name: name.to_string(),
            name_span,
            bases: Vec::new(),
            decorators: Vec::new(),
            doc: None,
            fields: Vec::new(),
            methods: Vec::new(),
            span: at,
        });
        self.class_index.insert(name.to_string(), idx);
        idx
    }

    /// Declares a struct, enum or trait: its class, attributes, doc and export.
    fn declare_type(&mut self, n: Node<'_>, attrs: Attrs) -> Option<usize> {
        let name_node = n.child_by_field_name("name")?;
        let name = ident_name(self.text(name_node)).to_string();
        if self.module_scope && is_pub(n) {
            self.export(&name, span(name_node));
        }
        let idx = self.class_for(&name, span(name_node), span(n), true);
        let doc = attrs.doc();
        if let Some(c) = self.file.classes.get_mut(idx) {
            c.decorators.extend(attrs.decorators);
            if c.doc.is_none() {
                c.doc = doc;
            }
        }
        Some(idx)
    }

    fn struct_item(&mut self, n: Node<'_>, _: &mut Vec<Stmt>, attrs: Attrs, _: Tail) {
        let Some(idx) = self.declare_type(n, attrs) else {
            return;
        };
        let fields = match n.child_by_field_name("body") {
            Some(b) if b.kind() == "ordered_field_declaration_list" => self.tuple_fields(b),
            Some(b) => self.named_fields(b),
            None => Vec::new(),
        };
        if let Some(c) = self.file.classes.get_mut(idx) {
            c.fields.extend(fields);
        }
    }

    /// `{ /// doc \n #[attr] pub a: T, ... }`.
    fn named_fields(&mut self, list: Node<'_>) -> Vec<Field> {
        let mut out = Vec::new();
        let mut attrs = Attrs::default();
        for c in named_all(list) {
            match c.kind() {
                "line_comment" | "block_comment" => {
                    let raw = self.text(c);
                    if comment_kind(raw) == CommentKind::OuterDoc {
                        attrs.add_doc(doc_lines(raw), span(c));
                    }
                }
                "attribute_item" => self.attribute(c, &mut attrs),
                "field_declaration" => {
                    let a = mem::take(&mut attrs);
                    let name = c
                        .child_by_field_name("name")
                        .map_or("", |m| ident_name(self.text(m)))
                        .to_string();
                    let annotation = c
                        .child_by_field_name("type")
                        .map(|t| Expr::new(ExprKind::Name(self.type_text(t)), span(t)));
                    out.push(Field {
                        name,
                        annotation,
                        value: None,
                        doc: a.doc(),
                        attributes: a.decorators,
                        span: span(c),
                    });
                }
                _ => attrs = Attrs::default(),
            }
        }
        out
    }

    /// `(pub A, #[attr] B)`: fields named `0`, `1`, ...
    fn tuple_fields(&mut self, list: Node<'_>) -> Vec<Field> {
        let mut out = Vec::new();
        let mut attrs = Attrs::default();
        let mut cursor = list.walk();
        let kids: Vec<(Node<'_>, bool)> = list
            .children(&mut cursor)
            .map(|c| (c, c.field_name() == Some("type")))
            .collect();
        for (c, is_type) in kids {
            if is_type {
                let a = mem::take(&mut attrs);
                out.push(Field {
                    name: out.len().to_string(),
                    annotation: Some(Expr::new(ExprKind::Name(self.type_text(c)), span(c))),
                    value: None,
                    doc: a.doc(),
                    attributes: a.decorators,
                    span: span(c),
                });
                continue;
            }
            match c.kind() {
                "line_comment" | "block_comment" => {
                    let raw = self.text(c);
                    if comment_kind(raw) == CommentKind::OuterDoc {
                        attrs.add_doc(doc_lines(raw), span(c));
                    }
                }
                "attribute_item" => self.attribute(c, &mut attrs),
                _ => {}
            }
        }
        out
    }

    /// An enum: one field per variant (its payload's text as the annotation).
    fn enum_item(&mut self, n: Node<'_>, _: &mut Vec<Stmt>, attrs: Attrs, _: Tail) {
        let Some(idx) = self.declare_type(n, attrs) else {
            return;
        };
        let mut fields = Vec::new();
        let mut attrs = Attrs::default();
        let list = n.child_by_field_name("body");
        for c in list.map(named_all).unwrap_or_default() {
            match c.kind() {
                "line_comment" | "block_comment" => {
                    let raw = self.text(c);
                    if comment_kind(raw) == CommentKind::OuterDoc {
                        attrs.add_doc(doc_lines(raw), span(c));
                    }
                }
                "attribute_item" => self.attribute(c, &mut attrs),
                "enum_variant" => {
                    let a = mem::take(&mut attrs);
                    let name = c
                        .child_by_field_name("name")
                        .map_or("", |m| ident_name(self.text(m)))
                        .to_string();
                    let annotation = c
                        .child_by_field_name("body")
                        .map(|b| Expr::new(ExprKind::Name(self.type_text(b)), span(b)));
                    let value = c.child_by_field_name("value").map(|v| self.lower_expr(v));
                    fields.push(Field {
                        name,
                        annotation,
                        value,
                        doc: a.doc(),
                        attributes: a.decorators,
                        span: span(c),
                    });
                }
                _ => attrs = Attrs::default(),
            }
        }
        if let Some(c) = self.file.classes.get_mut(idx) {
            c.fields.extend(fields);
        }
    }

    fn trait_item(&mut self, n: Node<'_>, out: &mut Vec<Stmt>, attrs: Attrs, _: Tail) {
        let Some(idx) = self.declare_type(n, attrs) else {
            return;
        };
        if let Some(body) = n.child_by_field_name("body") {
            self.class_body(idx, body, out);
        }
    }

    /// `impl [Trait for] Type { ... }`: methods, attributes and the trait merged into the
    /// class of `Type`.
    fn impl_item(&mut self, n: Node<'_>, out: &mut Vec<Stmt>, attrs: Attrs, _: Tail) {
        let Some(ty) = n.child_by_field_name("type") else {
            return;
        };
        let name = self.impl_type_name(ty);
        let idx = self.class_for(&name, span(ty), span(n), false);
        let base = n.child_by_field_name("trait").map(|t| {
            let path = self
                .path_segments(t)
                .map_or_else(|| self.type_text(t), |s| self.resolve_path(&s));
            Expr::new(ExprKind::Name(path), span(t))
        });
        let doc = attrs.doc();
        if let Some(c) = self.file.classes.get_mut(idx) {
            c.decorators.extend(attrs.decorators);
            c.bases.extend(base);
            if c.doc.is_none() {
                c.doc = doc;
            }
        }
        if let Some(body) = n.child_by_field_name("body") {
            self.class_body(idx, body, out);
        }
    }

    /// The simple name of an implemented type (`S` for `S<T>`, `crate::m::S`, `&S`).
    fn impl_type_name(&self, ty: Node<'_>) -> String {
        let mut cur = ty;
        loop {
            match cur.kind() {
                "reference_type" | "pointer_type" | "generic_type" => {
                    match cur.child_by_field_name("type") {
                        Some(t) => cur = t,
                        None => break,
                    }
                }
                "scoped_type_identifier" => match cur.child_by_field_name("name") {
                    Some(t) => cur = t,
                    None => break,
                },
                "type_identifier" => return ident_name(self.text(cur)).to_string(),
                _ => break,
            }
        }
        self.type_text(cur)
    }

    /// The body of an `impl` or `trait`: methods and associated constants go to the class.
    fn class_body(&mut self, idx: usize, body: Node<'_>, out: &mut Vec<Stmt>) {
        let saved_class = self.cur_class.replace(idx);
        let saved_scope = mem::replace(&mut self.module_scope, false);
        self.lower_children(body, out, Tail::Discard);
        self.module_scope = saved_scope;
        self.cur_class = saved_class;
    }

    /// `mod name { ... }`: its items are lowered in place; the module is recorded with its
    /// attributes (`#[cfg(test)]`).
    fn mod_item(&mut self, n: Node<'_>, out: &mut Vec<Stmt>, attrs: Attrs, _: Tail) {
        if let Some(body) = n.child_by_field_name("body") {
            let name = n
                .child_by_field_name("name")
                .map_or("", |m| ident_name(self.text(m)));
            self.inline_mods.push(name.to_owned());
            self.file.modules.push(Module {
                path: self.inline_mods.join("::"),
                attributes: attrs.decorators,
                span: span(n),
            });
            let saved_class = self.cur_class.take();
            self.lower_children(body, out, Tail::Discard);
            self.cur_class = saved_class;
            self.inline_mods.pop();
        }
    }

    /// `const X: T = v;` / `static X: T = v;`: an assignment (a field inside `impl`/`trait`).
    fn const_item(&mut self, n: Node<'_>, out: &mut Vec<Stmt>, attrs: Attrs, _: Tail) {
        let Some(name_node) = n.child_by_field_name("name") else {
            return;
        };
        let name = ident_name(self.text(name_node)).to_string();
        let value = n.child_by_field_name("value").map(|v| self.lower_expr(v));
        if let Some(idx) = self.cur_class {
            let annotation = n
                .child_by_field_name("type")
                .map(|t| Expr::new(ExprKind::Name(self.type_text(t)), span(t)));
            let field = Field {
                name,
                annotation,
                value,
                doc: attrs.doc(),
                attributes: attrs.decorators,
                span: span(n),
            };
            if let Some(c) = self.file.classes.get_mut(idx) {
                c.fields.push(field);
            }
            return;
        }
        if self.module_scope && is_pub(n) {
            self.export(&name, span(name_node));
        }
        if let Some(value) = value {
            out.push(Stmt::Assign {
                target: Pattern::Name(name),
                value,
                span: span(n),
            });
        }
    }

    // ---------------------------------------------------------------------------------------
    // Binding patterns

    /// The pattern of a `let` or parameter: a plain identifier is always a binding.
    fn top_pattern(&mut self, n: Node<'_>) -> Pattern {
        if n.kind() == "identifier" {
            return Pattern::Name(ident_name(self.text(n)).to_string());
        }
        self.pattern(n)
    }

    fn pattern(&mut self, n: Node<'_>) -> Pattern {
        if !self.file.enter() {
            return Pattern::Ignore;
        }
        let p = self.pattern_inner(n);
        self.file.leave();
        p
    }

    fn pattern_inner(&mut self, n: Node<'_>) -> Pattern {
        match n.kind() {
            "identifier" => {
                let name = ident_name(self.text(n));
                if is_upper_name(name) || n.is_missing() {
                    Pattern::Ignore
                } else {
                    Pattern::Name(name.to_string())
                }
            }
            "self" => Pattern::Name("self".into()),
            "mut_pattern" | "ref_pattern" | "reference_pattern" => match named(n)
                .into_iter()
                .rfind(|c| c.kind() != "mutable_specifier")
            {
                Some(inner) => self.top_pattern(inner),
                None => Pattern::Ignore,
            },
            "captured_pattern" => match named(n).first() {
                Some(id) if id.kind() == "identifier" => {
                    Pattern::Name(ident_name(self.text(*id)).to_string())
                }
                _ => Pattern::Ignore,
            },
            "tuple_pattern" | "slice_pattern" | "or_pattern" => {
                let mut parts = Vec::new();
                for c in pattern_children(n) {
                    parts.push((None, self.pattern(c)));
                }
                Pattern::Destructure {
                    type_name: None,
                    parts,
                }
            }
            "tuple_struct_pattern" => {
                let ty = n.child_by_field_name("type");
                let type_name = ty.map(|t| self.pattern_type_name(t));
                let ty_id = ty.map(|t| t.id());
                let mut parts = Vec::new();
                for c in pattern_children(n) {
                    if Some(c.id()) != ty_id {
                        parts.push((None, self.pattern(c)));
                    }
                }
                Pattern::Destructure { type_name, parts }
            }
            "struct_pattern" => {
                let type_name = n
                    .child_by_field_name("type")
                    .map(|t| self.pattern_type_name(t));
                let mut parts = Vec::new();
                for c in named(n) {
                    if c.kind() != "field_pattern" {
                        continue;
                    }
                    let Some(name) = c.child_by_field_name("name") else {
                        continue;
                    };
                    let key = ident_name(self.text(name)).to_string();
                    let value = match c.child_by_field_name("pattern") {
                        Some(p) => self.top_pattern(p),
                        None => Pattern::Name(key.clone()),
                    };
                    parts.push((Some(key), value));
                }
                Pattern::Destructure { type_name, parts }
            }
            _ => Pattern::Ignore,
        }
    }

    /// The type named in a struct or tuple-struct pattern, as written without generics.
    fn pattern_type_name(&self, t: Node<'_>) -> String {
        match self.path_segments(t) {
            Some(segs) => join_path(&segs),
            None => self.type_text(t),
        }
    }

    // ---------------------------------------------------------------------------------------
    // Statements

    /// `let pat [: T] = value [else { ... }];`
    fn let_declaration(&mut self, n: Node<'_>, out: &mut Vec<Stmt>, _: Attrs, _: Tail) {
        let Some(value) = n.child_by_field_name("value") else {
            return;
        };
        let value = self.lower_expr(value);
        let target = match n.child_by_field_name("pattern") {
            Some(p) => self.top_pattern(p),
            None => Pattern::Ignore,
        };
        out.push(Stmt::Assign {
            target,
            value,
            span: span(n),
        });
        if let Some(alt) = n.child_by_field_name("alternative") {
            let mut then = Vec::new();
            self.lower_children(alt, &mut then, Tail::Discard);
            out.push(Stmt::If {
                test: other(Vec::new(), span(alt)),
                then,
                orelse: Vec::new(),
            });
        }
    }

    /// An expression used as a statement (or as the function's value when `tail` is
    /// `Return`): control flow, assignments and statement macros get their statement forms.
    fn expr_stmt(&mut self, n: Node<'_>, out: &mut Vec<Stmt>, tail: Tail) {
        let e = exprs::unparen(n);
        let handler: ExprStmtHandler<'s> = match e.kind() {
            "assignment_expression" => Self::assignment_stmt,
            "compound_assignment_expr" => Self::compound_stmt,
            "if_expression" => Self::if_statement,
            "match_expression" => Self::match_statement,
            "loop_expression" | "while_expression" | "for_expression" => Self::loop_stmt,
            "block" => Self::lower_children,
            "unsafe_block" | "async_block" | "const_block" | "try_block" | "gen_block" => {
                Self::inner_block
            }
            "return_expression" => Self::return_stmt,
            "break_expression" | "continue_expression" => return,
            "macro_invocation" => Self::macro_stmt,
            "try_expression" | "await_expression" => Self::try_stmt,
            _ => Self::value_stmt,
        };
        handler(self, e, out, tail);
    }

    fn assignment_stmt(&mut self, n: Node<'_>, out: &mut Vec<Stmt>, _: Tail) {
        self.assignment(n, out);
    }

    fn compound_stmt(&mut self, n: Node<'_>, out: &mut Vec<Stmt>, _: Tail) {
        self.compound_assignment(n, out);
    }

    fn loop_stmt(&mut self, n: Node<'_>, out: &mut Vec<Stmt>, _: Tail) {
        self.loop_statement(n, out);
    }

    /// `unsafe { }`, `async { }`, ...: the block's statements, inline.
    fn inner_block(&mut self, n: Node<'_>, out: &mut Vec<Stmt>, tail: Tail) {
        if let Some(b) = child_of_kind(n, "block") {
            self.lower_children(b, out, tail);
        }
    }

    fn return_stmt(&mut self, n: Node<'_>, out: &mut Vec<Stmt>, _: Tail) {
        let value = named(n).first().map(|v| self.lower_expr(*v));
        out.push(Stmt::Exit {
            value,
            is_return: true,
            span: span(n),
        });
    }

    /// `write!(...)?` is still a statement macro; other `e?` / `e.await` are values.
    fn try_stmt(&mut self, n: Node<'_>, out: &mut Vec<Stmt>, tail: Tail) {
        match named(n).first() {
            Some(m) if self.is_statement_macro(*m) => self.macro_stmt(*m, out, Tail::Discard),
            _ => self.value_stmt(n, out, tail),
        }
    }

    /// An expression evaluated for its effect, or returned.
    fn value_stmt(&mut self, n: Node<'_>, out: &mut Vec<Stmt>, tail: Tail) {
        let v = self.lower_expr(n);
        out.push(match tail {
            Tail::Return => Stmt::Exit {
                span: v.span,
                value: Some(v),
                is_return: true,
            },
            Tail::Discard => Stmt::Eval(v),
        });
    }

    /// `x = e`, `a.b = e`, `a[i] = e`, `(a, b) = e`.
    fn assignment(&mut self, n: Node<'_>, out: &mut Vec<Stmt>) {
        let (Some(left), Some(right)) = (
            n.child_by_field_name("left"),
            n.child_by_field_name("right"),
        ) else {
            return;
        };
        let value = self.lower_expr(right);
        let target = self.assign_target(left);
        out.push(Stmt::Assign {
            target,
            value,
            span: span(n),
        });
    }

    /// `x += e` builds a string (`Interp`); other compound operators are opaque.
    fn compound_assignment(&mut self, n: Node<'_>, out: &mut Vec<Stmt>) {
        let (Some(left), Some(right)) = (
            n.child_by_field_name("left"),
            n.child_by_field_name("right"),
        ) else {
            return;
        };
        let op = n.child_by_field_name("operator").map_or("", |o| o.kind());
        let target = self.assign_target(left);
        let lhs = self.lower_expr(left);
        let rhs = self.lower_expr(right);
        let value = if op == "+=" {
            let mut parts = vec![mcplint_ir::Part::Hole(lhs)];
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

    /// What an assignment's left side binds: a name, a field chain, the container of an index
    /// (assigning into it taints it), or a tuple of those.
    fn assign_target(&mut self, n: Node<'_>) -> Pattern {
        let mut cur = n;
        loop {
            match cur.kind() {
                "parenthesized_expression" | "index_expression" => match named(cur).first() {
                    Some(inner) => cur = *inner,
                    None => return Pattern::Ignore,
                },
                "unary_expression" => match named(cur).last() {
                    Some(inner) => cur = *inner,
                    None => return Pattern::Ignore,
                },
                "identifier" => return Pattern::Name(ident_name(self.text(cur)).to_string()),
                "self" => return Pattern::Name("self".into()),
                "field_expression" => {
                    return match self.field_chain(cur) {
                        Some(name) => Pattern::Name(name),
                        None => Pattern::Ignore,
                    };
                }
                "tuple_expression" | "array_expression" => {
                    if !self.file.enter() {
                        return Pattern::Ignore;
                    }
                    let mut parts = Vec::new();
                    for c in named(cur) {
                        parts.push((None, self.assign_target(c)));
                    }
                    self.file.leave();
                    return Pattern::Destructure {
                        type_name: None,
                        parts,
                    };
                }
                _ => return Pattern::Ignore,
            }
        }
    }

    /// The test of an `if`/`while`/match guard, and the bindings its `let`s make.
    fn condition(&mut self, n: Option<Node<'_>>, fallback: Span) -> (Expr, Vec<Stmt>) {
        let Some(n) = n else {
            return (other(Vec::new(), fallback), Vec::new());
        };
        let conds = if n.kind() == "let_chain" {
            named(n)
        } else {
            vec![n]
        };
        let mut tests = Vec::new();
        let mut binds = Vec::new();
        for c in conds {
            if c.kind() == "let_condition" {
                let value = self.lower_opt(c.child_by_field_name("value"), span(c));
                let target = match c.child_by_field_name("pattern") {
                    Some(p) => self.top_pattern(p),
                    None => Pattern::Ignore,
                };
                tests.push(other(vec![value.clone()], span(c)));
                binds.push(Stmt::Assign {
                    target,
                    value,
                    span: span(c),
                });
            } else {
                tests.push(self.lower_expr(c));
            }
        }
        let test = if tests.len() == 1 {
            tests.pop().unwrap_or_else(|| other(Vec::new(), span(n)))
        } else {
            call(
                ops::AND,
                None,
                tests.into_iter().map(Arg::positional).collect(),
                span(n),
            )
        };
        (test, binds)
    }

    /// `if`/`else if`/`else` in statement position. The `else if` chain is walked iteratively;
    /// each level nests one deeper in the IR, so it counts against the depth cap.
    fn if_statement(&mut self, n: Node<'_>, out: &mut Vec<Stmt>, tail: Tail) {
        let base = self.file.depth;
        let mut levels = Vec::new();
        let mut last_else = Vec::new();
        let mut cur = n;
        loop {
            if !self.file.enter() {
                break;
            }
            let saved = mem::take(&mut self.file.pending);
            let (test, mut then) = self.condition(cur.child_by_field_name("condition"), span(cur));
            let pre = mem::replace(&mut self.file.pending, saved);
            if let Some(b) = cur.child_by_field_name("consequence") {
                self.lower_children(b, &mut then, tail);
            }
            levels.push((pre, test, then));
            let alt = cur
                .child_by_field_name("alternative")
                .and_then(|e| named(e).first().copied());
            match alt {
                Some(a) if a.kind() == "if_expression" => cur = a,
                Some(a) => {
                    self.lower_children(a, &mut last_else, tail);
                    break;
                }
                None => break,
            }
        }
        self.file.depth = base;
        let mut orelse = last_else;
        let mut first_pre = Vec::new();
        let count = levels.len();
        for (i, (pre, test, then)) in levels.into_iter().rev().enumerate() {
            let mut stmts = Vec::new();
            if i + 1 == count {
                first_pre = pre;
            } else {
                stmts = pre;
            }
            stmts.push(Stmt::If { test, then, orelse });
            orelse = stmts;
        }
        out.append(&mut first_pre);
        out.append(&mut orelse);
    }

    /// `match` in statement position: an `if` chain over the arms.
    fn match_statement(&mut self, n: Node<'_>, out: &mut Vec<Stmt>, tail: Tail) {
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
        let mut levels = Vec::new();
        let mut last_else = None;
        for arm in arms {
            if !self.file.enter() {
                break;
            }
            let mut then = Vec::new();
            let test = self.arm_test(arm, &subject, &mut then);
            if let Some(v) = arm.child_by_field_name("value") {
                self.expr_stmt(v, &mut then, tail);
            }
            match test {
                Some(t) => levels.push((t, then)),
                None => {
                    last_else = Some(then);
                    break;
                }
            }
        }
        self.file.depth = base;
        let mut orelse = last_else.unwrap_or_default();
        for (test, then) in levels.into_iter().rev() {
            orelse = vec![Stmt::If { test, then, orelse }];
        }
        out.append(&mut orelse);
    }

    /// The test of one match arm (`None` for a catch-all), with the arm's bindings appended to
    /// `then`.
    fn arm_test(&mut self, arm: Node<'_>, subject: &Expr, then: &mut Vec<Stmt>) -> Option<Expr> {
        let mp = arm.child_by_field_name("pattern");
        let cond = mp.and_then(|m| m.child_by_field_name("condition"));
        let pat = mp.and_then(|m| {
            named(m)
                .into_iter()
                .find(|c| Some(c.id()) != cond.map(|c| c.id()))
        });
        let test = match pat {
            None => None,
            Some(p) if p.kind() == "identifier" && !is_upper_name(self.text(p)) => {
                then.push(Stmt::Assign {
                    target: Pattern::Name(ident_name(self.text(p)).to_string()),
                    value: subject.clone(),
                    span: span(p),
                });
                None
            }
            Some(p) => Some(match self.value_pattern_test(p, subject) {
                Some(t) => t,
                None => {
                    let target = self.pattern(p);
                    let at = subject.span.cover(span(p));
                    if !target.names().is_empty() {
                        then.push(Stmt::Assign {
                            target,
                            value: other(vec![subject.clone()], subject.span),
                            span: span(p),
                        });
                    }
                    other(vec![subject.clone()], at)
                }
            }),
        };
        let Some(c) = cond else { return test };
        let (guard, binds) = self.condition(Some(c), span(c));
        then.extend(binds);
        Some(match test {
            None => guard,
            Some(t) => {
                let at = t.span.cover(guard.span);
                call(
                    ops::AND,
                    None,
                    vec![Arg::positional(t), Arg::positional(guard)],
                    at,
                )
            }
        })
    }

    /// `"x" =>`, `1 | 2 =>`, `Kind::A =>`, `None =>` as `==` / `or` tests.
    fn value_pattern_test(&mut self, p: Node<'_>, subject: &Expr) -> Option<Expr> {
        if p.kind() == "or_pattern" {
            let alts = named(p);
            if alts.is_empty() || !alts.iter().all(|a| self.is_value_pattern(*a)) {
                return None;
            }
            let args = alts
                .into_iter()
                .map(|a| Arg::positional(self.eq_test(a, subject)))
                .collect();
            return Some(call(ops::OR, None, args, span(p)));
        }
        self.is_value_pattern(p).then(|| self.eq_test(p, subject))
    }

    fn is_value_pattern(&self, n: Node<'_>) -> bool {
        match n.kind() {
            "string_literal" | "raw_string_literal" | "char_literal" | "integer_literal"
            | "float_literal" | "boolean_literal" | "negative_literal" | "scoped_identifier" => {
                true
            }
            "identifier" => is_upper_name(self.text(n)),
            _ => false,
        }
    }

    fn eq_test(&mut self, value: Node<'_>, subject: &Expr) -> Expr {
        let v = match value.kind() {
            "scoped_identifier" | "identifier" => {
                let segs = self.path_segments(value).unwrap_or_default();
                Expr::new(ExprKind::Name(self.resolve_path(&segs)), span(value))
            }
            _ => self.lower_expr(value),
        };
        call(
            ops::EQ,
            None,
            vec![Arg::positional(subject.clone()), Arg::positional(v)],
            span(value),
        )
    }

    /// `loop`, `while [let]` and `for` as a `Loop`.
    fn loop_statement(&mut self, n: Node<'_>, out: &mut Vec<Stmt>) {
        let mut body = match n.kind() {
            "while_expression" => self.while_head(n),
            "for_expression" => self.for_head(n),
            _ => Vec::new(),
        };
        if let Some(b) = n.child_by_field_name("body") {
            self.lower_children(b, &mut body, Tail::Discard);
        }
        out.push(Stmt::Loop(body));
    }

    /// The statements a `while [let]` runs on every iteration before its body.
    fn while_head(&mut self, n: Node<'_>) -> Vec<Stmt> {
        // The test runs on every iteration: what it emits goes inside the loop.
        let saved = mem::take(&mut self.file.pending);
        let cond = n.child_by_field_name("condition");
        let is_let = cond.is_some_and(|c| matches!(c.kind(), "let_condition" | "let_chain"));
        let (test, binds) = self.condition(cond, span(n));
        let mut body = mem::replace(&mut self.file.pending, saved);
        if !is_let {
            body.push(Stmt::Eval(test));
        }
        body.extend(binds);
        body
    }

    /// `for pat in e` binds `pat` from `e` on every iteration.
    fn for_head(&mut self, n: Node<'_>) -> Vec<Stmt> {
        let (Some(pat), Some(value)) = (
            n.child_by_field_name("pattern"),
            n.child_by_field_name("value"),
        ) else {
            return Vec::new();
        };
        let iter = self.lower_expr(value);
        let target = self.top_pattern(pat);
        vec![Stmt::Assign {
            target,
            value: other(vec![iter], span(value)),
            span: Span::new(pat.start_byte(), value.end_byte()),
        }]
    }
}

/// The sub-patterns of a tuple, slice or or-pattern: named children and `_` (which is
/// anonymous in the grammar), without comments and `..`.
fn pattern_children(n: Node<'_>) -> Vec<Node<'_>> {
    let mut cursor = n.walk();
    n.children(&mut cursor)
        .filter(|c| {
            (c.is_named() || c.kind() == "_")
                && !is_comment(*c)
                && c.kind() != "remaining_field_pattern"
        })
        .collect()
}

/// Joins path segments with `::`.
fn join_path(segs: &[&str]) -> String {
    segs.join("::")
}

/// Appends a type's token with normalised spacing.
fn push_token(out: &mut String, t: &str) {
    match t {
        "," | ";" | ":" => {
            out.push_str(t);
            out.push(' ');
            return;
        }
        "->" | "=" | "+" | "=>" => {
            if !out.ends_with(' ') && !out.is_empty() {
                out.push(' ');
            }
            out.push_str(t);
            out.push(' ');
            return;
        }
        ">" | ")" | "]" if out.ends_with(' ') => {
            out.pop();
        }
        _ => {}
    }
    let joins = out.chars().last().is_some_and(is_word_char)
        && t.chars()
            .next()
            .is_some_and(|c| is_word_char(c) || c == '\'');
    if joins {
        out.push(' ');
    }
    out.push_str(t);
}
