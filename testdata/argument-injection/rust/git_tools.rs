//! Git and cargo helpers for one workspace, served with rmcp's `#[tool_router]` (rmcp 0.2+).

use std::process::Command;

use rmcp::{
    ErrorData, ServerHandler,
    handler::server::{router::tool::ToolRouter, wrapper::Parameters},
    model::{CallToolResult, Content},
    schemars, tool, tool_handler, tool_router,
};
use serde::Deserialize;

const WORKSPACE: &str = "/srv/workspace";
const PROFILES: &[&str] = &["dev", "release"];

#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct RevArgs {
    /// A commit, tag or branch
    pub rev: String,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct PathArgs {
    /// A path inside the workspace
    pub path: String,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct CargoArgs {
    /// Package to build
    pub package: String,
    /// Build profile
    pub profile: String,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct CommitArgs {
    /// Commit message
    pub message: String,
}

#[derive(Clone)]
pub struct GitTools {
    tool_router: ToolRouter<GitTools>,
}

fn output(cmd: &mut Command) -> Result<CallToolResult, ErrorData> {
    let out = cmd
        .current_dir(WORKSPACE)
        .output()
        .map_err(|e| ErrorData::internal_error(e.to_string(), None))?;
    Ok(CallToolResult::success(vec![Content::text(
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )]))
}

fn invalid(msg: &str) -> ErrorData {
    ErrorData::invalid_params(msg.to_string(), None)
}

#[tool_router]
impl GitTools {
    pub fn new() -> Self {
        Self {
            tool_router: Self::tool_router(),
        }
    }

    // --- Vulnerable ------------------------------------------------------------------------------

    #[tool(description = "Show one commit")]
    fn show(&self, Parameters(RevArgs { rev }): Parameters<RevArgs>) -> Result<CallToolResult, ErrorData> {
        output(Command::new("git").arg("show").arg("--stat").arg(&rev)) // expect: argument-injection
    }

    #[tool(description = "Log of a revision")]
    fn log(&self, Parameters(args): Parameters<RevArgs>) -> Result<CallToolResult, ErrorData> {
        let mut cmd = Command::new("git");
        cmd.args(["log", "--oneline"]);
        cmd.arg(args.rev.as_str()); // expect: argument-injection from=args
        output(&mut cmd)
    }

    #[tool(description = "Build one package")]
    fn build(&self, Parameters(CargoArgs { package, profile }): Parameters<CargoArgs>) -> Result<CallToolResult, ErrorData> {
        if !PROFILES.contains(&profile.as_str()) {
            return Err(invalid("unknown profile"));
        }
        // `--config=build.rustc-wrapper="/tmp/x"` as the package runs a program.
        output(Command::new("cargo").args(["build", "--profile", &profile]).arg(&package)) // expect: argument-injection
    }

    #[tool(description = "Diff a path against HEAD")]
    fn diff(&self, Parameters(PathArgs { path }): Parameters<PathArgs>) -> Result<CallToolResult, ErrorData> {
        output(Command::new("/usr/bin/git").args(vec!["diff".to_string(), path])) // expect: argument-injection
    }

    // --- Safe ------------------------------------------------------------------------------------

    #[tool(description = "Log of a path")]
    fn file_log(&self, Parameters(PathArgs { path }): Parameters<PathArgs>) -> Result<CallToolResult, ErrorData> {
        output(Command::new("git").args(["log", "--oneline"]).arg("--").arg(&path))
    }

    #[tool(description = "Blame a path")]
    fn blame(&self, Parameters(PathArgs { path }): Parameters<PathArgs>) -> Result<CallToolResult, ErrorData> {
        let mut cmd = Command::new("git");
        cmd.arg("blame");
        cmd.arg("--");
        cmd.arg(&path);
        output(&mut cmd)
    }

    #[tool(description = "Commit the staged changes")]
    fn commit(&self, Parameters(CommitArgs { message }): Parameters<CommitArgs>) -> Result<CallToolResult, ErrorData> {
        output(Command::new("git").args(["commit", "-m", &message]))
    }

    #[tool(description = "Check out a branch")]
    fn checkout(&self, Parameters(RevArgs { rev }): Parameters<RevArgs>) -> Result<CallToolResult, ErrorData> {
        if rev.starts_with('-') {
            return Err(invalid("revisions cannot start with '-'"));
        }
        output(Command::new("git").arg("checkout").arg(&rev))
    }

    #[tool(description = "Show a tag's annotation")]
    fn tag(&self, Parameters(RevArgs { rev }): Parameters<RevArgs>) -> Result<CallToolResult, ErrorData> {
        output(Command::new("git").args(["tag", "-n99", "-l", &format!("v{rev}")]))
    }

    #[tool(description = "Type-check one package")]
    fn check(&self, Parameters(CargoArgs { package, profile }): Parameters<CargoArgs>) -> Result<CallToolResult, ErrorData> {
        if !PROFILES.contains(&profile.as_str()) {
            return Err(invalid("unknown profile"));
        }
        // The package is the value of the `-p` that ends the earlier `.args`.
        output(Command::new("cargo").args(["check", "--profile", &profile, "-p"]).args([&package, "--message-format", "short"]))
    }

    #[tool(description = "Branches that contain a path's last change")]
    fn path_info(&self, Parameters(PathArgs { path }): Parameters<PathArgs>) -> Result<CallToolResult, ErrorData> {
        output(Command::new("git").args(["log", "-1", "--format=%H", "--", &path]))
    }
}

#[tool_handler]
impl ServerHandler for GitTools {}
