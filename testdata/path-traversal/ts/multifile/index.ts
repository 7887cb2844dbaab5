#!/usr/bin/env node
// File server: tools live in ./tools, file helpers in ./utils.
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { headShape, headTool, readShape, readTool, writeShape, writeTool } from "./tools/index.js";
import search, { searchShape } from "./tools/search.js";
import { fileTools } from "./tools/defs.js";
import * as files from "./utils/fs.js";

const server = new McpServer({ name: "file-server", version: "2.3.0" });

server.registerTool("read", { description: "Read a text file", inputSchema: readShape }, readTool);
server.registerTool("head", { description: "First lines of a text file", inputSchema: headShape }, headTool);
server.registerTool("write", { description: "Write a text file", inputSchema: writeShape }, writeTool);
server.registerTool("search", { description: "Find entries of a folder by name", inputSchema: searchShape }, search);

server.registerTool("usage", { description: "Total size of the files root" }, async () => ({
  content: [{ type: "text", text: `${await files.totalSize()} bytes` }],
}));

fileTools.forEach((t) => {
  server.registerTool(t.name, { description: t.description, inputSchema: t.inputSchema }, t.handler);
});

await server.connect(new StdioServerTransport());
