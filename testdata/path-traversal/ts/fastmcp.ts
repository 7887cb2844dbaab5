// Static site content tools on punkpeye's `fastmcp`, using fs-extra.
import fse from "fs-extra";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { FastMCP, UserError } from "fastmcp";
import { z } from "zod";

const SITE = path.resolve(process.env.SITE_DIR ?? "./site");
const CONTENT = path.join(SITE, "content");
const LAYOUTS = ["base.html", "post.html", "page.html"];

const server = new FastMCP({ name: "site-content", version: "0.4.0" });

server.addTool({
  name: "read_page",
  description: "Read a content page",
  parameters: z.object({ page: z.string().describe("Path under content/") }),
  annotations: { readOnlyHint: true },
  execute: async (args) => fse.readFile(path.join(CONTENT, args.page), "utf8"), // expect: path-traversal
});

server.addTool({
  name: "write_page",
  description: "Create or replace a content page",
  parameters: z.object({ page: z.string(), markdown: z.string() }),
  execute: async ({ page, markdown }, { log }) => {
    const target = path.resolve(CONTENT, page);
    if (!target.startsWith(CONTENT + path.sep)) {
      throw new UserError("page must stay inside content/");
    }
    log.info("writing page", { page });
    await fse.writeFile(target, markdown, "utf8");
    return `saved ${page}`;
  },
});

server.addTool({
  name: "copy_page",
  description: "Duplicate a page under a new path",
  parameters: z.object({ from: z.string(), to: z.string() }),
  execute: async ({ from, to }) => {
    await fse.copyFile(path.join(CONTENT, from), path.join(CONTENT, to)); // expect: path-traversal
    return `copied ${from} to ${to}`;
  },
});

// `description` is optional in fastmcp.
server.addTool({
  name: "read_draft",
  parameters: z.object({ draft: z.string() }),
  execute: async ({ draft }) => readFile(path.join(SITE, "drafts", draft), "utf8"), // expect: path-traversal
});

server.addTool({
  name: "list_pages",
  description: "Pages at the top of the content folder",
  execute: async () => (await fse.readdir(CONTENT)).join("\n"),
});

server.addTool({
  name: "read_layout",
  description: "Read one of the site's layouts",
  parameters: z.object({ layout: z.string() }),
  execute: async ({ layout }) => {
    if (!LAYOUTS.includes(layout)) {
      throw new UserError(`layout must be one of ${LAYOUTS.join(", ")}`);
    }
    return readFile(path.join(SITE, "layouts", layout), "utf8");
  },
});

server.addTools([
  {
    name: "delete_page",
    description: "Delete a content page",
    parameters: z.object({ page: z.string() }),
    annotations: { destructiveHint: true },
    execute: async ({ page }) => {
      await fse.unlink(`${CONTENT}/${page}`); // expect: path-traversal
      return `deleted ${page}`;
    },
  },
]);

server.addResourceTemplate({
  uriTemplate: "site://static/{file}",
  name: "Static file",
  mimeType: "application/octet-stream",
  arguments: [{ name: "file", description: "File under static/", required: true }],
  load: async ({ file }) => ({ blob: (await readFile(path.join(SITE, "static", file))).toString("base64") }), // expect: path-traversal
});

server.addResource({
  uri: "site://config",
  name: "Site configuration",
  mimeType: "application/toml",
  load: async () => ({ text: await readFile(path.join(SITE, "config.toml"), "utf8") }),
});

server.addPrompt({
  name: "edit-page",
  description: "Suggest edits to a page",
  arguments: [{ name: "page", required: true }],
  load: async ({ page }) => {
    const body = await readFile(path.join(CONTENT, path.basename(page)), "utf8");
    return `Suggest improvements to this page:\n\n${body}`;
  },
});

server.start({ transportType: "stdio" });
