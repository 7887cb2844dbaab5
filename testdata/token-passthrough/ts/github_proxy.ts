// A remote MCP server (streamable HTTP behind requireBearerAuth) that calls the GitHub API: tools
// that forward the caller's bearer token, and fixed twins that use the server's own app token or
// exchange the caller's token first.
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import axios from "axios";
import { z } from "zod";

const server = new McpServer({ name: "github-proxy", version: "1.0.0" });
const API = "https://api.github.com";
const APP_TOKEN = process.env.GITHUB_APP_TOKEN ?? "";
const TOKEN_URL = "https://login.example/oauth2/token";

server.tool("list_issues", { repo: z.string() }, async ({ repo }, extra) => {
  const token = extra.authInfo?.token;
  const r = await fetch(`${API}/repos/${repo}/issues`, { headers: { Authorization: `Bearer ${token}` } }); // expect: token-passthrough
  return { content: [{ type: "text", text: await r.text() }] };
});

server.tool("list_issues_as_app", { repo: z.string() }, async ({ repo }) => {
  const r = await fetch(`${API}/repos/${repo}/issues`, { headers: { Authorization: `Bearer ${APP_TOKEN}` } }); // safe: token-passthrough
  return { content: [{ type: "text", text: await r.text() }] };
});

server.tool("list_issues_exchanged", { repo: z.string() }, async ({ repo }, extra) => {
  const grant = await fetch(TOKEN_URL, {
    method: "POST",
    body: new URLSearchParams({
      grant_type: "urn:ietf:params:oauth:grant-type:token-exchange",
      subject_token: extra.authInfo?.token ?? "",
    }),
  });
  const { access_token } = await grant.json();
  const r = await fetch(`${API}/repos/${repo}/issues`, { headers: { Authorization: `Bearer ${access_token}` } }); // safe: token-passthrough
  return { content: [{ type: "text", text: await r.text() }] };
});

server.tool("star", { repo: z.string() }, async ({ repo }, extra) => {
  const headers = { Authorization: `Bearer ${extra.authInfo?.token}` };
  await axios.put(`${API}/user/starred/${repo}`, null, { headers }); // expect: token-passthrough
  return { content: [{ type: "text", text: "starred" }] };
});

server.tool("repo", { repo: z.string() }, async ({ repo }, extra) => {
  const r = await axios.get(`${API}/repos/${repo}`, { headers: { Authorization: `Bearer ${extra.authInfo?.token}` } }); // expect: token-passthrough
  return { content: [{ type: "text", text: JSON.stringify(r.data) }] };
});

server.tool("user", {}, async (_args, extra) => {
  const r = await axios({ url: `${API}/user`, headers: { authorization: extra.authInfo?.token } }); // expect: token-passthrough
  return { content: [{ type: "text", text: JSON.stringify(r.data) }] };
});
