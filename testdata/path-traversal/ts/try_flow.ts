// Notes server whose path checks sit inside try/catch (McpServer, SDK 1.x), after the shape of
// the reference filesystem server's validatePath.
import fs from "node:fs/promises";
import path from "node:path";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";

const NOTES_ROOT = path.resolve("/srv/notes");

const server = new McpServer({ name: "notes", version: "1.4.0" });

const text = (t: string) => ({ content: [{ type: "text" as const, text: t }] });

// The symlink check throws inside the try; the catch (meant for files that do not exist yet)
// returns the unresolved path, so a symlink to /etc passes.
async function resolveNote(requested: string): Promise<string> {
  const absolute = path.resolve(NOTES_ROOT, requested);
  try {
    const real = await fs.realpath(absolute);
    if (!real.startsWith(NOTES_ROOT + path.sep)) { // expect: path-traversal from=name
      throw new Error("Access denied - symlink target outside the notes folder");
    }
    return real;
  } catch (error) {
    return absolute;
  }
}

async function resolveNoteStrict(requested: string): Promise<string> {
  const absolute = path.resolve(NOTES_ROOT, requested);
  try {
    const real = await fs.realpath(absolute);
    if (!real.startsWith(NOTES_ROOT + path.sep)) {
      throw new Error("Access denied - symlink target outside the notes folder");
    }
    return real;
  } catch (error) {
    throw error;
  }
}

server.tool("read_note", "Read a note", { name: z.string() }, async ({ name }) => {
  const file = await resolveNote(name);
  return text(await fs.readFile(file, "utf8"));
});

server.tool("read_note_strict", "Read a note", { name: z.string() }, async ({ name }) => {
  const file = await resolveNoteStrict(name);
  return text(await fs.readFile(file, "utf8"));
});

// A check that throws inside the try, swallowed by a catch that only logs.
server.tool("delete_note", "Delete a note", { name: z.string() }, async ({ name }) => {
  const file = await fs.realpath(path.join(NOTES_ROOT, name));
  try {
    if (!file.startsWith(NOTES_ROOT + path.sep)) { // expect: path-traversal from=name
      throw new Error("outside the notes folder");
    }
  } catch (err) {
    console.error("check failed", err);
  }
  await fs.unlink(file);
  return text("deleted");
});

server.tool("archive_note", "Archive a note", { name: z.string() }, async ({ name }) => {
  const file = await fs.realpath(path.join(NOTES_ROOT, name));
  try {
    if (!file.startsWith(NOTES_ROOT + path.sep)) {
      throw new Error("outside the notes folder");
    }
  } catch (err) {
    return text(`refused: ${err}`);
  }
  await fs.unlink(file);
  return text("archived");
});

// The return in the try does not make the catch dead: its fallback reads the unchecked name.
server.tool("open_note", "Open a note", { name: z.string() }, async ({ name }) => {
  const file = path.join(NOTES_ROOT, name);
  try {
    const real = await fs.realpath(file);
    if (!real.startsWith(NOTES_ROOT + path.sep)) { // expect: path-traversal from=name
      throw new Error("outside the notes folder");
    }
    return text(await fs.readFile(real, "utf8"));
  } catch {
    return text(await fs.readFile(file + ".md", "utf8"));
  }
});

server.tool("open_page", "Open a page", { name: z.string() }, async ({ name }) => {
  const file = path.join(NOTES_ROOT, name);
  try {
    const real = await fs.realpath(file);
    if (!real.startsWith(NOTES_ROOT + path.sep)) {
      throw new Error("outside the notes folder");
    }
    return text(await fs.readFile(real, "utf8"));
  } catch {
    return text(await fs.readFile(path.join(NOTES_ROOT, "README.md"), "utf8"));
  }
});

// finally runs after the return in the try.
server.tool("export_note", "Export a note as HTML", { name: z.string(), html: z.string() }, async ({ name, html }) => {
  const staging = path.join(NOTES_ROOT, ".staging", name);
  try {
    return text(html.trim());
  } finally {
    await fs.rm(staging, { force: true }); // expect: path-traversal from=name
  }
});

server.tool("export_page", "Export a page as HTML", { name: z.string(), html: z.string() }, async ({ name, html }) => {
  const staging = path.join(NOTES_ROOT, ".staging", path.basename(name));
  try {
    return text(html.trim());
  } finally {
    await fs.rm(staging, { force: true });
  }
});
