// A log viewer (McpServer, SDK 1.x) that maps names to folders through fixed tables: a lookup
// returns one of the table's values whatever key the model sends; only a default taken from
// the input lets it through.
import { readFile } from "node:fs/promises";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";

const MOUNTS: Record<string, string> = { app: "/var/log/app", nginx: "/var/log/nginx" };
const ARCHIVES = new Map([
  ["2024", "/srv/archive/2024"],
  ["2025", "/srv/archive/2025"],
]);

const server = new McpServer({ name: "log-viewer", version: "0.9.1" });

const show = (text: string) => ({ content: [{ type: "text" as const, text }] });

server.tool("tail_mount", "Show a mount's log", { mount: z.string() }, async ({ mount }) => {
  const folder = MOUNTS[mount];
  return show(await readFile(`${folder}/current.log`, "utf8"));
});

server.tool("tail_mount_or_path", "Show a log", { mount: z.string() }, async ({ mount }) => {
  const folder = MOUNTS[mount] ?? mount;
  return show(await readFile(`${folder}/current.log`, "utf8")); // expect: path-traversal from=mount
});

server.tool("read_archive", "Read a year's archive index", { year: z.string() }, async ({ year }) => {
  const folder = ARCHIVES.get(year);
  return show(await readFile(`${folder}/index.txt`, "utf8"));
});

server.tool("read_archive_or_path", "Read an archive index", { year: z.string() }, async ({ year }) => {
  const folder = ARCHIVES.get(year) || year;
  return show(await readFile(`${folder}/index.txt`, "utf8")); // expect: path-traversal from=year
});
