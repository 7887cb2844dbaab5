#!/usr/bin/env node
// Operations dashboard over the low-level Server: service status, logs, Postgres statistics and
// saved reports, with every input checked (SDK 1.x).
import { execFile } from "node:child_process";
import { realpathSync } from "node:fs";
import { mkdir, readFile, readdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { CallToolRequestSchema, ListToolsRequestSchema, type CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { z } from "zod";

const execFileAsync = promisify(execFile);

const LOG_DIR = realpathSync(process.env.LOG_DIR ?? "/var/log/app");
const REPORT_DIR = path.resolve(process.env.REPORT_DIR ?? "/srv/ops/reports");
const UNITS = ["api.service", "worker.service", "nginx.service", "postgresql.service"];
const TABLES = ["orders", "customers", "events", "invoices"];

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 2 });

const UnitArgs = z.object({ unit: z.string() });
const LogArgs = z.object({ file: z.string(), lines: z.number().int().min(1).max(5000).default(200) });
const SlowArgs = z.object({ minMs: z.number().default(500), limit: z.number().int().default(20), database: z.string().optional() });
const TableArgs = z.object({ table: z.string() });
const ReportArgs = z.object({ name: z.string(), body: z.string() });

const server = new Server({ name: "ops-dashboard", version: "1.4.2" }, { capabilities: { tools: {} } });

function text(body: string): CallToolResult {
  return { content: [{ type: "text", text: body }] };
}

function logPath(file: string): string {
  const abs = realpathSync(path.resolve(LOG_DIR, file));
  if (!abs.startsWith(LOG_DIR + path.sep)) {
    throw new Error(`${file} is not a log file`);
  }
  return abs;
}

server.setRequestHandler(ListToolsRequestSchema, async () => ({
  tools: [
    { name: "service_status", description: "Status of a monitored systemd unit", inputSchema: { type: "object", properties: { unit: { type: "string", enum: UNITS } }, required: ["unit"] } },
    { name: "list_logs", description: "Log files that can be read", inputSchema: { type: "object", properties: {} } },
    { name: "tail_log", description: "Last lines of a log file", inputSchema: { type: "object", properties: { file: { type: "string" }, lines: { type: "number" } }, required: ["file"] } },
    { name: "slow_queries", description: "Slowest statements from pg_stat_statements", inputSchema: { type: "object", properties: { minMs: { type: "number" }, limit: { type: "number" }, database: { type: "string" } } } },
    { name: "table_size", description: "On-disk size of an application table", inputSchema: { type: "object", properties: { table: { type: "string", enum: TABLES } }, required: ["table"] } },
    { name: "disk_usage", description: "Free space on the data volumes", inputSchema: { type: "object", properties: {} } },
    { name: "save_report", description: "Save a Markdown report", inputSchema: { type: "object", properties: { name: { type: "string" }, body: { type: "string" } }, required: ["name", "body"] } },
  ],
}));

server.setRequestHandler(CallToolRequestSchema, async (request) => {
  const { name, arguments: args } = request.params;

  switch (name) {
    case "service_status": {
      const { unit } = UnitArgs.parse(args);
      if (!UNITS.includes(unit)) {
        return { content: [{ type: "text", text: `${unit} is not monitored` }], isError: true };
      }
      const { stdout } = await execFileAsync("systemctl", ["status", "--no-pager", "--lines=20", unit]).catch((err) => ({ stdout: String(err.stdout ?? err) }));
      return text(stdout);
    }

    case "list_logs": {
      const names = (await readdir(LOG_DIR)).filter((n) => n.endsWith(".log"));
      return text(names.join("\n"));
    }

    case "tail_log": {
      const { file, lines } = LogArgs.parse(args);
      const body = await readFile(logPath(file), "utf8");
      return text(body.split("\n").slice(-Number(lines)).join("\n"));
    }

    case "slow_queries": {
      const { minMs, limit, database } = SlowArgs.parse(args);
      const { rows } = await pool.query(
        `SELECT d.datname, s.calls, round(s.mean_exec_time) AS mean_ms, left(s.query, 200) AS query
           FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid
          WHERE s.mean_exec_time >= $1 AND ($2::text IS NULL OR d.datname = $2)
          ORDER BY s.mean_exec_time DESC
          LIMIT ${Math.min(Number(limit), 100)}`,
        [Number(minMs), database ?? null],
      );
      return text(JSON.stringify(rows, null, 2));
    }

    case "table_size": {
      const { table } = TableArgs.parse(args);
      if (!TABLES.includes(table)) {
        throw new Error(`table must be one of ${TABLES.join(", ")}`);
      }
      const { rows } = await pool.query(`SELECT pg_size_pretty(pg_total_relation_size('public.${table}')) AS size`);
      return text(`${table}: ${rows[0].size}`);
    }

    case "disk_usage": {
      const { stdout } = await execFileAsync("df", ["-h", "--output=target,size,avail,pcent", "/", "/var/lib/postgresql"]);
      return text(stdout);
    }

    case "save_report": {
      const { name: reportName, body } = ReportArgs.parse(args);
      if (!/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/.test(reportName)) {
        throw new Error("report names are letters, digits, _ and -");
      }
      await mkdir(REPORT_DIR, { recursive: true });
      const target = path.join(REPORT_DIR, `${new Date().toISOString().slice(0, 10)}-${reportName}.md`);
      await writeFile(target, body, "utf8");
      return text(`saved ${path.basename(target)}`);
    }

    default:
      throw new Error(`Unknown tool: ${name}`);
  }
});

process.on("SIGTERM", () => {
  void pool.end();
});

await server.connect(new StdioServerTransport());
