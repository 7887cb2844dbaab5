//! File helpers shared by the tool modules.

use std::io;
use std::path::{Path, PathBuf};

/// Reads a file of the working tree.
pub fn read_in_repo(repo: &Path, rel: &str) -> io::Result<String> {
    let full = repo.join(rel);
    std::fs::read_to_string(&full) // expect: path-traversal
}

/// Resolves `rel` inside the repository and refuses anything that ends up outside it.
pub fn checked(repo: &Path, rel: &str) -> io::Result<PathBuf> {
    let real = std::fs::canonicalize(repo.join(rel))?;
    if !real.starts_with(repo) {
        return Err(io::Error::new(io::ErrorKind::PermissionDenied, "outside the repository"));
    }
    Ok(real)
}

pub fn ref_path(repo: &Path, branch: &str) -> PathBuf {
    repo.join(".git").join("refs").join("heads").join(branch)
}

pub fn write_hook(repo: &Path, name: &str, script: &str) -> io::Result<()> {
    let mut path = repo.join(".git");
    path.push("hooks");
    path.push(name);
    std::fs::write(&path, script) // expect: path-traversal
}

pub fn read_head(repo: &Path) -> io::Result<String> {
    std::fs::read_to_string(repo.join(".git/HEAD"))
}

/// Removes a linked worktree; used by the cleanup subcommand, never by a tool.
pub fn remove_worktree(path: &str) -> io::Result<()> {
    std::fs::remove_dir_all(path)
}

/// True when `candidate` resolves inside the repository. Compares text: `/srv/repo-old/x`
/// starts with `/srv/repo`, so the finding goes here, for the tools of `tools/` that use it.
pub fn is_in_repo(repo: &Path, candidate: &Path) -> bool {
    match std::fs::canonicalize(candidate) {
        Ok(real) => real.to_string_lossy().starts_with(&*repo.to_string_lossy()), // expect: path-traversal from=args
        Err(_) => false,
    }
}

/// True when `candidate` resolves inside the repository, compared by components.
pub fn is_in_repo_fixed(repo: &Path, candidate: &Path) -> bool {
    match std::fs::canonicalize(candidate) {
        Ok(real) => real.starts_with(repo),
        Err(_) => false,
    }
}
