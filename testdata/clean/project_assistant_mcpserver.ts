#!/usr/bin/env node
// Project assistant: files, git, npm scripts and a notes index, with every input checked
// (McpServer.registerTool, SDK 1.x).
import { execFile } from "node:child_process";
import { mkdir, readdir, readFile, realpath, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import Database from "better-sqlite3";
import { McpServer, ResourceTemplate } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { quote } from "shell-quote";
import { z } from "zod";

const execFileAsync = promisify(execFile);

const PROJECT = path.resolve(process.env.PROJECT_DIR ?? process.cwd());
const NPM_SCRIPTS = ["build", "test", "lint", "typecheck"];
const NOTE_ORDER = ["created_at", "title"];
const MAX_BYTES = 512 * 1024;

const notes = new Database(path.join(PROJECT, ".assistant", "notes.db"));
notes.exec("CREATE TABLE IF NOT EXISTS notes (id INTEGER PRIMARY KEY, title TEXT NOT NULL, body TEXT NOT NULL, created_at TEXT DEFAULT CURRENT_TIMESTAMP)");

const server = new McpServer(
  { name: "project-assistant", version: "1.0.0" },
  { instructions: "Read and edit files of the current project, inspect git history and keep notes." },
);

const text = (body: string) => ({ content: [{ type: "text" as const, text: body }] });

/** Resolves a project-relative path, following symlinks, and refuses anything outside the project. */
async function insideProject(rel: string): Promise<string> {
  const abs = await realpath(path.resolve(PROJECT, rel));
  if (!abs.startsWith(PROJECT + path.sep)) {
    throw new Error(`${rel} is outside the project`);
  }
  return abs;
}

/** Like insideProject, for a file that may not exist yet: checks the resolved path lexically. */
function newFileInsideProject(rel: string): string {
  const abs = path.resolve(PROJECT, rel);
  if (!abs.startsWith(PROJECT + path.sep)) {
    throw new Error(`${rel} is outside the project`);
  }
  return abs;
}

async function git(args: string[]): Promise<string> {
  const { stdout } = await execFileAsync("git", ["-C", PROJECT, ...args], { maxBuffer: 8 << 20 });
  return stdout;
}

server.registerTool(
  "read_file",
  {
    title: "Read file",
    description: "Read a text file of the project",
    inputSchema: { file: z.string().describe("Path relative to the project root") },
    annotations: { readOnlyHint: true },
  },
  async ({ file }) => {
    const abs = await insideProject(file);
    const info = await stat(abs);
    if (info.size > MAX_BYTES) return text(`${file} is too large (${info.size} bytes)`);
    return text(await readFile(abs, "utf8"));
  },
);

server.registerTool(
  "list_dir",
  {
    description: "List a folder of the project",
    inputSchema: { dir: z.string().default(".") },
    annotations: { readOnlyHint: true },
  },
  async ({ dir }) => {
    const target = dir === "." ? PROJECT : await insideProject(dir);
    const entries = await readdir(target, { withFileTypes: true });
    return text(entries.map((e) => (e.isDirectory() ? `${e.name}/` : e.name)).join("\n"));
  },
);

server.registerTool(
  "write_file",
  {
    description: "Create or replace a text file of the project",
    inputSchema: { file: z.string(), content: z.string() },
    annotations: { destructiveHint: true },
  },
  async ({ file, content }) => {
    const abs = newFileInsideProject(file);
    await mkdir(path.dirname(abs), { recursive: true });
    await writeFile(abs, content, "utf8");
    return text(`wrote ${content.length} characters to ${file}`);
  },
);

server.registerTool(
  "git_log",
  {
    description: "Recent commits, optionally of one path",
    inputSchema: { count: z.number().int().min(1).max(200).default(20), file: z.string().optional() },
  },
  async ({ count, file }) => {
    const args = ["log", "--oneline", "-n", String(Number(count))];
    if (file) args.push("--", file);
    return text(await git(args));
  },
);

server.registerTool(
  "git_diff",
  { description: "Uncommitted changes", inputSchema: { staged: z.boolean().default(false) } },
  async ({ staged }) => text(await git(staged ? ["diff", "--cached"] : ["diff"])),
);

server.registerTool(
  "run_script",
  {
    description: "Run one of the project's npm scripts",
    inputSchema: { script: z.string(), args: z.array(z.string()).default([]) },
  },
  async ({ script, args }) => {
    if (!NPM_SCRIPTS.includes(script)) {
      throw new Error(`script must be one of ${NPM_SCRIPTS.join(", ")}`);
    }
    const { stdout, stderr } = await execFileAsync("npm", ["run", script, "--", ...args], { cwd: PROJECT, timeout: 600_000 });
    return text(`$ ${quote(["npm", "run", script, "--", ...args])}\n${stdout}${stderr}`);
  },
);

server.registerTool(
  "add_note",
  { description: "Save a note about the project", inputSchema: { title: z.string(), body: z.string() } },
  async ({ title, body }) => {
    const info = notes.prepare("INSERT INTO notes (title, body) VALUES (?, ?)").run(title, body);
    return text(`saved note ${info.lastInsertRowid}`);
  },
);

server.registerTool(
  "search_notes",
  {
    description: "Notes whose title or body contains a text",
    inputSchema: { query: z.string(), order: z.string().default("created_at"), limit: z.number().int().default(20) },
  },
  async ({ query, order, limit }) => {
    if (!NOTE_ORDER.includes(order)) {
      throw new Error(`order must be one of ${NOTE_ORDER.join(", ")}`);
    }
    const rows = notes
      .prepare(`SELECT id, title, created_at FROM notes WHERE title LIKE ? OR body LIKE ? ORDER BY ${order} LIMIT ${Number(limit)}`)
      .all(`%${query}%`, `%${query}%`);
    return text(JSON.stringify(rows, null, 2));
  },
);

server.registerResource(
  "package-json",
  "project://package.json",
  { description: "The project's package.json", mimeType: "application/json" },
  async (uri) => ({ contents: [{ uri: uri.href, text: await readFile(path.join(PROJECT, "package.json"), "utf8") }] }),
);

server.registerResource(
  "project-file",
  new ResourceTemplate("project://files/{+file}", { list: undefined }),
  { description: "A file of the project" },
  async (uri, { file }) => ({
    contents: [{ uri: uri.href, text: await readFile(await insideProject(String(file)), "utf8") }],
  }),
);

await server.connect(new StdioServerTransport());
