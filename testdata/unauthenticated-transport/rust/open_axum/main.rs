//! Package registry search: rmcp's streamable HTTP service in an axum router, for the office LAN.

use std::net::SocketAddr;

use rmcp::transport::streamable_http_server::{
    StreamableHttpService, session::local::LocalSessionManager,
};

mod registry;
use registry::Registry;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let service = StreamableHttpService::new( // expect: unauthenticated-transport
        || Ok(Registry::new()),
        LocalSessionManager::default().into(),
        Default::default(),
    );
    let router = axum::Router::new().nest_service("/mcp", service);
    let addr = SocketAddr::from(([0, 0, 0, 0], 8080)); // expect: exposed-transport
    let listener = tokio::net::TcpListener::bind(addr).await?;
    axum::serve(listener, router).await?;
    Ok(())
}
