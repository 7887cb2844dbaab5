// Catalog tools over Postgres that quote values with the driver's own helpers (pg's
// escapeLiteral, pg-format). Each pair differs in one line: the value quoted by the driver
// (silent) or pasted between quotes by hand (reported).
import pg from "pg";
import format from "pg-format";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";

const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
const server = new McpServer({ name: "catalog", version: "1.0.0" });

server.tool("list_tables", { schema: z.string() }, async ({ schema }) => {
  const sql = `SELECT table_name FROM information_schema.tables WHERE table_schema = ${client.escapeLiteral(schema)}`;
  const result = await client.query(sql); // quoted by the driver
  return { content: [{ type: "text", text: JSON.stringify(result.rows) }] };
});

server.tool("list_tables_by_hand", { schema: z.string() }, async ({ schema }) => {
  const sql = `SELECT table_name FROM information_schema.tables WHERE table_schema = '${schema}'`;
  const result = await client.query(sql); // expect: sql-injection from=schema
  return { content: [{ type: "text", text: JSON.stringify(result.rows) }] };
});

server.tool("count_rows", { table: z.string() }, async ({ table }) => {
  const sql = `SELECT count(*) AS n FROM ${format.ident(table)}`;
  const result = await client.query(sql); // quoted by the driver
  return { content: [{ type: "text", text: JSON.stringify(result.rows) }] };
});

server.tool("count_rows_by_hand", { table: z.string() }, async ({ table }) => {
  const sql = `SELECT count(*) AS n FROM "${table}"`;
  const result = await client.query(sql); // expect: sql-injection from=table
  return { content: [{ type: "text", text: JSON.stringify(result.rows) }] };
});

server.tool("find_customer", { email: z.string() }, async ({ email }) => {
  const sql = `SELECT id, name FROM customers WHERE email = ${format.literal(email)}`;
  const result = await client.query(sql); // quoted by the driver
  return { content: [{ type: "text", text: JSON.stringify(result.rows) }] };
});
