//! Repository browser split over modules: tools in `tools/`, file helpers in `util/`.

mod tools;
mod util;

use std::path::PathBuf;

use rmcp::{
    ServerHandler, ServiceExt,
    handler::server::router::tool::ToolRouter,
    model::{ServerCapabilities, ServerInfo},
    tool_handler,
    transport::stdio,
};

#[derive(Clone)]
pub struct RepoBrowser {
    /// Canonical path of the repository working tree.
    pub(crate) repo: PathBuf,
    tool_router: ToolRouter<RepoBrowser>,
}

#[tool_handler]
impl ServerHandler for RepoBrowser {
    fn get_info(&self) -> ServerInfo {
        ServerInfo {
            capabilities: ServerCapabilities::builder().enable_tools().build(),
            instructions: Some("Browse the files and refs of one git repository.".into()),
            ..Default::default()
        }
    }
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let repo = std::fs::canonicalize(std::env::args().nth(1).unwrap_or_else(|| ".".into()))?;
    let server = RepoBrowser::new(repo).serve(stdio()).await?;
    server.waiting().await?;
    Ok(())
}
