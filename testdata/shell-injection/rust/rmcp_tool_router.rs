//! Workspace build helpers served over MCP with rmcp's `#[tool_router]` (rmcp 0.2 and later).

use std::path::PathBuf;
use std::process::Output;

use rmcp::{
    ErrorData, ServerHandler,
    handler::server::{router::tool::ToolRouter, wrapper::Parameters},
    model::{CallToolResult, Content, Implementation, ServerCapabilities, ServerInfo},
    schemars, tool, tool_handler, tool_router,
};
use serde::Deserialize;
use tokio::process::Command;

#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct CargoArgs {
    /// Cargo subcommand to run, for example `build` or `test`
    pub subcommand: String,
    #[schemars(description = "Extra flags appended to the cargo command line")]
    pub flags: Option<String>,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct ScriptArgs {
    /// Shell snippet to run from the workspace root
    pub script: String,
    #[schemars(description = "Seconds before the snippet is killed")]
    pub timeout_secs: Option<u64>,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct GrepArgs {
    #[schemars(description = "Regular expression handed to ripgrep")]
    pub pattern: String,
    /// Glob restricting the searched files
    pub glob: Option<String>,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct BranchArgs {
    /// Name of a local or remote branch
    pub branch: String,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct ExecArgs {
    /// Program to start, looked up on PATH
    pub program: String,
    /// Arguments passed to the program
    #[serde(default)]
    pub args: Vec<String>,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct ExtensionArgs {
    #[schemars(description = "File extension without the dot, e.g. `rs`")]
    pub extension: String,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct PackageArgs {
    /// Name of a workspace member
    pub package: String,
}

#[derive(Clone)]
pub struct Workspace {
    root: PathBuf,
    tool_router: ToolRouter<Workspace>,
}

fn to_result(out: Output) -> CallToolResult {
    let mut body = String::from_utf8_lossy(&out.stdout).into_owned();
    body.push_str(&String::from_utf8_lossy(&out.stderr));
    if out.status.success() {
        CallToolResult::success(vec![Content::text(body)])
    } else {
        CallToolResult::error(vec![Content::text(body)])
    }
}

fn io_error(err: std::io::Error) -> ErrorData {
    ErrorData::internal_error(format!("failed to start process: {err}"), None)
}

#[tool_router]
impl Workspace {
    pub fn new(root: PathBuf) -> Self {
        Self {
            root,
            tool_router: Self::tool_router(),
        }
    }

    #[tool(description = "Run a cargo subcommand in the workspace")]
    async fn cargo(
        &self,
        Parameters(CargoArgs { subcommand, flags }): Parameters<CargoArgs>,
    ) -> Result<CallToolResult, ErrorData> {
        let mut line = format!("cargo {subcommand} --color never");
        if let Some(flags) = flags {
            line.push(' ');
            line.push_str(&flags);
        }
        let out = Command::new("sh") // expect: shell-injection
            .arg("-c")
            .arg(&line)
            .current_dir(&self.root)
            .output()
            .await
            .map_err(io_error)?;
        Ok(to_result(out))
    }

    #[tool(description = "Run a shell snippet from the workspace root")]
    async fn run_script(
        &self,
        Parameters(args): Parameters<ScriptArgs>,
    ) -> Result<CallToolResult, ErrorData> {
        let limit = std::time::Duration::from_secs(args.timeout_secs.unwrap_or(60));
        let child = Command::new("bash").args(["-c", &args.script]).current_dir(&self.root).output(); // expect: shell-injection from=args
        match tokio::time::timeout(limit, child).await {
            Ok(out) => Ok(to_result(out.map_err(io_error)?)),
            Err(_) => Ok(CallToolResult::error(vec![Content::text("timed out")])),
        }
    }

    #[tool(description = "Search the workspace with ripgrep")]
    async fn grep(&self, p: Parameters<GrepArgs>) -> Result<CallToolResult, ErrorData> {
        let glob = p.0.glob.clone().unwrap_or_else(|| "*.rs".to_string());
        let cmd = "rg --line-number --max-count 50 '".to_string() + &p.0.pattern + "' -g " + &glob;
        // expect: shell-injection from=p
        let out = Command::new("sh").arg("-c").arg(cmd)
            .current_dir(&self.root)
            .output()
            .await
            .map_err(io_error)?;
        Ok(to_result(out))
    }

    #[tool(description = "Show the last commits of a branch")]
    async fn branch_log(
        &self,
        Parameters(BranchArgs { branch }): Parameters<BranchArgs>,
    ) -> Result<CallToolResult, ErrorData> {
        let out = Command::new("git")  // expect: argument-injection
            .args(["log", "--oneline", "-n", "20"])
            .arg(&branch)
            .current_dir(&self.root)
            .output()
            .await
            .map_err(io_error)?;
        Ok(to_result(out))
    }

    #[tool(description = "Run an installed developer tool with arguments")]
    async fn exec(
        &self,
        Parameters(ExecArgs { program, args }): Parameters<ExecArgs>,
    ) -> Result<CallToolResult, ErrorData> {
        let out = Command::new(&program) // expect: shell-injection
            .args(&args)
            .current_dir(&self.root)
            .output()
            .await
            .map_err(io_error)?;
        Ok(to_result(out))
    }

    #[tool(description = "Disk space used by the build directory")]
    async fn target_size(&self) -> Result<CallToolResult, ErrorData> {
        let out = Command::new("sh")
            .arg("-c")
            .arg("du -sh target 2>/dev/null || echo 'no target directory'")
            .current_dir(&self.root)
            .output()
            .await
            .map_err(io_error)?;
        Ok(to_result(out))
    }

    #[tool(description = "Count the lines of source files with one extension")]
    async fn count_lines(
        &self,
        Parameters(args): Parameters<ExtensionArgs>,
    ) -> Result<CallToolResult, ErrorData> {
        let name = shell_escape::escape(format!("*.{}", args.extension).into());
        let cmd = format!("find . -type f -name {name} -print0 | xargs -0 wc -l | tail -n 1");
        let out = Command::new("sh")
            .arg("-c")
            .arg(&cmd)
            .current_dir(&self.root)
            .output()
            .await
            .map_err(io_error)?;
        Ok(to_result(out))
    }

    #[tool(description = "Show which files changed on a branch compared to main")]
    async fn changed_files(&self, p: Parameters<BranchArgs>) -> Result<CallToolResult, ErrorData> {
        let range = format!("main...{}", p.0.branch);
        let out = Command::new("git")
            .arg("diff")
            .arg("--name-only")
            .arg(range)
            .current_dir(&self.root)
            .output()
            .await
            .map_err(io_error)?;
        Ok(to_result(out))
    }

    #[tool(description = "Run `cargo tree` for one package of the workspace")]
    async fn dep_tree(&self, p: Parameters<PackageArgs>) -> Result<CallToolResult, ErrorData> {
        let package = p.0.package.as_str();
        let cmd = format!("cargo tree -p {} --depth 1", package);
        let out = std::process::Command::new("zsh").arg("-c").arg(&cmd).output().map_err(io_error)?; // expect: shell-injection from=p
        Ok(to_result(out))
    }
}

#[tool_handler]
impl ServerHandler for Workspace {
    fn get_info(&self) -> ServerInfo {
        ServerInfo {
            capabilities: ServerCapabilities::builder().enable_tools().build(),
            server_info: Implementation::from_build_env(),
            instructions: Some("Build, search and inspect a Rust workspace.".into()),
            ..Default::default()
        }
    }
}
