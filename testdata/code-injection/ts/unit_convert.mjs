// Unit conversion tools in plain JavaScript (McpServer.tool, SDK 1.x). Conversion factors are
// JavaScript snippets run with `new Function`, some fixed and some taken from the caller.
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { z } from "zod";

const server = new McpServer({ name: "unit-convert", version: "0.2.1" });

function compile(body) {
  return new Function("x", `return ${body};`); // safe: code-injection
}

function compileCustom(body) {
  return new Function("x", body); // expect: code-injection
}

server.tool("scale", "Multiply a value by a decimal factor", { value: z.number(), factor: z.string() }, async ({ value, factor }) => {
  if (!/^\d+(\.\d+)?$/.test(factor)) throw new Error("factor must be a decimal number");
  return { content: [{ type: "text", text: String(compile(`x * ${factor}`)(value)) }] };
});

server.tool("custom", "Convert with a custom function body", { value: z.number(), body: z.string() }, async ({ value, body }) => {
  return { content: [{ type: "text", text: String(compileCustom(body)(value)) }] };
});

await server.connect(new StdioServerTransport());
