//! History and branch tools.

use rmcp::{
    ErrorData,
    handler::server::wrapper::Parameters,
    model::{CallToolResult, Content},
    schemars, tool, tool_router,
};
use serde::Deserialize;

use crate::GitServer;
use crate::util::{self, log_line};

#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct RefArgs {
    /// Branch, tag or commit
    pub reference: String,
    /// Limit on the number of commits
    pub limit: Option<u32>,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct SearchArgs {
    #[schemars(description = "Text to look for in commit messages")]
    pub text: String,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct AliasArgs {
    /// Name of a git alias from the repository config
    pub alias: String,
}

fn done(text: String) -> Result<CallToolResult, ErrorData> {
    Ok(CallToolResult::success(vec![Content::text(text)]))
}

fn failed(e: std::io::Error) -> ErrorData {
    ErrorData::internal_error(e.to_string(), None)
}

#[tool_router(router = git_router, vis = "pub")]
impl GitServer {
    #[tool(description = "Commits reachable from a reference")]
    async fn log(&self, Parameters(RefArgs { reference, limit }): Parameters<RefArgs>) -> Result<CallToolResult, ErrorData> {
        let cmd = format!("git log --oneline -n {} {}", limit.unwrap_or(20), reference);
        done(crate::util::run_shell(&self.repo, &cmd).map_err(failed)?)
    }

    #[tool(description = "Search commit messages")]
    async fn search(&self, Parameters(args): Parameters<SearchArgs>) -> Result<CallToolResult, ErrorData> {
        let mut line = String::from("git log --oneline --grep=");
        line.push_str(&args.text);
        done(super::super::util::run_shell(&self.repo, &line).map_err(failed)?)
    }

    #[tool(description = "Commits of a reference, graph view")]
    async fn graph(&self, p: Parameters<RefArgs>) -> Result<CallToolResult, ErrorData> {
        let line = log_line(&p.0.reference, "--graph --decorate");
        let out = std::process::Command::new("sh") // expect: shell-injection from=p
            .arg("-c")
            .arg(&line)
            .current_dir(&self.repo)
            .output()
            .map_err(failed)?;
        done(String::from_utf8_lossy(&out.stdout).into_owned())
    }

    #[tool(description = "Show one commit")]
    async fn show(&self, Parameters(args): Parameters<RefArgs>) -> Result<CallToolResult, ErrorData> {
        let out = util::git(&self.repo, &["show", "--stat", &args.reference]).map_err(failed)?;
        done(out)
    }

    #[tool(description = "Commits of a reference, with the reference quoted")]
    async fn log_quoted(&self, Parameters(args): Parameters<RefArgs>) -> Result<CallToolResult, ErrorData> {
        let reference = util::quote(&args.reference);
        let cmd = format!("git log --oneline -n 20 {reference}");
        done(util::run_shell(&self.repo, &cmd).map_err(failed)?)
    }

    #[tool(description = "Run a git alias defined in the repository")]
    async fn alias(&self, Parameters(AliasArgs { alias }): Parameters<AliasArgs>) -> Result<CallToolResult, ErrorData> {
        done(util::run_alias(&self.repo, alias).map_err(failed)?)
    }
}
