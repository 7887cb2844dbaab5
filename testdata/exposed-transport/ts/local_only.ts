// Clipboard history over streamable HTTP, for the local desktop only.
import express from "express";
import cors from "cors";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import { z } from "zod";

const history: string[] = [];
const server = new McpServer({ name: "clipboard-history", version: "2.0.1" });

server.registerTool(
  "recent_clips",
  { description: "The most recent clipboard entries", inputSchema: { count: z.number().int().max(50) } },
  async ({ count }) => ({ content: [{ type: "text", text: history.slice(-count).join("\n") }] }),
);

const app = express();
app.use(express.json());
// Every origin, no credentials: the Inspector can connect, no cookies are involved.
app.use(cors({ origin: "*", exposedHeaders: ["Mcp-Session-Id"] }));

app.post("/mcp", async (req, res) => {
  const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });  // expect: unauthenticated-transport
  await server.connect(transport);
  await transport.handleRequest(req, res, req.body);
});

const host = process.env.CLIPBOARD_HOST ?? "127.0.0.1";
app.listen(Number(process.env.PORT ?? 3333), host);  // safe: exposed-transport

// Node listens on every interface when no host is given; mcplint only reports an address that
// is written down (see the rule's documentation), so this line is not a finding.
app.listen(3334);
