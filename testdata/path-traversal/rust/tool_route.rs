//! Tools added to an rmcp `ToolRouter` at run time, through a helper that builds each
//! `ToolRoute` from a plain function of the tool's arguments.
use std::sync::Arc;

use rmcp::handler::server::router::tool::{ToolRoute, ToolRouter};
use rmcp::model::{CallToolResult, Content, JsonObject, Tool};

const ROOT: &str = "/srv/files";

#[derive(Clone)]
pub struct Files {
    router: Arc<ToolRouter<Files>>,
}

fn text_arg(args: &Option<JsonObject>, key: &str) -> String {
    args.as_ref()
        .and_then(|a| a.get(key))
        .and_then(|v| v.as_str())
        .unwrap_or_default()
        .to_owned()
}

/// A route whose handler is `f`, called with the tool's arguments.
fn route(name: &'static str, description: &'static str, f: fn(Option<JsonObject>) -> String) -> ToolRoute<Files> {
    ToolRoute::new_dyn(Tool::new(name, description, Arc::new(JsonObject::new())), move |ctx| {
        let out = f(ctx.arguments.clone());
        Box::pin(async move { Ok(CallToolResult::success(vec![Content::text(out)])) })
    })
}

fn read_file(args: Option<JsonObject>) -> String {
    let path = text_arg(&args, "path");
    std::fs::read_to_string(format!("{ROOT}/{path}")).unwrap_or_default() // expect: path-traversal from=args
}

fn read_checked_file(args: Option<JsonObject>) -> String {
    let path = text_arg(&args, "path");
    let Some(name) = std::path::Path::new(&path).file_name() else {
        return String::new();
    };
    std::fs::read_to_string(std::path::Path::new(ROOT).join(name)).unwrap_or_default()
}

fn housekeeping(args: Option<JsonObject>) -> String {
    let path = text_arg(&args, "path");
    std::fs::remove_file(format!("{ROOT}/{path}")).ok(); // safe: path-traversal
    String::new()
}

impl Files {
    pub fn new() -> Self {
        let mut router = ToolRouter::new();
        router.add_route(route("read_file", "Read a file", read_file));
        router.add_route(route("read_checked_file", "Read a file by name", read_checked_file));
        router.add_route(ToolRoute::new_dyn(
            Tool::new("delete_file", "Delete a file", Arc::new(JsonObject::new())),
            |ctx| {
                let path = text_arg(&ctx.arguments, "path");
                std::fs::remove_file(format!("{ROOT}/{path}")).ok(); // expect: path-traversal from=ctx
                Box::pin(async move { Ok(CallToolResult::success(vec![])) })
            },
        ));
        Self { router: Arc::new(router) }
    }

    pub fn cleanup(&self) {
        housekeeping(None);
    }
}
