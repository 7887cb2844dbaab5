//! The notes plugin's handler built natively, without the Extism PDK: nothing confines `std::fs`
//! here, so the tool-chosen name reads any file (`../etc/passwd`).

use std::fs;

use anyhow::Error;
use serde_json::Value;

use crate::pdk::types::{CallToolRequest, CallToolResult, Content};

pub(crate) fn call(input: CallToolRequest) -> Result<CallToolResult, Error> {
    let args = input.params.arguments.unwrap_or_default();
    let Some(Value::String(name)) = args.get("name") else {
        return Err(Error::msg("name is required"));
    };
    // Not confined by anything.
    let text = fs::read_to_string(format!("/notes/{name}"))?; // expect: path-traversal from=input
    Ok(CallToolResult::text(text))
}
