//! Functions, classes and decorators of the Python front end.

use super::strings::cleandoc;
use super::{Lowerer, is_string, named};
use crate::common::{Lowering, Node, span};
use mcplint_ir::{
    Class, Doc, Expr, ExprKind, Field, FnId, Function, Param, ParamKind, Pattern, Stmt,
};
use std::mem;

impl Lowerer<'_> {
    /// The docstring of a body, if its first statement is a plain string.
    pub(super) fn docstring_node(stmt: Node<'_>) -> Option<Node<'_>> {
        if stmt.kind() != "expression_statement" {
            return None;
        }
        match named(stmt).as_slice() {
            [s] if is_string(*s) && !Self::has_interpolation(*s) => Some(*s),
            _ => None,
        }
    }

    pub(super) fn has_interpolation(s: Node<'_>) -> bool {
        let strings = if s.kind() == "string" {
            vec![s]
        } else {
            named(s)
        };
        strings
            .iter()
            .any(|s| named(*s).iter().any(|c| c.kind() == "interpolation"))
    }

    pub(super) fn doc(&mut self, string: Node<'_>) -> Doc {
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
    pub(super) fn body_and_doc<'t>(
        &mut self,
        block: Option<Node<'t>>,
    ) -> (Vec<Node<'t>>, Option<Doc>) {
        let mut stmts = block.map(named).unwrap_or_default();
        let doc_node = stmts.first().and_then(|s| Self::docstring_node(*s));
        let doc = doc_node.map(|d| self.doc(d));
        if doc.is_some() && !stmts.is_empty() {
            stmts.remove(0);
        }
        (stmts, doc)
    }

    pub(super) fn lower_def(
        &mut self,
        n: Node<'_>,
        decorators: Vec<Expr>,
        class: Option<usize>,
    ) -> Option<FnId> {
        if !self.file.enter() {
            return None;
        }
        let name_node = n.child_by_field_name("name");
        let name = name_node
            .map(|m| self.text(m).to_string())
            .unwrap_or_default();
        let id = self.file.functions.len();
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
        self.file.functions.push(f);
        // Defaults and annotations are evaluated in the enclosing scope.
        let params = self.params(n.child_by_field_name("parameters"), class.is_some());

        let body_node = n.child_by_field_name("body");
        let locals = self.local_names(&params, body_node);
        self.file.scope.enter(locals);
        let saved_fn = self.cur_fn.replace(id);
        let saved_scope = mem::replace(&mut self.module_scope, false);
        let saved_pending = mem::take(&mut self.file.pending);
        let (stmts, doc) = self.body_and_doc(body_node);
        let mut body = Vec::new();
        for s in stmts {
            self.lower_stmt(s, &mut body);
        }
        self.file.scope.leave();
        self.file.pending = saved_pending;
        self.module_scope = saved_scope;
        self.cur_fn = saved_fn;

        if let Some(f) = self.file.functions.get_mut(id) {
            f.params = params;
            f.doc = doc;
            f.body = body;
        }
        self.file.leave();
        Some(id)
    }

    pub(super) fn params(&mut self, list: Option<Node<'_>>, method: bool) -> Vec<Param> {
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

    /// A class definition: its methods become functions, annotated and assigned class
    /// attributes its [`Field`]s, its docstring its doc.
    ///
    /// Longer than most: one pass over the class body keeps the decorators, the docstring and
    /// the fields in step.
    pub(super) fn lower_class(
        &mut self,
        n: Node<'_>,
        decorators: Vec<Expr>,
        out: &mut Vec<Stmt>,
    ) -> Option<usize> {
        if !self.file.enter() {
            return None;
        }
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
        let idx = self.file.classes.len();
        self.file.classes.push(Class {
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
                        && let Some(c) = self.file.classes.get_mut(idx)
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
        if let Some(c) = self.file.classes.get_mut(idx) {
            c.doc = doc;
            c.fields = fields;
        }
        self.file.leave();
        Some(idx)
    }

    /// A class attribute: `x: int = Field(...)`, `x = 5`, `x: str`.
    pub(super) fn field(&mut self, stmt: Node<'_>) -> Option<Field> {
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

    pub(super) fn lambda(&mut self, n: Node<'_>) -> ExprKind {
        let id = self.file.functions.len();
        let mut f = Function::new(None, span(n));
        f.parent = self.cur_fn;
        self.file.functions.push(f);
        let params = self.params(n.child_by_field_name("parameters"), false);
        let locals = self.local_names(&params, None);
        self.file.scope.enter(locals);
        let saved_fn = self.cur_fn.replace(id);
        let saved_scope = mem::replace(&mut self.module_scope, false);
        let saved_pending = mem::take(&mut self.file.pending);
        let value = n.child_by_field_name("body").map(|b| self.lower_expr(b));
        let mut body = mem::replace(&mut self.file.pending, saved_pending);
        self.module_scope = saved_scope;
        self.cur_fn = saved_fn;
        self.file.scope.leave();

        let at = value.as_ref().map_or(span(n), |v| v.span);
        body.push(Stmt::Exit {
            value,
            is_return: true,
            span: at,
        });
        if let Some(f) = self.file.functions.get_mut(id) {
            f.params = params;
            f.body = body;
        }
        ExprKind::Func(id)
    }
}
