//! A build runner (rmcp 0.2+) whose checks look at a part of the input; each vulnerable tool has
//! a fixed twin that differs in the one line doing the check.

use std::process::Command;

use rmcp::{handler::server::wrapper::Parameters, schemars, tool, tool_router};
use serde::Deserialize;

const COMMANDS: [&str; 3] = ["build", "test", "lint"];

#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct TargetArgs {
    /// A make target
    pub target: String,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct CommandArgs {
    /// A project command
    pub command: String,
}

fn run(cmd: &mut Command) -> Result<String, String> {
    let out = cmd.output().map_err(|e| e.to_string())?;
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

pub struct Runner;

#[tool_router]
impl Runner {
    #[tool(description = "Run a make target")]
    fn make_every_char(&self, Parameters(args): Parameters<TargetArgs>) -> Result<String, String> {
        for c in args.target.chars() {
            if !c.is_ascii_alphanumeric() {
                return Err("bad target".into());
            }
        }
        run(Command::new("sh").arg("-c").arg(format!("make {}", args.target)))
    }

    #[tool(description = "Run a make target")]
    fn make_first_char(&self, Parameters(args): Parameters<TargetArgs>) -> Result<String, String> {
        for c in args.target.chars().take(1) {
            if !c.is_ascii_alphanumeric() {
                return Err("bad target".into());
            }
        }
        run(Command::new("sh").arg("-c").arg(format!("make {}", args.target))) // expect: shell-injection from=args
    }

    #[tool(description = "Run a project command")]
    fn run_whole_command(&self, Parameters(args): Parameters<CommandArgs>) -> Result<String, String> {
        if !COMMANDS.contains(&args.command.as_str()) {
            return Err("unknown command".into());
        }
        run(Command::new("sh").arg("-c").arg(format!("cargo {}", args.command)))
    }

    #[tool(description = "Run a project command")]
    fn run_first_bytes(&self, Parameters(args): Parameters<CommandArgs>) -> Result<String, String> {
        if !COMMANDS.contains(&&args.command[..5]) {
            return Err("unknown command".into());
        }
        run(Command::new("sh").arg("-c").arg(format!("cargo {}", args.command))) // expect: shell-injection from=args
    }
}
