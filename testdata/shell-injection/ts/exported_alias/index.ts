// A git server (McpServer, SDK 1.x) whose tools run git through the aliases of ./lib/proc.ts.
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { z } from "zod";
import { sh, run, execAsync, DEFAULT_TIMEOUT } from "./lib/proc.js";
import * as proc from "./lib/proc.js";

const server = new McpServer({ name: "git-tools", version: "0.3.0" });
const REF = /^[\w./-]+$/;

server.registerTool(
  "git_log",
  { description: "Recent commits of a branch", inputSchema: { branch: z.string() } },
  async ({ branch }) => {
    const { stdout } = await sh(`git log --oneline -n 20 ${branch}`, { timeout: DEFAULT_TIMEOUT }); // expect: shell-injection from=branch
    return { content: [{ type: "text", text: stdout }] };
  },
);

server.registerTool(
  "git_log_argv",
  { description: "Recent commits of a branch, as an argument vector", inputSchema: { branch: z.string() } },
  async ({ branch }) => {
    const { stdout } = await run("git", ["log", "--oneline", "-n", "20", "--end-of-options", branch]);
    return { content: [{ type: "text", text: stdout }] };
  },
);

server.registerTool(
  "git_show",
  { description: "One commit", inputSchema: { rev: z.string() } },
  async ({ rev }) => {
    const { stdout } = await execAsync(`git show --stat ${rev}`); // expect: shell-injection from=rev
    return { content: [{ type: "text", text: stdout }] };
  },
);

server.registerTool(
  "git_show_checked",
  { description: "One commit, its name checked first", inputSchema: { rev: z.string() } },
  async ({ rev }) => {
    if (!REF.test(rev)) throw new Error("invalid revision");
    const { stdout } = await execAsync(`git show --stat ${rev}`); // no finding: checked above
    return { content: [{ type: "text", text: stdout }] };
  },
);

server.registerTool(
  "git_blame",
  { description: "Blame of a file", inputSchema: { file: z.string() } },
  async ({ file }) => {
    const { stdout } = await proc.sh(`git blame -- ${file}`); // expect: shell-injection from=file
    return { content: [{ type: "text", text: stdout }] };
  },
);

await server.connect(new StdioServerTransport());
