//! The fixed twin of `header_forward`: the caller's token is exchanged at the identity provider
//! for one issued to this server for the ticketing API (RFC 8693) before any call.
use axum::http::request::Parts;
use reqwest::header::AUTHORIZATION;
use rmcp::{
    ErrorData as McpError, handler::server::wrapper::Parameters, model::*, schemars, tool,
    tool_router,
};

const TICKETS: &str = "https://tickets.example/api";
const TOKEN_URL: &str = "https://login.example/oauth2/token";

#[derive(serde::Deserialize, schemars::JsonSchema)]
pub struct TicketArgs {
    pub id: String,
}

#[derive(serde::Deserialize)]
struct Grant {
    access_token: String,
}

#[derive(Clone)]
pub struct Tickets {
    client: reqwest::Client,
}

#[tool_router]
impl Tickets {
    #[tool(description = "Show a ticket")]
    async fn show(
        &self,
        Parameters(args): Parameters<TicketArgs>,
        parts: rmcp::handler::server::tool::Extension<Parts>,
    ) -> Result<CallToolResult, McpError> {
        let auth = parts.headers.get(AUTHORIZATION).and_then(|v| v.to_str().ok()).unwrap_or_default();
        let grant: Grant = self
            .client
            .post(TOKEN_URL)
            .form(&[
                ("grant_type", "urn:ietf:params:oauth:grant-type:token-exchange"),
                ("subject_token", auth.trim_start_matches("Bearer ")),
                ("audience", TICKETS),
            ])
            .send()
            .await
            .map_err(|e| McpError::internal_error(e.to_string(), None))?
            .json()
            .await
            .map_err(|e| McpError::internal_error(e.to_string(), None))?;
        let body = self // safe: token-passthrough
            .client
            .get(format!("{TICKETS}/tickets/{}", args.id))
            .header(AUTHORIZATION, format!("Bearer {}", grant.access_token))
            .send()
            .await
            .map_err(|e| McpError::internal_error(e.to_string(), None))?
            .text()
            .await
            .map_err(|e| McpError::internal_error(e.to_string(), None))?;
        Ok(CallToolResult::success(vec![Content::text(body)]))
    }
}
