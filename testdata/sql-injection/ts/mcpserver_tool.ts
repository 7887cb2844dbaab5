#!/usr/bin/env node
// Order database tools on Postgres (pg), registered with McpServer.tool() in each overload.
import pg from "pg";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { z } from "zod";

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 5 });

const server = new McpServer({ name: "orders-db", version: "1.5.0" });

const cache = new Map<string, unknown[]>();

function rows(result: pg.QueryResult) {
  return { content: [{ type: "text" as const, text: JSON.stringify(result.rows, null, 2) }] };
}

// (name, cb): only `extra`.
server.tool("order_count", async (extra) => {
  const result = await pool.query("SELECT count(*)::int AS n FROM orders");
  extra.signal.throwIfAborted();
  return rows(result);
});

// (name, description, cb)
server.tool("table_sizes", "Row estimates for every table", async () =>
  rows(await pool.query("SELECT relname, n_live_tup FROM pg_stat_user_tables ORDER BY n_live_tup DESC")),
);

// (name, description, shape, cb)
server.tool(
  "find_customer",
  "Customers whose name contains a text",
  { name: z.string().describe("Part of the customer name") },
  async ({ name }) => rows(await pool.query(`SELECT id, name, email FROM customers WHERE name ILIKE '%${name}%'`)), // expect: sql-injection
);

server.tool(
  "get_order",
  "One order with its lines",
  { orderId: z.string() },
  async ({ orderId }) => rows(await pool.query("SELECT * FROM order_lines WHERE order_id = $1 ORDER BY line_no", [orderId])),
);

// (name, shape, cb)
server.tool("orders_since", { since: z.string(), status: z.string().optional() }, async ({ since, status }) => {
  let sql = "SELECT id, customer_id, total, status FROM orders WHERE created_at >= '" + since + "'";
  if (status) sql += ` AND status = '${status}'`;
  return rows(await pool.query(sql)); // expect: sql-injection
});

// (name, description, shape, annotations, cb)
server.tool(
  "cancel_order",
  "Cancel an open order",
  { orderId: z.string(), reason: z.string() },
  { destructiveHint: true },
  async ({ orderId, reason }) => {
    const client = await pool.connect();
    try {
      await client.query("BEGIN");
      await client.query(`UPDATE orders SET status = 'cancelled', note = '${reason}' WHERE id = ${orderId}`); // expect: sql-injection
      await client.query("INSERT INTO order_events (order_id, kind) VALUES ($1, 'cancelled')", [orderId]);
      await client.query("COMMIT");
    } catch (err) {
      await client.query("ROLLBACK");
      throw err;
    } finally {
      client.release();
    }
    return { content: [{ type: "text" as const, text: `cancelled ${orderId}` }] };
  },
);

// (name, shape, annotations, cb)
server.tool(
  "top_products",
  { limit: z.number().int().default(10), category: z.string() },
  { readOnlyHint: true },
  async ({ limit, category }) =>
    rows(
      await pool.query({
        text: `SELECT p.sku, sum(l.qty) AS sold FROM order_lines l JOIN products p USING (sku) WHERE p.category = $1 GROUP BY p.sku ORDER BY sold DESC LIMIT ${Number(limit)}`,
        values: [category],
      }),
    ),
);

server.tool(
  "orders_by_customer",
  "Orders of one customer, cached for a minute",
  { customerId: z.string() },
  async ({ customerId }) => {
    const key = `orders:${customerId}`;
    const hit = cache.get(key);
    if (hit) return { content: [{ type: "text" as const, text: JSON.stringify(hit) }] };
    const result = await pool.query("SELECT id, total, status FROM orders WHERE customer_id = $1", [customerId]);
    cache.set(key, result.rows);
    setTimeout(() => cache.delete(key), 60_000);
    return rows(result);
  },
);

server.tool(
  "orders_in_region",
  "Orders shipped to a region",
  { region: z.string() },
  async ({ region }) => {
    const query = { text: `SELECT id, total FROM orders WHERE ship_region = '${region}'`, rowMode: "array" as const };
    return rows(await pool.query(query)); // expect: sql-injection
  },
);

server.tool(
  "run_sql",
  "Run a read-only SQL statement against the orders database",
  { sql: z.string().describe("A single SELECT statement") },
  { readOnlyHint: true, openWorldHint: false },
  async ({ sql }) => {
    const client = await pool.connect();
    try {
      await client.query("BEGIN READ ONLY");
      return rows(await client.query(sql));
    } finally {
      await client.query("ROLLBACK");
      client.release();
    }
  },
);

await server.connect(new StdioServerTransport());
