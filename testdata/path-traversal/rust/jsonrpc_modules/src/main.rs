//! A hand-written MCP server split over modules: the JSON-RPC loop here, the tools in
//! `tools.rs`, which never sees the method name.

mod tools;

use serde_json::{Value, json};

fn main() {
    for line in std::io::stdin().lines().map_while(Result::ok) {
        let Ok(req) = serde_json::from_str::<Value>(&line) else {
            continue;
        };
        let result = match req["method"].as_str().unwrap_or_default() {
            "tools/list" => tools::list(),
            "tools/call" => tools::call(&req["params"]),
            _ => json!({}),
        };
        println!("{}", json!({ "jsonrpc": "2.0", "id": req["id"], "result": result }));
    }
}
