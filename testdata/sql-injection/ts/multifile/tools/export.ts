// Export tool, the module's default export.
import { z } from "zod";
import { assertTable, selectWhere } from "../utils/db.js";

export const exportShape = { table: z.string(), where: z.string().default("true") };

export default async function exportTable({ table, where }: { table: string; where: string }) {
  const rows = await selectWhere(assertTable(table), where);
  return { content: [{ type: "text" as const, text: JSON.stringify(rows) }] };
}
