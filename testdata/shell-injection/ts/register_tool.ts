// Node project tooling registered with McpServer.registerTool (SDK 1.11+).
import * as cp from "node:child_process";
import util from "node:util";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { quote } from "shell-quote";
import { z } from "zod";

const execAsync = util.promisify(cp.exec);

const PROJECT_DIR = process.env.PROJECT_DIR ?? process.cwd();
const SCRIPTS = ["build", "test", "lint", "typecheck"];

const server = new McpServer({ name: "node-project", version: "1.3.0" });

type Output = { stdout: string; stderr: string };

function result({ stdout, stderr }: Output) {
  return { content: [{ type: "text" as const, text: [stdout, stderr].filter(Boolean).join("\n") }] };
}

// Config objects declared at module level and passed by name.
const installConfig = {
  title: "Install a dependency",
  description: "Add a package to the project's dependencies",
  inputSchema: {
    name: z.string().describe("Package name, optionally with a version range"),
    dev: z.boolean().default(false).describe("Add to devDependencies"),
  },
  annotations: { destructiveHint: false, openWorldHint: true },
};

server.registerTool("npm_install", installConfig, async ({ name, dev }) => {
  const flags = dev ? "--save-dev" : "--save";
  const out = await execAsync(`npm install ${flags} ${name}`, { cwd: PROJECT_DIR }); // expect: shell-injection
  return result(out);
});

const outdatedConfig = {
  title: "Outdated packages",
  description: "List dependencies with newer versions available",
};

// No inputSchema: the callback's only parameter is `extra`.
server.registerTool("npm_outdated", outdatedConfig, async (extra) => {
  const out = await execAsync("npm outdated --json || true", { cwd: PROJECT_DIR, signal: extra.signal });
  return result(out);
});

server.registerTool(
  "run_script",
  {
    description: "Run one of the project's npm scripts",
    inputSchema: { script: z.string(), args: z.array(z.string()).default([]) },
  },
  async ({ script, args }) => {
    if (!SCRIPTS.includes(script)) {
      throw new Error(`unknown script ${script}; choose one of ${SCRIPTS.join(", ")}`);
    }
    const out = await execAsync(`npm run ${script} -- ${quote(args)}`, { cwd: PROJECT_DIR });
    return result(out);
  },
);

server.registerTool(
  "npx",
  {
    title: "Run a package binary",
    description: "Run a command from a package with npx",
    inputSchema: z.object({ command: z.string(), args: z.array(z.string()).default([]) }),
  },
  async ({ command, args }, extra) => {
    const line = [command, ...args].join(" ");
    const stdout = cp.execSync(`npx --yes ${line}`, { cwd: PROJECT_DIR, encoding: "utf8", timeout: 120_000 }); // expect: shell-injection
    await extra.sendNotification({ method: "notifications/message", params: { level: "info", data: "npx finished" } });
    return result({ stdout, stderr: "" });
  },
);

server.registerTool(
  "npm_view",
  {
    description: "Show registry metadata of a package",
    inputSchema: { pkg: z.string(), field: z.string().optional() },
    annotations: { readOnlyHint: true },
  },
  async ({ pkg, field }) => {
    const cmd = quote(["npm", "view", pkg, ...(field ? [field] : [])]);
    const out = await execAsync(cmd, { cwd: PROJECT_DIR });
    return result(out);
  },
);

server.registerTool(
  "npm_audit",
  {
    description: "Audit dependencies, failing at a severity level",
    inputSchema: { level: z.string().default("high").describe("low, moderate, high or critical") },
  },
  async ({ level }) => {
    const opts = { cwd: PROJECT_DIR, maxBuffer: 16 << 20 };
    let cmd = "npm audit --json";
    cmd += ` --audit-level=${level}`;
    const out = await execAsync(cmd, opts); // expect: shell-injection
    return result(out);
  },
);

server.registerTool(
  "pack_dry_run",
  {
    description: "Show which files `npm pack` would publish",
    inputSchema: { workspace: z.string().optional() },
  },
  async ({ workspace }) => {
    const child = cp.spawn("npm", workspace ? ["pack", "--dry-run", "-w", workspace] : ["pack", "--dry-run"], { cwd: PROJECT_DIR });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    await new Promise((resolve) => child.on("close", resolve));
    return result({ stdout: "", stderr });
  },
);

server.registerTool(
  "set_version",
  {
    description: "Bump the package version",
    inputSchema: { version: z.string().describe("New version, or major/minor/patch") },
  },
  async ({ version }) => {
    const child = cp.spawn(`npm version ${version} --no-git-tag-version`, { cwd: PROJECT_DIR, shell: true }); // expect: shell-injection
    const code = await new Promise<number>((resolve) => child.on("exit", (c) => resolve(c ?? 1)));
    return result({ stdout: `npm version exited with ${code}`, stderr: "" });
  },
);

server.registerTool(
  "node_version",
  { description: "Versions of node and npm" },
  async () => result(await execAsync("node --version && npm --version")),
);

await server.connect(new StdioServerTransport());
