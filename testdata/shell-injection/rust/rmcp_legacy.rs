//! Host operations server written against rmcp 0.1 (`#[tool(tool_box)]`, `#[tool(param)]`,
//! `#[tool(aggr)]`).

use rmcp::{
    Error as McpError, ServerHandler,
    model::{CallToolResult, Content, ServerCapabilities, ServerInfo},
    schemars, tool,
};
use serde::Deserialize;
use std::process::Command;

#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct LogsRequest {
    #[schemars(description = "Container name or id")]
    pub container: String,
    #[schemars(description = "Number of lines from the end of the log")]
    pub lines: u32,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct JournalRequest {
    /// systemd unit whose journal is read
    pub unit: String,
    /// Start of the time window, in any format journalctl accepts
    pub since: String,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct RsyncRequest {
    /// Remote in `host:path` form
    pub remote: String,
    /// Pass `--delete` to rsync
    #[serde(default)]
    pub delete: bool,
}

#[derive(Debug, Clone, Default)]
pub struct HostOps;

fn shell_output(cmd: &mut Command) -> Result<CallToolResult, McpError> {
    let out = cmd
        .output()
        .map_err(|e| McpError::internal_error(e.to_string(), None))?;
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    Ok(CallToolResult::success(vec![Content::text(text)]))
}

#[tool(tool_box)]
impl HostOps {
    #[tool(description = "Restart a systemd service")]
    async fn restart_service(
        &self,
        #[tool(param)]
        #[schemars(description = "Unit name, e.g. nginx.service")]
        service: String,
    ) -> Result<CallToolResult, McpError> {
        let out = Command::new("systemctl")
            .arg("restart")
            .arg("--no-block")
            .arg(&service)
            .output()
            .map_err(|e| McpError::internal_error(e.to_string(), None))?;
        Ok(CallToolResult::success(vec![Content::text(format!(
            "systemctl exited with {}",
            out.status
        ))]))
    }

    #[tool(description = "Last lines of a container's log")]
    async fn container_logs(
        &self,
        #[tool(aggr)] LogsRequest { container, lines }: LogsRequest,
    ) -> Result<CallToolResult, McpError> {
        let line = format!("docker logs --tail {lines} {container} 2>&1");
        let out = Command::new("sh").arg("-c").arg(&line).output(); // expect: shell-injection
        let out = out.map_err(|e| McpError::internal_error(e.to_string(), None))?;
        Ok(CallToolResult::success(vec![Content::text(
            String::from_utf8_lossy(&out.stdout).into_owned(),
        )]))
    }

    #[tool(description = "Check that a host answers one ping")]
    fn ping(
        &self,
        #[tool(param)]
        #[schemars(description = "Host name or IP address")]
        host: String,
    ) -> Result<CallToolResult, McpError> {
        if cfg!(windows) {
            let line = format!("ping -n 1 {}", host);
            let mut cmd = Command::new("cmd");
            cmd.args(["/C", &line]); // expect: shell-injection from=host
            shell_output(&mut cmd)
        } else {
            let line = format!("ping -c 1 -W 2 {}", host);
            shell_output(Command::new("sh").args(["-c", line.as_str()])) // expect: shell-injection from=host
        }
    }

    #[tool(description = "Free space on a mount point")]
    fn disk_usage(
        &self,
        #[tool(param)]
        #[schemars(description = "Mount point, e.g. /var")]
        mount: String,
    ) -> Result<CallToolResult, McpError> {
        let quoted = shlex::try_quote(&mount)
            .map_err(|e| McpError::invalid_params(e.to_string(), None))?;
        let line = format!("df -h {quoted} | tail -n 1");
        shell_output(Command::new("sh").arg("-c").arg(line))  // safe: shell-injection
    }

    #[tool(description = "Uptime and memory of the host")]
    fn uptime(&self) -> Result<CallToolResult, McpError> {
        shell_output(Command::new("sh").arg("-c").arg("uptime && free -m"))
    }

    #[tool(description = "Send SIGTERM to a process")]
    fn terminate(
        &self,
        #[tool(param)]
        #[schemars(description = "Process id")]
        pid: String,
    ) -> Result<CallToolResult, McpError> {
        let pid: u32 = pid
            .trim()
            .parse()
            .map_err(|_| McpError::invalid_params("pid must be a number", None))?;
        shell_output(Command::new("sh").arg("-c").arg(format!("kill -TERM {pid} && echo sent")))
    }

    #[tool(description = "Read the journal of a unit")]
    fn journal(
        &self,
        #[tool(aggr)] req: JournalRequest,
    ) -> Result<CallToolResult, McpError> {
        let line = "journalctl --no-pager -u ".to_owned() + &req.unit + " --since '" + &req.since + "'";
        shell_output(Command::new("bash").arg("-c").arg(line)) // expect: shell-injection from=req
    }

    #[tool(description = "Mirror the data directory to a remote with rsync")]
    fn mirror(&self, #[tool(aggr)] req: RsyncRequest) -> Result<CallToolResult, McpError> {
        let mut line = String::from("rsync -az ");
        if req.delete {
            line.push_str("--delete ");
        }
        line.push_str("/srv/data/ ");
        line.push_str(&req.remote);
        shell_output(Command::new("sh").arg("-c").arg(&line)) // expect: shell-injection from=req
    }

    #[tool(description = "Mirror the data directory without a shell")]
    fn mirror_argv(&self, #[tool(aggr)] req: RsyncRequest) -> Result<CallToolResult, McpError> {
        let mut cmd = Command::new("rsync");
        cmd.arg("-az").arg("/srv/data/").arg(req.remote.clone());  // expect: argument-injection from=req
        shell_output(&mut cmd)
    }
}

#[tool(tool_box)]
impl ServerHandler for HostOps {
    fn get_info(&self) -> ServerInfo {
        ServerInfo {
            capabilities: ServerCapabilities::builder().enable_tools().build(),
            instructions: Some("Inspect and operate the host.".into()),
            ..Default::default()
        }
    }
}
