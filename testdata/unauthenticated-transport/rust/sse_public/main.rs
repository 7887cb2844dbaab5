//! A counter over rmcp's SSE server, on every interface.

use rmcp::transport::sse_server::SseServer;

mod counter;
use counter::Counter;

const BIND_ADDRESS: &str = "0.0.0.0:8000"; // expect: exposed-transport

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let ct = SseServer::serve(BIND_ADDRESS.parse()?) // expect: unauthenticated-transport
        .await?
        .with_service(Counter::new);
    tokio::signal::ctrl_c().await?;
    ct.cancel();
    Ok(())
}
