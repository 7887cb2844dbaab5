// Docker helpers on punkpeye's `fastmcp`.
import { execFile, spawn, spawnSync } from "node:child_process";
import { promisify } from "node:util";
import { execa } from "execa";
import { FastMCP, UserError } from "fastmcp";
import { z } from "zod";

const execFileAsync = promisify(execFile);

const server = new FastMCP({
  name: "docker-helper",
  version: "1.0.4",
  instructions: "Inspect and manage local Docker containers.",
});

server.addTool({
  name: "container_logs",
  description: "Last lines of a container's log",
  parameters: z.object({
    container: z.string().describe("Container name or id"),
    tail: z.number().int().default(100),
  }),
  annotations: { readOnlyHint: true },
  execute: async (args) => {
    const { stdout } = await execa(`docker logs --tail ${args.tail} ${args.container}`, { shell: true }); // expect: shell-injection
    return stdout;
  },
});

server.addTool({
  name: "list_containers",
  description: "Running containers",
  execute: async () => {
    const { stdout } = await execFileAsync("docker", ["ps", "--format", "{{.Names}}\t{{.Image}}\t{{.Status}}"]);
    return stdout;
  },
});

server.addTool({
  name: "pull_image",
  description: "Pull an image from its registry",
  parameters: z.object({ image: z.string() }),
  execute: async ({ image }, { reportProgress }) => {
    await reportProgress({ progress: 0, total: 1 });
    const { stdout } = await execa("docker", ["pull", image]);  // expect: argument-injection
    await reportProgress({ progress: 1, total: 1 });
    return stdout;
  },
});

server.addTool({
  name: "exec_in_container",
  description: "Run a command inside a running container",
  parameters: z.object({ container: z.string(), command: z.string() }),
  execute: async ({ container, command }) => {
    const proc = spawnSync("docker", ["exec", container, "sh", "-c", command], { encoding: "utf8" });  // expect: argument-injection
    return proc.stdout + proc.stderr;
  },
});

server.addTool({
  name: "build_image",
  description: "Build an image from a directory",
  parameters: z.object({ context: z.string(), tag: z.string() }),
  execute: async ({ context, tag }, { log }) => {
    log.info("building", { tag });
    return new Promise<string>((resolve, reject) => {
      const child = spawn("docker", ["build", "-t", tag, context], { shell: true }); // expect: shell-injection
      let out = "";
      child.stdout.on("data", (d: Buffer) => (out += d));
      child.on("error", reject);
      child.on("close", () => resolve(out));
    });
  },
});

server.addTool({
  name: "stop_container",
  description: "Stop a running container",
  parameters: z.object({ container: z.string(), timeout: z.number().default(10) }),
  execute: async ({ container, timeout }) => {
    if (!/^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/.test(container)) {
      throw new UserError("invalid container name");
    }
    await execa(`docker stop -t ${Number(timeout)} ${container}`, { shell: true });
    return `stopped ${container}`;
  },
});

server.addTools([
  {
    name: "image_history",
    description: "Layers of an image",
    parameters: z.object({ image: z.string() }),
    execute: async ({ image }) => (await execa(`docker history --no-trunc ${image}`, { shell: true })).stdout, // expect: shell-injection
  },
]);

server.addResourceTemplate({
  uriTemplate: "docker://{container}/inspect",
  name: "Container details",
  mimeType: "application/json",
  arguments: [{ name: "container", description: "Container name", required: true }],
  load: async ({ container }) => {
    const { stdout } = await execa(`docker inspect ${container}`, { shell: "/bin/bash" }); // expect: shell-injection
    return { text: stdout };
  },
});

server.addResource({
  uri: "docker://info",
  name: "Docker daemon info",
  mimeType: "application/json",
  load: async () => ({ text: (await execa("docker info --format '{{json .}}'", { shell: true })).stdout }),
});

server.addPrompt({
  name: "debug-container",
  description: "Investigate why a container keeps restarting",
  arguments: [{ name: "container", required: true }],
  load: async ({ container }) => {
    const { stdout } = await execFileAsync("docker", ["inspect", "--format", "{{.State.Error}}", container]);  // expect: argument-injection
    return `The container ${container} reports: ${stdout}. What should I check next?`;
  },
});

server.start({ transportType: "stdio" });
