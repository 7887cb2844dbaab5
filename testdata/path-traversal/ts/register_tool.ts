// Document store tools registered with McpServer.registerTool (SDK 1.11+), using the fs module.
import fs from "node:fs";
import path from "node:path";
import { createHash } from "node:crypto";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { z } from "zod";

const DOCS_ROOT = path.resolve(process.env.DOCS_ROOT ?? "/srv/docs");
const EXPORT_DIR = path.join(DOCS_ROOT, "_exports");

const server = new McpServer({ name: "doc-store", version: "2.0.3" });

const ok = (text: string) => ({ content: [{ type: "text" as const, text }] });

const readDocConfig = {
  title: "Read document",
  description: "Read a document by its path in the store",
  inputSchema: { doc: z.string().describe("Path of the document, e.g. guides/setup.md") },
  annotations: { readOnlyHint: true },
};

server.registerTool("read_doc", readDocConfig, async ({ doc }) => {
  const body = fs.readFileSync(path.join(DOCS_ROOT, doc), "utf8"); // expect: path-traversal
  return ok(body);
});

const statsConfig = { title: "Store statistics", description: "Number of documents in the store" };

// No inputSchema: the handler's only parameter is `extra`.
server.registerTool("store_stats", statsConfig, async (extra) => {
  const names = await fs.promises.readdir(DOCS_ROOT, { recursive: true });
  extra.signal.throwIfAborted();
  return ok(`${names.length} entries`);
});

server.registerTool(
  "save_doc",
  {
    description: "Create or replace a document",
    inputSchema: z.object({ doc: z.string(), body: z.string() }),
  },
  async ({ doc, body }) => {
    const target = DOCS_ROOT + "/" + doc;
    await fs.promises.mkdir(path.dirname(target), { recursive: true }); // expect: path-traversal
    fs.writeFileSync(target, body, "utf8"); // expect: path-traversal
    return ok(`saved ${doc}`);
  },
);

server.registerTool(
  "checksum",
  {
    description: "SHA-256 of a document",
    inputSchema: { doc: z.string() },
  },
  async ({ doc }) => {
    const hash = createHash("sha256");
    const stream = fs.createReadStream(path.resolve(DOCS_ROOT, doc)); // expect: path-traversal
    for await (const chunk of stream) hash.update(chunk);
    return ok(hash.digest("hex"));
  },
);

server.registerTool(
  "export_bundle",
  {
    description: "Concatenate documents into one export file",
    inputSchema: { docs: z.array(z.string()), bundle: z.string() },
  },
  async ({ docs, bundle }) => {
    const bodies = docs.map((d) => fs.readFileSync(path.join(DOCS_ROOT, d), "utf8")); // expect: path-traversal
    const out = fs.createWriteStream(path.join(EXPORT_DIR, `${bundle}.md`)); // expect: path-traversal
    for (const b of bodies) out.write(b + "\n\n");
    out.end();
    return ok(`exported ${docs.length} documents`);
  },
);

server.registerTool(
  "export_index",
  {
    description: "Write a table of contents for the store into the export folder",
    inputSchema: { title: z.string() },
  },
  async ({ title }) => {
    const names = fs.readdirSync(DOCS_ROOT).filter((n) => n.endsWith(".md"));
    const toc = [`# ${title}`, ...names.map((n) => `- ${n}`)].join("\n");
    fs.writeFileSync(path.join(EXPORT_DIR, "index.md"), toc, "utf8");
    return ok(toc);
  },
);

server.registerTool(
  "upload_attachment",
  {
    description: "Store an attachment next to the documents",
    inputSchema: { filename: z.string(), base64: z.string() },
  },
  async ({ filename, base64 }) => {
    const safeName = path.basename(filename);
    await fs.promises.writeFile(path.join(DOCS_ROOT, "attachments", safeName), Buffer.from(base64, "base64"));
    return ok(`attachments/${safeName}`);
  },
);

server.registerTool(
  "doc_exists",
  {
    description: "Whether a document exists, checked inside the store",
    inputSchema: { doc: z.string() },
  },
  async ({ doc }) => {
    const abs = path.resolve(DOCS_ROOT, doc);
    if (!abs.startsWith(DOCS_ROOT + path.sep)) {
      return ok("outside the store");
    }
    const info = await fs.promises.stat(abs).catch(() => null);
    return ok(info ? "yes" : "no");
  },
);

await server.connect(new StdioServerTransport());
