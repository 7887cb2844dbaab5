//! The fixed twin of `config_tool`: the tools say whether a credential is set, or show four
//! characters of it, and never log it.
use rmcp::{ErrorData as McpError, model::*, tool, tool_router};

#[derive(Clone)]
pub struct Payments {
    api_key: String,
    base_url: String,
}

impl Payments {
    pub fn from_env() -> Self {
        let api_key = std::env::var("PAYMENTS_API_KEY").unwrap_or_default();
        tracing::info!("payments key set: {}", !api_key.is_empty()); // safe: secret-in-output
        Self {
            api_key,
            base_url: "https://payments.example/api".to_string(),
        }
    }
}

#[tool_router]
impl Payments {
    #[tool(description = "Show how the server is configured")]
    async fn config(&self) -> Result<CallToolResult, McpError> {
        let shown = if self.api_key.len() > 8 { &self.api_key[..4] } else { "unset" };
        let text = format!("endpoint {}, key {}…", self.base_url, shown);
        Ok(CallToolResult::success(vec![Content::text(text)])) // safe: secret-in-output
    }

    #[tool(description = "Check the webhook secret")]
    async fn check_webhook(&self) -> Result<CallToolResult, McpError> {
        let secret = std::env::var("PAYMENTS_WEBHOOK_SECRET").unwrap_or_default();
        if secret.len() < 32 {
            return Err(McpError::invalid_params("the webhook secret is too short", None)); // safe: secret-in-output
        }
        Ok(CallToolResult::success(vec![Content::text("ok")]))
    }
}
