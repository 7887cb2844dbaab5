//! Import resolution for TypeScript and JavaScript: relative specifiers with `.js`→`.ts`
//! mapping and `index` files, tsconfig `paths` aliases, re-exports.

use super::super::Project;
use super::normalize;

impl Project<'_> {
    /// `./tools/grep.js.grepTool`: a relative module specifier, then the exported name.
    pub(super) fn resolve_js(
        &self,
        from: usize,
        path: &str,
        depth: usize,
    ) -> Option<(usize, usize)> {
        if depth > 8 {
            return None;
        }
        if !(path.starts_with('.') || path.starts_with('/')) {
            return self.resolve_ts_alias(from, path, depth);
        }
        let (spec, name) = path.rsplit_once('.')?;
        let dir = self.files[from]
            .path
            .rsplit_once('/')
            .map_or("", |(d, _)| d);
        let joined = normalize(&if spec.starts_with('/') || dir.is_empty() {
            spec.to_owned()
        } else {
            format!("{dir}/{spec}")
        });
        let stem = ["js", "mjs", "cjs", "jsx"]
            .iter()
            .find_map(|ext| joined.strip_suffix(&format!(".{ext}")))
            .unwrap_or(&joined);
        let mut candidates = vec![joined.clone()];
        for ext in ["ts", "tsx", "mts", "cts", "js", "jsx", "mjs", "cjs"] {
            candidates.push(format!("{stem}.{ext}"));
        }
        for ext in ["ts", "tsx", "js", "mjs"] {
            candidates.push(format!("{joined}/index.{ext}"));
        }
        let target = candidates
            .iter()
            .find_map(|c| self.by_path.get(c.as_str()).copied())?;
        self.resolve_export(target, name, depth)
    }

    /// `@/utils/exec.js.run` through the `paths` of the nearest `tsconfig.json` above `from`.
    pub(super) fn resolve_ts_alias(
        &self,
        from: usize,
        path: &str,
        depth: usize,
    ) -> Option<(usize, usize)> {
        let (spec, name) = path.rsplit_once('.')?;
        let mut dir = self.files[from]
            .path
            .rsplit_once('/')
            .map_or("", |(d, _)| d);
        loop {
            let prefix = if dir.is_empty() {
                String::new()
            } else {
                format!("{dir}/")
            };
            let config = ["tsconfig.json", "jsconfig.json"]
                .iter()
                .find_map(|c| self.by_path.get(format!("{prefix}{c}").as_str()))
                .and_then(|&i| self.files[i].ts_paths.as_ref());
            if let Some(config) = config {
                let base = normalize(&format!("{prefix}{}", config.base_url));
                for (pattern, targets) in &config.paths {
                    let rest = match pattern.split_once('*') {
                        Some((head, tail)) => {
                            spec.strip_prefix(head).and_then(|r| r.strip_suffix(tail))
                        }
                        None => (spec == pattern).then_some(""),
                    };
                    let Some(rest) = rest else { continue };
                    for target in targets {
                        let mapped =
                            normalize(&format!("{base}/{}", target.replacen('*', rest, 1)));
                        // Resolve as a relative specifier from a file at the config's root.
                        if let Some(found) = self
                            .resolve_js_file(&mapped)
                            .and_then(|f| self.resolve_export(f, name, depth + 1))
                        {
                            return Some(found);
                        }
                    }
                }
                return None;
            }
            dir = dir
                .rsplit_once('/')
                .map(|(d, _)| d)
                .or((!dir.is_empty()).then_some(""))?;
        }
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
