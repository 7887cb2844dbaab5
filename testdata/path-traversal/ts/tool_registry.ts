// Low-level server with a registry of tool objects, dispatched by name in the CallTool handler.
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { CallToolRequestSchema, ListToolsRequestSchema } from "@modelcontextprotocol/sdk/types.js";
import { z } from "zod";

interface RegisteredTool {
  name: string;
  description: string;
  zodSchema: z.ZodTypeAny;
  execute: (args: Record<string, unknown>, onProgress?: (line: string) => void) => Promise<string>;
}

const EXPORTS = path.resolve(process.env.EXPORT_DIR ?? "/srv/exports");

const readNoteTool: RegisteredTool = {
  name: "read-note",
  description: "Read a note from disk",
  zodSchema: z.object({ file: z.string() }),
  execute: async (args) => readFileSync(args.file as string, "utf8"), // expect: path-traversal from=args
};

const exportNoteTool: RegisteredTool = {
  name: "export-note",
  description: "Export a note into the export folder",
  zodSchema: z.object({ file: z.string(), body: z.string() }),
  execute: async (args) => {
    writeFileSync(path.join(EXPORTS, path.basename(args.file as string)), String(args.body));
    return "exported";
  },
};

const toolRegistry: RegisteredTool[] = [readNoteTool];
toolRegistry.push(exportNoteTool, {
  name: "save-note",
  description: "Save a note",
  zodSchema: z.object({ file: z.string(), body: z.string() }),
  execute: async ({ file, body }) => {
    writeFileSync(file as string, String(body)); // expect: path-traversal from=file
    return "saved";
  },
});

// Commands of the admin console: looked up by name too, but never from a tool call.
const commands = [{ name: "purge", run: async (target: string) => writeFileSync(target, "") }]; // safe: path-traversal

export function runCommand(name: string, target: string) {
  return commands.find((c) => c.name === name)?.run(target);
}

const server = new Server({ name: "notes", version: "1.0.0" }, { capabilities: { tools: {} } });

server.setRequestHandler(ListToolsRequestSchema, async () => ({
  tools: toolRegistry.map((t) => ({ name: t.name, description: t.description, inputSchema: {} })),
}));

server.setRequestHandler(CallToolRequestSchema, async (request) => {
  const tool = toolRegistry.find((t) => t.name === request.params.name);
  if (!tool) throw new Error(`unknown tool ${request.params.name}`);
  const args = tool.zodSchema.parse(request.params.arguments ?? {});
  return { content: [{ type: "text", text: await tool.execute(args) }] };
});
