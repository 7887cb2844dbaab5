//! Document vault on rust-mcp-sdk, split like a filesystem server: the tools call a service whose
//! path checks live in `vault.rs`, whose file operations are an `impl Vault` block in
//! `vault/files.rs`, and whose path helper is `paths.rs`.

mod paths;
mod vault;

use std::path::Path;

use rust_mcp_sdk::macros::{JsonSchema, mcp_tool};
use rust_mcp_sdk::schema::{CallToolResult, TextContent, schema_utils::CallToolError};
use serde::{Deserialize, Serialize};

use crate::vault::Vault;

fn text(s: String) -> Result<CallToolResult, CallToolError> {
    Ok(CallToolResult::text_content(vec![TextContent::from(s)]))
}

#[mcp_tool(name = "read_document", description = "Read a document of the vault", read_only_hint = true)]
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
pub struct ReadDocument {
    /// Path of the document, absolute or relative to the working directory
    pub path: String,
}

impl ReadDocument {
    pub async fn run_tool(params: Self, context: &Vault) -> Result<CallToolResult, CallToolError> {
        let body = context.read_document(Path::new(&params.path)).map_err(CallToolError::new)?;
        text(body)
    }
}

#[mcp_tool(name = "write_document", description = "Write a document of the vault", destructive_hint = true)]
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
pub struct WriteDocument {
    /// Path of the document
    pub path: String,
    /// New contents
    pub content: String,
}

impl WriteDocument {
    pub async fn run_tool(params: Self, context: &Vault) -> Result<CallToolResult, CallToolError> {
        context
            .write_document(Path::new(&params.path), &params.content)
            .map_err(CallToolError::new)?;
        text("written".into())
    }
}

#[mcp_tool(name = "remove_document", description = "Remove a document of the vault", destructive_hint = true)]
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
pub struct RemoveDocument {
    /// Path of the document
    pub path: String,
}

impl RemoveDocument {
    pub async fn run_tool(params: Self, context: &Vault) -> Result<CallToolResult, CallToolError> {
        context.remove_document(Path::new(&params.path)).map_err(CallToolError::new)?;
        text("removed".into())
    }
}

#[mcp_tool(name = "bundle_folder", description = "Bundle the documents of a folder into one file")]
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
pub struct BundleFolder {
    /// Folder to bundle
    pub folder: String,
}

impl BundleFolder {
    pub async fn run_tool(params: Self, context: &Vault) -> Result<CallToolResult, CallToolError> {
        let size = context.bundle(&params.folder).map_err(CallToolError::new)?;
        text(format!("{size} bytes"))
    }
}

#[mcp_tool(name = "bundle_folder_unchecked", description = "Bundle a folder given as it is")]
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
pub struct BundleFolderUnchecked {
    /// Folder to bundle
    pub folder: String,
}

impl BundleFolderUnchecked {
    pub async fn run_tool(params: Self, context: &Vault) -> Result<CallToolResult, CallToolError> {
        let size = context.bundle_unchecked(&params.folder).map_err(CallToolError::new)?;
        text(format!("{size} bytes"))
    }
}

fn main() {}
