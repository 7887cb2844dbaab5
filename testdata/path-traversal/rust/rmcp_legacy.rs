//! Application data and log browser on rmcp 0.1 (`#[tool(tool_box)]`).

use std::path::{Path, PathBuf};

use rmcp::{
    Error as McpError, ServerHandler,
    model::{CallToolResult, Content, ServerCapabilities, ServerInfo},
    schemars, tool,
};
use serde::Deserialize;

const CONFIG_DIR: &str = "/etc/myapp";
const LOG_DIR: &str = "/var/log/myapp";
const DATA_DIR: &str = "/var/lib/myapp";

#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct LogQuery {
    #[schemars(description = "Log file name inside the log directory")]
    pub file: String,
    #[schemars(description = "Number of trailing lines")]
    pub tail: Option<usize>,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct BackupRequest {
    /// Data file to back up
    pub source: String,
    /// Where the copy goes
    pub destination: String,
}

#[derive(Debug, Clone)]
pub struct AppBrowser {
    data_root: PathBuf,
}

fn ok(text: String) -> Result<CallToolResult, McpError> {
    Ok(CallToolResult::success(vec![Content::text(text)]))
}

fn io(e: std::io::Error) -> McpError {
    McpError::internal_error(e.to_string(), None)
}

#[tool(tool_box)]
impl AppBrowser {
    pub fn new() -> std::io::Result<Self> {
        Ok(Self {
            data_root: dunce::canonicalize(DATA_DIR)?,
        })
    }

    #[tool(description = "Read one configuration file")]
    fn read_config(
        &self,
        #[tool(param)]
        #[schemars(description = "Configuration name without the .toml suffix")]
        name: String,
    ) -> Result<CallToolResult, McpError> {
        ok(std::fs::read_to_string(format!("{CONFIG_DIR}/{name}.toml")).map_err(io)?) // expect: path-traversal from=name
    }

    #[tool(description = "Last lines of a log file")]
    async fn read_log(&self, #[tool(aggr)] LogQuery { file, tail }: LogQuery) -> Result<CallToolResult, McpError> {
        let path = PathBuf::from(LOG_DIR).join(&file);
        let content = tokio::fs::read_to_string(path).await.map_err(io)?; // expect: path-traversal
        let lines: Vec<&str> = content.lines().collect();
        let start = lines.len().saturating_sub(tail.unwrap_or(100));
        ok(lines[start..].join("\n"))
    }

    #[tool(description = "Remove a data directory")]
    fn remove_dir(
        &self,
        #[tool(param)]
        #[schemars(description = "Directory under the data root")]
        dir: String,
    ) -> Result<CallToolResult, McpError> {
        std::fs::remove_dir_all(Path::new(DATA_DIR).join(dir)).map_err(io)?; // expect: path-traversal from=dir
        ok("removed".into())
    }

    #[tool(description = "List a directory under the data root")]
    async fn list_data(
        &self,
        #[tool(param)]
        #[schemars(description = "Directory under the data root")]
        sub: String,
    ) -> Result<CallToolResult, McpError> {
        let dir = dunce::canonicalize(self.data_root.join(&sub)).map_err(io)?;
        if !dir.starts_with(&self.data_root) {
            return Err(McpError::invalid_params("outside the data root", None));
        }
        let mut entries = tokio::fs::read_dir(&dir).await.map_err(io)?;
        let mut names = Vec::new();
        while let Some(entry) = entries.next_entry().await.map_err(io)? {
            names.push(entry.file_name().to_string_lossy().into_owned());
        }
        ok(names.join("\n"))
    }

    #[tool(description = "Copy a data file to a backup location")]
    fn backup(&self, #[tool(aggr)] req: BackupRequest) -> Result<CallToolResult, McpError> {
        let source = dunce::canonicalize(self.data_root.join(&req.source)).map_err(io)?;
        if !source.starts_with(&self.data_root) {
            return Err(McpError::invalid_params("source outside the data root", None));
        }
        // The source is checked; the destination is used as given.
        let n = std::fs::copy(&source, &req.destination).map_err(io)?; // expect: path-traversal from=req
        ok(format!("copied {n} bytes"))
    }

    #[tool(description = "Read a stored record by its numeric id")]
    fn read_record(
        &self,
        #[tool(param)]
        #[schemars(description = "Record id")]
        id: String,
    ) -> Result<CallToolResult, McpError> {
        let id: u64 = id.parse().map_err(|_| McpError::invalid_params("id must be numeric", None))?;
        ok(std::fs::read_to_string(format!("{DATA_DIR}/records/{id}.json")).map_err(io)?)
    }

    #[tool(description = "Application status file")]
    fn status(&self) -> Result<CallToolResult, McpError> {
        ok(std::fs::read_to_string(Path::new(DATA_DIR).join("status.json")).map_err(io)?)
    }

    #[tool(description = "Truncate a log file")]
    async fn truncate_log(
        &self,
        #[tool(param)]
        #[schemars(description = "Log file name")]
        file: String,
    ) -> Result<CallToolResult, McpError> {
        let path = Path::new(LOG_DIR).join(file.trim()).to_path_buf();
        tokio::fs::File::create(&path).await.map_err(io)?; // expect: path-traversal from=file
        ok(format!("truncated {}", path.display()))
    }
}

#[tool(tool_box)]
impl ServerHandler for AppBrowser {
    fn get_info(&self) -> ServerInfo {
        ServerInfo {
            capabilities: ServerCapabilities::builder().enable_tools().build(),
            instructions: Some("Browse the application's configuration, logs and data.".into()),
            ..Default::default()
        }
    }
}
