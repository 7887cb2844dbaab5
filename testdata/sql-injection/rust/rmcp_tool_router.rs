//! Sales analytics over Postgres with sqlx, served with rmcp's `#[tool_router]` (rmcp 0.2+).

use rmcp::{
    ErrorData, ServerHandler,
    handler::server::{router::tool::ToolRouter, wrapper::Parameters},
    model::{CallToolResult, Content, ServerCapabilities, ServerInfo},
    schemars, tool, tool_handler, tool_router,
};
use serde::{Deserialize, Serialize};
use sqlx::{FromRow, PgPool, Postgres, QueryBuilder, Row};

const SORT_COLUMNS: &[&str] = &["created_at", "total", "customer_id"];

#[derive(Debug, Serialize, FromRow)]
pub struct Customer {
    pub id: i64,
    pub name: String,
    pub email: String,
}

#[derive(Debug, Serialize, FromRow)]
pub struct Order {
    pub id: i64,
    pub customer_id: i64,
    pub status: String,
    pub total: f64,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct SearchArgs {
    /// Part of the customer name
    pub name: String,
    /// Maximum number of rows
    pub limit: Option<i64>,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct IdArgs {
    /// Customer id
    pub id: i64,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct StatusArgs {
    #[schemars(description = "Order status: open, paid or shipped")]
    pub status: String,
    #[schemars(description = "Column to sort by")]
    pub order_by: Option<String>,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct TableArgs {
    /// Table name
    pub table: String,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct QueryArgs {
    /// A read-only SQL statement chosen by the analyst
    pub sql: String,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct FilterArgs {
    /// Only orders of these customers
    #[serde(default)]
    pub customers: Vec<i64>,
    /// Free-text filter on the order note
    pub note: Option<String>,
    /// Region code
    pub region: Option<String>,
}

#[derive(Clone)]
pub struct Analytics {
    pool: PgPool,
    tool_router: ToolRouter<Analytics>,
}

fn db_err(e: sqlx::Error) -> ErrorData {
    ErrorData::internal_error(e.to_string(), None)
}

fn json<T: Serialize>(value: &T) -> Result<CallToolResult, ErrorData> {
    let text = serde_json::to_string_pretty(value).map_err(|e| ErrorData::internal_error(e.to_string(), None))?;
    Ok(CallToolResult::success(vec![Content::text(text)]))
}

#[tool_router]
impl Analytics {
    pub fn new(pool: PgPool) -> Self {
        Self {
            pool,
            tool_router: Self::tool_router(),
        }
    }

    #[tool(description = "Find customers by name")]
    async fn search_customers(
        &self,
        Parameters(SearchArgs { name, limit }): Parameters<SearchArgs>,
    ) -> Result<CallToolResult, ErrorData> {
        let sql = format!(
            "SELECT id, name, email FROM customers WHERE name ILIKE '%{name}%' LIMIT {}",
            limit.unwrap_or(20)
        );
        let rows = sqlx::query(&sql).fetch_all(&self.pool).await.map_err(db_err)?; // expect: sql-injection
        let names: Vec<String> = rows.iter().map(|r| r.get::<String, _>("name")).collect();
        json(&names)
    }

    #[tool(description = "One customer by id")]
    async fn customer(&self, Parameters(args): Parameters<IdArgs>) -> Result<CallToolResult, ErrorData> {
        let customer = sqlx::query_as::<_, Customer>("SELECT id, name, email FROM customers WHERE id = $1")
            .bind(args.id)
            .fetch_optional(&self.pool)
            .await
            .map_err(db_err)?;
        json(&customer)
    }

    #[tool(description = "Orders with a given status")]
    async fn orders_by_status(&self, p: Parameters<StatusArgs>) -> Result<CallToolResult, ErrorData> {
        let q = "SELECT id, customer_id, status, total FROM orders WHERE status = '".to_string() + &p.0.status + "'";
        let orders = sqlx::query_as::<_, Order>(&q).fetch_all(&self.pool).await.map_err(db_err)?; // expect: sql-injection from=p
        json(&orders)
    }

    #[tool(description = "Orders with a given status, in a chosen order")]
    async fn sorted_orders(&self, Parameters(args): Parameters<StatusArgs>) -> Result<CallToolResult, ErrorData> {
        let column = args.order_by.unwrap_or_else(|| "created_at".to_string());
        if !SORT_COLUMNS.contains(&column.as_str()) {
            return Err(ErrorData::invalid_params("unsupported sort column", None));
        }
        let sql = format!("SELECT id, customer_id, status, total FROM orders WHERE status = $1 ORDER BY {column} DESC");
        let orders = sqlx::query_as::<_, Order>(&sql)
            .bind(&args.status)
            .fetch_all(&self.pool)
            .await
            .map_err(db_err)?;
        json(&orders)
    }

    #[tool(description = "Number of rows in a table")]
    async fn count_rows(&self, Parameters(TableArgs { table }): Parameters<TableArgs>) -> Result<CallToolResult, ErrorData> {
        let n: i64 = sqlx::query_scalar(&format!("SELECT count(*) FROM {table}")) // expect: sql-injection
            .fetch_one(&self.pool)
            .await
            .map_err(db_err)?;
        json(&n)
    }

    #[tool(description = "Empty a staging table before a reload")]
    async fn truncate_staging(&self, Parameters(TableArgs { table }): Parameters<TableArgs>) -> Result<CallToolResult, ErrorData> {
        let statement = format!("TRUNCATE TABLE staging.{}", table.trim());
        sqlx::raw_sql(&statement).execute(&self.pool).await.map_err(db_err)?; // expect: sql-injection
        json(&"truncated")
    }

    #[tool(description = "Run a read-only SQL query")]
    async fn run_query(&self, Parameters(QueryArgs { sql }): Parameters<QueryArgs>) -> Result<CallToolResult, ErrorData> {
        let mut tx = self.pool.begin().await.map_err(db_err)?;
        sqlx::query("SET TRANSACTION READ ONLY").execute(&mut *tx).await.map_err(db_err)?;
        let rows = sqlx::query(&sql).fetch_all(&mut *tx).await.map_err(db_err)?;
        tx.rollback().await.map_err(db_err)?;
        json(&rows.len())
    }

    #[tool(description = "Revenue of one region")]
    async fn region_revenue(&self, Parameters(args): Parameters<FilterArgs>) -> Result<CallToolResult, ErrorData> {
        let region = args.region.unwrap_or_default();
        let total = sqlx::query!(
            "SELECT coalesce(sum(o.total), 0)::float8 AS total FROM orders o JOIN customers c ON c.id = o.customer_id WHERE c.region = $1",
            region
        )
        .fetch_one(&self.pool)
        .await
        .map_err(db_err)?;
        json(&total.total)
    }

    #[tool(description = "Orders filtered by customers and note text")]
    async fn filter_orders(&self, Parameters(args): Parameters<FilterArgs>) -> Result<CallToolResult, ErrorData> {
        let mut qb: QueryBuilder<Postgres> = QueryBuilder::new("SELECT id, customer_id, status, total FROM orders WHERE true");
        if !args.customers.is_empty() {
            qb.push(" AND customer_id IN (");
            let mut list = qb.separated(", ");
            for id in &args.customers {
                list.push_bind(*id);
            }
            qb.push(")");
        }
        if let Some(note) = &args.note {
            qb.push(" AND note ILIKE ").push_bind(format!("%{note}%"));
        }
        let orders: Vec<Order> = qb.build_query_as().fetch_all(&self.pool).await.map_err(db_err)?;
        json(&orders)
    }

    #[tool(description = "Orders of a region, filtered by note text")]
    async fn region_orders(&self, Parameters(args): Parameters<FilterArgs>) -> Result<CallToolResult, ErrorData> {
        let mut qb: QueryBuilder<Postgres> = QueryBuilder::new(
            "SELECT o.id, o.customer_id, o.status, o.total FROM orders o JOIN customers c ON c.id = o.customer_id WHERE c.region = ",
        );
        qb.push_bind(args.region.clone().unwrap_or_default());
        if let Some(note) = &args.note {
            qb.push(format!(" AND o.note ILIKE '%{note}%'")); // expect: sql-injection from=args
        }
        let orders: Vec<Order> = qb.build_query_as().fetch_all(&self.pool).await.map_err(db_err)?;
        json(&orders)
    }
}

#[tool_handler]
impl ServerHandler for Analytics {
    fn get_info(&self) -> ServerInfo {
        ServerInfo {
            capabilities: ServerCapabilities::builder().enable_tools().build(),
            instructions: Some("Query the sales database.".into()),
            ..Default::default()
        }
    }
}
