// Workspace file tools (McpServer, SDK 1.x) whose base directory is optional configuration:
// with FILES_ROOT unset the server reads anywhere by the operator's choice; with it set, every
// path is checked against it. A check run only when its own root is configured contains; one run
// only under an unrelated switch does not.
import fs from "node:fs/promises";
import path from "node:path";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";

const server = new McpServer({ name: "workspace", version: "2.1.0" });

const text = (t: string) => ({ content: [{ type: "text" as const, text: t }] });

class Workspace {
  private baseDir: string | null = process.env.FILES_ROOT ?? null;
  private strict = process.env.FILES_STRICT === "1";

  resolvePath(requested: string): string {
    const absolute = path.normalize(requested);
    if (this.baseDir) {
      const base = path.normalize(this.baseDir ?? "/");
      if (!absolute.startsWith(base + path.sep) && absolute !== base) {
        throw new Error(`${requested} is outside the workspace`);
      }
    }
    return absolute;
  }

  resolveLoose(requested: string): string {
    const absolute = path.normalize(requested);
    if (this.strict) {
      const base = path.normalize(this.baseDir ?? "/");
      if (!absolute.startsWith(base + path.sep) && absolute !== base) {
        throw new Error(`${requested} is outside the workspace`);
      }
    }
    return absolute;
  }
}

export const workspace = new Workspace();

server.tool("read_file", "Read a workspace file", { file: z.string() }, async ({ file }) => {
  const absolute = workspace.resolvePath(file);
  return text(await fs.readFile(absolute, "utf8")); // safe: path-traversal
});

server.tool("read_file_loose", "Read a workspace file", { file: z.string() }, async ({ file }) => {
  const absolute = workspace.resolveLoose(file);
  return text(await fs.readFile(absolute, "utf8")); // expect: path-traversal from=file
});
