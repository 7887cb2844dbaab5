//! Snapshot tools whose helpers take the retention time as a `Duration` (rmcp 0.2+): a
//! `Duration` is a number of seconds and nanoseconds, whatever value carried it there.

use std::path::{Path, PathBuf};
use std::time::Duration;

use rmcp::{
    ErrorData, ServerHandler,
    handler::server::{router::tool::ToolRouter, wrapper::Parameters},
    model::{CallToolResult, Content},
    schemars, tool, tool_handler, tool_router,
};
use serde::Deserialize;

#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct SnapshotArgs {
    /// Label of the snapshot
    pub label: String,
    /// How long to keep it, in seconds
    pub keep_secs: u64,
}

/// What a snapshot request asks for.
pub struct Plan {
    label: String,
    keep: Duration,
}

fn plan_for(args: &SnapshotArgs) -> Plan {
    Plan {
        label: args.label.clone(),
        keep: Duration::from_secs(args.keep_secs),
    }
}

/// The marker file that records how long a snapshot is kept.
fn keep_marker(dir: &Path, keep: Duration) -> PathBuf {
    dir.join(format!("keep-{keep:?}"))
}

/// The marker file named after the snapshot's label.
fn label_marker(dir: &Path, keep: &str) -> PathBuf {
    dir.join(format!("keep-{keep:?}"))
}

#[derive(Clone)]
pub struct Snapshots {
    dir: PathBuf,
    tool_router: ToolRouter<Snapshots>,
}

fn io(e: std::io::Error) -> ErrorData {
    ErrorData::internal_error(e.to_string(), None)
}

#[tool_router]
impl Snapshots {
    #[tool(description = "Mark how long the current snapshot is kept")]
    fn keep(&self, Parameters(args): Parameters<SnapshotArgs>) -> Result<CallToolResult, ErrorData> {
        let plan = plan_for(&args);
        std::fs::write(keep_marker(&self.dir, plan.keep), b"").map_err(io)?; // safe: path-traversal
        Ok(CallToolResult::success(vec![Content::text("kept")]))
    }

    #[tool(description = "Mark the current snapshot with its label")]
    fn label(&self, Parameters(args): Parameters<SnapshotArgs>) -> Result<CallToolResult, ErrorData> {
        let plan = plan_for(&args);
        std::fs::write(label_marker(&self.dir, &plan.label), b"").map_err(io)?; // expect: path-traversal from=args
        Ok(CallToolResult::success(vec![Content::text("labelled")]))
    }
}

#[tool_handler]
impl ServerHandler for Snapshots {}
