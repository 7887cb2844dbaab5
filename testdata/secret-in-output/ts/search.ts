// An MCP server for a search API, holding the API key: tools that show the key (in a result, an
// error or a log) and their fixed twins.
import { readFileSync } from "node:fs";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";

const server = new McpServer({ name: "search", version: "1.0.0" });
const SEARCH_API_KEY = process.env.SEARCH_API_KEY ?? "";
const SEARCH_URL = process.env.SEARCH_URL ?? "https://search.example/api";

server.tool("config", {}, async () => {
  return { content: [{ type: "text", text: `endpoint ${SEARCH_URL}, key ${SEARCH_API_KEY}` }] }; // expect: secret-in-output
});

server.tool("config_masked", {}, async () => {
  return { content: [{ type: "text", text: `endpoint ${SEARCH_URL}, key ${SEARCH_API_KEY ? "set" : "missing"}` }] }; // safe: secret-in-output
});

server.tool("search", { q: z.string() }, async ({ q }) => {
  const key = process.env["SEARCH_API_KEY"];
  console.error(`searching ${q} with ${key}`); // warn: secret-in-output
  const r = await fetch(`${SEARCH_URL}?q=${encodeURIComponent(q)}`, { headers: { "X-Api-Key": key ?? "" } });
  if (!r.ok) {
    throw new Error(`search failed for key ${key}: ${r.status}`); // expect: secret-in-output
  }
  return { content: [{ type: "text", text: await r.text() }] };
});

server.tool("search_quiet", { q: z.string() }, async ({ q }) => {
  const key = process.env["SEARCH_API_KEY"];
  console.error(`searching ${q} with key ${key?.slice(0, 4)}…`); // safe: secret-in-output
  const r = await fetch(`${SEARCH_URL}?q=${encodeURIComponent(q)}`, { headers: { "X-Api-Key": key ?? "" } });
  if (!r.ok) {
    throw new Error(`search failed: ${r.status}`); // safe: secret-in-output
  }
  return { content: [{ type: "text", text: await r.text() }] };
});

server.tool("env_file", {}, async () => {
  const text = readFileSync(".env", "utf8");
  return { content: [{ type: "text", text }] }; // expect: secret-in-output
});

class Mailer {
  private apiKey = process.env.MAILER_KEY ?? "";

  describe(): string {
    return `mailer with key ${this.apiKey}`;
  }

  register(): void {
    server.tool("mailer_info", {}, async () => {
      return { content: [{ type: "text", text: `mailer with key ${this.apiKey}` }] }; // expect: secret-in-output
    });
  }
}

new Mailer().register();
