// A git checkout exposed through resource templates and prompts (McpServer, SDK 1.13+).
import { createReadStream, readFileSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import { join, resolve, sep } from "node:path";
import { McpServer, ResourceTemplate } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { z } from "zod";

const REPO = resolve(process.env.REPO_PATH ?? ".");
const LOG_DIR = "/var/log/app";
const CONFIG_FILES = ["package.json", "tsconfig.json", ".editorconfig"];

const server = new McpServer({ name: "repo-browser", version: "0.8.0" });

// Static resource: no client-controlled values.
server.registerResource(
  "readme",
  "repo://README.md",
  { title: "README", description: "The repository README", mimeType: "text/markdown" },
  async (uri) => ({ contents: [{ uri: uri.href, text: await readFile(join(REPO, "README.md"), "utf8") }] }),
);

server.registerResource(
  "file",
  new ResourceTemplate("repo://{+path}", { list: undefined }),
  { description: "A file in the repository", mimeType: "text/plain" },
  async (uri, { path }) => ({
    contents: [{ uri: uri.href, text: await readFile(join(REPO, String(path)), "utf8") }], // expect: path-traversal
  }),
);

server.registerResource(
  "raw",
  new ResourceTemplate("raw:///{+rest}", { list: undefined }),
  { description: "A file addressed by the URI path" },
  async (uri) => {
    const rel = decodeURIComponent(uri.pathname);
    return { contents: [{ uri: uri.href, blob: readFileSync(REPO + rel).toString("base64") }] }; // expect: path-traversal
  },
);

server.registerResource(
  "doc",
  new ResourceTemplate("docs://{name}", { list: undefined }),
  { description: "A page of the docs folder" },
  async (uri, variables) => {
    const docsRoot = join(REPO, "docs");
    const abs = resolve(docsRoot, String(variables.name));
    if (!abs.startsWith(docsRoot + sep)) {
      throw new Error("not a docs page");
    }
    return { contents: [{ uri: uri.href, text: await readFile(abs, "utf8") }] };
  },
);

server.registerResource(
  "config",
  new ResourceTemplate("config://{name}", {
    list: async () => ({ resources: CONFIG_FILES.map((n) => ({ uri: `config://${n}`, name: n })) }),
  }),
  { description: "A configuration file at the repository root" },
  async (uri, { name }) => {
    const file = String(name);
    if (!CONFIG_FILES.includes(file)) {
      throw new Error(`unknown config file ${file}`);
    }
    return { contents: [{ uri: uri.href, text: await readFile(join(REPO, file), "utf8") }] };
  },
);

// 1.x `resource(name, template, cb)`.
server.resource("log", new ResourceTemplate("logs://{name}", { list: undefined }), async (uri, { name }) => {
  const chunks: Buffer[] = [];
  for await (const chunk of createReadStream(`${LOG_DIR}/${name}.log`)) chunks.push(chunk as Buffer); // expect: path-traversal
  return { contents: [{ uri: uri.href, text: Buffer.concat(chunks).toString("utf8") }] };
});

server.registerPrompt(
  "review-file",
  {
    title: "Review a file",
    description: "Ask for a code review of one file",
    argsSchema: { file: z.string().describe("Path relative to the repository") },
  },
  ({ file }) => ({
    messages: [
      { role: "user", content: { type: "text", text: `Review this file:\n\n${readFileSync(join(REPO, file), "utf8")}` } }, // expect: path-traversal
    ],
  }),
);

// 1.x `prompt(name, description, argsShape, cb)`.
server.prompt("summarise-folder", "Summarise the files of a folder", { folder: z.string() }, async ({ folder }) => {
  const names = await readdir(join(REPO, folder)); // expect: path-traversal
  return { messages: [{ role: "user", content: { type: "text", text: `Summarise a folder holding: ${names.join(", ")}` } }] };
});

server.prompt("changelog", "Draft release notes from the changelog", async () => ({
  messages: [{ role: "user", content: { type: "text", text: await readFile(join(REPO, "CHANGELOG.md"), "utf8") } }],
}));

await server.connect(new StdioServerTransport());
