// Database helpers shared by the tools.
import pg from "pg";

export const pool = new pg.Pool({ connectionString: process.env.SHOP_DB_URL, max: 8 });

export const TABLES = ["customers", "orders", "products", "invoices"];

export async function query<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
  const { rows } = await pool.query(sql, params); // expect: sql-injection
  return rows as T[];
}

/** Rows whose column equals a value; table and column come from the caller's code. */
export async function findBy(table: string, column: string, value: unknown) {
  const { rows } = await pool.query(`SELECT * FROM ${table} WHERE ${column} = $1 LIMIT 100`, [value]);
  return rows;
}

export async function selectWhere(table: string, where: string) {
  const { rows } = await pool.query(`SELECT * FROM ${table} WHERE ${where}`); // expect: sql-injection
  return rows;
}

export async function countRows(table: string): Promise<number> {
  const { rows } = await pool.query(`SELECT count(*)::int AS n FROM ${table}`);
  return rows[0].n;
}

/** Returns the table name when it is one of TABLES; throws otherwise. */
export function assertTable(table: string): string {
  if (!TABLES.includes(table)) {
    throw new Error(`unknown table ${table}`);
  }
  return table;
}
