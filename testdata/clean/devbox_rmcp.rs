//! Developer workspace server: files, git, tests and a notes database (rmcp 0.2+, sqlx SQLite).

use std::path::{Component, Path, PathBuf};

use rmcp::{
    ErrorData, ServerHandler,
    handler::server::{router::tool::ToolRouter, wrapper::Parameters},
    model::{CallToolResult, Content, Implementation, ServerCapabilities, ServerInfo},
    schemars, tool, tool_handler, tool_router,
};
use serde::Deserialize;
use sqlx::SqlitePool;
use tokio::process::Command;

const TEST_PROFILES: &[&str] = &["unit", "integration", "doc"];

#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct FileArgs {
    /// Path relative to the workspace root
    pub path: String,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct WriteArgs {
    /// Path relative to the workspace root; parent folders are created
    pub path: String,
    /// New contents of the file
    pub content: String,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct LogArgs {
    #[schemars(description = "Branch, tag or commit")]
    pub reference: String,
    #[schemars(description = "Number of commits, at most 200")]
    pub count: Option<u32>,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct TestArgs {
    /// One of `unit`, `integration` or `doc`
    pub profile: String,
    /// Only run tests whose name contains this text
    pub filter: Option<String>,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct NoteArgs {
    /// Topic the note is filed under
    pub topic: String,
    /// Text of the note; omit to list the topic's notes
    pub text: Option<String>,
}

#[derive(Clone)]
pub struct DevBox {
    /// Canonical workspace root.
    root: PathBuf,
    notes: SqlitePool,
    tool_router: ToolRouter<DevBox>,
}

fn io_error(e: std::io::Error) -> ErrorData {
    ErrorData::internal_error(e.to_string(), None)
}

fn db_error(e: sqlx::Error) -> ErrorData {
    ErrorData::internal_error(e.to_string(), None)
}

fn outside() -> ErrorData {
    ErrorData::invalid_params("path is outside the workspace", None)
}

fn reply(text: impl Into<String>) -> Result<CallToolResult, ErrorData> {
    Ok(CallToolResult::success(vec![Content::text(text.into())]))
}

fn output(out: std::process::Output) -> Result<CallToolResult, ErrorData> {
    let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    Ok(CallToolResult { is_error: Some(!out.status.success()), ..CallToolResult::success(vec![Content::text(text)]) })
}

#[tool_router]
impl DevBox {
    pub async fn new(root: &Path, notes: SqlitePool) -> anyhow::Result<Self> {
        sqlx::query("CREATE TABLE IF NOT EXISTS notes (id INTEGER PRIMARY KEY, topic TEXT NOT NULL, body TEXT NOT NULL)")
            .execute(&notes)
            .await?;
        Ok(Self {
            root: std::fs::canonicalize(root)?,
            notes,
            tool_router: Self::tool_router(),
        })
    }

    /// An existing path inside the workspace, with symlinks resolved.
    fn existing(&self, rel: &str) -> Result<PathBuf, ErrorData> {
        let real = std::fs::canonicalize(self.root.join(rel)).map_err(io_error)?;
        if !real.starts_with(&self.root) {
            return Err(outside());
        }
        Ok(real)
    }

    /// A path for a new file: relative, without `..`, root or drive components.
    fn fresh(&self, rel: &str) -> Result<PathBuf, ErrorData> {
        let rel = Path::new(rel);
        if rel.components().any(|c| matches!(c, Component::ParentDir | Component::RootDir | Component::Prefix(_))) {
            return Err(outside());
        }
        Ok(self.root.join(rel))
    }

    #[tool(description = "Read a text file of the workspace")]
    async fn read_file(&self, Parameters(FileArgs { path }): Parameters<FileArgs>) -> Result<CallToolResult, ErrorData> {
        let real = self.existing(&path)?;
        reply(tokio::fs::read_to_string(&real).await.map_err(io_error)?)
    }

    #[tool(description = "Create or replace a file of the workspace")]
    async fn write_file(&self, Parameters(args): Parameters<WriteArgs>) -> Result<CallToolResult, ErrorData> {
        let target = self.fresh(&args.path)?;
        if let Some(parent) = target.parent() {
            tokio::fs::create_dir_all(parent).await.map_err(io_error)?;
        }
        tokio::fs::write(&target, args.content.as_bytes()).await.map_err(io_error)?;
        reply(format!("wrote {} bytes to {}", args.content.len(), args.path))
    }

    #[tool(description = "List a directory of the workspace")]
    async fn list_dir(&self, p: Parameters<FileArgs>) -> Result<CallToolResult, ErrorData> {
        let dir = self.existing(&p.0.path)?;
        let mut entries = tokio::fs::read_dir(&dir).await.map_err(io_error)?;
        let mut names = Vec::new();
        while let Some(entry) = entries.next_entry().await.map_err(io_error)? {
            names.push(entry.file_name().to_string_lossy().into_owned());
        }
        reply(names.join("\n"))
    }

    #[tool(description = "Recent commits of a branch, tag or commit")]
    async fn git_log(&self, Parameters(LogArgs { reference, count }): Parameters<LogArgs>) -> Result<CallToolResult, ErrorData> {
        let out = Command::new("git")
            .args(["log", "--oneline", "-n"])
            .arg(count.unwrap_or(20).min(200).to_string())
            .arg("--end-of-options")
            .arg(&reference)
            .current_dir(&self.root)
            .output()
            .await
            .map_err(io_error)?;
        output(out)
    }

    #[tool(description = "Run the test suite with one of the configured profiles")]
    async fn run_tests(&self, Parameters(args): Parameters<TestArgs>) -> Result<CallToolResult, ErrorData> {
        if !TEST_PROFILES.contains(&args.profile.as_str()) {
            return Err(ErrorData::invalid_params("profile must be unit, integration or doc", None));
        }
        let filter = match &args.filter {
            Some(f) => shlex::try_quote(f).map_err(|_| ErrorData::invalid_params("invalid filter", None))?.into_owned(),
            None => String::new(),
        };
        let line = format!("cargo nextest run --profile {} {} 2>&1 | tail -n 40", args.profile, filter);
        let out = Command::new("sh").arg("-c").arg(&line).current_dir(&self.root).output().await.map_err(io_error)?;
        output(out)
    }

    #[tool(description = "Add a note to a topic, or list the notes of a topic")]
    async fn note(&self, Parameters(NoteArgs { topic, text }): Parameters<NoteArgs>) -> Result<CallToolResult, ErrorData> {
        if let Some(text) = text {
            sqlx::query("INSERT INTO notes (topic, body) VALUES (?, ?)")
                .bind(&topic)
                .bind(&text)
                .execute(&self.notes)
                .await
                .map_err(db_error)?;
            return reply(format!("noted under {topic}"));
        }
        let rows: Vec<(i64, String)> = sqlx::query_as("SELECT id, body FROM notes WHERE topic = ? ORDER BY id DESC LIMIT 50")
            .bind(&topic)
            .fetch_all(&self.notes)
            .await
            .map_err(db_error)?;
        reply(rows.into_iter().map(|(id, body)| format!("#{id} {body}")).collect::<Vec<_>>().join("\n"))
    }
}

#[tool_handler]
impl ServerHandler for DevBox {
    fn get_info(&self) -> ServerInfo {
        ServerInfo {
            capabilities: ServerCapabilities::builder().enable_tools().build(),
            server_info: Implementation::from_build_env(),
            instructions: Some("Files, git history, tests and notes for one workspace.".into()),
            ..Default::default()
        }
    }
}
