// Build-box tools whose shell use was reviewed: each finding is suppressed with a reason.
import { execSync } from "node:child_process";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";

const server = new McpServer({ name: "build-box", version: "1.0.0" });

server.tool("make", { target: z.string() }, async ({ target }) => {
  const out = execSync(`make ${target}`, { encoding: "utf8" }); // mcplint: ignore[shell-injection] -- admin-only server bound to localhost
  return { content: [{ type: "text", text: out }] };
});

server.tool("tail_log", { name: z.string() }, async ({ name }) => {
  /* mcplint: ignore[shell-injection] -- names are validated
     by the reverse proxy (block comments work too) */
  const out = execSync(`tail -n 50 /var/log/build/${name}.log`, { encoding: "utf8" });
  return { content: [{ type: "text", text: out }] };
});

server.tool("clean", { path: z.string() }, async ({ path }) => {
  // expect: shell-injection, unused-suppression
  const out = execSync(`rm -rf ${path}`, { encoding: "utf8" }); // mcplint: ignore[sql-injection] -- wrong rule
  return { content: [{ type: "text", text: out }] };
});
