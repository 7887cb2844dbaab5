// Library catalogue on Sequelize; query building lives in helpers of the same file.
import { QueryTypes, Sequelize } from "sequelize";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { z } from "zod";

const sequelize = new Sequelize(process.env.LIBRARY_DB_URL ?? "sqlite:library.db", { logging: false });

const server = new McpServer({ name: "library", version: "1.1.0" });

const json = (value: unknown) => ({ content: [{ type: "text" as const, text: JSON.stringify(value, null, 2) }] });

async function select(sql: string, replacements?: Record<string, unknown>) {
  return sequelize.query(sql, { type: QueryTypes.SELECT, replacements }); // expect: sql-injection
}

/** Runs a statement whose text is fixed; values always travel as bind parameters. */
async function execute(sql: string, bind: unknown[]) {
  return sequelize.query(sql, { bind });
}

function titleFilter(title: string): string {
  return `title LIKE '%${title}%'`;
}

function whereClause(filters: string[]): string {
  return filters.length ? `WHERE ${filters.join(" AND ")}` : "";
}

function pageClause(page: number, size: number): string {
  return `LIMIT ${Math.trunc(Number(size))} OFFSET ${Math.trunc(Number(page) * Number(size))}`;
}

server.registerTool(
  "search_books",
  { description: "Books whose title contains a phrase", inputSchema: { title: z.string(), page: z.number().default(0) } },
  async ({ title, page }) => json(await select(`SELECT id, title, year FROM books ${whereClause([titleFilter(title)])} ${pageClause(page, 25)}`)),
);

server.registerTool(
  "book_by_isbn",
  { description: "One book by ISBN", inputSchema: { isbn: z.string() } },
  async ({ isbn }) => json(await select("SELECT * FROM books WHERE isbn = :isbn", { isbn })),
);

server.registerTool(
  "books_by_year",
  { description: "Books published in a year range", inputSchema: { from: z.number(), to: z.number() } },
  async ({ from, to }) => {
    const found = await sequelize.query(`SELECT id, title FROM books WHERE year BETWEEN ${Number(from)} AND ${Number(to)}`, { type: QueryTypes.SELECT });
    return json(found);
  },
);

server.registerTool(
  "lend_book",
  { description: "Record a loan", inputSchema: { bookId: z.string(), memberId: z.string() } },
  async ({ bookId, memberId }) => {
    await execute("INSERT INTO loans (book_id, member_id, due) VALUES ($1, $2, date('now', '+21 days'))", [bookId, memberId]);
    return json({ lent: bookId });
  },
);

server.registerTool(
  "authors_named",
  { description: "Authors whose names match any of several prefixes", inputSchema: { prefixes: z.array(z.string()) } },
  async ({ prefixes }) => {
    const results = await Promise.all(
      prefixes.map((p) => sequelize.query(`SELECT id, name FROM authors WHERE name LIKE '${p}%'`, { type: QueryTypes.SELECT })), // expect: sql-injection
    );
    return json(results.flat());
  },
);

server.registerTool("overdue_count", { description: "Number of overdue loans" }, async () =>
  json(await select("SELECT count(*) AS n FROM loans WHERE returned_at IS NULL AND due < date('now')")),
);

/** Deletes soft-deleted rows; run by the retention job with fixed table names. */
export async function purge(table: string): Promise<void> {
  await sequelize.query(`DELETE FROM ${table} WHERE deleted_at IS NOT NULL`);
}

await server.connect(new StdioServerTransport());
