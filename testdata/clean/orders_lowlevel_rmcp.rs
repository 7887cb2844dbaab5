//! Order support desk with a hand-written `ServerHandler::call_tool` (rmcp), tokio-postgres for
//! the orders database, invoices on disk and a queue worker managed through systemctl.

use std::path::PathBuf;
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
use tokio_postgres::Client;

const WORKER_ACTIONS: [&str; 3] = ["status", "restart", "stop"];

#[derive(Debug, Deserialize)]
struct OrderLookup {
    customer_email: String,
    #[serde(default = "default_limit")]
    limit: i64,
}

fn default_limit() -> i64 {
    20
}

#[derive(Debug, Deserialize)]
struct InvoiceArgs {
    invoice: String,
}

pub struct SupportDesk {
    db: Arc<Client>,
    /// Canonical folder of generated invoices.
    invoices: PathBuf,
}

fn schema(v: Value) -> Arc<JsonObject> {
    Arc::new(v.as_object().cloned().unwrap_or_default())
}

fn bad(msg: impl Into<String>) -> ErrorData {
    ErrorData::invalid_params(msg.into(), None)
}

fn internal(e: impl std::fmt::Display) -> ErrorData {
    ErrorData::internal_error(e.to_string(), None)
}

fn text(s: impl Into<String>) -> Result<CallToolResult, ErrorData> {
    Ok(CallToolResult::success(vec![Content::text(s.into())]))
}

impl ServerHandler for SupportDesk {
    fn get_info(&self) -> ServerInfo {
        ServerInfo {
            capabilities: ServerCapabilities::builder().enable_tools().build(),
            instructions: Some("Look up orders and invoices, and manage the order queue worker.".into()),
            ..Default::default()
        }
    }

    async fn list_tools(
        &self,
        _request: Option<PaginatedRequestParams>,
        _ctx: RequestContext<RoleServer>,
    ) -> Result<ListToolsResult, ErrorData> {
        let string = json!({"type": "string"});
        Ok(ListToolsResult {
            tools: vec![
                Tool::new("orders", "Recent orders of a customer", schema(json!({"type": "object", "properties": {"customer_email": string, "limit": {"type": "integer"}}}))),
                Tool::new("invoice", "Read a generated invoice", schema(json!({"type": "object", "properties": {"invoice": string}}))),
                Tool::new("worker", "Status, restart or stop of the queue worker", schema(json!({"type": "object", "properties": {"action": string}}))),
                Tool::new("refund", "Mark an order as refunded", schema(json!({"type": "object", "properties": {"order_id": {"type": "integer"}, "reason": string}}))),
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
        let args = request.arguments.unwrap_or_default();
        match request.name.as_ref() {
            "orders" => {
                let q: OrderLookup = serde_json::from_value(Value::Object(args)).map_err(|e| bad(e.to_string()))?;
                let rows = self
                    .db
                    .query(
                        "SELECT o.id, o.placed_at::text, o.total::text FROM orders o JOIN customers c ON c.id = o.customer_id \
                         WHERE c.email = $1 ORDER BY o.placed_at DESC LIMIT $2",
                        &[&q.customer_email, &q.limit.clamp(1, 100)],
                    )
                    .await
                    .map_err(internal)?;
                let lines: Vec<String> = rows
                    .iter()
                    .map(|r| format!("#{} {} {}", r.get::<_, i64>(0), r.get::<_, String>(1), r.get::<_, String>(2)))
                    .collect();
                text(lines.join("\n"))
            }
            "invoice" => {
                let a: InvoiceArgs = serde_json::from_value(Value::Object(args)).map_err(|e| bad(e.to_string()))?;
                let real = std::fs::canonicalize(self.invoices.join(&a.invoice)).map_err(internal)?;
                if !real.starts_with(&self.invoices) {
                    return Err(bad("unknown invoice"));
                }
                text(tokio::fs::read_to_string(&real).await.map_err(internal)?)
            }
            "worker" => {
                let action = args.get("action").and_then(Value::as_str).unwrap_or("status");
                if !WORKER_ACTIONS.contains(&action) {
                    return Err(bad("action must be status, restart or stop"));
                }
                let out = Command::new("sh")
                    .arg("-c")
                    .arg(format!("systemctl {action} order-worker.service 2>&1; systemctl is-active order-worker.service"))
                    .output()
                    .await
                    .map_err(internal)?;
                text(String::from_utf8_lossy(&out.stdout).into_owned())
            }
            "refund" => {
                let order_id = args.get("order_id").and_then(Value::as_i64).ok_or_else(|| bad("order_id is required"))?;
                let reason = args.get("reason").and_then(Value::as_str).unwrap_or("requested by support").to_string();
                let n = self
                    .db
                    .execute("UPDATE orders SET status = 'refunded', refund_reason = $2 WHERE id = $1", &[&order_id, &reason])
                    .await
                    .map_err(internal)?;
                text(format!("{n} order(s) refunded"))
            }
            other => Err(bad(format!("unknown tool {other}"))),
        }
    }
}
