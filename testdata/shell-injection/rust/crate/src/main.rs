//! Git helper server split over modules: tools in `tools/`, process helpers in `util.rs`.

mod tools;
mod util;

use std::path::PathBuf;

use rmcp::{
    ServerHandler, ServiceExt,
    handler::server::router::tool::ToolRouter,
    model::{Implementation, ServerCapabilities, ServerInfo},
    tool_handler,
    transport::stdio,
};

#[derive(Clone)]
pub struct GitServer {
    pub(crate) repo: PathBuf,
    tool_router: ToolRouter<GitServer>,
}

#[tool_handler]
impl ServerHandler for GitServer {
    fn get_info(&self) -> ServerInfo {
        ServerInfo {
            capabilities: ServerCapabilities::builder().enable_tools().build(),
            server_info: Implementation::from_build_env(),
            instructions: Some("Inspect and maintain the git repository.".into()),
            ..Default::default()
        }
    }
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let repo = std::env::var("GIT_REPO").map(PathBuf::from).unwrap_or_else(|_| ".".into());
    let service = GitServer::new(repo).serve(stdio()).await?;
    service.waiting().await?;
    Ok(())
}
