//! Working tree status tools.

use rmcp::{
    ErrorData,
    model::{CallToolResult, Content},
    tool, tool_router,
};

use crate::GitServer;
use crate::util;

#[tool_router(router = status_router, vis = "pub")]
impl GitServer {
    #[tool(description = "Short status of the working tree")]
    async fn status(&self) -> Result<CallToolResult, ErrorData> {
        let text = util::run_shell(&self.repo, "git status --short --branch")
            .map_err(|e| ErrorData::internal_error(e.to_string(), None))?;
        Ok(CallToolResult::success(vec![Content::text(text)]))
    }

    #[tool(description = "Size of the object database")]
    async fn object_size(&self) -> Result<CallToolResult, ErrorData> {
        let out = util::in_repo(&self.repo, "git count-objects -vH")
            .map_err(|e| ErrorData::internal_error(e.to_string(), None))?;
        Ok(CallToolResult::success(vec![Content::text(
            String::from_utf8_lossy(&out.stdout).into_owned(),
        )]))
    }
}
