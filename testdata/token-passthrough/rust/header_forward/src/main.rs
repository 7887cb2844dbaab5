//! An rmcp server behind axum that calls a ticketing API with the caller's own bearer token,
//! read from the HTTP request parts rmcp hands to tools.
use axum::http::request::Parts;
use reqwest::header::AUTHORIZATION;
use rmcp::{
    ErrorData as McpError, handler::server::wrapper::Parameters, model::*, schemars, tool,
    tool_router,
};

const TICKETS: &str = "https://tickets.example/api";

#[derive(serde::Deserialize, schemars::JsonSchema)]
pub struct TicketArgs {
    pub id: String,
}

#[derive(Clone)]
pub struct Tickets {
    client: reqwest::Client,
    service_token: String,
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
        let body = self // expect: token-passthrough
            .client
            .get(format!("{TICKETS}/tickets/{}", args.id))
            .header(AUTHORIZATION, auth)
            .send()
            .await
            .map_err(|e| McpError::internal_error(e.to_string(), None))?
            .text()
            .await
            .map_err(|e| McpError::internal_error(e.to_string(), None))?;
        Ok(CallToolResult::success(vec![Content::text(body)]))
    }

    #[tool(description = "Close a ticket")]
    async fn close(
        &self,
        Parameters(args): Parameters<TicketArgs>,
        parts: rmcp::handler::server::tool::Extension<Parts>,
    ) -> Result<CallToolResult, McpError> {
        let bearer = parts.headers.get("authorization").and_then(|v| v.to_str().ok()).unwrap_or_default();
        let token = bearer.trim_start_matches("Bearer ");
        self.client // expect: token-passthrough
            .post(format!("{TICKETS}/tickets/{}/close", args.id))
            .bearer_auth(token)
            .send()
            .await
            .map_err(|e| McpError::internal_error(e.to_string(), None))?;
        Ok(CallToolResult::success(vec![Content::text("closed")]))
    }

    #[tool(description = "Reopen a ticket")]
    async fn reopen(&self, Parameters(args): Parameters<TicketArgs>) -> Result<CallToolResult, McpError> {
        self.client // safe: token-passthrough
            .post(format!("{TICKETS}/tickets/{}/reopen", args.id))
            .bearer_auth(&self.service_token)
            .send()
            .await
            .map_err(|e| McpError::internal_error(e.to_string(), None))?;
        Ok(CallToolResult::success(vec![Content::text("reopened")]))
    }

    #[tool(description = "Comment on a ticket")]
    async fn comment(
        &self,
        Parameters(args): Parameters<TicketArgs>,
        parts: rmcp::handler::server::tool::Extension<Parts>,
    ) -> Result<CallToolResult, McpError> {
        let auth = parts.headers.get("Authorization").cloned().unwrap_or(reqwest::header::HeaderValue::from_static(""));
        send_comment(&self.client, &args.id, auth).await?;
        Ok(CallToolResult::success(vec![Content::text("commented")]))
    }
}

async fn send_comment(
    client: &reqwest::Client,
    id: &str,
    auth: reqwest::header::HeaderValue,
) -> Result<(), McpError> {
    client // expect: token-passthrough
        .post(format!("{TICKETS}/tickets/{id}/comments"))
        .header("Authorization", auth)
        .send()
        .await
        .map_err(|e| McpError::internal_error(e.to_string(), None))?;
    Ok(())
}
