//! Counter service over rmcp's SSE server (rmcp 0.2), with a permissive CORS layer.

use rmcp::{
    ServerHandler,
    model::{CallToolResult, Content, ServerCapabilities, ServerInfo},
    tool, tool_handler, tool_router,
    handler::server::router::tool::ToolRouter,
    transport::sse_server::{SseServer, SseServerConfig},
};
use std::sync::Arc;
use tokio::sync::Mutex;
use tokio_util::sync::CancellationToken;
use tower_http::cors::{Any, CorsLayer};

const BIND_ADDRESS: &str = "0.0.0.0:8000"; // expect: exposed-transport

#[derive(Clone)]
pub struct Counter {
    count: Arc<Mutex<i64>>,
    tool_router: ToolRouter<Counter>,
}

#[tool_router]
impl Counter {
    pub fn new() -> Self {
        Self { count: Arc::new(Mutex::new(0)), tool_router: Self::tool_router() }
    }

    #[tool(description = "Increment the counter by one")]
    async fn increment(&self) -> Result<CallToolResult, rmcp::ErrorData> {
        let mut c = self.count.lock().await;
        *c += 1;
        Ok(CallToolResult::success(vec![Content::text(c.to_string())]))
    }
}

#[tool_handler]
impl ServerHandler for Counter {
    fn get_info(&self) -> ServerInfo {
        ServerInfo { capabilities: ServerCapabilities::builder().enable_tools().build(), ..Default::default() }
    }
}

/// Every origin, with credentials (cookies, Authorization) allowed.
pub fn cors_for_browsers() -> CorsLayer {
    CorsLayer::very_permissive() // expect: exposed-transport
}

/// Every origin, no credentials: the MCP Inspector can connect, no cookies travel.
pub fn cors_for_inspector() -> CorsLayer {
    CorsLayer::new().allow_origin(Any).allow_methods(Any).allow_headers(Any)
}

/// A listed origin with credentials.
pub fn cors_for_portal() -> CorsLayer {
    CorsLayer::new()
        .allow_origin("https://portal.example.com".parse::<http::HeaderValue>().unwrap())
        .allow_credentials(true)
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let ct = SseServer::serve(BIND_ADDRESS.parse()?)  // expect: unauthenticated-transport
        .await?
        .with_service(Counter::new);
    tokio::signal::ctrl_c().await?;
    ct.cancel();
    Ok(())
}

/// The same server on loopback, configured field by field.
pub async fn serve_local() -> anyhow::Result<()> {
    let config = SseServerConfig {
        bind: "127.0.0.1:8001".parse()?,
        sse_path: "/sse".to_string(),
        post_path: "/message".to_string(),
        ct: CancellationToken::new(),
        sse_keep_alive: None,
    };
    let ct = SseServer::serve_with_config(config).await?.with_service(Counter::new);
    ct.cancelled().await;
    Ok(())
}
