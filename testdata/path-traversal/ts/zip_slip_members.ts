// A theme installer: the model picks an uploaded archive (its path is checked to be in the
// inbox) and the server unpacks it by hand, entry by entry, into the themes folder.
//
// The archive's own path is safe; its entry names are not: `../../home/app/.bashrc` written
// under the themes folder lands where it says (zip slip). Each tool has a twin that differs in
// the one line that matters: the entry's path is resolved and checked to stay in the folder.
import fs from "node:fs";
import path from "node:path";
import AdmZip from "adm-zip";
import unzipper from "unzipper";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";

const INBOX = fs.realpathSync("/srv/inbox");
const THEMES = fs.realpathSync("/srv/themes");
const server = new McpServer({ name: "themes", version: "1.2.0" });

function inInbox(name: string): string {
  const real = fs.realpathSync(path.resolve(INBOX, name));
  if (!real.startsWith(INBOX + path.sep)) {
    throw new Error(`${name} is not in the inbox`);
  }
  return real;
}

function inside(folder: string, entry: string): string {
  const target = path.resolve(folder, entry);
  if (!target.startsWith(folder + path.sep)) {
    throw new Error(`${entry} leaves ${folder}`);
  }
  return target;
}

function text(body: string) {
  return { content: [{ type: "text" as const, text: body }] };
}

server.registerTool(
  "install_theme",
  { description: "Install an uploaded theme (.zip)", inputSchema: { upload: z.string() } },
  async ({ upload }) => {
    const zip = new AdmZip(inInbox(upload));
    zip.getEntries().forEach((entry) => {
      if (entry.isDirectory) return;
      const target = path.join(THEMES, entry.entryName);
      fs.writeFileSync(target, entry.getData()); // expect: path-traversal from=upload
    });
    return text(`installed ${upload}`);
  },
);

server.registerTool(
  "install_theme_checked",
  { description: "Install an uploaded theme (.zip)", inputSchema: { upload: z.string() } },
  async ({ upload }) => {
    const zip = new AdmZip(inInbox(upload));
    zip.getEntries().forEach((entry) => {
      if (entry.isDirectory) return;
      const target = inside(THEMES, entry.entryName);
      fs.writeFileSync(target, entry.getData()); // safe: path-traversal
    });
    return text(`installed ${upload}`);
  },
);

server.registerTool(
  "install_theme_stream",
  { description: "Install an uploaded theme (.zip)", inputSchema: { upload: z.string() } },
  async ({ upload }) => {
    const directory = await unzipper.Open.file(inInbox(upload));
    for (const file of directory.files) {
      if (file.type !== "File") continue;
      const target = path.join(THEMES, file.path);
      await fs.promises.writeFile(target, await file.buffer()); // expect: path-traversal from=upload
    }
    return text(`installed ${upload}`);
  },
);

server.registerTool(
  "install_theme_stream_checked",
  { description: "Install an uploaded theme (.zip)", inputSchema: { upload: z.string() } },
  async ({ upload }) => {
    const directory = await unzipper.Open.file(inInbox(upload));
    for (const file of directory.files) {
      if (file.type !== "File") continue;
      const target = inside(THEMES, file.path);
      await fs.promises.writeFile(target, await file.buffer()); // safe: path-traversal
    }
    return text(`installed ${upload}`);
  },
);

server.registerTool(
  "theme_manifest",
  { description: "Read an uploaded theme's manifest", inputSchema: { upload: z.string() } },
  async ({ upload }) => {
    // Entries read in memory: nothing is written at a path the archive names.
    const zip = new AdmZip(inInbox(upload));
    const manifest = zip.getEntries().find((e) => e.entryName === "theme.json");
    return text(manifest ? manifest.getData().toString("utf8") : "{}");
  },
);
