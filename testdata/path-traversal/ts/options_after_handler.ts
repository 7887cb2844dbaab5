// Docs server that passes tool annotations after the callback, as an options object (some SDK
// forks and wrappers take `server.tool(name, description, shape, cb, { annotations })`).
import { readFile } from "node:fs/promises";
import path from "node:path";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";

const DOCS = path.resolve(process.env.DOCS_DIR ?? "/srv/docs");
const readOnly = { title: "Read a page", readOnlyHint: true };

const server = new McpServer({ name: "docs", version: "1.2.0" });

server.tool(
  "open_page",
  "Open a documentation page",
  { page: z.string() },
  async ({ page }) => {
    const text = await readFile(path.join(DOCS, page), "utf8"); // expect: path-traversal from=page
    return { content: [{ type: "text" as const, text }] };
  },
  { annotations: readOnly },
);

server.tool(
  "read_page",
  "Read a documentation page",
  { page: z.string() },
  async ({ page }) => {
    const text = await readFile(path.join(DOCS, path.basename(page)), "utf8");
    return { content: [{ type: "text" as const, text }] };
  },
  { annotations: readOnly },
);

server.tool(
  "show_page",
  "Show a documentation page",
  { page: z.string() },
  async ({ page }) => {
    const text = await readFile(page, "utf8"); // expect: path-traversal from=page
    return { content: [{ type: "text" as const, text }] };
  },
  process.env.READ_ONLY ? { annotations: readOnly } : undefined,
);
