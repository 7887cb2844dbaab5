// A server that gives axios a timeout for the whole program.
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import axios from "axios";
import { z } from "zod";

axios.defaults.timeout = 15_000;

const server = new McpServer({ name: "mirror-status", version: "1.0.0" });

server.tool("mirror_status", { mirror: z.string() }, async ({ mirror }) => {
  const { data } = await axios.get(`https://mirrors.example.org/${encodeURIComponent(mirror)}/status`); // safe: missing-timeout
  return { content: [{ type: "text", text: JSON.stringify(data) }] };
});
