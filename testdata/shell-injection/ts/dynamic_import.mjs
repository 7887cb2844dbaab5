// A converter that loads child_process lazily (`await import(...)`); the vulnerable tool and its
// fixed twin differ in the one line running the converter.
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";

const server = new McpServer({ name: "lazy-converter", version: "0.1.0" });

server.tool("convert", "Convert a file", { file: z.string() }, async ({ file }) => {
  const { execSync } = await import("node:child_process");
  const out = execSync(`pandoc "${file}" -t markdown`, { encoding: "utf8" }); // expect: shell-injection from=file
  return { content: [{ type: "text", text: out }] };
});

server.tool("convert_args", "Convert a file", { file: z.string() }, async ({ file }) => {
  const { execFileSync } = await import("node:child_process");
  const out = execFileSync("pandoc", [file, "-t", "markdown"], { encoding: "utf8" });
  return { content: [{ type: "text", text: out }] };
});
