//! Deployment tools that check their input before reaching a shell; some checks are sound and
//! some are not (rmcp 0.2+).

use std::process::Command;

use regex::Regex;
use rmcp::{
    ErrorData, ServerHandler,
    handler::server::{router::tool::ToolRouter, wrapper::Parameters},
    model::{CallToolResult, Content},
    schemars, tool, tool_handler, tool_router,
};
use serde::Deserialize;

const LINTERS: &[&str] = &["clippy", "rustfmt", "taplo", "typos"];
const ENVIRONMENTS: [&str; 2] = ["staging", "production"];
const DEPLOY_ROOT: &str = "/opt/deploy";

#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct LintArgs {
    /// One of the configured linters
    pub linter: String,
    /// Directory to lint
    pub target: String,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct EnvArgs {
    /// Target environment
    pub environment: String,
    /// Release identifier
    #[serde(default)]
    pub release: String,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct ServiceArgs {
    #[schemars(description = "Service alias: web, db or cache")]
    pub service: String,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct TailArgs {
    /// Unit name
    pub unit: String,
    /// How many lines, as text
    pub lines: String,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct CountArgs {
    /// Number of entries to show
    pub count: u32,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct CommandArgs {
    /// Command line to run on the deploy host
    pub command: String,
}

#[derive(Clone)]
pub struct Deploy {
    tool_router: ToolRouter<Deploy>,
}

fn invalid(msg: &str) -> ErrorData {
    ErrorData::invalid_params(msg.to_string(), None)
}

fn run(cmd: &mut Command) -> Result<CallToolResult, ErrorData> {
    let out = cmd
        .output()
        .map_err(|e| ErrorData::internal_error(e.to_string(), None))?;
    Ok(CallToolResult::success(vec![Content::text(
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )]))
}

#[tool_router]
impl Deploy {
    pub fn new() -> Self {
        Self {
            tool_router: Self::tool_router(),
        }
    }

    // --- Sound checks ------------------------------------------------------------------------

    #[tool(description = "Run one of the configured linters")]
    fn lint(&self, Parameters(LintArgs { linter, target }): Parameters<LintArgs>) -> Result<CallToolResult, ErrorData> {
        if !LINTERS.contains(&linter.as_str()) {
            return Err(invalid("unknown linter"));
        }
        let target = shlex::try_quote(&target).map_err(|_| invalid("bad target"))?;
        run(Command::new("sh").arg("-c").arg(format!("cargo {linter} -- {target}")))
    }

    #[tool(description = "Deploy the current release")]
    fn deploy(&self, Parameters(args): Parameters<EnvArgs>) -> Result<CallToolResult, ErrorData> {
        if ENVIRONMENTS.contains(&args.environment.as_str()) {
            let line = format!("{DEPLOY_ROOT}/deploy.sh {}", args.environment);
            return run(Command::new("sh").arg("-c").arg(&line));
        }
        Err(invalid("unknown environment"))
    }

    #[tool(description = "Restart a service by its alias")]
    fn restart(&self, Parameters(ServiceArgs { service }): Parameters<ServiceArgs>) -> Result<CallToolResult, ErrorData> {
        let unit = match service.as_str() {
            "web" => "nginx.service",
            "db" => "postgresql.service",
            "cache" => "redis-server.service",
            _ => return Err(invalid("unknown service")),
        };
        run(Command::new("sh").arg("-c").arg(format!("systemctl restart {unit} && systemctl is-active {unit}")))
    }

    #[tool(description = "Last lines of a unit's journal")]
    fn tail(&self, Parameters(args): Parameters<TailArgs>) -> Result<CallToolResult, ErrorData> {
        let n: u32 = args.lines.parse().map_err(|_| invalid("lines must be a number"))?;
        let unit = shell_escape::unix::escape(args.unit.clone().into());
        run(Command::new("sh").arg("-c").arg(format!("journalctl -u {unit} -n {n} --no-pager")))
    }

    #[tool(description = "Most recent releases")]
    fn releases(&self, Parameters(CountArgs { count }): Parameters<CountArgs>) -> Result<CallToolResult, ErrorData> {
        run(Command::new("sh").arg("-c").arg(format!("ls -1t {DEPLOY_ROOT}/releases | head -n {count}")))
    }

    #[tool(description = "Show the manifest of a release")]
    fn manifest(&self, p: Parameters<EnvArgs>) -> Result<CallToolResult, ErrorData> {
        let id_ok = p.0.release.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.');
        if p.0.release.is_empty() || !id_ok {
            return Err(invalid("release ids are letters, digits, dots and dashes"));
        }
        let line = format!("cat {DEPLOY_ROOT}/releases/{}/manifest.json", p.0.release);
        run(Command::new("sh").arg("-c").arg(line))
    }

    #[tool(description = "Fetch one branch of the app")]
    fn fetch(&self, p: Parameters<EnvArgs>) -> Result<CallToolResult, ErrorData> {
        let branch = Regex::new(r"^[A-Za-z0-9_./-]+$").unwrap();
        if !branch.is_match(&p.0.release) {
            return Err(invalid("invalid branch name"));
        }
        let line = format!("git -C {DEPLOY_ROOT}/app fetch origin {}", p.0.release);
        run(Command::new("sh").arg("-c").arg(&line))
    }

    // --- Flawed checks: the value still reaches the shell -------------------------------------

    #[tool(description = "Run a task of the task runner")]
    fn task(&self, Parameters(CommandArgs { command }): Parameters<CommandArgs>) -> Result<CallToolResult, ErrorData> {
        if command.contains(';') || command.contains('&') || command.contains('|') {
            return Err(invalid("shell operators are not allowed"));
        }
        // $(...), backticks and newlines still get through.
        run(Command::new("sh").arg("-c").arg(format!("just {command}"))) // expect: shell-injection
    }

    #[tool(description = "Run a read-only git command")]
    fn git(&self, Parameters(args): Parameters<CommandArgs>) -> Result<CallToolResult, ErrorData> {
        if !args.command.starts_with("git ") {
            return Err(invalid("only git commands are allowed"));
        }
        run(Command::new("bash").arg("-c").arg(&args.command).current_dir(DEPLOY_ROOT)) // expect: shell-injection from=args
    }

    #[tool(description = "Roll an environment back to a release")]
    fn rollback(&self, Parameters(EnvArgs { environment, release }): Parameters<EnvArgs>) -> Result<CallToolResult, ErrorData> {
        if !ENVIRONMENTS.contains(&environment.as_str()) {
            return Err(invalid("unknown environment"));
        }
        // The environment is checked; the release id is not.
        let line = format!("{DEPLOY_ROOT}/rollback.sh {environment} {release}");
        run(Command::new("sh").arg("-c").arg(line)) // expect: shell-injection
    }

    #[tool(description = "Follow the journal of a unit")]
    fn journal(&self, Parameters(args): Parameters<TailArgs>) -> Result<CallToolResult, ErrorData> {
        if !args.unit.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
            tracing::warn!(unit = %args.unit, "suspicious unit name");
        }
        let line = format!("journalctl -u deploy-{} -n 50", args.unit);
        run(Command::new("sh").arg("-c").arg(line)) // expect: shell-injection from=args
    }

    #[tool(description = "Post a message to logged-in users")]
    fn announce(&self, p: Parameters<CommandArgs>) -> Result<CallToolResult, ErrorData> {
        let cleaned = p.0.command.replace(';', "").replace("&&", "").replace('|', "");
        run(Command::new("sh").arg("-c").arg(format!("wall \"{cleaned}\""))) // expect: shell-injection from=p
    }

    #[tool(description = "Check that a deployment target answers on SSH")]
    fn check_host(&self, Parameters(CommandArgs { command: host }): Parameters<CommandArgs>) -> Result<CallToolResult, ErrorData> {
        // Unanchored: "web1; reboot" contains a match.
        if !Regex::new(r"[\w.-]+").unwrap().is_match(&host) {
            return Err(invalid("bad host name"));
        }
        run(Command::new("sh").arg("-c").arg(format!("ssh -o BatchMode=yes {host} true"))) // expect: shell-injection
    }

    #[tool(description = "Search the deploy log")]
    fn search_log(&self, Parameters(args): Parameters<LintArgs>) -> Result<CallToolResult, ErrorData> {
        if args.linter.len() > 80 {
            return Err(invalid("pattern too long"));
        }
        let pattern = shlex::try_quote(&args.linter).map_err(|_| invalid("bad pattern"))?;
        // The pattern is quoted; the file name is not.
        let line = format!("grep -n {pattern} {DEPLOY_ROOT}/logs/{}", args.target);
        run(Command::new("sh").arg("-c").arg(&line)) // expect: shell-injection from=args
    }

    #[tool(description = "Print a message through echo")]
    fn echo(&self, p: Parameters<CommandArgs>) -> Result<CallToolResult, ErrorData> {
        // Hand-made single quotes: a quote in the message ends them.
        let line = format!("echo '{}'", p.0.command);
        run(Command::new("sh").arg("-c").arg(line)) // expect: shell-injection from=p
    }
}

#[tool_handler]
impl ServerHandler for Deploy {}
