// Note tools attached to whatever registrar the caller passes; this module imports no SDK.
import { readFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";

const NOTES = path.resolve(process.env.NOTES_DIR ?? "/srv/notes");

export function attachNoteTools(registrar) {
  registrar.registerTool("read_note", { inputSchema: { name: z.string() } }, async ({ name }) => ({
    content: [{ type: "text", text: readFileSync(path.join(NOTES, name), "utf8") }], // expect: path-traversal from=name
  }));
  registrar.registerTool("read_checked_note", { inputSchema: { name: z.string() } }, async ({ name }) => ({
    content: [{ type: "text", text: readFileSync(path.join(NOTES, path.basename(name)), "utf8") }],
  }));
}

export function attachNoteCommands(program) {
  program.registerTool("cat", { inputSchema: {} }, async ({ name }) => readFileSync(path.join(NOTES, name), "utf8")); // safe: path-traversal
}
