// Media library tools with path checks, some sound and some not (McpServer, SDK 1.x).
import fs from "node:fs";
import { readFile, readdir, realpath, unlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { z } from "zod";

const LIBRARY = fs.realpathSync(process.env.LIBRARY_DIR ?? "/srv/library");
const PLAYLISTS = ["favourites.m3u", "recent.m3u", "queue.m3u"];

const server = new McpServer({ name: "media-library", version: "1.0.2" });

const say = (text: string) => ({ content: [{ type: "text" as const, text }] });

// --- Sound checks ------------------------------------------------------------------------------

server.tool("read_tags", "Read the tag file of a track", { track: z.string() }, async ({ track }) => {
  const abs = path.resolve(LIBRARY, track);
  if (!abs.startsWith(LIBRARY + path.sep)) {
    throw new Error("path escapes the library");
  }
  return say(await readFile(`${abs}.tags.json`, "utf8"));
});

server.tool("read_lyrics", "Read the lyrics of a track", { track: z.string() }, async ({ track }) => {
  const real = await realpath(path.resolve(LIBRARY, track));
  if (!real.startsWith(LIBRARY + path.sep)) {
    return say("not in the library");
  }
  return say(await readFile(real.replace(/\.[^.]+$/, ".lrc"), "utf8"));
});

server.tool("write_cover", "Store the cover image of an album", { album: z.string(), base64: z.string() }, async ({ album, base64 }) => {
  const dir = fs.realpathSync(path.resolve(LIBRARY, album));
  if (!dir.startsWith(LIBRARY + path.sep)) {
    throw new Error("album outside the library");
  }
  await writeFile(path.join(dir, "cover.jpg"), Buffer.from(base64, "base64"));
  return say("cover stored");
});

server.tool("list_album", "Tracks of an album", { album: z.string() }, async ({ album }) => {
  const abs = path.resolve(LIBRARY, album);
  const rel = path.relative(LIBRARY, abs);
  if (rel.startsWith("..") || path.isAbsolute(rel)) {
    throw new Error("album outside the library");
  }
  return say((await readdir(abs)).join("\n"));
});

server.tool("read_playlist", "Read one of the playlists", { name: z.string() }, async ({ name }) => {
  if (!PLAYLISTS.includes(name)) {
    throw new Error(`playlist must be one of ${PLAYLISTS.join(", ")}`);
  }
  return say(await readFile(path.join(LIBRARY, "playlists", name), "utf8"));
});

server.tool("save_playlist", "Save a playlist under a plain name", { name: z.string(), entries: z.array(z.string()) }, async ({ name, entries }) => {
  if (!/^[\w-]+$/.test(name)) {
    throw new Error("playlist names are letters, digits, _ and -");
  }
  await writeFile(path.join(LIBRARY, "playlists", `${name}.m3u`), entries.join("\n"), "utf8");
  return say("saved");
});

server.tool("read_readme", "Read the notes file of an album folder", { album: z.string() }, async ({ album }) => {
  return say(await readFile(path.join(LIBRARY, path.basename(album), "README.txt"), "utf8"));
});

// --- Flawed checks -----------------------------------------------------------------------------

server.tool("read_track", "Read a track file", { track: z.string() }, async ({ track }) => {
  const abs = path.resolve(LIBRARY, track);
  // No separator: /srv/library-private/... also starts with /srv/library.
  if (!abs.startsWith(LIBRARY)) {  // expect: path-traversal
    throw new Error("outside the library");
  }
  return say((await readFile(abs)).toString("base64"));
});

server.tool("read_booklet", "Read the booklet of an album", { file: z.string() }, async ({ file }) => {
  const cleaned = file.replace("../", "");
  // "....//" becomes "../" after one replacement.
  return say(await readFile(path.join(LIBRARY, "booklets", cleaned), "utf8")); // expect: path-traversal
});

server.tool("delete_track", "Delete a track", { track: z.string() }, async ({ track }) => {
  if (track.includes("..")) {
    throw new Error("parent directories are not allowed");
  }
  // path.resolve returns an absolute argument unchanged.
  await unlink(path.resolve(LIBRARY, track)); // expect: path-traversal
  return say("deleted");
});

server.tool("read_cue", "Read a cue sheet", { file: z.string() }, async ({ file }) => {
  const normalised = path.normalize(file);
  return say(await readFile(path.join(LIBRARY, normalised), "utf8")); // expect: path-traversal
});

server.tool("read_meta", "Read a metadata file", { file: z.string() }, async ({ file }) => {
  const abs = path.resolve(LIBRARY, file);
  console.error(`reading ${abs}`);
  return say(await readFile(abs, "utf8")); // expect: path-traversal
});

server.tool("read_log", "Read a rip log", { file: z.string() }, async ({ file }) => {
  const abs = path.resolve(LIBRARY, file);
  if (!abs.startsWith(LIBRARY + path.sep)) {
    console.warn(`${abs} is outside the library`);
  }
  return say(fs.readFileSync(abs, "utf8")); // expect: path-traversal
});

server.tool("read_public", "Read a file of the public folder", { file: z.string() }, async ({ file }) => {
  // Checks the input, not the resolved path: "public/../../etc/passwd" passes.
  if (!file.startsWith("public/")) {
    throw new Error("only files under public/ can be read");
  }
  return say(await readFile(path.join(LIBRARY, file), "utf8")); // expect: path-traversal
});

server.tool("read_artwork", "Read an artwork file", { file: z.string() }, async ({ file }) => {
  if (path.isAbsolute(file)) {
    throw new Error("absolute paths are not allowed");
  }
  return say((await readFile(path.join(LIBRARY, "artwork", file))).toString("base64")); // expect: path-traversal
});

server.tool("read_album_notes", "Read a notes file of an album", { album: z.string(), file: z.string() }, async ({ album, file }) => {
  const dir = path.resolve(LIBRARY, album);
  if (!dir.startsWith(LIBRARY + path.sep)) {
    throw new Error("album outside the library");
  }
  // The album is checked; the file name joined after the check is not.
  return say(await readFile(path.join(dir, file), "utf8")); // expect: path-traversal
});

await server.connect(new StdioServerTransport());
