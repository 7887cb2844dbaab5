//! `mcplint mcp`: mcplint as an MCP server over standard input and output (built with `rmcp`,
//! the official Rust SDK), so that a coding agent can lint the MCP server it is writing.
//!
//! Tools: `lint` (files and folders, or source text given inline; see [`lint`]), `explain_rule`
//! and `list_rules`. `lint` reads only inside the client's roots, asked with `roots/list` when
//! the client declares the roots capability and asked again after `roots/list_changed`; a
//! client without roots gets the server's working directory ([`roots`]).
//!
//! The server runs on a single-threaded tokio runtime; each analysis runs on a blocking task
//! (and the engine on its own rayon pool), so the protocol loop keeps answering meanwhile.

mod lint;
mod roots;

use std::path::PathBuf;
use std::sync::{Arc, Mutex, PoisonError};

use anyhow::Context;
use rmcp::handler::server::common::schema_for_output;
use rmcp::handler::server::router::tool::ToolRouter;
use rmcp::handler::server::wrapper::Parameters;
use rmcp::model::{
    CallToolResult, ContentBlock, ErrorData, Implementation, ServerCapabilities, ServerConfig,
};
use rmcp::service::NotificationContext;
use rmcp::{Peer, RoleServer, ServerHandler, ServiceExt, tool, tool_handler, tool_router};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use self::lint::{InlineLanguage, LintReport};
use self::roots::Roots;
use crate::report::rule_docs;

/// Serves MCP on standard input and output until the client closes them.
pub(crate) fn serve() -> anyhow::Result<()> {
    let cwd = std::env::current_dir().context("cannot read the current directory")?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("cannot start the MCP server's runtime")?;
    runtime.block_on(async {
        let running = Server::new(cwd)
            .serve(rmcp::transport::stdio())
            .await
            .context("the MCP client did not initialize the session")?;
        running
            .waiting()
            .await
            .context("the MCP server stopped unexpectedly")?;
        Ok(())
    })
}

/// The MCP server: its tools, and the roots the client gave (kept until it says they changed).
#[derive(Clone)]
struct Server {
    tool_router: ToolRouter<Self>,
    /// The working directory, the root when the client has no roots.
    cwd: PathBuf,
    /// The client's roots as last listed; `None` until listed, and after `roots/list_changed`.
    client_roots: Arc<Mutex<Option<Roots>>>,
}

/// The `lint` tool's input.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct LintInput {
    /// Files or folders to lint (folders recursively, honouring .gitignore and the configured
    /// excludes), absolute or relative to the first root. Each must lie inside the client's
    /// roots (the server's working directory when the client has no roots). Give either
    /// `paths` or `source`.
    #[serde(default)]
    paths: Vec<String>,
    /// Source text to lint instead of files, e.g. a handler you are writing; it is analysed in
    /// memory and never written to disk. Needs `language`.
    source: Option<String>,
    /// The language of `source`.
    language: Option<InlineLanguage>,
}

/// The `explain_rule` tool's input.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct ExplainInput {
    /// The rule's name, as in a finding's `rule` or `list_rules` (e.g. `shell-injection`).
    rule: String,
}

/// The `list_rules` tool's result.
#[derive(Debug, Serialize, JsonSchema)]
struct RuleList {
    /// Every rule mcplint has.
    rules: Vec<RuleInfo>,
}

/// One rule.
#[derive(Debug, Serialize, JsonSchema)]
struct RuleInfo {
    /// The name findings carry, and `explain_rule` takes.
    name: String,
    /// The default severity: `error` or `warning`.
    severity: String,
    /// CWE numbers.
    cwe: Vec<u32>,
    /// What the rule finds, in one clause.
    summary: String,
}

#[tool_router]
impl Server {
    fn new(cwd: PathBuf) -> Self {
        Self {
            tool_router: Self::tool_router(),
            cwd,
            client_roots: Arc::new(Mutex::new(None)),
        }
    }

