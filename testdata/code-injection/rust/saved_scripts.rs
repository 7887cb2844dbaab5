//! A report server (rmcp 0.2+) whose rhai scripts live in a folder on the server: the model picks
//! a script by name and cannot write into the folder.
use std::path::{Path, PathBuf};

use rhai::{Dynamic, Engine};
use rmcp::handler::server::router::tool::ToolRouter;
use rmcp::handler::server::wrapper::Parameters;
use rmcp::model::{CallToolResult, Content};
use rmcp::{ErrorData as McpError, schemars, tool, tool_router};
use serde::Deserialize;

#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct ReportArgs {
    /// The name of a saved report script, such as `weekly.rhai`.
    pub name: String,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct AdHocArgs {
    /// The report script source.
    pub source: String,
}

#[derive(Clone)]
pub struct Reports {
    scripts: PathBuf,
    tool_router: ToolRouter<Self>,
}

fn failed(e: impl std::fmt::Display) -> McpError {
    McpError::internal_error(e.to_string(), None)
}

/// Runs a report script; callers pass the text of a file from the scripts folder.
fn run_saved(engine: &rhai::Engine, source: &str) -> Result<String, McpError> {
    let out: Dynamic = engine.eval(source).map_err(failed)?; // safe: code-injection
    Ok(out.to_string())
}

#[tool_router]
impl Reports {
    pub fn new(scripts: PathBuf) -> Self {
        Self { scripts, tool_router: Self::tool_router() }
    }

    #[tool(description = "Run a saved report script")]
    async fn run_report(&self, Parameters(args): Parameters<ReportArgs>) -> Result<CallToolResult, McpError> {
        let file = Path::new(&args.name).file_name().ok_or_else(|| McpError::invalid_params("bad script name", None))?;
        let source = std::fs::read_to_string(self.scripts.join(file)).map_err(failed)?;
        let out = run_saved(&Engine::new(), &source)?;
        Ok(CallToolResult::success(vec![Content::text(out)]))
    }

    #[tool(description = "Run a report script written by the caller")]
    async fn run_ad_hoc(&self, Parameters(args): Parameters<AdHocArgs>) -> Result<CallToolResult, McpError> {
        let source = args.source.trim().to_string();
        let out: Dynamic = Engine::new().eval(&source).map_err(failed)?; // expect: code-injection from=args
        Ok(CallToolResult::success(vec![Content::text(out.to_string())]))
    }
}
