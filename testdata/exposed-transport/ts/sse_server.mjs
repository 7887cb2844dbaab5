// Log tail server for the build farm: low-level Server with the SSE transport on node:http.
import http from "node:http";
import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { SSEServerTransport } from "@modelcontextprotocol/sdk/server/sse.js";
import { CallToolRequestSchema, ListToolsRequestSchema } from "@modelcontextprotocol/sdk/types.js";
import { createMcpExpressApp } from "@modelcontextprotocol/sdk/server/express.js";

// The build farm uses a self-signed certificate, so someone switched verification off.
process.env.NODE_TLS_REJECT_UNAUTHORIZED = "0"; // expect: exposed-transport

const LISTEN_ADDR = "::"; // expect: exposed-transport

const server = new Server({ name: "log-tail", version: "1.0.0" }, { capabilities: { tools: {} } });

server.setRequestHandler(ListToolsRequestSchema, async () => ({
  tools: [{ name: "tail", description: "Last lines of a build log", inputSchema: { type: "object", properties: { build: { type: "string" } } } }],
}));

server.setRequestHandler(CallToolRequestSchema, async (request) => {
  const build = String(request.params.arguments?.build ?? "");
  const res = await fetch(`https://builds.internal.example/logs/${encodeURIComponent(build)}`);
  return { content: [{ type: "text", text: (await res.text()).split("\n").slice(-50).join("\n") }] };
});

let transport;
const httpServer = http.createServer(async (req, res) => {
  if (req.url === "/sse") {
    transport = new SSEServerTransport("/messages", res);  // expect: unauthenticated-transport
    await server.connect(transport);
  } else if (req.url?.startsWith("/messages")) {
    await transport.handlePostMessage(req, res);
  }
});

httpServer.listen({ port: 8081, host: LISTEN_ADDR });

// The SDK's Express helper: its `host` is the address the app is meant for.
const app = createMcpExpressApp({ host: "0.0.0.0" }); // expect: exposed-transport
app.listen(8082);

// A CI script that only reads: a child process with its own env, verification on.
const childEnv = { ...process.env, NODE_TLS_REJECT_UNAUTHORIZED: "1" };
export { app, childEnv };

// A public address with an allow-list of Host headers: deliberate and guarded.
export const publicApp = createMcpExpressApp({ host: "0.0.0.0", allowedHosts: ["logs.example.com"] });
