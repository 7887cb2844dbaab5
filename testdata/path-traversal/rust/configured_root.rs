//! Workspace file tools (rmcp 0.2+) whose base directory is optional configuration: with none
//! set the server reads anywhere by the operator's choice; with one set, every path is checked
//! against it. A check run only when its own root is configured contains; one run only under an
//! unrelated switch does not.

use std::path::PathBuf;

use rmcp::{
    ErrorData, ServerHandler,
    handler::server::{router::tool::ToolRouter, wrapper::Parameters},
    model::{CallToolResult, Content},
    schemars, tool, tool_handler, tool_router,
};
use serde::Deserialize;

#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct FileArgs {
    /// Path of the file to read
    pub path: String,
}

#[derive(Clone)]
pub struct Workspace {
    /// Canonical base directory, when the operator configured one.
    base_dir: Option<PathBuf>,
    /// Whether the operator asked for strict mode.
    strict: bool,
    tool_router: ToolRouter<Workspace>,
}

fn denied() -> ErrorData {
    ErrorData::invalid_params("path outside the workspace", None)
}

fn io(e: std::io::Error) -> ErrorData {
    ErrorData::internal_error(e.to_string(), None)
}

fn reply(s: String) -> Result<CallToolResult, ErrorData> {
    Ok(CallToolResult::success(vec![Content::text(s)]))
}

#[tool_router]
impl Workspace {
    pub fn new(base_dir: Option<PathBuf>, strict: bool) -> std::io::Result<Self> {
        Ok(Self {
            base_dir: base_dir.map(std::fs::canonicalize).transpose()?,
            strict,
            tool_router: Self::tool_router(),
        })
    }

    #[tool(description = "Read a file of the workspace")]
    fn read_file(&self, Parameters(args): Parameters<FileArgs>) -> Result<CallToolResult, ErrorData> {
        let real = std::fs::canonicalize(&args.path).map_err(io)?;
        if let Some(base) = &self.base_dir {
            if !real.starts_with(base) {
                return Err(denied());
            }
        }
        reply(std::fs::read_to_string(&real).map_err(io)?)
    }

    #[tool(description = "Read a file of the workspace")]
    fn read_file_loose(&self, Parameters(args): Parameters<FileArgs>) -> Result<CallToolResult, ErrorData> {
        let real = std::fs::canonicalize(&args.path).map_err(io)?;
        if let Some(base) = self.base_dir.as_ref().filter(|_| self.strict) {
            if !real.starts_with(base) {
                return Err(denied());
            }
        }
        reply(std::fs::read_to_string(&real).map_err(io)?) // expect: path-traversal from=args
    }
}

#[tool_handler]
impl ServerHandler for Workspace {}
