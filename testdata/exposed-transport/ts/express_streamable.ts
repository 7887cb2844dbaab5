// Team wiki search over streamable HTTP: McpServer.registerTool + Express (SDK 1.x).
import https from "node:https";
import cors from "cors";
import express from "express";
import { randomUUID } from "node:crypto";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import { z } from "zod";

const WIKI_URL = process.env.WIKI_URL ?? "https://wiki.internal.example";
const PORT = Number(process.env.PORT ?? 3000);
const HOST = process.env.HOST || "0.0.0.0"; // expect: exposed-transport

const insecureAgent = new https.Agent({ rejectUnauthorized: false }); // expect: exposed-transport
const strictAgent = new https.Agent({ rejectUnauthorized: process.env.NODE_ENV === "production" });

function buildServer(): McpServer {
  const server = new McpServer({ name: "wiki-search", version: "0.4.0" });
  server.registerTool(
    "search_wiki",
    {
      title: "Search the wiki",
      description: "Full-text search over wiki pages",
      inputSchema: { query: z.string().describe("Words to look for") },
    },
    async ({ query }) => {
      const res = await fetch(`${WIKI_URL}/search?q=${encodeURIComponent(query)}`);
      return { content: [{ type: "text", text: await res.text() }] };
    },
  );
  return server;
}

const app = express();
app.use(express.json());
// Reflecting every origin and allowing cookies: any page can drive the tools as the user.
app.use(cors({ origin: true, credentials: true, exposedHeaders: ["Mcp-Session-Id"] })); // expect: exposed-transport

const transports: Record<string, StreamableHTTPServerTransport> = {};

app.post("/mcp", async (req, res) => {
  const sessionId = req.headers["mcp-session-id"] as string | undefined;
  let transport = sessionId ? transports[sessionId] : undefined;
  if (!transport) {
    transport = new StreamableHTTPServerTransport({  // expect: unauthenticated-transport
      sessionIdGenerator: () => randomUUID(),
      // Off is the SDK default: writing it down changes nothing.
      enableDnsRebindingProtection: false,
      onsessioninitialized: (id) => {
        transports[id] = transport!;
      },
    });
    await buildServer().connect(transport);
  }
  await transport.handleRequest(req, res, req.body);
});

app.listen(PORT, HOST, () => {
  console.log(`wiki-search listening on http://${HOST}:${PORT}/mcp`);
});

export { insecureAgent, strictAgent };
