// HR reporting tools with input checks, some sound and some not (McpServer, SDK 1.x, mysql2).
import mysql from "mysql2/promise";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { z } from "zod";

const db = await mysql.createConnection({
  host: process.env.HR_DB_HOST ?? "localhost",
  user: "reports",
  password: process.env.HR_DB_PASSWORD,
  database: "hr",
});

const TABLES = ["employees", "departments", "salaries", "titles"];
const SORTABLE = ["last_name", "hire_date", "salary"];
const DIRECTIONS = new Set(["ASC", "DESC"]);

const server = new McpServer({ name: "hr-reports", version: "2.4.0" });

const json = (value: unknown) => ({ content: [{ type: "text" as const, text: JSON.stringify(value, null, 2) }] });

// --- Sound checks ------------------------------------------------------------------------------

server.tool("table_rows", "Rows of a reporting table", { table: z.string(), limit: z.string().default("50") }, async ({ table, limit }) => {
  if (!TABLES.includes(table)) {
    throw new Error(`table must be one of ${TABLES.join(", ")}`);
  }
  const [rows] = await db.query(`SELECT * FROM \`${table}\` LIMIT ${parseInt(limit, 10)}`);
  return json(rows);
});

server.tool("employees_sorted", "Employees in a chosen order", { sort: z.string(), direction: z.string().default("ASC") }, async ({ sort, direction }) => {
  if (!SORTABLE.includes(sort)) {
    return json({ error: `cannot sort by ${sort}` });
  }
  const dir = direction.toUpperCase();
  if (!DIRECTIONS.has(dir)) {
    return json({ error: "direction must be ASC or DESC" });
  }
  const [rows] = await db.query("SELECT emp_no, first_name, last_name FROM employees ORDER BY " + sort + " " + dir);
  return json(rows);
});

server.tool("department_staff", "Current staff of a department", { deptNo: z.string() }, async ({ deptNo }) => {
  if (!/^d\d{3}$/.test(deptNo)) {
    throw new Error("department numbers look like d005");
  }
  const [rows] = await db.query(`SELECT e.* FROM employees e JOIN dept_emp d USING (emp_no) WHERE d.dept_no = '${deptNo}'`);
  return json(rows);
});

server.tool("employees_by_ids", "Several employees by number", { ids: z.array(z.string()).min(1) }, async ({ ids }) => {
  const placeholders = ids.map(() => "?").join(", ");
  const [rows] = await db.execute(`SELECT * FROM employees WHERE emp_no IN (${placeholders})`, ids);
  return json(rows);
});

server.tool("salary_history", "Salary history of one employee", { empNo: z.string() }, async ({ empNo }) => {
  const [rows] = await db.execute("SELECT salary, from_date, to_date FROM salaries WHERE emp_no = ? ORDER BY from_date", [empNo]);
  return json(rows);
});

server.tool("column_values", "Distinct values of a column", { column: z.string() }, async ({ column }) => {
  if (!SORTABLE.includes(column)) {
    throw new Error("unknown column");
  }
  const [rows] = await db.query("SELECT DISTINCT ?? AS v FROM employees", [column]);
  return json(rows);
});

// --- Flawed checks -----------------------------------------------------------------------------

server.tool("search_employees", "Employees whose last name starts with a prefix", { name: z.string() }, async ({ name }) => {
  const lowered = name.toLowerCase();
  if (lowered.includes("drop") || lowered.includes("delete") || lowered.includes(";")) {
    throw new Error("forbidden input");
  }
  const [rows] = await db.query(`SELECT * FROM employees WHERE last_name LIKE '${name}%'`); // expect: sql-injection
  return json(rows);
});

server.tool("title_holders", "Employees who hold a title", { title: z.string() }, async ({ title }) => {
  // Unanchored: any string with one letter passes.
  if (!/[A-Za-z ]+/.test(title)) {
    throw new Error("titles are words");
  }
  const [rows] = await db.query("SELECT emp_no FROM titles WHERE title = '" + title + "' AND to_date > NOW()"); // expect: sql-injection
  return json(rows);
});

server.tool("filtered_rows", "Rows of a table matching a condition", { table: z.string(), where: z.string().default("1=1") }, async ({ table, where }) => {
  if (!TABLES.includes(table)) {
    throw new Error("unknown table");
  }
  // The table is checked; the condition is not.
  const [rows] = await db.query(`SELECT * FROM ${table} WHERE ${where}`); // expect: sql-injection
  return json(rows);
});

server.tool("hired_after", "Employees hired after a date", { date: z.string() }, async ({ date }) => {
  if (date.length !== 10) {
    throw new Error("use YYYY-MM-DD");
  }
  const [rows] = await db.execute(`SELECT * FROM employees WHERE hire_date > '${date}'`); // expect: sql-injection
  return json(rows);
});

server.tool("manager_of", "Current manager of a department", { deptNo: z.string() }, async ({ deptNo }) => {
  const stripped = deptNo.replace(/'/g, "").replace(/;/g, "");
  const [rows] = await db.query(`SELECT * FROM dept_manager WHERE dept_no = ${stripped} AND to_date > NOW()`); // expect: sql-injection
  return json(rows);
});

server.tool("grouped_counts", "Employee counts grouped by a column", { groupBy: z.string() }, async ({ groupBy }) => {
  if (!/^[a-z_]+$/.test(groupBy)) {
    console.warn(`unexpected column ${groupBy}`);
  }
  const [rows] = await db.query(`SELECT ${groupBy}, count(*) AS n FROM employees GROUP BY ${groupBy}`); // expect: sql-injection
  return json(rows);
});

server.tool("quoted_column", "Distinct values of a quoted column", { column: z.string() }, async ({ column }) => {
  if (typeof column !== "string") {
    throw new Error("column must be a string");
  }
  const [rows] = await db.query(`SELECT DISTINCT \`${column}\` FROM employees`); // expect: sql-injection
  return json(rows);
});

server.tool("by_last_name", "Employees with a last name", { lastName: z.string() }, async ({ lastName }) => {
  // URL encoding does not escape quotes for SQL.
  const [rows] = await db.query(`SELECT * FROM employees WHERE last_name = '${encodeURIComponent(lastName)}'`); // expect: sql-injection
  return json(rows);
});

await server.connect(new StdioServerTransport());
