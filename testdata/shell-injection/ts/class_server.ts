// Kubernetes helpers on an McpServer held in a class field (also the Cloudflare McpAgent shape).
import { execFileSync, execSync } from "node:child_process";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { McpAgent } from "agents/mcp";
import { z } from "zod";

const NAMESPACE_RE = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

export class KubeServer {
  server = new McpServer({ name: "kube-helper", version: "0.9.0" });

  constructor(private readonly context: string = "default") {
    this.server.tool(
      "get_pods",
      "Pods in a namespace",
      { namespace: z.string().default("default") },
      async ({ namespace }) => {
        const out = execSync(`kubectl --context ${this.context} get pods -n ${namespace} -o wide`, { encoding: "utf8" }); // expect: shell-injection
        return { content: [{ type: "text", text: out }] };
      },
    );

    this.server.tool(
      "describe",
      "Describe a resource",
      { kind: z.string(), name: z.string(), namespace: z.string().default("default") },
      async ({ kind, name, namespace }) => {
        const out = execFileSync("kubectl", ["--context", this.context, "describe", kind, name, "-n", namespace], { encoding: "utf8" });  // expect: argument-injection
        return { content: [{ type: "text", text: out }] };
      },
    );

    this.server.registerTool(
      "logs",
      {
        description: "Logs of a pod",
        inputSchema: { pod: z.string(), namespace: z.string().default("default"), since: z.string().default("1h") },
      },
      async ({ pod, namespace, since }) => ({
        content: [{ type: "text", text: this.kubectl(`logs ${pod} -n ${namespace} --since=${since}`) }],
      }),
    );

    this.registerMaintenanceTools();
  }

  private kubectl(args: string): string {
    return execSync(`kubectl --context ${this.context} ${args}`, { encoding: "utf8", maxBuffer: 32 << 20 }); // expect: shell-injection
  }

  private registerMaintenanceTools(): void {
    this.server.registerTool(
      "delete_namespace",
      {
        description: "Delete a namespace and everything in it",
        inputSchema: { namespace: z.string() },
        annotations: { destructiveHint: true },
      },
      async ({ namespace }) => {
        if (!NAMESPACE_RE.test(namespace)) {
          return { content: [{ type: "text", text: "invalid namespace" }], isError: true };
        }
        execSync(`kubectl --context ${this.context} delete namespace ${namespace} --wait=false`);
        return { content: [{ type: "text", text: `deleting ${namespace}` }] };
      },
    );

    this.server.registerTool(
      "cluster_info",
      { description: "Addresses of the control plane" },
      async () => ({ content: [{ type: "text", text: execSync("kubectl cluster-info", { encoding: "utf8" }) }] }),
    );
  }

  async start(): Promise<void> {
    await this.server.connect(new StdioServerTransport());
  }
}

// Cloudflare Agents: tools registered in init() on the `server` field.
export class HelmAgent extends McpAgent {
  server = new McpServer({ name: "helm", version: "0.2.0" });

  async init() {
    this.server.tool("helm_list", "Installed releases", async () => ({
      content: [{ type: "text", text: execSync("helm list -A", { encoding: "utf8" }) }],
    }));

    this.server.tool(
      "helm_rollback",
      { release: z.string(), revision: z.string() },
      async ({ release, revision }) => {
        const out = execSync(`helm rollback ${release} ${revision} --wait`, { encoding: "utf8" }); // expect: shell-injection
        return { content: [{ type: "text", text: out }] };
      },
    );

    this.server.tool(
      "helm_history",
      { release: z.string(), max: z.number().default(10) },
      async ({ release, max }) => {
        const out = execFileSync("helm", ["history", release, "--max", String(max)], { encoding: "utf8" });  // expect: argument-injection
        return { content: [{ type: "text", text: out }] };
      },
    );
  }
}

await new KubeServer(process.env.KUBE_CONTEXT).start();
