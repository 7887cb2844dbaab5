//! rmcp streamable HTTP on loopback, the address read from the environment with a safe default.

use rmcp::transport::streamable_http_server::{
    StreamableHttpService, session::local::LocalSessionManager,
};

mod tools;
use tools::Toolbox;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let bind = std::env::var("BIND").unwrap_or("127.0.0.1:8080".to_string());  // safe: exposed-transport
    let service = StreamableHttpService::new(  // expect: unauthenticated-transport
        || Ok(Toolbox::new()),
        LocalSessionManager::default().into(),
        Default::default(),
    );
    let listener = tokio::net::TcpListener::bind(bind).await?;
    axum::serve(listener, axum::Router::new().nest_service("/mcp", service)).await?;
    Ok(())
}

/// A second listener whose default is every interface.
pub async fn serve_public() -> anyhow::Result<()> {
    let bind = std::env::var("PUBLIC_BIND").unwrap_or("[::]:8443".to_string()); // expect: exposed-transport
    let listener = tokio::net::TcpListener::bind(&bind).await?;
    drop(listener);
    Ok(())
}
