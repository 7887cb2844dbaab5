//! Tool routers of the repository browser.

pub mod git;

use std::path::PathBuf;

use crate::RepoBrowser;

impl RepoBrowser {
    pub fn new(repo: PathBuf) -> Self {
        Self {
            repo,
            tool_router: Self::git_router(),
        }
    }
}
