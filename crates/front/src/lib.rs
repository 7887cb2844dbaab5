//! mcplint-front: parses source text and lowers it to the IR. Knows nothing about MCP.
//!
//! Each language has its own module; [`lower`] dispatches on [`Lang`]. A front end never panics
//! on any input: a file that does not parse still yields what lowered, with the error spans in
//! [`File::syntax_errors`]. Parsing runs under a time budget ([`FrontError::Timeout`]).

mod common;
mod credentials;
mod env;
mod json;
mod python;
mod rust;
mod typescript;

use std::time::Duration;

use mcplint_ir::{File, Lang, SourceFile};

/// How long the parser may run on one file before it gives up with [`FrontError::Timeout`].
pub const PARSE_BUDGET: Duration = Duration::from_secs(10);

/// Errors a front end reports instead of a [`File`].
#[derive(Debug, thiserror::Error)]
pub enum FrontError {
    /// No front end exists (yet) for the language; the payload is [`Lang::name`].
    #[error("unsupported language: {0}")]
    Unsupported(&'static str),
    /// The parser was cancelled because it ran past the time budget.
    #[error("parsing took longer than the time budget")]
    Timeout,
}

/// Parses `source` as `lang` and lowers it to the IR, within [`PARSE_BUDGET`].
pub fn lower(lang: Lang, source: SourceFile) -> Result<File, FrontError> {
    lower_within(lang, source, PARSE_BUDGET)
}

/// [`lower`] with another time budget for the parser.
pub fn lower_within(lang: Lang, source: SourceFile, budget: Duration) -> Result<File, FrontError> {
    match lang {
        Lang::Python => python::lower(source, budget),
        Lang::TypeScript | Lang::JavaScript => typescript::lower(lang, source, budget),
        Lang::Rust => rust::lower(source, budget),
        Lang::Json => json::lower(source, budget),
        Lang::Env => env::lower(source),
        Lang::Credentials => credentials::lower(source),
    }
}

/// Parses `text` as `lang` without lowering it and returns the number of syntax-tree nodes
/// (for benchmarks that separate parsing from lowering).
pub fn parse_only(lang: Lang, text: &str) -> Result<usize, FrontError> {
    match lang {
        Lang::Python => python::parse_only(text),
        Lang::TypeScript | Lang::JavaScript => typescript::parse_only(lang, text),
        Lang::Rust => rust::parse_only(text),
        Lang::Json => json::parse_only(text),
        Lang::Env => env::parse_only(text),
        Lang::Credentials => credentials::parse_only(text),
    }
}
