//! A build-helper MCP server written without an SDK: a `const` table of tools, found by name
//! when a `tools/call` arrives, and a method of the server for the one tool that needs state.
use std::process::Command;

use serde_json::{Value, json};

type Tool = fn(&Value) -> Result<String, String>;

const WORKSPACE: &str = "/home/agent/project";

fn run(cmd: &mut Command) -> Result<String, String> {
    let out = cmd.current_dir(WORKSPACE).output().map_err(|e| e.to_string())?;
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

fn make_target(args: &Value) -> Result<String, String> {
    let target = args["target"].as_str().unwrap_or("all");
    run(Command::new("sh").arg("-c").arg(format!("make {target}"))) // expect: shell-injection from=args
}

fn make_target_quoted(args: &Value) -> Result<String, String> {
    let target = args["target"].as_str().unwrap_or("all");
    run(Command::new("make").arg("--").arg(target))
}

const TOOLS: &[(&str, Tool)] = &[("make_target", make_target), ("make_target_quoted", make_target_quoted)];

pub struct Server;

impl Server {
    fn grep(&self, args: &Value) -> Result<String, String> {
        let pattern = args["pattern"].as_str().unwrap_or_default();
        run(Command::new("bash").arg("-c").arg(format!("grep -rn '{pattern}' ."))) // expect: shell-injection from=args
    }

    fn grep_fixed(&self, args: &Value) -> Result<String, String> {
        let pattern = args["pattern"].as_str().unwrap_or_default();
        run(Command::new("grep").arg("-rn").arg("-e").arg(pattern).arg("."))
    }

    /// The nightly clean-up, started by a timer with a fixed command.
    fn clean(&self, line: &str) -> Result<String, String> {
        run(Command::new("bash").arg("-c").arg(line)) // safe: shell-injection
    }

    pub fn nightly(&self) {
        self.clean("git clean -fdx build/").ok();
    }

    pub fn handle(&self, method: &str, params: Value) -> Value {
        if method != "tools/call" {
            return json!({});
        }
        let tool_name = params["name"].as_str().unwrap_or_default();
        let arguments = &params["arguments"];
        let result = match tool_name {
            "grep" => self.grep(arguments),
            "grep_fixed" => self.grep_fixed(arguments),
            name => match TOOLS.iter().find(|(n, _)| *n == name) {
                Some((_, tool)) => tool(arguments),
                None => Err(format!("unknown tool {name}")),
            },
        };
        match result {
            Ok(text) => json!({ "content": [{ "type": "text", "text": text }] }),
            Err(e) => json!({ "content": [{ "type": "text", "text": e }], "isError": true }),
        }
    }
}
