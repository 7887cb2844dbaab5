// A JavaScript MCP server for a notes API: tools that show its credentials, and fixed twins.
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";

const server = new McpServer({ name: "notes", version: "1.0.0" });
const NOTES_TOKEN = process.env.NOTES_TOKEN ?? "";
const logger = console;

server.tool("whoami", {}, async () => {
  return { content: [{ type: "text", text: JSON.stringify({ user: "notes-bot", token: NOTES_TOKEN }) }] }; // expect: secret-in-output
});

server.tool("whoami_safe", {}, async () => {
  return { content: [{ type: "text", text: JSON.stringify({ user: "notes-bot", token: NOTES_TOKEN ? "set" : "missing" }) }] }; // safe: secret-in-output
});

server.tool("note", { id: z.string() }, async ({ id }) => {
  const r = await fetch(`https://notes.example/api/notes/${id}`, { headers: { Authorization: `Bearer ${NOTES_TOKEN}` } });
  if (r.status === 401) {
    throw new Error(`token ${NOTES_TOKEN} was refused`); // expect: secret-in-output
  }
  return { content: [{ type: "text", text: await r.text() }] };
});

server.tool("sync", {}, async () => {
  logger.info(`syncing with ${process.env.NOTES_SYNC_SECRET}`); // warn: secret-in-output
  return { content: [{ type: "text", text: "synced" }] };
});
