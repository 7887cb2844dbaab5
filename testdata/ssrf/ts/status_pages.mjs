// Status page checks in plain JavaScript (McpServer.registerTool, SDK 1.x) through an axios
// helper: the helper is as safe as the URLs its callers pass.
import axios from "axios";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { z } from "zod";

const STATUS_HOSTS = new Set(["www.githubstatus.com", "status.npmjs.org"]);
const server = new McpServer({ name: "status-pages", version: "1.0.3" });

async function summary(url) {
  const { data } = await axios.get(url, { timeout: 5000 }); // safe: ssrf
  return data;
}

async function probe(url) {
  const { status } = await axios.get(url, { timeout: 5000, validateStatus: () => true }); // expect: ssrf
  return status;
}

server.registerTool(
  "status_summary",
  { description: "Summary of a known status page", inputSchema: { page: z.string() } },
  async ({ page }) => {
    const url = new URL(page);
    if (!STATUS_HOSTS.has(url.hostname)) throw new Error("not a known status page");
    return { content: [{ type: "text", text: JSON.stringify(await summary(url.href)) }] };
  },
);

server.registerTool(
  "probe",
  { description: "HTTP status of any URL", inputSchema: { url: z.string() } },
  async ({ url }) => ({ content: [{ type: "text", text: String(await probe(url)) }] }),
);

await server.connect(new StdioServerTransport());
