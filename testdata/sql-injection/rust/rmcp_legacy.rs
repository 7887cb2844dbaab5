//! Task list over SQLite (rusqlite), written against rmcp 0.1 (`#[tool(tool_box)]`).

use std::sync::{Arc, Mutex};

use rmcp::{
    Error as McpError, ServerHandler,
    model::{CallToolResult, Content, ServerCapabilities, ServerInfo},
    schemars, tool,
};
use rusqlite::{Connection, named_params, params};
use serde::Deserialize;

#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct ProjectQuery {
    #[schemars(description = "Project name")]
    pub project: String,
    #[schemars(description = "Count finished tasks instead of open ones")]
    #[serde(default)]
    pub done: bool,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct RenameProject {
    /// Current project name
    pub from: String,
    /// New project name
    pub to: String,
}

#[derive(Clone)]
pub struct Tasks {
    conn: Arc<Mutex<Connection>>,
}

fn sql_err(e: rusqlite::Error) -> McpError {
    McpError::internal_error(e.to_string(), None)
}

fn text(s: impl Into<String>) -> Result<CallToolResult, McpError> {
    Ok(CallToolResult::success(vec![Content::text(s.into())]))
}

#[tool(tool_box)]
impl Tasks {
    pub fn open(path: &str) -> rusqlite::Result<Self> {
        let conn = Connection::open(path)?;
        conn.execute_batch(
            "CREATE TABLE IF NOT EXISTS tasks (id INTEGER PRIMARY KEY, title TEXT NOT NULL, project TEXT NOT NULL, tag TEXT, done INTEGER NOT NULL DEFAULT 0);",
        )?;
        Ok(Self {
            conn: Arc::new(Mutex::new(conn)),
        })
    }

    #[tool(description = "Add a task to a project")]
    fn add_task(
        &self,
        #[tool(param)]
        #[schemars(description = "Task title")]
        title: String,
        #[tool(param)]
        #[schemars(description = "Project the task belongs to")]
        project: String,
    ) -> Result<CallToolResult, McpError> {
        let conn = self.conn.lock().unwrap();
        conn.execute("INSERT INTO tasks (title, project) VALUES (?1, ?2)", params![title, project])
            .map_err(sql_err)?;
        text(format!("added task {}", conn.last_insert_rowid()))
    }

    #[tool(description = "Search task titles")]
    fn search(
        &self,
        #[tool(param)]
        #[schemars(description = "Text contained in the title")]
        term: String,
    ) -> Result<CallToolResult, McpError> {
        let conn = self.conn.lock().unwrap();
        let sql = format!("SELECT id, title FROM tasks WHERE title LIKE '%{}%'", term);
        let mut stmt = conn.prepare(&sql).map_err(sql_err)?; // expect: sql-injection from=term
        let titles: Vec<String> = stmt
            .query_map([], |row| row.get::<_, String>(1))
            .map_err(sql_err)?
            .filter_map(Result::ok)
            .collect();
        text(titles.join("\n"))
    }

    #[tool(description = "Number of open or finished tasks in a project")]
    fn count(&self, #[tool(aggr)] ProjectQuery { project, done }: ProjectQuery) -> Result<CallToolResult, McpError> {
        let sql = format!(
            "SELECT count(*) FROM tasks WHERE project = '{}' AND done = {}",
            project, done as i32
        );
        let conn = self.conn.lock().unwrap();
        let n: i64 = conn.query_row(&sql, [], |r| r.get(0)).map_err(sql_err)?; // expect: sql-injection
        text(n.to_string())
    }

    #[tool(description = "Mark a task as done")]
    fn complete(
        &self,
        #[tool(param)]
        #[schemars(description = "Task id")]
        id: i64,
    ) -> Result<CallToolResult, McpError> {
        let changed = self
            .conn
            .lock()
            .unwrap()
            .execute("UPDATE tasks SET done = 1 WHERE id = ?1", [id])
            .map_err(sql_err)?;
        text(format!("{changed} task(s) completed"))
    }

    #[tool(description = "Rename a project")]
    fn rename_project(&self, #[tool(aggr)] req: RenameProject) -> Result<CallToolResult, McpError> {
        let sql = "UPDATE tasks SET project = '".to_owned() + &req.to + "' WHERE project = '" + &req.from + "'";
        let conn = self.conn.lock().unwrap();
        let changed = conn.execute(&sql, []).map_err(sql_err)?; // expect: sql-injection from=req
        text(format!("{changed} task(s) moved"))
    }

    #[tool(description = "Delete all tasks of a project and compact the database")]
    fn purge_project(
        &self,
        #[tool(param)]
        #[schemars(description = "Project name")]
        project: String,
    ) -> Result<CallToolResult, McpError> {
        let conn = self.conn.lock().unwrap();
        conn.execute_batch(&format!("DELETE FROM tasks WHERE project = '{project}'; VACUUM;")) // expect: sql-injection from=project
            .map_err(sql_err)?;
        text("purged")
    }

    #[tool(description = "Tasks with a tag")]
    fn by_tag(
        &self,
        #[tool(param)]
        #[schemars(description = "Tag")]
        tag: String,
    ) -> Result<CallToolResult, McpError> {
        let conn = self.conn.lock().unwrap();
        let mut stmt = conn
            .prepare("SELECT title FROM tasks WHERE tag = :tag ORDER BY id")
            .map_err(sql_err)?;
        let titles: Vec<String> = stmt
            .query_map(named_params! { ":tag": tag }, |row| row.get(0))
            .map_err(sql_err)?
            .filter_map(Result::ok)
            .collect();
        text(titles.join("\n"))
    }

    #[tool(description = "Open tasks per project")]
    fn stats(&self) -> Result<CallToolResult, McpError> {
        let conn = self.conn.lock().unwrap();
        let mut stmt = conn
            .prepare("SELECT project, count(*) FROM tasks WHERE done = 0 GROUP BY project")
            .map_err(sql_err)?;
        let lines: Vec<String> = stmt
            .query_map([], |r| Ok(format!("{}: {}", r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))
            .map_err(sql_err)?
            .filter_map(Result::ok)
            .collect();
        text(lines.join("\n"))
    }
}

#[tool(tool_box)]
impl ServerHandler for Tasks {
    fn get_info(&self) -> ServerInfo {
        ServerInfo {
            capabilities: ServerCapabilities::builder().enable_tools().build(),
            instructions: Some("Manage the task list.".into()),
            ..Default::default()
        }
    }
}
