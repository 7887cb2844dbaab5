// The tools call the converter's static methods with an object literal.
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";
import { Converter } from "./converter.js";

const server = new McpServer({ name: "doc-converter", version: "0.3.0" });

server.tool("get_file", "Read a file", { file: z.string() }, async ({ file }) => {
  const text = await Converter.get({ filePath: file });
  return { content: [{ type: "text", text: String(text) }] };
});

server.tool("get_file_inside", "Read a file", { file: z.string() }, async ({ file }) => {
  const text = await Converter.getInside({ filePath: file });
  return { content: [{ type: "text", text: String(text) }] };
});
