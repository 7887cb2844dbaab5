//! Download-queue server whose job ids are checked by helpers that return an error unless the
//! id has the queue's shape (rmcp 0.2+): `job_` and 32 hex digits names one file below the queue.

use std::path::PathBuf;

use rmcp::{
    ErrorData, ServerHandler,
    handler::server::{router::tool::ToolRouter, wrapper::Parameters},
    model::{CallToolResult, Content},
    schemars, tool, tool_handler, tool_router,
};
use serde::Deserialize;

#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct JobArgs {
    /// Job id as returned by `enqueue` (job_ and 32 hex digits)
    pub id: String,
}

fn bad_id() -> ErrorData {
    ErrorData::invalid_params("not a job id", None)
}

/// `job_` and 32 hex digits, or an error.
fn check_job_id(id: &str) -> Result<(), ErrorData> {
    let Some(hex) = id.strip_prefix("job_") else {
        return Err(bad_id());
    };
    if hex.len() != 32 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(bad_id());
    }
    Ok(())
}

/// The same check in anyhow's style, as a library module of the server would write it.
fn validate_job_id(id: &str) -> anyhow::Result<()> {
    let Some(hex) = id.strip_prefix("job_") else {
        anyhow::bail!("invalid job id {id}");
    };
    if hex.len() != 32 || !hex.chars().all(|c| c.is_ascii_hexdigit()) {
        anyhow::bail!("invalid job id {id}");
    }
    Ok(())
}

/// Letters, digits and dashes only.
fn check_slug(id: &str) -> Result<(), ErrorData> {
    if !id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
        return Err(bad_id());
    }
    Ok(())
}

/// Letters, digits, dashes and slashes: `../../etc/passwd` has none of anything else.
fn check_nested_slug(id: &str) -> Result<(), ErrorData> {
    if !id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '/') {
        return Err(bad_id());
    }
    Ok(())
}

#[derive(Clone)]
pub struct Queue {
    dir: PathBuf,
    tool_router: ToolRouter<Queue>,
}

fn io(e: std::io::Error) -> ErrorData {
    ErrorData::internal_error(e.to_string(), None)
}

fn done() -> Result<CallToolResult, ErrorData> {
    Ok(CallToolResult::success(vec![Content::text("ok")]))
}

#[tool_router]
impl Queue {
    #[tool(description = "Cancel a queued download")]
    fn cancel(&self, Parameters(args): Parameters<JobArgs>) -> Result<CallToolResult, ErrorData> {
        check_job_id(&args.id)?;
        std::fs::remove_file(self.dir.join(format!("{}.json", args.id))).map_err(io)?; // safe: path-traversal
        done()
    }

    #[tool(description = "Cancel a queued download (the check's result is dropped)")]
    fn cancel_unchecked(&self, Parameters(args): Parameters<JobArgs>) -> Result<CallToolResult, ErrorData> {
        let _ = check_job_id(&args.id);
        std::fs::remove_file(self.dir.join(format!("{}.json", args.id))).map_err(io)?; // expect: path-traversal from=args
        done()
    }

    #[tool(description = "Retry a failed download")]
    fn retry(&self, Parameters(JobArgs { id }): Parameters<JobArgs>) -> Result<CallToolResult, ErrorData> {
        validate_job_id(&id).map_err(|e| ErrorData::invalid_params(e.to_string(), None))?;
        let manifest = std::fs::read_to_string(self.dir.join(format!("{id}.json"))).map_err(io)?; // safe: path-traversal
        Ok(CallToolResult::success(vec![Content::text(manifest)]))
    }

    #[tool(description = "Retry a failed download (the check's error is logged and dropped)")]
    fn retry_logged(&self, Parameters(JobArgs { id }): Parameters<JobArgs>) -> Result<CallToolResult, ErrorData> {
        validate_job_id(&id).map_err(|e| tracing::warn!("{e}")).ok();
        let manifest = std::fs::read_to_string(self.dir.join(format!("{id}.json"))).map_err(io)?; // expect: path-traversal from=id
        Ok(CallToolResult::success(vec![Content::text(manifest)]))
    }

    #[tool(description = "Remove a download folder")]
    fn purge(&self, Parameters(args): Parameters<JobArgs>) -> Result<CallToolResult, ErrorData> {
        check_slug(&args.id)?;
        std::fs::remove_dir_all(self.dir.join(&args.id)).map_err(io)?; // safe: path-traversal
        done()
    }

    #[tool(description = "Remove a nested download folder")]
    fn purge_nested(&self, Parameters(args): Parameters<JobArgs>) -> Result<CallToolResult, ErrorData> {
        check_nested_slug(&args.id)?;
        std::fs::remove_dir_all(self.dir.join(&args.id)).map_err(io)?; // expect: path-traversal from=args
        done()
    }
}

#[tool_handler]
impl ServerHandler for Queue {}
