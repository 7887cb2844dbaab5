//! Embedded Python, JavaScript and native plugins behind a hand-written tool set (rmcp, Parameters).
use boa_engine::{Context, Source};
use deno_core::JsRuntime;
use libloading::Library;
use pyo3::prelude::*;
use pyo3::types::PyModule;
use rmcp::handler::server::wrapper::Parameters;
use rmcp::{schemars, tool};
use serde::Deserialize;

#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct CodeArgs {
    pub code: String,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct PluginArgs {
    pub path: String,
}

pub struct Embedded;

impl Embedded {
    #[tool(description = "Evaluate a Python expression")]
    fn py_eval(&self, Parameters(args): Parameters<CodeArgs>) -> String {
        Python::with_gil(|py| {
            py.eval(&args.code, None, None) // expect: code-injection from=args
                .map(|v| v.to_string())
                .unwrap_or_else(|e| e.to_string())
        })
    }

    #[tool(description = "Load a Python module from source")]
    fn py_module(&self, Parameters(args): Parameters<CodeArgs>) -> String {
        Python::with_gil(|py| {
            PyModule::from_code(py, &args.code, "user.py", "user") // expect: code-injection from=args
                .map(|m| m.name().unwrap_or_default().to_string())
                .unwrap_or_else(|e| e.to_string())
        })
    }

    #[tool(description = "Evaluate JavaScript with boa")]
    fn js_eval(&self, Parameters(args): Parameters<CodeArgs>) -> String {
        let mut context = Context::default();
        match context.eval(Source::from_bytes(args.code.as_bytes())) { // expect: code-injection from=args
            Ok(v) => v.display().to_string(),
            Err(e) => e.to_string(),
        }
    }

    #[tool(description = "Run JavaScript with deno_core")]
    fn deno_run(&self, Parameters(args): Parameters<CodeArgs>) -> String {
        let mut runtime = JsRuntime::new(Default::default());
        runtime.execute_script("<tool>", args.code.clone()).map(|_| "ok".to_string()).unwrap_or_default() // expect: code-injection from=args
    }

    #[tool(description = "Load a native plugin")]
    fn load_plugin(&self, Parameters(args): Parameters<PluginArgs>) -> String {
        match unsafe { Library::new(&args.path) } { // expect: code-injection from=args
            Ok(_) => "loaded".to_string(),
            Err(e) => e.to_string(),
        }
    }

    // --- Safe: fixed code, input passed as data ---------------------------------------------------

    #[tool(description = "Word count in Python")]
    fn py_words(&self, Parameters(args): Parameters<CodeArgs>) -> String {
        Python::with_gil(|py| {
            let locals = pyo3::types::PyDict::new(py);
            locals.set_item("text", &args.code).ok();
            py.eval("len(text.split())", None, Some(locals))
                .map(|v| v.to_string())
                .unwrap_or_default()
        })
    }

    #[tool(description = "Run the bundled plugin")]
    fn bundled_plugin(&self, Parameters(_args): Parameters<PluginArgs>) -> String {
        match unsafe { Library::new("/usr/lib/mcp-embedded/plugin.so") } {
            Ok(_) => "loaded".to_string(),
            Err(e) => e.to_string(),
        }
    }
}
