// Tool-definition objects collected in an array and registered in a loop by the server.
import { rm, stat } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { ensureDir, resolveInRoot, ROOT } from "../utils/fs.js";

export const statTool = {
  name: "stat",
  description: "Size and modification time of a file",
  inputSchema: { file: z.string() },
  handler: async (args: { file: string }) => {
    const info = await stat(path.join(ROOT, args.file)); // expect: path-traversal
    return { content: [{ type: "text" as const, text: `${info.size} bytes, ${info.mtime.toISOString()}` }] };
  },
};

export const mkdirTool = {
  name: "mkdir",
  description: "Create a folder",
  inputSchema: { dir: z.string() },
  handler: async ({ dir }: { dir: string }) => {
    await ensureDir(resolveInRoot(dir));
    return { content: [{ type: "text" as const, text: `created ${dir}` }] };
  },
};

export const removeTool = {
  name: "remove",
  description: "Delete a file",
  inputSchema: { file: z.string() },
  handler: async ({ file }: { file: string }) => {
    await rm(`${ROOT}/${file}`, { force: true }); // expect: path-traversal
    return { content: [{ type: "text" as const, text: `removed ${file}` }] };
  },
};

export const fileTools = [statTool, mkdirTool, removeTool];
