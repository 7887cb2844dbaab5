// A document converter whose work is done by static methods taking one options object, called
// with an object literal (`Converter.read({ filePath })`). Each vulnerable tool has a fixed twin
// that differs in the one line choosing the method.
import { promises as fsp } from "node:fs";
import * as path from "node:path";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";

const DOCS = path.resolve("/srv/docs");

class Converter {
  /** Reads any file. */
  static async read({ filePath }: { filePath: string }): Promise<string> {
    return fsp.readFile(filePath, "utf-8"); // expect: path-traversal from=file
  }

  /** Reads a file inside the documents folder, refusing anything that leaves it. */
  static async readInside({ filePath }: { filePath: string }): Promise<string> {
    const abs = path.resolve(DOCS, filePath);
    if (!abs.startsWith(DOCS + path.sep)) {
      throw new Error("outside the documents folder");
    }
    return fsp.readFile(abs, "utf-8");
  }
}

const server = new McpServer({ name: "doc-converter", version: "0.3.0" });

server.tool("get_document", "Read a document", { file: z.string() }, async ({ file }) => {
  const text = await Converter.read({ filePath: file });
  return { content: [{ type: "text", text }] };
});

server.tool("get_document_inside", "Read a document", { file: z.string() }, async ({ file }) => {
  const text = await Converter.readInside({ filePath: file });
  return { content: [{ type: "text", text }] };
});
