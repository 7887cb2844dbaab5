#!/usr/bin/env node
// Network diagnostics in CommonJS: require() and module.exports (McpServer, SDK 1.x).
"use strict";

const { exec, execFile, spawn } = require("child_process");
const cp = require("node:child_process");
const util = require("util");
const { McpServer } = require("@modelcontextprotocol/sdk/server/mcp.js");
const { StdioServerTransport } = require("@modelcontextprotocol/sdk/server/stdio.js");
const { z } = require("zod");

const execP = util.promisify(cp.exec);

const server = new McpServer({ name: "netdiag", version: "0.5.0" });

function text(t) {
  return { content: [{ type: "text", text: t }] };
}

function collect(child) {
  return new Promise((resolve) => {
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (out += d));
    child.on("close", () => resolve(out));
  });
}

server.registerTool(
  "ping",
  { description: "Send ICMP echo requests to a host", inputSchema: { host: z.string(), count: z.number().default(3) } },
  async ({ host, count }) => text(await collect(spawn("ping", ["-c", String(Number(count)), host]))),
);

server.registerTool(
  "traceroute",
  { description: "Trace the route to a host", inputSchema: { host: z.string() } },
  async ({ host }) => text(await collect(spawn(`traceroute -m 20 ${host}`, { shell: true }))), // expect: shell-injection
);

server.registerTool(
  "dns_lookup",
  { description: "Resolve a name with dig", inputSchema: { name: z.string(), type: z.string().default("A") } },
  async ({ name, type }) => {
    const { stdout } = await execP("dig +short " + type + " " + name); // expect: shell-injection
    return text(stdout);
  },
);

server.registerTool(
  "whois",
  { description: "Registration record of a domain", inputSchema: { domain: z.string() } },
  ({ domain }) =>
    new Promise((resolve) => {
      execFile("whois", [domain], { timeout: 15000 }, (err, stdout) => resolve(text(err ? String(err) : stdout)));
    }),
);

server.registerTool(
  "http_headers",
  { description: "Response headers of a URL", inputSchema: { url: z.string() } },
  ({ url }) =>
    new Promise((resolve) => {
      exec(`curl -sI --max-time 10 '${url}'`, (err, stdout) => resolve(text(stdout))); // expect: shell-injection
    }),
);

server.registerTool("interfaces", { description: "Addresses of the local interfaces" }, async () => {
  const { stdout } = await execP("ip -brief address");
  return text(stdout);
});

server.registerTool(
  "check_port",
  { description: "Whether a TCP port accepts connections", inputSchema: { host: z.string(), port: z.number() } },
  async ({ host, port }) => {
    const r = cp.spawnSync("nc", ["-z", "-w", "3", host, String(port)]);
    return text(r.status === 0 ? "open" : "closed");
  },
);

/** Flushes the resolver cache; used by the CLI, not by a tool. */
function flushDns(iface) {
  cp.execSync(`resolvectl flush-caches && resolvectl reset-server-features ${iface}`);  // safe: shell-injection
}

async function main() {
  await server.connect(new StdioServerTransport());
}

module.exports = { server, flushDns, main };

if (require.main === module) {
  main();
}
