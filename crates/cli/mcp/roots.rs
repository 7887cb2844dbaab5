//! The folders `mcplint mcp`'s `lint` tool may read: the client's MCP roots, or the server's
//! working directory when the client has none, and the check that keeps every path inside them.
//!
//! A path is checked twice: lexically first (`..` resolved without touching the file system, so
//! a path plainly outside is refused without even a `stat` that would tell whether it exists),
//! then after [`fs::canonicalize`], which resolves every symbolic link on the way. Only a path
//! whose canonical form lies inside a canonical root is ever read.

use std::fs;
use std::path::{Component, Path, PathBuf};

use percent_encoding::percent_decode_str;

/// The folders `lint` may read, canonical, in the order the client gave them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Roots {
    /// Canonical directories; never empty.
    dirs: Vec<PathBuf>,
}

impl Roots {
    /// The working directory alone (a client without roots).
    pub(crate) fn working_directory(cwd: &Path) -> Result<Self, String> {
        let dir = fs::canonicalize(cwd)
            .map_err(|err| format!("cannot resolve the working directory: {err}"))?;
        Ok(Self { dirs: vec![dir] })
    }

    /// The client's roots (`file://` URIs); an error when none of them is a readable local
    /// folder (a root that is a file stands for that file alone, like a folder of one).
    pub(crate) fn from_uris<'a>(uris: impl IntoIterator<Item = &'a str>) -> Result<Self, String> {
        let mut dirs = Vec::new();
        let mut refused = Vec::new();
        for uri in uris {
            match file_uri_to_path(uri).and_then(|p| fs::canonicalize(p).ok()) {
                Some(dir) => dirs.push(dir),
                None => refused.push(uri.to_owned()),
            }
        }
        if dirs.is_empty() {
            return Err(if refused.is_empty() {
                "the client gave no roots, so lint may read no file; lint inline `source` \
                 instead, or add a root in the client"
                    .to_owned()
            } else {
                format!(
                    "none of the client's roots is a local folder that exists: {}",
                    refused.join(", ")
                )
            });
        }
        Ok(Self { dirs })
    }

    /// The first root: relative paths are resolved against it.
    pub(crate) fn first(&self) -> &Path {
        &self.dirs[0]
    }

    /// Whether a root holds the canonical path `path`.
    fn holds(&self, path: &Path) -> bool {
        self.dirs.iter().any(|dir| path.starts_with(dir))
    }

    /// The root that holds the canonical path `path`.
    pub(crate) fn containing(&self, path: &Path) -> Option<&Path> {
        self.dirs
            .iter()
            .find(|dir| path.starts_with(dir))
            .map(PathBuf::as_path)
    }

    /// `requested` (absolute, or relative to the first root) resolved to a canonical path
    /// inside a root, or why it may not be read ([`Roots::refusal_message`] says it). The
    /// error carries nothing of `requested`, so nothing of it flows out with it.
    pub(crate) fn resolve(&self, requested: &str) -> Result<PathBuf, Refusal> {
        let given = Path::new(requested);
        let joined = if given.is_absolute() {
            given.to_path_buf()
        } else {
            self.first().join(given)
        };
        if self.containing(&lexical(&joined)).is_none() {
            return Err(Refusal::Outside);
        }
        let canonical = fs::canonicalize(&joined).map_err(|_| Refusal::CannotOpen)?;
        if !self.holds(&canonical) {
            return Err(Refusal::Outside);
        }
        Ok(canonical)
    }

    /// Why `requested` may not be read, for the tool error.
    pub(crate) fn refusal_message(&self, requested: &str, refusal: Refusal) -> String {
        match refusal {
            Refusal::Outside => format!(
                "{requested}: outside the folders mcplint may read ({}); lint reads only inside \
                 the client's roots, or the server's working directory when the client has none",
                self.describe()
            ),
            Refusal::CannotOpen => {
                format!("{requested}: cannot open: no such file or folder, or not readable")
            }
        }
    }

    /// The roots, for messages.
    pub(crate) fn describe(&self) -> String {
        self.dirs
            .iter()
            .map(|d| d.display().to_string())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// Why a path may not be read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Refusal {
    /// It lies outside every root (lexically, or once symbolic links are resolved).
    Outside,
    /// It is inside, but cannot be resolved (it does not exist, or is not accessible).
    CannotOpen,
}

/// `..` and `.` removed lexically; a `..` above the file-system root stays at the root.
fn lexical(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// The local path of a `file://` URI (empty or `localhost` host, percent-decoded); `None` for
/// any other scheme or host.
pub(crate) fn file_uri_to_path(uri: &str) -> Option<PathBuf> {
    let rest = uri.strip_prefix("file://")?;
    let path = rest.strip_prefix("localhost").unwrap_or(rest);
    if !path.starts_with('/') {
        return None;
    }
    let path = path.split(['?', '#']).next().unwrap_or(path);
    let decoded = percent_decode_str(path).decode_utf8().ok()?;
    if cfg!(windows) {
        // `file:///C:/dir` names `C:/dir`.
        let trimmed = decoded.strip_prefix('/').unwrap_or(&decoded);
        return Some(PathBuf::from(trimmed));
    }
    Some(PathBuf::from(decoded.as_ref()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_uris() {
        assert_eq!(
            file_uri_to_path("file:///home/me/my%20server"),
            Some(PathBuf::from("/home/me/my server"))
        );
        assert_eq!(
            file_uri_to_path("file://localhost/srv/x"),
            Some(PathBuf::from("/srv/x"))
        );
        assert_eq!(file_uri_to_path("https://example.com/x"), None);
        assert_eq!(file_uri_to_path("file://otherhost/x"), None);
    }

    #[test]
    fn paths_outside_the_roots_are_refused_symlinks_included() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("root");
        let outside = dir.path().join("outside");
        fs::create_dir_all(root.join("src")).unwrap();
        fs::create_dir_all(&outside).unwrap();
        fs::write(root.join("src/a.py"), "x = 1\n").unwrap();
        fs::write(outside.join("b.py"), "x = 1\n").unwrap();
        let roots = Roots::working_directory(&root).unwrap();

        let inside = roots.resolve("src/a.py").unwrap();
        assert!(inside.ends_with("src/a.py"));
        assert!(roots.resolve("src/../src/a.py").is_ok());
        assert!(roots.resolve("../outside/b.py").is_err());
        assert!(roots.resolve("src/../../outside/b.py").is_err());
        let absolute = outside.join("b.py");
        assert!(roots.resolve(absolute.to_str().unwrap()).is_err());
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(&outside, root.join("link")).unwrap();
            assert_eq!(roots.resolve("link/b.py"), Err(Refusal::Outside));
        }
        // A missing path outside is refused without saying whether it exists.
        assert_eq!(
            roots.resolve("../outside/missing.py"),
            Err(Refusal::Outside)
        );
        let message = roots.refusal_message("../x.py", Refusal::Outside);
        assert!(message.contains("outside the folders"), "{message}");
    }
}
