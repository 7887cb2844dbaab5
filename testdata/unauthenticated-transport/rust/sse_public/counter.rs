//! A counter tool.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use rmcp::{ServerHandler, model::ServerInfo, tool, tool_router};

#[derive(Clone, Default)]
pub struct Counter {
    count: Arc<AtomicU64>,
}

#[tool_router]
impl Counter {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds one and returns the new count.
    #[tool(description = "Increment the counter")]
    async fn increment(&self) -> String {
        (self.count.fetch_add(1, Ordering::SeqCst) + 1).to_string()
    }
}

impl ServerHandler for Counter {
    fn get_info(&self) -> ServerInfo {
        ServerInfo::default()
    }
}
