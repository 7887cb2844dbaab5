// Order tools on McpServer.registerTool, over a service built at start-up.
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";
import { OrderService } from "./service.js";
import { Ledger, SqlReportRepo, customers } from "./store.js";

const service = new OrderService(new SqlReportRepo(), new Ledger());
const server = new McpServer({ name: "orders", version: "1.2.0" });

server.registerTool(
  "get_order",
  { description: "One order", inputSchema: { orderId: z.string() } },
  async ({ orderId }) => ({ content: [{ type: "text", text: JSON.stringify(service.find(orderId)) }] }),
);

server.registerTool(
  "daily_totals",
  { description: "Daily totals of a region", inputSchema: { region: z.string() } },
  async ({ region }) => ({ content: [{ type: "text", text: JSON.stringify(service.dailyTotals(region)) }] }),
);

server.registerTool(
  "ledger_entries",
  { description: "Ledger entries of an account", inputSchema: { account: z.string() } },
  async ({ account }) => ({ content: [{ type: "text", text: JSON.stringify(service.entries(account)) }] }),
);

server.registerTool(
  "customer_by_email",
  { description: "A customer by e-mail", inputSchema: { email: z.string() } },
  async ({ email }) => ({ content: [{ type: "text", text: JSON.stringify(customers.byEmail(email)) }] }),
);
