// Workspace server: file tools as a group, log tools through the registrar.
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { FileTools } from "./files.js";
import { registerLogTools } from "./logs.js";
import { ToolRegistrar } from "./registrar.js";

const server = new McpServer({ name: "workspace", version: "2.0.0" });
new FileTools(server).register();
registerLogTools(new ToolRegistrar(server));
await server.connect(new StdioServerTransport());
