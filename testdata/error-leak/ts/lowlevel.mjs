// Feed reader on the low-level Server API (plain JavaScript).
import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { CallToolRequestSchema, ListToolsRequestSchema } from "@modelcontextprotocol/sdk/types.js";

const server = new Server({ name: "feeds", version: "0.3.0" }, { capabilities: { tools: {} } });

server.setRequestHandler(ListToolsRequestSchema, async () => ({
  tools: [
    { name: "fetch_feed", description: "Fetch an RSS feed", inputSchema: { type: "object", properties: { url: { type: "string" } } } },
    { name: "env", description: "Server environment", inputSchema: { type: "object", properties: {} } },
  ],
}));

function failure(e) {
  return { content: [{ type: "text", text: e.message }], isError: true }; // safe: error-leak
}

server.setRequestHandler(CallToolRequestSchema, async (request) => {
  const { name, arguments: args } = request.params;
  if (name === "env") {
    return { content: [{ type: "text", text: Object.entries(process.env).map(([k, v]) => `${k}=${v}`).join("\n") }] }; // expect: error-leak
  }
  if (name === "fetch_feed") {
    return fetch(String(args?.url)) // expect: ssrf
      .then(async (r) => ({ content: [{ type: "text", text: await r.text() }] }))
      .catch((err) => ({ content: [{ type: "text", text: err.stack }], isError: true })); // expect: error-leak
  }
  try {
    throw new Error(`unknown tool ${name}`);
  } catch (e) {
    const trace = e.stack; // expect: error-leak
    console.error(trace);
    throw new Error(`internal error\n${trace}`);
  }
});

server.setRequestHandler(ListToolsRequestSchema, async () => {
  try {
    return { tools: [] };
  } catch (e) {
    console.error(e.stack); // safe: error-leak
    return failure(e);
  }
});

await server.connect(new StdioServerTransport());
