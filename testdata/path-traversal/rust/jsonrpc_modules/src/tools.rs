//! The tools of the server: `call` receives the `params` of a `tools/call` request.

use std::path::Path;

use serde_json::{Value, json};

const BACKUPS: &str = "/var/backups/app";

pub fn list() -> Value {
    json!({ "tools": [{ "name": "restore" }, { "name": "restore_by_name" }] })
}

fn restore(archive: &str) -> Value {
    match std::fs::copy(Path::new(BACKUPS).join(archive), "/srv/app/data.db") { // expect: path-traversal from=params
        Ok(n) => json!({ "content": [{ "type": "text", "text": format!("{n} bytes") }] }),
        Err(e) => json!({ "content": [{ "type": "text", "text": e.to_string() }], "isError": true }),
    }
}

fn restore_by_name(archive: &str) -> Value {
    let Some(name) = Path::new(archive).file_name() else {
        return json!({ "isError": true });
    };
    match std::fs::copy(Path::new(BACKUPS).join(name), "/srv/app/data.db") {
        Ok(n) => json!({ "content": [{ "type": "text", "text": format!("{n} bytes") }] }),
        Err(e) => json!({ "content": [{ "type": "text", "text": e.to_string() }], "isError": true }),
    }
}

pub fn call(params: &Value) -> Value {
    let archive = params["input"]["archive"].as_str().unwrap_or_default();
    if params["name"] == "restore" {
        restore(archive)
    } else {
        restore_by_name(archive)
    }
}
