//! What goes wrong when a catalog file is read.

/// An error in a catalog file.
#[derive(Debug, thiserror::Error)]
pub enum CatalogError {
    /// The file is not valid TOML or has unknown keys.
    #[error("{file}: {message}")]
    Parse {
        /// Which file.
        file: String,
        /// What is wrong.
        message: String,
    },
    /// A regex of a description or secrets section does not parse.
    #[error("{file}: bad regex `{pattern}`: {message}")]
    Regex {
        /// Which file.
        file: String,
        /// The value.
        pattern: String,
        /// What is wrong.
        message: String,
    },
    /// A row names a language mcplint does not know.
    #[error("{file}: unknown language `{language}`")]
    Language {
        /// Which file.
        file: String,
        /// The unknown name.
        language: String,
    },
}
