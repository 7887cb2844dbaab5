// HTTP tools on McpServer.registerTool (zod): some take whole URLs, some only ids.
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import axios from "axios";
import got from "got";
import http from "node:http";
import https from "node:https";
import ky from "ky";
import nodeFetch from "node-fetch";
import { request as undiciRequest } from "undici";
import { z } from "zod";

const server = new McpServer({ name: "http-tools", version: "1.0.0" });

const API_BASE = process.env.API_BASE ?? "https://api.example.com/v1";
const STATUS_URL = "https://status.example.com";

server.registerTool(
  "fetch_url",
  { description: "Fetch a URL and return its body", inputSchema: { url: z.string().url() } },
  async ({ url }) => {
    const res = await fetch(url); // expect: ssrf
    return { content: [{ type: "text", text: await res.text() }] };
  },
);

server.registerTool(
  "get_json",
  { description: "GET a JSON endpoint", inputSchema: { endpoint: z.string() } },
  async ({ endpoint }) => {
    const { data } = await axios.get(endpoint, { timeout: 5000 }); // expect: ssrf
    return { content: [{ type: "text", text: JSON.stringify(data) }] };
  },
);

server.registerTool(
  "request",
  { description: "Send an HTTP request", inputSchema: { url: z.string(), method: z.string() } },
  async ({ url, method }) => {
    const { data } = await axios({ url, method }); // expect: ssrf
    return { content: [{ type: "text", text: JSON.stringify(data) }] };
  },
);

server.registerTool(
  "download",
  { description: "Download a file", inputSchema: { source: z.string() } },
  async ({ source }) => {
    const body = await got(source).text(); // expect: ssrf
    const viaKy = await ky.get(source).text(); // expect: ssrf
    const viaNodeFetch = await nodeFetch(source); // expect: ssrf
    const viaUndici = await undiciRequest(source); // expect: ssrf
    return { content: [{ type: "text", text: `${body.length} ${viaKy.length} ${viaNodeFetch.status} ${viaUndici.statusCode}` }] };
  },
);

server.registerTool(
  "probe",
  { description: "Probe a host over HTTP", inputSchema: { host: z.string(), port: z.number() } },
  async ({ host, port }) => {
    const status = await new Promise<number>((resolve, reject) => {
      http.get(`http://${host}:${port}/`, (res) => resolve(res.statusCode ?? 0)).on("error", reject); // expect: ssrf
    });
    https.request({ hostname: host, path: "/health", method: "HEAD" }).end(); // expect: ssrf
    return { content: [{ type: "text", text: String(status) }] };
  },
);

server.registerTool(
  "webhook",
  { description: "Post an event to a webhook", inputSchema: { hook: z.string(), event: z.string() } },
  async ({ hook, event }) => {
    await got.post(`${hook}/events`, { json: { event } }); // expect: ssrf
    return { content: [{ type: "text", text: "sent" }] };
  },
);

server.registerTool(
  "health",
  { description: "Check a service's health endpoint", inputSchema: { service: z.string() } },
  async ({ service }) => {
    const options = { hostname: service, port: 8080, path: "/healthz", method: "GET" };
    const req = http.request(options); // expect: ssrf
    req.end();
    return { content: [{ type: "text", text: "requested" }] };
  },
);

// --- Safe: the host is fixed before the input --------------------------------------------------

server.registerTool(
  "report",
  { description: "Send a usage report", inputSchema: { note: z.string() } },
  async ({ note }) => {
    const payload = JSON.stringify({ note });
    const options = {
      hostname: "telemetry.example.com",
      path: "/v1/reports",
      method: "POST",
      headers: { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(payload) },
    };
    const req = https.request(options);
    req.end(payload);
    return { content: [{ type: "text", text: "sent" }] };
  },
);

server.registerTool(
  "get_item",
  { description: "Read one item", inputSchema: { id: z.string() } },
  async ({ id }) => {
    const res = await fetch(`${API_BASE}/items/${encodeURIComponent(id)}`);
    return { content: [{ type: "text", text: await res.text() }] };
  },
);

server.registerTool(
  "get_user",
  { description: "Read one user", inputSchema: { login: z.string() } },
  async ({ login }) => {
    const { data } = await axios.get(`https://api.github.com/users/${login}`);
    const repos = await got(STATUS_URL + "/users/" + login).json();
    return { content: [{ type: "text", text: JSON.stringify({ data, repos }) }] };
  },
);

server.registerTool(
  "search",
  { description: "Search the catalogue", inputSchema: { query: z.string(), url: z.string() } },
  async ({ query, url }) => {
    const target = new URL(`/search?q=${encodeURIComponent(query)}`, API_BASE);
    const res = await fetch(target, { method: "POST", body: JSON.stringify({ query, url }) });
    await axios.post(`${API_BASE}/audit`, { url });
    return { content: [{ type: "text", text: await res.text() }] };
  },
);

await server.connect(new StdioServerTransport());
