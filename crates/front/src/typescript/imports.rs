//! Imports and exports of the TypeScript and JavaScript front end: ESM `import`/`export`,
//! `CommonJS` `require` and `module.exports`.

use super::{
    FnInfo, Lowerer, MAX_SYNTAX_ERRORS, fields, is_function_expr, named, unparen, unwrap_value,
};
use crate::common::{Lowering, Node, child_of_kind, span};
use mcplint_ir::{Pattern, Span, Stmt};

impl<'s> Lowerer<'s> {
    /// One iterative pass over the whole tree: comments, imports (ESM, `require`, re-exports)
    /// and syntax errors.
    pub(super) fn scan(&mut self, root: Node<'_>) {
        for node in root.descendants() {
            match node.kind() {
                "comment" => self.comment(node),
                "import_statement" => self.import(node),
                "export_statement" => self.reexport_imports(node),
                "variable_declarator" => self.require_declarator(node),
                _ => {}
            }
            if (node.is_error() || node.is_missing())
                && self.file.syntax_errors.len() < MAX_SYNTAX_ERRORS
            {
                self.file.syntax_errors.push(span(node));
            }
        }
    }

    /// A module specifier without the `node:` scheme.
    pub(super) fn module_name(&self, source: Node<'_>) -> String {
        let module = self.string_value(source);
        match module.strip_prefix("node:") {
            Some(rest) => rest.to_string(),
            None => module,
        }
    }

    pub(super) fn add_import(
        &mut self,
        module: &str,
        name: Option<String>,
        local: &str,
        at: Span,
        binds: bool,
    ) {
        self.file
            .scope
            .add_import(module.to_string(), name, local.to_string(), at, binds);
    }

    /// `import ... from "m"` and TS `import x = require("m")`.
    pub(super) fn import(&mut self, n: Node<'_>) {
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
    pub(super) fn reexport_imports(&mut self, n: Node<'_>) {
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

    /// `require("m")`, `require("m").a.b`, `await import("m")` (the module and the member
    /// path), looking through parentheses and `await`.
    pub(super) fn require_source(&self, value: Node<'_>) -> Option<(String, Vec<&'s str>)> {
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
                    // `require("m")`, or a dynamic `import("m")` (awaited above).
                    let require = func.kind() == "identifier" && self.text(func) == "require";
                    if !require && func.kind() != "import" {
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
    pub(super) fn required_path(&self, n: Node<'_>) -> Option<String> {
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
    pub(super) fn require_declarator(&mut self, n: Node<'_>) {
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

    pub(super) fn export(&mut self, name: &str, local: &str, at: Span) {
        if self.namespaces > 0 || local.is_empty() {
            return;
        }
        // `export * from` may appear many times; named exports once each.
        if name == "*" {
            self.file.scope.push_export(name, local, at);
        } else {
            self.file.scope.export(name, local, at);
        }
    }

    /// `module.exports = ...`, `exports.x = ...`, `module.exports.x = ...`: records the exports
    /// and returns the name a function or class assigned there gets.
    pub(super) fn commonjs_export(
        &mut self,
        left: Node<'_>,
        right: Node<'_>,
    ) -> Option<(String, Span)> {
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
    pub(super) fn commonjs_object(&mut self, obj: Node<'_>) {
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

    pub(super) fn export_statement(&mut self, n: Node<'_>, out: &mut Vec<Stmt>) {
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
    pub(super) fn export_default(
        &mut self,
        value: Node<'_>,
        anchor: usize,
        at: Span,
        out: &mut Vec<Stmt>,
    ) {
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
    pub(super) fn export_specifiers(&self, clause: Node<'_>) -> Vec<(String, String)> {
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
}
