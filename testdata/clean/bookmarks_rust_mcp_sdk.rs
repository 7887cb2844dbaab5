//! Bookmark manager on rust-mcp-sdk: SQLite storage (rusqlite), JSON exports on disk and page
//! titles fetched with curl.

use std::path::{Component, Path, PathBuf};
use std::process::Command;
use std::sync::{Arc, Mutex};

use async_trait::async_trait;
use rusqlite::{Connection, params};
use rust_mcp_sdk::macros::{JsonSchema, mcp_tool};
use rust_mcp_sdk::schema::{
    CallToolRequestParams, CallToolResult, ListToolsResult, PaginatedRequestParams, RpcError,
    TextContent, schema_utils::CallToolError,
};
use rust_mcp_sdk::{McpServer, mcp_server::ServerHandler, tool_box};
use serde::{Deserialize, Serialize};

fn ok(text: impl Into<String>) -> Result<CallToolResult, CallToolError> {
    Ok(CallToolResult::text_content(vec![TextContent::from(text.into())]))
}

fn fail(msg: &str) -> CallToolError {
    CallToolError::from_message(msg)
}

#[mcp_tool(name = "add_bookmark", description = "Save a bookmark with optional tags")]
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
pub struct AddBookmark {
    /// Address of the page
    url: String,
    /// Title shown in listings
    title: String,
    /// Tags for grouping
    #[serde(default)]
    tags: Vec<String>,
}

#[mcp_tool(name = "search_bookmarks", description = "Search titles and addresses", read_only_hint = true)]
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
pub struct SearchBookmarks {
    /// Text to look for
    query: String,
    /// Maximum number of results
    limit: Option<u32>,
}

#[mcp_tool(name = "delete_bookmark", description = "Delete a bookmark by id", destructive_hint = true)]
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
pub struct DeleteBookmark {
    /// Bookmark id
    id: i64,
}

#[mcp_tool(name = "export_bookmarks", description = "Write all bookmarks of a tag to a JSON file")]
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
pub struct ExportBookmarks {
    /// Tag to export
    tag: String,
    /// File name inside the export folder
    file: String,
}

#[mcp_tool(name = "read_export", description = "Read a previous export", read_only_hint = true)]
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
pub struct ReadExport {
    /// File name inside the export folder
    file: String,
}

#[mcp_tool(name = "fetch_title", description = "Fetch the HTML title of a page", open_world_hint = true)]
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
pub struct FetchTitle {
    /// Address of the page
    url: String,
}

impl SearchBookmarks {
    fn run(&self, db: &Connection) -> Result<CallToolResult, CallToolError> {
        let mut stmt = db
            .prepare("SELECT id, title, url FROM bookmarks WHERE title LIKE ?1 OR url LIKE ?1 ORDER BY id DESC LIMIT ?2")
            .map_err(CallToolError::new)?;
        let pattern = format!("%{}%", self.query);
        let lines: Vec<String> = stmt
            .query_map(params![pattern, self.limit.unwrap_or(25)], |r| {
                Ok(format!("#{} {} <{}>", r.get::<_, i64>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?))
            })
            .map_err(CallToolError::new)?
            .filter_map(Result::ok)
            .collect();
        ok(lines.join("\n"))
    }
}

impl ExportBookmarks {
    fn run(&self, db: &Connection, export_dir: &Path) -> Result<CallToolResult, CallToolError> {
        for part in Path::new(&self.file).components() {
            if let Component::ParentDir | Component::RootDir | Component::Prefix(_) = part {
                return Err(fail("export file names must stay inside the export folder"));
            }
        }
        let mut stmt = db
            .prepare("SELECT b.title, b.url FROM bookmarks b JOIN tags t ON t.bookmark_id = b.id WHERE t.tag = ?1")
            .map_err(CallToolError::new)?;
        let rows: Vec<(String, String)> = stmt
            .query_map(params![self.tag], |r| Ok((r.get(0)?, r.get(1)?)))
            .map_err(CallToolError::new)?
            .filter_map(Result::ok)
            .collect();
        let json = serde_json::to_string_pretty(&rows).map_err(CallToolError::new)?;
        std::fs::write(export_dir.join(&self.file), json).map_err(CallToolError::new)?;
        ok(format!("exported {} bookmark(s)", rows.len()))
    }
}

tool_box!(BookmarkTools, [AddBookmark, SearchBookmarks, DeleteBookmark, ExportBookmarks, ReadExport, FetchTitle]);

pub struct Bookmarks {
    db: Arc<Mutex<Connection>>,
    /// Canonical export folder.
    export_dir: PathBuf,
}

#[async_trait]
impl ServerHandler for Bookmarks {
    async fn handle_list_tools_request(
        &self,
        _params: Option<PaginatedRequestParams>,
        _runtime: Arc<dyn McpServer>,
    ) -> Result<ListToolsResult, RpcError> {
        Ok(ListToolsResult { meta: None, next_cursor: None, tools: BookmarkTools::tools() })
    }

    async fn handle_call_tool_request(
        &self,
        params: CallToolRequestParams,
        _runtime: Arc<dyn McpServer>,
    ) -> Result<CallToolResult, CallToolError> {
        let tool = BookmarkTools::try_from(params).map_err(CallToolError::new)?;
        let db = self.db.lock().map_err(|_| fail("database lock poisoned"))?;
        match tool {
            BookmarkTools::AddBookmark(t) => {
                db.execute("INSERT INTO bookmarks (url, title) VALUES (?1, ?2)", params![t.url, t.title])
                    .map_err(CallToolError::new)?;
                let id = db.last_insert_rowid();
                for tag in &t.tags {
                    db.execute("INSERT INTO tags (bookmark_id, tag) VALUES (?1, ?2)", params![id, tag])
                        .map_err(CallToolError::new)?;
                }
                ok(format!("saved bookmark #{id}"))
            }
            BookmarkTools::SearchBookmarks(t) => t.run(&db),
            BookmarkTools::DeleteBookmark(t) => {
                let n = db.execute("DELETE FROM bookmarks WHERE id = ?1", params![t.id]).map_err(CallToolError::new)?;
                ok(format!("deleted {n} bookmark(s)"))
            }
            BookmarkTools::ExportBookmarks(t) => t.run(&db, &self.export_dir),
            BookmarkTools::ReadExport(t) => {
                let real = std::fs::canonicalize(self.export_dir.join(&t.file)).map_err(CallToolError::new)?;
                if !real.starts_with(&self.export_dir) {
                    return Err(fail("not an export file"));
                }
                ok(std::fs::read_to_string(&real).map_err(CallToolError::new)?)
            }
            BookmarkTools::FetchTitle(t) => {
                let out = Command::new("curl")
                    .args(["-sL", "--max-time", "10", "--max-filesize", "2000000", "--"])
                    .arg(&t.url)
                    .output()
                    .map_err(CallToolError::new)?;
                let html = String::from_utf8_lossy(&out.stdout);
                let title = html
                    .split_once("<title>")
                    .and_then(|(_, rest)| rest.split_once("</title>"))
                    .map(|(t, _)| t.trim().to_string())
                    .unwrap_or_default();
                ok(title)
            }
        }
    }
}
