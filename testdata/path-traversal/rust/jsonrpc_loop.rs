//! A notes server that speaks MCP over stdio by hand: no SDK, one JSON-RPC request per line,
//! `tools/call` dispatched on the tool's name to plain functions of the arguments.
use std::io::{self, BufRead, Write};
use std::path::Path;

use serde::Deserialize;
use serde_json::{Value, json};

const NOTES: &str = "/var/lib/notes";

#[derive(Deserialize)]
struct NoteArgs {
    path: String,
}

fn text(body: String) -> Value {
    json!({ "content": [{ "type": "text", "text": body }] })
}

fn read_note(args: Value) -> Result<Value, String> {
    let a: NoteArgs = serde_json::from_value(args).map_err(|e| e.to_string())?;
    let body = std::fs::read_to_string(Path::new(NOTES).join(&a.path)).map_err(|e| e.to_string())?; // expect: path-traversal from=args
    Ok(text(body))
}

fn read_note_by_name(args: Value) -> Result<Value, String> {
    let a: NoteArgs = serde_json::from_value(args).map_err(|e| e.to_string())?;
    let name = Path::new(&a.path).file_name().ok_or("not a file name")?;
    let body = std::fs::read_to_string(Path::new(NOTES).join(name)).map_err(|e| e.to_string())?;
    Ok(text(body))
}

fn delete_note(args: &Value) -> Result<Value, String> {
    let rel = args["path"].as_str().unwrap_or_default();
    std::fs::remove_file(format!("{NOTES}/{rel}")).map_err(|e| e.to_string())?; // expect: path-traversal from=args
    Ok(text("deleted".into()))
}

fn delete_note_by_name(args: &Value) -> Result<Value, String> {
    let rel = args["path"].as_str().unwrap_or_default();
    let name = Path::new(rel).file_name().ok_or("not a file name")?;
    std::fs::remove_file(Path::new(NOTES).join(name)).map_err(|e| e.to_string())?;
    Ok(text("deleted".into()))
}

/// Runs at start-up with a fixed name, never from a request.
fn rotate_log(file: &str) {
    std::fs::remove_file(format!("{NOTES}/{file}")).ok(); // safe: path-traversal
}

fn call_tool(params: &Value) -> Result<Value, String> {
    let name = params["name"].as_str().unwrap_or_default();
    let args = params.get("arguments").cloned().unwrap_or(Value::Null);
    match name {
        "read_note" => read_note(args),
        "read_note_by_name" => read_note_by_name(args),
        "delete_note" => delete_note(&args),
        "delete_note_by_name" => delete_note_by_name(&args),
        other => Err(format!("unknown tool {other}")),
    }
}

fn main() {
    rotate_log("previous.log");
    let mut out = io::stdout();
    for line in io::stdin().lock().lines().map_while(Result::ok) {
        let Ok(req) = serde_json::from_str::<Value>(&line) else {
            continue;
        };
        let method = req["method"].as_str().unwrap_or_default();
        let result = match method {
            "initialize" => Ok(json!({ "protocolVersion": "2025-06-18", "capabilities": { "tools": {} } })),
            "tools/list" => Ok(json!({ "tools": [] })),
            "tools/call" => call_tool(&req["params"]),
            _ => Err(format!("unknown method {method}")),
        };
        let reply = match result {
            Ok(r) => json!({ "jsonrpc": "2.0", "id": req["id"], "result": r }),
            Err(e) => json!({ "jsonrpc": "2.0", "id": req["id"], "error": { "code": -32601, "message": e } }),
        };
        writeln!(out, "{reply}").ok();
    }
}
