//! Metrics reporting over SeaORM with a hand-written `ServerHandler::call_tool` (rmcp).

use rmcp::{
    ErrorData, RoleServer, ServerHandler,
    model::{CallToolRequestParams, CallToolResult, Content, JsonObject, ServerCapabilities, ServerInfo},
    service::RequestContext,
};
use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend, FromQueryResult, JsonValue, Statement};
use serde::Deserialize;
use serde_json::Value;

#[derive(Debug, Deserialize)]
struct EventQuery {
    kind: String,
    since: String,
    #[serde(default)]
    source: Option<String>,
}

#[derive(Clone)]
pub struct Metrics {
    db: DatabaseConnection,
}

fn db_err(e: sea_orm::DbErr) -> ErrorData {
    ErrorData::internal_error(e.to_string(), None)
}

fn bad(msg: impl Into<String>) -> ErrorData {
    ErrorData::invalid_params(msg.into(), None)
}

fn str_arg<'a>(args: &'a JsonObject, key: &str) -> Result<&'a str, ErrorData> {
    args.get(key)
        .and_then(Value::as_str)
        .ok_or_else(|| bad(format!("missing argument {key}")))
}

fn rows_result(rows: Vec<JsonValue>) -> Result<CallToolResult, ErrorData> {
    Ok(CallToolResult::success(vec![Content::text(
        serde_json::to_string_pretty(&rows).unwrap_or_default(),
    )]))
}

impl ServerHandler for Metrics {
    fn get_info(&self) -> ServerInfo {
        ServerInfo {
            capabilities: ServerCapabilities::builder().enable_tools().build(),
            instructions: Some("Daily metrics and event reports.".into()),
            ..Default::default()
        }
    }

    async fn call_tool(
        &self,
        request: CallToolRequestParams,
        _ctx: RequestContext<RoleServer>,
    ) -> Result<CallToolResult, ErrorData> {
        match request.name.as_ref() {
            "daily" => {
                let args = request.arguments.unwrap_or_default();
                let metric = args.get("metric").and_then(|v| v.as_str()).unwrap_or_default();
                let sql = format!("SELECT day, {metric} AS value FROM daily_metrics ORDER BY day DESC LIMIT 30");
                let stmt = Statement::from_string(DbBackend::Postgres, sql); // expect: sql-injection from=request
                let rows = JsonValue::find_by_statement(stmt).all(&self.db).await.map_err(db_err)?;
                rows_result(rows)
            }
            "events" => {
                let args = request.arguments.unwrap_or_default();
                let q = serde_json::from_value::<EventQuery>(Value::Object(args)).map_err(|e| bad(e.to_string()))?;
                let stmt = Statement::from_sql_and_values(
                    DbBackend::Postgres,
                    "SELECT id, kind, ts, payload FROM events WHERE kind = $1 AND ts >= $2::timestamptz ORDER BY ts",
                    [q.kind.into(), q.since.into()],
                );
                let rows = JsonValue::find_by_statement(stmt).all(&self.db).await.map_err(db_err)?;
                rows_result(rows)
            }
            "events_by_source" => {
                let args = request.arguments.unwrap_or_default();
                let q: EventQuery = serde_json::from_value(Value::Object(args)).map_err(|e| bad(e.to_string()))?;
                let source = q.source.unwrap_or_else(|| "web".to_string());
                let sql = format!(
                    "SELECT id, kind, ts FROM events WHERE kind = '{}' AND source = '{}' AND ts >= '{}'",
                    q.kind, source, q.since
                );
                let rows = self
                    .db
                    .query_all(Statement::from_string(self.db.get_database_backend(), sql)) // expect: sql-injection from=request
                    .await
                    .map_err(db_err)?;
                Ok(CallToolResult::success(vec![Content::text(format!("{} event(s)", rows.len()))]))
            }
            "top_pages" => {
                let args = request.arguments.unwrap_or_default();
                let n: u32 = str_arg(&args, "limit")?.parse().map_err(|_| bad("limit must be a number"))?;
                let stmt = Statement::from_string(
                    DbBackend::Postgres,
                    format!("SELECT path, sum(views) AS views FROM page_views GROUP BY path ORDER BY views DESC LIMIT {n}"),
                );
                let rows = JsonValue::find_by_statement(stmt).all(&self.db).await.map_err(db_err)?;
                rows_result(rows)
            }
            "page_views" => {
                let args = request.arguments.unwrap_or_default();
                let path = str_arg(&args, "path")?;
                let stmt = Statement::from_string(DbBackend::Postgres, "SELECT day, views FROM page_views WHERE path = '".to_owned() + path + "'"); // expect: sql-injection from=request
                let rows = JsonValue::find_by_statement(stmt).all(&self.db).await.map_err(db_err)?;
                rows_result(rows)
            }
            "sql" => {
                let args = request.arguments.unwrap_or_default();
                let sql = str_arg(&args, "sql")?.to_owned();
                let stmt = Statement::from_string(DbBackend::Postgres, sql);
                let rows = JsonValue::find_by_statement(stmt).all(&self.db).await.map_err(db_err)?;
                rows_result(rows)
            }
            "metric_names" => {
                let stmt = Statement::from_string(
                    DbBackend::Postgres,
                    "SELECT column_name FROM information_schema.columns WHERE table_name = 'daily_metrics'",
                );
                let rows = JsonValue::find_by_statement(stmt).all(&self.db).await.map_err(db_err)?;
                rows_result(rows)
            }
            other => Err(bad(format!("unknown tool {other}"))),
        }
    }
}
