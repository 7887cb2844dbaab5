use foldhash::{HashMap, HashMapExt, HashSet, HashSetExt};

use mcplint_ir::{Expr, ExprKind, FnId, Pattern, Span, Stmt, ops};

use super::env::type_name;
use super::summary::CallTarget;
use super::walk::{Analyzer, FileCx, FnState, Frame, Learned};

/// Whether a resolved callee path starts in the project's own modules (a relative import, or a
/// Rust `crate::`/`super::`/`self::` path).
pub(super) fn is_project_rooted(callee: &str) -> bool {
    callee.starts_with(['.', '/'])
        || ["crate::", "super::", "self::"]
            .iter()
            .any(|p| callee.starts_with(p))
}

/// What is known of a method call's receiver (see [`Analyzer::receiver_kind`]).
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum ReceiverKind {
    /// An instance of a class of this file that defines the method: the call is project code.
    Own,
    /// An instance of a class named by the project or a library: a sink row that matches the
    /// call's name applies only if the project phase finds no such method.
    Typed,
    /// An instance of one of the language's own collection classes (`new Map()`,
    /// `Vec::new()`): its methods are neither project code nor a library's sinks.
    Builtin,
    /// Not known.
    Unknown,
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
        crate::facts::registration::dispatch_table(self.cx.file, e)
            .into_iter()
            .filter_map(|(_, value)| match value.kind {
                ExprKind::Func(id) => Some(id),
                _ => self.local_function(value.as_name()?),
            })
            .collect()
    }

    /// `x.method(...)`: a method of the enclosing class (`self`, `cls`, `this`; in this file, or
    /// else by the class's name in another), of a
    /// module-level instance of a class of this file, or of a receiver whose class is known
    /// (see [`Analyzer::receiver_class`]).
    fn method_target(
        &self,
        callee: &str,
        method: &str,
        receiver: Option<&Expr>,
    ) -> Option<(CallTarget, bool)> {
        let recv = receiver?.as_name()?;
        if recv == "self" || recv == "cls" || recv == "this" {
            if let Some(id) = self.enclosing_method(method) {
                return Some((CallTarget::Local(id), true));
            }
            // A method of the same type written in another file (Rust: an `impl` block per
            // file): the project phase finds it by the type's name.
            let class = self.cx.file.classes.get(self.enclosing_class()?)?;
            return Some((
                CallTarget::Method {
                    class: class.name.clone(),
                    name: method.to_owned(),
                },
                true,
            ));
        }
        if let Some(id) = self.module_instance_method(callee, receiver) {
            return Some((CallTarget::Local(id), true));
        }
        if let Some((id, implicit)) = self.class_method(recv, method) {
            return Some((CallTarget::Local(id), implicit));
        }
        let class = self.receiver_class(recv)?;
        Some((
            CallTarget::Method {
                class,
                name: method.to_owned(),
            },
            true,
        ))
    }

    /// The class of the value a receiver name holds, by name (`Store`): a typed local or
    /// parameter; a field of the enclosing class (its annotation, its initialiser, or what a
    /// method of the class assigns to it); an instance that an enclosing function or the module
    /// creates and the current function does not rebind.
    pub(super) fn receiver_class(&self, recv: &str) -> Option<String> {
        let class = if let Some(ty) = self.fs.typed_vars.get(recv) {
            Some(ty.clone())
        } else if let Some(field) = recv
            .strip_prefix("self.")
            .or_else(|| recv.strip_prefix("this."))
        {
            self.field_class(field)
        } else if let Some((object, field)) = recv.split_once('.') {
            self.foreign_field_class(object, field)
        } else {
            self.captured_instance(recv)
        }?;
        class
            .starts_with(|c: char| c.is_ascii_uppercase())
            .then_some(class)
    }

    /// The class of field `field` of the enclosing class: its annotation, its initialiser, or
    /// the one class that the methods of the class assign to `self.field`/`this.field`
    /// (`self.store = Store()`, or a parameter annotated with a class: `constructor(private
    /// store: Store)`).
    fn field_class(&self, field: &str) -> Option<String> {
        self.field_class_in(self.enclosing_class()?, field)
    }

    /// `container.registry` with `container: Container`, a class of another file (a parameter's
    /// annotation or a constructed local): the class of that file's field, named `Container.registry`
    /// for the project phase to look up (see [`FileSummary::field_classes`]).
    fn foreign_field_class(&self, object: &str, field: &str) -> Option<String> {
        if field.contains('.') || matches!(object, "self" | "this" | "cls") {
            return None;
        }
        let class = self.fs.typed_vars.get(object)?;
        (self.local_class(class).is_none() && !class.contains('.'))
            .then(|| format!("{class}.{field}"))
    }

    /// The classes of the fields of class `index` of the file whose class is known (see
    /// [`Analyzer::field_class_in`]): `(field, class)`, for callers in other files. One pass
    /// over the declarations and one over the methods (a class may have 100,000 fields).
    pub(super) fn field_classes(&self, index: usize) -> Vec<(String, String)> {
        let Some(class) = self.cx.file.classes.get(index) else {
            return Vec::new();
        };
        let declared: HashSet<&str> = class.fields.iter().map(|f| f.name.as_str()).collect();
        let mut out: Vec<(String, String)> = class
            .fields
            .iter()
            .filter_map(|f| Some((f.name.clone(), self.declared_field_class(f)?)))
            .collect();
        let assigned = self.assigned_field_classes(index, |f| !declared.contains(f));
        out.extend(
            assigned
                .into_iter()
                .filter_map(|(f, ty)| Some((f.to_owned(), ty?))),
        );
        out.retain(|(_, ty)| ty.starts_with(|c: char| c.is_ascii_uppercase()));
        out
    }

    /// The class of field `field` of class `index` of the file (see [`Analyzer::field_class`]).
    fn field_class_in(&self, index: usize, field: &str) -> Option<String> {
        let class = self.cx.file.classes.get(index)?;
        if let Some(f) = class.fields.iter().find(|f| f.name == field) {
            return self.declared_field_class(f);
        }
        self.assigned_field_classes(index, |f| f == field)
            .into_iter()
            .next()
            .and_then(|(_, ty)| ty)
    }

    /// The class of a declared field: its annotation, or what its initialiser constructs.
    fn declared_field_class(&self, field: &mcplint_ir::Field) -> Option<String> {
        if let Some(ann) = &field.annotation {
            return Some(type_name(self.cx.file.source.slice(ann.span)).to_owned());
        }
        self.constructed_class(field.value.as_ref()?)
    }

    /// The fields (accepted by `wanted`, without dots) that the methods of class `index` assign
    /// (`self.store = Store()`, `this.store = store` from a parameter annotated with a class),
    /// in the order first assigned, each with the one class every assignment agrees on (`None`
    /// when they disagree or one is unknown).
    fn assigned_field_classes(
        &self,
        index: usize,
        wanted: impl Fn(&str) -> bool,
    ) -> Vec<(&str, Option<String>)> {
        let Some(class) = self.cx.file.classes.get(index) else {
            return Vec::new();
        };
        let mut out: Vec<(&str, Option<String>)> = Vec::new();
        let mut at: HashMap<&str, usize> = HashMap::new();
        for &m in &class.methods {
            let Some(func) = self.cx.file.functions.get(m) else {
                continue;
            };
            mcplint_ir::visit::walk_stmts(&func.body, &mut |st| {
                let Stmt::Assign {
                    target: Pattern::Name(n),
                    value,
                    ..
                } = st
                else {
                    return;
                };
                let Some(f) = n.strip_prefix("self.").or_else(|| n.strip_prefix("this.")) else {
                    return;
                };
                if f.contains('.') || !wanted(f) {
                    return;
                }
                let ty = self.constructed_class(value).or_else(|| {
                    let p = func
                        .params
                        .iter()
                        .find(|p| Some(p.name.as_str()) == value.as_name())?;
                    Some(
                        type_name(self.cx.file.source.slice(p.annotation.as_ref()?.span))
                            .to_owned(),
                    )
                });
                match at.get(f) {
                    None => {
                        at.insert(f, out.len());
                        out.push((f, ty));
                    }
                    // A disagreement (or an unknown class) is final.
                    Some(&i) => {
                        if out[i].1.is_some() && out[i].1 != ty {
                            out[i].1 = None;
                        }
                    }
                }
            });
        }
        out
    }

    /// `name` as a function nested in another sees it: the instance that the nearest enclosing
    /// function binding `name` creates (every assignment to it a constructor of one class), or
    /// a module-level instance; `None` when the current function binds `name` itself.
    fn captured_instance(&self, name: &str) -> Option<String> {
        let fns = &self.cx.file.functions;
        let mut scope = Some(self.fs.caller);
        while let Some(id) = scope.filter(|&id| id != 0) {
            if self.binds(id, name) {
                return (id != self.fs.caller)
                    .then(|| self.constructed_in(id, name))
                    .flatten();
            }
            scope = fns.get(id)?.parent;
        }
        let callee = self.cx.module_instances.get(name)?;
        self.constructor_class(callee)
            .or_else(|| self.builtin_class(callee))
    }

    /// The one class whose instances function `id` assigns to `name`.
    fn constructed_in(&self, id: FnId, name: &str) -> Option<String> {
        let func = self.cx.file.functions.get(id)?;
        if func
            .params
            .iter()
            .any(|p| p.pattern.names().contains(&name))
        {
            return None;
        }
        // `registry = container.registry` with `container: Container` a parameter typed by a
        // class of another file.
        let param_field = |value: &Expr| {
            let (object, field) = value.as_name()?.split_once('.')?;
            let param = func.params.iter().find(|p| p.name == object)?;
            let class = type_name(self.cx.file.source.slice(param.annotation.as_ref()?.span));
            (class.starts_with(|c: char| c.is_ascii_uppercase())
                && !field.contains('.')
                && self.local_class(class).is_none())
            .then(|| format!("{class}.{field}"))
        };
        let mut classes: Vec<Option<String>> = Vec::new();
        mcplint_ir::visit::walk_stmts(&func.body, &mut |st| {
            if let Stmt::Assign {
                target: Pattern::Name(n),
                value,
                ..
            } = st
                && n == name
            {
                classes.push(self.constructed_class(value).or_else(|| param_field(value)));
            }
        });
        let first = classes.first()?.clone()?;
        classes
            .iter()
            .all(|c| c.as_deref() == Some(first.as_str()))
            .then_some(first)
    }

    /// The module-level instances of classes that may be the project's (see
    /// [`FileSummary::instances`](super::FileSummary::instances)), sorted by name.
    pub(super) fn module_instance_classes(
        cx: &FileCx<'_>,
        learned: &mut Learned,
    ) -> Vec<(String, String)> {
        Analyzer::at_module(cx, learned, |a| {
            let mut out: Vec<(String, String)> = cx
                .module_instances
                .iter()
                .filter_map(|(name, callee)| Some((name.clone(), a.constructor_class(callee)?)))
                .collect();
            out.sort();
            out
        })
    }

    /// `f` asked of a walk at the module's top level that only evaluates.
    fn at_module<R>(
        cx: &FileCx<'_>,
        learned: &mut Learned,
        f: impl FnOnce(&Analyzer<'_, '_>) -> R,
    ) -> R {
        let mut fs = FnState::new(cx.file, 0);
        let mut frame = Frame::default();
        f(&Analyzer {
            cx,
            fs: &mut fs,
            frame: &mut frame,
            learned,
            rec: None,
        })
    }

    /// The classes of the fields of every class of the file (see
    /// [`FileSummary::field_classes`](super::FileSummary::field_classes)).
    pub(super) fn file_field_classes(
        cx: &FileCx<'_>,
        learned: &mut Learned,
    ) -> Vec<(String, String, String)> {
        Analyzer::at_module(cx, learned, |a| {
            let mut out = Vec::new();
            for (index, class) in cx.file.classes.iter().enumerate() {
                for (field, ty) in a.field_classes(index) {
                    out.push((class.name.clone(), field, ty));
                }
            }
            out
        })
    }

    /// The class that `value` constructs, if it is a call of one (see
    /// [`Analyzer::constructor_class`]).
    pub(super) fn constructed_class(&self, value: &Expr) -> Option<String> {
        match &value.kind {
            ExprKind::Call {
                callee,
                receiver: None,
                ..
            } => self
                .constructor_class(callee)
                .or_else(|| self.builtin_class(callee)),
            _ => None,
        }
    }

    /// The class a call of `callee` constructs when it is one of the language's own collection
    /// classes (`[language] builtin-classes`), named by itself (`new Map()`,
    /// `new globalThis.Map()`) or through the standard library (`Vec::new()`,
    /// `std::collections::HashMap::with_capacity(n)`), not by an import of another package.
    fn builtin_class(&self, callee: &str) -> Option<String> {
        let ty = if self.cx.file.lang == mcplint_ir::Lang::Rust {
            let (ty, _assoc) = callee.rsplit_once("::")?;
            ty
        } else {
            callee.strip_prefix("globalThis.").unwrap_or(callee)
        };
        let class = ty
            .strip_prefix("std::")
            .or_else(|| ty.strip_prefix("alloc::"))
            .map_or(ty, |path| path.rsplit("::").next().unwrap_or(path));
        self.cx
            .cat
            .language
            .is_builtin_class(class)
            .then(|| class.to_owned())
    }

    /// The class a call of `callee` constructs, when it may be a class of the project: a
    /// class of this file (`Store(...)`), a capitalised name imported from a path that may be
    /// project code (`.store.Store(...)`, `./store.js.Store`), or a Rust associated function of
    /// such a type (`Store::new()`, `crate::db::Store::open(..)`, `Self::new()`).
    pub(super) fn constructor_class(&self, callee: &str) -> Option<String> {
        if self.local_class(callee).is_some() {
            return Some(callee.to_owned());
        }
        let (path, class) = if self.cx.file.lang == mcplint_ir::Lang::Rust {
            let (ty, _assoc) = callee.rsplit_once("::")?;
            if ty == "Self" {
                let class = self.cx.file.classes.get(self.enclosing_class()?)?;
                return Some(class.name.clone());
            }
            if self.local_class(ty).is_some() {
                return Some(ty.to_owned());
            }
            (ty, ty.rsplit("::").next().unwrap_or(ty))
        } else {
            (callee, callee.rsplit(['.', '/']).next().unwrap_or(callee))
        };
        if !class.starts_with(|c: char| c.is_ascii_uppercase()) {
            return None;
        }
        let imported = self.cx.file.imports.iter().any(|i| i.path() == path);
        (imported
            && self
                .cx
                .cat
                .language
                .may_be_project_path(path, is_project_rooted(path)))
        .then(|| class.to_owned())
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

    /// `client = WikiClient(...)` (a class of this file, or one imported from the project; see
    /// [`Analyzer::constructor_class`]): `client` holds one (its method calls resolve like
    /// those on a typed parameter). Any other assignment to a local name forgets its class;
    /// parameters keep their declared type.
    pub(super) fn type_local(&mut self, name: &str, value: &Expr) {
        let class = self.constructed_class(value).or_else(|| {
            let (object, field) = value.as_name()?.split_once('.')?;
            self.foreign_field_class(object, field)
        });
        if let Some(class) = class {
            self.fs.typed_vars.insert(name.to_owned(), class);
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

    /// What a method call (`x.m(...)`) reaches when the receiver's class is known: a method of
    /// a class of this file ([`ReceiverKind::Own`]), a class that may be another file's
    /// ([`ReceiverKind::Typed`]: the project phase decides), or neither.
    pub(super) fn receiver_kind(&self, callee: &str, receiver: Option<&Expr>) -> ReceiverKind {
        if !callee.starts_with("*.") {
            return ReceiverKind::Unknown;
        }
        match self.call_target(callee, receiver) {
            // A method of this file's class: on an instance, or a static one on the class.
            Some((CallTarget::Local(_), _)) => ReceiverKind::Own,
            Some((CallTarget::Method { class, name }, _)) => {
                if self.local_method(&class, &name).is_some() {
                    ReceiverKind::Own
                } else if self.cx.cat.language.is_builtin_class(&class)
                    && self.local_class(&class).is_none()
                {
                    ReceiverKind::Builtin
                } else {
                    ReceiverKind::Typed
                }
            }
            _ => ReceiverKind::Unknown,
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

    /// `Store.open(x)`: a static method (or class method) of the one class of this file that
    /// the receiver names, when neither the current function nor one it is nested in binds that
    /// name. With whether the call passes the receiver implicitly: a Python class method's
    /// `cls`; an instance method called on its class (`Store.get(store, k)`) takes `self` as
    /// written.
    fn class_method(&self, class: &str, method: &str) -> Option<(FnId, bool)> {
        let mut scope = Some(self.fs.caller);
        while let Some(id) = scope.filter(|&id| id != 0) {
            if self.binds(id, class) {
                return None;
            }
            scope = self.cx.file.functions.get(id)?.parent;
        }
        let id = self.local_method(class, method)?;
        let implicit = self
            .cx
            .file
            .functions
            .get(id)
            .and_then(|f| f.params.first())
            .is_some_and(|p| p.kind == mcplint_ir::ParamKind::SelfParam && p.name == "cls");
        Some((id, implicit))
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

class Service:
    def __init__(self):
        self.client = Client()

    def through_field(self, q):
        return self.client.fetch(q)

def register(q):
    shared = Client()
    def handler(v):
        return shared.fetch(v)
    return handler

def shadowed(q):
    shared = Client()
    def handler(shared):
        return shared.fetch(q)
    return handler
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
    fn a_field_assigned_a_constructor_in_a_method_types_its_calls() {
        assert_eq!(targets("through_field"), [(client_fetch(), true)]);
    }

    #[test]
    fn a_nested_function_sees_the_instance_its_enclosing_function_creates() {
        assert_eq!(targets("handler").first(), Some(&(client_fetch(), true)));
        let s = summarize_python("t.py", SOURCE);
        let shadowing = s
            .functions
            .iter()
            .enumerate()
            .rev()
            .find(|(_, f)| f.name.as_deref() == Some("handler"))
            .map(|(i, _)| i)
            .expect("the second handler");
        assert!(
            s.calls
                .iter()
                .filter(|c| c.caller == shadowing)
                .all(|c| c.target != client_fetch()),
            "a parameter of the same name hides the enclosing instance"
        );
    }

    #[test]
    fn a_class_imported_from_a_project_module_types_a_module_instance() {
        let s = summarize_python(
            "pkg/server.py",
            "from .store import Store\nimport httpx\nstore = Store()\nclient = httpx.Client()\n",
        );
        assert_eq!(s.instances, [("store".to_owned(), "Store".to_owned())]);
    }

    #[test]
    fn plain_calls_reach_top_level_and_nested_functions() {
        assert_eq!(targets("plain"), [(CallTarget::Local(id("helper")), false)]);
        assert_eq!(targets("nested"), [(CallTarget::Local(id("inner")), false)]);
    }
}
