//! Import resolution for TypeScript and JavaScript: relative specifiers with `.js`→`.ts`
//! mapping and `index` files, tsconfig `paths` aliases, re-exports.

use super::super::Project;
use super::normalize;
use crate::taint::PathAlias;

/// How many re-exports and aliases a resolution follows before it gives up.
const MAX_DEPTH: usize = 8;

/// How many configs an `extends` chain may have (a cycle stops at the first repeat anyway).
const MAX_EXTENDS: usize = 16;

impl Project<'_> {
    /// `./tools/grep.js.grepTool`: a module specifier (relative, or a tsconfig `paths` alias),
    /// then the exported name.
    pub(super) fn resolve_js(
        &self,
        from: usize,
        path: &str,
        depth: usize,
    ) -> Option<(usize, usize)> {
        if depth > MAX_DEPTH {
            return None;
        }
        let (spec, name) = path.rsplit_once('.')?;
        self.js_modules(from, spec)
            .into_iter()
            .find_map(|f| self.resolve_export(f, name, depth))
    }

    /// The alias of a library function (`export const sh = promisify(exec)`) that `path` names
    /// from file `from`, following re-exports: the function's path.
    pub(super) fn resolve_js_alias(&self, from: usize, path: &str, depth: usize) -> Option<String> {
        if depth > MAX_DEPTH {
            return None;
        }
        let (spec, name) = path.rsplit_once('.')?;
        self.js_modules(from, spec).into_iter().find_map(|f| {
            let file = &self.files[f];
            if let Some((_, function)) = file.aliases.iter().find(|(n, _)| n == name) {
                return Some(function.clone());
            }
            let local = file
                .exports
                .iter()
                .find(|(n, _)| n == name)
                .map_or(name, |(_, l)| l.as_str());
            if let Some((_, path)) = file.imports.iter().find(|(l, _)| l == local) {
                return self.resolve_js_alias(f, path, depth + 1);
            }
            file.exports
                .iter()
                .filter(|(n, _)| n == "*")
                .find_map(|(_, module)| {
                    self.resolve_js_alias(f, &format!("{module}.{name}"), depth + 1)
                })
        })
    }

    /// The project files a module specifier used in file `from` may name, in the order to try
    /// them: the one file a relative specifier names, or the targets of the `paths` alias it
    /// matches.
    pub(super) fn js_modules(&self, from: usize, spec: &str) -> Vec<usize> {
        let dir = self.folder(from);
        if !(spec.starts_with('.') || spec.starts_with('/')) {
            return self.ts_alias_modules(dir, spec);
        }
        let joined = if spec.starts_with('/') || dir.is_empty() {
            normalize(spec)
        } else {
            normalize(&format!("{dir}/{spec}"))
        };
        self.resolve_js_file(&joined).into_iter().collect()
    }

    /// `@/utils/exec.js` through the `paths` of the nearest `tsconfig.json` (or `jsconfig.json`)
    /// in `dir` or above it, inherited through `extends` when the config does not set them:
    /// the files its matching patterns' targets name, in order.
    fn ts_alias_modules(&self, mut dir: &str, spec: &str) -> Vec<usize> {
        loop {
            let prefix = if dir.is_empty() {
                String::new()
            } else {
                format!("{dir}/")
            };
            let config = ["tsconfig.json", "jsconfig.json"]
                .iter()
                .find_map(|c| self.by_path.get(format!("{prefix}{c}").as_str()));
            if let Some(&config) = config {
                let Some((base, paths)) = self.effective_ts_paths(config) else {
                    return Vec::new();
                };
                let mut found = Vec::new();
                for (pattern, targets) in paths {
                    let rest = match pattern.split_once('*') {
                        Some((head, tail)) => {
                            spec.strip_prefix(head).and_then(|r| r.strip_suffix(tail))
                        }
                        None => (spec == pattern).then_some(""),
                    };
                    let Some(rest) = rest else { continue };
                    for target in targets {
                        let mapped = normalize(&join(&base, &target.replacen('*', rest, 1)));
                        found.extend(self.resolve_js_file(&mapped));
                    }
                }
                return found;
            }
            let Some(parent) = dir
                .rsplit_once('/')
                .map(|(d, _)| d)
                .or((!dir.is_empty()).then_some(""))
            else {
                return Vec::new();
            };
            dir = parent;
        }
    }

    /// The `paths` config file `config` uses, own or inherited through `extends` (the last
    /// config of an `extends` list wins, as in TypeScript), and the folder its targets are
    /// relative to: `baseUrl` (own or inherited) from the folder of the config that sets it,
    /// else the folder of the config that sets `paths`. Only configs inside the project are
    /// followed (a package such as `@tsconfig/node20` sets no project aliases).
    fn effective_ts_paths(&self, config: usize) -> Option<(String, &[PathAlias])> {
        let chain = self.ts_config_chain(config);
        let (with_paths, paths) = chain
            .iter()
            .find_map(|&i| Some((i, self.files[i].ts_paths.as_ref()?.paths.as_deref()?)))?;
        let base = chain
            .iter()
            .find_map(|&i| {
                let url = self.files[i].ts_paths.as_ref()?.base_url.as_deref()?;
                Some(join(self.folder(i), url))
            })
            .unwrap_or_else(|| self.folder(with_paths).to_owned());
        Some((normalize(&base), paths))
    }

    /// `config` and the configs it extends, nearest first (each `extends` list searched from
    /// its last entry), each once.
    fn ts_config_chain(&self, config: usize) -> Vec<usize> {
        let mut chain = Vec::new();
        let mut todo = vec![config];
        while let Some(i) = todo.pop() {
            if chain.contains(&i) || chain.len() >= MAX_EXTENDS {
                continue;
            }
            chain.push(i);
            let Some(own) = self.files[i].ts_paths.as_ref() else {
                continue;
            };
            let dir = self.folder(i);
            // Pushed first to last, popped last first: the last `extends` entry is nearest.
            for spec in &own.extends {
                if !(spec.starts_with("./") || spec.starts_with("../")) {
                    continue;
                }
                let path = normalize(&join(dir, spec));
                let found = self
                    .by_path
                    .get(path.as_str())
                    .or_else(|| self.by_path.get(format!("{path}.json").as_str()));
                if let Some(&j) = found {
                    todo.push(j);
                }
            }
        }
        chain
    }

    /// The folder of file `f` (`""` at the scan root).
    fn folder(&self, f: usize) -> &str {
        self.files[f].path.rsplit_once('/').map_or("", |(d, _)| d)
    }

    /// The file a module path (without specifier dots) names: exact, `.js`→`.ts`, or `index`.
    pub(in crate::project) fn resolve_js_file(&self, joined: &str) -> Option<usize> {
        let stem = ["js", "mjs", "cjs", "jsx"]
            .iter()
            .find_map(|ext| joined.strip_suffix(&format!(".{ext}")))
            .unwrap_or(joined);
        let mut candidates = vec![joined.to_owned()];
        for ext in ["ts", "tsx", "mts", "cts", "js", "jsx", "mjs", "cjs"] {
            candidates.push(format!("{stem}.{ext}"));
        }
        for ext in ["ts", "tsx", "js", "mjs"] {
            candidates.push(format!("{joined}/index.{ext}"));
        }
        candidates
            .iter()
            .find_map(|c| self.by_path.get(c.as_str()).copied())
    }

    /// The function exported as `name` by file `f`, following re-exports.
    pub(super) fn resolve_export(
        &self,
        f: usize,
        name: &str,
        depth: usize,
    ) -> Option<(usize, usize)> {
        let file = &self.files[f];
        let local = file
            .exports
            .iter()
            .find(|(n, _)| n == name)
            .map_or(name, |(_, l)| l.as_str());
        if let Some(g) = file
            .functions
            .iter()
            .position(|s| s.top_level && s.name.as_deref() == Some(local))
        {
            return Some((f, g));
        }
        if let Some((_, path)) = file.imports.iter().find(|(l, _)| l == local) {
            return self.resolve_path_depth(f, path, depth + 1);
        }
        file.exports
            .iter()
            .filter(|(n, _)| n == "*")
            .find_map(|(_, module)| {
                self.resolve_path_depth(f, &format!("{module}.{name}"), depth + 1)
            })
    }
}

/// `dir/path`, or `path` alone when `dir` is empty (the scan root): never a leading `/` that
/// would make a root-relative path absolute.
fn join(dir: &str, path: &str) -> String {
    if dir.is_empty() {
        path.to_owned()
    } else {
        format!("{dir}/{path}")
    }
}
