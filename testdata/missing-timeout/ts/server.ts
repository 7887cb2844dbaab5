// A package registry server: HTTP requests and child processes in tools.
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import axios from "axios";
import { execFile, execSync } from "node:child_process";
import { z } from "zod";

const REGISTRY = "https://registry.example.org";
const server = new McpServer({ name: "registry", version: "1.0.0" });

const api = axios.create({ baseURL: REGISTRY });
const boundedApi = axios.create({ baseURL: REGISTRY, timeout: 10_000 });

server.tool("package_info", { name: z.string() }, async ({ name }) => {
  const res = await fetch(`${REGISTRY}/${encodeURIComponent(name)}`); // warn: missing-timeout
  return { content: [{ type: "text", text: await res.text() }] };
});

server.tool("package_info_bounded", { name: z.string() }, async ({ name }) => {
  const res = await fetch(`${REGISTRY}/${encodeURIComponent(name)}`, { signal: AbortSignal.timeout(10_000) }); // safe: missing-timeout
  return { content: [{ type: "text", text: await res.text() }] };
});

server.tool("publish_check", { name: z.string() }, async ({ name }) => {
  const res = await fetch(`${REGISTRY}/-/check`, { method: "POST", body: JSON.stringify({ name }) }); // warn: missing-timeout
  return { content: [{ type: "text", text: await res.text() }] };
});

server.tool("downloads", { name: z.string() }, async ({ name }) => {
  const { data } = await axios.get(`${REGISTRY}/downloads/${name}`); // warn: missing-timeout
  return { content: [{ type: "text", text: JSON.stringify(data) }] };
});

server.tool("downloads_bounded", { name: z.string() }, async ({ name }) => {
  const { data } = await axios.get(`${REGISTRY}/downloads/${name}`, { timeout: 10_000 }); // safe: missing-timeout
  return { content: [{ type: "text", text: JSON.stringify(data) }] };
});

server.tool("report", { name: z.string(), reason: z.string() }, async ({ name, reason }) => {
  await axios.post(`${REGISTRY}/report`, { name, reason }); // warn: missing-timeout
  await axios({ url: `${REGISTRY}/report/ack`, method: "post" }); // warn: missing-timeout
  return { content: [{ type: "text", text: "reported" }] };
});

server.tool("maintainers", { name: z.string() }, async ({ name }) => {
  const { data } = await api.get(`/maintainers/${name}`); // warn: missing-timeout
  const more = await boundedApi.get(`/maintainers/${name}/more`); // safe: missing-timeout
  await api.post(`/maintainers/${name}/seen`, {}); // warn: missing-timeout
  return { content: [{ type: "text", text: JSON.stringify([data, more.data]) }] };
});

server.tool("npm_whoami", {}, async () => {
  const out = execSync("npm whoami --registry https://registry.example.org", { encoding: "utf8" }); // warn: missing-timeout
  const bounded = execSync("npm ping", { encoding: "utf8", timeout: 30_000 }); // safe: missing-timeout
  return { content: [{ type: "text", text: out + bounded }] };
});

server.tool("npm_pack", { name: z.string() }, async ({ name }) => {
  const text = await new Promise<string>((resolve, reject) => {
    execFile("npm", ["pack", "--dry-run", "--", name], (err, stdout) => (err ? reject(err) : resolve(stdout))); // warn: missing-timeout
  });
  return { content: [{ type: "text", text }] };
});
