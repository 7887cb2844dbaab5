//! Finding the files to scan.
//!
//! Directories are walked with the `ignore` crate: `.gitignore` (also outside a git repository),
//! `.ignore` and git's exclude files are honoured, paths matching the configured `exclude` and
//! `extend-exclude` globs (by default vendored and generated directories, [`SKIPPED_DIRS`]) are
//! skipped, and symbolic links are not followed unless asked. Paths named on the command line are
//! always scanned, whatever the ignore files say, and whatever the excludes say unless
//! `force-exclude` is on. Problems become one-line [`Notice`]s; the walk goes on. A directory
//! without a file to scan gets a notice naming the extensions it holds instead.

use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use mcplint_ir::Lang;
use mcplint_rules::PathPattern;

/// Directory names never descended into (unless named on the command line): the default of the
/// `exclude` setting.
pub(crate) const SKIPPED_DIRS: &[&str] = &[
    ".git",
    ".hg",
    ".svn",
    "node_modules",
    ".venv",
    "venv",
    ".tox",
    ".nox",
    ".mypy_cache",
    ".pytest_cache",
    ".ruff_cache",
    ".mcplint_cache",
    "target",
    "dist",
    "build",
    "__pycache__",
];

/// A file to scan.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Target {
    /// The path to open.
    pub(crate) path: PathBuf,
    /// The path as shown in output: relative to the current directory when under it, with
    /// forward slashes.
    pub(crate) display: String,
    /// Its language, from the extension.
    pub(crate) lang: Lang,
    /// Whether it was named on the command line.
    pub(crate) explicit: bool,
}

/// A one-line message about a path, printed to standard error as `mcplint: <path>: <message>`.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Notice {
    /// The path it is about (as displayed).
    pub(crate) path: String,
    /// What happened.
    pub(crate) message: String,
}

impl Notice {
    /// A notice about `path`.
    pub(crate) fn new(path: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            path: path.into(),
            message: message.into(),
        }
    }
}

/// How to walk.
#[derive(Clone, Debug, Default)]
pub(crate) struct WalkOptions {
    /// Follow symbolic links inside directories.
    pub(crate) follow_links: bool,
    /// Paths not to scan.
    pub(crate) exclude: Arc<Vec<PathPattern>>,
    /// Whether `exclude` applies to the paths named on the command line too.
    pub(crate) force_exclude: bool,
}

impl WalkOptions {
    fn excluded(&self, path: &Path, cwd: &Path) -> bool {
        let absolute = cwd.join(path);
        self.exclude.iter().any(|p| p.matches(&absolute))
    }
}

/// What the walk found.
#[derive(Debug, Default)]
pub(crate) struct Walk {
    /// Files to scan, sorted by display path, without duplicates.
    pub(crate) targets: Vec<Target>,
    /// Problems met on the way.
    pub(crate) notices: Vec<Notice>,
    /// How many of the command-line paths could not be opened at all.
    pub(crate) failed_roots: usize,
}

/// Walks `paths`, displaying paths relative to `cwd`.
pub(crate) fn walk(paths: &[PathBuf], cwd: &Path, options: &WalkOptions) -> Walk {
    let mut out = Walk::default();
    for root in paths {
        if options.force_exclude && options.excluded(root, cwd) {
            continue;
        }
        walk_root(root, cwd, options, &mut out);
    }
    out.targets.sort_by(|a, b| a.display.cmp(&b.display));
    out.targets.dedup_by(|a, b| a.display == b.display);
    out
}

