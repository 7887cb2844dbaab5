#!/usr/bin/env node
// Shop database server: tools live in ./tools, database helpers in ./utils.
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import {
  getCustomer,
  getCustomerShape,
  ordersByStatus,
  ordersByStatusShape,
  ordersReport,
  ordersReportShape,
  searchCustomers,
  searchCustomersShape,
} from "./tools/index.js";
import exportTable, { exportShape } from "./tools/export.js";
import { tools } from "./tools/defs.js";
import { pool } from "./utils/db.js";

const server = new McpServer({ name: "shop-db", version: "3.0.1" });

server.registerTool("search_customers", { description: "Find customers by name", inputSchema: searchCustomersShape }, searchCustomers);
server.registerTool("get_customer", { description: "One customer", inputSchema: getCustomerShape }, getCustomer);
server.registerTool("orders_by_status", { description: "Orders in a status", inputSchema: ordersByStatusShape }, ordersByStatus);
server.registerTool("orders_report", { description: "Order totals grouped by a column", inputSchema: ordersReportShape }, ordersReport);
server.registerTool("export_table", { description: "Rows of a table matching a condition", inputSchema: exportShape }, exportTable);

for (const t of tools) {
  server.registerTool(t.name, { description: t.description, inputSchema: t.inputSchema }, t.handler);
}

process.on("SIGTERM", () => void pool.end());
await server.connect(new StdioServerTransport());
