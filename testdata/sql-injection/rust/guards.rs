//! Helpdesk ticket queries over SQLite (sqlx) with input checks, some sound and some not
//! (rmcp 0.2+).

use rmcp::{
    ErrorData, ServerHandler,
    handler::server::{router::tool::ToolRouter, wrapper::Parameters},
    model::{CallToolResult, Content},
    schemars, tool, tool_handler, tool_router,
};
use serde::Deserialize;
use sqlx::{Row, SqlitePool};

const SORT_COLUMNS: [&str; 3] = ["opened_at", "priority", "status"];
const TABLES: &[&str] = &["tickets", "comments", "agents"];

#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct ListArgs {
    /// Column to sort by
    pub sort: String,
    /// `asc` or `desc`
    pub direction: String,
    /// Maximum rows, as text
    pub limit: String,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct TicketArgs {
    /// Ticket id
    pub id: String,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct TableArgs {
    /// Table name
    pub table: String,
    #[schemars(description = "Optional status filter")]
    pub status: Option<String>,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct PageArgs {
    /// Page size
    pub per_page: u32,
    /// Page number, starting at 0
    pub page: u32,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct SearchArgs {
    /// Text to look for in ticket subjects
    pub text: String,
}

#[derive(Clone)]
pub struct Helpdesk {
    pool: SqlitePool,
    tool_router: ToolRouter<Helpdesk>,
}

fn db(e: sqlx::Error) -> ErrorData {
    ErrorData::internal_error(e.to_string(), None)
}

fn invalid(msg: &str) -> ErrorData {
    ErrorData::invalid_params(msg.to_string(), None)
}

fn subjects(rows: Vec<sqlx::sqlite::SqliteRow>) -> Result<CallToolResult, ErrorData> {
    let lines: Vec<String> = rows.iter().map(|r| r.get::<String, _>("subject")).collect();
    Ok(CallToolResult::success(vec![Content::text(lines.join("\n"))]))
}

#[tool_router]
impl Helpdesk {
    pub fn new(pool: SqlitePool) -> Self {
        Self {
            pool,
            tool_router: Self::tool_router(),
        }
    }

    // --- Sound checks ------------------------------------------------------------------------

    #[tool(description = "List tickets in a chosen order")]
    async fn list(&self, Parameters(args): Parameters<ListArgs>) -> Result<CallToolResult, ErrorData> {
        if !SORT_COLUMNS.contains(&args.sort.as_str()) {
            return Err(invalid("unsupported sort column"));
        }
        let direction = match args.direction.to_ascii_lowercase().as_str() {
            "asc" => "ASC",
            "desc" => "DESC",
            _ => return Err(invalid("direction is asc or desc")),
        };
        let limit: i64 = args.limit.parse().map_err(|_| invalid("limit must be a number"))?;
        let sql = format!("SELECT subject FROM tickets ORDER BY {} {direction} LIMIT {limit}", args.sort);
        subjects(sqlx::query(&sql).fetch_all(&self.pool).await.map_err(db)?)
    }

    #[tool(description = "One ticket")]
    async fn ticket(&self, Parameters(TicketArgs { id }): Parameters<TicketArgs>) -> Result<CallToolResult, ErrorData> {
        let rows = sqlx::query("SELECT subject FROM tickets WHERE id = ?").bind(&id).fetch_all(&self.pool).await.map_err(db)?;
        subjects(rows)
    }

    #[tool(description = "Number of rows of a helpdesk table")]
    async fn count(&self, Parameters(TableArgs { table, .. }): Parameters<TableArgs>) -> Result<CallToolResult, ErrorData> {
        if !TABLES.contains(&table.as_str()) {
            return Err(invalid("unknown table"));
        }
        let n: i64 = sqlx::query_scalar(&format!("SELECT count(*) FROM {table}")).fetch_one(&self.pool).await.map_err(db)?;
        Ok(CallToolResult::success(vec![Content::text(n.to_string())]))
    }

    #[tool(description = "Rows of a helpdesk table with a status")]
    async fn by_status(&self, Parameters(args): Parameters<TableArgs>) -> Result<CallToolResult, ErrorData> {
        if TABLES.contains(&args.table.as_str()) {
            let sql = format!("SELECT subject FROM {} WHERE status = ?", args.table);
            let rows = sqlx::query(&sql).bind(args.status.unwrap_or_default()).fetch_all(&self.pool).await.map_err(db)?;
            return subjects(rows);
        }
        Err(invalid("unknown table"))
    }

    #[tool(description = "One page of tickets")]
    async fn page(&self, Parameters(PageArgs { per_page, page }): Parameters<PageArgs>) -> Result<CallToolResult, ErrorData> {
        let sql = format!("SELECT subject FROM tickets ORDER BY id LIMIT {} OFFSET {}", per_page, page * per_page);
        subjects(sqlx::query(&sql).fetch_all(&self.pool).await.map_err(db)?)
    }

    #[tool(description = "Search ticket subjects")]
    async fn search(&self, p: Parameters<SearchArgs>) -> Result<CallToolResult, ErrorData> {
        let pattern = format!("%{}%", p.0.text);
        let rows = sqlx::query!("SELECT subject FROM tickets WHERE subject LIKE ?", pattern)
            .fetch_all(&self.pool)
            .await
            .map_err(db)?;
        let lines: Vec<String> = rows.into_iter().map(|r| r.subject).collect();
        Ok(CallToolResult::success(vec![Content::text(lines.join("\n"))]))
    }

    // --- Flawed checks -----------------------------------------------------------------------

    #[tool(description = "Close a ticket")]
    async fn close(&self, Parameters(TicketArgs { id }): Parameters<TicketArgs>) -> Result<CallToolResult, ErrorData> {
        if id.contains(';') || id.contains("--") {
            return Err(invalid("invalid id"));
        }
        // Unquoted context: "1 OR 1=1" passes the check.
        let sql = format!("UPDATE tickets SET status = 'closed' WHERE id = {id}");
        sqlx::query(&sql).execute(&self.pool).await.map_err(db)?; // expect: sql-injection
        Ok(CallToolResult::success(vec![Content::text("closed")]))
    }

    #[tool(description = "List tickets in a chosen order, with a limit")]
    async fn list_checked_sort(&self, Parameters(args): Parameters<ListArgs>) -> Result<CallToolResult, ErrorData> {
        if !SORT_COLUMNS.contains(&args.sort.as_str()) {
            return Err(invalid("unsupported sort column"));
        }
        // The sort column is checked; the direction and the limit are not.
        let sql = format!("SELECT subject FROM tickets ORDER BY {} {} LIMIT {}", args.sort, args.direction, args.limit);
        subjects(sqlx::query(&sql).fetch_all(&self.pool).await.map_err(db)?) // expect: sql-injection from=args
    }

    #[tool(description = "Search ticket subjects (short terms only)")]
    async fn quick_search(&self, Parameters(SearchArgs { text }): Parameters<SearchArgs>) -> Result<CallToolResult, ErrorData> {
        if text.len() > 40 {
            return Err(invalid("search term too long"));
        }
        let sql = format!("SELECT subject FROM tickets WHERE subject LIKE '%{}%'", text.trim());
        subjects(sqlx::query(&sql).fetch_all(&self.pool).await.map_err(db)?) // expect: sql-injection
    }

    #[tool(description = "Rows of a table, quoting the table name")]
    async fn dump(&self, Parameters(args): Parameters<TableArgs>) -> Result<CallToolResult, ErrorData> {
        // Hand-made identifier quoting: a `"` in the name closes it.
        let sql = format!("SELECT subject FROM \"{}\" LIMIT 50", args.table);
        subjects(sqlx::query(&sql).fetch_all(&self.pool).await.map_err(db)?) // expect: sql-injection from=args
    }

    #[tool(description = "Tickets of one agent")]
    async fn by_agent(&self, Parameters(SearchArgs { text: agent }): Parameters<SearchArgs>) -> Result<CallToolResult, ErrorData> {
        if agent.is_empty() {
            return Err(invalid("agent is required"));
        }
        let mut sql = String::from("SELECT subject FROM tickets WHERE assignee = '");
        sql.push_str(&agent.to_lowercase());
        sql.push('\'');
        subjects(sqlx::query(&sql).fetch_all(&self.pool).await.map_err(db)?) // expect: sql-injection
    }

    #[tool(description = "Rows of a helpdesk table")]
    async fn rows(&self, Parameters(TableArgs { table, status }): Parameters<TableArgs>) -> Result<CallToolResult, ErrorData> {
        if !TABLES.contains(&table.as_str()) {
            tracing::warn!(%table, "query on an unexpected table");
        }
        let sql = format!("SELECT subject FROM {table} WHERE status = ?");
        let rows = sqlx::query(&sql).bind(status).fetch_all(&self.pool).await.map_err(db)?; // expect: sql-injection
        subjects(rows)
    }
}

#[tool_handler]
impl ServerHandler for Helpdesk {}
