// mcp-framework tools: classes extending MCPTool, discovered from src/tools/.
import { execFile, execSync } from "node:child_process";
import { promisify } from "node:util";
import { MCPTool } from "mcp-framework";
import { z } from "zod";

const execFileAsync = promisify(execFile);

interface PingInput {
  host: string;
  count: number;
}

class PingTool extends MCPTool<PingInput> {
  name = "ping";
  description = "Ping a host a few times";
  schema = {
    host: { type: z.string(), description: "Host name or address" },
    count: { type: z.number().int().default(3), description: "Number of probes" },
  };

  async execute(input: PingInput) {
    return execSync(`ping -c ${Number(input.count)} ${input.host}`, { encoding: "utf8" }); // expect: shell-injection
  }
}

class TraceTool extends MCPTool<{ host: string }> {
  name = "traceroute";
  description = "Trace the route to a host";
  schema = { host: { type: z.string(), description: "Host name" } };

  async execute(input: { host: string }) {
    const { stdout } = await execFileAsync("traceroute", ["-m", "20", "--", input.host]);
    return stdout;
  }
}

class UptimeTool extends MCPTool<Record<string, never>> {
  name = "uptime";
  description = "How long the machine has been up";
  schema = {};

  async execute() {
    return execSync("uptime", { encoding: "utf8" });
  }
}

export default [PingTool, TraceTool, UptimeTool];
