//! An HTTP toolbox (rmcp 0.2+, #[tool_router]): some tools take whole URLs, some only ids.
use std::time::Duration;

use reqwest::{Client, Method};
use rmcp::handler::server::router::tool::ToolRouter;
use rmcp::handler::server::wrapper::Parameters;
use rmcp::model::{CallToolResult, Content};
use rmcp::{ErrorData as McpError, schemars, tool, tool_router};
use serde::Deserialize;

const GITHUB_API: &str = "https://api.github.com";

#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct UrlArgs {
    /// The URL to fetch.
    pub url: String,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct RepoArgs {
    pub owner: String,
    pub repo: String,
}

#[derive(Clone)]
pub struct HttpTools {
    client: reqwest::Client,
    tool_router: ToolRouter<Self>,
}

fn internal(e: impl std::fmt::Display) -> McpError {
    McpError::internal_error(e.to_string(), None)
}

#[tool_router]
impl HttpTools {
    pub fn new() -> Self {
        let client = Client::builder().timeout(Duration::from_secs(10)).build().expect("client");
        Self { client, tool_router: Self::tool_router() }
    }

    #[tool(description = "Fetch a URL")]
    async fn fetch(&self, Parameters(args): Parameters<UrlArgs>) -> Result<CallToolResult, McpError> {
        let body = reqwest::get(&args.url).await.map_err(internal)?.text().await.map_err(internal)?; // expect: ssrf from=args
        Ok(CallToolResult::success(vec![Content::text(body)]))
    }

    #[tool(description = "POST to a webhook")]
    async fn post_hook(&self, Parameters(args): Parameters<UrlArgs>) -> Result<CallToolResult, McpError> {
        let res = self.client.post(&args.url).body("{}").send().await.map_err(internal)?; // expect: ssrf from=args
        Ok(CallToolResult::success(vec![Content::text(res.status().to_string())]))
    }

    #[tool(description = "HEAD a URL")]
    async fn head(&self, Parameters(args): Parameters<UrlArgs>) -> Result<CallToolResult, McpError> {
        let client = Client::new();
        let res = client.request(Method::HEAD, args.url.as_str()).send().await.map_err(internal)?; // expect: ssrf from=args
        Ok(CallToolResult::success(vec![Content::text(res.status().to_string())]))
    }

    #[tool(description = "Fetch with ureq")]
    async fn fetch_blocking(&self, Parameters(args): Parameters<UrlArgs>) -> Result<CallToolResult, McpError> {
        let body = ureq::get(&args.url).call().map_err(internal)?.into_string().map_err(internal)?; // expect: ssrf from=args
        Ok(CallToolResult::success(vec![Content::text(body)]))
    }

    #[tool(description = "Fetch a page of a host")]
    async fn host_page(&self, Parameters(args): Parameters<RepoArgs>) -> Result<CallToolResult, McpError> {
        let url = format!("https://{}/{}", args.owner, args.repo);
        let res = self.client.get(url).send().await.map_err(internal)?; // expect: ssrf from=args
        Ok(CallToolResult::success(vec![Content::text(res.status().to_string())]))
    }

    #[tool(description = "Build a raw request")]
    async fn raw(&self, Parameters(args): Parameters<UrlArgs>) -> Result<CallToolResult, McpError> {
        let req = hyper::Request::builder().uri(args.url.as_str()).body(()).map_err(internal)?; // expect: ssrf from=args
        Ok(CallToolResult::success(vec![Content::text(req.uri().to_string())]))
    }

    // --- Safe: the host is fixed before the input ------------------------------------------------

    #[tool(description = "Read a repository from GitHub")]
    async fn repo(&self, Parameters(args): Parameters<RepoArgs>) -> Result<CallToolResult, McpError> {
        let url = format!("https://api.github.com/repos/{}/{}", args.owner, args.repo);
        let body = self.client.get(&url).send().await.map_err(internal)?.text().await.map_err(internal)?;
        Ok(CallToolResult::success(vec![Content::text(body)]))
    }

    #[tool(description = "List a repository's issues")]
    async fn issues(&self, Parameters(RepoArgs { owner, repo }): Parameters<RepoArgs>) -> Result<CallToolResult, McpError> {
        let body = reqwest::get(format!("{GITHUB_API}/repos/{owner}/{repo}/issues"))
            .await
            .map_err(internal)?
            .text()
            .await
            .map_err(internal)?;
        Ok(CallToolResult::success(vec![Content::text(body)]))
    }

    #[tool(description = "Search GitHub")]
    async fn search(&self, Parameters(args): Parameters<UrlArgs>) -> Result<CallToolResult, McpError> {
        let res = self
            .client
            .get(format!("{}/search/repositories", GITHUB_API))
            .query(&[("q", args.url.as_str())])
            .send()
            .await
            .map_err(internal)?;
        Ok(CallToolResult::success(vec![Content::text(res.status().to_string())]))
    }
}
