//! A clipboard-history server (rmcp SSE transport) configured with an `SseServerConfig` literal.
use rmcp::transport::sse_server::{SseServer, SseServerConfig};
use tokio_util::sync::CancellationToken;

mod clipboard;
use clipboard::ClipboardHistory;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let config = SseServerConfig {
        bind: "0.0.0.0:8765".parse()?, // expect: exposed-transport
        sse_path: "/sse".to_string(),
        post_path: "/message".to_string(),
        ct: CancellationToken::new(),
        sse_keep_alive: Some(std::time::Duration::from_secs(15)),
    };
    let ct = SseServer::serve_with_config(config).await?.with_service(ClipboardHistory::new);  // expect: unauthenticated-transport
    tokio::signal::ctrl_c().await?;
    ct.cancel();
    Ok(())
}
