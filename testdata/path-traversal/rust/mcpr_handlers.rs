//! Tools registered on an mcpr server as closures of the tool's JSON arguments.
use std::path::Path;

use mcpr::error::MCPError;
use mcpr::schema::common::Tool;
use mcpr::server::{Server, ServerConfig};
use mcpr::transport::stdio::StdioTransport;
use serde_json::{Value, json};

const SITE: &str = "/srv/site";

fn tool(name: &str, description: &str) -> Tool {
    Tool {
        name: name.to_string(),
        description: Some(description.to_string()),
        input_schema: serde_json::from_value(json!({ "type": "object" })).unwrap(),
    }
}

#[tokio::main]
async fn main() -> Result<(), MCPError> {
    let config = ServerConfig::new()
        .with_name("site-files")
        .with_tool(tool("read_page", "Read a page of the site"))
        .with_tool(tool("read_page_by_name", "Read a top-level page of the site"));
    let mut server: Server<StdioTransport> = Server::new(config);

    server.register_tool_handler("read_page", |params: Value| async move {
        let page = params["page"].as_str().unwrap_or("index.html").to_owned();
        let body = tokio::fs::read_to_string(Path::new(SITE).join(page)).await?; // expect: path-traversal from=params
        Ok(json!({ "body": body }))
    })?;

    server.register_tool_handler("read_page_by_name", |params: Value| async move {
        let page = params["page"].as_str().unwrap_or("index.html").to_owned();
        let name = Path::new(&page).file_name().map(|n| n.to_owned()).unwrap_or_default();
        let body = tokio::fs::read_to_string(Path::new(SITE).join(name)).await?;
        Ok(json!({ "body": body }))
    })?;

    server.serve(StdioTransport::new()).await
}
