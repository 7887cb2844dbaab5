//! A status-page checker (rmcp 0.2+) on blocking ureq: a method-and-URL request builder and host
//! checks written with `==`.
use rmcp::handler::server::router::tool::ToolRouter;
use rmcp::handler::server::wrapper::Parameters;
use rmcp::model::{CallToolResult, Content};
use rmcp::{ErrorData as McpError, schemars, tool, tool_router};
use serde::Deserialize;
use url::Url;

#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct CheckArgs {
    /// HTTP method, such as `GET` or `HEAD`.
    pub method: String,
    /// The status URL.
    pub url: String,
}

#[derive(Clone)]
pub struct StatusChecker {
    tool_router: ToolRouter<Self>,
}

fn failed(e: impl std::fmt::Display) -> McpError {
    McpError::internal_error(e.to_string(), None)
}

#[tool_router]
impl StatusChecker {
    pub fn new() -> Self {
        Self { tool_router: Self::tool_router() }
    }

    #[tool(description = "Call a status URL with any method")]
    async fn check(&self, Parameters(args): Parameters<CheckArgs>) -> Result<CallToolResult, McpError> {
        let res = ureq::request(&args.method, &args.url).call().map_err(failed)?; // expect: ssrf from=args
        Ok(CallToolResult::success(vec![Content::text(res.status().to_string())]))
    }

    #[tool(description = "Call the GitHub status API")]
    async fn github_status(&self, Parameters(args): Parameters<CheckArgs>) -> Result<CallToolResult, McpError> {
        let parsed = Url::parse(&args.url).map_err(failed)?;
        if parsed.host_str() == Some("www.githubstatus.com") {
            let res = ureq::request(&args.method, &args.url).call().map_err(failed)?; // host checked above
            return Ok(CallToolResult::success(vec![Content::text(res.status().to_string())]));
        }
        Err(McpError::invalid_params("only www.githubstatus.com", None))
    }

    #[tool(description = "Call a status URL over https")]
    async fn https_status(&self, Parameters(args): Parameters<CheckArgs>) -> Result<CallToolResult, McpError> {
        let parsed = Url::parse(&args.url).map_err(failed)?;
        if parsed.scheme() == "https" {
            let res = ureq::request(&args.method, &args.url).call().map_err(failed)?; // expect: ssrf from=args
            return Ok(CallToolResult::success(vec![Content::text(res.status().to_string())]));
        }
        Err(McpError::invalid_params("https only", None))
    }
}
