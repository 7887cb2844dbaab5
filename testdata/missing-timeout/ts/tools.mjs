// The same server's JavaScript tools: a promisified exec, and a helper no tool calls.
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { exec } from "node:child_process";
import { promisify } from "node:util";
import { z } from "zod";

const execAsync = promisify(exec);
const server = new McpServer({ name: "registry-js", version: "1.0.0" });

server.tool("audit", { dir: z.string() }, async ({ dir }) => {
  const { stdout } = await execAsync("npm audit --json", { cwd: dir }); // warn: missing-timeout
  const { stdout: ls } = await execAsync("npm ls --json", { cwd: dir, timeout: 60_000 }); // safe: missing-timeout
  return { content: [{ type: "text", text: stdout + ls }] };
});

server.tool("registry_ping", {}, async () => {
  const res = await fetch("https://registry.example.org/-/ping"); // warn: missing-timeout
  const mirror = await fetch("https://mirror.example.org/-/ping", { signal: AbortSignal.timeout(5_000) }); // safe: missing-timeout
  return { content: [{ type: "text", text: `${res.status} ${mirror.status}` }] };
});

server.tool("node_version", {}, async () => {
  const { stdout } = await execAsync("node --version"); // warn: missing-timeout
  return { content: [{ type: "text", text: stdout }] };
});

export async function warmCache() {
  // Called by the build script only: no tool reaches it.
  return fetch("https://registry.example.org/-/all"); // safe: missing-timeout
}
