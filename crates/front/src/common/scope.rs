//! Import and scope resolution: the imports and exports of a file, and the locals of the
//! enclosing functions that shadow an import of the same name.

use foldhash::{HashMap, HashMapExt, HashSet, HashSetExt};
use mcplint_ir::{Export, Import, Param, Span};

/// The names a file imports and exports, and the local names of the functions being lowered.
pub(crate) struct Scope {
    /// Import locals to the path they stand for; the first import of a local wins, as in
    /// [`mcplint_ir::File::resolve_import`].
    aliases: HashMap<String, String>,
    imports: Vec<Import>,
    exports: Vec<Export>,
    /// The names in `exports`.
    exported: HashSet<String>,
    /// The names each enclosing function binds locally (parameters, assignment targets,
    /// declarations), innermost last. They shadow imports of the same name.
    locals: Vec<HashSet<String>>,
}

impl Scope {
    /// An empty scope: no imports, exports or enclosing functions.
    pub(crate) fn new() -> Self {
        Self {
            aliases: HashMap::new(),
            imports: Vec::new(),
            exports: Vec::new(),
            exported: HashSet::new(),
            locals: Vec::new(),
        }
    }

    /// The imports and exports, in the order they were added.
    pub(crate) fn into_imports_exports(self) -> (Vec<Import>, Vec<Export>) {
        (self.imports, self.exports)
    }

    /// Records an import of `module` (`name` of it) as `local`, unless the module or the local
    /// is empty. When `binds`, the local resolves to the import's path from now on (unless an
    /// earlier import took the local).
    pub(crate) fn add_import(
        &mut self,
        module: String,
        name: Option<String>,
        local: String,
        at: Span,
        binds: bool,
    ) {
        if module.is_empty() || local.is_empty() {
            return;
        }
        let import = Import {
            module,
            name,
            local,
            span: at,
        };
        if binds {
            self.aliases
                .entry(import.local.clone())
                .or_insert_with(|| import.path());
        }
        self.imports.push(import);
    }

    /// Exports `local` as `name`, unless either is empty or `name` is exported already.
    pub(crate) fn export(&mut self, name: &str, local: &str, at: Span) {
        if !name.is_empty() && !local.is_empty() && self.exported.insert(name.to_string()) {
            self.push_export(name, local, at);
        }
    }

    /// Exports `local` as `name` even when `name` is exported already (`export * from`).
    pub(crate) fn push_export(&mut self, name: &str, local: &str, at: Span) {
        self.exports.push(Export {
            name: name.to_string(),
            local: local.to_string(),
            span: at,
        });
    }

    /// Enters a function whose body binds `locals`.
    pub(crate) fn enter(&mut self, locals: HashSet<String>) {
        self.locals.push(locals);
    }

    /// Leaves the innermost function entered.
    pub(crate) fn leave(&mut self) {
        self.locals.pop();
    }

    /// The path an import local stands for, shadowed or not.
    pub(crate) fn alias(&self, name: &str) -> Option<&String> {
        self.aliases.get(name)
    }

    /// The path an import local stands for, unless a function-local binding shadows it.
    pub(crate) fn import_path(&self, name: &str) -> Option<&String> {
        if self.locals.iter().any(|s| s.contains(name)) {
            return None;
        }
        self.aliases.get(name)
    }

    /// Whether `name` stands for an import here (no function-local binding shadows it).
    pub(crate) fn is_import_local(&self, name: &str) -> bool {
        self.import_path(name).is_some()
    }

    /// A chain (`a.b.c` as `[a, b, c]`) as a dotted name, its root resolved through the
    /// imports.
    pub(crate) fn resolve_dotted(&self, parts: &[&str]) -> String {
        let Some((root, rest)) = parts.split_first() else {
            return String::new();
        };
        let mut out = self
            .import_path(root)
            .cloned()
            .unwrap_or_else(|| (*root).to_string());
        for p in rest {
            out.push('.');
            out.push_str(p);
        }
        out
    }
}

/// The names a function's parameters bind: where the function's own locals start.
pub(crate) fn param_names(params: &[Param]) -> HashSet<String> {
    let mut names: HashSet<String> = HashSet::new();
    for p in params {
        for n in p.pattern.names() {
            names.insert(n.to_string());
        }
    }
    names
}
