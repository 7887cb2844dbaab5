//! A link previewer (rmcp 0.2+) that resolves the host before fetching: rejecting private,
//! loopback and link-local addresses together with a scheme allow-list keeps the request off
//! the internal network; a check that leaves out loopback addresses does not.

use std::net::IpAddr;

use rmcp::{handler::server::wrapper::Parameters, schemars, tool, tool_router};
use serde::Deserialize;

#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct FetchRequest {
    /// The page to preview
    pub url: String,
}

pub struct Fetcher;

#[tool_router]
impl Fetcher {
    #[tool(description = "Fetch the start of a public web page")]
    async fn fetch_page(&self, Parameters(req): Parameters<FetchRequest>) -> Result<String, String> {
        let url = reqwest::Url::parse(&req.url).map_err(|e| e.to_string())?;
        if url.scheme() != "https" && url.scheme() != "http" {
            return Err("http and https only".into());
        }
        let host = url.host_str().ok_or("no host")?;
        let ip: IpAddr = dns_lookup::lookup_host(host).map_err(|e| e.to_string())?[0];
        if ip.is_private() || ip.is_loopback() || ip.is_link_local() {
            return Err("private address".into());
        }
        let page = reqwest::get(req.url.as_str()).await.map_err(|e| e.to_string())?;
        page.text().await.map_err(|e| e.to_string())
    }

    #[tool(description = "Fetch the start of a web page")]
    async fn fetch_page_no_loopback_check(&self, Parameters(req): Parameters<FetchRequest>) -> Result<String, String> {
        let url = reqwest::Url::parse(&req.url).map_err(|e| e.to_string())?;
        if url.scheme() != "https" && url.scheme() != "http" {
            return Err("http and https only".into());
        }
        let host = url.host_str().ok_or("no host")?;
        let ip: IpAddr = dns_lookup::lookup_host(host).map_err(|e| e.to_string())?[0];
        if ip.is_private() || ip.is_link_local() {
            return Err("private address".into());
        }
        let page = reqwest::get(req.url.as_str()).await.map_err(|e| e.to_string())?; // expect: ssrf from=req
        page.text().await.map_err(|e| e.to_string())
    }
}
