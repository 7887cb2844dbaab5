// A query log over sqlite3: `get` on the database runs SQL, `get` on a Map only looks up a key.
// The two tools differ in the receiver: the database (reported) or the Map that counts how
// often each query text was asked for (silent).
import sqlite3 from "sqlite3";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";

const db = new sqlite3.Database(process.env.NOTES_DB ?? "notes.db");
const askedCounts = new Map<string, number>();
const server = new McpServer({ name: "notes", version: "1.0.0" });

server.tool("first_note", { term: z.string() }, async ({ term }) => {
  const sql = `SELECT id, title FROM notes WHERE title LIKE '%${term}%' LIMIT 1`;
  const row = db.get(sql); // expect: sql-injection from=term
  return { content: [{ type: "text", text: JSON.stringify(row) }] };
});

server.tool("times_asked", { term: z.string() }, async ({ term }) => {
  const sql = `SELECT id, title FROM notes WHERE title LIKE '%${term}%' LIMIT 1`;
  const count = askedCounts.get(sql); // a Map lookup, no SQL runs
  askedCounts.set(sql, (count ?? 0) + 1);
  return { content: [{ type: "text", text: String(count ?? 0) }] };
});

class QueryHistory {
  private readonly seen = new Set<string>();
  private readonly byText = new Map<string, string[]>();

  record(term: string): boolean {
    const sql = `SELECT id FROM notes WHERE body LIKE '%${term}%'`;
    const before = this.byText.get(sql); // a field holding a Map
    this.byText.set(sql, [...(before ?? []), term]);
    return this.seen.has(sql);
  }
}

const history = new QueryHistory();

server.tool("remember", { term: z.string() }, async ({ term }) => ({
  content: [{ type: "text", text: String(history.record(term)) }],
}));
