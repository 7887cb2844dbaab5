// Analytics tools on an McpServer held in a class field: knex and TypeORM.
import knexFactory, { type Knex } from "knex";
import { DataSource } from "typeorm";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { McpAgent } from "agents/mcp";
import { z } from "zod";

const METRICS = ["page_views", "sign_ups", "purchases"];

export class AnalyticsServer {
  server = new McpServer({ name: "analytics", version: "0.4.0" });
  private readonly knex: Knex;

  constructor(connection: string) {
    this.knex = knexFactory({ client: "pg", connection });

    this.server.tool(
      "daily_counts",
      "Daily totals of a metric",
      { metric: z.string(), days: z.number().int().default(30) },
      async ({ metric, days }) => {
        if (!METRICS.includes(metric)) {
          throw new Error(`metric must be one of ${METRICS.join(", ")}`);
        }
        const rows = await this.knex.raw(`SELECT day, sum(${metric}) AS n FROM daily_stats WHERE day > now() - interval '${Number(days)} days' GROUP BY day ORDER BY day`);
        return { content: [{ type: "text", text: JSON.stringify(rows.rows) }] };
      },
    );

    this.server.tool(
      "events_for_user",
      "Events recorded for one user",
      { userId: z.string(), type: z.string().optional() },
      async ({ userId, type }) => {
        const query = this.knex("events").select("id", "type", "created_at").where({ user_id: userId });
        if (type) query.whereRaw(`type LIKE '${type}%'`); // expect: sql-injection
        return { content: [{ type: "text", text: JSON.stringify(await query.limit(100)) }] };
      },
    );

    this.server.registerTool(
      "top_pages",
      { description: "Most viewed pages under a path prefix", inputSchema: { prefix: z.string(), limit: z.number().default(20) } },
      async ({ prefix, limit }) => {
        const rows = await this.knex("page_views")
          .select("path")
          .count("* as views")
          .whereRaw("path LIKE ? || '%'", [prefix])
          .groupBy("path")
          .orderBy("views", "desc")
          .limit(Number(limit));
        return { content: [{ type: "text", text: JSON.stringify(rows) }] };
      },
    );

    this.server.registerTool(
      "funnel",
      { description: "Users who did one event and then another", inputSchema: { first: z.string(), then: z.string() } },
      async ({ first, then }) => ({ content: [{ type: "text", text: JSON.stringify(await this.funnel(first, then)) }] }),
    );
  }

  private async funnel(first: string, then: string) {
    const sql = `SELECT count(DISTINCT a.user_id) AS n FROM events a JOIN events b ON a.user_id = b.user_id AND b.created_at > a.created_at WHERE a.type = '${first}' AND b.type = '${then}'`;
    const result = await this.knex.raw(sql); // expect: sql-injection
    return result.rows;
  }

  async start(): Promise<void> {
    await this.server.connect(new StdioServerTransport());
  }
}

const dataSource = new DataSource({ type: "postgres", url: process.env.ANALYTICS_URL, synchronize: false });

// Cloudflare Agents shape: tools registered in init() on the `server` field.
export class ReportsAgent extends McpAgent {
  server = new McpServer({ name: "reports", version: "0.1.0" });

  async init() {
    if (!dataSource.isInitialized) await dataSource.initialize();

    this.server.tool("report_list", "Saved reports", async () => ({
      content: [{ type: "text", text: JSON.stringify(await dataSource.query("SELECT id, title FROM reports ORDER BY title")) }],
    }));

    this.server.tool("report_by_title", { title: z.string() }, async ({ title }) => {
      const rows = await dataSource.query(`SELECT id, body FROM reports WHERE title = '${title}'`); // expect: sql-injection
      return { content: [{ type: "text", text: JSON.stringify(rows) }] };
    });

    this.server.tool("report_by_id", { id: z.string() }, async ({ id }) => {
      const rows = await dataSource.query("SELECT id, title, body FROM reports WHERE id = $1", [id]);
      return { content: [{ type: "text", text: JSON.stringify(rows) }] };
    });

    this.server.tool("report_owners", { team: z.string() }, async ({ team }) => {
      const rows = await dataSource.manager.query(`SELECT owner FROM reports WHERE team = '${team}'`); // expect: sql-injection
      return { content: [{ type: "text", text: JSON.stringify(rows) }] };
    });
  }
}

await new AnalyticsServer(process.env.ANALYTICS_URL ?? "postgres://localhost/analytics").start();
