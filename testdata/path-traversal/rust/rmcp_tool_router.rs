//! Workspace file server on rmcp's `#[tool_router]` (rmcp 0.2 and later).

use std::fs::{File, OpenOptions};
use std::io::{Read, Write};
use std::path::{Component, Path, PathBuf};

use rmcp::{
    ErrorData, ServerHandler,
    handler::server::{router::tool::ToolRouter, wrapper::Parameters},
    model::{CallToolResult, Content, ServerCapabilities, ServerInfo},
    schemars, tool, tool_handler, tool_router,
};
use serde::Deserialize;

const SHARED_DIR: &str = "/srv/shared";

#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct PathArgs {
    /// Path relative to the workspace root
    pub path: String,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct WriteArgs {
    #[schemars(description = "Path relative to the workspace root")]
    pub path: String,
    #[schemars(description = "New contents of the file")]
    pub content: String,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct MoveArgs {
    /// Existing file
    pub source: String,
    /// New location
    pub destination: String,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct HeadArgs {
    /// File to read
    pub path: String,
    /// Number of bytes
    pub bytes: Option<usize>,
}

#[derive(Clone)]
pub struct FileServer {
    /// Canonical workspace root, resolved once at start-up.
    root: PathBuf,
    tool_router: ToolRouter<FileServer>,
}

fn io_err(e: std::io::Error) -> ErrorData {
    ErrorData::internal_error(e.to_string(), None)
}

fn denied() -> ErrorData {
    ErrorData::invalid_params("path is outside the workspace", None)
}

fn text(s: impl Into<String>) -> Result<CallToolResult, ErrorData> {
    Ok(CallToolResult::success(vec![Content::text(s.into())]))
}

#[tool_router]
impl FileServer {
    pub fn new(root: &Path) -> std::io::Result<Self> {
        Ok(Self {
            root: std::fs::canonicalize(root)?,
            tool_router: Self::tool_router(),
        })
    }

    /// Resolves a path inside the workspace, following symlinks, and refuses anything outside.
    fn resolve(&self, rel: &str) -> Result<PathBuf, ErrorData> {
        let canon = std::fs::canonicalize(self.root.join(rel)).map_err(io_err)?;
        if !canon.starts_with(&self.root) {
            return Err(denied());
        }
        Ok(canon)
    }

    /// Joins a relative path that has no `..`, root or prefix components (for new files).
    fn relative(&self, rel: &str) -> Result<PathBuf, ErrorData> {
        if Path::new(rel)
            .components()
            .any(|c| matches!(c, Component::ParentDir | Component::RootDir | Component::Prefix(_)))
        {
            return Err(denied());
        }
        Ok(self.root.join(rel))
    }

    #[tool(description = "Read a text file of the workspace")]
    async fn read_file(&self, Parameters(PathArgs { path }): Parameters<PathArgs>) -> Result<CallToolResult, ErrorData> {
        let full = self.root.join(&path);
        let body = tokio::fs::read_to_string(&full).await.map_err(io_err)?; // expect: path-traversal
        text(body)
    }

    #[tool(description = "Create or overwrite a file")]
    async fn write_file(&self, Parameters(args): Parameters<WriteArgs>) -> Result<CallToolResult, ErrorData> {
        let mut target = self.root.clone();
        target.push(&args.path);
        tokio::fs::write(&target, args.content.as_bytes()).await.map_err(io_err)?; // expect: path-traversal from=args
        text(format!("wrote {} bytes", args.content.len()))
    }

    #[tool(description = "Move or rename a file")]
    async fn move_file(&self, p: Parameters<MoveArgs>) -> Result<CallToolResult, ErrorData> {
        std::fs::rename(self.root.join(&p.0.source), self.root.join(&p.0.destination)).map_err(io_err)?; // expect: path-traversal from=p
        text("moved")
    }

    #[tool(description = "Delete a file")]
    async fn delete_file(&self, Parameters(PathArgs { path }): Parameters<PathArgs>) -> Result<CallToolResult, ErrorData> {
        let target = format!("{}/{}", self.root.display(), path);
        std::fs::remove_file(&target).map_err(io_err)?; // expect: path-traversal
        text("deleted")
    }

    #[tool(description = "First bytes of a file")]
    async fn head(&self, Parameters(args): Parameters<HeadArgs>) -> Result<CallToolResult, ErrorData> {
        let full = Path::new(SHARED_DIR).join(args.path.as_str());
        let mut file = File::open(full).map_err(io_err)?; // expect: path-traversal from=args
        let mut buf = vec![0u8; args.bytes.unwrap_or(512)];
        let n = file.read(&mut buf).map_err(io_err)?;
        text(String::from_utf8_lossy(&buf[..n]).into_owned())
    }

    #[tool(description = "Append a line to a log file of the workspace")]
    async fn append_line(&self, Parameters(args): Parameters<WriteArgs>) -> Result<CallToolResult, ErrorData> {
        let target = self.root.join("logs").join(&args.path);
        let mut file = OpenOptions::new().create(true).append(true).open(&target).map_err(io_err)?; // expect: path-traversal from=args
        writeln!(file, "{}", args.content).map_err(io_err)?;
        text("appended")
    }

    #[tool(description = "List a directory of the workspace")]
    async fn list_dir(&self, Parameters(PathArgs { path }): Parameters<PathArgs>) -> Result<CallToolResult, ErrorData> {
        let dir = self.resolve(&path)?;
        let mut names = Vec::new();
        for entry in std::fs::read_dir(&dir).map_err(io_err)? {
            names.push(entry.map_err(io_err)?.file_name().to_string_lossy().into_owned());
        }
        names.sort();
        text(names.join("\n"))
    }

    #[tool(description = "Read a file, refusing paths outside the workspace")]
    async fn read_checked(&self, p: Parameters<PathArgs>) -> Result<CallToolResult, ErrorData> {
        let canon = std::fs::canonicalize(self.root.join(&p.0.path)).map_err(io_err)?;
        if !canon.starts_with(&self.root) {
            return Err(denied());
        }
        text(tokio::fs::read_to_string(&canon).await.map_err(io_err)?)
    }

    #[tool(description = "Copy a file inside the workspace")]
    async fn copy_file(&self, Parameters(MoveArgs { source, destination }): Parameters<MoveArgs>) -> Result<CallToolResult, ErrorData> {
        let from = self.resolve(&source)?;
        let to = self.relative(&destination)?;
        let n = std::fs::copy(&from, &to).map_err(io_err)?;
        text(format!("copied {n} bytes"))
    }

    #[tool(description = "Create a directory and its parents")]
    async fn make_dir(&self, Parameters(PathArgs { path }): Parameters<PathArgs>) -> Result<CallToolResult, ErrorData> {
        let rel = Path::new(&path);
        for part in rel.components() {
            match part {
                Component::ParentDir | Component::RootDir | Component::Prefix(_) => return Err(denied()),
                Component::CurDir | Component::Normal(_) => {}
            }
        }
        std::fs::create_dir_all(self.root.join(rel)).map_err(io_err)?;
        text("created")
    }

    #[tool(description = "Read the workspace README")]
    async fn readme(&self) -> Result<CallToolResult, ErrorData> {
        text(std::fs::read_to_string(self.root.join("README.md")).map_err(io_err)?)
    }

    #[tool(description = "Save a note into the shared notes file")]
    async fn save_note(&self, Parameters(args): Parameters<WriteArgs>) -> Result<CallToolResult, ErrorData> {
        // Only the content is tool input here; the file name is fixed.
        let mut file = File::create(Path::new(SHARED_DIR).join("notes.txt")).map_err(io_err)?;
        file.write_all(args.content.as_bytes()).map_err(io_err)?;
        text("saved")
    }
}

#[tool_handler]
impl ServerHandler for FileServer {
    fn get_info(&self) -> ServerInfo {
        ServerInfo {
            capabilities: ServerCapabilities::builder().enable_tools().build(),
            instructions: Some("Read and write files in the workspace.".into()),
            ..Default::default()
        }
    }
}
