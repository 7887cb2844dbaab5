//! Tool routers of the history index.

pub mod git;

use std::sync::{Arc, Mutex};

use rusqlite::Connection;

use crate::HistoryIndex;

impl HistoryIndex {
    pub fn new(conn: Connection) -> Self {
        Self {
            conn: Arc::new(Mutex::new(conn)),
            tool_router: Self::git_router(),
        }
    }
}
