//! The rule registry: one module per rule, one sorted line each.

mod hardcoded_secret;
mod path_traversal;
mod shell_injection;
mod sql_injection;
mod tool_poisoning;
pub(crate) mod unused_suppression;

use crate::Rule;

/// Every rule, sorted by name.
pub static ALL: &[&Rule] = &[
    &hardcoded_secret::HARDCODED_SECRET,
    &path_traversal::PATH_TRAVERSAL,
    &shell_injection::SHELL_INJECTION,
    &sql_injection::SQL_INJECTION,
    &tool_poisoning::TOOL_POISONING,
    &unused_suppression::UNUSED_SUPPRESSION,
];
