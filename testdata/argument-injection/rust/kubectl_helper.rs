//! Cluster tools (rmcp 0.2+) that run kubectl through one helper taking the argument vector.
use std::io;
use std::process::{Command, Output};

use rmcp::{
    ErrorData, ServerHandler,
    handler::server::{router::tool::ToolRouter, wrapper::Parameters},
    model::{CallToolResult, Content},
    schemars, tool, tool_handler, tool_router,
};
use serde::Deserialize;

#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct PodArgs {
    /// Name of a pod in the default namespace
    pub pod: String,
}

#[derive(Clone)]
pub struct Cluster {
    tool_router: ToolRouter<Cluster>,
}

/// Runs kubectl with the given arguments; every caller passes a checked vector.
fn kubectl(args: &[&str]) -> io::Result<Output> {
    Command::new("kubectl").args(args).output() // safe: argument-injection
}

fn text(out: io::Result<Output>) -> Result<CallToolResult, ErrorData> {
    let out = out.map_err(|e| ErrorData::internal_error(e.to_string(), None))?;
    Ok(CallToolResult::success(vec![Content::text(String::from_utf8_lossy(&out.stdout).into_owned())]))
}

#[tool_router]
impl Cluster {
    #[tool(description = "List the pods of the default namespace")]
    fn pods(&self) -> Result<CallToolResult, ErrorData> {
        text(kubectl(&["get", "pods", "-o", "wide"]))
    }

    #[tool(description = "Describe one pod")]
    fn describe(&self, Parameters(PodArgs { pod }): Parameters<PodArgs>) -> Result<CallToolResult, ErrorData> {
        if pod.starts_with('-') {
            return Err(ErrorData::invalid_params("pod names cannot start with '-'", None));
        }
        text(kubectl(&["describe", "pod", &pod]))
    }
}

#[tool_handler]
impl ServerHandler for Cluster {}
