// Registration helper shared by the tool modules: wraps every handler's result as text content.
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { ZodRawShape } from "zod";

export const server = new McpServer({ name: "snapshots", version: "0.4.1" });

export function addTool<T>(name: string, shape: ZodRawShape, fn: (args: T) => Promise<unknown>) {
  server.registerTool(name, { inputSchema: shape }, async (args) => {
    const out = await fn(args as T);
    return { content: [{ type: "text" as const, text: String(out ?? "ok") }] };
  });
}

// Runs a function later; registers nothing.
export function schedule(label: string, fn: (when: string) => Promise<unknown>) {
  setTimeout(() => void fn(new Date().toISOString()), 1000);
  return label;
}
