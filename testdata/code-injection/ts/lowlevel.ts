// A rules engine behind the low-level Server: conditions arrive in the raw tools/call request.
import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { CallToolRequestSchema } from "@modelcontextprotocol/sdk/server/types.js";
import { readFile } from "node:fs/promises";
import vm from "node:vm";

const server = new Server({ name: "rules-engine", version: "2.0.0" }, { capabilities: { tools: {} } });

const RULES_DIR = "/etc/rules-engine";

server.setRequestHandler(CallToolRequestSchema, async (request) => {
  const args = request.params.arguments ?? {};
  switch (request.params.name) {
    case "test_condition": {
      const passed = globalThis.eval(`(${args.condition})`); // expect: code-injection
      return { content: [{ type: "text", text: String(passed) }] };
    }
    case "transform": {
      const fn = vm.compileFunction(String(args.body), ["record"]); // expect: code-injection
      return { content: [{ type: "text", text: JSON.stringify(fn({ id: 1 })) }] };
    }
    case "warm_up": {
      vm.runInThisContext(String(args.script)); // expect: code-injection
      return { content: [{ type: "text", text: "ok" }] };
    }
    case "poll": {
      setInterval(String(args.tick), 1000); // expect: code-injection
      return { content: [{ type: "text", text: "polling" }] };
    }
    case "run_rule_file": {
      // The tool picks which rule file runs (a path question), not its text.
      const source = await readFile(`${RULES_DIR}/${args.rule}.js`, "utf8"); // expect: path-traversal
      const verdict = vm.runInNewContext(source, { input: args.input });
      return { content: [{ type: "text", text: String(verdict) }] };
    }
    case "count": {
      const value = vm.runInNewContext("items.length", { items: args.items });
      return { content: [{ type: "text", text: String(value) }] };
    }
    default:
      throw new Error(`unknown tool ${request.params.name}`);
  }
});
