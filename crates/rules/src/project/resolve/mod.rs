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
