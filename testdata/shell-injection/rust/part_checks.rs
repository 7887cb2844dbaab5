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

/// Finds a pipe: a check of one character, not of the command.
fn has_pipe(command: &str) -> bool {
    for c in command.chars() {
        if c == '|' {
            return true;
        }
    }
    false
}

/// Whether every character of the command is allowed.
fn only_target_chars(command: &str) -> bool {
    for c in command.chars() {
        if !c.is_ascii_alphanumeric() {
            return false;
        }
    }
    true
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

    #[tool(description = "Run a piped command")]
    fn run_pipeline(&self, Parameters(args): Parameters<CommandArgs>) -> Result<String, String> {
        if has_pipe(&args.command) {
            return run(Command::new("sh").arg("-c").arg(&args.command)); // expect: shell-injection from=args
        }
        Err("not a pipeline".into())
    }

    #[tool(description = "Run a plain command")]
    fn run_plain_target(&self, Parameters(args): Parameters<CommandArgs>) -> Result<String, String> {
        if only_target_chars(&args.command) {
            return run(Command::new("sh").arg("-c").arg(&args.command));
        }
        Err("not allowed".into())
    }
}
