// Tool-definition objects collected in an array and registered in a loop by the server.
import { z } from "zod";
import { assertTable, countRows, pool } from "../utils/db.js";

export const countTool = {
  name: "count_rows",
  description: "Number of rows in a table",
  inputSchema: { table: z.string() },
  handler: async ({ table }: { table: string }) => {
    const n = await countRows(assertTable(table));
    return { content: [{ type: "text" as const, text: String(n) }] };
  },
};

export const deleteCustomerTool = {
  name: "delete_customer",
  description: "Delete a customer",
  inputSchema: { id: z.string() },
  handler: async (args: { id: string }) => {
    const result = await pool.query(`DELETE FROM customers WHERE id = '${args.id}'`); // expect: sql-injection
    return { content: [{ type: "text" as const, text: `${result.rowCount} deleted` }] };
  },
};

export const runQueryTool = {
  name: "run_query",
  description: "Run a read-only SQL query against the shop database",
  inputSchema: { sql: z.string() },
  handler: async ({ sql }: { sql: string }) => {
    const result = await pool.query(sql);
    return { content: [{ type: "text" as const, text: JSON.stringify(result.rows) }] };
  },
};

export const tools = [countTool, deleteCustomerTool, runQueryTool];
