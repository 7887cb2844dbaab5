use foldhash::{HashSet, HashSetExt};

use mcplint_ir::{Expr, ExprKind, FnId, Pattern, Span, Stmt, ops};

use super::env::type_name;
use super::summary::CallTarget;
use super::walk::Analyzer;

/// Whether a resolved callee path starts in the project's own modules (a relative import, or a
/// Rust `crate::`/`super::`/`self::` path).
pub(super) fn is_project_rooted(callee: &str) -> bool {
    callee.starts_with(['.', '/'])
        || ["crate::", "super::", "self::"]
            .iter()
            .any(|p| callee.starts_with(p))
}

impl Analyzer<'_, '_> {
    /// Where a receiver name got its value: the call it was bound to in this function, the
    /// annotation of the parameter it is, the field it names (`self.client`: its type, its
    /// initialiser, or a `self.client = ...` in a method of the class), or a module-level
    /// assignment (`client = httpx.AsyncClient()`).
    pub(super) fn receiver_origin(&self, name: &str) -> Option<Span> {
        if let Some(span) = self.fs.locals.bindings.get(name) {
            return Some(*span);
        }
        let func = self.cx.file.functions.get(self.fs.caller)?;
        if let Some(ann) = func
            .params
            .iter()
            .find(|p| p.name == name)
            .and_then(|p| p.annotation.as_ref())
        {
            return Some(ann.span);
        }
        let assigned = |body: &[Stmt]| {
            body.iter().rev().find_map(|s| match s {
                Stmt::Assign {
                    target: Pattern::Name(n),
                    value,
                    ..
                } if n == name => Some(value.span),
                _ => None,
            })
        };
        if let Some(field) = name
            .strip_prefix("self.")
            .or_else(|| name.strip_prefix("this."))
        {
            let class = self.cx.file.classes.get(self.enclosing_class()?)?;
            if let Some(f) = class.fields.iter().find(|f| f.name == field) {
                return f.value.as_ref().or(f.annotation.as_ref()).map(|e| e.span);
            }
            return class
                .methods
                .iter()
                .find_map(|&m| assigned(&self.cx.file.functions.get(m)?.body));
        }
        assigned(&self.cx.file.functions.first()?.body)
    }

    /// A call that may reach project code: a function of this file, an imported name, or a
    /// method on `self`.
    pub(super) fn call_targets(
        &self,
        callee: &str,
        receiver: Option<&Expr>,
    ) -> Vec<(CallTarget, bool)> {
        if callee == ops::CALL_EXPR {
            return receiver
                .map(|r| self.dispatch_table(r))
                .unwrap_or_default()
                .into_iter()
                .map(|id| (CallTarget::Local(id), false))
                .collect();
        }
        if let Some(&id) = self.fs.locals.closures.get(callee) {
            return vec![(CallTarget::Local(id), false)];
        }
        if let Some(ids) = self.fs.locals.dispatch_aliases.get(callee) {
            return ids
                .iter()
                .map(|&id| (CallTarget::Local(id), false))
                .collect();
        }
        self.call_target(callee, receiver).into_iter().collect()
    }

    /// `HANDLERS[name]` or `HANDLERS.get(name)` where `HANDLERS` is a module-level dict of this
    /// file's functions: every function in it.
    pub(super) fn dispatch_table(&self, e: &Expr) -> Vec<FnId> {
        let ExprKind::Call {
            callee,
            receiver: Some(table),
            ..
        } = &e.kind
        else {
            return Vec::new();
        };
        if callee != ops::SUBSCRIPT && callee != "*.get" {
            return Vec::new();
        }
        let Some(name) = table.as_name() else {
            return Vec::new();
        };
        let Some(top) = self.cx.file.functions.first() else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for stmt in &top.body {
            if let Stmt::Assign {
                target: Pattern::Name(n),
                value,
                ..
            } = stmt
                && n == name
                && let ExprKind::Record(entries) = &value.kind
            {
                for entry in entries {
                    if let Some(f) = entry.value.as_name()
                        && let Some(id) = self.local_function(f)
                    {
                        out.push(id);
                    }
                }
            }
        }
        out
    }

    /// `x.method(...)`: a method of a typed receiver (a parameter annotation, a typed field of
    /// the class, a local instance), of a module-level instance of a class of this file, or of
    /// the enclosing class (`self`, `cls`, `this`).
    fn method_target(
        &self,
        callee: &str,
        method: &str,
        receiver: Option<&Expr>,
    ) -> Option<(CallTarget, bool)> {
        let recv = receiver?.as_name()?;
        if recv != "self" && recv != "cls" && recv != "this" {
            // A receiver of a known type: a parameter annotation, or a typed field of the class.
            let ty = self.fs.typed_vars.get(recv).cloned().or_else(|| {
                let field = recv
                    .strip_prefix("self.")
                    .or_else(|| recv.strip_prefix("this."))?;
                let class = self.cx.file.classes.get(self.enclosing_class()?)?;
                let f = class.fields.iter().find(|f| f.name == field)?;
                Some(type_name(self.cx.file.source.slice(f.annotation.as_ref()?.span)).to_owned())
            });
            let Some(ty) = ty else {
                // A module-level instance of a class of this file.
                return self
                    .module_instance_method(callee, receiver)
                    .map(|id| (CallTarget::Local(id), true));
            };
            if ty.is_empty() || !ty.starts_with(|c: char| c.is_ascii_uppercase()) {
                return None;
            }
            return Some((
                CallTarget::Method {
                    class: ty,
                    name: method.to_owned(),
                },
                true,
            ));
        }
        let id = self.enclosing_method(method)?;
        Some((CallTarget::Local(id), true))
    }

