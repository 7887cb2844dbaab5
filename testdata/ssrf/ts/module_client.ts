// A wiki reader (McpServer.registerTool) whose HTTP calls live in a client class instance.
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";

const WIKI_BASE = "https://wiki.internal.example/api/v2";

class WikiClient {
  constructor(private readonly base: string) {}

  async page(slug: string): Promise<string> {
    const res = await fetch(`${this.base}/pages/${encodeURIComponent(slug)}`);
    return res.text();
  }

  async attachment(url: string): Promise<ArrayBuffer> {
    const res = await fetch(url); // expect: ssrf
    return res.arrayBuffer();
  }
}

class MirrorClient {
  async fetchFile(url: string): Promise<ArrayBuffer> {
    return (await fetch(url, { redirect: "follow" })).arrayBuffer(); // expect: ssrf
  }
}

const wiki = new WikiClient(WIKI_BASE);
const server = new McpServer({ name: "wiki-reader", version: "0.4.0" });

server.registerTool(
  "read_page",
  { description: "Read a wiki page by its slug", inputSchema: { slug: z.string() } },
  async ({ slug }) => ({ content: [{ type: "text", text: await wiki.page(slug) }] }),
);

server.registerTool(
  "download_attachment",
  { description: "Download an attachment by the URL a page links to", inputSchema: { url: z.string() } },
  async ({ url }) => {
    const data = await wiki.attachment(url);
    return { content: [{ type: "text", text: `${data.byteLength} bytes` }] };
  },
);

server.registerTool(
  "download_from_mirror",
  { description: "Download a file through a fresh mirror client", inputSchema: { url: z.string() } },
  async ({ url }) => {
    const mirror = new MirrorClient();
    const data = await mirror.fetchFile(url);
    return { content: [{ type: "text", text: `${data.byteLength} bytes` }] };
  },
);
