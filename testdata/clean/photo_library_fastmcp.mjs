#!/usr/bin/env node
// Photo library on punkpeye's `fastmcp` in plain JavaScript: albums on disk, EXIF via exiftool,
// an SQLite catalogue; every input checked.
import { spawn } from "node:child_process";
import { readFile, readdir, rename } from "node:fs/promises";
import path from "node:path";
import Database from "better-sqlite3";
import { FastMCP, UserError } from "fastmcp";
import { z } from "zod";

const LIBRARY = path.resolve(process.env.PHOTO_LIBRARY ?? "/srv/photos");
const SORT_COLUMNS = ["taken_at", "file_name", "bytes"];

const catalogue = new Database(path.join(LIBRARY, "catalogue.db"), { readonly: false });

const server = new FastMCP({ name: "photo-library", version: "0.8.0" });

function inLibrary(rel) {
  const abs = path.resolve(LIBRARY, rel);
  if (!abs.startsWith(LIBRARY + path.sep)) {
    throw new UserError(`${rel} is outside the library`);
  }
  return abs;
}

function run(file, args) {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.on("error", reject);
    child.on("close", (code) => (code === 0 ? resolve(out) : reject(new Error(`${file} exited with ${code}`))));
  });
}

server.addTool({
  name: "list_album",
  description: "Photos in an album folder",
  parameters: z.object({ album: z.string() }),
  annotations: { readOnlyHint: true },
  execute: async ({ album }) => {
    const names = await readdir(inLibrary(album));
    return names.filter((n) => /\.(jpe?g|png|heic)$/i.test(n)).join("\n");
  },
});

server.addTool({
  name: "exif",
  description: "EXIF metadata of a photo",
  parameters: z.object({ photo: z.string() }),
  execute: async ({ photo }) => run("exiftool", ["-json", "-n", "--", inLibrary(photo)]),
});

server.addTool({
  name: "move_photo",
  description: "Move a photo to another album",
  parameters: z.object({ photo: z.string(), album: z.string() }),
  execute: async ({ photo, album }) => {
    const from = inLibrary(photo);
    const to = path.join(inLibrary(album), path.basename(from));
    await rename(from, to);
    catalogue.prepare("UPDATE photos SET path = ? WHERE path = ?").run(path.relative(LIBRARY, to), path.relative(LIBRARY, from));
    return `moved to ${path.relative(LIBRARY, to)}`;
  },
});

server.addTool({
  name: "search_photos",
  description: "Photos whose caption or place contains a text",
  parameters: z.object({ text: z.string(), sort: z.string().default("taken_at"), limit: z.number().default(50) }),
  execute: async ({ text, sort, limit }) => {
    if (!SORT_COLUMNS.includes(sort)) {
      throw new UserError(`sort must be one of ${SORT_COLUMNS.join(", ")}`);
    }
    const rows = catalogue
      .prepare(`SELECT path, caption, taken_at FROM photos WHERE caption LIKE @like OR place LIKE @like ORDER BY ${sort} LIMIT @limit`)
      .all({ like: `%${text}%`, limit: Math.trunc(Number(limit)) });
    return JSON.stringify(rows, null, 2);
  },
});

server.addTool({
  name: "photos_on_day",
  description: "Photos taken on a date",
  parameters: z.object({ date: z.string().describe("YYYY-MM-DD") }),
  execute: async ({ date }) => {
    const rows = catalogue.prepare("SELECT path FROM photos WHERE date(taken_at) = ? ORDER BY taken_at").all(date);
    return rows.map((r) => r.path).join("\n");
  },
});

server.addTool({
  name: "library_stats",
  description: "Counts of photos per year",
  execute: async () => JSON.stringify(catalogue.prepare("SELECT strftime('%Y', taken_at) AS year, count(*) AS n FROM photos GROUP BY year").all()),
});

server.addResourceTemplate({
  uriTemplate: "photos://captions/{album}",
  name: "Album captions",
  mimeType: "text/plain",
  arguments: [{ name: "album", required: true }],
  load: async ({ album }) => ({ text: await readFile(path.join(inLibrary(album), "captions.txt"), "utf8") }),
});

server.start({ transportType: "stdio" });
