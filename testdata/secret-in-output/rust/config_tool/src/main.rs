//! An rmcp server for a payments API that shows its own credentials: in a tool result, an
//! error and a log line.
use rmcp::{ErrorData as McpError, model::*, tool, tool_router};

#[derive(Clone)]
pub struct Payments {
    api_key: String,
    base_url: String,
}

impl Payments {
    pub fn from_env() -> Self {
        let api_key = std::env::var("PAYMENTS_API_KEY").unwrap_or_default();
        tracing::info!("payments key {}", api_key); // warn: secret-in-output
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
        let text = format!("endpoint {}, key {}", self.base_url, self.api_key);
        Ok(CallToolResult::success(vec![Content::text(text)])) // expect: secret-in-output
    }

    #[tool(description = "Check the webhook secret")]
    async fn check_webhook(&self) -> Result<CallToolResult, McpError> {
        let secret = std::env::var("PAYMENTS_WEBHOOK_SECRET").unwrap_or_default();
        if secret.len() < 32 {
            return Err(McpError::invalid_params(format!("webhook secret {secret} is too short"), None)); // expect: secret-in-output
        }
        Ok(CallToolResult::success(vec![Content::text("ok")]))
    }

    #[tool(description = "Show the signing key in use")]
    async fn signing_key(&self) -> Result<CallToolResult, McpError> {
        let pem = std::fs::read_to_string("keys/signing.pem")
            .map_err(|e| McpError::internal_error(e.to_string(), None))?;
        Ok(CallToolResult::success(vec![Content::text(pem)])) // expect: secret-in-output
    }
}
