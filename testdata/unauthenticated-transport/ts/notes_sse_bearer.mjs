// Meeting notes over SSE (legacy transport), plain JavaScript, with a bearer check on each route.
import express from "express";
import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { SSEServerTransport } from "@modelcontextprotocol/sdk/server/sse.js";
import { CallToolRequestSchema, ListToolsRequestSchema } from "@modelcontextprotocol/sdk/types.js";

const notes = new Map();
const server = new Server({ name: "meeting-notes", version: "0.3.1" }, { capabilities: { tools: {} } });

server.setRequestHandler(ListToolsRequestSchema, async () => ({
  tools: [{ name: "get_note", description: "A meeting note by id", inputSchema: { type: "object", properties: { id: { type: "string" } } } }],
}));
server.setRequestHandler(CallToolRequestSchema, async (request) => ({
  content: [{ type: "text", text: notes.get(request.params.arguments.id) ?? "not found" }],
}));

const app = express();
let transport;

function checkBearer(req, res, next) {
  const header = req.headers.authorization ?? "";
  if (header !== `Bearer ${process.env.NOTES_TOKEN}`) return res.status(401).end();
  next();
}

app.get("/sse", checkBearer, async (_req, res) => {
  transport = new SSEServerTransport("/messages", res); // safe: unauthenticated-transport
  await server.connect(transport);
});

app.post("/messages", checkBearer, async (req, res) => {
  await transport.handlePostMessage(req, res);
});

app.listen(3001, () => console.log("meeting notes on :3001"));
