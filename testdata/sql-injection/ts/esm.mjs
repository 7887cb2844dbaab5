#!/usr/bin/env node
// Inventory tools in plain JavaScript ESM on pg and better-sqlite3 (McpServer, SDK 1.x).
import pg from "pg";
import Database from "better-sqlite3";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { z } from "zod";

const client = new pg.Client({ connectionString: process.env.INVENTORY_URL });
await client.connect();

const local = new Database(process.env.CACHE_DB ?? "inventory-cache.db");
const memo = new Map();

const server = new McpServer({ name: "inventory", version: "0.3.0" });

const json = (value) => ({ content: [{ type: "text", text: JSON.stringify(value, null, 2) }] });

server.tool(
  "stock_level",
  "Stock of an item across warehouses",
  { sku: z.string() },
  async ({ sku }) => {
    const cached = memo.get(`stock:${sku}`);
    if (cached) return json(cached);
    const { rows } = await client.query("SELECT warehouse, qty FROM stock WHERE sku = $1", [sku]);
    memo.set(`stock:${sku}`, rows);
    return json(rows);
  },
);

server.tool(
  "items_in_bin",
  "Items stored in a bin",
  { warehouse: z.string(), bin: z.string() },
  async ({ warehouse, bin }) => {
    const { rows } = await client.query(`SELECT sku, qty FROM stock WHERE warehouse = '${warehouse}' AND bin = '${bin}'`); // expect: sql-injection
    return json(rows);
  },
);

server.tool(
  "adjust_stock",
  "Change the quantity of an item in a warehouse",
  { sku: z.string(), warehouse: z.string(), delta: z.number() },
  { destructiveHint: false },
  async ({ sku, warehouse, delta }) => {
    await client.query("UPDATE stock SET qty = qty + $1 WHERE sku = $2 AND warehouse = $3", [Number(delta), sku, warehouse]);
    local.prepare("DELETE FROM stock_cache WHERE sku = ?").run(sku);  // safe: sql-injection
    return json({ adjusted: sku });
  },
);

server.tool(
  "cached_items",
  "Items in the local cache matching a prefix",
  { prefix: z.string() },
  async ({ prefix }) => json(local.prepare("SELECT sku, name FROM items WHERE sku LIKE '" + prefix + "%'").all()), // expect: sql-injection
);

server.tool(
  "low_stock",
  "Items below a threshold",
  { threshold: z.number().default(5) },
  async ({ threshold }) => {
    const { rows } = await client.query(`SELECT sku, sum(qty) AS total FROM stock GROUP BY sku HAVING sum(qty) < ${Number(threshold)}`);
    return json(rows);
  },
);

server.tool(
  "rebuild_cache",
  "Rebuild the local cache for one supplier",
  { supplier: z.string() },
  async ({ supplier }) => {
    local.exec(`DELETE FROM items WHERE supplier = '${supplier}'`); // expect: sql-injection
    const { rows } = await client.query("SELECT sku, name, supplier FROM items WHERE supplier = $1", [supplier]);
    const insert = local.prepare("INSERT INTO items (sku, name, supplier) VALUES (@sku, @name, @supplier)");
    local.transaction((items) => items.forEach((item) => insert.run(item)))(rows);
    return json({ cached: rows.length });
  },
);

server.tool("warehouses", "All warehouses", async () => json((await client.query("SELECT id, name FROM warehouses")).rows));

await server.connect(new StdioServerTransport());
