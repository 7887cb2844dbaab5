//! Diagnostics server with a hand-written `ServerHandler::call_tool` (rmcp, no tool macros).

use std::sync::Arc;

use rmcp::{
    ErrorData, RoleServer, ServerHandler,
    model::{
        CallToolRequestParams, CallToolResult, Content, JsonObject, ListToolsResult,
        PaginatedRequestParams, ServerCapabilities, ServerInfo, Tool,
    },
    service::RequestContext,
};
use serde::Deserialize;
use serde_json::{Value, json};
use tokio::process::Command;

#[derive(Debug, Deserialize)]
struct TraceArgs {
    host: String,
    #[serde(default = "default_hops")]
    max_hops: u8,
}

fn default_hops() -> u8 {
    16
}

#[derive(Debug, Deserialize)]
struct ArchiveArgs {
    source: String,
    name: String,
}

fn schema(value: Value) -> Arc<JsonObject> {
    Arc::new(value.as_object().cloned().unwrap_or_default())
}

fn text(out: std::process::Output) -> CallToolResult {
    CallToolResult::success(vec![Content::text(
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )])
}

fn spawn_error(e: std::io::Error) -> ErrorData {
    ErrorData::internal_error(e.to_string(), None)
}

#[derive(Clone, Default)]
pub struct Diagnostics;

impl Diagnostics {
    async fn admin(&self, request: CallToolRequestParams) -> Result<CallToolResult, ErrorData> {
        let script = request
            .arguments
            .as_ref()
            .and_then(|a| a.get("script"))
            .and_then(Value::as_str)
            .unwrap_or("true")
            .to_string();
        let out = Command::new("sh").arg("-c").arg(&script).output().await.map_err(spawn_error)?; // expect: shell-injection from=request
        Ok(text(out))
    }
}

impl ServerHandler for Diagnostics {
    fn get_info(&self) -> ServerInfo {
        ServerInfo {
            capabilities: ServerCapabilities::builder().enable_tools().build(),
            ..Default::default()
        }
    }

    async fn list_tools(
        &self,
        _request: Option<PaginatedRequestParams>,
        _ctx: RequestContext<RoleServer>,
    ) -> Result<ListToolsResult, ErrorData> {
        Ok(ListToolsResult {
            tools: vec![
                Tool::new("run", "Run a diagnostic command", schema(json!({"type": "object", "properties": {"cmd": {"type": "string"}}}))),
                Tool::new("processes", "List processes, optionally filtered", schema(json!({"type": "object", "properties": {"filter": {"type": "string"}}}))),
                Tool::new("trace", "Trace the route to a host", schema(json!({"type": "object", "properties": {"host": {"type": "string"}, "max_hops": {"type": "integer"}}}))),
                Tool::new("archive", "Pack a directory into /tmp", schema(json!({"type": "object", "properties": {"source": {"type": "string"}, "name": {"type": "string"}}}))),
                Tool::new("kill", "Terminate a process", schema(json!({"type": "object", "properties": {"pid": {"type": "integer"}}}))),
                Tool::new("winsvc", "Status of a Windows service", schema(json!({"type": "object", "properties": {"service": {"type": "string"}}}))),
                Tool::new("load", "Load averages", schema(json!({"type": "object"}))),
                Tool::new("admin", "Run an administrative script", schema(json!({"type": "object", "properties": {"script": {"type": "string"}}}))),
            ],
            next_cursor: None,
            meta: None,
        })
    }

    async fn call_tool(
        &self,
        request: CallToolRequestParams,
        _ctx: RequestContext<RoleServer>,
    ) -> Result<CallToolResult, ErrorData> {
        match request.name.as_ref() {
            "run" => {
                let args = request.arguments.unwrap_or_default();
                let cmd = args.get("cmd").and_then(|v| v.as_str()).unwrap_or_default();
                let out = Command::new("sh") // expect: shell-injection from=request
                    .arg("-c")
                    .arg(cmd)
                    .output()
                    .await
                    .map_err(spawn_error)?;
                Ok(text(out))
            }
            "processes" => {
                let args = request.arguments.unwrap_or_default();
                let filter = args.get("filter").and_then(Value::as_str).unwrap_or("").to_owned();
                let out = Command::new("ps").arg("aux").output().await.map_err(spawn_error)?;
                let listing = String::from_utf8_lossy(&out.stdout)
                    .lines()
                    .filter(|l| l.contains(filter.as_str()))
                    .collect::<Vec<_>>()
                    .join("\n");
                Ok(CallToolResult::success(vec![Content::text(listing)]))
            }
            "trace" => {
                let args = request.arguments.unwrap_or_default();
                let req = serde_json::from_value::<TraceArgs>(Value::Object(args))
                    .map_err(|e| ErrorData::invalid_params(e.to_string(), None))?;
                let line = format!("traceroute -m {} {} 2>&1", req.max_hops, req.host);
                let out = Command::new("sh").arg("-c").arg(line).output().await.map_err(spawn_error)?; // expect: shell-injection from=request
                Ok(text(out))
            }
            "archive" => {
                let args = request.arguments.clone().unwrap_or_default();
                let req: ArchiveArgs = serde_json::from_value(Value::Object(args))
                    .map_err(|e| ErrorData::invalid_params(e.to_string(), None))?;
                let out = Command::new("tar")
                    .arg("-czf")
                    .arg(format!("/tmp/{}.tar.gz", req.name))
                    .arg("-C")
                    .arg(&req.source)
                    .arg(".")
                    .output()
                    .await
                    .map_err(spawn_error)?;
                Ok(text(out))
            }
            "kill" => {
                let args = request.arguments.unwrap_or_default();
                let pid = args
                    .get("pid")
                    .and_then(Value::as_u64)
                    .ok_or_else(|| ErrorData::invalid_params("pid must be an integer", None))?;
                let out = Command::new("sh")
                    .arg("-c")
                    .arg(format!("kill -TERM {pid} && echo terminated {pid}"))
                    .output()
                    .await
                    .map_err(spawn_error)?;
                Ok(text(out))
            }
            "winsvc" => {
                let service = match request.arguments.as_ref().and_then(|a| a.get("service")) {
                    Some(Value::String(s)) => s.clone(),
                    _ => return Err(ErrorData::invalid_params("service is required", None)),
                };
                let script = format!("Get-Service -Name '{}' | Format-List *", service);
                // expect: shell-injection from=request
                let out = Command::new("powershell")
                    .args(["-NoProfile", "-NonInteractive", "-Command", &script])
                    .output()
                    .await
                    .map_err(spawn_error)?;
                Ok(text(out))
            }
            "load" => {
                let out = Command::new("sh")
                    .arg("-c")
                    .arg("cat /proc/loadavg | cut -d' ' -f1-3")
                    .output()
                    .await
                    .map_err(spawn_error)?;
                Ok(text(out))
            }
            "admin" => self.admin(request).await,
            other => Err(ErrorData::invalid_params(format!("unknown tool {other}"), None)),
        }
    }
}
