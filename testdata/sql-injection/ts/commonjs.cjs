#!/usr/bin/env node
// Ticket desk in CommonJS on mysql2 callbacks: require() and module.exports (McpServer, SDK 1.x).
"use strict";

const mysql = require("mysql2");
const { McpServer } = require("@modelcontextprotocol/sdk/server/mcp.js");
const { StdioServerTransport } = require("@modelcontextprotocol/sdk/server/stdio.js");
const { z } = require("zod");

const connection = mysql.createConnection({
  host: process.env.DESK_DB_HOST || "localhost",
  user: "desk",
  password: process.env.DESK_DB_PASSWORD,
  database: "desk",
});

const server = new McpServer({ name: "ticket-desk", version: "0.6.0" });

function reply(value) {
  return { content: [{ type: "text", text: JSON.stringify(value, null, 2) }] };
}

function queryAsync(sql, values) {
  return new Promise((resolve, reject) => {
    connection.query(sql, values, (err, rows) => (err ? reject(err) : resolve(rows))); // expect: sql-injection
  });
}

server.registerTool(
  "open_tickets",
  { description: "Open tickets of a queue", inputSchema: { queue: z.string() } },
  async ({ queue }) => reply(await queryAsync("SELECT id, subject FROM tickets WHERE queue = ? AND status = 'open'", [queue])),
);

server.registerTool(
  "tickets_by_requester",
  { description: "Tickets opened by a requester", inputSchema: { email: z.string() } },
  async ({ email }) => reply(await queryAsync("SELECT id, subject, status FROM tickets WHERE requester = '" + email + "'")),
);

server.registerTool(
  "assign_ticket",
  { description: "Assign a ticket to an agent", inputSchema: { ticket: z.number(), agent: z.string() } },
  ({ ticket, agent }) =>
    new Promise((resolve, reject) => {
      connection.execute("UPDATE tickets SET assignee = ? WHERE id = ?", [agent, ticket], (err) => (err ? reject(err) : resolve(reply({ assigned: ticket }))));
    }),
);

server.registerTool(
  "add_tag",
  { description: "Tag a ticket", inputSchema: { ticket: z.number(), tag: z.string() } },
  ({ ticket, tag }) =>
    new Promise((resolve, reject) => {
      connection.execute(`INSERT INTO ticket_tags (ticket_id, tag) VALUES (${Number(ticket)}, '${tag}')`, (err) => (err ? reject(err) : resolve(reply({ tagged: ticket })))); // expect: sql-injection
    }),
);

server.registerTool("queue_sizes", { description: "Number of open tickets per queue" }, async () =>
  reply(await queryAsync("SELECT queue, count(*) AS n FROM tickets WHERE status = 'open' GROUP BY queue")),
);

server.registerTool(
  "ticket_search",
  { description: "Tickets whose subject contains a text", inputSchema: { text: z.string(), limit: z.number().default(20) } },
  async ({ text, limit }) => {
    const rows = await connection.promise().query(`SELECT id, subject FROM tickets WHERE subject LIKE ${connection.escape("%" + text + "%")} LIMIT ${Number(limit)}`);
    return reply(rows[0]);
  },
);

server.registerTool(
  "close_stale",
  { description: "Close tickets idle for some days", inputSchema: { days: z.string() } },
  async ({ days }) => {
    const [result] = await connection.promise().query(`UPDATE tickets SET status = 'closed' WHERE updated_at < NOW() - INTERVAL ${days} DAY`); // expect: sql-injection
    return reply({ closed: result.affectedRows });
  },
);

/** Archives a queue; called by the nightly job with names from its config file. */
function archiveQueue(queue, cb) {
  connection.query(`INSERT INTO tickets_archive SELECT * FROM tickets WHERE queue = '${queue}'`, cb);
}

module.exports = { server, archiveQueue };

if (require.main === module) {
  server.connect(new StdioServerTransport());
}
