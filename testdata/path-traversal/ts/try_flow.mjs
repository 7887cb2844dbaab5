// Upload tools whose path checks sit inside try/catch (McpServer, SDK 1.x, plain JavaScript).
import fs from "node:fs/promises";
import path from "node:path";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";

const UPLOADS = path.resolve("/srv/uploads");

const server = new McpServer({ name: "uploads", version: "0.9.2" });

const text = (t) => ({ content: [{ type: "text", text: t }] });

// A check that throws inside the try, swallowed by a catch that only logs.
server.tool("remove_upload", "Remove an upload", { name: z.string() }, async ({ name }) => {
  const file = await fs.realpath(path.join(UPLOADS, name));
  try {
    if (!file.startsWith(UPLOADS + path.sep)) { // expect: path-traversal from=name
      throw new Error("outside the uploads folder");
    }
  } catch (err) {
    console.warn("check failed", err);
  }
  await fs.unlink(file);
  return text("removed");
});

server.tool("expire_upload", "Expire an upload", { name: z.string() }, async ({ name }) => {
  const file = await fs.realpath(path.join(UPLOADS, name));
  try {
    if (!file.startsWith(UPLOADS + path.sep)) {
      throw new Error("outside the uploads folder");
    }
  } catch (err) {
    throw err;
  }
  await fs.unlink(file);
  return text("expired");
});

// The return in the try does not make the catch dead.
server.tool("read_upload", "Read an upload", { name: z.string() }, async ({ name }) => {
  const file = path.join(UPLOADS, name);
  try {
    const real = await fs.realpath(file);
    if (!real.startsWith(UPLOADS + path.sep)) { // expect: path-traversal from=name
      throw new Error("outside the uploads folder");
    }
    return text(await fs.readFile(real, "utf8"));
  } catch {
    return text(await fs.readFile(file + ".txt", "utf8"));
  }
});

server.tool("read_manifest", "Read the uploads manifest entry", { name: z.string() }, async ({ name }) => {
  const file = path.join(UPLOADS, name);
  try {
    const real = await fs.realpath(file);
    if (!real.startsWith(UPLOADS + path.sep)) {
      throw new Error("outside the uploads folder");
    }
    return text(await fs.readFile(real, "utf8"));
  } catch {
    return text(await fs.readFile(path.join(UPLOADS, "MANIFEST"), "utf8"));
  }
});
