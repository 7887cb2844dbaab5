// A Kubernetes and search MCP server (McpServer.registerTool with zod), commands run without a shell.
import { execFile, execFileSync, spawn } from "node:child_process";
import { promisify } from "node:util";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { execa } from "execa";
import { z } from "zod";

const execFileAsync = promisify(execFile);
const server = new McpServer({ name: "kube-tools", version: "1.0.0" });
const NAMESPACES = ["default", "staging", "production"];
const text = (t: string) => ({ content: [{ type: "text" as const, text: t }] });

// --- Vulnerable ---------------------------------------------------------------------------------

server.registerTool(
  "kubectl_get",
  { description: "Get resources of a kind", inputSchema: { kind: z.string(), namespace: z.string() } },
  async ({ kind, namespace }) => {
    // `--kubeconfig=/tmp/evil` or `--server=https://attacker` as the kind.
    const out = execFileSync("kubectl", ["get", kind, "-n", namespace, "-o", "json"], { encoding: "utf8" });  // expect: argument-injection
    return text(out);
  },
);

server.registerTool(
  "search_code",
  { description: "Search the workspace with ripgrep", inputSchema: { pattern: z.string() } },
  async ({ pattern }) => {
    // `--pre=sh` makes ripgrep run a program on every file.
    const args = ["--json", "--line-number"];
    args.push(pattern);
    const { stdout } = await execFileAsync("rg", args, { cwd: "/workspace" });  // expect: argument-injection
    return text(stdout);
  },
);

server.registerTool(
  "fetch_url",
  { description: "Fetch a URL with curl", inputSchema: { url: z.string() } },
  async ({ url }) => {
    const child = spawn("/usr/bin/curl", ["-sSL", url]);  // expect: argument-injection
    let body = "";
    for await (const chunk of child.stdout) body += chunk;
    return text(body);
  },
);

server.registerTool(
  "helm_status",
  { description: "Status of a Helm release", inputSchema: { release: z.string() } },
  async ({ release }) => {
    const { stdout } = await execa("helm", ["status", release]);  // expect: argument-injection
    return text(stdout);
  },
);

server.registerTool(
  "ssh_uptime",
  { description: "Uptime of a host", inputSchema: { host: z.string() } },
  async ({ host }) => {
    // `-oProxyCommand=sh -c 'id > /tmp/x'` runs a command locally.
    const { stdout } = await execFileAsync("ssh", ["-o", "BatchMode=yes", host, "uptime"]);  // expect: argument-injection
    return text(stdout);
  },
);

// --- Safe -------------------------------------------------------------------------------------

server.registerTool(
  "kubectl_logs",
  { description: "Logs of a pod", inputSchema: { pod: z.string(), namespace: z.string() } },
  async ({ pod, namespace }) => {
    if (pod.startsWith("-")) {
      throw new Error("pod names cannot start with '-'");
    }
    if (!NAMESPACES.includes(namespace)) {
      throw new Error(`unknown namespace ${namespace}`);
    }
    const out = execFileSync("kubectl", ["logs", pod, "-n", namespace, "--tail", "200"], { encoding: "utf8" });
    return text(out);
  },
);

server.registerTool(
  "git_file_log",
  { description: "History of a file", inputSchema: { path: z.string(), branch: z.string() } },
  async ({ path, branch }) => {
    const { stdout } = await execFileAsync("git", ["log", "--oneline", `origin/${branch}`, "--", path]);
    return text(stdout);
  },
);

server.registerTool(
  "search_literal",
  { description: "Search for a fixed string", inputSchema: { needle: z.string() } },
  async ({ needle }) => {
    const args = ["--fixed-strings", "--json"];
    args.push("--", needle);
    const { stdout } = await execFileAsync("rg", args, { cwd: "/workspace" });
    return text(stdout);
  },
);

server.registerTool(
  "scale",
  { description: "Scale a deployment", inputSchema: { deployment: z.string(), replicas: z.string() } },
  async ({ deployment, replicas }) => {
    if (!/^[a-z0-9][a-z0-9-]*$/.test(deployment)) {
      throw new Error("invalid deployment name");
    }
    const out = execFileSync("kubectl", ["scale", `deployment/${deployment}`, "--replicas", String(Number(replicas))], { encoding: "utf8" });
    return text(out);
  },
);

server.registerTool(
  "annotate",
  { description: "Annotate a deployment", inputSchema: { note: z.string() } },
  async ({ note }) => {
    // The value of `--message`-style options stays a value.
    const out = execFileSync("git", ["notes", "add", "-m", note, "HEAD"], { encoding: "utf8" });
    return text(out);
  },
);
