// Suppressions that no longer suppress anything, or that cannot be reviewed.
import { execFileSync, execSync } from "node:child_process";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";

const server = new McpServer({ name: "ops", version: "1.0.0" });

server.tool("uptime", {}, async () => {
  // expect: unused-suppression
  const out = execFileSync("uptime", [], { encoding: "utf8" }); // mcplint: ignore[shell-injection] -- fixed command
  return { content: [{ type: "text", text: out }] };
});

server.tool("restart", { service: z.string() }, async ({ service }) => {
  // expect: unused-suppression
  const out = execSync(`systemctl restart ${service}`, { encoding: "utf8" }); // mcplint: ignore[shell-injection]
  return { content: [{ type: "text", text: out }] };
});

server.tool("status", { service: z.string() }, async ({ service }) => {
  // expect: shell-injection, unused-suppression
  const out = execSync(`systemctl status ${service}`, { encoding: "utf8" }); // mcplint: ignore[shell-injecton] -- reviewed
  return { content: [{ type: "text", text: out }] };
});

// A suppression that still suppresses a finding, with the reviewer's reason.
server.tool("tail", { unit: z.string() }, async ({ unit }) => {
  // safe: unused-suppression
  const out = execSync(`journalctl -n 50 -u ${unit}`, { encoding: "utf8" }); // mcplint: ignore[shell-injection] -- only the ops dashboard connects, over stdio, with unit names from its own list
  return { content: [{ type: "text", text: out }] };
});
