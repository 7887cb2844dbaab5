// A markdown converter in plain JavaScript whose static methods take one options object
// (`Markdown.convert({ filePath, uvPath })`). The vulnerable tool and its fixed twin differ in the
// one line choosing the method.
import { exec, execFile } from "node:child_process";
import { promisify } from "node:util";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";

const execAsync = promisify(exec);
const execFileAsync = promisify(execFile);

class Markdown {
  /** Runs the converter through a shell. */
  static async convert({ filePath, tool = "markitdown" }) {
    const { stdout } = await execAsync(`${tool} "${filePath}"`); // expect: shell-injection from=file
    return stdout;
  }

  /** Runs the converter with an argument vector: no shell. */
  static async convertArgs({ filePath, tool = "markitdown" }) {
    const { stdout } = await execFileAsync(tool, [filePath]);
    return stdout;
  }
}

const server = new McpServer({ name: "markdown-converter", version: "0.1.0" });

server.tool("to_markdown", "Convert a file to markdown", { file: z.string() }, async ({ file }) => {
  const text = await Markdown.convert({ filePath: file });
  return { content: [{ type: "text", text }] };
});

server.tool("to_markdown_args", "Convert a file to markdown", { file: z.string() }, async ({ file }) => {
  const text = await Markdown.convertArgs({ filePath: file });
  return { content: [{ type: "text", text }] };
});
