// Network tools; their helpers are imported through the tsconfig alias "~/*".
import { z } from "zod";
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { ping, pingArgv, sh } from "~/lib/exec";

const text = (t: string) => ({ content: [{ type: "text" as const, text: t }] });

export function registerNetTools(server: McpServer) {
  server.registerTool("ping", { description: "Ping a host", inputSchema: { host: z.string() } }, async ({ host }) =>
    text(await ping(host)),
  );
  server.registerTool("ping_argv", { description: "Ping a host, as an argument vector", inputSchema: { host: z.string() } }, async ({ host }) =>
    text(await pingArgv(host)),
  );
  server.registerTool("traceroute", { description: "Route to a host", inputSchema: { host: z.string() } }, async ({ host }) =>
    text((await sh(`traceroute -m 12 ${host}`)).stdout), // expect: shell-injection from=host
  );
}
