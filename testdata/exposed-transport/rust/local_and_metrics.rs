//! A loopback MCP server next to a Prometheus exporter that listens everywhere. The exporter is
//! not an MCP transport, and this file serves MCP over stdio only.

use std::net::{Ipv4Addr, SocketAddr};

use rmcp::{ServiceExt, transport::stdio};

mod tools;
use tools::Toolbox;

async fn metrics() -> anyhow::Result<()> {
    let addr = SocketAddr::new(Ipv4Addr::UNSPECIFIED.into(), 9100);
    let listener = tokio::net::TcpListener::bind(addr).await?;
    axum::serve(listener, axum::Router::new()).await?;
    Ok(())
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    tokio::spawn(metrics());
    let service = Toolbox::new().serve(stdio()).await?;
    service.waiting().await?;
    Ok(())
}
