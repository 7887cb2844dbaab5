// Support tickets over streamable HTTP behind the SDK's bearer-token middleware.
import express from "express";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import { requireBearerAuth } from "@modelcontextprotocol/sdk/server/auth/middleware/bearerAuth.js";
import { verifier } from "./tracker_auth.js";
import { z } from "zod";

const TRACKER = process.env.TRACKER_URL ?? "https://tracker.internal.example";

function buildServer(): McpServer {
  const server = new McpServer({ name: "tickets", version: "1.2.0" });
  server.registerTool(
    "close_ticket",
    { description: "Close a ticket by id", inputSchema: { id: z.number().int() } },
    async ({ id }) => {
      const res = await fetch(`${TRACKER}/api/tickets/${id}/close`, { method: "POST" });
      return { content: [{ type: "text", text: res.ok ? "closed" : `failed: ${res.status}` }] };
    },
  );
  return server;
}

const app = express();
app.use(express.json());
app.use("/mcp", requireBearerAuth({ verifier, requiredScopes: ["tickets"] }));

app.post("/mcp", async (req, res) => {
  const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined }); // safe: unauthenticated-transport
  await buildServer().connect(transport);
  await transport.handleRequest(req, res, req.body);
});

// No host: Node listens on every interface.
app.listen(Number(process.env.PORT ?? 3000));
