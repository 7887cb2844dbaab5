//! The registry's tools.

use rmcp::{ServerHandler, model::ServerInfo, tool, tool_router};

#[derive(Clone, Default)]
pub struct Registry;

#[tool_router]
impl Registry {
    pub fn new() -> Self {
        Self
    }

    /// Packages whose name contains a word.
    #[tool(description = "Search packages by name")]
    async fn search(&self, #[tool(param)] word: String) -> String {
        format!("no package matches {word}")
    }
}

impl ServerHandler for Registry {
    fn get_info(&self) -> ServerInfo {
        ServerInfo::default()
    }
}
