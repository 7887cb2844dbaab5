//! A sandbox proxy (rmcp 0.1 #[tool(tool_box)] style): the tool names a sandbox, the server looks
//! up the local port it gave that sandbox and forwards the call there.
use std::collections::HashMap;
use std::sync::Arc;

use rmcp::model::{CallToolResult, Content};
use rmcp::{Error as McpError, tool};
use tokio::sync::RwLock;

const LOCALHOST: &str = "127.0.0.1";

fn fail(e: impl std::fmt::Display) -> McpError {
    McpError::internal_error(e.to_string(), None)
}

#[derive(Default)]
pub struct PortTable {
    by_sandbox: HashMap<String, u16>,
}

impl PortTable {
    /// The port assigned to a sandbox.
    pub fn port_of(&self, sandbox: &str) -> Option<u16> {
        self.by_sandbox.get(sandbox).copied()
    }
}

#[derive(Clone, Default)]
pub struct SandboxProxy {
    ports: Arc<RwLock<PortTable>>,
}

impl SandboxProxy {
    async fn portal_url(&self, sandbox: &str) -> Result<String, McpError> {
        let table = self.ports.read().await;
        let port = table.port_of(sandbox).ok_or_else(|| fail("unknown sandbox"))?;
        Ok(format!("http://{}:{}", LOCALHOST, port))
    }
}

#[tool(tool_box)]
impl SandboxProxy {
    #[tool(description = "Run code in a sandbox")]
    async fn run(&self, #[tool(param)] sandbox: String, #[tool(param)] code: String) -> Result<CallToolResult, McpError> {
        let url = format!("{}/api/v1/run", self.portal_url(&sandbox).await?);
        let client = reqwest::Client::new();
        let body = client.post(&url).body(code).send().await.map_err(fail)?.text().await.map_err(fail)?;
        Ok(CallToolResult::success(vec![Content::text(body)]))
    }

    #[tool(description = "Run code in a sandbox on a given host")]
    async fn run_on(&self, #[tool(param)] host: String, #[tool(param)] code: String) -> Result<CallToolResult, McpError> {
        let url = format!("http://{}/api/v1/run", host);
        let client = reqwest::Client::new();
        let body = client.post(&url).body(code).send().await.map_err(fail)?.text().await.map_err(fail)?;  // expect: ssrf from=host
        Ok(CallToolResult::success(vec![Content::text(body)]))
    }
}
