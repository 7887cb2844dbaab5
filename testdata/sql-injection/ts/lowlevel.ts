#!/usr/bin/env node
// Issue tracker on sqlite3 over the low-level Server, with 2.x method-name handlers.
import sqlite3 from "sqlite3";
import { Server, StdioServerTransport, type CallToolRequest, type CallToolResult } from "@modelcontextprotocol/server";
import { z } from "zod";

const db = new sqlite3.Database(process.env.TRACKER_DB ?? "tracker.db");

const STATES = ["open", "in_progress", "closed"];

const ListArgs = z.object({ state: z.string().default("open"), assignee: z.string().optional(), limit: z.number().default(50) });
const CommentArgs = z.object({ issue: z.number(), author: z.string(), body: z.string() });

function all<T>(sql: string, params: unknown[] = []): Promise<T[]> {
  return new Promise((resolve, reject) => {
    db.all(sql, params, (err, rows) => (err ? reject(err) : resolve(rows as T[]))); // expect: sql-injection from=request
  });
}

function ok(value: unknown): CallToolResult {
  return { content: [{ type: "text", text: JSON.stringify(value, null, 2) }] };
}

const server = new Server({ name: "tracker", version: "2.0.0" }, { capabilities: { tools: {} } });

server.setRequestHandler("tools/list", async () => ({
  tools: [
    { name: "list_issues", description: "Issues in a state", inputSchema: { type: "object", properties: { state: { type: "string" }, assignee: { type: "string" }, limit: { type: "number" } } } },
    { name: "get_issue", description: "One issue", inputSchema: { type: "object", properties: { id: { type: "number" } }, required: ["id"] } },
    { name: "search_issues", description: "Issues whose title matches", inputSchema: { type: "object", properties: { text: { type: "string" } }, required: ["text"] } },
    { name: "add_comment", description: "Comment on an issue", inputSchema: { type: "object", properties: { issue: { type: "number" }, author: { type: "string" }, body: { type: "string" } } } },
    { name: "close_issues", description: "Close several issues", inputSchema: { type: "object", properties: { ids: { type: "string" } } } },
    { name: "label_issue", description: "Add a label to an issue", inputSchema: { type: "object", properties: { id: { type: "number" }, label: { type: "string" } } } },
  ],
}));

server.setRequestHandler("tools/call", async (request, ctx) => {
  const { name, arguments: args } = request.params;
  switch (name) {
    case "list_issues": {
      const { state, assignee, limit } = ListArgs.parse(args);
      if (!STATES.includes(state)) {
        return { content: [{ type: "text", text: `unknown state ${state}` }], isError: true };
      }
      let sql = `SELECT id, title, assignee FROM issues WHERE state = '${state}'`;
      if (assignee) sql += ` AND assignee = '${assignee}'`;
      sql += ` LIMIT ${Number(limit)}`;
      return ok(await all(sql));
    }
    case "get_issue": {
      const id = Number(args?.id);
      const issue = await new Promise((resolve, reject) => db.get("SELECT * FROM issues WHERE id = ?", [id], (err, row) => (err ? reject(err) : resolve(row))));
      return ok(issue);
    }
    case "search_issues":
      return ok(await all("SELECT id, title FROM issues WHERE title LIKE '%" + request.params.arguments?.text + "%'"));
    case "add_comment": {
      const { issue, author, body } = await CommentArgs.parseAsync(args);
      await new Promise<void>((resolve, reject) =>
        db.run("INSERT INTO comments (issue_id, author, body) VALUES (?, ?, ?)", [issue, author, body], (err) => (err ? reject(err) : resolve())),
      );
      return ok({ added: true });
    }
    case "close_issues":
      return closeIssues(request);
    case "label_issue":
      return labelIssue(request.params);
    default:
      throw new Error(`Unknown tool: ${name}`);
  }
});

function closeIssues(request: CallToolRequest): Promise<CallToolResult> {
  const ids = String(request.params.arguments?.ids ?? "");
  return new Promise((resolve, reject) => {
    db.run(`UPDATE issues SET state = 'closed' WHERE id IN (${ids})`, (err) => (err ? reject(err) : resolve(ok({ closed: ids })))); // expect: sql-injection from=request
  });
}

function labelIssue(params: CallToolRequest["params"]): Promise<CallToolResult> {
  const { id, label } = params.arguments as { id: number; label: string };
  return new Promise((resolve, reject) => {
    db.exec(`INSERT INTO labels (issue_id, label) VALUES (${Number(id)}, '${label}')`, (err) => (err ? reject(err) : resolve(ok({ labelled: id })))); // expect: sql-injection from=request
  });
}

/** Nightly cleanup, run by the scheduler with a fixed table list. */
export function vacuumTable(table: string): void {
  db.exec(`DELETE FROM ${table} WHERE deleted_at < date('now', '-30 days'); VACUUM;`);
}

await server.connect(new StdioServerTransport());
