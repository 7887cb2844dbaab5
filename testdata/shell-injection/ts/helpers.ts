// Backup tools whose shell calls live in helpers of the same file (McpServer, SDK 1.x).
import { exec, execFile, execSync, spawn } from "child_process";
import { promisify } from "util";
import path from "path";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { quote } from "shell-quote";
import { z } from "zod";

const execAsync = promisify(exec);
const execFileAsync = promisify(execFile);

const BACKUP_ROOT = process.env.BACKUP_ROOT ?? "/srv/backups";

const server = new McpServer({ name: "backup-tools", version: "1.0.0" });

const reply = (text: string) => ({ content: [{ type: "text" as const, text }] });

/** Runs a shell pipeline and returns its output. */
async function sh(command: string, timeoutMs = 300_000): Promise<string> {
  console.error(`[backup-tools] ${command}`);
  const { stdout, stderr } = await execAsync(command, { timeout: timeoutMs, maxBuffer: 16 << 20 }); // expect: shell-injection
  return stdout + stderr;
}

/** Runs a command through the shell, streaming nothing back; only ever given quoted text. */
function runDetached(command: string): void {
  const child = spawn(command, { shell: true, detached: true, stdio: "ignore" });
  child.unref();
}

function rsyncCommand(source: string, dest: string, remove: boolean): string {
  const flags = remove ? "-az --delete" : "-az";
  return `rsync ${flags} ${source} ${path.posix.join(BACKUP_ROOT, dest)}/`;
}

function tarCommand(name: string, members: string[]): string {
  return quote(["tar", "-czf", path.join(BACKUP_ROOT, `${name}.tar.gz`), ...members]);
}

async function git(...args: string[]): Promise<string> {
  const { stdout } = await execFileAsync("git", args);
  return stdout;
}

server.registerTool(
  "sync_directory",
  {
    description: "Mirror a directory into the backup area with rsync",
    inputSchema: { source: z.string(), dest: z.string(), remove: z.boolean().default(false) },
  },
  async ({ source, dest, remove }) => reply(await sh(rsyncCommand(source, dest, remove))),
);

server.registerTool(
  "archive_paths",
  {
    description: "Pack several paths into one archive",
    inputSchema: { name: z.string(), paths: z.array(z.string()).min(1) },
  },
  async ({ name, paths }) => {
    runDetached(tarCommand(name, paths));
    return reply(`archiving into ${name}.tar.gz`);
  },
);

server.registerTool(
  "list_backups",
  {
    description: "List archives whose names match a glob",
    inputSchema: { pattern: z.string().default("*") },
  },
  async ({ pattern }) => reply(await sh(`ls -lh ${BACKUP_ROOT}/${pattern}`)),
);

server.registerTool(
  "verify_archive",
  {
    description: "Test the integrity of one archive",
    inputSchema: { name: z.string() },
  },
  async ({ name }) => reply(await sh("gzip -t " + quote([path.join(BACKUP_ROOT, name)]) + " && echo ok")),
);

server.registerTool("backup_usage", { description: "Space used by all backups" }, async () =>
  reply(await sh(`du -sh ${BACKUP_ROOT}`)),
);

server.registerTool(
  "directory_sizes",
  {
    description: "Sizes of several directories",
    inputSchema: { dirs: z.array(z.string()) },
  },
  async ({ dirs }) => {
    const sizes = dirs.map((d) => execSync(`du -sh ${d}`, { encoding: "utf8" }).trim()); // expect: shell-injection
    return reply(sizes.join("\n"));
  },
);

server.registerTool(
  "repo_log",
  {
    description: "Commits of a backed-up repository since a date",
    inputSchema: { repo: z.string(), since: z.string().default("1 week ago") },
  },
  async ({ repo, since }) => reply(await git("-C", path.join(BACKUP_ROOT, repo), "log", `--since=${since}`, "--oneline")),
);

server.registerTool(
  "rotate_backups",
  {
    description: "Delete all but the newest archives",
    inputSchema: { keep: z.number().int().default(7) },
  },
  async ({ keep }) => {
    const tailFrom = Number(keep) + 1;
    runDetached(`ls -1t ${BACKUP_ROOT}/*.tar.gz | tail -n +${tailFrom} | xargs -r rm --`);
    return reply("rotating");
  },
);

/** Restores an archive; used by the operator CLI, never by a tool. */
export function restoreArchive(name: string, target: string): void {
  execSync(`tar -xzf ${BACKUP_ROOT}/${name} -C ${target}`, { stdio: "inherit" });
}

/** Runs one build step; every step needs a label for the log. */
function runStep(command: string, label: string): number {
  if (!label) throw new Error("a step needs a label");
  console.error(`[backup-tools] step ${label}`);
  execSync(command, { stdio: "inherit" });
  return 0;
}

server.registerTool(
  "run_named_step",
  {
    description: "Run the test step under a label the caller chooses (only the label is theirs)",
    inputSchema: { label: z.string() },
  },
  async ({ label }) => {
    // `runStep` checks its label, so it is also walked as a check; it still runs "npm test".
    const code = runStep("npm test", label);
    return reply(`exit ${code}`);
  },
);

await server.connect(new StdioServerTransport());
