//! The TypeScript and JavaScript front end: tree-sitter-typescript syntax trees lowered to the IR.
//!
//! `.ts`, `.mts` and `.cts` files are parsed with the `typescript` grammar; `.tsx` files and all
//! JavaScript (`.js`, `.jsx`, `.mjs`, `.cjs`) with the `tsx` grammar, which also accepts JSX.
//!
//! Lowering is recursive over the syntax tree, so it is capped at [`MAX_DEPTH`] nested
//! statements and expressions: deeper expressions lower to an empty `Other`, deeper statements
//! are skipped. Everything that can be long without nesting (member chains, `+`, `&&`/`||`
//! chains, `else if` chains, `switch` cases, sequence expressions) is handled iteratively or
//! counted against the same cap, so the IR itself is never deeper than the cap either.
//!
//! The tree is never walked upwards (`Node::parent` costs a walk from the root in tree-sitter
//! 0.25): whatever a node needs from its context (a binding name, the statement a `JSDoc` comment
//! precedes) is handed down.

use foldhash::{HashMap, HashMapExt, HashSet, HashSetExt};
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
        let mut lw = Lowerer::new(src);
        lw.lower_file(root);
        lw.into_parts()
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
            | "continue_statement"
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
    /// Imports, exports and the locals that shadow imports.
    scope: Scope,
    functions: Vec<Function>,
    classes: Vec<Class>,
    comments: Vec<Comment>,
    /// `/** ... */` comments by the byte offset where they end.
    jsdocs: HashMap<usize, Doc>,
    syntax_errors: Vec<Span>,
    /// Statements that expressions of the current statement emit before it (assignments used
    /// as values).
    pending: Vec<Stmt>,
    /// Current nesting of statements and expressions.
    depth: usize,
    /// The innermost enclosing function (`None` at module level).
    cur_fn: Option<FnId>,
    /// How many TS `namespace` blocks enclose the current statement (their `export`s are not
    /// the module's).
    namespaces: usize,
}

