// A plugin host (McpServer.tool with zod, CommonJS-style helpers): the model names modules.
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";
import serialize from "node-serialize";
import { NodeVM } from "vm2";

const server = new McpServer({ name: "plugin-host", version: "0.4.1" });

const BUILTIN_PLUGINS = {
  markdown: "./plugins/markdown.js",
  csv: "./plugins/csv.js",
};

server.tool("load_plugin", "Load a plugin by package name", { name: z.string() }, async ({ name }) => {
  const plugin = await import(name); // expect: code-injection
  return { content: [{ type: "text", text: plugin.description ?? name }] };
});

server.tool("require_plugin", "Load a CommonJS plugin", { path: z.string() }, async ({ path }) => {
  const plugin = require(path); // expect: code-injection
  return { content: [{ type: "text", text: String(plugin.version) }] };
});

server.tool("restore", "Restore a saved session object", { state: z.string() }, async ({ state }) => {
  const session = serialize.unserialize(Buffer.from(state, "base64").toString()); // expect: code-injection
  return { content: [{ type: "text", text: Object.keys(session).join(", ") }] };
});

server.tool("run_sandboxed", "Run code in vm2", { code: z.string() }, async ({ code }) => {
  const sandbox = new NodeVM({ console: "off", require: false });
  const out = sandbox.run(code, "sandbox.js"); // expect: code-injection
  return { content: [{ type: "text", text: String(out) }] };
});

server.tool("make_adder", "Build an adder", { a: z.string(), b: z.string() }, async ({ a, b }) => {
  const add = Function(a, b, `return ${a} + ${b};`); // expect: code-injection
  return { content: [{ type: "text", text: String(add(1, 2)) }] };
});

// --- Safe: the specifier comes from a fixed table or is checked against one --------------------

server.tool("load_builtin", "Load a bundled plugin", { kind: z.enum(["markdown", "csv"]) }, async ({ kind }) => {
  const plugin = await import(BUILTIN_PLUGINS[kind]);
  return { content: [{ type: "text", text: plugin.description }] };
});

server.tool("load_checked", "Load an allowed plugin", { name: z.string() }, async ({ name }) => {
  if (!Object.keys(BUILTIN_PLUGINS).includes(name)) {
    throw new Error(`unknown plugin ${name}`);
  }
  const plugin = require(name);
  return { content: [{ type: "text", text: String(plugin.version) }] };
});

server.tool("restore_json", "Restore a saved session", { state: z.string() }, async ({ state }) => {
  const session = JSON.parse(Buffer.from(state, "base64").toString());
  return { content: [{ type: "text", text: Object.keys(session).join(", ") }] };
});
