//! Ticket tracker over SQLite: the store's struct in `store.rs`, its `impl` in `queries.rs`,
//! search backends behind a trait in `search.rs`, and filter builders in two inline modules.

mod queries;
mod search;
mod store;

use rmcp::{
    ErrorData, ServerHandler, ServiceExt,
    handler::server::{router::tool::ToolRouter, wrapper::Parameters},
    model::{CallToolResult, Content, ServerCapabilities, ServerInfo},
    schemars, tool, tool_handler, tool_router,
    transport::stdio,
};
use serde::Deserialize;

use crate::search::{Search, SqlSearch};
use crate::store::TicketStore;

/// Filters on the ticket's assignee: a bound parameter.
mod assignee {
    pub fn filter(_who: &str) -> String {
        "assignee = ?1".to_string()
    }
}

/// Filters on the ticket's label, with the label spliced in.
mod label {
    pub fn filter(label: &str) -> String {
        format!("label = '{label}'")
    }
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct TicketArgs {
    /// Ticket key, e.g. OPS-12
    pub key: String,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct TextArgs {
    /// Text to look for
    pub text: String,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct LabelArgs {
    /// Label name
    pub label: String,
}

#[derive(Clone)]
pub struct Tracker {
    search: std::sync::Arc<dyn Search + Send + Sync>,
    tool_router: ToolRouter<Tracker>,
}

fn text(v: String) -> Result<CallToolResult, ErrorData> {
    Ok(CallToolResult::success(vec![Content::text(v)]))
}

#[tool_router]
impl Tracker {
    fn new() -> Self {
        Self {
            search: std::sync::Arc::new(SqlSearch::open("tickets.db")),
            tool_router: Self::tool_router(),
        }
    }

    #[tool(description = "One ticket by key")]
    async fn ticket(&self, Parameters(args): Parameters<TicketArgs>) -> Result<CallToolResult, ErrorData> {
        let store = TicketStore::open("tickets.db");
        text(store.summary(&args.key))
    }

    #[tool(description = "Comments of a ticket")]
    async fn comments(&self, Parameters(args): Parameters<TicketArgs>) -> Result<CallToolResult, ErrorData> {
        text(TicketStore::comments_of("tickets.db", &args.key))
    }

    #[tool(description = "Tickets whose title contains a text")]
    async fn find(&self, Parameters(args): Parameters<TextArgs>) -> Result<CallToolResult, ErrorData> {
        text(self.search.matching(&args.text))
    }

    #[tool(description = "Tickets with a label")]
    async fn labelled(&self, Parameters(args): Parameters<LabelArgs>) -> Result<CallToolResult, ErrorData> {
        let store: TicketStore = TicketStore::open("tickets.db");
        text(store.count_where(&assignee::filter(&args.label)))
    }
}

#[tool_handler]
impl ServerHandler for Tracker {
    fn get_info(&self) -> ServerInfo {
        ServerInfo {
            capabilities: ServerCapabilities::builder().enable_tools().build(),
            ..Default::default()
        }
    }
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let server = Tracker::new().serve(stdio()).await?;
    server.waiting().await?;
    Ok(())
}
