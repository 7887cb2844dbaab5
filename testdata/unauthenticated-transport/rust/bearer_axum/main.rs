//! Package registry search: rmcp's streamable HTTP service behind a bearer-token layer.

use std::net::SocketAddr;

use tower_http::validate_request::ValidateRequestHeaderLayer;
use rmcp::transport::streamable_http_server::{
    StreamableHttpService, session::local::LocalSessionManager,
};

mod registry;
use registry::Registry;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let service = StreamableHttpService::new( // safe: unauthenticated-transport
        || Ok(Registry::new()),
        LocalSessionManager::default().into(),
        Default::default(),
    );
    let token = std::env::var("REGISTRY_TOKEN")?;
    let router = axum::Router::new()
        .nest_service("/mcp", service)
        .layer(ValidateRequestHeaderLayer::bearer(&token));
    let addr = SocketAddr::from(([0, 0, 0, 0], 8080)); // expect: exposed-transport
    let listener = tokio::net::TcpListener::bind(addr).await?;
    axum::serve(listener, router).await?;
    Ok(())
}
