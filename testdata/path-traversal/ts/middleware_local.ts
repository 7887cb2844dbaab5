// Notes server whose handlers go through a logging middleware written in the same file.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";

const ROOT = path.resolve(process.env.NOTES_ROOT ?? "/srv/notes");

const withLogging =
  <A, R>(label: string, handler: (args: A) => Promise<R>) =>
  async (args: A): Promise<R> => {
    const started = Date.now();
    try {
      return await handler(args);
    } finally {
      console.error(`${label} took ${Date.now() - started}ms`);
    }
  };

const mcp = new McpServer({ name: "notes", version: "0.3.0" });

async function openNote({ note }: { note: string }) {
  const text = await readFile(note, "utf8"); // expect: path-traversal from=note
  return { content: [{ type: "text" as const, text }] };
}

async function readNote({ note }: { note: string }) {
  const text = await readFile(path.join(ROOT, path.basename(note)), "utf8");
  return { content: [{ type: "text" as const, text }] };
}

mcp.tool("open_note", "Open a note", { note: z.string() }, withLogging("open_note", openNote));
mcp.tool("read_note", "Read a note", { note: z.string() }, withLogging("read_note", readNote));
