//! A docs fetcher with URL checks (rmcp 0.1 #[tool(tool_box)] style), some sound and some not.
use rmcp::model::{CallToolResult, Content};
use rmcp::{Error as McpError, tool};
use url::Url;

const ALLOWED_HOSTS: [&str; 2] = ["docs.rs", "doc.rust-lang.org"];

#[derive(Clone, Default)]
pub struct DocsFetcher;

fn fail(e: impl std::fmt::Display) -> McpError {
    McpError::internal_error(e.to_string(), None)
}

#[tool(tool_box)]
impl DocsFetcher {
    #[tool(description = "Fetch a docs.rs page")]
    async fn docs_rs(&self, #[tool(param)] url: String) -> Result<CallToolResult, McpError> {
        let parsed = Url::parse(&url).map_err(fail)?;
        if parsed.host_str() != Some("docs.rs") {
            return Err(McpError::invalid_params("only docs.rs", None));
        }
        let body = reqwest::get(parsed).await.map_err(fail)?.text().await.map_err(fail)?;
        Ok(CallToolResult::success(vec![Content::text(body)]))
    }

    #[tool(description = "Fetch a page of an allowed host")]
    async fn allowed(&self, #[tool(param)] url: String) -> Result<CallToolResult, McpError> {
        let parsed = Url::parse(&url).map_err(fail)?;
        let host = parsed.host_str().unwrap_or_default();
        if !ALLOWED_HOSTS.contains(&host) {
            return Err(McpError::invalid_params("host not allowed", None));
        }
        let body = reqwest::get(url.as_str()).await.map_err(fail)?.text().await.map_err(fail)?;
        Ok(CallToolResult::success(vec![Content::text(body)]))
    }

    #[tool(description = "Fetch a std docs page")]
    async fn std_doc(&self, #[tool(param)] url: String) -> Result<CallToolResult, McpError> {
        if !url.starts_with("https://doc.rust-lang.org/") {
            return Err(McpError::invalid_params("only doc.rust-lang.org", None));
        }
        let body = ureq::get(&url).call().map_err(fail)?.into_string().map_err(fail)?;
        Ok(CallToolResult::success(vec![Content::text(body)]))
    }

    // --- Flawed checks ---------------------------------------------------------------------------

    #[tool(description = "Fetch a docs.rs page (prefix without a slash)")]
    async fn docs_prefix(&self, #[tool(param)] url: String) -> Result<CallToolResult, McpError> {
        if !url.starts_with("https://docs.rs") {
            return Err(McpError::invalid_params("only docs.rs", None));
        }
        let body = reqwest::get(&url).await.map_err(fail)?.text().await.map_err(fail)?; // expect: ssrf
        Ok(CallToolResult::success(vec![Content::text(body)]))
    }

    #[tool(description = "Fetch any https page")]
    async fn any_https(&self, #[tool(param)] url: String) -> Result<CallToolResult, McpError> {
        let parsed = Url::parse(&url).map_err(fail)?;
        if parsed.scheme() != "https" {
            return Err(McpError::invalid_params("https only", None));
        }
        let body = reqwest::get(parsed).await.map_err(fail)?.text().await.map_err(fail)?; // expect: ssrf
        Ok(CallToolResult::success(vec![Content::text(body)]))
    }

    #[tool(description = "Fetch a page, logging unknown hosts")]
    async fn logged(&self, #[tool(param)] url: String) -> Result<CallToolResult, McpError> {
        let parsed = Url::parse(&url).map_err(fail)?;
        if parsed.host_str() != Some("docs.rs") {
            tracing::warn!("fetching {url}");
        }
        let body = reqwest::get(parsed).await.map_err(fail)?.text().await.map_err(fail)?; // expect: ssrf
        Ok(CallToolResult::success(vec![Content::text(body)]))
    }
}
