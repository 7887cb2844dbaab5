//! Import resolution for Python: packages, absolute and relative imports.

use super::super::Project;

impl Project<'_> {
    /// Python: relative (`.utils.run`) and absolute (`pkg.utils.run`) module paths.
    pub(super) fn resolve_python(&self, from: usize, path: &str) -> Option<(usize, usize)> {
        let (name, candidates) = self.python_candidates(from, path)?;
        candidates.into_iter().find_map(|f| {
            let g = self.files[f]
                .functions
                .iter()
                .position(|s| s.top_level && s.name.as_deref() == Some(name))?;
            Some((f, g))
        })
    }

    /// The alias of a library function (module-level `run = subprocess.check_output`) that a
    /// Python path (`.utils.run`) names, following a package's re-imports: the function's path.
    pub(super) fn resolve_python_alias(
        &self,
        from: usize,
        path: &str,
        depth: usize,
    ) -> Option<String> {
        if depth > 8 {
            return None;
        }
        let (name, candidates) = self.python_candidates(from, path)?;
        candidates.into_iter().find_map(|f| {
            let file = &self.files[f];
            if let Some((_, function)) = file.aliases.iter().find(|(n, _)| n == name) {
                return Some(function.clone());
            }
            let (_, imported) = file.imports.iter().find(|(l, _)| l == name)?;
            self.resolve_python_alias(f, imported, depth + 1)
        })
    }

    /// Whether a Python path (`.aws_clients.lambda_client`) names a module-level value of a
    /// project module: its module is a project file, and the name is neither a module nor a
    /// function there.
    pub(in crate::project) fn names_python_object(&self, from: usize, path: &str) -> bool {
        let Some((_, candidates)) = self.python_candidates(from, path) else {
            return false;
        };
        // The files that could hold `path.x` are those whose module is `path` itself.
        let is_module = self
            .python_candidates(from, &format!("{path}.x"))
            .is_some_and(|(_, c)| !c.is_empty());
        !candidates.is_empty() && !is_module && self.resolve_python(from, path).is_none()
    }

    /// The last segment of a Python path and the project files that may be its module, nearest
    /// to `from` first.
    pub(in crate::project) fn python_candidates<'p>(
        &self,
        from: usize,
        path: &'p str,
    ) -> Option<(&'p str, Vec<usize>)> {
        let dots = path.chars().take_while(|&c| c == '.').count();
        let rest: Vec<&str> = path[dots..].split('.').filter(|s| !s.is_empty()).collect();
        let (name, module) = rest.split_last()?;
        let candidates: Vec<usize> = if dots > 0 {
            let own = &self.modules[from];
            let is_package = self.files[from].path.ends_with("__init__.py");
            let mut base: Vec<&str> = if is_package {
                own.clone()
            } else {
                own[..own.len().saturating_sub(1)].to_vec()
            };
            for _ in 1..dots {
                base.pop()?;
            }
            base.extend(module.iter().copied());
            self.files_of_module(base.last().copied().unwrap_or(""))
                .filter(|&i| self.modules[i] == base)
                .collect()
        } else {
            if module.is_empty() {
                return None;
            }
            let mut found: Vec<usize> = self
                .files_of_module(module.last().copied().unwrap_or(""))
                .filter(|&i| self.modules[i].ends_with(module))
                .collect();
            // Prefer the module closest to the importing file.
            let own = &self.modules[from];
            found.sort_by_key(|&i| {
                let common = self.modules[i]
                    .iter()
                    .zip(own.iter())
                    .take_while(|(a, b)| a == b)
                    .count();
                (std::cmp::Reverse(common), i)
            });
            found
        };
        Some((name, candidates))
    }
}
