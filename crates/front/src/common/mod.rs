//! Scaffolding shared by the front ends: the parser pool and time budget, the flat syntax tree,
//! Parts→File assembly, node helpers, import and scope resolution, and string-part building.

pub(crate) mod lowering;
pub(crate) mod nodes;
pub(crate) mod parser;
pub(crate) mod parts;
pub(crate) mod scope;
pub(crate) mod state;
pub(crate) mod strings;
pub(crate) mod syntax;

pub(crate) use lowering::{Lowering, impl_lowering};
pub(crate) use nodes::{call, child_of_kind, named_without, other, span};
pub(crate) use parser::Grammar;
pub(crate) use parts::Parts;
pub(crate) use scope::{Scope, param_names};
pub(crate) use state::{FileState, MAX_DEPTH};
pub(crate) use strings::{interp_or_str, push_lit, splice};
pub(crate) use syntax::Node;

use std::time::Duration;

use mcplint_ir::{File, Lang, SourceFile};

use crate::FrontError;

/// Parses `source` with `grammar` within `budget` and lowers its root with `lower` to the IR
/// file of `lang`.
pub(crate) fn lower_file(
    grammar: Grammar,
    lang: Lang,
    source: SourceFile,
    budget: Duration,
    lower: impl FnOnce(&str, Node<'_>) -> Parts,
) -> Result<File, FrontError> {
    let tree = grammar.syntax_tree(&source.text, budget)?;
    let parts = lower(&source.text, tree.root());
    Ok(parts.into_file(lang, source))
}
