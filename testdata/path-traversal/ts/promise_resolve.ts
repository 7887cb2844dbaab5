// An upload stager whose helpers hand back the staged path through `new Promise(resolve => ...)`.
// The two helpers differ in the one line resolving the promise; the tools only in the helper they
// call.
import { randomUUID } from "node:crypto";
import { promises as fsp } from "node:fs";
import path from "node:path";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";

const STAGING = path.resolve("/srv/staging");

/** Reserves the caller's own path after a short delay. */
function reservePath(dir: string, name: string): Promise<string> {
  return new Promise((resolve) => {
    const full = path.join(dir, name);
    setTimeout(() => resolve(full), 10);
  });
}

/** Reserves a fresh path in the staging folder after a short delay. */
function reserveStaged(dir: string, name: string): Promise<string> {
  return new Promise((resolve) => {
    const full = path.join(dir, name);
    setTimeout(() => resolve(path.join(STAGING, randomUUID())), 10);
  });
}

const server = new McpServer({ name: "upload-stager", version: "0.2.0" });

const params = { dir: z.string(), name: z.string(), content: z.string() };

server.tool("stage", "Stage an upload", params, async ({ dir, name, content }) => {
  const target = await reservePath(dir, name);
  await fsp.writeFile(target, content); // expect: path-traversal from=dir
  return { content: [{ type: "text", text: "staged" }] };
});

server.tool("stage_fresh", "Stage an upload", params, async ({ dir, name, content }) => {
  const target = await reserveStaged(dir, name);
  await fsp.writeFile(target, content);
  return { content: [{ type: "text", text: "staged" }] };
});
