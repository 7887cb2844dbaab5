// Registers tools on the server, logging each call first.
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { ZodRawShape } from "zod";

export class ToolRegistrar {
  private readonly server: McpServer;

  constructor(server: McpServer) {
    this.server = server;
  }

  addTool<T>(name: string, shape: ZodRawShape, fn: (args: T) => Promise<string>) {
    this.server.registerTool(name, { inputSchema: shape }, async (args) => {
      console.error(`call ${name}`);
      return { content: [{ type: "text" as const, text: await fn(args as T) }] };
    });
  }
}
