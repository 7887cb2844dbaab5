//! A scripting server (rmcp 0.2+, #[tool_router]): rhai and Lua engines run model-written scripts.
use std::sync::Arc;

use rhai::{Dynamic, Engine, Scope};
use rmcp::handler::server::router::tool::ToolRouter;
use rmcp::handler::server::wrapper::Parameters;
use rmcp::model::{CallToolResult, Content};
use rmcp::{ErrorData as McpError, schemars, tool, tool_router};
use serde::Deserialize;

#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct ScriptArgs {
    /// The script source.
    pub script: String,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct ScoreArgs {
    /// The name of a built-in scoring formula.
    pub formula: String,
    /// The value to score.
    pub value: String,
}

const FORMULAS: [&str; 2] = ["linear", "log"];

#[derive(Clone)]
pub struct Scripting {
    engine: Arc<rhai::Engine>,
    tool_router: ToolRouter<Self>,
}

#[tool_router]
impl Scripting {
    pub fn new() -> Self {
        Self { engine: Arc::new(Engine::new()), tool_router: Self::tool_router() }
    }

    #[tool(description = "Evaluate a rhai expression")]
    async fn evaluate(&self, Parameters(args): Parameters<ScriptArgs>) -> Result<CallToolResult, McpError> {
        let value: Dynamic = self.engine.eval(&args.script).map_err(|e| McpError::invalid_params(e.to_string(), None))?; // expect: code-injection from=args
        Ok(CallToolResult::success(vec![Content::text(value.to_string())]))
    }

    #[tool(description = "Run a rhai script with the current totals in scope")]
    async fn run_with_totals(&self, Parameters(args): Parameters<ScriptArgs>) -> Result<CallToolResult, McpError> {
        let engine = Engine::new();
        let mut scope = Scope::new();
        scope.push("total", 42_i64);
        let out: i64 = engine.eval_with_scope(&mut scope, &args.script).unwrap_or_default(); // expect: code-injection from=args
        Ok(CallToolResult::success(vec![Content::text(out.to_string())]))
    }

    #[tool(description = "Compile a rhai script to check it")]
    async fn check(&self, Parameters(args): Parameters<ScriptArgs>) -> Result<CallToolResult, McpError> {
        let ast = self.engine.compile(&args.script); // expect: code-injection from=args
        Ok(CallToolResult::success(vec![Content::text(format!("{}", ast.is_ok()))]))
    }

    #[tool(description = "Run a Lua chunk")]
    async fn lua(&self, Parameters(args): Parameters<ScriptArgs>) -> Result<CallToolResult, McpError> {
        let lua = mlua::Lua::new();
        let out: String = lua.load(&args.script).eval().unwrap_or_default(); // expect: code-injection from=args
        Ok(CallToolResult::success(vec![Content::text(out)]))
    }

    // --- Safe: input is data in the scope, or selects a fixed script -----------------------------

    #[tool(description = "Score a value with a built-in formula")]
    async fn score(&self, Parameters(args): Parameters<ScoreArgs>) -> Result<CallToolResult, McpError> {
        if !FORMULAS.contains(&args.formula.as_str()) {
            return Err(McpError::invalid_params("unknown formula", None));
        }
        let mut scope = Scope::new();
        scope.push("value", args.value.clone());
        let script = format!("score_{}(value)", args.formula);
        let out: Dynamic = self.engine.eval_with_scope(&mut scope, &script).unwrap_or_default();
        Ok(CallToolResult::success(vec![Content::text(out.to_string())]))
    }

    #[tool(description = "Count the characters of a text in Lua")]
    async fn lua_len(&self, Parameters(args): Parameters<ScriptArgs>) -> Result<CallToolResult, McpError> {
        let lua = mlua::Lua::new();
        lua.globals().set("text", args.script.clone()).ok();
        let n: i64 = lua.load("return #text").eval().unwrap_or_default();
        Ok(CallToolResult::success(vec![Content::text(n.to_string())]))
    }
}
