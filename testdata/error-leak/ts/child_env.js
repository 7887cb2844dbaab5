// Capture tools (McpServer.tool): the environment passed to a child process stays there.
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { exec } from "node:child_process";
import { promisify } from "node:util";
import { z } from "zod";

const execAsync = promisify(exec);
const server = new McpServer({ name: "capture", version: "1.0.0" });

server.tool("list_interfaces", "List network interfaces", {}, async () => {
  const { stdout } = await execAsync("ip -brief link", {
    env: { ...process.env, PATH: `${process.env.PATH}:/usr/sbin` },
  });
  return { content: [{ type: "text", text: stdout }] };
});

server.tool("debug_env", "Show the capture settings", { verbose: z.boolean() }, async () => {
  const settings = JSON.stringify({ env: { ...process.env } }); // expect: error-leak
  return { content: [{ type: "text", text: settings }] };
});
