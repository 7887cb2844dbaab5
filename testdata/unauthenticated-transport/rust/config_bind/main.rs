//! Log search over rmcp's streamable HTTP service; the listen address comes from the config file.

use rmcp::transport::streamable_http_server::{
    StreamableHttpService, session::local::LocalSessionManager,
};
use serde::Deserialize;

mod logs;
use logs::LogSearch;

#[derive(Deserialize)]
struct Config {
    listen: String,
    log_dir: String,
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let config: Config = toml::from_str(&std::fs::read_to_string("logsearch.toml")?)?;
    let dir = config.log_dir.clone();
    let service = StreamableHttpService::new( // warn: unauthenticated-transport
        move || Ok(LogSearch::new(dir.clone())),
        LocalSessionManager::default().into(),
        Default::default(),
    );
    let router = axum::Router::new().nest_service("/mcp", service);
    let listener = tokio::net::TcpListener::bind(&config.listen).await?;
    axum::serve(listener, router).await?;
    Ok(())
}
