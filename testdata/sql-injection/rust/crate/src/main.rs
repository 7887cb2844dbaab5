//! Commit history index over SQLite, split over modules: tools in `tools/`, database helpers in
//! `util.rs`.

mod tools;
mod util;

use std::sync::{Arc, Mutex};

use rmcp::{
    ServerHandler, ServiceExt,
    handler::server::router::tool::ToolRouter,
    model::{ServerCapabilities, ServerInfo},
    tool_handler,
    transport::stdio,
};
use rusqlite::Connection;

#[derive(Clone)]
pub struct HistoryIndex {
    pub(crate) conn: Arc<Mutex<Connection>>,
    tool_router: ToolRouter<HistoryIndex>,
}

#[tool_handler]
impl ServerHandler for HistoryIndex {
    fn get_info(&self) -> ServerInfo {
        ServerInfo {
            capabilities: ServerCapabilities::builder().enable_tools().build(),
            instructions: Some("Query the indexed commit history.".into()),
            ..Default::default()
        }
    }
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let conn = Connection::open(std::env::var("HISTORY_DB").unwrap_or_else(|_| "history.db".into()))?;
    util::migrate(&conn)?;
    let server = HistoryIndex::new(conn).serve(stdio()).await?;
    server.waiting().await?;
    Ok(())
}
