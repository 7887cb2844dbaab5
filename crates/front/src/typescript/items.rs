//! Functions, classes, enums and decorators of the TypeScript and JavaScript front end.

use super::{FnInfo, Lowerer, fields, func_or_empty, is_function_expr, named, unwrap_value};
use crate::common::{Lowering, Node, child_of_kind, other, span};
use mcplint_ir::{
    Class, Expr, ExprKind, Field, FnId, Function, Param, ParamKind, Pattern, Span, Stmt,
};
use std::mem;

impl Lowerer<'_> {
    pub(super) fn decorator(&mut self, d: Node<'_>) -> Expr {
        match named(d).first() {
            Some(e) => self.lower_expr(*e),
            None => other(Vec::new(), span(d)),
        }
    }

    /// Lowers a function, arrow, method, getter/setter or static block into a new
    /// [`Function`]; `None` past the depth cap.
    pub(super) fn lower_function(&mut self, n: Node<'_>, info: FnInfo) -> Option<FnId> {
        if !self.file.enter() {
            return None;
        }
        let name = info.name.or_else(|| {
            n.child_by_field_name("name")
                .map(|m| (self.text(m).to_string(), span(m)))
        });
        let id = self.file.functions.len();
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
        self.file.functions.push(f);
        // Defaults are evaluated in the enclosing scope.
        let params = self.params(n);

        let body_node = n.child_by_field_name("body");
        let locals = self.local_names(&params, body_node);
        self.file.scope.enter(locals);
        let saved_fn = self.cur_fn.replace(id);
        let saved_pending = mem::take(&mut self.file.pending);
        let mut body = Vec::new();
        match body_node {
            Some(b) if b.kind() == "statement_block" => {
                for s in named(b) {
                    self.lower_stmt(s, &mut body);
                }
            }
            Some(b) => {
                let value = self.lower_expr(b);
                body.append(&mut self.file.pending);
                body.push(Stmt::Exit {
                    span: value.span,
                    value: Some(value),
                    is_return: true,
                });
            }
            None => {}
        }
        self.file.scope.leave();
        self.file.pending = saved_pending;
        self.cur_fn = saved_fn;

        if let Some(f) = self.file.functions.get_mut(id) {
            f.params = params;
            f.body = body;
        }
        self.file.leave();
        Some(id)
    }

    pub(super) fn params(&mut self, n: Node<'_>) -> Vec<Param> {
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
    pub(super) fn type_annotation(&self, ann: Node<'_>) -> Option<Expr> {
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
    pub(super) fn parameter_properties(&self, method: Node<'_>) -> Vec<Stmt> {
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
    ///
    /// Longer than most: one loop over the class members carries the decorators that precede
    /// a member, the constructor found so far and the initialisers collected so far.
    pub(super) fn lower_class(
        &mut self,
        n: Node<'_>,
        mut decorators: Vec<Expr>,
        name: Option<(String, Span)>,
        anchor: usize,
    ) -> Option<usize> {
        if !self.file.enter() {
            return None;
        }
        let (name, name_span) = name
            .or_else(|| {
                n.child_by_field_name("name")
                    .map(|m| (self.text(m).to_string(), span(m)))
            })
            .unwrap_or_else(|| (String::new(), span(n)));
        for d in fields(n, "decorator") {
            decorators.push(self.decorator(d));
        }
        let bases = self.class_bases(n);
        let idx = self.file.classes.len();
        let doc = self.jsdoc(anchor).or_else(|| self.jsdoc(n.start_byte()));
        self.file.classes.push(Class {
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
            self.prepend_to_constructor(idx, constructor, inits, span(n), name_span);
        }
        if let Some(c) = self.file.classes.get_mut(idx) {
            c.fields = fields_out;
        }
        self.file.leave();
        Some(idx)
    }

    /// The classes a class `extends` and the interfaces it `implements` (as type names).
    fn class_bases(&mut self, n: Node<'_>) -> Vec<Expr> {
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
                } else if clause.kind() == "implements_clause" {
                    for ty in named(clause) {
                        let text = self.text(ty).to_owned();
                        bases.push(Expr::new(ExprKind::Name(text), span(ty)));
                    }
                }
            }
        }
        bases
    }

    /// Puts a class's field initialisers `inits` at the start of its constructor, or of a
    /// synthetic one (spanning the class at `at`) when it has none.
    fn prepend_to_constructor(
        &mut self,
        class: usize,
        constructor: Option<FnId>,
        mut inits: Vec<Stmt>,
        at: Span,
        name_span: Span,
    ) {
        match constructor.and_then(|id| self.file.functions.get_mut(id)) {
            Some(f) => {
                inits.append(&mut f.body);
                f.body = inits;
            }
            None => {
                let id = self.file.functions.len();
                let mut f = Function::new(Some("constructor".into()), at);
                f.name_span = name_span;
                f.parent = self.cur_fn;
                f.class = Some(class);
                f.body = inits;
                self.file.functions.push(f);
                self.add_method(class, id);
            }
        }
    }

    pub(super) fn add_method(&mut self, class: usize, id: FnId) {
        if let Some(c) = self.file.classes.get_mut(class) {
            c.methods.push(id);
        }
    }

    /// A class field, and the `this.<field> = value` its initialiser performs (instance
    /// fields only). A function-valued field is a method of the class.
    pub(super) fn field(
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
    pub(super) fn lower_enum(&mut self, n: Node<'_>, anchor: usize) {
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
        self.file.classes.push(Class {
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
}
