// A kubectl server (McpServer, SDK 1.x) whose helpers are generic: `await run<T>(...)` and
// `await this.kubectl<T>(...)` are calls of the helpers like any other.
import { exec, execFile } from "node:child_process";
import { promisify } from "node:util";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { z } from "zod";

const execAsync = promisify(exec);
const execFileAsync = promisify(execFile);

interface PodList {
  items: { metadata: { name: string } }[];
}

async function runShell<T>(command: string): Promise<T> {
  const { stdout } = await execAsync(command); // expect: shell-injection from=namespace
  return JSON.parse(stdout) as T;
}

async function runArgv<T>(args: string[]): Promise<T> {
  const { stdout } = await execFileAsync("kubectl", args);
  return JSON.parse(stdout) as T;
}

class Kubectl {
  constructor(private readonly context: string) {}

  private async kubectl<T>(args: string): Promise<T> {
    const { stdout } = await execAsync(`kubectl --context ${this.context} ${args} -o json`); // expect: shell-injection from=name
    return JSON.parse(stdout) as T;
  }

  async describe(kind: string, name: string) {
    return await this.kubectl<Record<string, unknown>>(`get ${kind} ${name}`);
  }
}

const kube = new Kubectl(process.env.KUBE_CONTEXT ?? "default");
const server = new McpServer({ name: "kube", version: "0.9.0" });
const text = (value: unknown) => ({ content: [{ type: "text" as const, text: JSON.stringify(value) }] });

server.registerTool(
  "list_pods",
  { description: "Pods of a namespace", inputSchema: { namespace: z.string() } },
  async ({ namespace }) => text(await runShell<PodList>(`kubectl get pods -n ${namespace} -o json`)),
);

server.registerTool(
  "list_pods_argv",
  { description: "Pods of a namespace, as an argument vector", inputSchema: { namespace: z.string() } },
  async ({ namespace }) => text(await runArgv<PodList>(["get", "pods", "-n", namespace, "-o", "json"])),
);

server.registerTool(
  "describe",
  { description: "One object of the cluster", inputSchema: { name: z.string() } },
  async ({ name }) => text(await kube.describe("deployment", name)),
);

await server.connect(new StdioServerTransport());
