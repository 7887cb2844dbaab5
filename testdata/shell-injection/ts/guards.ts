// Deployment tools with input checks, some sound and some not (McpServer, SDK 1.x).
import { exec, execSync } from "node:child_process";
import { promisify } from "node:util";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { quote } from "shell-quote";
import { z } from "zod";

const run = promisify(exec);

const DEPLOY_ROOT = "/opt/deploy";
const LINTERS = ["eslint", "prettier", "tsc", "stylelint"];
const ENVIRONMENTS = ["staging", "production"] as const;
const SERVICES = new Set(["api", "worker", "scheduler"]);

const server = new McpServer({ name: "deploy-tools", version: "3.2.0" });

const done = (text: string) => ({ content: [{ type: "text" as const, text }] });

// --- Sound checks: the failing branch leaves the handler --------------------------------------

server.tool("run_linter", "Run a configured linter", { linter: z.string(), target: z.string().default("src") }, async ({ linter, target }) => {
  if (!LINTERS.includes(linter)) {
    throw new Error(`unknown linter ${linter}`);
  }
  const { stdout } = await run(`npx ${linter} ${quote([target])}`, { cwd: `${DEPLOY_ROOT}/app` });
  return done(stdout);
});

server.tool("deploy", "Deploy the current release", { environment: z.string() }, async ({ environment }) => {
  if (!(ENVIRONMENTS as readonly string[]).includes(environment)) {
    return done(`unknown environment: ${environment}`);
  }
  const { stdout } = await run(`${DEPLOY_ROOT}/deploy.sh ${environment}`);
  return done(stdout);
});

server.tool("fetch_branch", "Fetch one branch from origin", { branch: z.string() }, async ({ branch }) => {
  if (!/^[A-Za-z0-9_.\/-]+$/.test(branch)) {
    throw new Error("branch names may only contain letters, digits and _ . / -");
  }
  const { stdout } = await run(`git -C ${DEPLOY_ROOT}/app fetch origin ${branch}`);
  return done(stdout);
});

server.tool("signal_worker", "Send a signal to a worker process", { pid: z.string() }, async ({ pid }) => {
  const n = parseInt(pid, 10);
  if (Number.isNaN(n)) {
    return done("pid must be a number");
  }
  execSync(`kill -HUP ${n}`);
  return done(`signalled ${n}`);
});

server.tool("restart_service", "Restart an application service", { service: z.string() }, async ({ service }) => {
  if (!SERVICES.has(service)) {
    throw new Error(`no such service: ${service}`);
  }
  execSync(`sudo systemctl restart app-${service}.service`);
  return done(`restarted ${service}`);
});

server.tool("pin_version", "Pin a dependency to an exact version", { pkg: z.string(), version: z.string() }, async ({ pkg, version }) => {
  if (!/^[a-z0-9@._\/-]+$/.test(pkg) || !/^\d+\.\d+\.\d+$/.test(version)) {
    throw new Error("invalid package or version");
  }
  const { stdout } = await run(`npm install --save-exact ${pkg}@${version}`, { cwd: `${DEPLOY_ROOT}/app` });
  return done(stdout);
});

// --- Flawed checks: the value still reaches the shell ------------------------------------------

server.tool("run_task", "Run a task from the task runner", { task: z.string() }, async ({ task }) => {
  if (/[;&|]/.test(task)) {
    throw new Error("shell operators are not allowed");
  }
  // $(...), backticks and newlines still get through.
  const { stdout } = await run(`npx gulp ${task}`, { cwd: `${DEPLOY_ROOT}/app` }); // expect: shell-injection
  return done(stdout);
});

server.tool("git_command", "Run a read-only git command", { command: z.string() }, async ({ command }) => {
  if (!command.startsWith("git ")) {
    throw new Error("only git commands are allowed");
  }
  const { stdout } = await run(command, { cwd: `${DEPLOY_ROOT}/app` }); // expect: shell-injection
  return done(stdout);
});

server.tool("check_host", "Check that a host answers on SSH", { host: z.string() }, async ({ host }) => {
  // Unanchored: "web1; reboot" contains a match.
  if (!/[\w.-]+/.test(host)) {
    throw new Error("bad host name");
  }
  const { stdout } = await run(`ssh -o BatchMode=yes ${host} true && echo reachable`); // expect: shell-injection
  return done(stdout);
});

server.tool("show_config", "Print one section of the deploy config", { section: z.string() }, async ({ section }) => {
  // Anchored at the start only.
  if (!/^[a-z_]+/.test(section)) {
    return done("invalid section");
  }
  const out = execSync(`yq '.${section}' ${DEPLOY_ROOT}/deploy.yml`, { encoding: "utf8" }); // expect: shell-injection
  return done(out);
});

server.tool("rollback", "Roll back to an earlier release", { environment: z.string(), release: z.string() }, async ({ environment, release }) => {
  if (!(ENVIRONMENTS as readonly string[]).includes(environment)) {
    throw new Error("unknown environment");
  }
  // The environment is checked; the release id is not.
  const { stdout } = await run(`${DEPLOY_ROOT}/rollback.sh ${environment} ${release}`); // expect: shell-injection
  return done(stdout);
});

server.tool("tail_log", "Last deploy log lines of a unit", { unit: z.string() }, async ({ unit }) => {
  if (!/^[a-z0-9-]+$/.test(unit)) {
    console.warn(`suspicious unit name ${unit}`);
  }
  const out = execSync(`journalctl -u deploy-${unit} -n 50`, { encoding: "utf8" }); // expect: shell-injection
  return done(out);
});

server.tool("announce", "Broadcast a message to logged-in users", { message: z.string() }, async ({ message }) => {
  const cleaned = message.replace(/;/g, "").replace(/&&/g, "").replace(/\|/g, "");
  execSync(`wall "${cleaned}"`); // expect: shell-injection
  return done("sent");
});

server.tool("grep_release", "Search a file of the current release", { pattern: z.string(), file: z.string().default("CHANGELOG.md") }, async ({ pattern, file }) => {
  if (pattern.length > 80) {
    throw new Error("pattern too long");
  }
  const { stdout } = await run(`grep -n ${quote([pattern])} ${DEPLOY_ROOT}/app/${file}`); // expect: shell-injection
  return done(stdout);
});

server.tool("open_issue", "Open an issue in the tracker CLI", { title: z.string() }, async ({ title }) => {
  // JSON quoting is not shell quoting: "$(...)" and backticks still expand inside double quotes.
  const { stdout } = await run(`gh issue create --title ${JSON.stringify(title)} --body ""`); // expect: shell-injection
  return done(stdout);
});

server.tool("list_releases", "List deployed releases", { limit: z.number().default(10) }, async ({ limit }) => {
  const { stdout } = await run(`ls -1t ${DEPLOY_ROOT}/releases | head -n ${Number(limit)}`);
  return done(stdout);
});

await server.connect(new StdioServerTransport());
