//! Snapshot and robustness tests of the TypeScript/JavaScript front end.

use std::fmt::Write as _;

use mcplint_front::{lower, parse_only};
use mcplint_ir::{ExprKind, File, Lang, ParamKind, Pattern, SourceFile, Stmt, dump};

fn lower_at(path: &str, src: &str) -> File {
    let lang = Lang::from_path(std::path::Path::new(path)).expect("a known extension");
    lower(lang, SourceFile::new(path, src)).expect("lowers")
}

fn lower_ts(src: &str) -> File {
    lower_at("server.ts", src)
}

fn ir(src: &str) -> String {
    dump(&lower_ts(src))
}

fn ir_at(path: &str, src: &str) -> String {
    dump(&lower_at(path, src))
}

// ---------------------------------------------------------------------------------------------
// Snapshots, one per construct group

#[test]
fn imports_and_exports() {
    insta::assert_snapshot!(ir(r#"#!/usr/bin/env node
import type { Tool } from "@modelcontextprotocol/sdk/types.js";
import { exec, execFile as ef, type ExecOptions } from "node:child_process";
import * as cp from "child_process";
import fs, { promises as fsp } from "fs";
import path from "node:path";
import run from "./run.js";
import helpers, * as all from "../helpers";
import "./side-effect.js";
import cp2 = require("child_process");
export { readTool, writeTool as write } from "./tools/index.js";
export * from "./tools/extra.js";
export * as schemas from "./schemas.js";
export type { Options } from "./types.js";

const { spawn, execSync: es } = require("node:child_process");
const shell = require("shelljs");
const runner = require("./runner").run;
const lazy = await import("./lazy.js");

export function handle(cmd: string) {
  exec(cmd);
  ef("ls", [cmd]);
  cp.execSync(cmd);
  cp2.spawn(cmd);
  fs.promises.readFile(cmd);
  fsp.writeFile(cmd, "x");
  path.join("/srv", cmd);
  spawn(cmd, { shell: true });
  es(cmd);
  shell.exec(cmd);
  runner(cmd);
  run(cmd);
  all.util(cmd);
  helpers(cmd);
}
export class Server {}
export const a = 1, { b, c: [d] } = obj;
export enum Kind { A = "a" }
export interface Ignored { x: string }
export type Alias = string;
const local = 2;
export { local, local as renamed, handle as default };
"#));
}

#[test]
fn export_default_forms() {
    insta::assert_snapshot!(ir_at(
        "default_fn.ts",
        "export default function handler(args) { return args; }\n"
    ));
    insta::assert_snapshot!(ir_at(
        "default_anon.ts",
        "export default async (args) => run(args);\n"
    ));
    insta::assert_snapshot!(ir_at(
        "default_class.ts",
        "export default class extends MCPTool { name = \"grep\"; }\n"
    ));
    insta::assert_snapshot!(ir_at(
        "default_ident.ts",
        "const GrepTool = 1;\nexport default GrepTool;\n"
    ));
    insta::assert_snapshot!(ir_at(
        "default_obj.ts",
        "export default { name: \"x\", handler: (a) => a };\n"
    ));
    insta::assert_snapshot!(ir_at("export_eq.ts", "function f() {}\nexport = f;\n"));
}

#[test]
fn commonjs_module() {
    insta::assert_snapshot!(ir_at(
        "server.js",
        r"'use strict';
const { exec } = require('child_process');
const util = require('util');
const execAsync = util.promisify(exec);

/** Runs a command. */
async function runCommand(cmd) {
  const { stdout } = await execAsync(cmd);
  return stdout;
}

const helper = function named(x) { return x; };

module.exports = { runCommand, run: helper, other: 1, method() {} };
module.exports.extra = function () {};
exports.direct = runCommand;
module.exports = runCommand;
"
    ));
}

#[test]
fn mcp_server_tool_overloads() {
    insta::assert_snapshot!(ir(r#"
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { z } from "zod";
import { readFile } from "node:fs/promises";
import { join } from "node:path";

const ROOT = "/srv/repo";
const server = new McpServer({ name: "repo", version: "1.0.0" }, { instructions: "Repo helpers" });

server.tool("ping", async (extra) => ({ content: [] }));
server.tool("ls", "List a directory",
  { dir: z.string().describe("Directory, relative to the repo root") },
  async ({ dir }, extra) => listDir(dir));
server.tool("rm", { file: z.string() }, { destructiveHint: true }, async ({ file }) => rm(file));

server.registerTool("grep", {
  title: "Search files",
  description: "Search the repository for a pattern",
  inputSchema: { pattern: z.string().describe("Regular expression"), dir: z.string().optional() },
  annotations: { readOnlyHint: true },
}, async ({ pattern, dir = "." }, extra) => {
  const text = await readFile(join(ROOT, dir), "utf8");
  return { content: [{ type: "text", text: text.match(pattern)?.join("\n") ?? "" }] };
});

server.registerResource("file", new ResourceTemplate("repo://{+path}", { list: undefined }),
  { description: "A file in the repository" },
  async (uri, { path }) => ({ contents: [{ uri: uri.href, text: await readFile(join(ROOT, String(path)), "utf8") }] }));

await server.connect(new StdioServerTransport());
"#));
}

#[test]
fn low_level_server() {
    insta::assert_snapshot!(ir(r#"
import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { CallToolRequestSchema, ListToolsRequestSchema } from "@modelcontextprotocol/sdk/types.js";
import { execSync } from "child_process";

const server = new Server({ name: "net", version: "0.1.0" }, { capabilities: { tools: {} } });

server.setRequestHandler(ListToolsRequestSchema, async () => ({ tools: [{
  name: "ping_host", description: "Ping a host",
  inputSchema: { type: "object", properties: { host: { type: "string", description: "Host name" } } } }] }));

server.setRequestHandler(CallToolRequestSchema, async (request) => {
  const { name, arguments: args } = request.params;
  switch (name) {
    case "ping_host": {
      const { host } = PingArgs.parse(args);
      return run(`ping -c 1 ${host}`);
    }
    case "a":
    case "b":
      execSync(args!.cmd as string);
      break;
    case Tools.Trace:
      return handlers[name](args);
    default:
      throw new Error(`Unknown tool: ${name}`);
  }
});
"#));
}

#[test]
fn fastmcp_add_tool() {
    insta::assert_snapshot!(ir(r#"
import { FastMCP } from "fastmcp";
import { z } from "zod";
import { execa } from "execa";

const server = new FastMCP({ name: "tools", version: "1.0.0", instructions: "Be careful" });

server.addTool({
  name: "run",
  description: "Run " + "a command",
  parameters: z.object({ cmd: z.string() }),
  annotations: { openWorldHint: false },
  execute: async (args, context) => {
    const { stdout } = await execa(args.cmd, { shell: true });
    return stdout;
  },
});

server.addTool({
  name: "echo",
  parameters: EchoSchema,
  async execute({ text }) {
    return text;
  },
});

server.start({ transportType: "stdio" });
"#));
}

#[test]
fn class_based_server() {
    insta::assert_snapshot!(ir(r#"
import { McpAgent } from "agents/mcp";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";

/** The agent. */
export class MyMCP extends McpAgent<Env> implements Thing {
  server = new McpServer({ name: "Demo", version: "1.0.0" });
  private count: number = 0;
  static instances = [];
  declare typed: string;
  #secret = process.env.SECRET;

  constructor(private readonly db: Database, name: string) {
    super(name);
    this.db.connect();
  }

  async init() {
    this.server.tool("add", { a: z.number(), b: z.number() }, async ({ a, b }) => ({
      content: [{ type: "text", text: String(a + b) }],
    }));
  }

  /** Handles it. */
  handle = async (input: Input) => {
    return this.db.query(`SELECT * FROM t WHERE id = ${input.id}`);
  };

  get name() { return "x"; }
  static { register(MyMCP); }
}

class GrepTool extends MCPTool<Input> {
  name = "grep";
  description = "Search files";
  schema = { pattern: { type: z.string(), description: "Pattern" } };

  async execute(input: Input) {
    return grep(input.pattern);
  }
}

const Anon = class { run() {} };
"#));
}

#[test]
fn string_building() {
    insta::assert_snapshot!(ir(r#"
function build(user: string, table: string, cols: string[], n: number) {
  const a = `SELECT * FROM ${table} WHERE name = '${user}'`;
  const b = `outer ${`inner ${user}`} done`;
  const c = "SELECT " + cols + " FROM " + table;
  const d = cols.join(", ");
  const e = ["ls", user].join(" ");
  const f = "prefix-".concat(user, table);
  const g = `plain template`;
  let q = "SELECT";
  q += " WHERE " + user;
  q += user;
  n -= 1;
  n ??= 2;
  const h = String(user);
  const i = user.toString();
  const j = 1 + 2;
  const k = "only " + "literals";
  const l = 'single \'quoted\' \x41\u00e9\u{1F600}';
  const m = "tab\there\nnewline \\ backslash";
  const o = `multi
line ${user}`;
  const p = path.join("a", user);
  const r = cols.join(sep);
  return a + b;
}
"#));
}

#[test]
fn process_fs_path_calls() {
    insta::assert_snapshot!(ir(r#"
import { exec, execFile, spawn } from "child_process";
import { promisify } from "util";
import * as fs from "fs";
import { readFile, writeFile } from "fs/promises";
import path from "path";

const execAsync = promisify(exec);
const ROOT = path.resolve(process.env.ROOT ?? ".");

export async function tool({ file, cmd }: { file: string; cmd: string }) {
  await execAsync(`git log ${file}`);
  execFile("git", ["log", "--", file]);
  spawn(cmd, [], { shell: true });
  const full = path.resolve(ROOT, file);
  const data = fs.readFileSync(full, "utf8");
  await writeFile(path.join(ROOT, file), data);
  fs.createReadStream(full).pipe(process.stdout);
  return (await readFile(full)).toString();
}
"#));
}

#[test]
fn guards() {
    insta::assert_snapshot!(ir(r#"
import path from "node:path";

const ROOT = "/srv/data";
const ALLOWED = ["ls", "pwd"];

function read(p: string) {
  const full = path.resolve(ROOT, p);
  if (!full.startsWith(ROOT + path.sep)) throw new Error("outside of root");
  const rel = path.relative(ROOT, full);
  if (rel.startsWith("..") || path.isAbsolute(rel)) {
    return null;
  }
  return full;
}

function run(cmd: string) {
  if (!ALLOWED.includes(cmd)) return "no";
  else if (cmd === "pwd" && cmd !== "ls" && typeof cmd === "string") {
    ok();
  } else if ("x" in opts) {
    other();
  } else {
    exec(cmd);
  }
  if (cmd == null || cmd != undefined) return;
  if (a < b && !(c instanceof D)) {}
}
"#));
}

#[test]
fn control_flow() {
    insta::assert_snapshot!(ir(r"
async function flow(items: Item[], map: Record<string, string>) {
  for (const [key, { value, nested: [first] }] of Object.entries(map)) {
    use(key, value, first);
  }
  for (const k in map) use(k);
  for (let i = 0, j = 1; i < items.length; i++) {
    items[i].run();
  }
  for (;;) { break; }
  for await (const chunk of stream) write(chunk);
  while ((m = re.exec(s)) !== null) {
    handle(m);
  }
  do { step(); } while (more());
  try {
    risky();
  } catch ({ message }) {
    log(message);
  } finally {
    cleanup();
  }
  try { a(); } catch { b(); }
  outer: for (const x of items) { continue outer; }
  switch (kind) {
    default:
      fallback();
    case 1:
      one();
  }
  debugger;
  ;
  with (obj) { prop(); }
  { block(); }
  a = 1, b(), c += 2;
  x = y = compute();
  const z = (w = 5);
}
"));
}

#[test]
fn expressions() {
    insta::assert_snapshot!(ir(r#"
function exprs(obj: any, k: string, xs: number[], handlers: any) {
  const a = obj?.b?.c;
  const b = obj[k];
  const c = obj?.[k]?.d;
  const d = f().x.y;
  const e = (obj as Foo).bar;
  const f2 = obj!.bar!.baz;
  const g = cond ? obj.x : "default";
  const h = { key: 1, "quoted-key": 2, [k]: 3, ...obj, k, 4: "four", method() { return k; }, arrow: () => k, get g() { return 1; } };
  const i = [1, ...xs, , 3];
  const j = handlers[k](obj);
  const l = (await getHandler())(k);
  const m = (function () { return k; })();
  const n = new Map<string, number>();
  const o = f?.(k);
  const p = -k + +k;
  const q = typeof k === "string";
  const r = void 0, s = delete obj[k];
  const t = k++;
  const u = /re+/g.test(k);
  const v = [this, super.x, null, undefined, true, false];
  const w = f<string>(k);
  const { a: aa, b: { c: cc = 1 }, ...rest } = obj;
  const [x0, , x2 = 3, ...more] = xs;
  obj.a.b = k;
  obj[k] = xs;
  this.cache[k].v = 1;
  ({ a: obj.z } = other);
  const y = yield* gen();
  const z = import.meta.url;
  return Promise.all(xs.map((x) => x * 2));
}
"#));
}

#[test]
fn tagged_templates() {
    insta::assert_snapshot!(ir(r#"
import { sql } from "drizzle-orm";
import postgres from "postgres";

async function q(id: string, name: string) {
  await prisma.$queryRaw`SELECT * FROM users WHERE id = ${id} AND name = ${name}`;
  await prisma.$queryRawUnsafe(`SELECT * FROM users WHERE id = ${id}`);
  db.execute(sql`SELECT * FROM t WHERE id = ${id}`);
  const pg = postgres();
  await pg`SELECT ${id}`;
  String.raw`a\n${name}b`;
  html`<b>${name}</b>`;
}
"#));
}

#[test]
fn typescript_only_syntax() {
    insta::assert_snapshot!(ir(r#"
import { Injectable, Inject } from "@nestjs/common";

type Args = z.infer<typeof ArgsSchema>;
interface Opts { dir?: string }
declare const VERSION: string;
declare module "x" { export function f(): void; }
declare global { interface Window { x: 1 } }

enum Tools { Ping = "ping", Trace = "trace", Count }
const enum Flags { A = 1 << 0 }

namespace Inner {
  export const value = compute();
}

function overloaded(a: string): string;
function overloaded(a: number): number;
function overloaded(a: any) { return a; }

abstract class Base<T extends object = {}> {
  abstract run(input: T): Promise<void>;
}

@Injectable()
export class Service implements OnInit {
  @Inject(TOKEN) private readonly dep!: Dep;

  @Tool({ name: "search", description: "Search" })
  async search(@Arg("q") q: string, this: Service, opts?: Opts, ...rest: unknown[]): Promise<string> {
    const x = <string>q;
    const y = q as unknown as number;
    const z = q!;
    const w = { q } satisfies Record<string, string>;
    const v = identity<string>(q);
    return `${x}${y}${z}${w}${v}`;
  }
}

export const handler = async <T,>(args: Args): Promise<T> => args as T;
"#));
}

#[test]
fn jsx_in_tsx() {
    insta::assert_snapshot!(ir_at(
        "page.tsx",
        r#"
import React from "react";

export function Page({ items, title }: Props) {
  const cls = "list";
  return (
    <div className={cls} {...rest} title="static">
      {/* a JSX comment */}
      <h1>{title}</h1>
      {items.map((i) => <Item key={i.id} text={`item ${i.name}`} />)}
      <>fragment {title}</>
    </div>
  );
}
"#
    ));
}

#[test]
fn jsx_in_jsx() {
    insta::assert_snapshot!(ir_at(
        "view.jsx",
        r#"
const React = require("react");

function View(props) {
  const html = { __html: props.body };
  return <section dangerouslySetInnerHTML={html}><Child value={props.value} /></section>;
}

module.exports = View;
"#
    ));
}

#[test]
fn comments() {
    insta::assert_snapshot!(ir(r"// leading line comment
/* block */ const a = 1; // trailing
/**
 * JSDoc block.
 */
function documented() {}
/* expect: shell-injection */
exec(cmd); /* mcplint: ignore[shell-injection] -- reason */
"));
}

#[test]
fn syntax_error_snapshot() {
    insta::assert_snapshot!(ir(r#"
import { exec } from "child_process";

function broken(cmd) {
  exec(cmd;
}

function fine(x) {
  return exec(x);
}

const value = 1 +;
server.tool("t", async ({ dir }) => { exec(`ls ${dir}`) )
"#));
}

// ---------------------------------------------------------------------------------------------
// Specific properties

#[test]
fn grammar_follows_the_extension() {
    // `<T>x` is a type assertion in .ts, JSX in .tsx and .js.
    let ts = lower_at("a.ts", "const x = <string>y;\n");
    assert!(ts.syntax_errors.is_empty());
    assert!(dump(&ts).contains("x = y"), "{}", dump(&ts));
    for path in ["a.tsx", "a.js", "a.jsx", "a.mjs", "a.cjs"] {
        let file = lower_at(path, "const x = <b>{y}</b>;\n");
        assert!(file.syntax_errors.is_empty(), "{path}");
        assert!(
            dump(&file).contains("x = other[y]"),
            "{path}: {}",
            dump(&file)
        );
    }
    for path in ["a.mts", "a.cts"] {
        assert!(
            lower_at(path, "let x = <T>y;\n").syntax_errors.is_empty(),
            "{path}"
        );
    }
    assert_eq!(lower_at("a.js", "").lang, Lang::JavaScript);
    assert_eq!(lower_at("a.tsx", "").lang, Lang::TypeScript);
}

#[test]
fn destructured_params_keep_keys_and_names() {
    let file =
        lower_ts("const f = async ({ dir, path: p = \".\", ...rest }, [a, [b]], extra) => 1;\n");
    let f = &file.functions[1];
    assert_eq!(f.name.as_deref(), Some("f"));
    assert_eq!(f.params.len(), 3);
    assert_eq!(f.params[0].name, "{ dir, path: p = \".\", ...rest }");
    assert_eq!(
        f.params[0].pattern,
        Pattern::Destructure {
            type_name: None,
            parts: vec![
                (Some("dir".into()), Pattern::Name("dir".into())),
                (Some("path".into()), Pattern::Name("p".into())),
                (None, Pattern::Name("rest".into())),
            ],
        }
    );
    assert_eq!(f.params[1].pattern.names(), ["a", "b"]);
    assert_eq!(f.params[2].pattern, Pattern::Name("extra".into()));
    assert!(f.params.iter().all(|p| p.kind == ParamKind::Normal));
    // An arrow with an expression body returns it.
    assert!(matches!(
        f.body.as_slice(),
        [Stmt::Exit {
            is_return: true,
            value: Some(_),
            ..
        }]
    ));
    // `const f = ...` is also an assignment of the function.
    let Some(Stmt::Assign { value, .. }) = file.functions[0].body.first() else {
        panic!("expected an assignment");
    };
    assert!(matches!(value.kind, ExprKind::Func(1)));
}

#[test]
fn params_this_rest_optional_defaults() {
    let file = lower_ts("function f(this: Window, a?: string, b = 1, ...xs: number[]) {}\n");
    let params: Vec<(&str, ParamKind, bool)> = file.functions[1]
        .params
        .iter()
        .map(|p| (p.name.as_str(), p.kind, p.default.is_some()))
        .collect();
    assert_eq!(
        params,
        [
            ("a", ParamKind::Normal, false),
            ("b", ParamKind::Normal, true),
            ("xs", ParamKind::VarArgs, false),
        ]
    );
    let ann = file.functions[1].params[0]
        .annotation
        .as_ref()
        .expect("typed");
    assert_eq!(file.source.slice(ann.span), "string");
}

#[test]
fn annotations_keep_the_type_text() {
    let file = lower_ts(
        "function f(server: McpServer, args: z.infer<typeof S>, r: CallToolRequest[\"params\"]) {}\n",
    );
    let names: Vec<&str> = file.functions[1]
        .params
        .iter()
        .filter_map(|p| p.annotation.as_ref().and_then(|a| a.as_name()))
        .collect();
    assert_eq!(
        names,
        [
            "McpServer",
            "z.infer<typeof S>",
            "CallToolRequest[\"params\"]"
        ]
    );
}

#[test]
fn jsdoc_attaches_to_declarations() {
    let file = lower_ts(
        "/** A. */\nfunction a() {}\n/** B. */\nexport const b = () => 1;\n/** C. */\nexport async function c() {}\n/** Not attached. */\n\nlet x = 1;\nfunction d() {}\nconst o = {\n  /** E. */\n  e() {},\n  /** F. */\n  f: () => 2,\n};\nclass K {\n  /** G. */\n  @dec()\n  g() {}\n  /** Field. */\n  h = 1;\n}\n",
    );
    let docs: Vec<(Option<&str>, Option<&str>)> = file.functions[1..]
        .iter()
        .map(|f| (f.name.as_deref(), f.doc.as_ref().map(|d| d.text.as_str())))
        .collect();
    assert_eq!(
        docs,
        [
            (Some("a"), Some("A.")),
            (Some("b"), Some("B.")),
            (Some("c"), Some("C.")),
            (Some("d"), None),
            (Some("e"), Some("E.")),
            (Some("f"), Some("F.")),
            (Some("g"), Some("G.")),
            (Some("constructor"), None),
        ]
    );
    let field = &file.classes[0].fields[0];
    assert_eq!(field.doc.as_ref().map(|d| d.text.as_str()), Some("Field."));
}

#[test]
fn optional_chains_and_non_null_are_plain_chains() {
    let file = lower_ts("a?.b?.c;\n(args as Foo).x;\nargs!.y;\nthis.server.tool(x);\n");
    let text = dump(&file);
    assert!(text.contains("eval a.b.c"), "{text}");
    assert!(text.contains("eval args.x"), "{text}");
    assert!(text.contains("eval args.y"), "{text}");
    assert!(text.contains("eval (this.server).*.tool(x)"), "{text}");
}

#[test]
fn generic_calls_are_plain_calls() {
    // tree-sitter-typescript parses `await f<T>(x)` as a call of `await f` with type arguments.
    let file = lower_ts(
        "import { run } from \"./run\";\nasync function g(x) {\n  await run<string>(x);\n  await this.m<T>(x);\n  await obj.m<T, U>(x);\n  helper<T>(x);\n  new C<T>(x);\n}\n",
    );
    let text = dump(&file);
    for call in [
        "eval ./run.run(x)",
        "eval (this).*.m(x)",
        "eval (obj).*.m(x)",
        "eval helper(x)",
        "eval C(x)",
    ] {
        assert!(text.contains(call), "{call} in\n{text}");
    }
}

#[test]
fn locals_shadow_imports() {
    let file = lower_ts(
        "import { exec } from \"child_process\";\nimport path from \"path\";\nfunction f(exec) { exec(\"1\"); path.join(\"2\"); }\nfunction g() { const path = other(); path.join(\"3\"); exec(\"4\"); }\nfunction h() { const { exec: run } = require(\"child_process\"); run(\"5\"); }\nfunction i() { try {} catch (path) { path.join(\"6\"); } for (const exec of xs) exec(\"7\"); }\n",
    );
    let text = dump(&file);
    assert!(text.contains("eval exec(\"1\")"), "{text}");
    assert!(text.contains("eval path.join(\"2\")"), "{text}");
    assert!(text.contains("eval (path).*.join(\"3\")"), "{text}");
    assert!(text.contains("eval child_process.exec(\"4\")"), "{text}");
    assert!(text.contains("eval child_process.exec(\"5\")"), "{text}");
    assert!(text.contains("eval (path).*.join(\"6\")"), "{text}");
    assert!(text.contains("eval exec(\"7\")"), "{text}");
}

#[test]
fn require_in_place_and_wrapped_functions() {
    let file = lower_at(
        "x.js",
        "require('child_process').exec(cmd);\nconst p = require('fs').promises.readFile;\nconst h = (async (a) => a);\n",
    );
    let text = dump(&file);
    assert!(text.contains("eval child_process.exec(cmd)"), "{text}");
    assert!(text.contains("import fs.promises.readFile as p"), "{text}");
    assert_eq!(file.functions[1].name.as_deref(), Some("h"));

    let file = lower_ts(
        "export const tool = (async ({ q }) => q) satisfies Handler;
const t = { run: (() => 1) as Fn };
",
    );
    let names: Vec<Option<&str>> = file.functions.iter().map(|f| f.name.as_deref()).collect();
    assert_eq!(names, [None, Some("tool"), Some("run")]);
}

#[test]
fn spans_are_node_ranges() {
    let src = "const x = foo(bar, 'baz');\n";
    let file = lower_ts(src);
    let Some(Stmt::Assign { value, .. }) = file.functions[0].body.first() else {
        panic!("expected an assignment");
    };
    assert_eq!(file.source.slice(value.span), "foo(bar, 'baz')");
    let ExprKind::Call { args, .. } = &value.kind else {
        panic!("expected a call");
    };
    assert_eq!(file.source.slice(args[0].value.span), "bar");
    assert_eq!(file.source.slice(args[1].value.span), "'baz'");
}

#[test]
fn syntax_errors_are_reported_and_the_rest_lowers() {
    let file = lower_ts(
        "import { exec } from 'child_process';\nfunction ok(a) { return a; }\nconst x = = 1;\nexec(cmd);\nconst s = 'unterminated\n",
    );
    assert!(!file.syntax_errors.is_empty());
    assert_eq!(file.functions[1].name.as_deref(), Some("ok"));
    let text = dump(&file);
    assert!(text.contains("child_process.exec(cmd)"), "{text}");
}

#[test]
fn syntax_errors_are_capped() {
    let file = lower_ts(&"const x = = 1;\n".repeat(1000));
    assert!(!file.syntax_errors.is_empty());
    assert!(file.syntax_errors.len() <= 100);
}

#[test]
fn odd_inputs_do_not_panic() {
    let inputs: Vec<String> = vec![
        String::new(),
        "\n\n\n".into(),
        "// only a comment".into(),
        "/* unterminated".into(),
        "/**/".into(),
        "/***/ function f() {}".into(),
        "#!/usr/bin/env node".into(),
        "\0".into(),
        "const x = 1\0\0;\nconst y = '\0';\n".into(),
        "\u{feff}import os from 'os';\n".into(),
        "const x = 1;\r\nconst y = `a\r\nb`;\r\n".into(),
        "'".into(),
        "\"\\".into(),
        "`".into(),
        "`${".into(),
        "`${`${`".into(),
        "'\\u{'".into(),
        "'\\u{FFFFFFFFFF}'".into(),
        "'\\uD800'".into(),
        "'\\x'".into(),
        "function".into(),
        "class".into(),
        "class { constructor".into(),
        "@".into(),
        "@dec\n".into(),
        "=>".into(),
        "() =>".into(),
        "async".into(),
        "await".into(),
        "yield x;".into(),
        "return;".into(),
        "import".into(),
        "import {} from".into(),
        "import x from 5;".into(),
        "export".into(),
        "export default".into(),
        "export {".into(),
        "export * from".into(),
        "require()".into(),
        "const { a } = require(5);".into(),
        "const x = require('');".into(),
        "module.exports =".into(),
        "module.exports = { ...a, [b]: c, 'd': e };".into(),
        "switch".into(),
        "switch (x) { case }".into(),
        "switch (x) { default: default: }".into(),
        "for (;;".into(),
        "for (const of of of) {}".into(),
        "try {".into(),
        "try {} catch".into(),
        "if (".into(),
        "else".into(),
        "((((((((((".into(),
        "))))))))))".into(),
        "[[[[[[".into(),
        "{{{{{{".into(),
        "<div>".into(),
        "<div {...}>".into(),
        "enum".into(),
        "enum E { [x] = 1 }".into(),
        "namespace".into(),
        "declare".into(),
        "a?.b?.()?.[c]".into(),
        "x = y = z = w;".into(),
        "new".into(),
        "new new X()();".into(),
        "super();".into(),
        "this.#x = 1; #x in obj;".into(),
        "label: { break label; }".into(),
        "名前 = 'unicode'; function 関数(引数) { return 引数; }".into(),
        "x = '\u{202e}bidi\u{202c}';".into(),
        "a".repeat(100_000),
        format!("s = '{}';", "x".repeat(200_000)),
        "\u{1F600}".repeat(100),
        "\x0c\x0b\x01\x02".into(),
        "class C { constructor(private x) {} constructor(public y) {} }".into(),
        "class C { static x = 1; static { } [k] = 2; 'q' = 3; 4 = 5; }".into(),
        "function f({ a: { b: [c, ...d] = [] } = {} } = {}) {}".into(),
        "({ a } = b);".into(),
        "[a, b] = [b, a];".into(),
        "for (a.b of c) {} for (a[0] in c) {}".into(),
        "abstract class A { abstract m(): void; }".into(),
        "let x: typeof import('y');".into(),
        "import x = A.B.C;".into(),
        "export import y = A.B;".into(),
        "export as namespace Foo;".into(),
        "<T,>(x: T) => x;".into(),
        "f<T>(x); f<T>;".into(),
        "a ? b : c ? d : e;".into(),
        "x ||= 1; x &&= 2; x **= 3; x >>>= 4;".into(),
        "`a${b}c${d}e`.concat(f, ...g);".into(),
        "[].join(', ', extra);".into(),
        "tag`unterminated".into(),
    ];
    for src in inputs {
        for path in ["x.ts", "x.tsx", "x.js"] {
            let file = lower_at(path, &src);
            let _ = dump(&file);
        }
    }
}

#[test]
fn empty_and_comment_only_files() {
    let empty = lower_ts("");
    assert_eq!(empty.functions.len(), 1);
    assert!(empty.functions[0].body.is_empty());
    assert!(empty.syntax_errors.is_empty());

    let comments = lower_ts("// a\n   /* b */\nx = 1; // c\n");
    let own: Vec<(&str, bool)> = comments
        .comments
        .iter()
        .map(|c| (c.text.as_str(), c.own_line))
        .collect();
    assert_eq!(own, [("a", true), ("b", true), ("c", false)]);
}

#[test]
fn parse_only_counts_nodes() {
    assert!(parse_only(Lang::TypeScript, "const x = f(1, 2);\n").expect("parses") > 5);
    assert!(parse_only(Lang::JavaScript, "<a>{x}</a>;\n").expect("parses") > 5);
    assert!(parse_only(Lang::TypeScript, "").expect("parses") >= 1);
}

// ---------------------------------------------------------------------------------------------
// Deep nesting: lowering is recursive and capped; none of this may overflow a normal 2 MiB
// test-thread stack (debug build), including the recursive IR dump.

fn on_small_stack(src: String) {
    on_small_stack_as(&["server.ts", "server.js"], src);
}

fn on_small_stack_as(paths: &'static [&'static str], src: String) {
    std::thread::Builder::new()
        .stack_size(2 * 1024 * 1024)
        .spawn(move || {
            for path in paths {
                let file = lower_at(path, &src);
                let text = dump(&file);
                assert!(text.starts_with("file server."));
            }
        })
        .expect("thread spawns")
        .join()
        .expect("no panic or overflow");
}

const DEEP: usize = 10_000;

#[test]
fn deep_parentheses_arrays_objects() {
    on_small_stack(format!("x = {}1{};\n", "(".repeat(DEEP), ")".repeat(DEEP)));
    on_small_stack(format!("x = {}1{};\n", "[".repeat(DEEP), "]".repeat(DEEP)));
    on_small_stack(format!(
        "x = {}1{};\n",
        "{a: ".repeat(DEEP),
        "}".repeat(DEEP)
    ));
    on_small_stack(format!(
        "x = {}1{};\n",
        "{[k]: ".repeat(DEEP),
        "}".repeat(DEEP)
    ));
}

#[test]
fn deep_functions() {
    on_small_stack(format!("x = {}1;\n", "() => ".repeat(DEEP)));
    on_small_stack(format!("x = {}1;\n", "async (a, { b }) => ".repeat(DEEP)));
    on_small_stack(format!(
        "{}{}\n",
        "function f() { ".repeat(DEEP),
        "}".repeat(DEEP)
    ));
    on_small_stack(format!(
        "{}1{}\n",
        "x = function () { return ".repeat(DEEP),
        "; }".repeat(DEEP)
    ));
    on_small_stack(format!(
        "{}{}\n",
        "class A { m() { ".repeat(DEEP),
        "} }".repeat(DEEP)
    ));
    on_small_stack(format!(
        "x = {}1{};\n",
        "{ m() { return ".repeat(DEEP),
        " } }".repeat(DEEP)
    ));
}

#[test]
fn deep_calls_and_chains() {
    on_small_stack(format!("x = {}1{};\n", "f(".repeat(DEEP), ")".repeat(DEEP)));
    on_small_stack(format!(
        "x = {}1{};\n",
        "new F(".repeat(DEEP),
        ")".repeat(DEEP)
    ));
    on_small_stack(format!("x = a{};\n", ".b()".repeat(DEEP)));
    on_small_stack(format!("x = a{};\n", "[0]".repeat(DEEP)));
    on_small_stack(format!("x = a{};\n", ".b".repeat(DEEP)));
    on_small_stack(format!("x = a{};\n", "?.b".repeat(DEEP)));
    on_small_stack(format!("x = f(){};\n", ".b".repeat(DEEP)));
    on_small_stack(format!("x = a{};\n", "!".repeat(DEEP)));
    on_small_stack(format!("x = a{};\n", " as T".repeat(DEEP)));
    on_small_stack(format!("x = a{} = 1;\n", " = a".repeat(DEEP)));
    on_small_stack(format!("a{}.b = 1;\n", "[0]".repeat(DEEP)));
}

#[test]
fn deep_operators() {
    on_small_stack(format!("x = {}1;\n", "!".repeat(DEEP)));
    on_small_stack(format!("x = {}1;\n", "-".repeat(DEEP)));
    on_small_stack(format!("x = {}1;\n", "await ".repeat(DEEP)));
    on_small_stack(format!("x = {}1;\n", "typeof ".repeat(DEEP)));
    on_small_stack(format!("x = 1{};\n", " ** 1".repeat(DEEP)));
    on_small_stack(format!("x = a{};\n", " + a".repeat(DEEP)));
    on_small_stack(format!("x = a{};\n", " - a".repeat(DEEP)));
    on_small_stack(format!("x = a{};\n", " && a".repeat(DEEP)));
    on_small_stack(format!("x = a{};\n", " ?? a".repeat(DEEP)));
    on_small_stack(format!("x = a{};\n", " === a".repeat(DEEP)));
    on_small_stack(format!("x = 1{};\n", " ? a : 1".repeat(DEEP)));
    on_small_stack(format!("x = {}1;\n", "a ? b : ".repeat(DEEP)));
    on_small_stack(format!("x = a{};\n", ", a".repeat(DEEP)));
    on_small_stack(format!("x{}1;\n", " += x".repeat(DEEP)));
}

#[test]
fn deep_templates_and_jsx() {
    on_small_stack(format!(
        "x = {}1{};\n",
        "`${".repeat(DEEP),
        "}`".repeat(DEEP)
    ));
    on_small_stack(format!(
        "x = {}1{};\n",
        "tag`${".repeat(DEEP),
        "}`".repeat(DEEP)
    ));
    // JSX only in .tsx and JavaScript (in .ts, `<a>{<a>{...` sends tree-sitter's error
    // recovery past the time budget).
    let jsx: &[&str] = &["server.tsx", "server.js"];
    on_small_stack_as(
        jsx,
        format!("x = {}{};\n", "<a>".repeat(DEEP), "</a>".repeat(DEEP)),
    );
    on_small_stack_as(
        jsx,
        format!("x = {}1{};\n", "<a b={".repeat(DEEP), "} />".repeat(DEEP)),
    );
    on_small_stack_as(
        jsx,
        format!("x = {}1{};\n", "<a>{".repeat(DEEP), "}</a>".repeat(DEEP)),
    );
    on_small_stack_as(
        jsx,
        format!("x = {}1{};\n", "<>{".repeat(DEEP), "}</>".repeat(DEEP)),
    );
}

#[test]
fn deep_statements() {
    on_small_stack(format!(
        "{}{}\n",
        "if (x) { ".repeat(DEEP),
        "}".repeat(DEEP)
    ));
    on_small_stack(format!("{}x;\n", "if (x) ".repeat(DEEP)));
    on_small_stack(format!("{}{}\n", "{ ".repeat(DEEP), "}".repeat(DEEP)));
    on_small_stack(format!(
        "{}{}\n",
        "for (const a of b) { ".repeat(DEEP),
        "}".repeat(DEEP)
    ));
    on_small_stack(format!(
        "{}{}\n",
        "while (x) { ".repeat(DEEP),
        "}".repeat(DEEP)
    ));
    on_small_stack(format!(
        "{}{}\n",
        "try { ".repeat(DEEP),
        "} finally {}".repeat(DEEP)
    ));
    on_small_stack(format!(
        "{}{}\n",
        "try {} catch (e) { ".repeat(DEEP),
        "}".repeat(DEEP)
    ));
    on_small_stack(format!(
        "{}{}\n",
        "switch (x) { case 1: ".repeat(DEEP),
        "}".repeat(DEEP)
    ));
    on_small_stack(format!("{}x;\n", "l: ".repeat(DEEP)));
    on_small_stack(format!(
        "{}{}\n",
        "namespace N { ".repeat(DEEP),
        "}".repeat(DEEP)
    ));
    on_small_stack(format!("{}x;\n", "else ".repeat(DEEP)));
}

#[test]
fn long_chains_of_clauses() {
    let mut elifs = String::from("if (a) { x(); }");
    for _ in 0..DEEP {
        elifs.push_str(" else if (b) { y(); }");
    }
    elifs.push_str(" else { z(); }\n");
    on_small_stack(elifs);
    let mut cases = String::from("switch (a) {\n");
    for i in 0..DEEP {
        let _ = writeln!(cases, "  case {i}: f(); break;");
    }
    cases.push_str("  default: g();\n}\n");
    on_small_stack(cases);
    on_small_stack(format!("switch (a) {{ {} }}\n", "case 1: ".repeat(DEEP)));
    on_small_stack(format!("{};\n", "a = 1, ".repeat(DEEP)));
}

#[test]
fn deep_nesting_is_capped_not_dropped_entirely() {
    // Shallow parts of a deeply nested file still lower.
    let src = format!(
        "import cp from 'child_process';\ncp.exec(cmd);\nx = {}1{};\n",
        "(".repeat(DEEP),
        ")".repeat(DEEP)
    );
    let file = lower_ts(&src);
    assert!(dump(&file).contains("child_process.exec(cmd)"));
}

#[test]
fn minified_single_line() {
    // 5 MB on one line: parsed and lowered whole (speed is the benchmark's business).
    let mut src = "a=b+c;".repeat(200_000);
    src.push_str("function f(x){return require('child_process').exec(`ls ${x}`)}/*c*/");
    src.push_str(&"/*c*/x(y),z=`${w}`;".repeat(20_000));
    let file = lower_at("bundle.min.js", &src);
    assert!(file.syntax_errors.is_empty());
    assert_eq!(file.comments.len(), 20_001);
    assert!(file.functions[0].body.len() > 200_000);
    let f = &file.functions[1];
    assert_eq!(f.name.as_deref(), Some("f"));
}

#[test]
fn dynamic_imports_bind_like_require() {
    let file = lower_ts(
        "async function f(p) {\n  const { saveImage } = await import(\"./images.js\");\n  saveImage(p);\n  const cp = await import(\"node:child_process\");\n  cp.exec(p);\n}\n",
    );
    let text = dump(&file);
    assert!(text.contains("eval ./images.js.saveImage(p)"), "{text}");
    assert!(text.contains("eval child_process.exec(p)"), "{text}");
}
