// A server whose modules import each other through the tsconfig alias "@/*".
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { z } from "zod";
import { diskUsage, dockerLogs } from "@/tools/ops.js";

const server = new McpServer({ name: "ops", version: "1.0.0" });

server.registerTool("disk_usage", { description: "Disk usage of a folder", inputSchema: { folder: z.string() } }, diskUsage);
server.registerTool("docker_logs", { description: "Logs of a container", inputSchema: { container: z.string() } }, dockerLogs);

await server.connect(new StdioServerTransport());
