#!/usr/bin/env node
// Git helpers registered with McpServer.tool() in each of its overloads (SDK 1.x).
import { exec, execFile, execSync } from "node:child_process";
import { promisify } from "node:util";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { z } from "zod";

const execAsync = promisify(exec);
const execFileAsync = promisify(execFile);

const REPO_DIR = process.env.GIT_REPO_DIR ?? process.cwd();
const MAX_BUFFER = 8 * 1024 * 1024;

const server = new McpServer(
  { name: "git-tools", version: "0.6.2" },
  { instructions: "Inspect and update the local git checkout." },
);

function text(body: string) {
  return { content: [{ type: "text" as const, text: body }] };
}

// (name, cb): no params shape, so the only callback parameter is `extra`.
server.tool("git_status", async (extra) => {
  const { stdout } = await execAsync("git status --short --branch", { cwd: REPO_DIR, signal: extra.signal });
  return text(stdout);
});

// (name, description, cb)
server.tool("current_branch", "Name of the checked-out branch", async () => {
  const branch = execSync("git rev-parse --abbrev-ref HEAD", { cwd: REPO_DIR, encoding: "utf8" });
  return text(branch.trim());
});

// (name, description, shape, cb)
server.tool(
  "git_log",
  "Show recent commits on a branch",
  {
    branch: z.string().describe("Branch or tag name"),
    count: z.number().int().min(1).max(200).default(20).describe("Number of commits"),
  },
  async ({ branch, count }) => {
    const { stdout } = await execAsync(`git log --oneline -n ${count} ${branch}`, { cwd: REPO_DIR }); // expect: shell-injection
    return text(stdout);
  },
);

// (name, shape, cb)
server.tool("git_show", { rev: z.string().describe("Commit, tag or branch") }, async ({ rev }) => {
  const { stdout } = await execFileAsync("git", ["show", "--stat", rev], { cwd: REPO_DIR, maxBuffer: MAX_BUFFER });  // expect: argument-injection
  return text(stdout);
});

// (name, description, shape, annotations, cb)
server.tool(
  "git_checkout",
  "Switch the working tree to another branch",
  { branch: z.string().min(1) },
  { destructiveHint: true, idempotentHint: true },
  async ({ branch }) => {
    execSync("git checkout " + branch, { cwd: REPO_DIR, stdio: "pipe" }); // expect: shell-injection
    return text(`switched to ${branch}`);
  },
);

// (name, shape, annotations, cb)
server.tool(
  "git_blame",
  { file: z.string(), line: z.number().int().positive() },
  { readOnlyHint: true },
  async ({ file, line }) => {
    const n = Number(line);
    const cmd = `git blame -L ${n},${n} --porcelain -- ${file}`;
    const { stdout } = await execAsync(cmd, { cwd: REPO_DIR }); // expect: shell-injection
    return text(stdout);
  },
);

// (name, description, annotations, cb): an annotations object is not a params shape.
server.tool(
  "git_gc",
  "Compact the object database",
  { destructiveHint: false, openWorldHint: false },
  async (extra) => {
    const { stderr } = await execAsync("git gc --auto --quiet", { cwd: REPO_DIR, signal: extra.signal });
    return text(stderr || "done");
  },
);

server.tool(
  "recent_tags",
  "Most recent tags, newest first",
  { limit: z.number().int().default(10) },
  async ({ limit }) => {
    const { stdout } = await execAsync(`git tag --sort=-creatordate | head -n ${parseInt(String(limit), 10)}`, { cwd: REPO_DIR });
    return text(stdout);
  },
);

server.tool(
  "git_grep",
  "Search tracked files for a pattern",
  { pattern: z.string(), pathspec: z.string().optional() },
  ({ pattern, pathspec }) =>
    new Promise((resolve) => {
      const args = ["grep", "-n", "-I", "-e", pattern];
      if (pathspec) args.push("--", pathspec);
      execFile("git", args, { cwd: REPO_DIR, maxBuffer: MAX_BUFFER }, (err, stdout) => {
        resolve(text(err ? "no matches" : stdout));
      });
    }),
);

server.tool(
  "git_diff",
  "Summarise the changes between two revisions",
  { from: z.string(), to: z.string().default("HEAD") },
  ({ from, to }) =>
    new Promise((resolve) => {
      exec(`git diff --stat ${from}..${to}`, { cwd: REPO_DIR }, (err, stdout, stderr) => { // expect: shell-injection
        resolve(text(err ? stderr : stdout));
      });
    }),
);

server.tool(
  "git_commit",
  "Commit all staged changes",
  { message: z.string().describe("Commit message") },
  { destructiveHint: false },
  async ({ message }) => {
    const subject = message.split("\n")[0].trim();
    const { stdout } = await execAsync(`git commit -m "${subject}"`, { cwd: REPO_DIR }); // expect: shell-injection
    return text(stdout);
  },
);

server.tool(
  "git_stash_push",
  "Stash local changes under a message",
  { message: z.string() },
  async ({ message }) => {
    const { stdout } = await execFileAsync("git", ["stash", "push", "-m", message], { cwd: REPO_DIR });
    return text(stdout);
  },
);

const transport = new StdioServerTransport();
await server.connect(transport);
