//! A dataset importer on rmcp: the model names an uploaded archive (only its file name counts:
//! it is looked up in the inbox) and the server unpacks it by hand, member by member, into the
//! datasets folder.
//!
//! The archive's own path is safe; its member names are not: `../../home/app/.bashrc` joined to
//! the datasets folder lands where it says (zip slip). Each tool has a twin that differs in the
//! one line that matters: `enclosed_name()` (no `..`, no root) for zip, `unpack_in` (which
//! refuses such names) for tar.

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
pub struct ImportArgs {
    /// File name of the uploaded archive
    pub upload: String,
}

#[derive(Clone)]
pub struct Importer {
    inbox: PathBuf,
    datasets: PathBuf,
    tool_router: ToolRouter<Importer>,
}

fn failed(e: impl std::fmt::Display) -> ErrorData {
    ErrorData::internal_error(e.to_string(), None)
}

fn text(s: impl Into<String>) -> Result<CallToolResult, ErrorData> {
    Ok(CallToolResult::success(vec![Content::text(s.into())]))
}

#[tool_router]
impl Importer {
    pub fn new(inbox: &Path, datasets: &Path) -> Self {
        Self {
            inbox: inbox.to_path_buf(),
            datasets: datasets.to_path_buf(),
            tool_router: Self::tool_router(),
        }
    }

    /// The uploaded archive: its file name only, in the inbox.
    fn upload(&self, name: &str) -> Result<File, ErrorData> {
        let file_name = Path::new(name)
            .file_name()
            .ok_or_else(|| ErrorData::invalid_params("not a file name", None))?;
        File::open(self.inbox.join(file_name)).map_err(failed)
    }

    #[tool(description = "Import an uploaded zip dataset")]
    async fn import_zip(&self, Parameters(args): Parameters<ImportArgs>) -> Result<CallToolResult, ErrorData> {
        let mut archive = zip::ZipArchive::new(self.upload(&args.upload)?).map_err(failed)?;
        for i in 0..archive.len() {
            let mut member = archive.by_index(i).map_err(failed)?;
            let target = self.datasets.join(member.name());
            let mut out = File::create(&target).map_err(failed)?; // expect: path-traversal from=args
            std::io::copy(&mut member, &mut out).map_err(failed)?;
        }
        text("imported")
    }

    #[tool(description = "Import an uploaded zip dataset, refusing names that leave the folder")]
    async fn import_zip_enclosed(&self, Parameters(args): Parameters<ImportArgs>) -> Result<CallToolResult, ErrorData> {
        let mut archive = zip::ZipArchive::new(self.upload(&args.upload)?).map_err(failed)?;
        for i in 0..archive.len() {
            let mut member = archive.by_index(i).map_err(failed)?;
            let Some(name) = member.enclosed_name() else { continue };
            let target = self.datasets.join(name);
            let mut out = File::create(&target).map_err(failed)?; // safe: path-traversal
            std::io::copy(&mut member, &mut out).map_err(failed)?;
        }
        text("imported")
    }

    #[tool(description = "Import an uploaded tar dataset")]
    async fn import_tar(&self, Parameters(args): Parameters<ImportArgs>) -> Result<CallToolResult, ErrorData> {
        let mut archive = tar::Archive::new(self.upload(&args.upload)?);
        for entry in archive.entries().map_err(failed)? {
            let mut entry = entry.map_err(failed)?;
            let target = self.datasets.join(entry.path().map_err(failed)?);
            let mut out = File::create(&target).map_err(failed)?; // expect: path-traversal from=args
            std::io::copy(&mut entry, &mut out).map_err(failed)?;
        }
        text("imported")
    }

    #[tool(description = "Import an uploaded tar dataset inside the folder")]
    async fn import_tar_inside(&self, Parameters(args): Parameters<ImportArgs>) -> Result<CallToolResult, ErrorData> {
        let mut archive = tar::Archive::new(self.upload(&args.upload)?);
        for entry in archive.entries().map_err(failed)? {
            let mut entry = entry.map_err(failed)?;
            entry.unpack_in(&self.datasets).map_err(failed)?;
        }
        text("imported")
    }

    #[tool(description = "List an uploaded zip dataset")]
    async fn list_zip(&self, Parameters(args): Parameters<ImportArgs>) -> Result<CallToolResult, ErrorData> {
        // Names read, not written: nothing lands at a path the archive chose.
        let mut archive = zip::ZipArchive::new(self.upload(&args.upload)?).map_err(failed)?;
        let mut names = Vec::new();
        for i in 0..archive.len() {
            names.push(archive.by_index(i).map_err(failed)?.name().to_owned());
        }
        text(names.join("\n"))
    }
}

#[tool_handler]
impl ServerHandler for Importer {}
