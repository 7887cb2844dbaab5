// Build artifact tools whose file access lives in helpers of the same file (McpServer, SDK 1.x).
import { createWriteStream, readFileSync } from "node:fs";
import { readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { z } from "zod";

const ARTIFACTS = path.resolve(process.env.ARTIFACT_DIR ?? "/srv/artifacts");

const server = new McpServer({ name: "artifacts", version: "0.7.0" });

const reply = (text: string) => ({ content: [{ type: "text" as const, text }] });

function artifactPath(build: string, name: string): string {
  return path.join(ARTIFACTS, build, name);
}

/** The containing folder of a build, or an error when the id leaves the store. */
function checkedBuildDir(build: string): string {
  const dir = path.resolve(ARTIFACTS, build);
  if (!dir.startsWith(ARTIFACTS + path.sep)) {
    throw new Error(`invalid build id ${build}`);
  }
  return dir;
}

async function readText(file: string): Promise<string> {
  return readFile(file, "utf8"); // expect: path-traversal
}

async function sizeOf(file: string): Promise<number> {
  return (await stat(file)).size;
}

server.registerTool(
  "read_artifact",
  { description: "Read a text artifact of a build", inputSchema: { build: z.string(), name: z.string() } },
  async ({ build, name }) => reply(await readText(artifactPath(build, name))),
);

server.registerTool(
  "build_manifest",
  { description: "The manifest of a build", inputSchema: { build: z.string() } },
  async ({ build }) => reply(await readText(path.join(checkedBuildDir(build), "manifest.json"))),
);

server.registerTool(
  "artifact_sizes",
  { description: "Sizes of the artifacts of a build", inputSchema: { build: z.string() } },
  async ({ build }) => {
    const dir = checkedBuildDir(build);
    const lines: string[] = [];
    for (const name of await readdir(dir)) {
      lines.push(`${name}\t${await sizeOf(path.join(dir, name))}`);
    }
    return reply(lines.join("\n"));
  },
);

server.registerTool(
  "compare_artifacts",
  { description: "Whether several artifacts have the same size", inputSchema: { files: z.array(z.string()).min(2) } },
  async ({ files }) => {
    const sizes = files.map((f) => readFileSync(path.join(ARTIFACTS, f)).byteLength); // expect: path-traversal
    return reply(new Set(sizes).size === 1 ? "same size" : sizes.join(", "));
  },
);

server.registerTool(
  "write_note",
  { description: "Attach a release note to a build", inputSchema: { build: z.string(), note: z.string() } },
  async ({ build, note }) => {
    await writeFile(path.join(checkedBuildDir(build), "NOTE.txt"), note, "utf8");  // safe: path-traversal
    return reply("saved");
  },
);

server.registerTool(
  "delete_build",
  { description: "Delete all artifacts of a build", inputSchema: { build: z.string() }, annotations: { destructiveHint: true } },
  async ({ build }) => {
    await rm(checkedBuildDir(build), { recursive: true, force: true });
    return reply(`deleted ${build}`);
  },
);

server.registerTool(
  "concat_logs",
  { description: "Concatenate the logs of several builds into one file", inputSchema: { builds: z.array(z.string()), output: z.string() } },
  async ({ builds, output }) => {
    const out = createWriteStream(path.join(ARTIFACTS, "combined", path.basename(output)));
    for (const b of builds) {
      out.write(readFileSync(path.join(ARTIFACTS, b, "build.log"))); // expect: path-traversal
    }
    out.end();
    return reply("combined");
  },
);

server.registerTool("store_usage", { description: "Total size of the store" }, async () => {
  let total = 0;
  for (const build of await readdir(ARTIFACTS)) total += await sizeOf(path.join(ARTIFACTS, build));
  return reply(`${total} bytes`);
});

/** Prunes old builds; run from cron, not reachable from a tool. */
export async function pruneBuild(build: string): Promise<void> {
  await rm(path.join(ARTIFACTS, build), { recursive: true, force: true });
}

await server.connect(new StdioServerTransport());
