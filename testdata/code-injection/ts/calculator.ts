// Spreadsheet-style calculator tools (McpServer.registerTool, SDK 1.x) that evaluate through a
// helper: the helper is as safe as what its callers check.
import vm from "node:vm";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { z } from "zod";

const server = new McpServer({ name: "calculator", version: "1.4.0" });

function evaluateArithmetic(expression: string): unknown {
  return vm.runInNewContext(expression, Object.create(null), { timeout: 50 }); // safe: code-injection
}

function evaluateFormula(formula: string, cells: Record<string, number>): unknown {
  // A vm context is not a sandbox: this.constructor.constructor("return process")() escapes it.
  return vm.runInNewContext(formula, { ...cells }, { timeout: 50 }); // expect: code-injection
}

server.registerTool(
  "calculate",
  { description: "Evaluate an arithmetic expression", inputSchema: { expression: z.string() } },
  async ({ expression }) => {
    if (!/^[\d\s+\-*\/().]+$/.test(expression)) throw new Error("only numbers, + - * / and parentheses");
    return { content: [{ type: "text", text: String(evaluateArithmetic(expression)) }] };
  },
);

server.registerTool(
  "formula",
  { description: "Evaluate a formula over named cells", inputSchema: { formula: z.string(), cells: z.record(z.number()) } },
  async ({ formula, cells }) => ({ content: [{ type: "text", text: String(evaluateFormula(formula, cells)) }] }),
);

await server.connect(new StdioServerTransport());
