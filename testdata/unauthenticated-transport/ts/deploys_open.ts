// Deployment status over SSE (legacy transport); the host comes from the environment.
import express from "express";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { SSEServerTransport } from "@modelcontextprotocol/sdk/server/sse.js";
import { z } from "zod";

const server = new McpServer({ name: "deploys", version: "0.9.0" });
server.registerTool(
  "deploy_status",
  { description: "Status of the last deploy of a service", inputSchema: { service: z.enum(["api", "web"]) } },
  async ({ service }) => ({ content: [{ type: "text", text: `${service}: green` }] }),
);

const app = express();
const transports = new Map<string, SSEServerTransport>();

app.get("/sse", async (_req, res) => {
  const transport = new SSEServerTransport("/messages", res); // warn: unauthenticated-transport
  transports.set(transport.sessionId, transport);
  await server.connect(transport);
});

app.post("/messages", async (req, res) => {
  const transport = transports.get(String(req.query.sessionId));
  if (!transport) return res.status(404).end();
  await transport.handlePostMessage(req, res);
});

const HOST = process.env.DEPLOYS_HOST ?? "127.0.0.1";
app.listen(8080, HOST);
