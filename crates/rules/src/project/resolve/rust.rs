//! Import resolution for Rust: `mod` files, `use crate::`, `super::` and `self::` paths.

use super::super::Project;

/// The module path of a Rust file relative to its crate root (`tools/git.rs` -> [tools, git]).
pub(super) fn rust_module_of<'p>(root: &str, file_path: &'p str) -> Vec<&'p str> {
    let rel = file_path
        .strip_prefix(root)
        .unwrap_or(file_path)
        .trim_start_matches('/');
    let rel = rel.strip_suffix(".rs").unwrap_or(rel);
    let mut segs: Vec<&str> = rel.split('/').filter(|s| !s.is_empty()).collect();
    if matches!(segs.last(), Some(&"mod")) || (segs.len() == 1 && matches!(segs[0], "main" | "lib"))
    {
        segs.pop();
    }
    segs
}

impl Project<'_> {
    /// `crate::util::run`, `super::util::run`, `self::x::f`, `util::run` (a child module): module
    /// files `a/b.rs` or `a/b/mod.rs` under the crate root (the folder of `main.rs`/`lib.rs`).
    pub(super) fn resolve_rust(&self, from: usize, path: &str) -> Option<(usize, usize)> {
        let segs: Vec<&str> = path.split("::").filter(|s| !s.is_empty()).collect();
        let (name, module) = segs.split_last()?;
        let file_path = self.files[from].path.as_str();
        let root = self.rust_crate_root(file_path)?;
        let own = rust_module_of(&root, file_path);
        let mut rest = module;
        let mut base: Vec<&str> = match rest.first() {
            Some(&"crate") => {
                rest = &rest[1..];
                Vec::new()
            }
            Some(&"self") => {
                rest = &rest[1..];
                own.clone()
            }
            Some(&"super") => {
                let mut b = own.clone();
                while rest.first() == Some(&"super") {
                    b.pop()?;
                    rest = &rest[1..];
                }
                b
            }
            _ => own.clone(),
        };
        base.extend(rest.iter().copied());
        let find = |f: usize| {
            self.files[f]
                .functions
                .iter()
                .position(|s| s.top_level && s.name.as_deref() == Some(*name))
                .map(|g| (f, g))
        };
        let prefix = if root.is_empty() {
            String::new()
        } else {
            format!("{root}/")
        };
        let module_file = [
            format!("{prefix}{}.rs", base.join("/")),
            format!("{prefix}{}/mod.rs", base.join("/")),
        ]
        .into_iter()
        .find_map(|c| self.by_path.get(c.as_str()).copied());
        match module_file {
            Some(f) => find(f),
            // `m::f` with an inline `mod m { .. }` of this file (its items are lowered into it):
            // the `f` of that module, else (`m` may be an alias) the first `f` of the file.
            None => {
                let inline = rest.join("::");
                self.files[from]
                    .functions
                    .iter()
                    .position(|s| {
                        s.top_level
                            && s.name.as_deref() == Some(*name)
                            && s.module.as_deref() == Some(inline.as_str())
                    })
                    .map(|g| (from, g))
                    .or_else(|| (module.len() == 1).then(|| find(from)).flatten())
            }
        }
    }

    /// The folder holding the crate's `main.rs` or `lib.rs`, nearest to `file_path`.
    pub(in crate::project) fn rust_crate_root(&self, file_path: &str) -> Option<String> {
        let mut dir = file_path.rsplit_once('/').map_or("", |(d, _)| d);
        loop {
            let prefix = if dir.is_empty() {
                String::new()
            } else {
                format!("{dir}/")
            };
            if ["main.rs", "lib.rs"]
                .iter()
                .any(|f| self.by_path.contains_key(format!("{prefix}{f}").as_str()))
            {
                return Some(dir.to_owned());
            }
            dir = dir.rsplit_once('/')?.0;
        }
    }
}
