//! Audio fingerprinting tools that hand their configuration and the tool's paths to a callback
//! (rmcp 0.2+): `with_config(cfg, paths, |cfg, paths| ..)` gives each parameter its argument.

use std::future::Future;
use std::process::Command;
use std::sync::Arc;

use rmcp::{
    ErrorData, ServerHandler,
    handler::server::{router::tool::ToolRouter, wrapper::Parameters},
    model::{CallToolResult, Content},
    schemars, tool, tool_handler, tool_router,
};
use serde::Deserialize;

#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct FingerprintArgs {
    /// Audio files to fingerprint
    pub paths: Vec<String>,
}

/// Set by the operator: the fpcalc binary.
pub struct Config {
    fpcalc: String,
}

/// Runs `run` with a handle on the configuration and the paths to work on.
async fn with_config<F, Fut>(cfg: &Arc<Config>, paths: Vec<String>, run: F) -> Vec<String>
where
    F: FnOnce(Arc<Config>, Vec<String>) -> Fut,
    Fut: Future<Output = Vec<String>>,
{
    run(Arc::clone(cfg), paths).await
}

#[derive(Clone)]
pub struct Fingerprints {
    cfg: Arc<Config>,
    tool_router: ToolRouter<Fingerprints>,
}

#[tool_router]
impl Fingerprints {
    #[tool(description = "Fingerprint audio files with the configured fpcalc")]
    async fn fingerprint(&self, Parameters(args): Parameters<FingerprintArgs>) -> Result<CallToolResult, ErrorData> {
        let cfg = &self.cfg;
        let prints = with_config(cfg, args.paths, |cfg, paths| async move {
            let mut out = Vec::new();
            for p in paths {
                let o = Command::new(&cfg.fpcalc).arg("--").arg(&p).output(); // safe: shell-injection
                out.extend(o.ok().map(|o| String::from_utf8_lossy(&o.stdout).into_owned()));
            }
            out
        })
        .await;
        Ok(CallToolResult::success(vec![Content::text(prints.join("\n"))]))
    }

    #[tool(description = "Fingerprint audio files with a tool-chosen fingerprinter")]
    async fn fingerprint_with(&self, Parameters(args): Parameters<FingerprintArgs>) -> Result<CallToolResult, ErrorData> {
        let cfg = &self.cfg;
        let prints = with_config(cfg, args.paths, |cfg, paths| async move {
            let mut out = Vec::new();
            for p in paths.iter().skip(1) {
                let o = Command::new(&paths[0]).arg("--").arg(p).arg(&cfg.fpcalc).output(); // expect: shell-injection from=args
                out.extend(o.ok().map(|o| String::from_utf8_lossy(&o.stdout).into_owned()));
            }
            out
        })
        .await;
        Ok(CallToolResult::success(vec![Content::text(prints.join("\n"))]))
    }
}

#[tool_handler]
impl ServerHandler for Fingerprints {}
