//! Tool routers of the git server.

pub mod git;
pub mod status;

use std::path::PathBuf;

use crate::GitServer;

impl GitServer {
    pub fn new(repo: PathBuf) -> Self {
        Self {
            repo,
            tool_router: Self::git_router() + Self::status_router(),
        }
    }
}
