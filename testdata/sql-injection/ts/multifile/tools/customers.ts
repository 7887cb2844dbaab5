// Customer tools.
import { z } from "zod";
import { findBy, query } from "../utils/db.js";

export const searchCustomersShape = { name: z.string().describe("Start of the customer's name") };
export const getCustomerShape = { id: z.string() };

export async function searchCustomers({ name }: { name: string }) {
  const rows = await query(`SELECT id, name, email FROM customers WHERE name ILIKE '${name}%' ORDER BY name`);
  return { content: [{ type: "text" as const, text: JSON.stringify(rows) }] };
}

export async function getCustomer({ id }: { id: string }) {
  const rows = await findBy("customers", "id", id);
  return { content: [{ type: "text" as const, text: JSON.stringify(rows[0] ?? null) }] };
}
