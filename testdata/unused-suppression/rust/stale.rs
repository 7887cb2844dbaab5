//! Suppressions that no longer suppress anything, or that cannot be reviewed (rmcp 0.2+).

use std::process::Command;

use rmcp::{
    ErrorData, ServerHandler,
    handler::server::{router::tool::ToolRouter, wrapper::Parameters},
    model::{CallToolResult, Content},
    schemars, tool, tool_handler, tool_router,
};
use serde::Deserialize;

#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct UnitArgs {
    /// systemd unit name
    pub unit: String,
}

#[derive(Debug, Clone)]
pub struct Ops {
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
impl Ops {
    #[tool(description = "Show the uptime")]
    fn uptime(&self) -> Result<CallToolResult, ErrorData> {
        // expect: unused-suppression
        run(&mut Command::new("uptime")) // mcplint: ignore[shell-injection] -- fixed command
    }

    #[tool(description = "Restart a unit")]
    fn restart(&self, Parameters(args): Parameters<UnitArgs>) -> Result<CallToolResult, ErrorData> {
        let line = format!("systemctl restart {}", args.unit);
        // expect: unused-suppression
        run(Command::new("sh").arg("-c").arg(line)) // mcplint: ignore[shell-injection]
    }

    #[tool(description = "Show a unit's status")]
    fn status(&self, Parameters(args): Parameters<UnitArgs>) -> Result<CallToolResult, ErrorData> {
        let line = format!("systemctl status {}", args.unit);
        // expect: shell-injection from=args, unused-suppression
        run(Command::new("sh").arg("-c").arg(line)) // mcplint: ignore[shell-injecton] -- reviewed
    }

    #[tool(description = "Show a unit's recent journal")]
    fn journal(&self, Parameters(args): Parameters<UnitArgs>) -> Result<CallToolResult, ErrorData> {
        let line = format!("journalctl -u {} -n 50 | tail -n 20", args.unit);
        // A suppression that still suppresses a finding is not reported.
        // safe: unused-suppression
        run(Command::new("sh").arg("-c").arg(line)) // mcplint: ignore[shell-injection] -- the gateway only forwards units from its own list
    }
}

#[tool_handler]
impl ServerHandler for Ops {}
