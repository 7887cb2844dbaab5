// Shared bookmarks over streamable HTTP for the whole LAN, plain JavaScript.
import express from "express";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";

const bookmarks = [];
const server = new McpServer({ name: "bookmarks", version: "1.0.0" });
server.tool("list_bookmarks", "Every saved bookmark", async () => ({
  content: [{ type: "text", text: bookmarks.join("\n") }],
}));

const app = express();
app.use(express.json());
app.post("/mcp", async (req, res) => {
  const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined }); // expect: unauthenticated-transport
  await server.connect(transport);
  await transport.handleRequest(req, res, req.body);
});

app.listen(4000, "0.0.0.0"); // expect: exposed-transport