    /// Lint MCP server code for security problems (command, SQL and code injection, path
    /// traversal, SSRF, secrets, tool poisoning, ...). Give `paths` (files or folders inside
    /// the client's roots) or inline `source` with its `language`. Returns each finding with
    /// its rule, severity, message, file and line/column range, the flow from the tool's
    /// input (source) through each step to the dangerous call (sink), and a fix hint; use
    /// `explain_rule` for a rule's full documentation.
    #[tool(
        output_schema = schema_for_output::<LintReport>(),
        annotations(read_only_hint = true, open_world_hint = false)
    )]
    async fn lint(
        &self,
        Parameters(input): Parameters<LintInput>,
        peer: Peer<RoleServer>,
    ) -> Result<CallToolResult, ErrorData> {
        let roots = match self.roots(&peer).await {
            Ok(roots) => roots,
            Err(message) => return Ok(tool_error(&message)),
        };
        let outcome = match (input.paths.is_empty(), input.source, input.language) {
            (false, None, None) => {
                let mut paths = Vec::with_capacity(input.paths.len());
                for requested in &input.paths {
                    // Called by its path: mcplint's own analysis does not type `roots` (a
                    // match on an awaited result), and so would not see the containment check.
                    match Roots::resolve(&roots, requested) {
                        Ok(path) => paths.push(path),
                        Err(refusal) => {
                            return Ok(tool_error(&roots.refusal_message(requested, refusal)));
                        }
                    }
                }
                blocking(move || lint::lint_paths(&paths, &roots)).await
            }
            (true, Some(source), Some(language)) => {
                blocking(move || lint::lint_source(source, language, &roots)).await
            }
            (true, Some(_), None) => {
                return Ok(tool_error(
                    "`source` needs `language` (python, typescript, javascript, rust or json)",
                ));
            }
            _ => {
                return Ok(tool_error(
                    "give either `paths` (files or folders) or `source` with `language`",
                ));
            }
        };
        Ok(match outcome {
            Ok(report) => structured(&report, report.text_summary()),
            Err(message) => tool_error(&message),
        })
    }

    /// The documentation of one mcplint rule (what it finds, why it matters, how to fix it,
    /// examples): the text `mcplint explain RULE` prints.
    #[tool(annotations(read_only_hint = true, open_world_hint = false))]
    #[allow(clippy::unused_self)] // `#[tool_router]` calls every tool as a method.
    fn explain_rule(&self, Parameters(input): Parameters<ExplainInput>) -> CallToolResult {
        match mcplint_rules::rule_by_name(&input.rule) {
            Some(rule) => CallToolResult::success(vec![ContentBlock::text(rule_docs(rule))]),
            None => tool_error(&format!(
                "unknown rule `{}`; list_rules gives every rule's name",
                input.rule
            )),
        }
    }

    /// Every mcplint rule: name, default severity, CWE numbers and a one-line summary.
    #[tool(
        output_schema = schema_for_output::<RuleList>(),
        annotations(read_only_hint = true, open_world_hint = false)
    )]
    #[allow(clippy::unused_self)] // `#[tool_router]` calls every tool as a method.
    fn list_rules(&self) -> CallToolResult {
        let rules: Vec<RuleInfo> = mcplint_rules::rules::ALL
            .iter()
            .map(|r| RuleInfo {
                name: r.name.to_owned(),
                severity: r.severity.as_str().to_owned(),
                cwe: r.cwe.to_vec(),
                summary: r.summary.to_owned(),
            })
            .collect();
        let text = rules
            .iter()
            .map(|r| format!("{} ({}): {}", r.name, r.severity, r.summary))
            .collect::<Vec<_>>()
            .join("\n");
        structured(&RuleList { rules }, text)
    }
}

impl Server {
    /// The folders `lint` may read: the client's roots when it has the roots capability
    /// (listed once, and again after it said they changed), else the working directory.
    /// Roots are deprecated by the 2026-07-28 protocol (SEP-2577) but are still how clients
    /// of earlier versions, which are all clients today, say which folders a server may read.
    #[allow(deprecated)]
    async fn roots(&self, peer: &Peer<RoleServer>) -> Result<Roots, String> {
        let has_roots = peer
            .peer_info()
            .is_some_and(|info| info.capabilities.roots.is_some());
        if !has_roots {
            return Roots::working_directory(&self.cwd);
        }
        if let Some(roots) = self.remembered_roots().clone() {
            return Ok(roots);
        }
        let listed = peer
            .list_roots()
            .await
            .map_err(|err| format!("cannot list the client's roots: {err}"))?;
        let roots = Roots::from_uris(listed.roots.iter().map(|r| r.uri.as_str()))?;
        *self.remembered_roots() = Some(roots.clone());
        Ok(roots)
    }

    fn remembered_roots(&self) -> std::sync::MutexGuard<'_, Option<Roots>> {
        self.client_roots
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }
}

#[tool_handler(router = self.tool_router)]
impl ServerHandler for Server {
    fn get_info(&self) -> ServerConfig {
        ServerConfig::new(ServerCapabilities::builder().enable_tools().build())
            .with_server_info(Implementation::new("mcplint", env!("CARGO_PKG_VERSION")))
            .with_instructions(
                "mcplint finds security problems in MCP servers (Python, TypeScript, \
                 JavaScript, Rust, JSON tool definitions). Call `lint` on the files you \
                 wrote, or on source text inline, before handing them over; fix each \
                 finding along its flow, or read `explain_rule` for the rule.",
            )
    }

    async fn on_roots_list_changed(&self, _context: NotificationContext<RoleServer>) {
        *self.remembered_roots() = None;
    }
}

/// Runs a lint on a blocking task, off the protocol loop.
async fn blocking(
    lint: impl FnOnce() -> Result<LintReport, String> + Send + 'static,
) -> Result<LintReport, String> {
    tokio::task::spawn_blocking(lint)
        .await
        .unwrap_or_else(|_| Err("internal error while linting".to_owned()))
}

/// A successful result: `value` as structured content, with `summary` and the JSON as text
/// (for clients that read only text).
fn structured<T: Serialize>(value: &T, summary: String) -> CallToolResult {
    let json = serde_json::to_value(value).unwrap_or_default();
    let mut result = CallToolResult::structured(json);
    result.content.insert(0, ContentBlock::text(summary));
    result
}

/// A tool error the client shows (`isError: true`).
fn tool_error(message: &str) -> CallToolResult {
    CallToolResult::error(vec![ContentBlock::text(format!("mcplint: {message}"))])
}
