//! Filesystem tools on rust-mcp-sdk: each `#[mcp_tool]` struct carries the arguments of its tool.

use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use async_trait::async_trait;
use rust_mcp_sdk::macros::{JsonSchema, mcp_tool};
use rust_mcp_sdk::schema::{
    CallToolRequestParams, CallToolResult, ListToolsResult, PaginatedRequestParams, RpcError,
    TextContent, schema_utils::CallToolError,
};
use rust_mcp_sdk::{McpServer, mcp_server::ServerHandler, tool_box};
use serde::{Deserialize, Serialize};

const ROOT: &str = "/home/agent/workspace";

fn text(s: String) -> Result<CallToolResult, CallToolError> {
    Ok(CallToolResult::text_content(vec![TextContent::from(s)]))
}

#[mcp_tool(name = "read_file", description = "Read a text file", read_only_hint = true)]
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
pub struct ReadFile {
    /// Path of the file
    path: String,
}

impl ReadFile {
    pub fn run(&self) -> Result<CallToolResult, CallToolError> {
        let body = std::fs::read_to_string(&self.path).map_err(CallToolError::new)?; // expect: path-traversal
        text(body)
    }
}

#[mcp_tool(name = "read_many", description = "Read several files at once", read_only_hint = true)]
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
pub struct ReadMany {
    /// Paths relative to the workspace
    paths: Vec<String>,
}

impl ReadMany {
    pub fn run(&self) -> Result<CallToolResult, CallToolError> {
        let mut out = String::new();
        for p in &self.paths {
            let full = Path::new(ROOT).join(p);
            match std::fs::read_to_string(&full) { // expect: path-traversal
                Ok(body) => out.push_str(&format!("== {p}\n{body}\n")),
                Err(e) => out.push_str(&format!("== {p}: {e}\n")),
            }
        }
        text(out)
    }
}

#[mcp_tool(name = "write_file", description = "Write a file in the workspace", destructive_hint = true)]
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
pub struct WriteFile {
    /// Relative path of the file
    path: String,
    /// Text to write
    content: String,
}

impl WriteFile {
    pub async fn run(&self) -> Result<CallToolResult, CallToolError> {
        if Path::new(&self.path).is_absolute() {
            return Err(CallToolError::from_message("absolute paths are not allowed"));
        }
        // `..` segments still climb out of the workspace.
        let target = Path::new(ROOT).join(&self.path);
        tokio::fs::write(&target, &self.content).await.map_err(CallToolError::new)?; // expect: path-traversal
        text(format!("wrote {}", self.path))
    }
}

#[mcp_tool(name = "list_directory", description = "List a directory", read_only_hint = true)]
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
pub struct ListDirectory {
    /// Directory relative to the workspace
    path: String,
}

impl ListDirectory {
    pub fn run(&self, root: &Path) -> Result<CallToolResult, CallToolError> {
        let canonical = std::fs::canonicalize(root.join(&self.path)).map_err(CallToolError::new)?;
        if !canonical.starts_with(root) {
            return Err(CallToolError::from_message("directory is outside the workspace"));
        }
        let mut names: Vec<String> = std::fs::read_dir(&canonical)
            .map_err(CallToolError::new)?
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        text(names.join("\n"))
    }
}

#[mcp_tool(name = "create_directory", description = "Create a directory and its parents")]
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
pub struct CreateDirectory {
    /// Directory relative to the workspace
    path: String,
}

impl CreateDirectory {
    pub fn run(&self) -> Result<CallToolResult, CallToolError> {
        for component in Path::new(&self.path).components() {
            if let Component::ParentDir | Component::RootDir | Component::Prefix(_) = component {
                return Err(CallToolError::from_message("only plain relative paths are allowed"));
            }
        }
        std::fs::create_dir_all(Path::new(ROOT).join(&self.path)).map_err(CallToolError::new)?;
        text(format!("created {}", self.path))
    }
}

#[mcp_tool(name = "move_file", description = "Move a file within the workspace", destructive_hint = true)]
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
pub struct MoveFile {
    /// File to move
    source: String,
    /// Destination path
    destination: String,
}

/// Server settings from the config file: not tool input.
#[derive(Debug, Deserialize)]
pub struct Settings {
    pub banner_file: String,
}

impl Settings {
    fn banner(&self) -> String {
        std::fs::read_to_string(&self.banner_file).unwrap_or_default()
    }
}

tool_box!(FsTools, [ReadFile, ReadMany, WriteFile, ListDirectory, CreateDirectory, MoveFile]);

pub struct FsHandler {
    root: PathBuf,
    settings: Settings,
}

#[async_trait]
impl ServerHandler for FsHandler {
    async fn handle_list_tools_request(
        &self,
        _params: Option<PaginatedRequestParams>,
        _runtime: Arc<dyn McpServer>,
    ) -> Result<ListToolsResult, RpcError> {
        Ok(ListToolsResult {
            meta: None,
            next_cursor: None,
            tools: FsTools::tools(),
        })
    }

    async fn handle_call_tool_request(
        &self,
        params: CallToolRequestParams,
        _runtime: Arc<dyn McpServer>,
    ) -> Result<CallToolResult, CallToolError> {
        let tool: FsTools = FsTools::try_from(params).map_err(CallToolError::new)?;
        match tool {
            FsTools::ReadFile(t) => t.run(),
            FsTools::ReadMany(t) => t.run(),
            FsTools::WriteFile(t) => t.run().await,
            FsTools::ListDirectory(t) => t.run(&self.root),
            FsTools::CreateDirectory(t) => t.run(),
            FsTools::MoveFile(t) => {
                let from = self.root.join(&t.source);
                let to = self.root.join(&t.destination);
                std::fs::rename(&from, &to).map_err(CallToolError::new)?; // expect: path-traversal from=params
                text(format!("{}\nmoved {} to {}", self.settings.banner(), t.source, t.destination))
            }
        }
    }
}
