//! Build-box tools whose shell use was reviewed: each finding is suppressed with a reason.

use std::process::Command;

use rmcp::{
    ErrorData, ServerHandler,
    handler::server::{router::tool::ToolRouter, wrapper::Parameters},
    model::{CallToolResult, Content},
    schemars, tool, tool_handler, tool_router,
};
use serde::Deserialize;

#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct TargetArgs {
    /// make target
    pub target: String,
}

#[derive(Debug, Clone)]
pub struct BuildBox {
    tool_router: ToolRouter<Self>,
}

fn run(cmd: &mut Command) -> Result<CallToolResult, ErrorData> {
    let out = cmd
        .output()
        .map_err(|e| ErrorData::internal_error(e.to_string(), None))?;
    Ok(CallToolResult::success(vec![Content::text(
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )]))
}

#[tool_router]
impl BuildBox {
    #[tool(description = "Run a make target")]
    fn make(&self, Parameters(args): Parameters<TargetArgs>) -> Result<CallToolResult, ErrorData> {
        let line = format!("make {}", args.target);
        run(Command::new("sh").arg("-c").arg(line)) // mcplint: ignore[shell-injection] -- admin-only server bound to localhost
    }

    #[tool(description = "Clean a make target")]
    fn clean(&self, Parameters(args): Parameters<TargetArgs>) -> Result<CallToolResult, ErrorData> {
        let line = format!("make clean-{}", args.target);
        // mcplint: ignore[shell-injection] -- targets are validated by the reverse proxy
        run(Command::new("sh").arg("-c").arg(line))
    }

    #[tool(description = "Remove a target's output")]
    fn remove(&self, Parameters(args): Parameters<TargetArgs>) -> Result<CallToolResult, ErrorData> {
        let line = format!("rm -rf out/{}", args.target);
        // expect: shell-injection from=args, unused-suppression
        run(Command::new("sh").arg("-c").arg(line)) // mcplint: ignore[sql-injection] -- wrong rule
    }
}

#[tool_handler]
impl ServerHandler for BuildBox {}
