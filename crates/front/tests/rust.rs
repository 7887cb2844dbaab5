//! Snapshot and robustness tests of the Rust front end.

use mcplint_front::{lower, parse_only};
use mcplint_ir::{Arg, Expr, ExprKind, File, Lang, Part, Pattern, SourceFile, Stmt, dump};

fn lower_rs(src: &str) -> File {
    lower(Lang::Rust, SourceFile::new("server.rs", src)).expect("rust lowers")
}

fn ir(src: &str) -> String {
    dump(&lower_rs(src))
}

// ---------------------------------------------------------------------------------------------
// Snapshots, one per SDK or construct group

#[test]
fn rmcp_router_server() {
    insta::assert_snapshot!(ir(r#"
use std::path::PathBuf;

use rmcp::{
    ErrorData, ServerHandler,
    handler::server::{router::tool::ToolRouter, wrapper::Parameters},
    model::*,
    schemars, tool, tool_handler, tool_router,
};
use tokio::process::Command;

#[derive(Debug, serde::Deserialize, schemars::JsonSchema)]
pub struct GrepArgs {
    /// Regular expression to look for
    pub pattern: String,
    /// Directory under the workspace,
    /// relative to its root
    #[schemars(description = "Directory under the workspace")]
    pub dir: Option<String>,
}

#[derive(Clone)]
pub struct Repo {
    root: PathBuf,
    tool_router: ToolRouter<Self>,
}

#[tool_router]
impl Repo {
    pub fn new(root: PathBuf) -> Self {
        Self { root, tool_router: Self::tool_router() }
    }

    #[tool(description = "Search files for a pattern")]
    async fn grep(
        &self,
        Parameters(GrepArgs { pattern, dir }): Parameters<GrepArgs>,
    ) -> Result<CallToolResult, ErrorData> {
        let dir = self.root.join(dir.unwrap_or_default());
        let out = Command::new("sh")
            .arg("-c")
            .arg(format!("grep -rn {pattern} {}", dir.display()))
            .output()
            .await
            .map_err(|e| ErrorData::internal_error(e.to_string(), None))?;
        Ok(CallToolResult::success(vec![Content::text(
            String::from_utf8_lossy(&out.stdout).to_string(),
        )]))
    }

    /// Print the current branch.
    #[tool(name = "git_branch", annotations(read_only_hint = true, title = "Branch"))]
    async fn branch(&self, params: Parameters<BranchArgs>) -> String {
        let repo = &params.0.repo;
        std::fs::read_to_string(self.root.join(repo).join("HEAD")).unwrap_or_default()
    }

    #[rmcp::tool(description = concat!("Delete ", "a file"))]
    async fn delete(&self, Parameters(args): Parameters<DeleteArgs>) -> Result<String, ErrorData> {
        tokio::fs::remove_file(&args.path).await.map_err(|e| ErrorData::internal_error(e.to_string(), None))?;
        Ok("deleted".into())
    }
}

#[tool_handler(instructions = "Repository helpers")]
impl ServerHandler for Repo {}
"#));
}

#[test]
fn rmcp_tool_box_01() {
    insta::assert_snapshot!(ir(r#"
use rmcp::{ServerHandler, model::ServerInfo, schemars, tool};

#[derive(Debug, serde::Deserialize, schemars::JsonSchema)]
pub struct AddArgs {
    #[schemars(description = "the left hand side")]
    pub a: i32,
    pub b: i32,
}

#[derive(Debug, Clone)]
pub struct Calc;

#[tool(tool_box)]
impl Calc {
    #[tool(description = "Add two numbers")]
    fn add(&self, #[tool(aggr)] AddArgs { a, b }: AddArgs) -> String {
        (a + b).to_string()
    }

    #[tool(description = "Echo text")]
    fn echo(&self, #[tool(param)] #[schemars(description = "Text")] text: String) -> String {
        text
    }

    #[tool(description = "Run")]
    async fn run(&self, #[tool(param)] cmd: String, #[tool(param)] #[schemars(description = "Args")] #[serde(default)] args: Vec<String>) -> String {
        std::process::Command::new(cmd).args(args).output().map(|o| o.status.to_string()).unwrap_or_default()
    }
}

#[tool(tool_box)]
impl ServerHandler for Calc {
    fn get_info(&self) -> ServerInfo {
        ServerInfo {
            instructions: Some("A simple calculator".into()),
            ..Default::default()
        }
    }
}
"#));
}

#[test]
fn rust_mcp_sdk_tools() {
    insta::assert_snapshot!(ir(r##"
use rust_mcp_sdk::macros::{JsonSchema, mcp_tool};
use rust_mcp_sdk::schema::{CallToolRequestParams, CallToolResult, schema_utils::CallToolError};
use rust_mcp_sdk::tool_box;

#[mcp_tool(name = "read_file", description = "Read a text file", read_only_hint = true)]
#[derive(Debug, serde::Deserialize, serde::Serialize, JsonSchema)]
pub struct ReadFile {
    /// Path relative to the workspace
    path: String,
}

impl ReadFile {
    pub fn run(&self) -> std::io::Result<String> {
        std::fs::read_to_string(&self.path)
    }
}

#[mcp_tool(
    name = "write_file",
    description = concat!("Write a file. ", "Overwrites it."),
    destructive_hint = true,
    meta = r#"{"version": "1.0"}"#
)]
#[derive(Debug, serde::Deserialize, serde::Serialize, JsonSchema)]
pub struct WriteFile {
    #[json_schema(description = "Target path")]
    path: String,
    content: String,
}

tool_box!(FsTools, [ReadFile, WriteFile]);

#[async_trait]
impl ServerHandler for MyHandler {
    async fn handle_call_tool_request(
        &self,
        params: CallToolRequestParams,
        runtime: Arc<dyn McpServer>,
    ) -> Result<CallToolResult, CallToolError> {
        let tool: FsTools = FsTools::try_from(params).map_err(CallToolError::new)?;
        match tool {
            FsTools::ReadFile(t) => Ok(CallToolResult::text_content(t.run()?, None)),
            FsTools::WriteFile(WriteFile { path, content }) => {
                std::fs::write(&path, content)?;
                Ok(CallToolResult::text_content("ok".to_string(), None))
            }
        }
    }
}
"##));
}

#[test]
fn lowlevel_call_tool() {
    insta::assert_snapshot!(ir(r#"
use rmcp::model::{CallToolRequestParams, CallToolResult, Content, ListToolsResult, Tool};
use rmcp::{ErrorData as McpError, RoleServer, ServerHandler, service::RequestContext};
use serde_json::json;

impl ServerHandler for Shell {
    async fn call_tool(
        &self,
        request: CallToolRequestParams,
        _context: RequestContext<RoleServer>,
    ) -> Result<CallToolResult, McpError> {
        let args = request.arguments.unwrap_or_default();
        match request.name.as_ref() {
            "run" => {
                let cmd = args.get("cmd").and_then(|v| v.as_str()).unwrap_or_default();
                let out = std::process::Command::new("bash").args(["-c", cmd]).output()
                    .map_err(|e| McpError::internal_error(e.to_string(), None))?;
                Ok(CallToolResult::success(vec![Content::text(String::from_utf8_lossy(&out.stdout))]))
            }
            "echo" | "say" => Ok(CallToolResult::success(vec![Content::text(args["text"].to_string())])),
            name => Err(McpError::invalid_params(format!("unknown tool {name}"), None)),
        }
    }

    async fn list_tools(&self, _: Option<PaginatedRequestParams>, _: RequestContext<RoleServer>) -> Result<ListToolsResult, McpError> {
        let schema = json!({
            "type": "object",
            "properties": { "cmd": { "type": "string", "description": "Shell command" } },
            "required": ["cmd"],
        });
        Ok(ListToolsResult {
            tools: vec![Tool::new("run", "Run a shell command", Arc::new(schema.as_object().cloned().unwrap_or_default()))],
            next_cursor: None,
            ..Default::default()
        })
    }
}
"#));
}

#[test]
fn shell_sinks() {
    insta::assert_snapshot!(ir(r#"
use std::process::{Command, Stdio};
use tokio::process::Command as AsyncCommand;

fn sinks(cmd: &str, prog: String, arg: &str) -> std::io::Result<()> {
    Command::new("sh").arg("-c").arg(cmd).output()?;
    Command::new("bash").args(["-c", &format!("ls {}", cmd)]).status()?;
    let mut c = Command::new(prog);
    c.arg(arg).stdout(Stdio::piped());
    let child = c.spawn()?;
    std::process::Command::new("cmd").args(&["/C", cmd]).spawn()?;
    Ok(())
}

async fn tokio_sinks(cmd: String) -> anyhow::Result<String> {
    let out = AsyncCommand::new("zsh").arg("-c").arg(&cmd).output().await?;
    let out2 = tokio::process::Command::new("git").arg("log").arg(&cmd).output().await?;
    Ok(String::from_utf8(out.stdout)? + &String::from_utf8_lossy(&out2.stdout))
}
"#));
}

#[test]
fn path_and_sql_sinks() {
    insta::assert_snapshot!(ir(r#"
use std::fs::{self, File, OpenOptions};
use std::path::{Path, PathBuf};
use rusqlite::{Connection, params};
use sqlx::{query, PgPool};

async fn paths(root: &Path, name: &str, data: String) -> std::io::Result<()> {
    let p = root.join(name);
    let mut buf = PathBuf::from(root);
    buf.push(name);
    fs::write(&p, &data)?;
    let _ = fs::read(&buf)?;
    File::open(p.as_path())?;
    File::create(format!("/tmp/{name}"))?;
    OpenOptions::new().append(true).open(&p)?;
    tokio::fs::remove_dir_all(root.join(name)).await?;
    for entry in fs::read_dir(root)? {
        let entry = entry?;
        fs::copy(entry.path(), Path::new("/backup").join(entry.file_name()))?;
    }
    Ok(())
}

async fn sql(pool: &PgPool, conn: &Connection, client: &tokio_postgres::Client, user: &str) -> anyhow::Result<()> {
    sqlx::query(&format!("SELECT * FROM users WHERE name = '{}'", user)).fetch_all(pool).await?;
    query(&format!("DELETE FROM t WHERE id = {user}")).execute(pool).await?;
    sqlx::query_as::<_, User>(&("SELECT * FROM users WHERE name = '".to_string() + user + "'"))
        .fetch_one(pool)
        .await?;
    sqlx::query("SELECT * FROM users WHERE name = $1").bind(user).fetch_all(pool).await?;
    sqlx::query!("SELECT * FROM users WHERE name = $1", user).fetch_all(pool).await?;
    conn.execute(&format!("INSERT INTO t VALUES ('{user}')"), [])?;
    conn.execute("INSERT INTO t VALUES (?1)", params![user])?;
    client.query(&format!("SELECT {user}"), &[]).await?;
    client.batch_execute(&sql_text).await?;
    diesel::sql_query(format!("SELECT {}", user)).execute(&mut c)?;
    Ok(())
}
"#));
}

#[test]
fn guards() {
    insta::assert_snapshot!(ir(r#"
use std::path::{Component, Path};

fn read_inside(root: &Path, p: &str) -> Result<String, ErrorData> {
    let canon = std::fs::canonicalize(root.join(p))?;
    if !canon.starts_with(&root) {
        return Err(ErrorData::invalid_params("path escapes the root", None));
    }
    Ok(std::fs::read_to_string(&canon)?)
}

fn reject_parents(p: &Path) -> anyhow::Result<()> {
    if p.components().any(|c| matches!(c, Component::ParentDir | Component::RootDir)) {
        anyhow::bail!("invalid path");
    }
    let canon = dunce::canonicalize(p)?;
    anyhow::ensure!(canon.starts_with(ROOT), "outside {}", ROOT);
    assert!(canon.is_absolute());
    if !ALLOWED.contains(&p.to_str().unwrap_or("")) { panic!("not allowed") }
    let quoted = shell_escape::escape(p.to_string_lossy());
    let q = shlex::try_quote(&name)?;
    Ok(())
}
"#));
}

#[test]
fn string_building() {
    insta::assert_snapshot!(ir(r##"
use std::fmt::Write;

fn build(name: &str, dir: &str, n: usize) -> String {
    let a = format!("ls {} {dir}", name);
    let b = format!("{0} {0} {1:?} {x}", name, dir, x = n);
    let c = format!("{{literal}} {name:>10} {:.*}", 2, n);
    let d = format!(FMT, name);
    let e = format!(concat!("a {}", " b"), name);
    let f = concat!("Read ", "a file ", 1, true);
    let g = concat!("home: ", env!("HOME"));
    let h = "prefix ".to_string() + name + " suffix";
    let mut s = String::new();
    s += name;
    s += "!";
    s.push_str(dir);
    write!(s, "{}/{}", dir, name).unwrap();
    writeln!(&mut s, "done {n}")?;
    write!(self.out, "x")?;
    write!(std::io::stdout(), "{}", name)?;
    let i = format_args!("{name}").to_string();
    let j = format!(r#"raw "{}" {{x}}"#, name);
    let k = format!("{}", format!("{}-{}", name, dir));
    let l = format!("{}");
    s
}
"##));
}

#[test]
fn control_flow() {
    insta::assert_snapshot!(ir(r#"
fn flow(req: Request, items: Vec<Item>) -> Result<String> {
    let Some(path) = req.path else { return Err(Error::missing("path")) };
    let Ok(text) = std::fs::read_to_string(&path) else {
        bail!("unreadable: {path}");
    };
    if let Some(x) = req.x && x > 0 {
        run(x);
    } else if req.y.is_some() {
        other(req.y);
    } else {
        nothing();
    }
    let mode = if req.fast { "fast" } else { "slow" };
    let limit = if let Some(l) = req.limit { clamp(l) } else { 10 };
    let kind = match req.kind.as_str() {
        "a" | "b" => 1,
        "c" => { log(req.kind); 2 }
        k if k.starts_with("x") => 3,
        _ => return Err(Error::bad(req.kind)),
    };
    match req.action {
        Action::Run { cmd, args: argv, .. } => exec(cmd, argv),
        Action::Stop(id) if id > 0 => stop(id),
        Action::Stop(_) => {}
        Action::Noop => {}
        None => {}
        other => debug(other),
    }
    while let Some(item) = queue.pop() {
        handle(item);
    }
    while running && !stopped {
        tick();
    }
    for (i, Item { name, .. }) in items.iter().enumerate() {
        println!("{i}: {name}");
    }
    'outer: loop {
        if done() { break 'outer; }
        continue;
    }
    let total = loop { break 5; };
    let v = { let t = prepare(); finish(t) };
    x = compute();
    self.state.count = 0;
    cache[key] = value;
    (a, b) = pair();
    *ptr = 1;
    count -= 1;
    if text.is_empty() { Ok(String::new()) } else { Ok(text) }
}
"#));
}

#[test]
fn closures_and_operators() {
    insta::assert_snapshot!(ir(r#"
fn ops(args: &Args, handlers: &Handlers) -> Result<Vec<String>, Error> {
    let names: Vec<_> = args.items.iter().map(|i| i.name.clone()).collect::<Vec<_>>();
    let run = move |cmd: &str, (a, b): (u8, u8)| -> Result<()> {
        let c = cmd.trim();
        Command::new(c).spawn()?;
        Ok(())
    };
    run(&args.cmd, (1, 2))?;
    (self.callback)(args);
    handlers[&args.name](args);
    let f = |x| |y| x + y;
    let neg = !args.flag && (args.a || args.b) && args.c == args.d && args.e != 1;
    let n = -args.count * 2 + 1;
    let r = &mut args.buf;
    let d = *args.ptr;
    let cast = args.n as u64;
    let range = 0..args.len;
    let t = (args.a, args.b);
    let arr = [args.a, args.b];
    let rep = [0u8; 16];
    let v = vec![args.a.clone(), "x".into()];
    let v2 = vec![0; args.n];
    let rec = Config { path: args.path.clone(), verbose, ..Default::default() };
    let idx = args.list[0];
    let fut = async move { fetch(&args.url).await };
    let val = unsafe { *raw_ptr };
    let unit = ();
    let boolean = true;
    let ch = 'c';
    let num = 1.5e3;
    let b = b"bytes\x00";
    let raw = r"C:\path";
    let c = c"cstr";
    let m1 = matches!(args.kind, Kind::A | Kind::B if args.ok);
    let m2 = matches!(args.opt, Some(_));
    let m3 = matches!(args.name.as_str(), "a" | "b");
    Ok(names)
}
"#));
}

#[test]
fn imports_and_names() {
    insta::assert_snapshot!(ir(r#"
use std::{fs, process::{Command, Stdio}};
use std::process::Command as Cmd;
use std::io::{self, Read as _};
use super::utils;
use crate::tools::run;
use self::helpers::clean;
use ::serde_json::Value;
use x::{self};
use crate::tools::{self as t, shell::{self}};
use glob::*;
pub use crate::config::{Settings, ROOT};
extern crate alloc;

fn handler(cmd: &str, fs: &Fs) -> io::Result<()> {
    use std::os::unix::process::CommandExt;
    fs::read_to_string(cmd)?;
    Command::new(cmd).stdout(Stdio::null()).spawn()?;
    Cmd::new("sh").exec();
    utils::check(cmd);
    run(cmd);
    clean(cmd);
    Vec::<u8>::new();
    sqlx::query_as::<_, Row>(cmd);
    <Vec<u8> as Default>::default();
    Value::from(ROOT);
    let x = x::y();
    Ok(())
}

fn shadowing(run: impl Fn(&str), cmd: &str) {
    run(cmd);
    let clean = |s: &str| s.to_string();
    clean(cmd);
    let utils = Local::new();
    utils.check(cmd);
}
"#));
}

#[test]
fn items_and_modules() {
    insta::assert_snapshot!(ir(r#"
//! Crate-level docs.

pub const NAME: &str = "files";
static DESCRIPTION: &str = concat!("Read ", "files");
pub static mut COUNTER: u32 = 0;
const SCHEMA: &str = include_str!("schema.json");

pub struct Wrapper(pub String, #[serde(skip)] u8);

/// Modes.
pub enum Mode {
    /// Read only
    #[serde(rename = "ro")]
    ReadOnly,
    Write(String),
    Both { read: bool, write: bool } = 3,
}

impl Trait for Later {}
impl<T: Send> Later<T> {
    const LIMIT: usize = 10;
    fn get(&self) -> &T { &self.inner }
}
/// Declared after its impls.
struct Later<T> { inner: T }

pub trait Tool {
    const NAME: &'static str;
    fn name(&self) -> &str;
    fn describe(&self) -> String { format!("tool {}", self.name()) }
}

pub mod inner {
    use std::process::Command;
    pub fn go(x: &str) { Command::new(x).status().ok(); }

    #[cfg(test)]
    mod tests {
        #[test]
        fn it_goes() { super::go("ls"); }
    }
}

mod external;

fn outer(x: u8) -> u8 {
    fn nested(q: u8) -> u8 { q }
    struct Local { a: u8 }
    impl Local { fn m(&self) -> u8 { self.a } }
    const K: u8 = 2;
    nested(x) + K
}

type Alias = Vec<u8>;
union U { a: u8, b: u16 }
extern "C" { fn c_fn(x: i32) -> i32; }
macro_rules! my_macro { ($x:expr) => { $x }; }
my_macro!(1 + 2);
lazy_static::lazy_static! { static ref RE: Regex = Regex::new("x").unwrap(); }
"#));
}

#[test]
fn docs_and_attributes() {
    insta::assert_snapshot!(ir(r##"
use rmcp::tool;

/// First line.
///
///  Indented line.
#[doc = " From an attribute."]
#[tool(
    name = "grep",
    description = "Search",
    annotations(read_only_hint = true, destructive_hint = false, title = "Grep"),
    input_schema = schema_for!(GrepArgs),
)]
#[cfg_attr(test, derive(Debug))]
#[allow(clippy::too_many_arguments)]
pub async fn grep() {}

/** Block doc
 * second line
 */
fn block_doc() {}

#[doc = include_str!("../docs/tool.md")]
fn dynamic_doc() {}

/// Documented.
#[doc(hidden)]
fn hidden_doc() {}

fn inner_doc() {
    //! Inner doc line.
}

#[tool("Add two numbers")]
#[tokio::main(flavor = "current_thread")]
#[rmcp::tool(description = "qualified", name = NAME)]
#[serde(with = "x", default)]
#[mcp_tool(type = "x", icons = ["a.png", "b.png"], meta = r#"{"k": 1}"#)]
#[weird(= broken, ok = 1)]
#[path = "other.rs"]
#[unsafe(no_mangle)]
fn attrs() {}
"##));
}

#[test]
fn comments() {
    insta::assert_snapshot!(ir(r#"
// A plain comment
use std::fs; // trailing
/* block */ fn f() {
    /* inner
       block */
    let x = 1; // expect: shell-injection
    //// not a doc
    format!("{}", x /* in a macro */);
}
"#));
}

#[test]
fn syntax_error_snapshot() {
    insta::assert_snapshot!(ir(r#"
use std::process::Command;

fn ok(cmd: &str) {
    Command::new(cmd).spawn();
}

fn broken( {
    let x = ;
    Command::new("sh").arg(x);
}

fn after() { ok("ls") }
"#));
}

// ---------------------------------------------------------------------------------------------
// Spans

/// The statements of the first function after the top level.
fn body(file: &File) -> &[Stmt] {
    &file.functions[1].body
}

fn assigned(file: &File, i: usize) -> &Expr {
    match body(file).get(i) {
        Some(Stmt::Assign { value, .. }) => value,
        other => panic!("expected an assignment, got {other:?}"),
    }
}

fn holes(e: &Expr) -> Vec<&Expr> {
    match &e.kind {
        ExprKind::Interp(parts) => parts
            .iter()
            .filter_map(|p| match p {
                Part::Hole(h) => Some(h),
                Part::Lit(_) => None,
            })
            .collect(),
        other => panic!("expected an interpolation, got {other:?}"),
    }
}

#[test]
fn format_spans_are_exact() {
    let src = "fn f(x: &str, dir: &str) {\n    let s = \"héllo\"; let a = format!(\"ls {} {dir} é{x:?}\", x.trim());\n}\n";
    let file = lower_rs(src);
    let a = assigned(&file, 1);
    assert_eq!(
        file.source.slice(a.span),
        "format!(\"ls {} {dir} é{x:?}\", x.trim())"
    );
    let h = holes(a);
    assert_eq!(h.len(), 3);
    assert_eq!(file.source.slice(h[0].span), "x.trim()");
    assert_eq!(file.source.slice(h[1].span), "dir");
    assert_eq!(h[1].as_name(), Some("dir"));
    assert_eq!(file.source.slice(h[2].span), "x");
    let ExprKind::Call { receiver, .. } = &h[0].kind else {
        panic!("a method call");
    };
    let receiver = receiver.as_deref().expect("receiver");
    assert_eq!(file.source.slice(receiver.span), "x");
}

#[test]
fn spans_inside_escaped_and_raw_strings_and_other_lines() {
    let src = "fn f(a: u8) {\n    let x = format!(\n        \"tab\\t{a}\\u{e9}{b}\",\n        b = a,\n    );\n    let y = format!(r#\"\"{a}\"\"#);\n}\n";
    let file = lower_rs(src);
    let x = assigned(&file, 0);
    let h = holes(x);
    assert_eq!(file.source.slice(h[0].span), "a");
    assert_eq!(h[0].span.start as usize, src.find("{a}").expect("a") + 1);
    // A named argument: the argument's expression.
    assert_eq!(file.source.slice(h[1].span), "a");
    assert_eq!(h[1].span.start as usize, src.find("b = a").expect("b") + 4);
    let y = assigned(&file, 1);
    let h = holes(y);
    assert_eq!(h[0].span.start as usize, src.rfind("{a}").expect("a") + 1);
    assert_eq!(file.source.slice(h[0].span), "a");
}

#[test]
fn attribute_spans_are_exact() {
    let src = "/// ünïcode\n#[tool(description = \"Search — fast\", annotations(title = \"T\"))]\nfn f() {}\n";
    let file = lower_rs(src);
    let f = &file.functions[1];
    let dec = &f.decorators[0];
    assert_eq!(
        file.source.slice(dec.span),
        "tool(description = \"Search — fast\", annotations(title = \"T\"))"
    );
    let ExprKind::Call { callee, args, .. } = &dec.kind else {
        panic!("a call");
    };
    assert_eq!(callee, "tool");
    assert_eq!(args[0].keyword.as_deref(), Some("description"));
    assert_eq!(args[0].value.as_str(), Some("Search — fast"));
    assert_eq!(file.source.slice(args[0].value.span), "\"Search — fast\"");
    let ExprKind::Call {
        callee,
        args: inner,
        ..
    } = &args[1].value.kind
    else {
        panic!("a nested call");
    };
    assert_eq!(callee, "annotations");
    assert_eq!(file.source.slice(inner[0].value.span), "\"T\"");
    let doc = f.doc.as_ref().expect("doc");
    assert_eq!(doc.text, "ünïcode");
}

#[test]
fn spans_are_node_ranges() {
    let src = "fn f() { let x = foo(bar, \"baz\"); }\n";
    let file = lower_rs(src);
    let value = assigned(&file, 0);
    assert_eq!(file.source.slice(value.span), "foo(bar, \"baz\")");
    let ExprKind::Call { args, .. } = &value.kind else {
        panic!("expected a call");
    };
    assert_eq!(file.source.slice(args[0].value.span), "bar");
    assert_eq!(file.source.slice(args[1].value.span), "\"baz\"");
    let comments = lower_rs("/// doc\nfn f() {} // tail\n").comments;
    assert_eq!(comments[0].span.end, 7);
    assert!(comments[0].own_line);
    assert!(!comments[1].own_line);
}

#[test]
fn macro_spans_after_earlier_macros() {
    // proc-macro2 numbers every lexed text in one per-thread table; spans must stay exact
    // across many macros and files on the same thread.
    let lines: Vec<String> = (0..50)
        .map(|i| format!("    let v{i} = format!(\"{{}}\", x);\n"))
        .collect();
    let src = format!("fn f(x: u8) {{\n{}}}\n", lines.concat());
    for _ in 0..3 {
        let file = lower_rs(&src);
        for i in 0..50 {
            let h = holes(assigned(&file, i));
            assert_eq!(file.source.slice(h[0].span), "x");
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Shapes the rules rely on

#[test]
fn parameters_patterns_and_attributes() {
    let file = lower_rs(
        "fn f(&self, #[tool(param)] #[schemars(description = \"d\")] a: String, Parameters(GrepArgs { pattern, dir: d, .. }): Parameters<GrepArgs>, mut m: u8, (x, _): (u8, u8), self: Arc<Self>) {}",
    );
    let p = &file.functions[1].params;
    assert_eq!(p.len(), 6);
    assert_eq!(p[0].kind, mcplint_ir::ParamKind::SelfParam);
    assert_eq!(p[1].name, "a");
    assert_eq!(p[1].attributes.len(), 2);
    assert_eq!(
        p[1].annotation.as_ref().and_then(Expr::as_name),
        Some("String")
    );
    assert_eq!(
        p[2].pattern,
        Pattern::Destructure {
            type_name: Some("Parameters".into()),
            parts: vec![(
                None,
                Pattern::Destructure {
                    type_name: Some("GrepArgs".into()),
                    parts: vec![
                        (Some("pattern".into()), Pattern::Name("pattern".into())),
                        (Some("dir".into()), Pattern::Name("d".into())),
                    ],
                }
            )],
        }
    );
    assert_eq!(
        p[2].annotation.as_ref().and_then(Expr::as_name),
        Some("Parameters<GrepArgs>")
    );
    assert_eq!(p[3].name, "m");
    assert_eq!(p[3].pattern, Pattern::Name("m".into()));
    assert_eq!(
        p[4].pattern,
        Pattern::Destructure {
            type_name: None,
            parts: vec![(None, Pattern::Name("x".into())), (None, Pattern::Ignore)],
        }
    );
    assert_eq!(p[5].kind, mcplint_ir::ParamKind::SelfParam);
    assert!(file.syntax_errors.is_empty(), "{:?}", file.syntax_errors);
}

#[test]
fn type_text_is_normalised() {
    let file = lower_rs(
        "fn f(a: Option < String >, b: &'a mut   HashMap<String,Value>, c: Box<dyn Fn(&str)->bool + Send>, d: [u8;4], e: (A,), f: impl Into<String>) {}",
    );
    let types: Vec<&str> = file.functions[1]
        .params
        .iter()
        .filter_map(|p| p.annotation.as_ref().and_then(Expr::as_name))
        .collect();
    assert_eq!(
        types,
        [
            "Option<String>",
            "&'a mut HashMap<String, Value>",
            "Box<dyn Fn(&str) -> bool + Send>",
            "[u8; 4]",
            "(A,)",
            "impl Into<String>"
        ]
    );
}

#[test]
fn method_chains_nest_receivers() {
    let file = lower_rs(
        "use std::process::Command;\nfn f(cmd: &str) { Command::new(\"sh\").arg(\"-c\").arg(cmd).output(); }",
    );
    let Some(Stmt::Eval(e)) = body(&file).first() else {
        panic!("an expression statement");
    };
    let mut callees = Vec::new();
    let mut cur = e;
    while let ExprKind::Call {
        callee, receiver, ..
    } = &cur.kind
    {
        callees.push(callee.as_str());
        match receiver {
            Some(r) => cur = r,
            None => break,
        }
    }
    assert_eq!(
        callees,
        ["*.output", "*.arg", "*.arg", "std::process::Command::new"]
    );
}

#[test]
fn exports_are_public_items() {
    let file = lower_rs(
        "pub fn a() {}\nfn b() {}\npub(crate) struct C;\npub enum D {}\npub const E: u8 = 1;\nconst F: u8 = 2;\npub static G: u8 = 3;\npub trait H {}\npub mod m { pub fn i() {} fn j() {} }\nimpl C { pub fn k() {} }\npub use crate::x::L;\nfn outer() { pub fn nested() {} }\n",
    );
    let names: Vec<&str> = file.exports.iter().map(|e| e.name.as_str()).collect();
    assert_eq!(names, ["L", "a", "C", "D", "E", "G", "H", "i"]);
}

#[test]
fn one_class_per_type() {
    let file = lower_rs(
        "impl A { fn x(&self) {} }\nstruct A { f: u8 }\n#[tool_router]\nimpl A { fn y(&self) {} }\nimpl Display for A {}\nmod m { impl super::A { fn z(&self) {} } }\n",
    );
    assert_eq!(file.classes.len(), 1);
    let c = &file.classes[0];
    assert_eq!(c.name, "A");
    assert_eq!(c.methods.len(), 3);
    assert_eq!(c.fields.len(), 1);
    assert_eq!(file.source.slice(c.name_span), "A");
    assert!(file.source.slice(c.span).starts_with("struct A"));
    for m in &c.methods {
        assert_eq!(file.functions[*m].class, Some(0));
    }
}

#[test]
fn keyword_arguments_in_macros() {
    let file = lower_rs(
        "fn f() { println!(\"{x}\", x = 5); tracing::info!(target: \"t\", \"msg {}\", a); }",
    );
    let text = dump(&file);
    assert!(text.contains("eval println!(\"{x}\", x=other[])"), "{text}");
    assert!(
        text.contains("eval tracing::info!(other[], \"msg {}\", a)"),
        "{text}"
    );
}

// ---------------------------------------------------------------------------------------------
// Errors and odd inputs

#[test]
fn syntax_errors_are_reported_and_the_rest_lowers() {
    let file = lower_rs(
        "use std::process::Command;\nfn ok(a: &str) { a }\nfn bad( { let = ; }\nfn after(cmd: &str) { Command::new(cmd).spawn(); }\n",
    );
    assert!(!file.syntax_errors.is_empty());
    assert!(file.syntax_errors.len() <= 100);
    let text = dump(&file);
    assert!(text.contains("fn#1 ok"), "{text}");
    assert!(text.contains("std::process::Command::new(cmd)"), "{text}");
}

#[test]
fn syntax_errors_are_capped() {
    let src = "fn f() { let = ; }\n".repeat(1000);
    let file = lower_rs(&src);
    assert!(!file.syntax_errors.is_empty());
    assert!(file.syntax_errors.len() <= 100);
}

#[test]
fn stacked_parameter_attributes_are_not_syntax_errors() {
    let file = lower_rs("fn f(#[a] #[b] #[c(x = 1)] y: u8, #[d] z: u8) {}");
    assert!(file.syntax_errors.is_empty(), "{:?}", file.syntax_errors);
    let attrs: Vec<usize> = file.functions[1]
        .params
        .iter()
        .map(|p| p.attributes.len())
        .collect();
    assert_eq!(attrs, [3, 1]);
}

#[test]
fn odd_inputs_do_not_panic() {
    let inputs: Vec<String> = vec![
        String::new(),
        "\n\n\n".into(),
        "// only a comment".into(),
        "/* unterminated".into(),
        "\0".into(),
        "fn f() { let x = \"a\0b\"; }\0\0".into(),
        "\u{feff}use std::fs;\n".into(),
        "#!/usr/bin/env rust\nfn main() {}\n".into(),
        "fn f() {\r\n    let x = 1;\r\n}\r\n".into(),
        "\\".into(),
        "\"".into(),
        "r#\"".into(),
        "b'".into(),
        "fn".into(),
        "fn f(".into(),
        "impl".into(),
        "impl for {}".into(),
        "struct".into(),
        "#[".into(),
        "#[tool(".into(),
        "#[tool(description = )]\nfn f() {}".into(),
        "#[tool(description = \"unterminated)]\nfn f() {}".into(),
        "#[tool(a::b::, =, ,,)] fn f() {}".into(),
        "#[doc = ]\nfn f() {}".into(),
        "#![allow(x)]\n#![doc = \"crate\"]".into(),
        "use".into(),
        "use ::;".into(),
        "use a::{b, {c, d}, };".into(),
        "use a::b::self;".into(),
        "use self;".into(),
        "use {};".into(),
        "use a as _;".into(),
        "format!(".into(),
        "fn f() { format!(\"{\", x); format!(\"}\"); format!(\"{:\"); format!(\"{:.*}\"); }".into(),
        "fn f() { format!(\"{0} {5} {name}\"); }".into(),
        "fn f() { format!(123); format!(); write!(); writeln!(); panic!; vec![;]; }".into(),
        "fn f() { concat!(); concat!(x, 1.5, 'c', b\"x\"); matches!(); json!(); json!({ \"a\": }); }"
            .into(),
        "fn f() { x!{ ) } }".into(),
        "fn f() { m!(a b c); m!([{(}]); m!(@@@); m!('a 'b); m!(#); }".into(),
        "fn f() { m!(\"\\u{110000}\"); m!('\\u{d800}'); m!(1e); m!(0x); m!(r###\"x\"#); }".into(),
        "fn f() { assert!(); assert_eq!(a); ensure!(); bail!(); todo!(); unreachable!(x) }"
            .into(),
        "fn f() { let x = match y { }; let z = if a {} else if b {}; }".into(),
        "fn f() { match x { A | B if c => {}, [a, .., b] => {}, &x => {}, 1..=5 => {}, x @ Some(_) => {} } }".into(),
        "fn f() { let Some(x) = y else { }; if let = x {} while let {} }".into(),
        "fn f() { x = ; a.b = ; a[ = 1; (a, ) = t; }".into(),
        "fn f() { |a, | a; || -> u8 { 1 }; async || {}; move |&(a, b)| a; }".into(),
        "fn f() { 'a: { break 'a 1; } loop {} while x {} for in x {} for x in {} }".into(),
        "fn f() { a?.b?.c().await?; &&&x; **x; !!x; -(-x); x as u8 as u16; }".into(),
        "fn f(self, &'a mut self, mut self: Box<Self>, ...) {}".into(),
        "fn f<T: Fn(u8) -> u8>(x: impl for<'a> Fn(&'a str), y: &dyn Any) where T: Send {}".into(),
        "struct S<'a, T, const N: usize>(&'a T, [u8; N]); enum E { A = 1, B(u8) = 2 }".into(),
        "trait T { fn a(); fn b() {} type X; const C: u8; }".into(),
        "impl<T> !Send for S<T> {} impl dyn T {} impl (u8, u8) {} impl [u8] {}".into(),
        "mod a { mod b { mod c { fn d() {} } } }".into(),
        "extern \"C\" { fn f(); static X: u8; }".into(),
        "macro_rules! m { ($($x:tt)*) => { $($x)* }; }".into(),
        "const _: () = { };".into(),
        "static mut X: [u8; 3] = [0; 3];".into(),
        "fn 名前(引数: &str) -> String { 引数.to_string() }".into(),
        "fn f() { let x = \"\u{202e}bidi\u{202c}\"; }".into(),
        "fn r#match(r#type: u8) { r#type; }".into(),
        "a".repeat(100_000),
        format!("fn f() {{ let s = \"{}\"; }}", "x".repeat(200_000)),
        format!("fn f() {{ format!(\"{}\"); }}", "{}".repeat(50_000)),
        "\u{1F600}".repeat(100),
        "\x0c\x0b\x01\x02".into(),
        "fn f() { x.0.1.2; x.0 .1; (a.b)(c); f()(); S{}.x; }".into(),
        "fn f() { let x: Vec<_> = y.collect::<Vec<_>>(); <T as U>::f(); T::<u8>::f::<u16>(); }"
            .into(),
        "fn f() { unsafe { async { const { try { gen { } } } } } }".into(),
        "#[a] #[b] mod m; #[c] use x; #[d] impl X {} #[e] ;".into(),
    ];
    for src in inputs {
        let file = lower_rs(&src);
        let _ = dump(&file);
    }
}

#[test]
fn empty_and_comment_only_files() {
    let empty = lower_rs("");
    assert_eq!(empty.functions.len(), 1);
    assert!(empty.functions[0].body.is_empty());
    assert!(empty.syntax_errors.is_empty());

    let comments = lower_rs("// a\n   /* b */\nfn f() {} // c\n//! d\n");
    let own: Vec<(&str, bool)> = comments
        .comments
        .iter()
        .map(|c| (c.text.as_str(), c.own_line))
        .collect();
    assert_eq!(own, [("a", true), ("b", true), ("c", false), ("d", true)]);
}

#[test]
fn parse_only_counts_nodes() {
    assert!(parse_only(Lang::Rust, "fn f() { g(1, 2); }").expect("parses") > 5);
    assert!(parse_only(Lang::Rust, "").expect("parses") >= 1);
}

// ---------------------------------------------------------------------------------------------
// Deep nesting: lowering is recursive and capped, and syn is only given what it can parse
// without exhausting the stack; none of this may overflow a normal 2 MiB test-thread stack
// (debug build), including the recursive IR dump.

fn on_small_stack(src: String) {
    std::thread::Builder::new()
        .stack_size(2 * 1024 * 1024)
        .spawn(move || {
            let file = lower_rs(&src);
            let text = dump(&file);
            assert!(text.starts_with("file server.rs"));
        })
        .expect("thread spawns")
        .join()
        .expect("no panic or overflow");
}

/// `fn f() { let x = <body>; }`.
fn in_fn(body: &str) -> String {
    format!("fn f() {{\n    let x = {body};\n}}\n")
}

const DEEP: usize = 10_000;

fn nest(open: &str, inner: &str, close: &str, n: usize) -> String {
    format!("{}{inner}{}", open.repeat(n), close.repeat(n))
}

#[test]
fn deep_expressions() {
    on_small_stack(in_fn(&nest("(", "1", ")", DEEP)));
    on_small_stack(in_fn(&nest("{", "1", "}", DEEP)));
    on_small_stack(in_fn(&nest("[", "1", "]", DEEP)));
    on_small_stack(in_fn(&nest("f(", "1", ")", DEEP)));
    on_small_stack(in_fn(&nest("(1, ", "1", ")", DEEP)));
    on_small_stack(in_fn(&nest("S { a: ", "1", " }", DEEP)));
    on_small_stack(in_fn(&nest("|a| ", "1", "", DEEP)));
    on_small_stack(in_fn(&nest("move |a| { ", "1", " }", DEEP)));
    on_small_stack(in_fn(&nest("if a { ", "1", " } else { 2 }", DEEP)));
    on_small_stack(in_fn(&nest("match a { _ => ", "1", " }", DEEP)));
    on_small_stack(in_fn(&nest("unsafe { ", "1", " }", DEEP)));
}

#[test]
fn deep_chains_and_operators() {
    on_small_stack(in_fn(&format!("a{}", ".b()".repeat(DEEP))));
    on_small_stack(in_fn(&format!("a{}", ".b".repeat(DEEP))));
    on_small_stack(in_fn(&format!("a{}", "[0]".repeat(DEEP))));
    on_small_stack(in_fn(&format!("a{}", "?".repeat(DEEP))));
    on_small_stack(in_fn(&format!("a{}", ".await".repeat(DEEP))));
    on_small_stack(in_fn(&format!("1{}", " as u8".repeat(DEEP))));
    on_small_stack(in_fn(&format!("{}a", "!".repeat(DEEP))));
    on_small_stack(in_fn(&format!("{}a", "-".repeat(DEEP))));
    on_small_stack(in_fn(&format!("{}a", "&".repeat(DEEP))));
    on_small_stack(in_fn(&format!("{}a", "*".repeat(DEEP))));
    on_small_stack(in_fn(&format!("a{}", " + a".repeat(DEEP))));
    on_small_stack(in_fn(&format!("a{}", " && a".repeat(DEEP))));
    on_small_stack(in_fn(&format!("a{}", " * a".repeat(DEEP))));
    on_small_stack(in_fn(&format!("{}1", "a = ".repeat(DEEP))));
    on_small_stack(in_fn(&format!("{}1", "..".repeat(DEEP))));
}

#[test]
fn deep_statements_and_items() {
    on_small_stack(format!("fn f() {{ {} }}", nest("{ ", "x();", " }", DEEP)));
    on_small_stack(format!(
        "fn f() {{ {} }}",
        nest("if a { ", "x();", " }", DEEP)
    ));
    on_small_stack(format!(
        "fn f() {{ {} }}",
        nest("loop { ", "x();", " }", DEEP)
    ));
    on_small_stack(format!(
        "fn f() {{ {} }}",
        nest("for a in b { ", "x();", " }", DEEP)
    ));
    on_small_stack(format!(
        "fn f() {{ {} }}",
        nest("let Some(x) = y else { ", "", " };", DEEP)
    ));
    on_small_stack(nest("fn f() { ", "", " }", DEEP));
    on_small_stack(nest("mod m { ", "", " }", DEEP));
    on_small_stack(nest("fn f() { impl S { fn g() { ", "", " } } }", DEEP / 2));
    on_small_stack(format!(
        "fn f() {{ let {} = 1; }}",
        nest("(", "x", ",)", DEEP)
    ));
    on_small_stack(format!(
        "fn f() {{ let {} = 1; }}",
        nest("S(", "x", ")", DEEP)
    ));
    on_small_stack(format!("fn f(x: {}) {{}}", nest("Vec<", "u8", ">", DEEP)));
}

#[test]
fn long_chains_of_clauses() {
    on_small_stack(format!(
        "fn f() {{ if a {{}} {} }}",
        "else if b { x(); } ".repeat(DEEP)
    ));
    on_small_stack(format!(
        "fn f() {{ let v = if a {{ 1 }} {} else {{ 2 }}; }}",
        "else if b { x(); 1 } ".repeat(DEEP)
    ));
    on_small_stack(format!(
        "fn f() {{ match a {{ {} }} }}",
        "1 => x(), ".repeat(DEEP)
    ));
    on_small_stack(format!(
        "fn f() {{ let v = match a {{ {} }}; }}",
        "1 => { x(); 2 } ".repeat(DEEP)
    ));
}

#[test]
fn deep_macros() {
    // Nested macro invocations: each is its own token tree for tree-sitter.
    on_small_stack(in_fn(&nest("format!(\"{}\", ", "1", ")", DEEP)));
    on_small_stack(in_fn(&nest("vec![", "1", "]", DEEP)));
    // Deep nesting inside one token tree: too deep for syn, left unparsed.
    for (open, close) in [
        ("(", ")"),
        ("{", "}"),
        ("[", "]"),
        ("f(", ")"),
        ("|a| ", ""),
        ("|a| {", "}"),
        ("if a {", "} else { 1 }"),
        ("match a { _ => ", "}"),
        ("!", ""),
        ("&", ""),
        ("return ", ""),
        ("a = ", ""),
        ("A<", ">"),
    ] {
        on_small_stack(in_fn(&format!(
            "format!(\"{{}}\", {})",
            nest(open, "1", close, DEEP)
        )));
        on_small_stack(in_fn(&format!(
            "format!(\"{{}}\", f::<{}>())",
            nest(open, "u8", close, 300)
        )));
        on_small_stack(format!(
            "#[tool({})] fn f() {{}}",
            nest(open, "1", close, DEEP)
        ));
    }
    on_small_stack(in_fn(&format!(
        "format!(\"{{}}\", a{})",
        ".b()".repeat(DEEP)
    )));
    // A macro at the bottom of deep lowering gets less room for syn.
    on_small_stack(in_fn(&format!(
        "{}format!(\"{{}}\", {}){}",
        "|a| ".repeat(190),
        nest("{", "1", "}", 17),
        ""
    )));
    on_small_stack(in_fn(&format!(
        "{}format!(\"{{}}\", {}){}",
        "f(".repeat(150),
        nest("|a| {", "1", "}", 8),
        ")".repeat(150)
    )));
}

#[test]
fn deep_nesting_is_capped_not_dropped_entirely() {
    let src = format!(
        "use std::process::Command;\nfn f(cmd: &str) {{ Command::new(cmd).spawn(); }}\nfn g() {{ let x = {}; }}\n",
        nest("(", "1", ")", DEEP)
    );
    let file = lower_rs(&src);
    assert!(dump(&file).contains("std::process::Command::new(cmd)"));
}

#[test]
fn huge_macros_are_bounded() {
    // 200 KiB of `vec!` elements is parsed; 300 KiB is left alone.
    let file = lower_rs(&in_fn(&format!("vec![{}]", "1,".repeat(100_000))));
    let Some(Stmt::Assign { value, .. }) = file.functions[1].body.first() else {
        panic!("an assignment");
    };
    assert!(matches!(&value.kind, ExprKind::Record(items) if items.len() == 100_000));
    let file = lower_rs(&in_fn(&format!("vec![{}]", "a,".repeat(150_000))));
    let Some(Stmt::Assign { value, .. }) = file.functions[1].body.first() else {
        panic!("an assignment");
    };
    assert!(matches!(&value.kind, ExprKind::Other(c) if c.is_empty()));
}

#[test]
fn records_and_keywords() {
    let file = lower_rs("fn f() { let r = S { a: 1, b, ..base }; }");
    let value = assigned(&file, 0);
    let ExprKind::Record(args) = &value.kind else {
        panic!("a record");
    };
    let keys: Vec<Option<&str>> = args.iter().map(|a: &Arg| a.keyword.as_deref()).collect();
    assert_eq!(keys, [Some("a"), Some("b"), None]);
    assert!(args[2].spread);
}
