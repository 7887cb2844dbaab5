//! Tools over the working tree and the `.git` directory.

use rmcp::{
    ErrorData,
    handler::server::wrapper::Parameters,
    model::{CallToolResult, Content},
    schemars, tool, tool_router,
};
use serde::Deserialize;

use crate::RepoBrowser;
use crate::util::{checked, is_in_repo, is_in_repo_fixed, ref_path};

#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct FileArgs {
    /// Path inside the working tree
    pub path: String,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct RefArgs {
    /// Branch name
    pub branch: String,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct HookArgs {
    #[schemars(description = "Hook name, e.g. pre-commit")]
    pub name: String,
    #[schemars(description = "Script body")]
    pub script: String,
}

fn text(s: String) -> Result<CallToolResult, ErrorData> {
    Ok(CallToolResult::success(vec![Content::text(s)]))
}

fn io(e: std::io::Error) -> ErrorData {
    ErrorData::internal_error(e.to_string(), None)
}

#[tool_router(router = git_router, vis = "pub")]
impl RepoBrowser {
    #[tool(description = "Read a file of the working tree")]
    async fn read_file(&self, Parameters(FileArgs { path }): Parameters<FileArgs>) -> Result<CallToolResult, ErrorData> {
        text(crate::util::read_in_repo(&self.repo, &path).map_err(io)?)
    }

    #[tool(description = "Read a file of the working tree, refusing paths outside it")]
    async fn read_file_checked(&self, Parameters(args): Parameters<FileArgs>) -> Result<CallToolResult, ErrorData> {
        let real = checked(&self.repo, &args.path).map_err(io)?;
        text(tokio::fs::read_to_string(&real).await.map_err(io)?)
    }

    #[tool(description = "Size of a file of the working tree")]
    async fn file_size(&self, Parameters(args): Parameters<FileArgs>) -> Result<CallToolResult, ErrorData> {
        let full = self.repo.join(&args.path);
        if !is_in_repo(&self.repo, &full) {
            return Err(ErrorData::invalid_params("outside the repository", None));
        }
        text(tokio::fs::metadata(&full).await.map_err(io)?.len().to_string())
    }

    #[tool(description = "Size of a file of the working tree")]
    async fn file_size_fixed(&self, Parameters(args): Parameters<FileArgs>) -> Result<CallToolResult, ErrorData> {
        let full = self.repo.join(&args.path);
        if !is_in_repo_fixed(&self.repo, &full) {
            return Err(ErrorData::invalid_params("outside the repository", None));
        }
        text(tokio::fs::metadata(&full).await.map_err(io)?.len().to_string())
    }

    #[tool(description = "Commit a branch points at")]
    async fn branch_head(&self, p: Parameters<RefArgs>) -> Result<CallToolResult, ErrorData> {
        let path = ref_path(&self.repo, &p.0.branch);
        let sha = tokio::fs::read_to_string(&path).await.map_err(io)?; // expect: path-traversal from=p
        text(sha.trim().to_string())
    }

    #[tool(description = "Install a git hook")]
    async fn install_hook(&self, Parameters(HookArgs { name, script }): Parameters<HookArgs>) -> Result<CallToolResult, ErrorData> {
        super::super::util::write_hook(&self.repo, &name, &script).map_err(io)?;
        text(format!("installed {name}"))
    }

    #[tool(description = "The ref HEAD points at")]
    async fn head(&self) -> Result<CallToolResult, ErrorData> {
        text(crate::util::read_head(&self.repo).map_err(io)?)
    }
}
