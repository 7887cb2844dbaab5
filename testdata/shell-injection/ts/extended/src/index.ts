// A server whose aliases ("~/*") are set in the base config its tsconfig.json extends.
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { z } from "zod";
import { pingHost, traceHost } from "~/tools/network.js";

const server = new McpServer({ name: "netdiag", version: "0.3.0" });

server.registerTool("ping", { description: "Ping a host three times", inputSchema: { host: z.string() } }, pingHost);
server.registerTool("trace", { description: "Trace the route to a host", inputSchema: { host: z.string() } }, traceHost);

await server.connect(new StdioServerTransport());
