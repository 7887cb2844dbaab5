//! Method calls across files: a method of a class known by name (the nearest class of that name
//! to the calling file, and each class that extends or implements it), a method of a
//! module-level instance that another file exports (`from .svc import svc; svc.find(x)`), and a
//! static method of a class that another file exports (`import { Md } ...; Md.get(x)`).

use foldhash::{HashMap, HashMapExt, HashSet, HashSetExt};
use mcplint_ir::Lang;

use super::Project;
use super::resolve::normalize;
use crate::taint::{CallTarget, FileSummary};

/// How many classes a call on a base class dispatches to at most.
const MAX_IMPLEMENTATIONS: usize = 16;

/// Classes by the name of each base they list: `Store` -> [`PgStore`, `MemStore`].
pub(super) fn subclasses(files: &[FileSummary]) -> HashMap<&str, Vec<&str>> {
    let mut out: HashMap<&str, Vec<&str>> = HashMap::new();
    for file in files {
        for (class, bases) in &file.bases {
            for base in bases {
                let found = out.entry(base.as_str()).or_default();
                if !found.contains(&class.as_str()) && base != class {
                    found.push(class.as_str());
                }
            }
        }
    }
    out
}

/// `(class, field)` -> the field's class (see [`FileSummary::field_classes`]), from the first
/// file that knows it.
pub(super) fn field_classes(files: &[FileSummary]) -> HashMap<(&str, &str), &str> {
    let mut out: HashMap<(&str, &str), &str> = HashMap::new();
    for file in files {
        for (class, field, ty) in &file.field_classes {
            out.entry((class.as_str(), field.as_str()))
                .or_insert(ty.as_str());
        }
    }
    out
}

/// The number of leading path segments two file paths share.
fn shared_folders(a: &str, b: &str) -> usize {
    a.split('/')
        .zip(b.split('/'))
        .take_while(|(x, y)| x == y)
        .count()
}

impl Project<'_> {
    /// Every function a call site may reach: its target, or for a method of a class known by
    /// name, that method and its overrides in each subclass or implementation. Each with
    /// whether the call passes its receiver implicitly (`svc.find(x)`), on top of `method`, the
    /// call site's own say.
    pub(super) fn callees(
        &self,
        file: usize,
        target: &CallTarget,
        method: bool,
    ) -> Vec<(usize, usize, bool)> {
        let with = |found: Vec<(usize, usize)>, implicit: bool| {
            found.into_iter().map(|(f, g)| (f, g, implicit)).collect()
        };
        match target {
            CallTarget::Local(id) => vec![(file, *id, method)],
            CallTarget::Path(path) => match self.resolve_path(file, path) {
                Some((f, g)) => vec![(f, g, method)],
                None => {
                    let (found, implicit) = self.path_method(file, path);
                    with(found, method || implicit)
                }
            },
            CallTarget::Method { class, name } => with(self.dispatch(file, class, name), method),
        }
    }

    /// Method `name` of the class named `class` nearest to file `from` (the same file, then the
    /// one sharing the most folders, then the first), and of each class that extends or
    /// implements it.
    pub(super) fn dispatch(&self, from: usize, class: &str, name: &str) -> Vec<(usize, usize)> {
        // `Container.registry`: the class of field `registry` of `Container`.
        let class = match class.split_once('.') {
            Some((owner, field)) => match self.field_classes.get(&(owner, field)) {
                Some(ty) => *ty,
                None => return Vec::new(),
            },
            None => class,
        };
        let mut out = Vec::new();
        let mut seen: HashSet<&str> = HashSet::new();
        let mut queue = vec![class];
        while let Some(c) = queue.pop() {
            if !seen.insert(c) || seen.len() > MAX_IMPLEMENTATIONS {
                continue;
            }
            if let Some(found) = self.nearest_method(from, c, name) {
                out.push(found);
            }
            if let Some(subs) = self.subclasses.get(c) {
                queue.extend(subs.iter().rev().copied());
            }
        }
        out
    }

    /// Method `name` of the class named `class` nearest to file `from`.
    pub(super) fn nearest_method(
        &self,
        from: usize,
        class: &str,
        name: &str,
    ) -> Option<(usize, usize)> {
        let here = self.files[from].path.as_str();
        self.methods
            .get(&(class, name))?
            .iter()
            .min_by_key(|&&(f, _)| {
                (
                    f != from,
                    std::cmp::Reverse(shared_folders(here, &self.files[f].path)),
                    f,
                )
            })
            .copied()
    }

    /// A path that names no function but a method: `.svc.svc.find` (a method of the instance
    /// `svc` that module `.svc` creates, called with it as its receiver), `.md.Md.get` (a
    /// static or class method of the class `Md` that module `.md` declares), or Rust
    /// `crate::db::Store::open` (an associated function of a type, whose `impl` may be in any
    /// file, called with its arguments as written).
    fn path_method(&self, from: usize, path: &str) -> (Vec<(usize, usize)>, bool) {
        let rust = self.files[from].lang == Some(Lang::Rust);
        let split = if rust {
            path.rsplit_once("::")
        } else {
            path.rsplit_once('.')
        };
        let Some((object, method)) = split else {
            return (Vec::new(), false);
        };
        if rust {
            let ty = object.rsplit("::").next().unwrap_or(object);
            if !ty.starts_with(|c: char| c.is_ascii_uppercase()) {
                return (Vec::new(), false);
            }
            return (self.dispatch(from, ty, method), false);
        }
        let Some((name, candidates)) = self.imported_name(from, object) else {
            return (Vec::new(), false);
        };
        if let Some((f, class)) = candidates.iter().find_map(|&f| {
            self.files[f]
                .instances
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, class)| (f, class.as_str()))
        }) {
            return (self.dispatch(f, class, method), true);
        }
        // `Store.open(x)` on a class another file exports: its static (or class) method.
        let Some(&(f, g)) = self
            .methods
            .get(&(name, method))
            .and_then(|found| found.iter().find(|(f, _)| candidates.contains(f)))
        else {
            return (Vec::new(), false);
        };
        let implicit = self.files[f]
            .functions
            .get(g)
            .is_some_and(|s| s.has_self && s.params.first().is_some_and(|p| p.name == "cls"));
        (vec![(f, g)], implicit)
    }

    /// The name that import path `object` gives another file's value (`.svc.svc`,
    /// `./store.js.store`) as that file knows it, with the files it may be in.
    fn imported_name<'s>(&'s self, from: usize, object: &'s str) -> Option<(&'s str, Vec<usize>)> {
        match self.files[from].lang {
            Some(Lang::TypeScript | Lang::JavaScript) => {
                let (spec, name) = object.rsplit_once('.')?;
                if !spec.starts_with('.') {
                    return None;
                }
                let dir = self.files[from]
                    .path
                    .rsplit_once('/')
                    .map_or("", |(d, _)| d);
                let file = self.resolve_js_file(&normalize(&format!("{dir}/{spec}")))?;
                let local = self.files[file]
                    .exports
                    .iter()
                    .find(|(n, _)| n == name)
                    .map_or(name, |(_, l)| l.as_str());
                Some((local, vec![file]))
            }
            Some(Lang::Python) => self.python_candidates(from, object),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::shared_folders;

    #[test]
    fn shared_folders_counts_common_leading_segments() {
        assert_eq!(shared_folders("a/b/c.py", "a/b/d.py"), 2);
        assert_eq!(shared_folders("a/x/c.py", "a/b/d.py"), 1);
        assert_eq!(shared_folders("x.py", "y.py"), 0);
    }
}
