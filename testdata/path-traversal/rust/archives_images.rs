//! An image and archive server on rmcp: thumbnails with the `image` crate, zip and tar archives
//! unpacked into folders the model names. Each tool has a twin that resolves the path inside
//! the workspace first.

use std::fs::File;
use std::path::{Path, PathBuf};

use rmcp::{
    ErrorData, ServerHandler,
    handler::server::{router::tool::ToolRouter, wrapper::Parameters},
    model::{CallToolResult, Content},
    schemars, tool, tool_handler, tool_router,
};
use serde::Deserialize;

#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct ThumbArgs {
    /// Image of the workspace
    pub input: String,
    /// Where to write the thumbnail
    pub output: String,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct UnpackArgs {
    /// Archive of the workspace
    pub archive: String,
    /// Folder to unpack into
    pub dest: String,
}

#[derive(Clone)]
pub struct MediaServer {
    /// Canonical workspace root.
    root: PathBuf,
    tool_router: ToolRouter<MediaServer>,
}

fn failed(e: impl std::fmt::Display) -> ErrorData {
    ErrorData::internal_error(e.to_string(), None)
}

fn text(s: impl Into<String>) -> Result<CallToolResult, ErrorData> {
    Ok(CallToolResult::success(vec![Content::text(s.into())]))
}

#[tool_router]
impl MediaServer {
    pub fn new(root: &Path) -> std::io::Result<Self> {
        Ok(Self {
            root: std::fs::canonicalize(root)?,
            tool_router: Self::tool_router(),
        })
    }

    /// Resolves a path inside the workspace, following symlinks, and refuses anything outside.
    fn resolve(&self, rel: &str) -> Result<PathBuf, ErrorData> {
        let canon = std::fs::canonicalize(self.root.join(rel)).map_err(failed)?;
        if !canon.starts_with(&self.root) {
            return Err(ErrorData::invalid_params("path is outside the workspace", None));
        }
        Ok(canon)
    }

    #[tool(description = "Write a thumbnail of an image")]
    async fn thumbnail(&self, Parameters(args): Parameters<ThumbArgs>) -> Result<CallToolResult, ErrorData> {
        let img = image::open(self.resolve(&args.input)?).map_err(failed)?;
        img.thumbnail(128, 128).save(&args.output).map_err(failed)?; // expect: path-traversal from=args
        text("written")
    }

    #[tool(description = "Write a thumbnail of an image inside the workspace")]
    async fn thumbnail_inside(&self, Parameters(args): Parameters<ThumbArgs>) -> Result<CallToolResult, ErrorData> {
        let img = image::open(self.resolve(&args.input)?).map_err(failed)?;
        img.save(self.resolve(&args.output)?).map_err(failed)?; // safe: path-traversal
        text("written")
    }

    #[tool(description = "Size of an image")]
    async fn dimensions(&self, Parameters(args): Parameters<ThumbArgs>) -> Result<CallToolResult, ErrorData> {
        let img = image::open(&args.input).map_err(failed)?; // expect: path-traversal from=args
        text(format!("{}x{}", img.width(), img.height()))
    }

    #[tool(description = "Unpack a zip archive")]
    async fn unzip(&self, Parameters(args): Parameters<UnpackArgs>) -> Result<CallToolResult, ErrorData> {
        let file = File::open(self.resolve(&args.archive)?).map_err(failed)?;
        let mut archive = zip::ZipArchive::new(file).map_err(failed)?;
        archive.extract(&args.dest).map_err(failed)?; // expect: path-traversal from=args
        text("unpacked")
    }

    #[tool(description = "Unpack a zip archive inside the workspace")]
    async fn unzip_inside(&self, Parameters(args): Parameters<UnpackArgs>) -> Result<CallToolResult, ErrorData> {
        let file = File::open(self.resolve(&args.archive)?).map_err(failed)?;
        let mut archive = zip::ZipArchive::new(file).map_err(failed)?;
        archive.extract(self.resolve(&args.dest)?).map_err(failed)?; // safe: path-traversal
        text("unpacked")
    }

    #[tool(description = "Unpack a tarball")]
    async fn untar(&self, Parameters(args): Parameters<UnpackArgs>) -> Result<CallToolResult, ErrorData> {
        let file = File::open(self.resolve(&args.archive)?).map_err(failed)?;
        let mut archive = tar::Archive::new(file);
        archive.unpack(&args.dest).map_err(failed)?; // expect: path-traversal from=args
        text("unpacked")
    }
}

#[tool_handler]
impl ServerHandler for MediaServer {}
