// Documentation server whose tools are wrapped in view tracking before registration.
import { readFileSync } from "node:fs";
import path from "node:path";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";
import { type Env, warmUp, withViewTracking } from "./tracking.js";

const DOCS = path.resolve(process.env.DOCS_DIR ?? "/srv/docs");
const env: Env = { VIEW_LOG: "/var/log/docs-views.log" };
const server = new McpServer({ name: "docs", version: "1.2.0" });

server.tool(
  "fetch_doc",
  "Fetch a documentation page by its path",
  { file: z.string() },
  withViewTracking(env, "fetch_doc", async ({ file }: { file: string }) => ({
    content: [{ type: "text", text: readFileSync(file, "utf8") }], // expect: path-traversal from=file
  })),
);

server.tool(
  "fetch_doc_checked",
  "Fetch a documentation page by its path",
  { file: z.string() },
  withViewTracking(env, "fetch_doc_checked", async ({ file }: { file: string }) => ({
    content: [{ type: "text", text: readFileSync(path.join(DOCS, path.basename(file)), "utf8") }],
  })),
);

// Not a tool: the callback runs once with a constant argument.
await warmUp(async ({ file }) => readFileSync(file, "utf8")); // safe: path-traversal
