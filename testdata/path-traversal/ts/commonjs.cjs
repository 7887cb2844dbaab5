#!/usr/bin/env node
// Log viewer in CommonJS: require() and module.exports (McpServer, SDK 1.x).
"use strict";

const fs = require("fs");
const fsp = require("fs/promises");
const path = require("path");
const { readFileSync } = require("node:fs");
const { McpServer } = require("@modelcontextprotocol/sdk/server/mcp.js");
const { StdioServerTransport } = require("@modelcontextprotocol/sdk/server/stdio.js");
const { z } = require("zod");

const LOG_ROOT = path.resolve(process.env.LOG_ROOT || "/var/log/myapp");

const server = new McpServer({ name: "log-viewer", version: "0.3.2" });

function text(t) {
  return { content: [{ type: "text", text: t }] };
}

function tail(body, lines) {
  return body.split("\n").slice(-lines).join("\n");
}

server.registerTool(
  "list_logs",
  { description: "Log files available for reading" },
  async () => text((await fsp.readdir(LOG_ROOT)).filter((n) => n.endsWith(".log")).join("\n")),
);

server.registerTool(
  "tail_log",
  { description: "Last lines of a log file", inputSchema: { file: z.string(), lines: z.number().default(100) } },
  async ({ file, lines }) => {
    const body = await fsp.readFile(path.join(LOG_ROOT, file), "utf8"); // expect: path-traversal
    return text(tail(body, Number(lines)));
  },
);

server.registerTool(
  "grep_log",
  { description: "Lines of a log that contain a string", inputSchema: { file: z.string(), needle: z.string() } },
  async ({ file, needle }) => {
    const body = readFileSync(LOG_ROOT + "/" + file, "utf8"); // expect: path-traversal
    return text(body.split("\n").filter((l) => l.includes(needle)).join("\n"));
  },
);

server.registerTool(
  "truncate_log",
  { description: "Empty a rotated log file", inputSchema: { file: z.string() } },
  async ({ file }) => {
    const abs = path.resolve(LOG_ROOT, file);
    if (!abs.startsWith(LOG_ROOT + path.sep)) {
      throw new Error("not a log file");
    }
    fs.writeFileSync(abs, "");
    return text(`truncated ${file}`);
  },
);

server.registerTool(
  "archive_log",
  { description: "Copy a log into the archive folder", inputSchema: { file: z.string() } },
  async ({ file }) => {
    await fsp.mkdir(path.join(LOG_ROOT, "archive"), { recursive: true });
    await fsp.copyFile(path.join(LOG_ROOT, path.basename(file)), path.join(LOG_ROOT, "archive", path.basename(file)));
    return text("archived");
  },
);

server.registerTool(
  "log_size",
  { description: "Size of a log file", inputSchema: { file: z.string() } },
  (args) =>
    new Promise((resolve) => {
      fs.stat(path.join(LOG_ROOT, args.file), (err, st) => resolve(text(err ? err.message : `${st.size} bytes`))); // expect: path-traversal
    }),
);

/** Removes logs older than a week; called from the cron entry point only. */
function purgeOld(dir) {
  for (const name of fs.readdirSync(dir)) {
    fs.unlinkSync(path.join(dir, name));  // safe: path-traversal
  }
}

module.exports = { server, purgeOld };

if (require.main === module) {
  server.connect(new StdioServerTransport());
}
