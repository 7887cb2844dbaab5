//! Path helpers.

use std::path::{Path, PathBuf};

/// The path with symlinks resolved where it exists: the path itself, else its parent (a file
/// about to be created), else the path as it is.
pub fn normalize(path: &Path) -> PathBuf {
    if let Ok(real) = path.canonicalize() {
        return real;
    }
    if let Some(parent) = path.parent()
        && let Ok(real_parent) = parent.canonicalize()
        && let Some(name) = path.file_name()
    {
        return real_parent.join(name);
    }
    path.to_path_buf()
}
