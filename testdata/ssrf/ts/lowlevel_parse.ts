#!/usr/bin/env node
// A page-to-markdown converter over the low-level Server: each call's arguments go through a zod
// schema's `parse`, which returns them unchanged. The vulnerable tool and its fixed twin differ in
// the one line checking the host.
import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { CallToolRequestSchema, ListToolsRequestSchema } from "@modelcontextprotocol/sdk/types.js";
import { z } from "zod";

const PageArgs = z.object({ url: z.string().url() });
const DOCS_HOST = "docs.example.org";

const server = new Server({ name: "page-converter", version: "0.2.0" }, { capabilities: { tools: {} } });

server.setRequestHandler(ListToolsRequestSchema, async () => ({
  tools: [
    { name: "page_to_markdown", description: "Convert a web page", inputSchema: { type: "object", properties: { url: { type: "string" } }, required: ["url"] } },
    { name: "docs_to_markdown", description: "Convert a docs page", inputSchema: { type: "object", properties: { url: { type: "string" } }, required: ["url"] } },
  ],
}));

server.setRequestHandler(CallToolRequestSchema, async (request) => {
  const { name, arguments: args } = request.params;
  switch (name) {
    case "page_to_markdown": {
      const { url } = PageArgs.parse(args);
      const response = await fetch(url); // expect: ssrf from=request
      return { content: [{ type: "text", text: await response.text() }] };
    }
    case "docs_to_markdown": {
      const { url } = PageArgs.parse(args);
      if (new URL(url).hostname !== DOCS_HOST) throw new Error("only the docs host");
      const response = await fetch(url);
      return { content: [{ type: "text", text: await response.text() }] };
    }
    default:
      throw new Error(`unknown tool ${name}`);
  }
});
