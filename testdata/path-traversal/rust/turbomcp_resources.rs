//! A documentation server on turbomcp: `#[resource]` handlers receive the URI template's
//! variables as plain parameters, chosen by the client.
use std::path::{Path, PathBuf};

use turbomcp::prelude::*;

#[derive(Clone)]
struct DocsServer {
    root: PathBuf,
}

fn not_found(e: std::io::Error) -> McpError {
    McpError::resource(e.to_string())
}

#[server(name = "docs", version = "1.0.0")]
impl DocsServer {
    #[resource("docs://pages/{page}")]
    async fn page(&self, page: String) -> McpResult<String> {
        tokio::fs::read_to_string(self.root.join("pages").join(&page)).await.map_err(not_found) // expect: path-traversal
    }

    #[resource("docs://assets/{asset}")]
    async fn asset(&self, asset: String) -> McpResult<String> {
        let name = Path::new(&asset).file_name().ok_or_else(|| McpError::invalid_request("bad asset name"))?;
        tokio::fs::read_to_string(self.root.join("assets").join(name)).await.map_err(not_found)
    }

    #[resource("docs://config/{file}")]
    async fn config(&self, file: String) -> McpResult<String> {
        if file != "book.toml" {
            return Err(McpError::invalid_request("only book.toml is published"));
        }
        tokio::fs::read_to_string(self.root.join(&file)).await.map_err(not_found) // safe: path-traversal
    }

    #[resource("docs://theme/{file}")]
    async fn theme(&self, file: String) -> McpResult<String> {
        if file != "book.toml" {
            tracing::debug!("serving theme file {file}");
        }
        tokio::fs::read_to_string(self.root.join("theme").join(&file)).await.map_err(not_found) // expect: path-traversal
    }

    #[tool("Count the pages of the book")]
    async fn page_count(&self) -> McpResult<usize> {
        let entries = std::fs::read_dir(self.root.join("pages")).map_err(not_found)?;
        Ok(entries.count())
    }
}
