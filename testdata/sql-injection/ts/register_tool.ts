// Notes database on better-sqlite3, registered with McpServer.registerTool (SDK 1.11+).
import Database from "better-sqlite3";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { z } from "zod";

const db = new Database(process.env.NOTES_DB ?? "notes.db");
db.pragma("journal_mode = WAL");

const SORTABLE = ["created_at", "updated_at", "title"];

/** Coalesces repeated work under one key; nothing to do with SQL. */
class Debouncer {
  private timers = new Map<string, NodeJS.Timeout>();
  run(key: string, fn: () => void, ms = 500): void {
    clearTimeout(this.timers.get(key));
    this.timers.set(key, setTimeout(fn, ms));
  }
}

const debounce = new Debouncer();
const server = new McpServer({ name: "notes", version: "0.9.1" });

const json = (value: unknown) => ({ content: [{ type: "text" as const, text: JSON.stringify(value, null, 2) }] });

const searchConfig = {
  title: "Search notes",
  description: "Notes whose title or body contains a text",
  inputSchema: {
    text: z.string().describe("Text to look for"),
    limit: z.number().int().default(20),
  },
  annotations: { readOnlyHint: true },
};

server.registerTool("search_notes", searchConfig, async ({ text, limit }) => {
  const pattern = `%${text.replace(/[\\%_]/g, (c) => "\\" + c)}%`;
  const found = db.prepare("SELECT id, title FROM notes WHERE title LIKE ? ESCAPE '\\' OR body LIKE ? ESCAPE '\\' LIMIT ?").all(pattern, pattern, Number(limit));
  return json(found);
});

const statsConfig = { description: "Number of notes and tags" };

server.registerTool("note_stats", statsConfig, async () => {
  const notes = db.prepare("SELECT count(*) AS n FROM notes").get();
  const tags = db.prepare("SELECT count(DISTINCT tag) AS n FROM note_tags").get();
  return json({ notes, tags });
});

server.registerTool(
  "notes_by_tag",
  {
    description: "Notes carrying a tag",
    inputSchema: { tag: z.string() },
  },
  async ({ tag }) => json(db.prepare(`SELECT n.id, n.title FROM notes n JOIN note_tags t ON t.note_id = n.id WHERE t.tag = '${tag}'`).all()), // expect: sql-injection
);

server.registerTool(
  "get_note",
  {
    description: "One note by id",
    inputSchema: { id: z.number().int() },
  },
  async ({ id }) => json(db.prepare("SELECT * FROM notes WHERE id = ?").get(id)),  // safe: sql-injection
);

server.registerTool(
  "list_notes",
  {
    description: "Notes in a chosen order",
    inputSchema: { sort: z.string().default("updated_at"), descending: z.boolean().default(true) },
  },
  async ({ sort, descending }) => {
    if (!SORTABLE.includes(sort)) {
      throw new Error(`cannot sort by ${sort}`);
    }
    const direction = descending ? "DESC" : "ASC";
    return json(db.prepare(`SELECT id, title, ${sort} FROM notes ORDER BY ${sort} ${direction}`).all());
  },
);

server.registerTool(
  "recent_notes",
  {
    description: "Most recently edited notes",
    inputSchema: { order: z.string().default("updated_at DESC") },
  },
  async ({ order }) => json(db.prepare("SELECT id, title FROM notes ORDER BY " + order + " LIMIT 20").all()), // expect: sql-injection
);

server.registerTool(
  "create_note",
  {
    description: "Create a note",
    inputSchema: z.object({ title: z.string(), body: z.string(), tags: z.array(z.string()).default([]) }),
  },
  async ({ title, body, tags }) => {
    const insert = db.prepare("INSERT INTO notes (title, body) VALUES (@title, @body)");
    const tag = db.prepare("INSERT INTO note_tags (note_id, tag) VALUES (?, ?)");
    const id = db.transaction(() => {
      const info = insert.run({ title, body });
      for (const t of tags) tag.run(info.lastInsertRowid, t);
      return info.lastInsertRowid;
    })();
    debounce.run(`reindex:${title}`, () => db.exec("INSERT INTO notes_fts(notes_fts) VALUES ('optimize')"));
    return json({ id });
  },
);

server.registerTool(
  "rename_tag",
  {
    description: "Rename a tag on every note",
    inputSchema: z.object({ from: z.string(), to: z.string() }),
    annotations: { destructiveHint: true },
  },
  async ({ from, to }) => {
    const sql = `UPDATE note_tags SET tag = '${to}' WHERE tag = '${from}'`;
    const info = db.prepare(sql).run(); // expect: sql-injection
    return json({ changed: info.changes });
  },
);

server.registerTool(
  "save_search",
  {
    description: "Save a search as a view",
    inputSchema: { name: z.string(), where: z.string() },
  },
  async ({ name, where }) => {
    db.exec(`DROP VIEW IF EXISTS search_${name}; CREATE VIEW search_${name} AS SELECT * FROM notes WHERE ${where};`); // expect: sql-injection
    return json({ saved: name });
  },
);

server.registerTool(
  "explain",
  {
    description: "Query plan of a SQL statement",
    inputSchema: { sql: z.string() },
  },
  async ({ sql }) => json(db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all()), // expect: sql-injection
);

await server.connect(new StdioServerTransport());
