// GitHub lookups (McpServer.tool, SDK 1.x) through one JSON helper: the helper is as safe as the
// URLs its callers build.
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { z } from "zod";

const server = new McpServer({ name: "github-lookup", version: "0.9.0" });

async function getJson(url: string): Promise<unknown> {
  const res = await fetch(url, { headers: { accept: "application/vnd.github+json" } }); // safe: ssrf
  return res.json();
}

async function getRaw(url: string): Promise<string> {
  const res = await fetch(url); // expect: ssrf
  return res.text();
}

server.tool("repo_info", "Metadata of a repository", { owner: z.string(), repo: z.string() }, async ({ owner, repo }) => {
  const data = await getJson(`https://api.github.com/repos/${encodeURIComponent(owner)}/${encodeURIComponent(repo)}`);
  return { content: [{ type: "text", text: JSON.stringify(data) }] };
});

server.tool("release_notes", "Release notes from a download URL", { url: z.string() }, async ({ url }) => {
  // Any URL, including http://169.254.169.254/ and internal hosts.
  return { content: [{ type: "text", text: await getRaw(url) }] };
});

// A host compared as a whole, and its twin that compares only the scheme.
server.tool("gist", "Raw content of a gist file", { url: z.string() }, async ({ url }) => {
  if (new URL(url).hostname === "gist.githubusercontent.com") {
    return { content: [{ type: "text", text: await (await fetch(url)).text() }] };
  }
  throw new Error("only gist.githubusercontent.com URLs");
});

server.tool("gist_https", "Raw content of a file over https", { url: z.string() }, async ({ url }) => {
  if (new URL(url).protocol === "https:") {
    return { content: [{ type: "text", text: await (await fetch(url)).text() }] }; // expect: ssrf
  }
  throw new Error("https only");
});

await server.connect(new StdioServerTransport());
