// A formula and template playground (McpServer.registerTool, zod): the model writes code.
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import vm from "node:vm";
import { z } from "zod";

const server = new McpServer({ name: "formula-playground", version: "1.2.0" });

const PRESETS: Record<string, (x: number) => number> = {
  square: (x) => x * x,
  double: (x) => 2 * x,
};

server.registerTool(
  "evaluate",
  {
    description: "Evaluate a JavaScript expression",
    inputSchema: { expression: z.string() },
  },
  async ({ expression }) => {
    const value = eval(expression); // expect: code-injection
    return { content: [{ type: "text", text: String(value) }] };
  },
);

server.registerTool(
  "define_function",
  {
    description: "Define a function of x and apply it to a value",
    inputSchema: { body: z.string(), x: z.number() },
  },
  async ({ body, x }) => {
    const fn = new Function("x", `return (${body});`); // expect: code-injection
    return { content: [{ type: "text", text: String(fn(x)) }] };
  },
);

server.registerTool(
  "sandboxed_eval",
  {
    description: "Evaluate code in a fresh context",
    inputSchema: { code: z.string() },
  },
  async ({ code }) => {
    // A vm context is not a security boundary: this.constructor.constructor("return process")().
    const result = vm.runInNewContext(code, { Math }, { timeout: 100 }); // expect: code-injection
    return { content: [{ type: "text", text: JSON.stringify(result) }] };
  },
);

server.registerTool(
  "compile_script",
  {
    description: "Compile a script and run it in the shared context",
    inputSchema: { source: z.string() },
  },
  async ({ source }) => {
    const script = new vm.Script(source, { filename: "user.js" }); // expect: code-injection
    const context = vm.createContext({});
    const fromContext = vm.runInContext(source, context); // expect: code-injection
    return { content: [{ type: "text", text: String(script.runInContext(context) ?? fromContext) }] };
  },
);

server.registerTool(
  "schedule",
  {
    description: "Run a snippet after a delay",
    inputSchema: { snippet: z.string(), delayMs: z.number() },
  },
  async ({ snippet, delayMs }) => {
    setTimeout(snippet, delayMs); // expect: code-injection
    setTimeout(() => console.error(`scheduled: ${snippet}`), delayMs);
    return { content: [{ type: "text", text: "scheduled" }] };
  },
);

// --- Safe: data is parsed as data, functions come from a fixed table ---------------------------

server.registerTool(
  "parse",
  {
    description: "Parse a JSON document",
    inputSchema: { document: z.string() },
  },
  async ({ document }) => {
    const parsed = JSON.parse(document);
    return { content: [{ type: "text", text: Object.keys(parsed).join(", ") }] };
  },
);

server.registerTool(
  "apply_preset",
  {
    description: "Apply a preset function",
    inputSchema: { preset: z.enum(["square", "double"]), x: z.number() },
  },
  async ({ preset, x }) => {
    const fn = PRESETS[preset];
    const value = vm.runInNewContext("f(x)", { f: fn, x });
    return { content: [{ type: "text", text: String(value) }] };
  },
);

await server.connect(new StdioServerTransport());
