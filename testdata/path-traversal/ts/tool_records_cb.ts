// Snippets server that keeps its tools as records (`paramsSchema`, `cb`) and registers them in a
// loop through a timing middleware, with the annotations after the callback.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";

const SNIPPETS = path.resolve(process.env.SNIPPETS_DIR ?? "/srv/snippets");

function timed<A, R>(label: string, cb: (args: A) => Promise<R>) {
  return async (args: A): Promise<R> => {
    console.time(label);
    try {
      return await cb(args);
    } finally {
      console.timeEnd(label);
    }
  };
}

const tools = [
  {
    name: "get_snippet",
    description: "Get a snippet by file name",
    paramsSchema: { file: z.string() },
    cb: async ({ file }: { file: string }) => {
      const text = await readFile(path.join(SNIPPETS, file), "utf8"); // expect: path-traversal from=file
      return { content: [{ type: "text" as const, text }] };
    },
    annotations: { readOnlyHint: true },
  },
  {
    name: "fetch_snippet",
    description: "Fetch a snippet by file name",
    paramsSchema: { file: z.string() },
    cb: async ({ file }: { file: string }) => {
      const text = await readFile(path.join(SNIPPETS, path.basename(file)), "utf8");
      return { content: [{ type: "text" as const, text }] };
    },
    annotations: { readOnlyHint: true },
  },
];

const server = new McpServer({ name: "snippets", version: "0.2.0" });
for (const tool of tools) {
  server.tool(
    tool.name,
    tool.description,
    tool.paramsSchema,
    timed(tool.name, async (args: any) => tool.cb(args)),
    tool.annotations ? { annotations: tool.annotations } : undefined,
  );
}
