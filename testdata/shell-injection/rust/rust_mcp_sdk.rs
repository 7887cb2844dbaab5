//! Project task runner on rust-mcp-sdk: `#[mcp_tool]` structs, `tool_box!` and a
//! `ServerHandler` that dispatches on the generated enum.

use std::process::{Command, Output};
use std::sync::Arc;

use async_trait::async_trait;
use rust_mcp_sdk::macros::{JsonSchema, mcp_tool};
use rust_mcp_sdk::schema::{
    CallToolRequestParams, CallToolResult, ListToolsResult, PaginatedRequestParams, RpcError,
    TextContent, schema_utils::CallToolError,
};
use rust_mcp_sdk::{McpServer, mcp_server::ServerHandler, tool_box};
use serde::{Deserialize, Serialize};

const PROJECT_DIR: &str = "/srv/project";

fn reply(out: std::io::Result<Output>) -> Result<CallToolResult, CallToolError> {
    let out = out.map_err(CallToolError::new)?;
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    Ok(CallToolResult::text_content(vec![TextContent::from(text)]))
}

#[mcp_tool(
    name = "make",
    description = "Build a make target of the project",
    destructive_hint = false
)]
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
pub struct MakeTarget {
    /// Target from the Makefile
    target: String,
    /// Parallel jobs
    jobs: Option<u32>,
}

impl MakeTarget {
    pub fn run(&self) -> Result<CallToolResult, CallToolError> {
        let jobs = self.jobs.unwrap_or(4);
        let line = format!("make -j{} {}", jobs, self.target);
        reply(Command::new("sh").arg("-c").arg(&line).current_dir(PROJECT_DIR).output()) // expect: shell-injection
    }
}

#[mcp_tool(name = "npm_run", description = "Run a script from package.json")]
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
pub struct NpmRun {
    /// Script name
    script: String,
    /// Arguments forwarded after `--`
    #[serde(default)]
    extra: String,
}

impl NpmRun {
    pub async fn run(&self) -> Result<CallToolResult, CallToolError> {
        let mut line = "npm run ".to_string();
        line += &self.script;
        if !self.extra.is_empty() {
            line += " -- ";
            line += self.extra.as_str();
        }
        let out = tokio::process::Command::new("bash") // expect: shell-injection
            .args(["-lc", &line])
            .current_dir(PROJECT_DIR)
            .output()
            .await;
        reply(out)
    }
}

#[mcp_tool(name = "git_grep", description = "Search tracked files", read_only_hint = true)]
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
pub struct GitGrep {
    /// Fixed string to look for
    pattern: String,
}

impl GitGrep {
    pub fn run(&self) -> Result<CallToolResult, CallToolError> {
        reply(
            Command::new("git")
                .args(["grep", "-n", "-F", "--"])
                .arg(&self.pattern)
                .current_dir(PROJECT_DIR)
                .output(),
        )
    }
}

#[mcp_tool(name = "which", description = "Locate a program on PATH", read_only_hint = true)]
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
pub struct Which {
    /// Program name
    program: String,
}

impl Which {
    pub fn run(&self) -> Result<CallToolResult, CallToolError> {
        reply(Command::new("which").arg(self.program.as_str()).output())
    }
}

#[mcp_tool(name = "shell", description = "Run a command line in the project directory")]
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
pub struct Shell {
    /// Command line
    command: String,
}

#[mcp_tool(name = "run_hook", description = "Run one of the hooks from .hooks.toml")]
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
pub struct RunHook {
    /// Hook name
    name: String,
}

/// A hook read from the project's configuration file; its fields are not tool input.
#[derive(Debug, Deserialize)]
pub struct Hook {
    name: String,
    command: String,
}

impl Hook {
    fn fire(&self) -> std::io::Result<Output> {
        Command::new("sh").arg("-c").arg(&self.command).current_dir(PROJECT_DIR).output()
    }
}

fn load_hooks() -> Vec<Hook> {
    let text = std::fs::read_to_string(format!("{PROJECT_DIR}/.hooks.toml")).unwrap_or_default();
    toml::from_str::<std::collections::HashMap<String, Vec<Hook>>>(&text)
        .ok()
        .and_then(|mut m| m.remove("hook"))
        .unwrap_or_default()
}

tool_box!(ProjectTools, [MakeTarget, NpmRun, GitGrep, Which, Shell, RunHook]);

pub struct ProjectHandler;

#[async_trait]
impl ServerHandler for ProjectHandler {
    async fn handle_list_tools_request(
        &self,
        _params: Option<PaginatedRequestParams>,
        _runtime: Arc<dyn McpServer>,
    ) -> Result<ListToolsResult, RpcError> {
        Ok(ListToolsResult {
            meta: None,
            next_cursor: None,
            tools: ProjectTools::tools(),
        })
    }

    async fn handle_call_tool_request(
        &self,
        params: CallToolRequestParams,
        _runtime: Arc<dyn McpServer>,
    ) -> Result<CallToolResult, CallToolError> {
        let tool = ProjectTools::try_from(params).map_err(CallToolError::new)?;
        match tool {
            ProjectTools::MakeTarget(t) => t.run(),
            ProjectTools::NpmRun(t) => t.run().await,
            ProjectTools::GitGrep(t) => t.run(),
            ProjectTools::Which(t) => t.run(),
            ProjectTools::Shell(t) => {
                let script = t.command.clone();
                reply(Command::new("sh").arg("-c").arg(script).current_dir(PROJECT_DIR).output()) // expect: shell-injection from=params
            }
            ProjectTools::RunHook(t) => {
                let hooks = load_hooks();
                match hooks.iter().find(|h| h.name == t.name) {
                    Some(hook) => reply(hook.fire()),
                    None => Err(CallToolError::unknown_tool(t.name.clone())),
                }
            }
        }
    }
}
