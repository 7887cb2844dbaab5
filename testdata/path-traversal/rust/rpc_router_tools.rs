//! Tools of a hand-written MCP server built on rpc-router: each tool is a method of the router,
//! and the stdio loop turns a `tools/call` into a call of the method named by the tool.
use std::path::Path;

use rpc_router::{Handler, HandlerResult, RouterBuilder, RpcParams};
use serde::{Deserialize, Serialize};

const LOGS: &str = "/var/log/app";

#[derive(Deserialize, Serialize, RpcParams)]
pub struct TailRequest {
    pub file: String,
    pub lines: Option<usize>,
}

#[derive(Serialize)]
pub struct TextResult {
    pub text: String,
}

fn last_lines(body: &str, n: Option<usize>) -> String {
    let all: Vec<&str> = body.lines().collect();
    all[all.len().saturating_sub(n.unwrap_or(20))..].join("\n")
}

pub async fn tail_log(request: TailRequest) -> HandlerResult<TextResult> {
    let body = std::fs::read_to_string(Path::new(LOGS).join(&request.file)).unwrap_or_default(); // expect: path-traversal from=request
    Ok(TextResult { text: last_lines(&body, request.lines) })
}

pub async fn tail_log_by_name(request: TailRequest) -> HandlerResult<TextResult> {
    let name = Path::new(&request.file).file_name().map(|n| n.to_owned()).unwrap_or_default();
    let body = std::fs::read_to_string(Path::new(LOGS).join(name)).unwrap_or_default();
    Ok(TextResult { text: last_lines(&body, request.lines) })
}

pub async fn tools_list(_request: Option<serde_json::Value>) -> HandlerResult<serde_json::Value> {
    Ok(serde_json::json!({ "tools": [{ "name": "tail_log" }, { "name": "tail_log_by_name" }] }))
}

/// Adds the tools to the router.
pub fn register_tools(builder: RouterBuilder) -> RouterBuilder {
    builder
        .append_dyn("tools/list", tools_list.into_dyn())
        .append_dyn("tail_log", tail_log.into_dyn())
        .append_dyn("tail_log_by_name", tail_log_by_name.into_dyn())
}
