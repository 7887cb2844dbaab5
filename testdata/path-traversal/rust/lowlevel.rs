//! Export folder server with hand-written `call_tool` and `read_resource` (rmcp before 0.14,
//! when the request types were still called `CallToolRequestParam`).

use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};

use rmcp::{
    ErrorData, RoleServer, ServerHandler,
    model::{
        CallToolRequestParam, CallToolResult, Content, ReadResourceRequestParam,
        ReadResourceResult, ResourceContents, ServerCapabilities, ServerInfo,
    },
    service::RequestContext,
};
use serde::Deserialize;
use serde_json::Value;

#[derive(Debug, Deserialize)]
struct TailArgs {
    file: String,
    #[serde(default)]
    lines: usize,
}

#[derive(Clone)]
pub struct Exports {
    /// Canonical export directory.
    root: PathBuf,
}

fn io_error(e: std::io::Error) -> ErrorData {
    ErrorData::internal_error(e.to_string(), None)
}

fn arg<'a>(args: &'a serde_json::Map<String, Value>, key: &str) -> &'a str {
    args.get(key).and_then(|v| v.as_str()).unwrap_or_default()
}

impl ServerHandler for Exports {
    fn get_info(&self) -> ServerInfo {
        ServerInfo {
            capabilities: ServerCapabilities::builder().enable_tools().enable_resources().build(),
            ..Default::default()
        }
    }

    async fn read_resource(
        &self,
        request: ReadResourceRequestParam,
        _ctx: RequestContext<RoleServer>,
    ) -> Result<ReadResourceResult, ErrorData> {
        let Some(rel) = request.uri.strip_prefix("export://") else {
            return Err(ErrorData::resource_not_found("unknown scheme", None));
        };
        let body = std::fs::read_to_string(self.root.join(rel)).map_err(io_error)?; // expect: path-traversal from=request
        Ok(ReadResourceResult {
            contents: vec![ResourceContents::text(body, request.uri.clone())],
        })
    }

    async fn call_tool(
        &self,
        request: CallToolRequestParam,
        _ctx: RequestContext<RoleServer>,
    ) -> Result<CallToolResult, ErrorData> {
        let args = request.arguments.unwrap_or_default();
        match request.name.as_ref() {
            "cat" => {
                let p = args.get("path").and_then(|v| v.as_str()).unwrap_or_default();
                let bytes = std::fs::read(Path::new(&self.root).join(p)).map_err(io_error)?; // expect: path-traversal from=request
                Ok(CallToolResult::success(vec![Content::text(String::from_utf8_lossy(&bytes).into_owned())]))
            }
            "tail" => {
                let req = serde_json::from_value::<TailArgs>(Value::Object(args))
                    .map_err(|e| ErrorData::invalid_params(e.to_string(), None))?;
                let file = File::open(self.root.join(&req.file)).map_err(io_error)?; // expect: path-traversal from=request
                let all: Vec<String> = BufReader::new(file).lines().map_while(Result::ok).collect();
                let keep = if req.lines == 0 { 20 } else { req.lines };
                let start = all.len().saturating_sub(keep);
                Ok(CallToolResult::success(vec![Content::text(all[start..].join("\n"))]))
            }
            "ls" => {
                let dir = std::fs::canonicalize(self.root.join(arg(&args, "dir"))).map_err(io_error)?;
                if !dir.starts_with(&self.root) {
                    return Err(ErrorData::invalid_params("outside the export folder", None));
                }
                let names: Vec<String> = std::fs::read_dir(&dir)
                    .map_err(io_error)?
                    .flatten()
                    .map(|e| e.file_name().to_string_lossy().into_owned())
                    .collect();
                Ok(CallToolResult::success(vec![Content::text(names.join("\n"))]))
            }
            "rm" => {
                let target = self.root.join(arg(&args, "path"));
                // Lexical check on a path that may still contain `..`.
                if !target.starts_with(&self.root) {  // expect: path-traversal from=request
                    return Err(ErrorData::invalid_params("outside the export folder", None));
                }
                std::fs::remove_file(&target).map_err(io_error)?;
                Ok(CallToolResult::success(vec![Content::text("removed")]))
            }
            "touch" => {
                let joined = self.root.join(arg(&args, "path"));
                // A file that does not exist yet cannot be canonicalised, so the raw path is used.
                let target = std::fs::canonicalize(&joined).unwrap_or(joined.clone());
                if !target.starts_with(&self.root) {  // expect: path-traversal from=request
                    return Err(ErrorData::invalid_params("outside the export folder", None));
                }
                File::create(&target).map_err(io_error)?;
                Ok(CallToolResult::success(vec![Content::text("created")]))
            }
            "manifest" => {
                let body = std::fs::read_to_string(self.root.join("MANIFEST")).map_err(io_error)?;
                Ok(CallToolResult::success(vec![Content::text(body)]))
            }
            "size" => {
                let p = arg(&args, "path").to_string();
                let canon = std::fs::canonicalize(self.root.join(&p)).map_err(io_error)?;
                if !canon.starts_with(&self.root) {
                    return Err(ErrorData::invalid_params("outside the export folder", None));
                }
                let bytes = std::fs::read(&canon).map_err(io_error)?;
                Ok(CallToolResult::success(vec![Content::text(bytes.len().to_string())]))
            }
            other => Err(ErrorData::invalid_params(format!("no tool named {other}"), None)),
        }
    }
}
