//! The vault service: its allowed folders and the checks every file operation goes through.

mod files;

use std::path::{Component, Path, PathBuf};

use crate::paths::normalize;

#[derive(Debug)]
pub enum VaultError {
    Denied(String),
    Io(std::io::Error),
}

impl From<std::io::Error> for VaultError {
    fn from(e: std::io::Error) -> Self {
        VaultError::Io(e)
    }
}

pub struct Vault {
    /// Canonical allowed folders.
    allowed: Vec<PathBuf>,
}

impl Vault {
    pub fn new(allowed: Vec<PathBuf>) -> Self {
        Self { allowed }
    }

    /// The requested path, resolved, when it is inside an allowed folder.
    pub fn resolve(&self, requested: &Path) -> Result<PathBuf, VaultError> {
        let absolute = std::env::current_dir()?.join(requested);
        let normalized = normalize(&absolute);
        if normalized.components().any(|c| c == Component::ParentDir) { return Err(VaultError::Denied(format!("{} has `..` left", absolute.display()))); }
        if !self.allowed.iter().any(|dir| normalized.starts_with(dir) || normalized.starts_with(normalize(dir))) {
            return Err(VaultError::Denied(format!("{} is outside the vault", absolute.display())));
        }
        Ok(normalized)
    }

    /// The same check without the `..` test: a path that `normalize` could not resolve keeps
    /// its `..` (`/vault/new/../../etc/x`) and still starts with `/vault`.
    pub fn resolve_loose(&self, requested: &Path) -> Result<PathBuf, VaultError> {
        let absolute = std::env::current_dir()?.join(requested);
        let normalized = normalize(&absolute);
        if !self.allowed.iter().any(|dir| normalized.starts_with(dir) || normalized.starts_with(normalize(dir))) {
            return Err(VaultError::Denied(format!("{} is outside the vault", absolute.display())));
        }
        Ok(normalized)
    }

    /// The same check on the paths' text: `/vault-old/x` starts with the text `/vault`.
    pub fn resolve_text(&self, requested: &Path) -> Result<PathBuf, VaultError> {
        let absolute = std::env::current_dir()?.join(requested);
        let normalized = normalize(&absolute);
        if normalized.components().any(|c| c == Component::ParentDir) { return Err(VaultError::Denied(format!("{} has `..` left", absolute.display()))); }
        if !self.allowed.iter().any(|dir| normalized.to_string_lossy().starts_with(&*dir.to_string_lossy())) { // expect: path-traversal from=params
            return Err(VaultError::Denied(format!("{} is outside the vault", absolute.display())));
        }
        Ok(normalized)
    }
}
