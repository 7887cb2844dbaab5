// Link tools (McpServer.registerTool): URLs an API returns were not chosen by the model.
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";
import { searchClient } from "algoliasearch-lite";

const server = new McpServer({ name: "links", version: "1.0.0" });
const search = searchClient("APP", "KEY");

server.registerTool(
  "open_top_hit",
  { description: "Open the best documentation hit for a query", inputSchema: { query: z.string() } },
  async ({ query }) => {
    const found = await search.searchSingleIndex({ indexName: "docs", searchParams: { query } });
    const res = await fetch(found.hits[0].url);
    return { content: [{ type: "text", text: await res.text() }] };
  },
);

server.registerTool(
  "open_link",
  { description: "Open a link given by the user", inputSchema: { link: z.string() } },
  async ({ link }) => {
    const target = link.trim().replace(/\s+/g, "");
    const res = await fetch(target); // expect: ssrf
    return { content: [{ type: "text", text: await res.text() }] };
  },
);
