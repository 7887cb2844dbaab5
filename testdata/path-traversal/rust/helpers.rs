//! Notes and templates server whose file access goes through local helpers (rmcp 0.2+).

use std::fs::File;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

use rmcp::{
    ErrorData, ServerHandler,
    handler::server::{router::tool::ToolRouter, wrapper::Parameters},
    model::{CallToolResult, Content},
    schemars, tool, tool_handler, tool_router,
};
use serde::Deserialize;

const NOTES: &str = "/srv/notes";
const TEMPLATES: &str = "/srv/notes/templates";

fn load(path: &Path) -> io::Result<String> {
    std::fs::read_to_string(path) // expect: path-traversal
}

fn store(dir: &Path, name: &str, body: &str) -> io::Result<()> {
    let target = dir.join(name);
    std::fs::write(&target, body) // expect: path-traversal from=args
}

fn template_path(name: &str) -> PathBuf {
    Path::new(TEMPLATES).join(format!("{name}.hbs"))
}

/// Joins `rel` below `root` and refuses results that leave `root` once symlinks are resolved.
fn safe_join(root: &Path, rel: &str) -> io::Result<PathBuf> {
    let root = std::fs::canonicalize(root)?;
    let candidate = std::fs::canonicalize(root.join(rel))?;
    if !candidate.starts_with(&root) {
        return Err(io::Error::new(io::ErrorKind::PermissionDenied, "outside the notes folder"));
    }
    Ok(candidate)
}

pub struct Attachment {
    pub dir: PathBuf,
    pub file: String,
}

fn attachment_bytes(att: &Attachment) -> io::Result<Vec<u8>> {
    std::fs::read(att.dir.join(&att.file)) // expect: path-traversal from=args
}

/// Deletes notes older than the retention period; called from the cleanup binary, not a tool.
pub fn prune_folder(folder: &str) -> io::Result<usize> {
    let mut removed = 0;
    for entry in std::fs::read_dir(folder)? {
        let entry = entry?;
        if entry.metadata()?.modified()?.elapsed().map(|d| d.as_secs() > 90 * 86_400).unwrap_or(false) {
            std::fs::remove_file(entry.path())?;
            removed += 1;
        }
    }
    Ok(removed)
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct NoteArgs {
    /// Note file, relative to the notes folder
    pub name: String,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct SaveArgs {
    /// Note file, relative to the notes folder
    pub name: String,
    /// Markdown body
    pub body: String,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct AttachmentArgs {
    #[schemars(description = "Note the attachment belongs to")]
    pub note: String,
    #[schemars(description = "Attachment file name")]
    pub file: String,
}

#[derive(Clone)]
pub struct NotesServer {
    tool_router: ToolRouter<NotesServer>,
}

fn ok(s: String) -> Result<CallToolResult, ErrorData> {
    Ok(CallToolResult::success(vec![Content::text(s)]))
}

fn err(e: io::Error) -> ErrorData {
    ErrorData::internal_error(e.to_string(), None)
}

#[tool_router]
impl NotesServer {
    pub fn new() -> Self {
        Self {
            tool_router: Self::tool_router(),
        }
    }

    #[tool(description = "Read a note")]
    async fn read_note(&self, Parameters(NoteArgs { name }): Parameters<NoteArgs>) -> Result<CallToolResult, ErrorData> {
        let path = Path::new(NOTES).join(&name);
        ok(load(&path).map_err(err)?)
    }

    #[tool(description = "Save a note")]
    async fn save_note(&self, Parameters(args): Parameters<SaveArgs>) -> Result<CallToolResult, ErrorData> {
        store(Path::new(NOTES), &args.name, &args.body).map_err(err)?;
        ok(format!("saved {}", args.name))
    }

    #[tool(description = "Read a note template")]
    async fn read_template(&self, p: Parameters<NoteArgs>) -> Result<CallToolResult, ErrorData> {
        let body = tokio::fs::read_to_string(template_path(&p.0.name)).await.map_err(err)?; // expect: path-traversal from=p
        ok(body)
    }

    #[tool(description = "Read a note, staying inside the notes folder")]
    async fn read_note_checked(&self, Parameters(NoteArgs { name }): Parameters<NoteArgs>) -> Result<CallToolResult, ErrorData> {
        let path = safe_join(Path::new(NOTES), &name).map_err(err)?;
        let mut body = String::new();
        File::open(&path).map_err(err)?.read_to_string(&mut body).map_err(err)?;
        ok(body)
    }

    #[tool(description = "Size of an attachment")]
    async fn attachment_size(&self, Parameters(args): Parameters<AttachmentArgs>) -> Result<CallToolResult, ErrorData> {
        let att = Attachment {
            dir: Path::new(NOTES).join("attachments").join(&args.note),
            file: args.file.clone(),
        };
        let bytes = attachment_bytes(&att).map_err(err)?;
        ok(bytes.len().to_string())
    }

    #[tool(description = "The notes index")]
    async fn index(&self) -> Result<CallToolResult, ErrorData> {
        ok(load(&Path::new(NOTES).join("INDEX.md")).map_err(err)?)
    }

    #[tool(description = "First line of a note")]
    async fn headline(&self, Parameters(NoteArgs { name }): Parameters<NoteArgs>) -> Result<CallToolResult, ErrorData> {
        let open = |rel: &str| File::open(Path::new(NOTES).join(rel)); // expect: path-traversal
        let mut body = String::new();
        open(&name).map_err(err)?.read_to_string(&mut body).map_err(err)?;
        ok(body.lines().next().unwrap_or_default().to_string())
    }

    #[tool(description = "Save a draft next to the notes")]
    async fn save_draft(&self, Parameters(args): Parameters<SaveArgs>) -> Result<CallToolResult, ErrorData> {
        // The name is fixed; only the body comes from the caller.
        store(Path::new(NOTES), "DRAFT.md", &args.body).map_err(err)?;
        ok("draft saved".into())
    }
}

#[tool_handler]
impl ServerHandler for NotesServer {}
