// Deployment status tools registered with McpServer.registerTool (SDK 1.x) and zod.
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { z } from "zod";

const API = process.env.DEPLOY_API ?? "https://deploy.internal.example";
const server = new McpServer({ name: "deploy-status", version: "1.2.0" });

server.registerTool(
  "deployment",
  {
    title: "Deployment status",
    description: "Status of the latest deployment of a service",
    inputSchema: { service: z.string().describe("Service name") },
  },
  async ({ service }) => {
    try {
      const res = await fetch(`${API}/services/${encodeURIComponent(service)}/deployments/latest`);
      return { content: [{ type: "text", text: await res.text() }] };
    } catch (err) {
      return { content: [{ type: "text", text: `lookup failed: ${(err as Error).stack}` }], isError: true }; // expect: error-leak
    }
  },
);

server.registerTool(
  "rollback",
  { description: "Roll a service back to its previous release", inputSchema: { service: z.string() } },
  async ({ service }) => {
    try {
      const res = await fetch(`${API}/services/${encodeURIComponent(service)}/rollback`, { method: "POST" });
      return { content: [{ type: "text", text: `rolled back: ${res.status}` }] };
    } catch (error) {
      const detail = error instanceof Error ? error.stack : String(error); // expect: error-leak
      return { content: [{ type: "text", text: detail ?? "unknown error" }], isError: true };
    }
  },
);

server.registerTool(
  "runtime",
  { description: "The runtime the server runs in", inputSchema: {} },
  async () => ({
    content: [
      { type: "text", text: `node ${process.version}` },
      { type: "text", text: JSON.stringify(process.env, null, 2) }, // expect: error-leak
    ],
  }),
);

server.registerTool(
  "config",
  { description: "Effective configuration", inputSchema: {} },
  async () => {
    const effective = { api: API, ...process.env }; // expect: error-leak
    return { content: [{ type: "text", text: JSON.stringify(effective) }] };
  },
);

// --- Near misses --------------------------------------------------------------------------

server.registerTool(
  "history",
  { description: "Recent deployments of a service", inputSchema: { service: z.string() } },
  async ({ service }) => {
    try {
      const res = await fetch(`${API}/services/${encodeURIComponent(service)}/deployments`);
      return { content: [{ type: "text", text: await res.text() }] };
    } catch (err) {
      console.error(err instanceof Error ? err.stack : err); // safe: error-leak
      const message = err instanceof Error ? err.message : String(err);
      return { content: [{ type: "text", text: `history failed: ${message}` }], isError: true }; // safe: error-leak
    }
  },
);

server.registerTool(
  "region",
  { description: "Which region the server deploys to", inputSchema: {} },
  async () => ({
    content: [{ type: "text", text: `${process.env.DEPLOY_REGION ?? "eu-west-1"} (${Object.keys(process.env).length} variables set)` }],
  }),
);

await server.connect(new StdioServerTransport());