impl<'s> Lowerer<'s> {
    fn new(src: &'s str) -> Self {
        Self {
            src,
            scope: Scope::new(),
            functions: vec![Function::new(None, Span::new(0, src.len()))],
            classes: Vec::new(),
            comments: Vec::new(),
            jsdocs: HashMap::new(),
            syntax_errors: Vec::new(),
            pending: Vec::new(),
            depth: 0,
            cur_fn: None,
            namespaces: 0,
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
        let mut body = Vec::new();
        for s in named(root) {
            self.lower_stmt(s, &mut body);
        }
        if let Some(top) = self.functions.first_mut() {
            top.body = body;
        }
    }

    /// One iterative pass over the whole tree: comments, imports (ESM, `require`, re-exports)
    /// and syntax errors.
    fn scan(&mut self, root: Node<'_>) {
        for node in root.descendants() {
            match node.kind() {
                "comment" => self.comment(node),
                "import_statement" => self.import(node),
                "export_statement" => self.reexport_imports(node),
                "variable_declarator" => self.require_declarator(node),
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
        let text = if let Some(rest) = raw.strip_prefix("//") {
            rest.trim().to_string()
        } else if raw.starts_with("/*") {
            block_comment_text(raw)
        } else {
            raw.trim().to_string()
        };
        // Only blanks between the start of the line and the comment (scanned backwards, so a
        // long minified line costs nothing).
        let before = self.src.get(..n.start_byte()).unwrap_or("");
        let own_line = before
            .bytes()
            .rev()
            .find(|b| !matches!(b, b' ' | b'\t' | b'\x0b' | b'\x0c'))
            .is_none_or(|b| matches!(b, b'\n' | b'\r'));
        self.comments.push(Comment {
            text,
            span: span(n),
            own_line,
        });
        if raw.starts_with("/**") && raw.len() > 4 {
            self.jsdocs.insert(
                n.end_byte(),
                Doc {
                    text: jsdoc_text(raw),
                    span: span(n),
                },
            );
        }
    }

    /// The `JSDoc` comment that ends right before `start`, with only whitespace in between.
    fn jsdoc(&self, start: usize) -> Option<Doc> {
        let before = self.src.get(..start)?;
        let trimmed = before.trim_end_matches([' ', '\t', '\n', '\r', '\x0b', '\x0c']);
        self.jsdocs.get(&trimmed.len()).cloned()
    }

    /// The value of a string literal node, unescaped.
    fn string_value(&self, n: Node<'_>) -> String {
        if n.kind() != "string" {
            return self.text(n).to_string();
        }
        let count = n.child_count();
        let is_quote = |c: &Node<'_>| matches!(c.kind(), "\"" | "'");
        let open = n.child(0).filter(is_quote);
        let close = count
            .checked_sub(1)
            .filter(|last| *last > 0)
            .and_then(|last| n.child(last))
            .filter(is_quote);
        let start = open.map_or(n.start_byte(), |o| o.end_byte());
        let end = close.map_or(n.end_byte(), |c| c.start_byte());
        unescape(self.src.get(start..end).unwrap_or(""), false)
    }

    /// A module specifier without the `node:` scheme.
    fn module_name(&self, source: Node<'_>) -> String {
        let module = self.string_value(source);
        match module.strip_prefix("node:") {
            Some(rest) => rest.to_string(),
            None => module,
        }
    }

    fn add_import(
        &mut self,
        module: &str,
        name: Option<String>,
        local: &str,
        at: Span,
        binds: bool,
    ) {
        self.scope
            .add_import(module.to_string(), name, local.to_string(), at, binds);
    }

    /// `import ... from "m"` and TS `import x = require("m")`.
    fn import(&mut self, n: Node<'_>) {
        if child_of_kind(n, "type").is_some() || child_of_kind(n, "typeof").is_some() {
            return;
        }
        let at = span(n);
        if let Some(req) = named(n)
            .into_iter()
            .find(|c| c.kind() == "import_require_clause")
        {
            let local = named(req).into_iter().find(|c| c.kind() == "identifier");
            if let (Some(local), Some(source)) = (local, req.child_by_field_name("source")) {
                let module = self.module_name(source);
                self.add_import(&module, None, self.text(local), at, true);
            }
            return;
        }
        let Some(source) = n.child_by_field_name("source") else {
            return;
        };
        let module = self.module_name(source);
        let Some(clause) = named(n).into_iter().find(|c| c.kind() == "import_clause") else {
            return;
        };
        for c in named(clause) {
            match c.kind() {
                "identifier" => {
                    let relative = module.starts_with('.') || module.starts_with('/');
                    let name = relative.then(|| "default".to_string());
                    self.add_import(&module, name, self.text(c), at, true);
                }
                "namespace_import" => {
                    if let Some(local) = named(c).first() {
                        self.add_import(&module, None, self.text(*local), at, true);
                    }
                }
                "named_imports" => {
                    for spec in named(c) {
                        if spec.kind() != "import_specifier"
                            || child_of_kind(spec, "type").is_some()
                            || child_of_kind(spec, "typeof").is_some()
                        {
                            continue;
                        }
                        let Some(name) = spec.child_by_field_name("name") else {
                            continue;
                        };
                        let name = self.string_value(name);
                        let local = spec
                            .child_by_field_name("alias")
                            .map_or_else(|| name.clone(), |a| self.string_value(a));
                        self.add_import(&module, Some(name), &local, at, true);
                    }
                }
                _ => {}
            }
        }
    }

    /// `export { a, b as c } from "m"` and `export * as ns from "m"`: an import per name (it
    /// does not bind the name in this file, so it does not resolve names here).
    fn reexport_imports(&mut self, n: Node<'_>) {
        let Some(source) = n.child_by_field_name("source") else {
            return;
        };
        if child_of_kind(n, "type").is_some() {
            return;
        }
        let module = self.module_name(source);
        let at = span(n);
        for c in named(n) {
            match c.kind() {
                "export_clause" => {
                    for spec in named(c) {
                        if spec.kind() != "export_specifier"
                            || child_of_kind(spec, "type").is_some()
                        {
                            continue;
                        }
                        let Some(name) = spec.child_by_field_name("name") else {
                            continue;
                        };
                        let name = self.string_value(name);
                        let local = spec
                            .child_by_field_name("alias")
                            .map_or_else(|| name.clone(), |a| self.string_value(a));
                        self.add_import(&module, Some(name), &local, at, false);
                    }
                }
                "namespace_export" => {
                    if let Some(local) = named(c).first() {
                        let local = self.string_value(*local);
                        self.add_import(&module, None, &local, at, false);
                    }
                }
                _ => {}
            }
        }
    }

    /// `require("m")`, `require("m").a.b` (the module and the member path), looking through
    /// parentheses and `await`.
    fn require_source(&self, value: Node<'_>) -> Option<(String, Vec<&'s str>)> {
        let mut members = Vec::new();
        let mut cur = value;
        loop {
            match cur.kind() {
                "parenthesized_expression" | "await_expression" | "non_null_expression" => {
                    match named(cur).as_slice() {
                        [inner] => cur = *inner,
                        _ => return None,
                    }
                }
                "member_expression" => {
                    members.push(self.text(cur.child_by_field_name("property")?));
                    cur = cur.child_by_field_name("object")?;
                }
                "call_expression" => {
                    let func = cur.child_by_field_name("function")?;
                    if func.kind() != "identifier" || self.text(func) != "require" {
                        return None;
                    }
                    let args = cur.child_by_field_name("arguments")?;
                    let [arg] = named(args)[..] else { return None };
                    if arg.kind() != "string" {
                        return None;
                    }
                    let module = self.module_name(arg);
                    if module.is_empty() {
                        return None;
                    }
                    members.reverse();
                    return Some((module, members));
                }
                _ => return None,
            }
        }
    }

    /// `require("m").a.b` used in place: the path `m.a.b` (not a bare `require("m")`).
    fn required_path(&self, n: Node<'_>) -> Option<String> {
        if n.kind() != "member_expression" {
            return None;
        }
        let (module, members) = self.require_source(n)?;
        let mut path = module;
        for m in members {
            path.push('.');
            path.push_str(m);
        }
        Some(path)
    }

    /// `const cp = require("child_process")`, `const { exec, spawn: sp } = require(...)`,
    /// `const run = require("./run").run`.
    fn require_declarator(&mut self, n: Node<'_>) {
        let (Some(name), Some(value)) = (
            n.child_by_field_name("name"),
            n.child_by_field_name("value"),
        ) else {
            return;
        };
        let Some((module, members)) = self.require_source(value) else {
            return;
        };
        let at = span(n);
        let prefix = members.join(".");
        let member = |m: &str| {
            if prefix.is_empty() {
                m.to_string()
            } else {
                format!("{prefix}.{m}")
            }
        };
        match name.kind() {
            "identifier" => {
                let name_path = (!prefix.is_empty()).then(|| prefix.clone());
                self.add_import(&module, name_path, self.text(name), at, true);
            }
            "object_pattern" => {
                for part in named(name) {
                    let (key, local) = match part.kind() {
                        "shorthand_property_identifier_pattern" => {
                            (self.text(part).to_string(), self.text(part))
                        }
                        "object_assignment_pattern" => match part.child_by_field_name("left") {
                            Some(l) if l.kind() == "shorthand_property_identifier_pattern" => {
                                (self.text(l).to_string(), self.text(l))
                            }
                            _ => continue,
                        },
                        "pair_pattern" => {
                            let key = part.child_by_field_name("key").and_then(|k| self.key(k));
                            let mut value = part.child_by_field_name("value");
                            if let Some(v) = value.filter(|v| v.kind() == "assignment_pattern") {
                                value = v.child_by_field_name("left");
                            }
                            match (key, value) {
                                (Some(k), Some(v)) if v.kind() == "identifier" => (k, self.text(v)),
                                _ => continue,
                            }
                        }
                        _ => continue,
                    };
                    self.add_import(&module, Some(member(&key)), local, at, true);
                }
            }
            _ => {}
        }
    }

    /// A property key as text: identifiers and numbers as written, strings unescaped;
    /// `None` for computed keys.
    fn key(&self, k: Node<'_>) -> Option<String> {
        match k.kind() {
            "string" => Some(self.string_value(k)),
            "computed_property_name" => None,
            _ => Some(self.text(k).to_string()),
        }
    }

    fn export(&mut self, name: &str, local: &str, at: Span) {
        if self.namespaces > 0 || local.is_empty() {
            return;
        }
        // `export * from` may appear many times; named exports once each.
        if name == "*" {
            self.scope.push_export(name, local, at);
        } else {
            self.scope.export(name, local, at);
        }
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

    fn is_import_local(&self, name: &str) -> bool {
        self.scope.import_path(name).is_some()
    }

    /// The names a function body declares locally (`const`/`let`/`var`, functions, classes,
    /// `catch` parameters), not looking into nested functions and classes (whose own names do
    /// count). `require` bindings are left out: they resolve as imports.
    fn local_names(&self, params: &[Param], body: Option<Node<'_>>) -> HashSet<String> {
        let mut names: HashSet<String> = HashSet::new();
        for p in params {
            for n in p.pattern.names() {
                names.insert(n.to_string());
            }
        }
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

    // ---------------------------------------------------------------------------------------
    // Statements

    /// A statement that may be a block: the block's statements are lowered in place.
    fn lower_block(&mut self, n: Option<Node<'_>>, out: &mut Vec<Stmt>) {
        let Some(n) = n else { return };
        if n.kind() == "statement_block" {
            for s in named(n) {
                self.lower_stmt(s, out);
            }
        } else {
            self.lower_stmt(n, out);
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
            "lexical_declaration" | "variable_declaration" => Self::declaration_statement,
            "return_statement" | "throw_statement" => Self::exit_statement,
            "if_statement" => Self::if_statement,
            "switch_statement" => Self::switch_statement,
            "for_statement" => Self::for_statement,
            "for_in_statement" => Self::for_in_statement,
            "while_statement" => Self::while_statement,
            "do_statement" => Self::do_statement,
            "try_statement" => Self::try_statement,
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
    fn container(&mut self, n: Node<'_>, out: &mut Vec<Stmt>) {
        for c in named(n) {
            self.lower_stmt(c, out);
        }
    }

    /// An expression where a statement was expected (inside error nodes).
    fn stray_expression(&mut self, n: Node<'_>, out: &mut Vec<Stmt>) {
        self.lower_expr_stmt(n, out);
    }

    fn expression_statement(&mut self, n: Node<'_>, out: &mut Vec<Stmt>) {
        for c in named(n) {
            self.lower_expr_stmt(c, out);
        }
    }

    /// An expression evaluated as a statement: assignments become `Assign`, a sequence
    /// `a, b` one statement per element, anything else `Eval`.
    fn lower_expr_stmt(&mut self, e: Node<'_>, out: &mut Vec<Stmt>) {
        let saved = mem::take(&mut self.pending);
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
        out.append(&mut self.pending);
        out.append(&mut stmts);
        self.pending = saved;
    }

    /// `target = value` as a statement; `CommonJS` `module.exports`/`exports.x` also export.
    fn assignment_statement(&mut self, n: Node<'_>, out: &mut Vec<Stmt>) {
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

    /// `module.exports = ...`, `exports.x = ...`, `module.exports.x = ...`: records the exports
    /// and returns the name a function or class assigned there gets.
    fn commonjs_export(&mut self, left: Node<'_>, right: Node<'_>) -> Option<(String, Span)> {
        let parts = self.chain(left)?;
        let at = span(left);
        let value = unwrap_value(right);
        let value_name = (value.kind() == "identifier").then(|| self.text(value));
        match parts.as_slice() {
            ["module", "exports"] => {
                match value.kind() {
                    "identifier" => self.export("default", self.text(value), at),
                    "object" => self.commonjs_object(value),
                    _ if is_function_expr(value) || value.kind() == "class" => {
                        self.export("default", "default", at);
                    }
                    _ => {}
                }
                Some(("default".to_string(), at))
            }
            ["exports", name] | ["module", "exports", name] => {
                let name = (*name).to_string();
                self.export(&name, value_name.unwrap_or(&name), at);
                Some((name, at))
            }
            _ => None,
        }
    }

    /// `module.exports = { a, b: c, run() {} }`.
    fn commonjs_object(&mut self, obj: Node<'_>) {
        for c in named(obj) {
            match c.kind() {
                "shorthand_property_identifier" => {
                    let name = self.text(c);
                    self.export(name, name, span(c));
                }
                "pair" => {
                    let Some(key) = c.child_by_field_name("key").and_then(|k| self.key(k)) else {
                        continue;
                    };
                    let local = c
                        .child_by_field_name("value")
                        .map(unparen)
                        .filter(|v| v.kind() == "identifier")
                        .map_or_else(|| key.clone(), |v| self.text(v).to_string());
                    self.export(&key, &local, span(c));
                }
                "method_definition" => {
                    if let Some(key) = c.child_by_field_name("name").and_then(|k| self.key(k)) {
                        self.export(&key, &key, span(c));
                    }
                }
                _ => {}
            }
        }
    }

    /// `x += y` (a string append) and the other compound assignments.
    fn augmented(&mut self, n: Node<'_>) -> Option<Stmt> {
        let (Some(left), Some(right)) = (
            n.child_by_field_name("left"),
            n.child_by_field_name("right"),
        ) else {
            return None;
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
        Some(Stmt::Assign {
            target,
            value,
            span: span(n),
        })
    }

    fn declaration_statement(&mut self, n: Node<'_>, out: &mut Vec<Stmt>) {
        self.declaration(n, n.start_byte(), out);
    }

    /// `const`/`let`/`var`: one `Assign` per declarator with a value (`require` declarators
    /// are imports). Returns the names bound.
    fn declaration(&mut self, n: Node<'_>, anchor: usize, out: &mut Vec<Stmt>) -> Vec<String> {
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
    fn named_value(
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
    fn exit_statement(&mut self, n: Node<'_>, out: &mut Vec<Stmt>) {
        let value = named(n).first().map(|v| self.lower_expr(*v));
        out.push(Stmt::Exit {
            value,
            is_return: n.kind() == "return_statement",
            span: span(n),
        });
    }

    fn test_expr(&mut self, test: Option<Node<'_>>, fallback: Span) -> Expr {
        match test {
            Some(t) => self.lower_expr(t),
            None => other(Vec::new(), fallback),
        }
    }

    /// `if`/`else if`/`else`, walked iteratively. Each `else if` nests one level deeper in the
    /// IR, so it counts against the depth cap.
    fn if_statement(&mut self, n: Node<'_>, out: &mut Vec<Stmt>) {
        let base = self.depth;
        let mut levels = Vec::new();
        let mut last_else = Vec::new();
        let mut next = Some(n);
        while let Some(cur) = next.take() {
            if cur.id() != n.id() {
                if self.depth >= MAX_DEPTH {
                    break;
                }
                self.depth += 1;
            }
            let saved = mem::take(&mut self.pending);
            let test = self.test_expr(cur.child_by_field_name("condition"), span(cur));
            let pre = mem::replace(&mut self.pending, saved);
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
        self.depth = base;
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
    fn switch_statement(&mut self, n: Node<'_>, out: &mut Vec<Stmt>) {
        let subject = self.test_expr(n.child_by_field_name("value"), span(n));
        let cases = n.child_by_field_name("body").map(named).unwrap_or_default();
        let base = self.depth;
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
            if self.depth >= MAX_DEPTH {
                break;
            }
            self.depth += 1;
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
        self.depth = base;
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
    fn for_statement(&mut self, n: Node<'_>, out: &mut Vec<Stmt>) {
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
                let saved = mem::take(&mut self.pending);
                let test = self.lower_expr(c);
                body.append(&mut self.pending);
                self.pending = saved;
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
    fn for_in_statement(&mut self, n: Node<'_>, out: &mut Vec<Stmt>) {
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

    fn while_statement(&mut self, n: Node<'_>, out: &mut Vec<Stmt>) {
        // The test runs on every iteration: what it emits goes inside the loop.
        let saved = mem::take(&mut self.pending);
        let test = self.test_expr(n.child_by_field_name("condition"), span(n));
        let mut body = mem::replace(&mut self.pending, saved);
        body.push(Stmt::Eval(test));
        self.lower_block(n.child_by_field_name("body"), &mut body);
        out.push(Stmt::Loop(body));
    }

    fn do_statement(&mut self, n: Node<'_>, out: &mut Vec<Stmt>) {
        let mut body = Vec::new();
        self.lower_block(n.child_by_field_name("body"), &mut body);
        let saved = mem::take(&mut self.pending);
        let test = self.test_expr(n.child_by_field_name("condition"), span(n));
        body.append(&mut self.pending);
        self.pending = saved;
        body.push(Stmt::Eval(test));
        out.push(Stmt::Loop(body));
    }

    /// `try` inline; `catch (e)` as an opaque `if` binding `e`; `finally` inline after.
    fn try_statement(&mut self, n: Node<'_>, out: &mut Vec<Stmt>) {
        self.lower_block(n.child_by_field_name("body"), out);
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
            out.push(Stmt::If {
                test: other(Vec::new(), span(handler)),
                then,
                orelse: Vec::new(),
            });
        }
        if let Some(fin) = n.child_by_field_name("finalizer") {
            self.lower_block(fin.child_by_field_name("body"), out);
        }
    }

    fn labeled_statement(&mut self, n: Node<'_>, out: &mut Vec<Stmt>) {
        self.lower_block(n.child_by_field_name("body"), out);
    }

    fn with_statement(&mut self, n: Node<'_>, out: &mut Vec<Stmt>) {
        if let Some(obj) = n.child_by_field_name("object") {
            let e = self.lower_expr(obj);
            out.push(Stmt::Eval(e));
        }
        self.lower_block(n.child_by_field_name("body"), out);
    }

    /// Function, class and enum declarations: no statement.
    fn definition(&mut self, n: Node<'_>, _out: &mut Vec<Stmt>) {
        self.declare(n, Vec::new(), n.start_byte());
    }

    /// Lowers a function, class or enum declaration; returns the name it declares.
    fn declare(&mut self, n: Node<'_>, decorators: Vec<Expr>, anchor: usize) -> Option<String> {
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
    fn namespace(&mut self, n: Node<'_>, out: &mut Vec<Stmt>) {
        self.namespaces += 1;
        self.lower_block(n.child_by_field_name("body"), out);
        self.namespaces -= 1;
    }

    fn export_statement(&mut self, n: Node<'_>, out: &mut Vec<Stmt>) {
        if child_of_kind(n, "type").is_some() {
            return;
        }
        let at = span(n);
        let anchor = n.start_byte();
        let is_default = child_of_kind(n, "default").is_some();
        if let Some(source) = n.child_by_field_name("source") {
            // Re-exports: the imports were recorded by the scan.
            let module = self.module_name(source);
            let mut star = true;
            for c in named(n) {
                match c.kind() {
                    "export_clause" => {
                        star = false;
                        for (name, _) in self.export_specifiers(c) {
                            self.export(&name, &name, at);
                        }
                    }
                    "namespace_export" => {
                        star = false;
                        if let Some(local) = named(c).first() {
                            let local = self.string_value(*local);
                            self.export(&local, &local, at);
                        }
                    }
                    _ => {}
                }
            }
            if star {
                self.export("*", &module, at);
            }
            return;
        }
        if let Some(decl) = n.child_by_field_name("declaration") {
            let mut decorators = Vec::new();
            for d in fields(n, "decorator") {
                decorators.push(self.decorator(d));
            }
            let names = match decl.kind() {
                "lexical_declaration" | "variable_declaration" => {
                    self.declaration(decl, anchor, out)
                }
                "internal_module" | "module" => {
                    self.namespace(decl, out);
                    Vec::new()
                }
                _ => self.declare(decl, decorators, anchor).into_iter().collect(),
            };
            for name in names {
                let exported = if is_default { "default" } else { name.as_str() };
                self.export(exported, &name, at);
            }
            return;
        }
        if let Some(value) = n.child_by_field_name("value") {
            self.export_default(value, anchor, at, out);
            return;
        }
        if let Some(clause) = named(n).into_iter().find(|c| c.kind() == "export_clause") {
            for (name, local) in self.export_specifiers(clause) {
                self.export(&name, &local, at);
            }
            return;
        }
        // TS `export = x`.
        if child_of_kind(n, "=").is_some()
            && let Some(value) = named(n).into_iter().find(|c| c.kind() != "decorator")
        {
            self.export_default(value, anchor, at, out);
        }
    }

    /// `export default <expr>` (and TS `export = <expr>`).
    fn export_default(&mut self, value: Node<'_>, anchor: usize, at: Span, out: &mut Vec<Stmt>) {
        let v = unwrap_value(value);
        if v.kind() == "identifier" {
            self.export("default", self.text(v), at);
        } else if is_function_expr(v) || v.kind() == "class" {
            let own = v
                .child_by_field_name("name")
                .map(|m| (self.text(m).to_string(), span(m)));
            let name = own.unwrap_or_else(|| ("default".to_string(), span(v)));
            let local = name.0.clone();
            if v.kind() == "class" {
                self.lower_class(v, Vec::new(), Some(name), anchor);
            } else {
                self.lower_function(v, FnInfo::named(Some(name), anchor));
            }
            self.export("default", &local, at);
        } else {
            let e = self.lower_expr(value);
            out.push(Stmt::Assign {
                target: Pattern::Name("default".into()),
                value: e,
                span: at,
            });
            self.export("default", "default", at);
        }
    }

    /// The `(exported, local)` names of an `export { a, b as c }` clause (type-only specifiers
    /// left out).
    fn export_specifiers(&self, clause: Node<'_>) -> Vec<(String, String)> {
        let mut out = Vec::new();
        for spec in named(clause) {
            if spec.kind() != "export_specifier" || child_of_kind(spec, "type").is_some() {
                continue;
            }
            let Some(name) = spec.child_by_field_name("name") else {
                continue;
            };
            let local = self.string_value(name);
            let exported = spec
                .child_by_field_name("alias")
                .map_or_else(|| local.clone(), |a| self.string_value(a));
            out.push((exported, local));
        }
        out
    }

    fn decorator(&mut self, d: Node<'_>) -> Expr {
        match named(d).first() {
            Some(e) => self.lower_expr(*e),
            None => other(Vec::new(), span(d)),
        }
    }

    // ---------------------------------------------------------------------------------------
    // Functions, classes, enums

    /// Lowers a function, arrow, method, getter/setter or static block into a new
    /// [`Function`]; `None` past the depth cap.
    fn lower_function(&mut self, n: Node<'_>, info: FnInfo) -> Option<FnId> {
        if self.depth >= MAX_DEPTH {
            return None;
        }
        self.depth += 1;
        let name = info.name.or_else(|| {
            n.child_by_field_name("name")
                .map(|m| (self.text(m).to_string(), span(m)))
        });
        let id = self.functions.len();
        let mut f = Function::new(None, span(n));
        if let Some((name, at)) = name {
            f.name = Some(name);
            f.name_span = at;
        }
        f.parent = self.cur_fn;
        f.class = info.class;
        f.decorators = info.decorators;
        f.doc = self
            .jsdoc(info.anchor)
            .or_else(|| self.jsdoc(n.start_byte()));
        self.functions.push(f);
        // Defaults are evaluated in the enclosing scope.
        let params = self.params(n);

        let body_node = n.child_by_field_name("body");
        let locals = self.local_names(&params, body_node);
        self.scope.enter(locals);
        let saved_fn = self.cur_fn.replace(id);
        let saved_pending = mem::take(&mut self.pending);
        let mut body = Vec::new();
        match body_node {
            Some(b) if b.kind() == "statement_block" => {
                for s in named(b) {
                    self.lower_stmt(s, &mut body);
                }
            }
            Some(b) => {
                let value = self.lower_expr(b);
                body.append(&mut self.pending);
                body.push(Stmt::Exit {
                    span: value.span,
                    value: Some(value),
                    is_return: true,
                });
            }
            None => {}
        }
        self.scope.leave();
        self.pending = saved_pending;
        self.cur_fn = saved_fn;

        if let Some(f) = self.functions.get_mut(id) {
            f.params = params;
            f.body = body;
        }
        self.depth -= 1;
        Some(id)
    }

    fn params(&mut self, n: Node<'_>) -> Vec<Param> {
        let mut out = Vec::new();
        // `x => ...`
        if let Some(p) = n.child_by_field_name("parameter") {
            let name = self.text(p).to_string();
            out.push(Param {
                pattern: Pattern::Name(name.clone()),
                name,
                kind: ParamKind::Normal,
                annotation: None,
                default: None,
                attributes: Vec::new(),
                span: span(p),
            });
            return out;
        }
        let Some(list) = n.child_by_field_name("parameters") else {
            return out;
        };
        for p in named(list) {
            if !matches!(p.kind(), "required_parameter" | "optional_parameter") {
                continue;
            }
            let Some(pat) = p
                .child_by_field_name("pattern")
                .or_else(|| p.child_by_field_name("name"))
            else {
                continue;
            };
            if pat.kind() == "this" {
                continue;
            }
            let (kind, inner) = if pat.kind() == "rest_pattern" {
                (ParamKind::VarArgs, named(pat).first().copied())
            } else {
                (ParamKind::Normal, Some(pat))
            };
            let Some(inner) = inner else { continue };
            let name = self.text(inner).to_string();
            let pattern = if inner.kind() == "identifier" {
                Pattern::Name(name.clone())
            } else {
                self.pattern(inner)
            };
            let annotation = p
                .child_by_field_name("type")
                .and_then(|t| self.type_annotation(t));
            let default = p.child_by_field_name("value").map(|d| self.lower_expr(d));
            let mut attributes = Vec::new();
            for d in fields(p, "decorator") {
                attributes.push(self.decorator(d));
            }
            out.push(Param {
                name,
                kind,
                annotation,
                default,
                pattern,
                attributes,
                span: span(p),
            });
        }
        out
    }

    /// A `: T` annotation as a name holding the type's text (whitespace collapsed).
    fn type_annotation(&self, ann: Node<'_>) -> Option<Expr> {
        let t = if ann.kind() == "type_annotation" {
            *named(ann).first()?
        } else {
            ann
        };
        let text = self
            .text(t)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        Some(Expr::new(ExprKind::Name(text), span(t)))
    }

    /// Constructor parameters with an accessibility modifier or `readonly` (TS parameter
    /// properties): each is also assigned to `this.<name>`.
    fn parameter_properties(&self, method: Node<'_>) -> Vec<Stmt> {
        let mut out = Vec::new();
        let Some(list) = method.child_by_field_name("parameters") else {
            return out;
        };
        for p in named(list) {
            let is_property = child_of_kind(p, "accessibility_modifier").is_some()
                || child_of_kind(p, "readonly").is_some()
                || child_of_kind(p, "override_modifier").is_some();
            let pat = p
                .child_by_field_name("pattern")
                .or_else(|| p.child_by_field_name("name"));
            if let Some(pat) = pat.filter(|x| is_property && x.kind() == "identifier") {
                let name = self.text(pat);
                out.push(Stmt::Assign {
                    target: Pattern::Name(format!("this.{name}")),
                    value: Expr::new(ExprKind::Name(name.to_string()), span(pat)),
                    span: span(p),
                });
            }
        }
        out
    }

    /// A class declaration or expression: its methods become functions, its fields
    /// [`Field`]s; instance field initialisers (and TS parameter properties) are also assigned
    /// to `this.<field>` at the start of the constructor (a synthetic one if there is none).
    fn lower_class(
        &mut self,
        n: Node<'_>,
        mut decorators: Vec<Expr>,
        name: Option<(String, Span)>,
        anchor: usize,
    ) -> Option<usize> {
        if self.depth >= MAX_DEPTH {
            return None;
        }
        self.depth += 1;
        let (name, name_span) = name
            .or_else(|| {
                n.child_by_field_name("name")
                    .map(|m| (self.text(m).to_string(), span(m)))
            })
            .unwrap_or_else(|| (String::new(), span(n)));
        for d in fields(n, "decorator") {
            decorators.push(self.decorator(d));
        }
        let mut bases = Vec::new();
        for heritage in named(n)
            .into_iter()
            .filter(|c| c.kind() == "class_heritage")
        {
            for clause in named(heritage) {
                if clause.kind() == "extends_clause" {
                    for v in fields(clause, "value") {
                        bases.push(self.lower_expr(v));
                    }
                }
            }
        }
        let idx = self.classes.len();
        let doc = self.jsdoc(anchor).or_else(|| self.jsdoc(n.start_byte()));
        self.classes.push(Class {
            name,
            name_span,
            bases,
            decorators,
            doc,
            fields: Vec::new(),
            methods: Vec::new(),
            span: span(n),
        });

        let mut fields_out = Vec::new();
        let mut inits = Vec::new();
        let mut constructor = None;
        let mut pending_decorators: Vec<Node<'_>> = Vec::new();
        let members = n.child_by_field_name("body").map(named).unwrap_or_default();
        for m in members {
            match m.kind() {
                "decorator" => {
                    pending_decorators.push(m);
                    continue;
                }
                "method_definition" => {
                    let anchor = pending_decorators
                        .first()
                        .map_or(m.start_byte(), Node::start_byte);
                    let mut decorators = Vec::new();
                    for d in mem::take(&mut pending_decorators) {
                        decorators.push(self.decorator(d));
                    }
                    let name = m.child_by_field_name("name").map(|k| {
                        let text = self.key(k).unwrap_or_else(|| self.text(k).to_string());
                        (text, span(k))
                    });
                    let is_constructor = name.as_ref().is_some_and(|(k, _)| k == "constructor")
                        && child_of_kind(m, "static").is_none();
                    let info = FnInfo {
                        name,
                        class: Some(idx),
                        decorators,
                        anchor,
                    };
                    if let Some(id) = self.lower_function(m, info) {
                        self.add_method(idx, id);
                        if is_constructor && constructor.is_none() {
                            constructor = Some(id);
                            let mut props = self.parameter_properties(m);
                            props.append(&mut inits);
                            inits = props;
                        }
                    }
                }
                "public_field_definition" => {
                    let mut attributes = Vec::new();
                    for d in mem::take(&mut pending_decorators) {
                        attributes.push(self.decorator(d));
                    }
                    if let Some((field, init)) = self.field(m, idx, attributes) {
                        fields_out.push(field);
                        inits.extend(init);
                    }
                }
                "class_static_block" => {
                    let info = FnInfo {
                        name: Some(("static".to_string(), span(m))),
                        class: Some(idx),
                        decorators: Vec::new(),
                        anchor: m.start_byte(),
                    };
                    if let Some(id) = self.lower_function(m, info) {
                        self.add_method(idx, id);
                    }
                }
                _ => {}
            }
            pending_decorators.clear();
        }
        if !inits.is_empty() {
            match constructor.and_then(|id| self.functions.get_mut(id)) {
                Some(f) => {
                    inits.append(&mut f.body);
                    f.body = inits;
                }
                None => {
                    let id = self.functions.len();
                    let mut f = Function::new(Some("constructor".into()), span(n));
                    f.name_span = name_span;
                    f.parent = self.cur_fn;
                    f.class = Some(idx);
                    f.body = inits;
                    self.functions.push(f);
                    self.add_method(idx, id);
                }
            }
        }
        if let Some(c) = self.classes.get_mut(idx) {
            c.fields = fields_out;
        }
        self.depth -= 1;
        Some(idx)
    }

    fn add_method(&mut self, class: usize, id: FnId) {
        if let Some(c) = self.classes.get_mut(class) {
            c.methods.push(id);
        }
    }

    /// A class field, and the `this.<field> = value` its initialiser performs (instance
    /// fields only). A function-valued field is a method of the class.
    fn field(
        &mut self,
        m: Node<'_>,
        class: usize,
        mut attributes: Vec<Expr>,
    ) -> Option<(Field, Option<Stmt>)> {
        let key = m.child_by_field_name("name")?;
        let name = self.key(key).unwrap_or_else(|| self.text(key).to_string());
        for d in fields(m, "decorator") {
            attributes.push(self.decorator(d));
        }
        let annotation = m
            .child_by_field_name("type")
            .and_then(|t| self.type_annotation(t));
        let value = m.child_by_field_name("value").map(|v| {
            let u = unwrap_value(v);
            if is_function_expr(u) {
                let info = FnInfo {
                    name: Some((name.clone(), span(key))),
                    class: Some(class),
                    decorators: Vec::new(),
                    anchor: m.start_byte(),
                };
                let id = self.lower_function(u, info);
                if let Some(id) = id {
                    self.add_method(class, id);
                }
                func_or_empty(id, span(u))
            } else {
                self.lower_expr(v)
            }
        });
        let is_static = child_of_kind(m, "static").is_some();
        let init = match (&value, is_static) {
            (Some(v), false) => Some(Stmt::Assign {
                target: Pattern::Name(format!("this.{name}")),
                value: v.clone(),
                span: span(m),
            }),
            _ => None,
        };
        let field = Field {
            name,
            annotation,
            value,
            attributes,
            doc: self.jsdoc(m.start_byte()),
            span: span(m),
        };
        Some((field, init))
    }

    /// `enum E { A = "a", B }` as a class with one field per member.
    fn lower_enum(&mut self, n: Node<'_>, anchor: usize) {
        let Some(name_node) = n.child_by_field_name("name") else {
            return;
        };
        let mut fields_out = Vec::new();
        for m in n.child_by_field_name("body").map(named).unwrap_or_default() {
            let (key, value) = match m.kind() {
                "enum_assignment" => (
                    m.child_by_field_name("name"),
                    m.child_by_field_name("value"),
                ),
                _ => (Some(m), None),
            };
            let Some(key) = key else { continue };
            let name = self.key(key).unwrap_or_else(|| self.text(key).to_string());
            let value = value.map(|v| self.lower_expr(v));
            fields_out.push(Field {
                name,
                annotation: None,
                value,
                attributes: Vec::new(),
                doc: self.jsdoc(m.start_byte()),
                span: span(m),
            });
        }
        self.classes.push(Class {
            name: self.text(name_node).to_string(),
            name_span: span(name_node),
            bases: Vec::new(),
            decorators: Vec::new(),
            doc: self.jsdoc(anchor).or_else(|| self.jsdoc(n.start_byte())),
            fields: fields_out,
            methods: Vec::new(),
            span: span(n),
        });
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
            "identifier" | "shorthand_property_identifier_pattern" => {
                Pattern::Name(self.text(n).to_string())
            }
            "member_expression" | "subscript_expression" => {
                // Assigning into a container (`a[k] = v`, `a[k].x = v`) taints the container:
                // the longest named chain at the bottom.
                let mut cur = n;
                loop {
                    if let Some(parts) = self.chain(cur) {
                        return Pattern::Name(self.scope.resolve_dotted(&parts));
                    }
                    let next = match cur.kind() {
                        "member_expression" | "subscript_expression" => {
                            cur.child_by_field_name("object")
                        }
                        "non_null_expression" | "parenthesized_expression" => {
                            named(cur).first().copied()
                        }
                        _ => None,
                    };
                    match next {
                        Some(next) => cur = next,
                        None => return Pattern::Ignore,
                    }
                }
            }
            "object_pattern" => {
                let mut parts = Vec::new();
                for c in named(n) {
                    match c.kind() {
                        "shorthand_property_identifier_pattern" => {
                            let name = self.text(c).to_string();
                            parts.push((Some(name.clone()), Pattern::Name(name)));
                        }
                        "pair_pattern" => {
                            let key = c.child_by_field_name("key").and_then(|k| self.key(k));
                            let value = match c.child_by_field_name("value") {
                                Some(v) => self.pattern(v),
                                None => Pattern::Ignore,
                            };
                            parts.push((key, value));
                        }
                        "object_assignment_pattern" => match c.child_by_field_name("left") {
                            Some(l) if l.kind() == "shorthand_property_identifier_pattern" => {
                                let name = self.text(l).to_string();
                                parts.push((Some(name.clone()), Pattern::Name(name)));
                            }
                            Some(l) => parts.push((None, self.pattern(l))),
                            None => {}
                        },
                        "rest_pattern" => parts.push((None, self.pattern(c))),
                        _ => {}
                    }
                }
                Pattern::Destructure {
                    type_name: None,
                    parts,
                }
            }
            "array_pattern" => {
                let mut parts = Vec::new();
                for c in named(n) {
                    parts.push((None, self.pattern(c)));
                }
                Pattern::Destructure {
                    type_name: None,
                    parts,
                }
            }
            "assignment_pattern" | "object_assignment_pattern" => {
                match n.child_by_field_name("left") {
                    Some(l) => self.pattern(l),
                    None => Pattern::Ignore,
                }
            }
            "rest_pattern" | "non_null_expression" | "parenthesized_expression" => {
                match named(n).as_slice() {
                    [inner] => self.pattern(*inner),
                    _ => Pattern::Ignore,
                }
            }
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

    fn identifier(&mut self, n: Node<'_>) -> ExprKind {
        ExprKind::Name(self.scope.resolve_dotted(&[self.text(n)]))
    }

    /// `this`, `super`, `true`, `false`, `null`, `undefined`: names, as written.
    fn keyword(&mut self, n: Node<'_>) -> ExprKind {
        ExprKind::Name(self.text(n).to_string())
    }

    #[expect(clippy::unused_self, reason = "a Handler")]
    fn opaque(&mut self, _: Node<'_>) -> ExprKind {
        ExprKind::Other(Vec::new())
    }

    fn generic(&mut self, n: Node<'_>) -> ExprKind {
        ExprKind::Other(self.lower_all(named(n)))
    }

    /// Parentheses, `await`, `!`, `as`, `satisfies`, `<T>x`, spreads: the inner expression,
    /// with its own span.
    fn transparent(&mut self, n: Node<'_>) -> Expr {
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

    fn string(&mut self, n: Node<'_>) -> ExprKind {
        ExprKind::Str(self.string_value(n))
    }

    fn template(&mut self, n: Node<'_>) -> ExprKind {
        let parts = self.template_parts(n);
        interp_or_str(parts)
    }

    /// The literal text and substitutions of a template literal.
    fn template_parts(&mut self, n: Node<'_>) -> Vec<Part> {
        let mut parts = Vec::new();
        let count = n.child_count();
        let open = n.child(0).filter(|c| c.kind() == "`");
        let close = count
            .checked_sub(1)
            .filter(|last| *last > 0)
            .and_then(|last| n.child(last))
            .filter(|c| c.kind() == "`");
        let mut pos = open.map_or(n.start_byte(), |o| o.end_byte());
        let end = close.map_or(n.end_byte(), |c| c.start_byte());
        for c in named(n) {
            if c.kind() != "template_substitution" {
                continue;
            }
            let lit = self.src.get(pos..c.start_byte()).unwrap_or("");
            push_lit(&mut parts, &unescape(lit, true));
            let inner = named(c);
            match inner.as_slice() {
                [] => {}
                [e] => parts.push(Part::Hole(self.lower_expr(*e))),
                many => {
                    let at = span(c);
                    let children = self.lower_all(many.to_vec());
                    parts.push(Part::Hole(other(children, at)));
                }
            }
            pos = c.end_byte();
        }
        let lit = self.src.get(pos..end).unwrap_or("");
        push_lit(&mut parts, &unescape(lit, true));
        parts
    }

    fn member(&mut self, n: Node<'_>) -> ExprKind {
        if let Some(parts) = self.chain(n) {
            return ExprKind::Name(self.scope.resolve_dotted(&parts));
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

    fn subscript(&mut self, n: Node<'_>) -> ExprKind {
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

    fn unary(&mut self, n: Node<'_>) -> ExprKind {
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

    fn ternary(&mut self, n: Node<'_>) -> ExprKind {
        let at = span(n);
        let test = Box::new(self.lower_opt(n.child_by_field_name("condition"), at));
        let then = Box::new(self.lower_opt(n.child_by_field_name("consequence"), at));
        let orelse = Box::new(self.lower_opt(n.child_by_field_name("alternative"), at));
        ExprKind::Cond { test, then, orelse }
    }

    /// `a = b` used as a value: the assignment is emitted before the statement; the value is
    /// `a`.
    fn assignment_value(&mut self, n: Node<'_>) -> ExprKind {
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
        self.pending.push(Stmt::Assign {
            target,
            value,
            span: span(n),
        });
        result
    }

    /// `a += b` used as a value.
    fn augmented_value(&mut self, n: Node<'_>) -> ExprKind {
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
        self.pending.push(assign);
        result
    }

    fn function(&mut self, n: Node<'_>) -> ExprKind {
        match self.lower_function(n, FnInfo::at(n.start_byte())) {
            Some(id) => ExprKind::Func(id),
            None => ExprKind::Other(Vec::new()),
        }
    }

    fn class_expr(&mut self, n: Node<'_>) -> ExprKind {
        self.lower_class(n, Vec::new(), None, n.start_byte());
        ExprKind::Other(Vec::new())
    }

    fn object(&mut self, n: Node<'_>) -> ExprKind {
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
                            self.depth += 1;
                            let k = self.lower_opt(named(key).first().copied(), span(key));
                            let v = self.lower_expr(value);
                            self.depth -= 1;
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
                            self.depth += 1;
                            let k = match key.and_then(|k| named(k).first().copied()) {
                                Some(k) => self.lower_expr(k),
                                None => other(Vec::new(), span(c)),
                            };
                            let id = self.lower_function(c, FnInfo::at(c.start_byte()));
                            self.depth -= 1;
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

    fn array(&mut self, n: Node<'_>) -> ExprKind {
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
    fn jsx(&mut self, n: Node<'_>) -> ExprKind {
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

    fn jsx_expression(&mut self, e: Node<'_>, out: &mut Vec<Expr>) {
        for inner in named(e) {
            out.push(self.lower_expr(inner));
        }
    }

    fn binary(&mut self, n: Node<'_>) -> ExprKind {
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
    fn left_spine<'t>(n: Node<'t>, group: &[&str]) -> Vec<Node<'t>> {
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

    fn call(&mut self, n: Node<'_>) -> ExprKind {
        let args_node = n.child_by_field_name("arguments");
        let Some(func) = n.child_by_field_name("function") else {
            return self.generic(n);
        };
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
    fn new_expr(&mut self, n: Node<'_>) -> ExprKind {
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

    /// `` tag`a${x}b` ``: a call of the tag with the literal text and one argument per hole.
    fn tagged_template(&mut self, func: Node<'_>, tpl: Node<'_>) -> ExprKind {
        let (callee, receiver) = self.callee(func);
        let mut text = String::new();
        let mut holes = Vec::new();
        for p in self.template_parts(tpl) {
            match p {
                Part::Lit(s) => text.push_str(&s),
                Part::Hole(h) => holes.push(Arg::positional(h)),
            }
        }
        let mut args = vec![Arg::positional(Expr::new(ExprKind::Str(text), span(tpl)))];
        args.append(&mut holes);
        ExprKind::Call {
            callee,
            receiver,
            args,
        }
    }

    /// `xs.join(sep)` (an array joined into a string) and `"lit".concat(a, b)`: string
    /// building, lowered to `Interp`.
    fn string_method(&mut self, func: Node<'_>, args: Option<Node<'_>>) -> Option<ExprKind> {
        let f = unparen(func);
        if f.kind() != "member_expression" {
            return None;
        }
        let method = self.text(f.child_by_field_name("property")?);
        let obj = f.child_by_field_name("object")?;
        let arg_nodes = args.map(named).unwrap_or_default();
        match method {
            "join" => {
                // Not `path.join(...)`, `posix.join(...)` or an imported helper.
                if let Some(parts) = self.chain(obj) {
                    let root = parts.first().copied().unwrap_or("");
                    let last = parts.last().copied().unwrap_or("");
                    if self.is_import_local(root) || matches!(last, "path" | "posix" | "win32") {
                        return None;
                    }
                }
                match arg_nodes.as_slice() {
                    [] => {}
                    [sep] if is_plain_string(*sep) => {}
                    _ => return None,
                }
                let array = self.lower_expr(obj);
                Some(ExprKind::Interp(vec![Part::Hole(array)]))
            }
            "concat" if matches!(unparen(obj).kind(), "string" | "template_string") => {
                let head = self.lower_expr(obj);
                let mut parts = Vec::new();
                splice(&mut parts, head);
                for a in arg_nodes {
                    parts.push(Part::Hole(self.lower_expr(a)));
                }
                Some(ExprKind::Interp(parts))
            }
            _ => None,
        }
    }

    /// The callee path and receiver of a call's function expression.
    fn callee(&mut self, func: Node<'_>) -> (String, Option<Box<Expr>>) {
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
            && (parts.len() == 1 || parts.first().is_some_and(|r| self.is_import_local(r)))
        {
            return (self.scope.resolve_dotted(&parts), None);
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

    fn args(&mut self, list: Option<Node<'_>>) -> Vec<Arg> {
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

fn func_or_empty(id: Option<FnId>, at: Span) -> Expr {
    match id {
        Some(id) => Expr::new(ExprKind::Func(id), at),
        None => other(Vec::new(), at),
    }
}

/// The text of a `/** ... */` comment: markers and each line's leading `*` removed, blank
/// lines at the start and end dropped.
fn jsdoc_text(raw: &str) -> String {
    let inner = raw.strip_prefix("/**").unwrap_or(raw);
    strip_stars(inner.strip_suffix("*/").unwrap_or(inner))
}

/// The text of a `/* ... */` comment, cleaned as [`jsdoc_text`] does and trimmed.
fn block_comment_text(raw: &str) -> String {
    let inner = raw.strip_prefix("/*").unwrap_or(raw);
    let inner = inner.strip_suffix("*/").unwrap_or(inner);
    strip_stars(inner.trim_start_matches('*'))
        .trim()
        .to_string()
}

/// Each line without its leading blanks, `*` and one space, nor trailing blanks; blank lines
/// at the start and end dropped.
fn strip_stars(inner: &str) -> String {
    let mut lines: Vec<&str> = inner
        .lines()
        .map(|line| {
            let line = line.trim_start();
            let line = line.strip_prefix('*').unwrap_or(line);
            let line = line.strip_prefix(' ').unwrap_or(line);
            line.trim_end()
        })
        .collect();
    while lines.last().is_some_and(|l| l.is_empty()) {
        lines.pop();
    }
    let leading = lines.iter().take_while(|l| l.is_empty()).count();
    lines.drain(..leading);
    lines.join("\n")
}

/// JavaScript string-literal unescaping. Template literals also normalise line ends to `\n`.
fn unescape(s: &str, template: bool) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' {
            let Some(e) = chars.next() else {
                out.push('\\');
                break;
            };
            match e {
                // Line continuations.
                '\n' | '\u{2028}' | '\u{2029}' => {}
                '\r' => {
                    if chars.peek() == Some(&'\n') {
                        chars.next();
                    }
                }
                'n' => out.push('\n'),
                't' => out.push('\t'),
                'r' => out.push('\r'),
                'b' => out.push('\x08'),
                'f' => out.push('\x0c'),
                'v' => out.push('\x0b'),
                'x' => hex_escape(&mut out, &mut chars),
                'u' => unicode_escape(&mut out, &mut chars),
                '0'..='7' => {
                    // `\0`, and legacy octal escapes in sloppy-mode strings.
                    let mut value = e.to_digit(8).unwrap_or(0);
                    let max_digits = if e <= '3' { 2 } else { 1 };
                    for _ in 0..max_digits {
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
                // `\\`, `\'`, `\"`, `` \` ``, `\$` and unknown escapes: the character itself.
                other => out.push(other),
            }
        } else if c == '\r' && template {
            if chars.peek() == Some(&'\n') {
                chars.next();
            }
            out.push('\n');
        } else {
            out.push(c);
        }
    }
    out
}

type Chars<'a> = std::iter::Peekable<std::str::Chars<'a>>;

/// Up to `max` hex digits.
fn hex_digits(chars: &mut Chars<'_>, max: usize) -> String {
    let mut digits = String::new();
    while digits.len() < max {
        match chars.peek() {
            Some(d) if d.is_ascii_hexdigit() => {
                digits.push(*d);
                chars.next();
            }
            _ => break,
        }
    }
    digits
}

/// `\xNN`; kept as written when malformed.
fn hex_escape(out: &mut String, chars: &mut Chars<'_>) {
    let digits = hex_digits(chars, 2);
    let decoded = (digits.len() == 2)
        .then(|| u32::from_str_radix(&digits, 16).ok())
        .flatten()
        .and_then(char::from_u32);
    match decoded {
        Some(ch) => out.push(ch),
        None => {
            out.push_str("\\x");
            out.push_str(&digits);
        }
    }
}

/// `\uNNNN` (surrogate pairs joined), `\u{N...}`; kept as written when malformed.
fn unicode_escape(out: &mut String, chars: &mut Chars<'_>) {
    if chars.peek() == Some(&'{') {
        chars.next();
        let digits = hex_digits(chars, 6);
        let closed = chars.peek() == Some(&'}');
        let decoded = u32::from_str_radix(&digits, 16)
            .ok()
            .filter(|_| closed)
            .and_then(char::from_u32);
        match decoded {
            Some(ch) => {
                chars.next();
                out.push(ch);
            }
            None => {
                out.push_str("\\u{");
                out.push_str(&digits);
            }
        }
        return;
    }
    let digits = hex_digits(chars, 4);
    let Some(unit) = (digits.len() == 4)
        .then(|| u32::from_str_radix(&digits, 16).ok())
        .flatten()
    else {
        out.push_str("\\u");
        out.push_str(&digits);
        return;
    };
    if (0xD800..0xDC00).contains(&unit) {
        // A high surrogate: joined with a following `\uDC00`-`\uDFFF`.
        let mut ahead = chars.clone();
        if ahead.next() == Some('\\') && ahead.next() == Some('u') {
            let low = hex_digits(&mut ahead, 4);
            if let Ok(low) = u32::from_str_radix(&low, 16)
                && (0xDC00..0xE000).contains(&low)
            {
                let joined = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
                if let Some(ch) = char::from_u32(joined) {
                    *chars = ahead;
                    out.push(ch);
                    return;
                }
            }
        }
    }
    out.push(char::from_u32(unit).unwrap_or(char::REPLACEMENT_CHARACTER));
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

    #[test]
    fn unescapes_javascript_literals() {
        assert_eq!(
            unescape(r#"a\tb\n\\\'\"\`\$\x41\u00e9\u{1F600}\0"#, false),
            "a\tb\n\\'\"`$Aé\u{1F600}\0"
        );
        assert_eq!(unescape(r"\uD83D\uDE00", false), "\u{1F600}");
        assert_eq!(unescape(r"\uD83Dx", false), "\u{FFFD}x");
        assert_eq!(unescape(r"\q\d", false), "qd");
        assert_eq!(unescape("a\\\nb", false), "ab");
        assert_eq!(unescape("a\\\r\nb", false), "ab");
        assert_eq!(unescape("a\r\nb", true), "a\nb");
        assert_eq!(unescape("a\r\nb", false), "a\r\nb");
        assert_eq!(unescape(r"\x4", false), r"\x4");
        assert_eq!(unescape(r"\u12", false), r"\u12");
        assert_eq!(unescape(r"\u{110000}", false), r"\u{110000}");
        assert_eq!(unescape(r"\u{41", false), r"\u{41");
        assert_eq!(unescape(r"\101\7", false), "A\x07");
        assert_eq!(unescape("\\", false), "\\");
    }

    #[test]
    fn jsdoc_markers_are_removed() {
        assert_eq!(jsdoc_text("/** One line. */"), "One line.");
        assert_eq!(
            jsdoc_text("/**\n   * Title.\n   *\n   * @param x  the x\n   *   indented\n   */"),
            "Title.\n\n@param x  the x\n  indented"
        );
        assert_eq!(jsdoc_text("/***/"), "");
        assert_eq!(block_comment_text("/* expect: x */"), "expect: x");
        assert_eq!(block_comment_text("/**\n * a\n *   b\n */"), "a\n  b");
        assert_eq!(block_comment_text("/*****/"), "");
    }
}
