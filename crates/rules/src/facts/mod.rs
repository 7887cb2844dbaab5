//! Facts computed once per file and shared by several rules: the tool finder, the texts the model
//! reads, and what the exposure rules read in calls and bindings.

use mcplint_ir::File;

use crate::catalog::LangCatalog;

pub(crate) mod binds;
pub(crate) mod registration;
pub(crate) mod rust_dispatch;
pub(crate) mod texts;
pub mod tools;
pub(crate) mod transport;

use tools::ToolDecl;

/// What a per-file rule sees: the file, the catalog rows of its language and the shared facts
/// computed once per file.
pub struct FileContext<'a> {
    /// The lowered file.
    pub file: &'a File,
    /// The catalog rows for the file's language.
    pub catalog: &'a LangCatalog,
    /// The file's tool, resource and prompt declarations.
    pub tools: &'a [ToolDecl],
}