    pub(super) fn call_target(
        &self,
        callee: &str,
        receiver: Option<&Expr>,
    ) -> Option<(CallTarget, bool)> {
        if let Some(method) = callee.strip_prefix("*.") {
            return self.method_target(callee, method, receiver);
        }
        if callee.starts_with('<') {
            return None;
        }
        if !callee.contains('.') && !callee.contains("::") {
            let id = self.local_function(callee)?;
            return Some((CallTarget::Local(id), false));
        }
        // `Self::helper(x)` in an impl: a method of the same type.
        if let Some(method) = callee.strip_prefix("Self::") {
            let id = self.enclosing_method(method)?;
            return Some((CallTarget::Local(id), false));
        }
        // Rust paths into the crate's own modules (`crate::`, `super::`, `self::`, child modules);
        // the project phase finds out which are.
        if self.cx.file.lang == mcplint_ir::Lang::Rust && callee.contains("::") {
            return Some((CallTarget::Path(callee.to_owned()), false));
        }
        let imported = self.cx.file.imports.iter().any(|i| {
            let p = i.path();
            callee == p
                || callee
                    .strip_prefix(p.as_str())
                    .is_some_and(|rest| rest.starts_with('.') || rest.starts_with("::"))
        });
        // JavaScript packages live outside the project (node_modules is not scanned): only
        // relative specifiers can name project code.
        let js = matches!(
            self.cx.file.lang,
            mcplint_ir::Lang::TypeScript | mcplint_ir::Lang::JavaScript
        );
        // Aliases from tsconfig `paths` (`@/lib/db`, `~/utils`, `#internal`) may be project code too.
        let alias = ["@/", "~/", "#", "src/"]
            .iter()
            .any(|p| callee.starts_with(p));
        (imported && (!js || is_project_rooted(callee) || alias))
            .then(|| (CallTarget::Path(callee.to_owned()), false))
    }

    /// The class whose method the current function is, or is nested in (arrow functions in a
    /// constructor see `this` of the class).
    pub(super) fn enclosing_class(&self) -> Option<usize> {
        let mut id = Some(self.fs.caller);
        while let Some(f) = id.and_then(|i| self.cx.file.functions.get(i)) {
            if f.class.is_some() {
                return f.class;
            }
            id = f.parent;
        }
        None
    }

    /// `client = WikiClient(...)` with `WikiClient` a class of this file: `client` holds one
    /// (its method calls resolve like those on a typed parameter). Any other assignment to a
    /// local name forgets its class; parameters keep their declared type.
    pub(super) fn type_local(&mut self, name: &str, value: &Expr) {
        if let ExprKind::Call {
            callee,
            receiver: None,
            ..
        } = &value.kind
            && self.local_class(callee).is_some()
        {
            self.fs.typed_vars.insert(name.to_owned(), callee.clone());
            return;
        }
        let is_param = self
            .cx
            .file
            .functions
            .get(self.fs.caller)
            .is_some_and(|f| f.params.iter().any(|p| p.pattern.names().contains(&name)));
        if !is_param {
            self.fs.typed_vars.remove(name);
        }
    }

    /// The method of a class of this file that a method call (`x.m(...)`) reaches, when the
    /// receiver's class is known: `self`, a typed name, a module-level or local instance.
    pub(super) fn own_method(&self, callee: &str, receiver: Option<&Expr>) -> Option<FnId> {
        callee.strip_prefix("*.")?;
        match self.call_target(callee, receiver)? {
            (CallTarget::Local(id), true) => Some(id),
            (CallTarget::Method { class, name }, _) => self.local_method(&class, &name),
            _ => None,
        }
    }

    /// Whether function `id` takes or binds `name` anywhere in its body (each function's names
    /// are collected once).
    pub(super) fn binds(&self, id: FnId, name: &str) -> bool {
        let mut cache = self.cx.bound_names.borrow_mut();
        cache
            .entry(id)
            .or_insert_with(|| {
                let mut names = HashSet::new();
                if let Some(func) = self.cx.file.functions.get(id) {
                    for p in &func.params {
                        names.extend(p.pattern.names().into_iter().map(str::to_owned));
                    }
                    mcplint_ir::visit::walk_stmts(&func.body, &mut |st| {
                        if let Stmt::Assign { target, .. } = st {
                            names.extend(target.names().into_iter().map(str::to_owned));
                        }
                    });
                }
                names
            })
            .contains(name)
    }

