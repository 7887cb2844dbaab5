// Note tools whose paths are checked by predicates of ./workspace.ts.
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";
import { WORKSPACE, isInWorkspace, isInWorkspaceFixed } from "./workspace.js";

const server = new McpServer({ name: "notes", version: "1.4.0" });

// Both sinks pass the flawed check: one finding, at the check in workspace.ts.
server.registerTool(
  "copy_note",
  { description: "Copy a note inside the workspace", inputSchema: { file: z.string() } },
  async ({ file }) => {
    const abs = path.resolve(WORKSPACE, file);
    if (!isInWorkspace(abs)) {
      throw new Error("outside the workspace");
    }
    const text = await readFile(abs, "utf8");
    await writeFile(`${abs}.copy`, text);
    return { content: [{ type: "text", text: "copied" }] };
  },
);

server.registerTool(
  "copy_note_fixed",
  { description: "Copy a note inside the workspace", inputSchema: { file: z.string() } },
  async ({ file }) => {
    const abs = path.resolve(WORKSPACE, file);
    if (!isInWorkspaceFixed(abs)) {
      throw new Error("outside the workspace");
    }
    const text = await readFile(abs, "utf8");
    await writeFile(`${abs}.copy`, text);
    return { content: [{ type: "text", text: "copied" }] };
  },
);
