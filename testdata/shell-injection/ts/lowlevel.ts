#!/usr/bin/env node
// Service administration over the low-level Server and setRequestHandler (SDK 1.x).
import { exec, execFile, execSync, spawnSync } from "node:child_process";
import { promisify } from "node:util";
import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import {
  CallToolRequestSchema,
  ListToolsRequestSchema,
  type CallToolRequest,
  type CallToolResult,
} from "@modelcontextprotocol/sdk/types.js";
import { z } from "zod";

const execAsync = promisify(exec);
const execFileAsync = promisify(execFile);

const RESTARTABLE = ["nginx", "postgresql", "redis-server"];

const UnitArgs = z.object({ unit: z.string().min(1) });
const JournalArgs = z.object({ unit: z.string(), lines: z.number().int().default(100), grep: z.string().optional() });

const server = new Server(
  { name: "service-admin", version: "2.1.0" },
  { capabilities: { tools: {} } },
);

function ok(text: string): CallToolResult {
  return { content: [{ type: "text", text }] };
}

server.setRequestHandler(ListToolsRequestSchema, async () => ({
  tools: [
    {
      name: "service_status",
      description: "Status of a systemd unit",
      inputSchema: { type: "object", properties: { unit: { type: "string" } }, required: ["unit"] },
    },
    {
      name: "journal",
      description: "Recent journal lines of a unit",
      inputSchema: {
        type: "object",
        properties: { unit: { type: "string" }, lines: { type: "number" }, grep: { type: "string" } },
        required: ["unit"],
      },
    },
    { name: "restart_service", description: "Restart a known service", inputSchema: { type: "object", properties: { unit: { type: "string" } } } },
    { name: "disk_usage", description: "Free space on mounted filesystems", inputSchema: { type: "object", properties: {} } },
    { name: "ping", description: "Ping a host", inputSchema: { type: "object", properties: { host: { type: "string" } } } },
    { name: "ports", description: "Listening sockets", inputSchema: { type: "object", properties: { proto: { type: "string" } } } },
  ],
}));

server.setRequestHandler(CallToolRequestSchema, async (request) => {
  const { name, arguments: args } = request.params;

  switch (name) {
    case "service_status": {
      // Validation checks the shape, not the content.
      const { unit } = UnitArgs.parse(args);
      const { stdout } = await execAsync(`systemctl status --no-pager ${unit}`); // expect: shell-injection
      return ok(stdout);
    }
    case "journal": {
      const parsed = JournalArgs.safeParse(args);
      if (!parsed.success) {
        return { content: [{ type: "text", text: parsed.error.message }], isError: true };
      }
      const { unit, lines, grep } = parsed.data;
      let cmd = `journalctl --no-pager -n ${Number(lines)} -u ${unit}`;
      if (grep) cmd += ` | grep -i ${grep}`;
      const { stdout } = await execAsync(cmd); // expect: shell-injection
      return ok(stdout);
    }
    case "restart_service":
      return restartService(request);
    case "disk_usage": {
      const { stdout } = await execAsync("df -h --output=target,size,used,avail,pcent");
      return ok(stdout);
    }
    case "ping": {
      const host = String(request.params.arguments?.host ?? "");
      const { stdout } = await execFileAsync("ping", ["-c", "3", "-W", "2", host]);
      return ok(stdout);
    }
    case "ports": {
      const proto = request.params.arguments?.proto === "udp" ? "-u" : "-t";
      const proc = spawnSync("ss", [proto, "-l", "-n", "-p"], { encoding: "utf8" });
      return ok(proc.stdout);
    }
    default:
      throw new Error(`Unknown tool: ${name}`);
  }
});

async function restartService(request: CallToolRequest): Promise<CallToolResult> {
  const unit = request.params.arguments?.unit as string;
  if (!RESTARTABLE.includes(unit)) {
    throw new Error(`refusing to restart ${unit}`);
  }
  execSync(`sudo systemctl restart ${unit}`, { stdio: "pipe" });
  return ok(`${unit} restarted`);
}

// Not called in this file: the parameter's type makes it a source wherever it is used.
export async function killProcess(request: CallToolRequest): Promise<CallToolResult> {
  const { pid, signal } = request.params.arguments as { pid: string; signal?: string };
  execSync(`kill -${signal ?? "TERM"} ${pid}`); // expect: shell-injection
  return ok(`signalled ${pid}`);
}

export async function tailLog(params: CallToolRequest["params"]): Promise<CallToolResult> {
  const file = params.arguments?.file;
  const { stdout } = await execAsync("tail -n 50 " + file); // expect: shell-injection
  return ok(stdout);
}

const transport = new StdioServerTransport();
await server.connect(transport);
