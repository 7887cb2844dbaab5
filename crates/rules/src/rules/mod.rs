//! The rule registry: one module per rule, one sorted line each.

mod argument_injection;
mod code_injection;
mod error_leak;
mod exposed_transport;
mod hardcoded_secret;
mod missing_timeout;
mod path_traversal;
mod secret_in_output;
mod shell_injection;
mod sql_injection;
mod ssrf;
mod token_passthrough;
mod tool_poisoning;
pub(crate) mod unauthenticated_transport;
pub(crate) mod unused_suppression;

use crate::RegisteredRule;

/// Every rule, sorted by name.
pub static ALL: &[&RegisteredRule] = &[
    &argument_injection::ARGUMENT_INJECTION,
    &code_injection::CODE_INJECTION,
    &error_leak::ERROR_LEAK,
    &exposed_transport::EXPOSED_TRANSPORT,
    &hardcoded_secret::HARDCODED_SECRET,
    &missing_timeout::MISSING_TIMEOUT,
    &path_traversal::PATH_TRAVERSAL,
    &secret_in_output::SECRET_IN_OUTPUT,
    &shell_injection::SHELL_INJECTION,
    &sql_injection::SQL_INJECTION,
    &ssrf::SSRF,
    &token_passthrough::TOKEN_PASSTHROUGH,
    &tool_poisoning::TOOL_POISONING,
    &unauthenticated_transport::UNAUTHENTICATED_TRANSPORT,
    &unused_suppression::UNUSED_SUPPRESSION,
];

/// The registered rule of that name.
pub(crate) fn by_name(name: &str) -> Option<&'static RegisteredRule> {
    ALL.iter().copied().find(|r| r.name == name)
}
