#!/usr/bin/env node
// Upload area over the low-level Server and setRequestHandler (SDK 1.x).
import * as fs from "node:fs/promises";
import path from "node:path";
import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import {
  CallToolRequestSchema,
  ListResourcesRequestSchema,
  ListToolsRequestSchema,
  ReadResourceRequestSchema,
  type CallToolRequest,
  type CallToolResult,
} from "@modelcontextprotocol/sdk/types.js";
import { z } from "zod";

const UPLOADS = path.resolve(process.env.UPLOAD_DIR ?? "/srv/uploads");
const TRASH = path.join(UPLOADS, ".trash");

const ReadArgs = z.object({ file: z.string(), encoding: z.enum(["utf8", "base64"]).default("utf8") });
const WriteArgs = z.object({ file: z.string(), content: z.string() });

const server = new Server(
  { name: "uploads", version: "1.1.0" },
  { capabilities: { tools: {}, resources: {} } },
);

const reply = (text: string): CallToolResult => ({ content: [{ type: "text", text }] });

server.setRequestHandler(ListToolsRequestSchema, async () => ({
  tools: [
    { name: "read_upload", description: "Read an uploaded file", inputSchema: { type: "object", properties: { file: { type: "string" }, encoding: { type: "string" } }, required: ["file"] } },
    { name: "write_upload", description: "Store a file", inputSchema: { type: "object", properties: { file: { type: "string" }, content: { type: "string" } }, required: ["file", "content"] } },
    { name: "list_uploads", description: "List a folder of uploads", inputSchema: { type: "object", properties: { folder: { type: "string" } } } },
    { name: "trash_upload", description: "Move a file to the trash", inputSchema: { type: "object", properties: { file: { type: "string" } }, required: ["file"] } },
    { name: "empty_trash", description: "Delete everything in the trash", inputSchema: { type: "object", properties: {} } },
  ],
}));

server.setRequestHandler(CallToolRequestSchema, async (request) => {
  const { name, arguments: args } = request.params;

  switch (name) {
    case "read_upload": {
      const { file, encoding } = ReadArgs.parse(args);
      const data = await fs.readFile(path.join(UPLOADS, file)); // expect: path-traversal
      return reply(data.toString(encoding));
    }
    case "write_upload": {
      const { file, content } = WriteArgs.parse(args);
      const target = path.resolve(UPLOADS, file);
      if (!target.startsWith(UPLOADS + path.sep)) {
        return { content: [{ type: "text", text: "path escapes the upload area" }], isError: true };
      }
      await fs.mkdir(path.dirname(target), { recursive: true });
      await fs.writeFile(target, content);
      return reply(`stored ${file}`);
    }
    case "list_uploads": {
      const folder = String(request.params.arguments?.folder ?? ".");
      const entries = await fs.readdir(path.join(UPLOADS, folder)); // expect: path-traversal
      return reply(entries.join("\n"));
    }
    case "trash_upload":
      return trashUpload(request);
    case "empty_trash": {
      for (const entry of await fs.readdir(TRASH)) {
        await fs.rm(path.join(TRASH, entry), { recursive: true, force: true });
      }
      return reply("trash emptied");
    }
    default:
      throw new Error(`Unknown tool: ${name}`);
  }
});

async function trashUpload(request: CallToolRequest): Promise<CallToolResult> {
  const file = request.params.arguments?.file as string;
  await fs.mkdir(TRASH, { recursive: true });
  await fs.rename(path.join(UPLOADS, file), path.join(TRASH, path.basename(file))); // expect: path-traversal
  return reply(`moved ${file} to the trash`);
}

// Exported for the HTTP entry point; its parameter type makes the arguments a source.
export async function restoreUpload(request: CallToolRequest): Promise<CallToolResult> {
  const { file } = request.params.arguments as { file: string };
  await fs.copyFile(path.join(TRASH, path.basename(file)), path.join(UPLOADS, file)); // expect: path-traversal
  return reply(`restored ${file}`);
}

server.setRequestHandler(ListResourcesRequestSchema, async () => ({
  resources: (await fs.readdir(UPLOADS)).map((n) => ({ uri: `upload:///${n}`, name: n })),
}));

server.setRequestHandler(ReadResourceRequestSchema, async (request) => {
  const rel = decodeURIComponent(new URL(request.params.uri).pathname);
  const text = await fs.readFile(path.join(UPLOADS, rel), "utf8"); // expect: path-traversal
  return { contents: [{ uri: request.params.uri, mimeType: "text/plain", text }] };
});

await server.connect(new StdioServerTransport());
