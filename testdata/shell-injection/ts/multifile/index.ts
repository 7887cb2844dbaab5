#!/usr/bin/env node
// Developer workspace server: tools live in ./tools, process helpers in ./utils.
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { filesTool, formatTool, grepShape, grepTool, lintTool } from "./tools/index.js";
import build, { buildShape } from "./tools/build.js";
import * as git from "./tools/git.js";
import { gitHead, runScript } from "./utils/exec.js";
import { z } from "zod";

const server = new McpServer({ name: "workspace", version: gitHead() });

server.registerTool("grep", { description: "Search the workspace", inputSchema: grepShape }, grepTool);
server.registerTool("files", { description: "List files matching a glob", inputSchema: { glob: z.string() } }, filesTool);
server.registerTool("build", { description: "Run a make target", inputSchema: buildShape }, build);

server.registerTool("git_log", { description: "Recent commits", inputSchema: git.logShape }, git.log);
server.registerTool("git_show", { description: "Show a commit", inputSchema: git.refShape }, git.show);
server.registerTool("git_checkout", { description: "Check out a ref", inputSchema: git.refShape }, git.checkout);

const tools = [lintTool, formatTool];
for (const t of tools) {
  server.registerTool(t.name, { description: t.description, inputSchema: t.inputSchema }, t.handler);
}

runScript("prepare-workspace.sh");
await server.connect(new StdioServerTransport());
