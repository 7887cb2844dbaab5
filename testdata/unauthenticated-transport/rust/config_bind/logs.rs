//! The log search tool.

use rmcp::{ServerHandler, model::ServerInfo, tool, tool_router};

#[derive(Clone)]
pub struct LogSearch {
    dir: String,
}

#[tool_router]
impl LogSearch {
    pub fn new(dir: String) -> Self {
        Self { dir }
    }

    /// How many log files the server keeps.
    #[tool(description = "Count the log files")]
    async fn count(&self) -> String {
        match std::fs::read_dir(&self.dir) {
            Ok(entries) => entries.count().to_string(),
            Err(e) => e.to_string(),
        }
    }
}

impl ServerHandler for LogSearch {
    fn get_info(&self) -> ServerInfo {
        ServerInfo::default()
    }
}
