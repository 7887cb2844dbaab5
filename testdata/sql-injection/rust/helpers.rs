//! Library catalog over Postgres with diesel; queries go through local helpers (rmcp 0.2+).

use diesel::pg::PgConnection;
use diesel::prelude::*;
use diesel::r2d2::{ConnectionManager, Pool};
use diesel::sql_types::{BigInt, Bool, Integer, Text};
use rmcp::{
    ErrorData, ServerHandler,
    handler::server::{router::tool::ToolRouter, wrapper::Parameters},
    model::{CallToolResult, Content},
    schemars, tool, tool_handler, tool_router,
};
use serde::{Deserialize, Serialize};

diesel::table! {
    books (id) {
        id -> Integer,
        title -> Text,
        author -> Text,
        isbn -> Text,
        year -> Integer,
    }
}

#[derive(Debug, Serialize, Queryable, QueryableByName)]
#[diesel(table_name = books)]
pub struct Book {
    pub id: i32,
    pub title: String,
    pub author: String,
    pub isbn: String,
    pub year: i32,
}

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

type DbPool = Pool<ConnectionManager<PgConnection>>;

fn load_books(conn: &mut PgConnection, sql: &str) -> QueryResult<Vec<Book>> {
    diesel::sql_query(sql).load::<Book>(conn) // expect: sql-injection
}

fn exec_sql(conn: &mut PgConnection, sql: &str) -> QueryResult<usize> {
    diesel::sql_query(sql).execute(conn)
}

fn where_eq(field: &str, value: &str) -> String {
    format!("{field} = '{value}'")
}

fn count_in(conn: &mut PgConnection, table: &str) -> QueryResult<i64> {
    let row: Count = diesel::sql_query(format!("SELECT count(*) AS n FROM {table}")).get_result(conn)?; // expect: sql-injection
    Ok(row.n)
}

/// Rebuilds the indexes of a table; called by the maintenance job, not by a tool.
pub fn reindex(conn: &mut PgConnection, table: &str) -> QueryResult<usize> {
    diesel::sql_query(format!("REINDEX TABLE {table}")).execute(conn)
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct AuthorArgs {
    /// Author name as printed on the cover
    pub author: String,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct TitleArgs {
    #[schemars(description = "Part of the title")]
    pub term: String,
    #[schemars(description = "Only books published after this year")]
    pub after: Option<i32>,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct IsbnArgs {
    /// ISBN-13
    pub isbn: String,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct TableArgs {
    /// Catalog table
    pub table: String,
}

#[derive(Clone)]
pub struct Catalog {
    pool: DbPool,
    tool_router: ToolRouter<Catalog>,
}

fn err<E: std::fmt::Display>(e: E) -> ErrorData {
    ErrorData::internal_error(e.to_string(), None)
}

fn listing(books: &[Book]) -> Result<CallToolResult, ErrorData> {
    let lines: Vec<String> = books.iter().map(|b| format!("{} ({}) by {}", b.title, b.year, b.author)).collect();
    Ok(CallToolResult::success(vec![Content::text(lines.join("\n"))]))
}

#[tool_router]
impl Catalog {
    pub fn new(pool: DbPool) -> Self {
        Self {
            pool,
            tool_router: Self::tool_router(),
        }
    }

    #[tool(description = "Books by an author")]
    async fn by_author(&self, Parameters(AuthorArgs { author }): Parameters<AuthorArgs>) -> Result<CallToolResult, ErrorData> {
        let mut conn = self.pool.get().map_err(err)?;
        let sql = format!("SELECT id, title, author, isbn, year FROM books WHERE {} ORDER BY year", where_eq("author", &author));
        listing(&load_books(&mut conn, &sql).map_err(err)?)
    }

    #[tool(description = "Books by an author, using the query DSL")]
    async fn by_author_dsl(&self, p: Parameters<AuthorArgs>) -> Result<CallToolResult, ErrorData> {
        let mut conn = self.pool.get().map_err(err)?;
        let found = books::table
            .filter(books::author.eq(&p.0.author))
            .order(books::year)
            .load::<Book>(&mut conn)
            .map_err(err)?;
        listing(&found)
    }

    #[tool(description = "Books whose title contains a term")]
    async fn by_title(&self, Parameters(args): Parameters<TitleArgs>) -> Result<CallToolResult, ErrorData> {
        let mut conn = self.pool.get().map_err(err)?;
        let pattern = format!("%{}%", args.term);
        let found = diesel::sql_query("SELECT id, title, author, isbn, year FROM books WHERE title ILIKE $1 AND year > $2")
            .bind::<Text, _>(&pattern)
            .bind::<Integer, _>(args.after.unwrap_or(0))
            .load::<Book>(&mut conn)
            .map_err(err)?;
        listing(&found)
    }

    #[tool(description = "Books whose title contains a term, via a raw filter")]
    async fn by_title_raw(&self, Parameters(args): Parameters<TitleArgs>) -> Result<CallToolResult, ErrorData> {
        let mut conn = self.pool.get().map_err(err)?;
        let found = books::table
            .filter(diesel::dsl::sql::<Bool>(&format!("title ILIKE '%{}%'", args.term))) // expect: sql-injection from=args
            .load::<Book>(&mut conn)
            .map_err(err)?;
        listing(&found)
    }

    #[tool(description = "Look a book up by ISBN")]
    async fn by_isbn(&self, Parameters(IsbnArgs { isbn }): Parameters<IsbnArgs>) -> Result<CallToolResult, ErrorData> {
        let mut conn = self.pool.get().map_err(err)?;
        let run = |sql: String| diesel::sql_query(sql).load::<Book>(&mut conn); // expect: sql-injection
        listing(&run("SELECT id, title, author, isbn, year FROM books WHERE isbn = '".to_string() + &isbn + "'").map_err(err)?)
    }

    #[tool(description = "Rows in a catalog table")]
    async fn table_size(&self, Parameters(TableArgs { table }): Parameters<TableArgs>) -> Result<CallToolResult, ErrorData> {
        let mut conn = self.pool.get().map_err(err)?;
        let n = count_in(&mut conn, &table).map_err(err)?;
        Ok(CallToolResult::success(vec![Content::text(n.to_string())]))
    }

    #[tool(description = "Newest books")]
    async fn newest(&self) -> Result<CallToolResult, ErrorData> {
        let mut conn = self.pool.get().map_err(err)?;
        listing(&load_books(&mut conn, "SELECT id, title, author, isbn, year FROM books ORDER BY year DESC LIMIT 20").map_err(err)?)
    }

    #[tool(description = "Refresh the search view")]
    async fn refresh_search(&self) -> Result<CallToolResult, ErrorData> {
        let mut conn = self.pool.get().map_err(err)?;
        exec_sql(&mut conn, "REFRESH MATERIALIZED VIEW CONCURRENTLY book_search").map_err(err)?;
        Ok(CallToolResult::success(vec![Content::text("refreshed")]))
    }
}

#[tool_handler]
impl ServerHandler for Catalog {}
