//! Commit and author queries.

use rmcp::{
    ErrorData,
    handler::server::wrapper::Parameters,
    model::{CallToolResult, Content},
    schemars, tool, tool_router,
};
use serde::Deserialize;

use crate::HistoryIndex;
use crate::util::{self, commits_by};

#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct AuthorArgs {
    /// Author e-mail address
    pub author: String,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct PathArgs {
    #[schemars(description = "File path as recorded in the index")]
    pub path: String,
    #[schemars(description = "Only commits after this date (YYYY-MM-DD)")]
    pub since: Option<String>,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct TagArgs {
    /// Commit sha
    pub sha: String,
    /// Label to attach
    pub label: String,
}

fn lines(v: Vec<String>) -> Result<CallToolResult, ErrorData> {
    Ok(CallToolResult::success(vec![Content::text(v.join("\n"))]))
}

fn db(e: rusqlite::Error) -> ErrorData {
    ErrorData::internal_error(e.to_string(), None)
}

#[tool_router(router = git_router, vis = "pub")]
impl HistoryIndex {
    #[tool(description = "Commits of an author")]
    async fn by_author(&self, Parameters(AuthorArgs { author }): Parameters<AuthorArgs>) -> Result<CallToolResult, ErrorData> {
        let conn = self.conn.lock().unwrap();
        let sql = commits_by(&author);
        let mut stmt = conn.prepare(&sql).map_err(db)?; // expect: sql-injection
        let rows = stmt
            .query_map([], |r| Ok(format!("{} {}", r.get::<_, String>(0)?, r.get::<_, String>(1)?)))
            .map_err(db)?
            .filter_map(Result::ok)
            .collect();
        lines(rows)
    }

    #[tool(description = "Commits that touched a file")]
    async fn by_path(&self, Parameters(args): Parameters<PathArgs>) -> Result<CallToolResult, ErrorData> {
        let mut sql = String::from("SELECT c.sha, c.subject FROM commits c JOIN changes f ON f.sha = c.sha WHERE f.path = '");
        sql.push_str(&args.path);
        sql.push('\'');
        if let Some(since) = &args.since {
            sql += &format!(" AND c.date >= '{since}'");
        }
        let conn = self.conn.lock().unwrap();
        lines(crate::util::query_rows(&conn, &sql).map_err(db)?)
    }

    #[tool(description = "Number of commits of an author")]
    async fn author_count(&self, p: Parameters<AuthorArgs>) -> Result<CallToolResult, ErrorData> {
        let conn = self.conn.lock().unwrap();
        let n = util::count_where(&conn, "author", &p.0.author).map_err(db)?;
        lines(vec![n.to_string()])
    }

    #[tool(description = "Attach a label to a commit")]
    async fn tag_commit(&self, Parameters(TagArgs { sha, label }): Parameters<TagArgs>) -> Result<CallToolResult, ErrorData> {
        let conn = self.conn.lock().unwrap();
        let sql = format!("INSERT INTO labels (sha, label) VALUES ('{sha}', '{label}')");
        super::super::util::exec(&conn, &sql).map_err(db)?;
        lines(vec![format!("labelled {sha}")])
    }

    #[tool(description = "Attach a label to a commit, with bound values")]
    async fn tag_commit_bound(&self, Parameters(args): Parameters<TagArgs>) -> Result<CallToolResult, ErrorData> {
        let conn = self.conn.lock().unwrap();
        conn.execute("INSERT INTO labels (sha, label) VALUES (?1, ?2)", [&args.sha, &args.label]).map_err(db)?;
        lines(vec![format!("labelled {}", args.sha)])
    }

    #[tool(description = "Most active authors")]
    async fn top_authors(&self) -> Result<CallToolResult, ErrorData> {
        let conn = self.conn.lock().unwrap();
        lines(util::query_rows(&conn, "SELECT author, count(*) FROM commits GROUP BY author ORDER BY 2 DESC LIMIT 10").map_err(db)?)
    }
}
