//! A notes plugin for a WebAssembly MCP host (Extism PDK). The plugin's `std::fs` reaches only
//! the directories the host preopens for it (WASI), so a tool-chosen path stays inside them:
//! reported as a warning that says so (the host may grant more than the notes folder).

use std::fs;

use extism_pdk::*;
use serde_json::Value;

use crate::pdk::types::{CallToolRequest, CallToolResult, Content};

pub(crate) fn call(input: CallToolRequest) -> Result<CallToolResult, Error> {
    let args = input.params.arguments.unwrap_or_default();
    let Some(Value::String(name)) = args.get("name") else {
        return Err(Error::msg("name is required"));
    };
    // Confined by the host's preopens: a warning.
    let text = fs::read_to_string(format!("/notes/{name}"))?; // warn: path-traversal from=input
    Ok(CallToolResult::text(text))
}
