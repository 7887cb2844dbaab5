// Notes server whose paths go through a local helper before the containment check: a helper that
// resolves symlinks makes the check sound, one that only rewrites separators does not.
import fs from "node:fs/promises";
import path from "node:path";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";

const NOTES = "/srv/notes";
const server = new McpServer({ name: "notes", version: "1.0.0" });

async function real(p: string): Promise<string> {
  return await fs.realpath(p);
}

async function slashes(p: string): Promise<string> {
  return p.replace(/\\/g, "/");
}

server.tool("read_note", { name: z.string() }, async ({ name }) => {
  const full = await real(path.join(NOTES, name));
  if (!full.startsWith(NOTES + path.sep)) {
    throw new Error("outside the notes folder");
  }
  return { content: [{ type: "text", text: await fs.readFile(full, "utf8") }] };
});

server.tool("read_note_unresolved", { name: z.string() }, async ({ name }) => {
  const full = await slashes(path.join(NOTES, name));
  if (!full.startsWith(NOTES + path.sep)) { // expect: path-traversal from=name
    throw new Error("outside the notes folder");
  }
  return { content: [{ type: "text", text: await fs.readFile(full, "utf8") }] };
});
