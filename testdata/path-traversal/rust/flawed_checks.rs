//! Workspace file tools with flawed checks next to their one-line fixes (rmcp 0.2+). The finding
//! of a flawed check sits on the check, where the fix goes. `Path::starts_with` compares whole
//! components and is sound on a canonical path; comparing the strings is not.

use std::path::{Path, PathBuf};

use rmcp::{
    ErrorData, ServerHandler,
    handler::server::{router::tool::ToolRouter, wrapper::Parameters},
    model::{CallToolResult, Content},
    schemars, tool, tool_handler, tool_router,
};
use serde::Deserialize;

#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct FileArgs {
    /// Path below one of the allowed folders
    pub path: String,
}

#[derive(Clone)]
pub struct Workspace {
    /// Canonical workspace root.
    root: PathBuf,
    /// Canonical allowed folders.
    allowed: Vec<PathBuf>,
    tool_router: ToolRouter<Workspace>,
}

fn denied() -> ErrorData {
    ErrorData::invalid_params("path outside the allowed folders", None)
}

fn io(e: std::io::Error) -> ErrorData {
    ErrorData::internal_error(e.to_string(), None)
}

fn reply(s: String) -> Result<CallToolResult, ErrorData> {
    Ok(CallToolResult::success(vec![Content::text(s)]))
}

/// True when `candidate` resolves to a location inside `root`.
fn is_inside(root: &Path, candidate: &Path) -> bool {
    match std::fs::canonicalize(candidate) {
        Ok(real) => real.to_string_lossy().starts_with(&*root.to_string_lossy()), // expect: path-traversal from=args
        Err(_) => false,
    }
}

/// True when `candidate` resolves to a location inside `root`.
fn is_inside_fixed(root: &Path, candidate: &Path) -> bool {
    match std::fs::canonicalize(candidate) {
        Ok(real) => real.starts_with(root),
        Err(_) => false,
    }
}

#[tool_router]
impl Workspace {
    pub fn new(root: &Path, allowed: &[PathBuf]) -> std::io::Result<Self> {
        Ok(Self {
            root: std::fs::canonicalize(root)?,
            allowed: allowed.iter().map(std::fs::canonicalize).collect::<Result<_, _>>()?,
            tool_router: Self::tool_router(),
        })
    }

    // `/srv/workspace-old/x` starts with the text `/srv/workspace`.
    #[tool(description = "Read a file of the workspace")]
    fn read_file(&self, Parameters(args): Parameters<FileArgs>) -> Result<CallToolResult, ErrorData> {
        let real = std::fs::canonicalize(self.root.join(&args.path)).map_err(io)?;
        if !real.to_string_lossy().starts_with(&*self.root.to_string_lossy()) { // expect: path-traversal from=args
            return Err(denied());
        }
        let size = std::fs::metadata(&real).map_err(io)?.len();
        reply(format!("{size}: {}", std::fs::read_to_string(&real).map_err(io)?))
    }

    #[tool(description = "Read a file of the workspace")]
    fn read_file_fixed(&self, Parameters(args): Parameters<FileArgs>) -> Result<CallToolResult, ErrorData> {
        let real = std::fs::canonicalize(self.root.join(&args.path)).map_err(io)?;
        if !real.starts_with(&self.root) {
            return Err(denied());
        }
        let size = std::fs::metadata(&real).map_err(io)?.len();
        reply(format!("{size}: {}", std::fs::read_to_string(&real).map_err(io)?))
    }

    #[tool(description = "Delete a file in an allowed folder")]
    fn delete_file(&self, Parameters(args): Parameters<FileArgs>) -> Result<CallToolResult, ErrorData> {
        let real = std::fs::canonicalize(&args.path).map_err(io)?;
        let text = real.to_string_lossy().to_string();
        if !self.allowed.iter().any(|dir| text.starts_with(&*dir.to_string_lossy())) { // expect: path-traversal from=args
            return Err(denied());
        }
        std::fs::remove_file(&real).map_err(io)?;
        reply("deleted".into())
    }

    #[tool(description = "Delete a file in an allowed folder")]
    fn delete_file_fixed(&self, Parameters(args): Parameters<FileArgs>) -> Result<CallToolResult, ErrorData> {
        let real = std::fs::canonicalize(&args.path).map_err(io)?;
        let text = real.to_string_lossy().to_string();
        if !self.allowed.iter().any(|dir| real.starts_with(dir)) {
            return Err(denied());
        }
        std::fs::remove_file(&real).map_err(io)?;
        reply("deleted".into())
    }

    #[tool(description = "Show a file of an allowed folder")]
    fn show_file(&self, Parameters(args): Parameters<FileArgs>) -> Result<CallToolResult, ErrorData> {
        let joined = self.root.join(&args.path);
        if !is_inside(&self.root, &joined) {
            return Err(denied());
        }
        reply(std::fs::read_to_string(&joined).map_err(io)?)
    }

    #[tool(description = "Show a file of an allowed folder")]
    fn show_file_fixed(&self, Parameters(args): Parameters<FileArgs>) -> Result<CallToolResult, ErrorData> {
        let joined = self.root.join(&args.path);
        if !is_inside_fixed(&self.root, &joined) {
            return Err(denied());
        }
        reply(std::fs::read_to_string(&joined).map_err(io)?)
    }

    // `std::path::absolute` does not resolve symlinks: a link in the workspace points anywhere.
    #[tool(description = "Append to a log file of the workspace")]
    fn append_log(&self, Parameters(args): Parameters<FileArgs>) -> Result<CallToolResult, ErrorData> {
        let target = std::path::absolute(self.root.join(&args.path)).map_err(io)?;
        if !target.starts_with(&self.root) { // expect: path-traversal from=args
            return Err(denied());
        }
        std::fs::write(&target, b"entry\n").map_err(io)?;
        reply("appended".into())
    }

    #[tool(description = "Append to a log file of the workspace")]
    fn append_log_fixed(&self, Parameters(args): Parameters<FileArgs>) -> Result<CallToolResult, ErrorData> {
        let target = std::fs::canonicalize(self.root.join(&args.path)).map_err(io)?;
        if !target.starts_with(&self.root) {
            return Err(denied());
        }
        std::fs::write(&target, b"entry\n").map_err(io)?;
        reply("appended".into())
    }
}

#[tool_handler]
impl ServerHandler for Workspace {}