    /// The one class of this file named `name` (none when two share it).
    pub(super) fn local_class(&self, name: &str) -> Option<&mcplint_ir::Class> {
        let mut classes = self.cx.file.classes.iter().filter(|c| c.name == name);
        let found = classes.next()?;
        classes.next().is_none().then_some(found)
    }

    /// Method `name` of the one class of this file named `class`.
    pub(super) fn local_method(&self, class: &str, name: &str) -> Option<FnId> {
        self.method_named(self.local_class(class)?, name)
    }

    /// Method `name` of the class the current function belongs to (`self.x()`, `Self::x()`).
    fn enclosing_method(&self, name: &str) -> Option<FnId> {
        self.method_named(self.cx.file.classes.get(self.enclosing_class()?)?, name)
    }

    /// The method of `class` named `name`.
    fn method_named(&self, class: &mcplint_ir::Class, name: &str) -> Option<FnId> {
        class.methods.iter().copied().find(|&m| {
            self.cx
                .file
                .functions
                .get(m)
                .and_then(|f| f.name.as_deref())
                == Some(name)
        })
    }

    /// `guard.is_allowed(url)` where `guard` is assigned once at module level, an instance of a
    /// class of this file (`guard = UrlGuard(...)`, `new UrlGuard(...)`), and neither the
    /// current function nor one it is nested in takes or binds a `guard` of its own: that
    /// method.
    pub(super) fn module_instance_method(
        &self,
        callee: &str,
        receiver: Option<&Expr>,
    ) -> Option<FnId> {
        let method = callee.strip_prefix("*.")?;
        let instance = receiver?.as_name()?;
        let class = self.cx.module_instances.get(instance)?;
        // The current function and those it is nested in (not the module itself).
        let mut scope = Some(self.fs.caller);
        while let Some(id) = scope.filter(|&id| id != 0) {
            if self.binds(id, instance) {
                return None;
            }
            scope = self.cx.file.functions.get(id)?.parent;
        }
        self.local_method(class, method)
    }

    /// A function named `name` visible from the current one: nested in it or an ancestor, or
    /// top level.
    pub(super) fn local_function(&self, name: &str) -> Option<FnId> {
        let fns = &self.cx.file.functions;
        let mut scope = Some(self.fs.caller);
        while let Some(s) = scope {
            if let Some(id) = fns.iter().position(|f| {
                f.parent == Some(s) && f.class.is_none() && f.name.as_deref() == Some(name)
            }) {
                return Some(id);
            }
            scope = fns.get(s).and_then(|f| f.parent);
        }
        fns.iter()
            .position(|f| {
                f.parent.is_none() && f.class.is_none() && f.name.as_deref() == Some(name)
            })
            .filter(|&id| id != 0)
    }
}

#[cfg(test)]
mod tests {
    use crate::taint::CallTarget;
    use crate::taint::test_support::{function, summarize_python};

    const SOURCE: &str = r"
class Client:
    def fetch(self, q):
        return q

    def run(self, q):
        return self.fetch(q)

def typed(c: Client, q):
    return c.fetch(q)

def constructed(q):
    c = Client()
    return c.fetch(q)

def rebound(q):
    c = Client()
    c = make_client()
    return c.fetch(q)

def helper(q):
    return q

def plain(q):
    return helper(q)

def nested(q):
    def inner(v):
        return v
    return inner(q)
";

    /// The targets of the calls made by function `name`, with whether each is a method call.
    fn targets(name: &str) -> Vec<(CallTarget, bool)> {
        let s = summarize_python("t.py", SOURCE);
        let id = function(&s, name);
        s.calls
            .iter()
            .filter(|c| c.caller == id)
            .map(|c| (c.target.clone(), c.method))
            .collect()
    }

    fn id(name: &str) -> usize {
        function(&summarize_python("t.py", SOURCE), name)
    }

    fn client_fetch() -> CallTarget {
        CallTarget::Method {
            class: "Client".into(),
            name: "fetch".into(),
        }
    }

    #[test]
    fn a_method_on_self_is_the_enclosing_class_method() {
        assert_eq!(targets("run"), [(CallTarget::Local(id("fetch")), true)]);
    }

    #[test]
    fn an_annotated_parameter_types_its_method_calls() {
        assert_eq!(targets("typed"), [(client_fetch(), true)]);
    }

    #[test]
    fn a_local_bound_to_a_constructor_is_typed_until_rebound() {
        assert_eq!(targets("constructed"), [(client_fetch(), true)]);
        assert!(
            targets("rebound").iter().all(|(t, _)| *t != client_fetch()),
            "{:?}",
            targets("rebound")
        );
    }

    #[test]
    fn plain_calls_reach_top_level_and_nested_functions() {
        assert_eq!(targets("plain"), [(CallTarget::Local(id("helper")), false)]);
        assert_eq!(targets("nested"), [(CallTarget::Local(id("inner")), false)]);
    }
}