/// Walks one command-line path: a file is a target (or a notice), a directory is walked with
/// the exclusions. Longer than most: every way a path given on the command line can fail gets
/// its notice here, in the order they are checked, kept whole so the cases read side by side.
fn walk_root(root: &Path, cwd: &Path, options: &WalkOptions, out: &mut Walk) {
    let display = display_path(root, cwd);
    let meta = match fs::metadata(root) {
        Ok(meta) => meta,
        Err(err) => {
            let broken_link = err.kind() == io::ErrorKind::NotFound
                && fs::symlink_metadata(root).is_ok_and(|m| m.file_type().is_symlink());
            let message = if broken_link {
                "broken symbolic link; skipped".to_owned()
            } else {
                format!("cannot open: {err}")
            };
            out.notices.push(Notice::new(display, message));
            out.failed_roots += 1;
            return;
        }
    };

    if meta.is_file() {
        match Lang::from_path(root) {
            Some(lang) => out.targets.push(Target {
                path: root.to_path_buf(),
                display,
                lang,
                explicit: true,
            }),
            None => out
                .notices
                .push(Notice::new(display, "not a supported file type; skipped")),
        }
        return;
    }
    if !meta.is_dir() {
        out.notices.push(Notice::new(
            display,
            "not a regular file or directory; skipped",
        ));
        return;
    }
    if let Err(err) = fs::read_dir(root) {
        out.notices.push(Notice::new(
            display,
            format!("cannot read directory: {err}"),
        ));
        out.failed_roots += 1;
        return;
    }

    let exclude = Arc::clone(&options.exclude);
    let base = cwd.to_path_buf();
    let walker = ignore::WalkBuilder::new(root)
        .hidden(false)
        .require_git(false)
        .follow_links(options.follow_links)
        .filter_entry(move |entry| {
            if entry.depth() == 0 {
                return true;
            }
            let absolute = base.join(entry.path());
            !exclude.iter().any(|p| p.matches_entry(&absolute))
        })
        .build();
    let targets_before = out.targets.len();
    // What the directory holds instead, counted until its first scannable file.
    let mut unscannable = OtherFiles::default();
    for entry in walker {
        match entry {
            Ok(entry) => {
                if entry.depth() == 0 || !entry.file_type().is_some_and(|t| t.is_file()) {
                    continue;
                }
                if let Some(lang) = Lang::from_path(entry.path()) {
                    out.targets.push(Target {
                        display: display_path(entry.path(), cwd),
                        path: entry.into_path(),
                        lang,
                        explicit: false,
                    });
                } else if out.targets.len() == targets_before {
                    unscannable.count(entry.path());
                }
            }
            Err(err) => {
                let mut found = Vec::new();
                flatten_error(&err, None, cwd, &mut found);
                for (path, message) in found {
                    let path = path.map_or_else(|| display.clone(), |p| display_path(&p, cwd));
                    out.notices.push(Notice::new(path, message));
                }
            }
        }
    }
    if out.targets.len() == targets_before {
        out.notices.push(Notice::new(display, unscannable.notice()));
    }
}

/// The files of a directory that mcplint does not read, counted by extension: what a directory
/// with nothing to scan holds instead.
#[derive(Debug, Default)]
struct OtherFiles {
    /// Files per lowercase extension (`go`, `md`); files without one under the empty string.
    by_extension: std::collections::BTreeMap<String, usize>,
}

impl OtherFiles {
    /// How many of the most common extensions the notice names.
    const SHOWN: usize = 3;

    fn count(&mut self, path: &Path) {
        let ext = path
            .extension()
            .map(|e| e.to_string_lossy().to_lowercase())
            .unwrap_or_default();
        *self.by_extension.entry(ext).or_default() += 1;
    }

    /// The notice for a directory without a file to scan: which languages mcplint reads, and
    /// the most common extensions found instead (most files first, then by name).
    fn notice(&self) -> String {
        let mut counts: Vec<(&String, usize)> =
            self.by_extension.iter().map(|(e, n)| (e, *n)).collect();
        counts.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
        let plural = |n: usize| if n == 1 { "" } else { "s" };
        let mut found: Vec<String> = counts
            .iter()
            .take(Self::SHOWN)
            .map(|(ext, n)| match ext.as_str() {
                "" => format!("{n} file{} without an extension", plural(*n)),
                ext => format!("{n} .{ext} file{}", plural(*n)),
            })
            .collect();
        let rest: usize = counts.iter().skip(Self::SHOWN).map(|c| c.1).sum();
        if rest > 0 {
            found.push(format!("{rest} other file{}", plural(rest)));
        }
        let found = if found.is_empty() {
            "it is empty, or everything in it is excluded or gitignored".to_owned()
        } else {
            format!("found {}", found.join(", "))
        };
        format!(
            "nothing to scan: no Python, TypeScript, JavaScript, Rust or JSON files under this \
             directory; {found}"
        )
    }
}

