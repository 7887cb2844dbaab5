// Order tools.
import { z } from "zod";
import { pool, query } from "../utils/db.js";

export const ordersByStatusShape = { status: z.string() };
export const ordersReportShape = { groupBy: z.string().describe("Column to group by") };

export async function ordersByStatus({ status }: { status: string }) {
  const rows = await query("SELECT id, customer_id, total FROM orders WHERE status = $1", [status]);
  return { content: [{ type: "text" as const, text: JSON.stringify(rows) }] };
}

export async function ordersReport({ groupBy }: { groupBy: string }) {
  const { rows } = await pool.query(`SELECT ${groupBy}, sum(total) AS total FROM orders GROUP BY ${groupBy}`); // expect: sql-injection
  return { content: [{ type: "text" as const, text: JSON.stringify(rows) }] };
}
