// Entry point of the network diagnostics server (McpServer, SDK 1.x).
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { registerNetTools } from "~/tools/net";

const server = new McpServer({ name: "netdiag", version: "0.1.0" });
registerNetTools(server);
await server.connect(new StdioServerTransport());
