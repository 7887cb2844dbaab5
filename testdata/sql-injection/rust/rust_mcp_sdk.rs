//! Postgres user administration on rust-mcp-sdk and tokio-postgres.

use std::sync::Arc;

use async_trait::async_trait;
use rust_mcp_sdk::macros::{JsonSchema, mcp_tool};
use rust_mcp_sdk::schema::{
    CallToolRequestParams, CallToolResult, ListToolsResult, PaginatedRequestParams, RpcError,
    TextContent, schema_utils::CallToolError,
};
use rust_mcp_sdk::{McpServer, mcp_server::ServerHandler, tool_box};
use serde::{Deserialize, Serialize};
use tokio_postgres::{Client, SimpleQueryMessage};

fn text(s: String) -> Result<CallToolResult, CallToolError> {
    Ok(CallToolResult::text_content(vec![TextContent::from(s)]))
}

fn simple_rows(messages: Vec<SimpleQueryMessage>) -> String {
    messages
        .into_iter()
        .filter_map(|m| match m {
            SimpleQueryMessage::Row(row) => Some(
                (0..row.len())
                    .map(|i| row.get(i).unwrap_or("NULL").to_string())
                    .collect::<Vec<_>>()
                    .join("\t"),
            ),
            _ => None,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[mcp_tool(name = "find_user", description = "Look a user up by user name", read_only_hint = true)]
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
pub struct FindUser {
    /// Exact user name
    username: String,
}

impl FindUser {
    pub async fn run(&self, db: &Client) -> Result<CallToolResult, CallToolError> {
        let sql = format!("SELECT id, username, email FROM users WHERE username = '{}'", self.username);
        let rows = db.query(&sql, &[]).await.map_err(CallToolError::new)?; // expect: sql-injection from=self
        text(format!("{} user(s) found", rows.len()))
    }
}

#[mcp_tool(name = "user_by_id", description = "Look a user up by id", read_only_hint = true)]
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
pub struct UserById {
    /// Numeric user id
    id: i32,
}

impl UserById {
    pub async fn run(&self, db: &Client) -> Result<CallToolResult, CallToolError> {
        let row = db
            .query_one("SELECT username, email FROM users WHERE id = $1", &[&self.id])
            .await
            .map_err(CallToolError::new)?;
        text(format!("{} <{}>", row.get::<_, String>(0), row.get::<_, String>(1)))
    }
}

#[mcp_tool(name = "delete_user", description = "Delete a user", destructive_hint = true)]
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
pub struct DeleteUser {
    /// User name to delete
    username: String,
}

impl DeleteUser {
    pub async fn run(&self, db: &Client) -> Result<CallToolResult, CallToolError> {
        let stmt = db.prepare("DELETE FROM users WHERE username = $1").await.map_err(CallToolError::new)?;
        let n = db.execute(&stmt, &[&self.username]).await.map_err(CallToolError::new)?;  // safe: sql-injection
        text(format!("deleted {n} user(s)"))
    }
}

#[mcp_tool(name = "grant_role", description = "Grant a database role to a user", destructive_hint = true)]
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
pub struct GrantRole {
    /// Role to grant
    role: String,
    /// Database user receiving the role
    username: String,
}

impl GrantRole {
    pub async fn run(&self, db: &Client) -> Result<CallToolResult, CallToolError> {
        db.batch_execute(&format!("GRANT {} TO {}", self.role, self.username)).await.map_err(CallToolError::new)?; // expect: sql-injection from=self
        text(format!("granted {} to {}", self.role, self.username))
    }
}

#[mcp_tool(name = "list_tables", description = "Tables of a schema", read_only_hint = true)]
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
pub struct ListTables {
    /// Schema name
    schema: String,
}

impl ListTables {
    pub async fn run(&self, db: &Client) -> Result<CallToolResult, CallToolError> {
        let q = "SELECT tablename FROM pg_tables WHERE schemaname = '".to_string() + &self.schema + "' ORDER BY 1";
        let messages = db.simple_query(&q).await.map_err(CallToolError::new)?; // expect: sql-injection from=self
        text(simple_rows(messages))
    }
}

#[mcp_tool(name = "run_sql", description = "Run an SQL statement as the read-only reporting user")]
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
pub struct RunSql {
    /// The statement to run
    sql: String,
}

impl RunSql {
    pub async fn run(&self, db: &Client) -> Result<CallToolResult, CallToolError> {
        let messages = db.simple_query(&self.sql).await.map_err(CallToolError::new)?;
        text(simple_rows(messages))
    }
}

#[mcp_tool(name = "vacuum", description = "Vacuum and analyze a table")]
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
pub struct Vacuum {
    /// Table name
    table: String,
    /// Also run VERBOSE
    #[serde(default)]
    verbose: bool,
}

tool_box!(UserAdminTools, [FindUser, UserById, DeleteUser, GrantRole, ListTables, RunSql, Vacuum]);

pub struct UserAdmin {
    db: Client,
}

#[async_trait]
impl ServerHandler for UserAdmin {
    async fn handle_list_tools_request(
        &self,
        _params: Option<PaginatedRequestParams>,
        _runtime: Arc<dyn McpServer>,
    ) -> Result<ListToolsResult, RpcError> {
        Ok(ListToolsResult {
            meta: None,
            next_cursor: None,
            tools: UserAdminTools::tools(),
        })
    }

    async fn handle_call_tool_request(
        &self,
        params: CallToolRequestParams,
        _runtime: Arc<dyn McpServer>,
    ) -> Result<CallToolResult, CallToolError> {
        let tool = UserAdminTools::try_from(params).map_err(CallToolError::new)?;
        match tool {
            UserAdminTools::FindUser(t) => t.run(&self.db).await,
            UserAdminTools::UserById(t) => t.run(&self.db).await,
            UserAdminTools::DeleteUser(t) => t.run(&self.db).await,
            UserAdminTools::GrantRole(t) => t.run(&self.db).await,
            UserAdminTools::ListTables(t) => t.run(&self.db).await,
            UserAdminTools::RunSql(t) => t.run(&self.db).await,
            UserAdminTools::Vacuum(t) => {
                let mut stmt = String::from("VACUUM ");
                if t.verbose {
                    stmt.push_str("VERBOSE ");
                }
                stmt.push_str("ANALYZE ");
                stmt.push_str(&t.table);
                self.db.execute(&stmt, &[]).await.map_err(CallToolError::new)?; // expect: sql-injection from=params
                let size = self
                    .db
                    .query_one("SELECT pg_size_pretty(pg_total_relation_size($1::regclass))", &[&t.table])
                    .await
                    .map_err(CallToolError::new)?;
                text(format!("vacuumed {} ({})", t.table, size.get::<_, String>(0)))
            }
        }
    }
}
