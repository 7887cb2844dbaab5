// Filesystem tools limited to allowed folders, with flawed checks next to their one-line fixes
// (low-level Server, SDK 1.x). Modelled on filesystem servers whose validatePath compares the
// requested path with each allowed folder: the finding sits on the check, where the fix goes.
import fs from "fs/promises";
import path from "path";
import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { CallToolRequestSchema } from "@modelcontextprotocol/sdk/types.js";

const allowedDirectories = process.argv.slice(2).map((dir) => path.normalize(path.resolve(dir)));
const WORKSPACE = path.resolve(process.env.WORKSPACE ?? "/srv/workspace");

const server = new Server({ name: "files", version: "0.6.2" }, { capabilities: { tools: {} } });

// `/srv/allowed_evil/x` starts with `/srv/allowed`. The second check, on the real path, has the
// same flaw: each check is reported, with the sinks it lets through (the fix changes both).
async function validatePath(requestedPath: string): Promise<string> {
  const absolute = path.resolve(requestedPath);
  const isAllowed = allowedDirectories.some((dir) => absolute.startsWith(dir)); // expect: path-traversal from=request
  if (!isAllowed) {
    throw new Error(`Access denied - path outside allowed directories: ${absolute}`);
  }
  const realPath = await fs.realpath(absolute);
  const isRealPathAllowed = allowedDirectories.some((dir) => realPath.startsWith(dir)); // expect: path-traversal from=request
  if (!isRealPathAllowed) {
    throw new Error("Access denied - symlink target outside allowed directories");
  }
  return realPath;
}

async function validatePathFixed(requestedPath: string): Promise<string> {
  const absolute = path.resolve(requestedPath);
  const isAllowed = allowedDirectories.some((dir) => absolute.startsWith(dir + path.sep));
  if (!isAllowed) {
    throw new Error(`Access denied - path outside allowed directories: ${absolute}`);
  }
  const realPath = await fs.realpath(absolute);
  const isRealPathAllowed = allowedDirectories.some((dir) => realPath.startsWith(dir + path.sep));
  if (!isRealPathAllowed) {
    throw new Error("Access denied - symlink target outside allowed directories");
  }
  return realPath;
}

function isInWorkspace(candidate: string): boolean {
  return path.resolve(candidate).startsWith(WORKSPACE); // expect: path-traversal from=request
}

function isInWorkspaceFixed(candidate: string): boolean {
  return path.resolve(candidate).startsWith(WORKSPACE + path.sep);
}

server.setRequestHandler(CallToolRequestSchema, async (request) => {
  const args = request.params.arguments as Record<string, string>;
  switch (request.params.name) {
    case "read_file": {
      // One finding, at the check in validatePath, for the three operations below.
      const validPath = await validatePath(args.path);
      const stats = await fs.stat(validPath);
      const content = await fs.readFile(validPath, "utf-8");
      await fs.writeFile(`${validPath}.bak`, content);
      return { content: [{ type: "text", text: `${stats.size}: ${content}` }] };
    }
    case "read_file_fixed": {
      const validPath = await validatePathFixed(args.path);
      const content = await fs.readFile(validPath, "utf-8");
      return { content: [{ type: "text", text: content }] };
    }
    case "list_workspace": {
      if (!isInWorkspace(args.dir)) {
        throw new Error("outside the workspace");
      }
      const names = await fs.readdir(args.dir);
      return { content: [{ type: "text", text: names.join("\n") }] };
    }
    case "list_workspace_fixed": {
      if (!isInWorkspaceFixed(args.dir)) {
        throw new Error("outside the workspace");
      }
      const names = await fs.readdir(args.dir);
      return { content: [{ type: "text", text: names.join("\n") }] };
    }
    case "save_draft": {
      // `path.join` keeps `..`: the check sees `/srv/workspace/../etc/cron.d/x`.
      const target = path.join(WORKSPACE, "drafts", args.name);
      if (!target.startsWith(WORKSPACE + path.sep)) { // expect: path-traversal from=request
        throw new Error("outside the workspace");
      }
      await fs.writeFile(target, args.text, "utf-8");
      return { content: [{ type: "text", text: "saved" }] };
    }
    case "save_draft_fixed": {
      const target = path.resolve(WORKSPACE, "drafts", args.name);
      if (!target.startsWith(WORKSPACE + path.sep)) {
        throw new Error("outside the workspace");
      }
      await fs.writeFile(target, args.text, "utf-8");
      return { content: [{ type: "text", text: "saved" }] };
    }
    default:
      throw new Error(`unknown tool ${request.params.name}`);
  }
});
