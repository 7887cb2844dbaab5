// A crate-info server on rmcp: reqwest requests and cargo runs in tools.
use std::process::Command;
use std::time::Duration;

use rmcp::handler::server::wrapper::Parameters;
use rmcp::{tool, tool_router};
use serde::Deserialize;

#[derive(Deserialize, schemars::JsonSchema)]
pub struct CrateArgs {
    pub name: String,
}

pub struct CrateServer {
    client: reqwest::Client,
    bounded: reqwest::Client,
}

impl CrateServer {
    pub fn new() -> Self {
        let bounded = reqwest::Client::builder()
            .timeout(Duration::from_secs(10))
            .build()
            .expect("client");
        Self {
            client: reqwest::Client::new(),
            bounded,
        }
    }
}

#[tool_router]
impl CrateServer {
    #[tool(description = "Crate metadata from crates.io")]
    async fn crate_info(&self, Parameters(args): Parameters<CrateArgs>) -> String {
        let url = format!("https://crates.io/api/v1/crates/{}", args.name);
        let res = self.client.get(&url).header("User-Agent", "crate-info").send().await; // warn: missing-timeout
        res.map(|_| "ok".to_string()).unwrap_or_default()
    }

    #[tool(description = "Crate metadata, with a timeout")]
    async fn crate_info_bounded(&self, Parameters(args): Parameters<CrateArgs>) -> String {
        let url = format!("https://crates.io/api/v1/crates/{}", args.name);
        let res = self.bounded.get(&url).send().await; // safe: missing-timeout
        let again = self.client.get(&url).timeout(Duration::from_secs(5)).send().await; // safe: missing-timeout
        res.and(again).map(|_| "ok".to_string()).unwrap_or_default()
    }

    #[tool(description = "The crate's README")]
    async fn readme(&self, Parameters(args): Parameters<CrateArgs>) -> String {
        let url = format!("https://crates.io/api/v1/crates/{}/readme", args.name);
        reqwest::get(&url).await.map(|_| "ok".to_string()).unwrap_or_default() // warn: missing-timeout
    }

    #[tool(description = "Resolve the crate with cargo")]
    async fn cargo_search(&self, Parameters(args): Parameters<CrateArgs>) -> String {
        let out = Command::new("cargo").args(["search", "--limit", "1", "--"]).arg(&args.name).output(); // warn: missing-timeout
        out.map(|o| String::from_utf8_lossy(&o.stdout).into_owned()).unwrap_or_default()
    }

    #[tool(description = "Resolve the crate with cargo, under a deadline")]
    async fn cargo_search_bounded(&self, Parameters(args): Parameters<CrateArgs>) -> String {
        let mut cmd = tokio::process::Command::new("cargo");
        cmd.args(["search", "--limit", "1", "--"]).arg(&args.name).kill_on_drop(true);
        let out = tokio::time::timeout(Duration::from_secs(30), cmd.output()).await; // safe: missing-timeout
        format!("{out:?}")
    }
}

/// Run by the release script only: no tool reaches it.
pub fn publish_dry_run() -> bool {
    Command::new("cargo").args(["publish", "--dry-run"]).status().is_ok() // safe: missing-timeout
}
