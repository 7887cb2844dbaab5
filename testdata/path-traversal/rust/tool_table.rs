//! A hand-written MCP server whose tools are a table of functions keyed by name, looked up
//! when a `tools/call` request arrives.
use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde_json::{Value, json};

type ToolFn = fn(&Value) -> Result<Value, String>;

#[derive(Deserialize)]
pub struct Request {
    pub id: Value,
    pub method: String,
    #[serde(default)]
    pub params: Value,
}

fn uploads() -> PathBuf {
    PathBuf::from(std::env::var("UPLOADS").unwrap_or_else(|_| "/srv/uploads".into()))
}

fn arg<'a>(args: &'a Value, key: &str) -> &'a str {
    args.get(key).and_then(Value::as_str).unwrap_or_default()
}

fn save_upload(args: &Value) -> Result<Value, String> {
    let target = uploads().join(arg(args, "file"));
    std::fs::write(&target, arg(args, "content")).map_err(|e| e.to_string())?; // expect: path-traversal from=args
    Ok(json!({ "content": [] }))
}

fn save_upload_checked(args: &Value) -> Result<Value, String> {
    let root = uploads().canonicalize().map_err(|e| e.to_string())?;
    let name = Path::new(arg(args, "file")).file_name().ok_or("not a file name")?;
    std::fs::write(root.join(name), arg(args, "content")).map_err(|e| e.to_string())?;
    Ok(json!({ "content": [] }))
}

fn stat_upload(args: &Value) -> Result<Value, String> {
    let meta = std::fs::metadata(uploads().join(arg(args, "file"))).map_err(|e| e.to_string())?; // expect: path-traversal from=args
    Ok(json!({ "content": [{ "type": "text", "text": meta.len().to_string() }] }))
}

fn tools() -> HashMap<&'static str, ToolFn> {
    let mut tools: HashMap<&'static str, ToolFn> = HashMap::new();
    tools.insert("save_upload", save_upload as ToolFn);
    tools.insert("save_upload_checked", save_upload_checked as ToolFn);
    tools.insert("stat_upload".into(), Box::new(stat_upload));
    tools
}

pub fn handle(req: &Request, table: &HashMap<&'static str, ToolFn>) -> Value {
    if req.method == "tools/call" {
        let name = req.params["name"].as_str().unwrap_or_default();
        let Some(tool) = table.get(name) else {
            return json!({ "jsonrpc": "2.0", "id": req.id, "error": { "code": -32602, "message": "unknown tool" } });
        };
        return match tool(&req.params["arguments"]) {
            Ok(r) => json!({ "jsonrpc": "2.0", "id": req.id, "result": r }),
            Err(e) => json!({ "jsonrpc": "2.0", "id": req.id, "error": { "code": -32603, "message": e } }),
        };
    }
    json!({ "jsonrpc": "2.0", "id": req.id, "result": {} })
}

pub fn serve() {
    let table = tools();
    for line in std::io::stdin().lines().map_while(Result::ok) {
        if let Ok(req) = serde_json::from_str::<Request>(&line) {
            println!("{}", handle(&req, &table));
        }
    }
}
