//! What the engine knows about one language that is not a call row: the fix hint of each taint
//! rule (`[help]`, keyed by rule name) and the `[language]` table (standard-library modules,
//! callback methods).
//!
//! ```toml
//! [help]
//! shell-injection = "pass an argument list without a shell, or quote the value with shlex.quote"
//!
//! [language]
//! stdlib-modules = ["os", "sys"]
//! project-absolute-imports = true
//! predicate-callbacks = ["*.any", "*.all"]
//! mapping-callbacks = ["*.map"]
//! builtin-classes = ["Map", "Set"]
//! forwarding-calls = { "asyncio.to_thread" = 0 }
//! ```

use std::collections::BTreeMap;

use serde::Deserialize;

/// The `[language]` table of a catalog file.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct LanguageTable {
    /// Top-level modules of the standard library: a call into them is never project code.
    #[serde(default)]
    stdlib_modules: Vec<String>,
    /// Whether an absolute import path may name one of the project's own modules (Python's
    /// `import helpers`), so a call through any path outside `stdlib-modules` may be a check
    /// defined in another file. Without it only relative (`./x`, `crate::x`) paths are.
    #[serde(default)]
    project_absolute_imports: bool,
    /// Methods taking a callback whose true return says something of every or some item
    /// (`dirs.some(d => p.startsWith(d))`): the callback's checks guard the branch.
    #[serde(default)]
    predicate_callbacks: Vec<String>,
    /// Methods whose result is what their callback returns, not their receiver
    /// (`items.map(x => ...)`).
    #[serde(default)]
    mapping_callbacks: Vec<String>,
    /// The language's own collection classes (`Map`, `Vec`): a method called on an instance
    /// of one (`new Map()`, `Vec::new()`) is neither project code nor a library's sink, even
    /// when its name matches a wildcard row (`*.get`, `*.push`).
    #[serde(default)]
    builtin_classes: Vec<String>,
    /// Calls that call the function given at this argument with the arguments after it
    /// (`asyncio.to_thread(f, a, b)` runs `f(a, b)`; `loop.run_in_executor(None, f, a)`).
    #[serde(default)]
    forwarding_calls: BTreeMap<String, usize>,
}

/// One language's fix hints and `[language]` table, merged over the catalog files naming it.
#[derive(Clone, Debug, Default)]
pub(crate) struct Language {
    /// Fix hints by rule name.
    help: BTreeMap<String, String>,
    /// The union of the files' `[language]` tables.
    table: LanguageTable,
}

impl Language {
    /// Adds one file's `[help]` entries (a later file's hint for a rule replaces an earlier one)
    /// and `[language]` lists.
    pub(crate) fn extend(
        &mut self,
        help: &BTreeMap<String, String>,
        table: Option<&LanguageTable>,
    ) {
        self.help
            .extend(help.iter().map(|(k, v)| (k.clone(), v.clone())));
        if let Some(t) = table {
            let into = &mut self.table;
            into.stdlib_modules.extend(t.stdlib_modules.iter().cloned());
            into.project_absolute_imports |= t.project_absolute_imports;
            into.predicate_callbacks
                .extend(t.predicate_callbacks.iter().cloned());
            into.mapping_callbacks
                .extend(t.mapping_callbacks.iter().cloned());
            into.builtin_classes
                .extend(t.builtin_classes.iter().cloned());
            into.forwarding_calls
                .extend(t.forwarding_calls.iter().map(|(k, v)| (k.clone(), *v)));
        }
    }

    /// The fix hint of the rule named `rule`, if this language has one.
    pub(crate) fn help(&self, rule: &str) -> Option<&str> {
        self.help.get(rule).map(String::as_str)
    }

    /// The rule names this language has fix hints for.
    pub(crate) fn help_rules(&self) -> impl Iterator<Item = &str> {
        self.help.keys().map(String::as_str)
    }

    /// Whether a call through the resolved import `path` may be a function of the project's own
    /// code: a relative path, or (in languages whose absolute imports may be local) any path
    /// outside the standard library.
    pub(crate) fn may_be_project_path(&self, path: &str, project_rooted: bool) -> bool {
        project_rooted || (self.table.project_absolute_imports && !self.is_stdlib(path))
    }

    /// Whether an import path is rooted in a standard-library module.
    fn is_stdlib(&self, path: &str) -> bool {
        let first = path.split('.').next().unwrap_or(path);
        self.table.stdlib_modules.iter().any(|m| m == first)
    }

    /// Whether `callee` is a method whose callback's true return guards (`*.some`).
    pub(crate) fn is_predicate_callback(&self, callee: &str) -> bool {
        self.table.predicate_callbacks.iter().any(|c| c == callee)
    }

    /// Whether `class` is one of the language's own collection classes (`Map`, `Vec`).
    pub(crate) fn is_builtin_class(&self, class: &str) -> bool {
        self.table.builtin_classes.iter().any(|c| c == class)
    }

    /// Whether `callee` is a method whose result is what its callback returns (`*.map`).
    pub(crate) fn is_mapping_callback(&self, callee: &str) -> bool {
        self.table.mapping_callbacks.iter().any(|c| c == callee)
    }

    /// The argument at which `callee` takes a function it calls with the arguments after it
    /// (`asyncio.to_thread` -> 0), if it is such a call.
    pub(crate) fn forwarded_function(&self, callee: &str) -> Option<usize> {
        self.table.forwarding_calls.get(callee).copied()
    }
}

#[cfg(test)]
mod tests {
    use mcplint_ir::Lang;

    use crate::Catalog;

    /// The built-in tables say what the engine used to hard-code: Python's standard library is
    /// not project code, other absolute Python paths and relative paths may be, and the
    /// callback methods of each language.
    #[test]
    fn builtin_language_tables() {
        let cat = Catalog::builtin().expect("built-in catalog");
        let py = &cat.for_lang(Lang::Python).language;
        assert!(!py.may_be_project_path("os.path.join", false));
        assert!(!py.may_be_project_path("urllib.parse.urlparse", false));
        assert!(py.may_be_project_path("helpers.check", false));
        let ts = &cat.for_lang(Lang::JavaScript).language;
        assert!(!ts.may_be_project_path("lodash.isSafe", false));
        assert!(ts.may_be_project_path("./util.isSafe", true));
        assert!(ts.is_predicate_callback("*.some") && ts.is_mapping_callback("*.flatMap"));
        assert!(ts.is_builtin_class("Map") && !ts.is_builtin_class("Pool"));
        let rs = &cat.for_lang(Lang::Rust).language;
        assert!(rs.is_predicate_callback("*.all") && rs.is_mapping_callback("*.map_err"));
        assert!(!rs.is_predicate_callback("*.some"));
    }
}