/// Turns an `ignore` error (possibly nested or partial) into (path, one-line message) pairs.
fn flatten_error(
    err: &ignore::Error,
    path: Option<&Path>,
    cwd: &Path,
    out: &mut Vec<(Option<PathBuf>, String)>,
) {
    match err {
        ignore::Error::Partial(errs) => {
            for e in errs {
                flatten_error(e, path, cwd, out);
            }
        }
        ignore::Error::WithLineNumber { line, err } => {
            let mut inner = Vec::new();
            flatten_error(err, path, cwd, &mut inner);
            out.extend(
                inner
                    .into_iter()
                    .map(|(p, m)| (p, format!("line {line}: {m}"))),
            );
        }
        ignore::Error::WithPath { path, err } => flatten_error(err, Some(path), cwd, out),
        ignore::Error::WithDepth { err, .. } => flatten_error(err, path, cwd, out),
        ignore::Error::Loop { ancestor, child } => out.push((
            Some(child.clone()),
            format!(
                "symbolic link loop (points to its ancestor {}); skipped",
                display_path(ancestor, cwd)
            ),
        )),
        ignore::Error::Io(io) => {
            // Errors from walkdir arrive wrapped ("IO error for operation on PATH: ..."); the
            // path is already in the notice, so show the underlying error.
            let inner = io
                .get_ref()
                .and_then(std::error::Error::source)
                .map(ToString::to_string);
            let message = if io.kind() == io::ErrorKind::NotFound {
                "broken symbolic link or vanished file; skipped".to_owned()
            } else {
                format!(
                    "cannot read: {}; skipped",
                    inner.unwrap_or_else(|| io.to_string())
                )
            };
            out.push((path.map(Path::to_path_buf), message));
        }
        other => out.push((path.map(Path::to_path_buf), format!("{other}"))),
    }
}

/// The path as shown to users: relative to `cwd` when it lies under it, otherwise as given; with
/// forward slashes and without `./` prefixes.
pub(crate) fn display_path(path: &Path, cwd: &Path) -> String {
    let absolute = normalize(&cwd.join(path));
    let shown = match absolute.strip_prefix(normalize(cwd)) {
        Ok(rel) if !rel.as_os_str().is_empty() => rel.to_path_buf(),
        _ => path
            .components()
            .filter(|c| *c != Component::CurDir)
            .collect(),
    };
    let text = shown.to_string_lossy().into_owned();
    if text.is_empty() {
        return ".".to_owned();
    }
    if cfg!(windows) {
        text.replace('\\', "/")
    } else {
        text
    }
}

/// Removes `.` and resolves `..` lexically (for display only; the file system is not consulted).
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push(component);
                }
            }
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_paths() {
        let cwd = Path::new("/work/proj");
        assert_eq!(display_path(Path::new("./src/a.py"), cwd), "src/a.py");
        assert_eq!(display_path(Path::new("src/./a.py"), cwd), "src/a.py");
        assert_eq!(
            display_path(Path::new("/work/proj/src/a.py"), cwd),
            "src/a.py"
        );
        assert_eq!(display_path(Path::new("../proj/a.py"), cwd), "a.py");
        assert_eq!(
            display_path(Path::new("../other/a.py"), cwd),
            "../other/a.py"
        );
        assert_eq!(
            display_path(Path::new("/elsewhere/a.py"), cwd),
            "/elsewhere/a.py"
        );
        assert_eq!(display_path(Path::new("."), cwd), ".");
    }
}
