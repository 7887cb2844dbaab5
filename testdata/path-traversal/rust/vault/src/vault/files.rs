//! File operations of the vault, each on a path its checks returned.

use std::io::Write;
use std::path::Path;

use super::{Vault, VaultError};

impl Vault {
    pub fn read_document(&self, path: &Path) -> Result<String, VaultError> {
        let valid = self.resolve(path)?;
        Ok(std::fs::read_to_string(valid)?) // safe: path-traversal
    }

    pub fn write_document(&self, path: &Path, content: &str) -> Result<(), VaultError> {
        let valid = self.resolve_loose(path)?;
        std::fs::create_dir_all(valid.parent().unwrap_or(&valid))?; // expect: path-traversal from=params
        Ok(std::fs::write(&valid, content)?) // expect: path-traversal from=params
    }

    pub fn remove_document(&self, path: &Path) -> Result<(), VaultError> {
        let valid = self.resolve_text(path)?;
        Ok(std::fs::remove_file(valid)?)
    }

    /// Bundles the documents of a checked folder: the folder passed `resolve`, so the text
    /// prefix below only makes sure an entry's name can be cut off after the folder's.
    pub fn bundle(&self, folder: &str) -> Result<u64, VaultError> {
        let base = self.resolve(Path::new(folder))?;
        let base_text = base.to_string_lossy().to_string();
        let mut out = std::fs::File::create(base.join("bundle.txt"))?; // safe: path-traversal
        for entry in std::fs::read_dir(&base)? { // safe: path-traversal
            let entry = entry?.path();
            let entry_text = entry.to_string_lossy().to_string();
            if !entry_text.starts_with(&base_text) {
                return Err(VaultError::Denied(entry_text));
            }
            out.write_all(&std::fs::read(&entry)?)?; // safe: path-traversal
        }
        Ok(out.metadata()?.len())
    }

    /// The same bundle of a folder taken as given: the text prefix is the only check.
    pub fn bundle_unchecked(&self, folder: &str) -> Result<u64, VaultError> {
        let base = Path::new(folder).to_path_buf();
        let base_text = base.to_string_lossy().to_string();
        let mut out = std::fs::File::create(base.join("bundle.txt"))?; // expect: path-traversal from=params
        for entry in std::fs::read_dir(&base)? { // expect: path-traversal from=params
            let entry = entry?.path();
            let entry_text = entry.to_string_lossy().to_string();
            if !entry_text.starts_with(&base_text) { // expect: path-traversal from=params
                return Err(VaultError::Denied(entry_text));
            }
            out.write_all(&std::fs::read(&entry)?)?;
        }
        Ok(out.metadata()?.len())
    }
}
