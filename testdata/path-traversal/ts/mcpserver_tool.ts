#!/usr/bin/env node
// Workspace file tools registered with McpServer.tool() in each of its overloads (SDK 1.x).
import { appendFile, copyFile, mkdir, readdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { z } from "zod";

const ROOT = path.resolve(process.env.WORKSPACE_ROOT ?? "./workspace");
const SESSION_LOGS = path.join(ROOT, ".sessions");

const server = new McpServer({ name: "workspace-files", version: "1.4.0" });

function text(body: string) {
  return { content: [{ type: "text" as const, text: body }] };
}

// (name, cb): the only parameter is `extra`, which is not a tool argument.
server.tool("workspace_info", async (extra) => {
  await mkdir(SESSION_LOGS, { recursive: true });
  await appendFile(path.join(SESSION_LOGS, `${extra.sessionId ?? "stdio"}.log`), `info ${new Date().toISOString()}\n`);
  const entries = await readdir(ROOT);
  return text(`${ROOT}: ${entries.length} entries`);
});

// (name, description, cb)
server.tool("root_size", "Total size of the files at the top of the workspace", async () => {
  let total = 0;
  for (const entry of await readdir(ROOT, { withFileTypes: true })) {
    if (entry.isFile()) total += (await stat(path.join(ROOT, entry.name))).size;
  }
  return text(`${total} bytes`);
});

// (name, description, shape, cb)
server.tool(
  "read_file",
  "Read a text file from the workspace",
  { file: z.string().describe("Path relative to the workspace root") },
  async ({ file }) => text(await readFile(path.join(ROOT, file), "utf8")), // expect: path-traversal
);

server.tool(
  "write_file",
  "Create or overwrite a text file",
  { file: z.string(), content: z.string() },
  async ({ file, content }) => {
    const target = path.resolve(ROOT, file);
    await writeFile(target, content, "utf8"); // expect: path-traversal
    return text(`wrote ${content.length} characters to ${file}`);
  },
);

// (name, shape, cb)
server.tool("list_dir", { dir: z.string().default(".") }, async ({ dir }) => {
  const entries = await readdir(`${ROOT}/${dir}`, { withFileTypes: true }); // expect: path-traversal
  return text(entries.map((e) => (e.isDirectory() ? `${e.name}/` : e.name)).join("\n"));
});

// (name, description, shape, annotations, cb)
server.tool(
  "delete_path",
  "Delete a file or folder",
  { target: z.string(), recursive: z.boolean().default(false) },
  { destructiveHint: true },
  async ({ target, recursive }) => {
    await rm(path.join(ROOT, target), { recursive, force: false }); // expect: path-traversal
    return text(`deleted ${target}`);
  },
);

// (name, shape, annotations, cb)
server.tool(
  "move_file",
  { from: z.string(), to: z.string() },
  { destructiveHint: true, idempotentHint: false },
  async ({ from, to }) => {
    await rename(path.join(ROOT, from), path.join(ROOT, to)); // expect: path-traversal
    return text(`moved ${from} to ${to}`);
  },
);

// (name, description, annotations, cb): annotations only, so the callback gets `extra`.
server.tool("list_root", "Entries at the top of the workspace", { readOnlyHint: true }, async () => {
  return text((await readdir(ROOT)).join("\n"));
});

server.tool(
  "append_journal",
  "Append a line to the workspace journal",
  { line: z.string() },
  async ({ line }) => {
    await appendFile(path.join(ROOT, "JOURNAL.md"), `- ${line}\n`, "utf8");
    return text("appended");
  },
);

server.tool(
  "file_info",
  "Size and modification time of a top-level file",
  { name: z.string() },
  async ({ name }) => {
    const info = await stat(path.join(ROOT, path.basename(name)));
    return text(`${info.size} bytes, modified ${info.mtime.toISOString()}`);
  },
);

server.tool(
  "duplicate_file",
  "Copy a file to a new name in the same folder",
  { file: z.string(), copyName: z.string() },
  async ({ file, copyName }) => {
    const source = path.resolve(ROOT, file);
    if (!source.startsWith(ROOT + path.sep)) {
      throw new Error("path escapes the workspace");
    }
    const dest = path.join(path.dirname(source), path.basename(copyName));
    await copyFile(source, dest);
    return text(`copied to ${path.relative(ROOT, dest)}`);
  },
);

await server.connect(new StdioServerTransport());
