//! Git helpers over rmcp `#[tool_router]`: error formatting done right and wrong.

use std::process::Command;

use rmcp::{
    ErrorData as McpError, ServerHandler,
    handler::server::{router::tool::ToolRouter, wrapper::Parameters},
    model::{CallToolResult, Content, ServerCapabilities, ServerInfo},
    schemars, tool, tool_handler, tool_router,
};
use serde::Deserialize;

#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct RepoArgs {
    /// Path of a repository under the workspace
    pub repo: String,
}

#[derive(Clone)]
pub struct GitTools {
    tool_router: ToolRouter<GitTools>,
}

fn git(repo: &str, args: &[&str]) -> anyhow::Result<String> {
    let out = Command::new("git").arg("-C").arg(repo).args(args).output()?;
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

#[tool_router]
impl GitTools {
    pub fn new() -> Self {
        Self { tool_router: Self::tool_router() }
    }

    #[tool(description = "Status of a repository")]
    async fn status(&self, Parameters(RepoArgs { repo }): Parameters<RepoArgs>) -> Result<CallToolResult, McpError> {
        match git(&repo, &["status", "--short"]) {
            Ok(s) => Ok(CallToolResult::success(vec![Content::text(s)])),
            Err(e) => Err(McpError::internal_error(format!("git status failed: {e:?}"), None)), // expect: error-leak
        }
    }

    #[tool(description = "Recent commits of a repository")]
    async fn log(&self, Parameters(RepoArgs { repo }): Parameters<RepoArgs>) -> Result<CallToolResult, McpError> {
        let text = git(&repo, &["log", "--oneline", "-20"])
            .map_err(|err| McpError::internal_error(format!("git log failed: {:#?}", err), None))?; // expect: error-leak
        Ok(CallToolResult::success(vec![Content::text(text)]))
    }

    #[tool(description = "Branches of a repository")]
    async fn branches(&self, Parameters(RepoArgs { repo }): Parameters<RepoArgs>) -> Result<CallToolResult, McpError> {
        match git(&repo, &["branch", "--list"]) {
            Ok(s) => Ok(CallToolResult::success(vec![Content::text(s)])),
            Err(e) => {
                let bt = std::backtrace::Backtrace::force_capture(); // expect: error-leak
                Ok(CallToolResult::error(vec![Content::text(format!("{e}\n{bt}"))]))
            }
        }
    }

    #[tool(description = "The environment git runs with")]
    async fn git_env(&self) -> Result<CallToolResult, McpError> {
        let vars: Vec<String> = std::env::vars().map(|(k, v)| format!("{k}={v}")).collect(); // expect: error-leak
        Ok(CallToolResult::success(vec![Content::text(vars.join("\n"))]))
    }

    // --- Near misses ------------------------------------------------------------------------

    #[tool(description = "Remotes of a repository")]
    async fn remotes(&self, Parameters(RepoArgs { repo }): Parameters<RepoArgs>) -> Result<CallToolResult, McpError> {
        match git(&repo, &["remote", "-v"]) {
            Ok(s) => Ok(CallToolResult::success(vec![Content::text(s)])),
            Err(e) => {
                eprintln!("git remote failed: {e:?}");
                tracing::error!(error = ?e, "git remote failed");
                Err(McpError::internal_error(format!("git remote failed: {e}"), None)) // safe: error-leak
            }
        }
    }

    #[tool(description = "Tags of a repository")]
    async fn tags(&self, Parameters(RepoArgs { repo }): Parameters<RepoArgs>) -> Result<CallToolResult, McpError> {
        let text = git(&repo, &["tag", "--list"]).map_err(|e| McpError::internal_error(e.to_string(), None))?;
        let debug_view = format!("{:?}", text.lines().count());
        Ok(CallToolResult::success(vec![Content::text(format!("{text}\n({debug_view} tags)"))]))
    }

    #[tool(description = "Which HOME git uses")]
    async fn home(&self) -> Result<CallToolResult, McpError> {
        let home = std::env::var("HOME").unwrap_or_default();
        let count = std::env::vars().count();
        Ok(CallToolResult::success(vec![Content::text(format!("{home} ({count} variables)"))]))
    }
}

#[tool_handler]
impl ServerHandler for GitTools {
    fn get_info(&self) -> ServerInfo {
        ServerInfo { capabilities: ServerCapabilities::builder().enable_tools().build(), ..Default::default() }
    }
}
