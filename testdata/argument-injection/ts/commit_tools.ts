// Commit inspection tools (McpServer, SDK 1.x) that run git through small helpers: each helper
// is as safe as what its callers check before they call it.
import { execFileSync } from "node:child_process";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { z } from "zod";

const REPO = process.env.REPO_DIR ?? "/srv/repo";
const server = new McpServer({ name: "commit-tools", version: "0.5.0" });

function showCommit(rev: string): string {
  return execFileSync("git", ["-C", REPO, "show", "--stat", rev], { encoding: "utf8" }); // safe: argument-injection
}

function commitsSince(since: string): string {
  // "--output=/home/u/.bashrc" is an option of git log, not a date.
  return execFileSync("git", ["-C", REPO, "log", "--oneline", since], { encoding: "utf8" }); // expect: argument-injection
}

function tagsMatching(pattern: string): string {
  return execFileSync("git", ["-C", REPO, "tag", "--list", "--", pattern], { encoding: "utf8" });
}

server.tool("show_commit", "Show a commit by its hash", { sha: z.string() }, async ({ sha }) => {
  if (!/^[0-9a-f]{7,40}$/.test(sha)) throw new Error("sha must be a hexadecimal commit id");
  return { content: [{ type: "text", text: showCommit(sha) }] };
});

server.tool("commits_since", "Commits since a revision", { since: z.string() }, async ({ since }) => {
  return { content: [{ type: "text", text: commitsSince(since) }] };
});

server.tool("tags", "Tags matching a glob", { pattern: z.string() }, async ({ pattern }) => {
  return { content: [{ type: "text", text: tagsMatching(pattern) }] };
});

await server.connect(new StdioServerTransport());
