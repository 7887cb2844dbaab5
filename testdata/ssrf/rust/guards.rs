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
        let body = reqwest::get(url.as_str()).await.map_err(fail)?.text().await.map_err(fail)?;  // safe: ssrf
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
        let body = reqwest::get(&url).await.map_err(fail)?.text().await.map_err(fail)?; // expect: ssrf from=url
        Ok(CallToolResult::success(vec![Content::text(body)]))
    }

    #[tool(description = "Fetch any https page")]
    async fn any_https(&self, #[tool(param)] url: String) -> Result<CallToolResult, McpError> {
        let parsed = Url::parse(&url).map_err(fail)?;
        if parsed.scheme() != "https" {
            return Err(McpError::invalid_params("https only", None));
        }
        let body = reqwest::get(parsed).await.map_err(fail)?.text().await.map_err(fail)?; // expect: ssrf from=url
        Ok(CallToolResult::success(vec![Content::text(body)]))
    }

    #[tool(description = "Fetch a page, logging unknown hosts")]
    async fn logged(&self, #[tool(param)] url: String) -> Result<CallToolResult, McpError> {
        let parsed = Url::parse(&url).map_err(fail)?;
        if parsed.host_str() != Some("docs.rs") {
            tracing::warn!("fetching {url}");
        }
        let body = reqwest::get(parsed).await.map_err(fail)?.text().await.map_err(fail)?; // expect: ssrf from=url
        Ok(CallToolResult::success(vec![Content::text(body)]))
    }
}

// --- Checks written as methods of a host-policy type ---------------------------------------------

#[derive(Clone, Default)]
pub struct HostPolicy {
    hosts: Vec<String>,
}

impl HostPolicy {
    fn allows(&self, url: &str) -> bool {
        let Ok(parsed) = Url::parse(url) else {
            return false;
        };
        let host = parsed.host_str().unwrap_or_default();
        self.hosts.iter().any(|h| h == host)
    }

    fn looks_like_url(&self, url: &str) -> bool {
        url.contains("://")
    }
}

async fn fetch_checked(checker: &HostPolicy, url: &str) -> Result<String, McpError> {
    if !checker.allows(url) {
        return Err(McpError::invalid_params("host not allowed", None));
    }
    reqwest::get(url).await.map_err(fail)?.text().await.map_err(fail)
}

#[derive(Clone, Default)]
pub struct PolicyFetcher {
    policy: HostPolicy,
}

#[tool(tool_box)]
impl PolicyFetcher {
    #[tool(description = "Fetch a page the host policy allows")]
    async fn by_policy(&self, #[tool(param)] url: String) -> Result<CallToolResult, McpError> {
        if !self.policy.allows(&url) {
            return Err(McpError::invalid_params("host not allowed", None));
        }
        let body = reqwest::get(&url).await.map_err(fail)?.text().await.map_err(fail)?;
        Ok(CallToolResult::success(vec![Content::text(body)]))
    }

    #[tool(description = "Fetch through a checking helper")]
    async fn through_helper(&self, #[tool(param)] url: String) -> Result<CallToolResult, McpError> {
        let body = fetch_checked(&self.policy, &url).await?;
        Ok(CallToolResult::success(vec![Content::text(body)]))
    }

    #[tool(description = "Fetch anything that looks like a URL")]
    async fn url_shaped(&self, #[tool(param)] url: String) -> Result<CallToolResult, McpError> {
        if !self.policy.looks_like_url(&url) {
            return Err(McpError::invalid_params("not a URL", None));
        }
        let body = reqwest::get(&url).await.map_err(fail)?.text().await.map_err(fail)?; // expect: ssrf from=url
        Ok(CallToolResult::success(vec![Content::text(body)]))
    }
}
