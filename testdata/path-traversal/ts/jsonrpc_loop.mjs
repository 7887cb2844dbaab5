// A hand-written MCP server over stdio: no SDK, a JSON-RPC loop and a table of tools.
import { readFileSync } from "node:fs";
import path from "node:path";
import readline from "node:readline";

const ROOT = path.resolve(process.env.DOCS ?? "/srv/docs");

function readDoc({ name }) {
  return readFileSync(path.join(ROOT, name), "utf8"); // expect: path-traversal from=name
}

function readCheckedDoc({ name }) {
  return readFileSync(path.join(ROOT, path.basename(name)), "utf8");
}

const TOOLS = { read_doc: readDoc, read_checked_doc: readCheckedDoc };

const rl = readline.createInterface({ input: process.stdin });
rl.on("line", (line) => {
  const msg = JSON.parse(line);
  let result;
  if (msg.method === "tools/list") {
    result = { tools: Object.keys(TOOLS).map((name) => ({ name, inputSchema: { type: "object" } })) };
  } else if (msg.method === "tools/call") {
    const text = TOOLS[msg.params.name](msg.params.arguments);
    result = { content: [{ type: "text", text }] };
  }
  process.stdout.write(JSON.stringify({ jsonrpc: "2.0", id: msg.id, result }) + "\n");
});
