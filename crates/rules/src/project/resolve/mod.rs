//! Resolving an import path used in one file to a function of another, by language.

mod js;
mod python;
mod rust;

use mcplint_ir::Lang;

use super::Project;
use crate::taint::CallTarget;

/// Folds `.` and `..` segments of a `/`-separated path.
pub(super) fn normalize(path: &str) -> String {
    let mut out: Vec<&str> = Vec::new();
    for seg in path.split('/') {
        match seg {
            "" | "." => {}
            ".." if out.last().is_some_and(|l| *l != "..") => {
                out.pop();
            }
            _ => out.push(seg),
        }
    }
    let joined = out.join("/");
    if path.starts_with('/') {
        format!("/{joined}")
    } else {
        joined
    }
}

impl Project<'_> {
    /// The project files that file `from` imports from (Python and JavaScript modules; Rust's
    /// modules see each other without imports, see [`Project::rust_crate_root`]).
    pub(in crate::project) fn imported_files(&self, from: usize) -> Vec<usize> {
        let file = &self.files[from];
        let mut out: Vec<usize> = Vec::new();
        match file.lang {
            Some(Lang::Rust) => {}
            Some(Lang::TypeScript | Lang::JavaScript) => {
                for (_, path) in &file.imports {
                    for spec in [Some(path.as_str()), path.rsplit_once('.').map(|(s, _)| s)] {
                        out.extend(spec.into_iter().flat_map(|s| self.js_modules(from, s)));
                    }
                }
            }
            _ => {
                for (_, path) in &file.imports {
                    // `from .auth import verify` names a function of `auth`; `from . import
                    // auth` names the module itself.
                    for p in [path.clone(), format!("{path}.x")] {
                        if let Some((_, found)) = self.python_candidates(from, &p) {
                            out.extend(found.first());
                        }
                    }
                }
            }
        }
        out.retain(|&g| g != from);
        out.sort_unstable();
        out.dedup();
        out
    }

    /// Resolves an import path used in file `from` to a top-level function.
    pub(super) fn resolve_path(&self, from: usize, path: &str) -> Option<(usize, usize)> {
        self.resolve_path_depth(from, path, 0)
    }

    pub(super) fn resolve_path_depth(
        &self,
        from: usize,
        path: &str,
        depth: usize,
    ) -> Option<(usize, usize)> {
        match self.files[from].lang {
            Some(Lang::TypeScript | Lang::JavaScript) => self.resolve_js(from, path, depth),
            Some(Lang::Rust) => self.resolve_rust(from, path),
            _ => self.resolve_python(from, path),
        }
    }

    /// The callee paths of file `from` that name no project function but another file's alias
    /// of a library function (`./lib/exec.sh` after `export const sh = promisify(exec)`), with
    /// the function each stands for; sorted.
    pub(in crate::project) fn imported_aliases(&self, from: usize) -> Vec<(String, String)> {
        let mut out: Vec<(String, String)> = self.files[from]
            .calls
            .iter()
            .filter_map(|c| match &c.target {
                CallTarget::Path(path) => Some(path),
                _ => None,
            })
            .filter(|path| self.resolve_path(from, path).is_none())
            .filter_map(|path| {
                let function = match self.files[from].lang {
                    Some(Lang::TypeScript | Lang::JavaScript) => {
                        self.resolve_js_alias(from, path, 0)
                    }
                    Some(Lang::Rust) => None,
                    _ => self.resolve_python_alias(from, path, 0),
                }?;
                Some((path.clone(), function))
            })
            .collect();
        out.sort();
        out.dedup();
        out
    }
}
