// Low-level server whose tools are an object of handlers, dispatched by name.
import { readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { CallToolRequestSchema } from "@modelcontextprotocol/sdk/types.js";

const ROOT = path.resolve(process.env.WORKSPACE ?? "/srv/workspace");
const server = new Server({ name: "workspace", version: "1.2.0" }, { capabilities: { tools: {} } });

type Args = Record<string, string>;

const handlers: Record<string, (args: Args) => Promise<string>> = {
  read: async (args) => readFileSync(path.join(ROOT, args.file), "utf8"), // expect: path-traversal from=request
  read_checked: async (args) => {
    const full = path.resolve(ROOT, args.file);
    if (!full.startsWith(ROOT + path.sep)) throw new Error("outside the workspace");
    return readFileSync(full, "utf8");
  },
};

server.setRequestHandler(CallToolRequestSchema, async (request) => {
  const { name, arguments: args } = request.params;
  const text = await handlers[name](args as Args);
  return { content: [{ type: "text", text }] };
});

// A cleanup table run at exit, not reachable from a tool call.
const cleanup: Record<string, (dir: string) => void> = {
  tmp: (dir) => rmSync(path.join(ROOT, dir), { recursive: true }), // safe: path-traversal
};
process.on("exit", () => cleanup.tmp("tmp"));
