// A MySQL catalogue exposed through resource templates and prompts (McpServer, SDK 1.13+, mysql2).
import mysql from "mysql2/promise";
import { McpServer, ResourceTemplate } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { z } from "zod";

const pool = mysql.createPool({
  host: process.env.MYSQL_HOST ?? "localhost",
  user: process.env.MYSQL_USER ?? "catalogue",
  password: process.env.MYSQL_PASSWORD,
  database: "catalogue",
  connectionLimit: 4,
});

const TABLES = ["products", "categories", "suppliers"];

const server = new McpServer({ name: "catalogue", version: "0.5.0" });

// Static resource: no client-controlled values.
server.registerResource(
  "schema",
  "mysql://catalogue/schema",
  { description: "Tables and columns of the catalogue", mimeType: "application/json" },
  async (uri) => {
    const [cols] = await pool.query("SELECT table_name, column_name, data_type FROM information_schema.columns WHERE table_schema = DATABASE()");
    return { contents: [{ uri: uri.href, text: JSON.stringify(cols) }] };
  },
);

server.registerResource(
  "product",
  new ResourceTemplate("catalogue://products/{sku}", { list: undefined }),
  { description: "One product", mimeType: "application/json" },
  async (uri, { sku }) => {
    const [found] = await pool.execute("SELECT * FROM products WHERE sku = ?", [String(sku)]);
    return { contents: [{ uri: uri.href, text: JSON.stringify(found) }] };
  },
);

server.registerResource(
  "category",
  new ResourceTemplate("catalogue://categories/{slug}/products", { list: undefined }),
  { description: "Products of a category" },
  async (uri, { slug }) => {
    const [found] = await pool.query(`SELECT p.sku, p.name FROM products p JOIN categories c ON c.id = p.category_id WHERE c.slug = '${slug}'`); // expect: sql-injection
    return { contents: [{ uri: uri.href, text: JSON.stringify(found) }] };
  },
);

server.registerResource(
  "table",
  new ResourceTemplate("catalogue://tables/{table}", {
    list: async () => ({ resources: TABLES.map((t) => ({ uri: `catalogue://tables/${t}`, name: t })) }),
  }),
  { description: "The first rows of a table" },
  async (uri, variables) => {
    const table = String(variables.table);
    if (!TABLES.includes(table)) {
      throw new Error(`unknown table ${table}`);
    }
    const [found] = await pool.query(`SELECT * FROM \`${table}\` LIMIT 50`);
    return { contents: [{ uri: uri.href, text: JSON.stringify(found) }] };
  },
);

// The URI is client-controlled too.
server.registerResource(
  "supplier",
  new ResourceTemplate("catalogue://suppliers/{+code}", { list: undefined }),
  { description: "A supplier by code" },
  async (uri) => {
    const code = decodeURIComponent(uri.pathname.split("/").pop() ?? "");
    const [found] = await pool.execute("SELECT * FROM suppliers WHERE code = '" + code + "'"); // expect: sql-injection
    return { contents: [{ uri: uri.href, text: JSON.stringify(found) }] };
  },
);

// 1.x `resource(name, template, cb)`.
server.resource("price-history", new ResourceTemplate("catalogue://prices/{sku}/{year}", { list: undefined }), async (uri, { sku, year }) => {
  const [found] = await pool.query("SELECT changed_at, price FROM price_history WHERE sku = ? AND YEAR(changed_at) = ?", [sku, Number(year)]);
  return { contents: [{ uri: uri.href, text: JSON.stringify(found) }] };
});

server.registerPrompt(
  "describe-product",
  {
    title: "Describe a product",
    description: "Draft a product description from its catalogue entry",
    argsSchema: { sku: z.string(), tone: z.string().default("friendly") },
  },
  async ({ sku, tone }) => {
    const [found] = await pool.query(`SELECT name, specs FROM products WHERE sku = '${sku}'`); // expect: sql-injection
    return { messages: [{ role: "user", content: { type: "text", text: `In a ${tone} tone, describe: ${JSON.stringify(found)}` } }] };
  },
);

// 1.x `prompt(name, description, argsShape, cb)`.
server.prompt("restock-advice", "Suggest what to reorder from a supplier", { supplier: z.string() }, async ({ supplier }) => {
  const [low] = await pool.execute("SELECT sku, stock FROM products WHERE supplier_code = ? AND stock < reorder_level", [supplier]);
  return { messages: [{ role: "user", content: { type: "text", text: `Which of these should be reordered? ${JSON.stringify(low)}` } }] };
});

await server.connect(new StdioServerTransport());
