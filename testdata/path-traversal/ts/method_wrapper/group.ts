// Base class of the tool groups: each group registers its tools through addTool, which wraps
// the result as text content.
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { ZodRawShape } from "zod";

export abstract class ToolGroup {
  protected readonly server: McpServer;

  constructor(server: McpServer) {
    this.server = server;
  }

  abstract register(): void;

  protected addTool<T>(name: string, shape: ZodRawShape, fn: (args: T) => Promise<string>) {
    this.server.registerTool(name, { inputSchema: shape }, async (args) => ({
      content: [{ type: "text" as const, text: await fn(args as T) }],
    }));
  }

  // Formats a value for the log; registers nothing.
  protected describe(label: string, fn: (value: string) => string) {
    return `${label}: ${fn(new Date().toISOString())}`;
  }
}
