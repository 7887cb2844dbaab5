// Media probing tools that hand their configuration and the tool's files to a callback
// (McpServer, SDK 1.x): `withConfig(config, files, (config, files) => ...)` gives each
// parameter its argument.
import { execSync } from "node:child_process";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";

interface Config {
  ffprobe: string;
}

const config: Config = { ffprobe: process.env.FFPROBE ?? "/usr/bin/ffprobe" };

const server = new McpServer({ name: "media-probe", version: "0.4.1" });

/** Runs `run` with the operator's configuration and the files to work on. */
function withConfig<T>(config: Config, files: string[], run: (config: Config, files: string[]) => T): T {
  return run(config, files);
}

server.tool("probe_version", "Report the configured ffprobe's version", { files: z.array(z.string()) }, async ({ files }) => {
  const out = withConfig(config, files, (config, files) => {
    const version = execSync(`${config.ffprobe} -version`).toString(); // the configured program only: not reported
    return `${version} (${files.length} files queued)`;
  });
  return { content: [{ type: "text", text: out }] };
});

server.tool("probe_first", "Probe the first file", { files: z.array(z.string()) }, async ({ files }) => {
  const out = withConfig(config, files, (config, files) => {
    const report = execSync(`${config.ffprobe} -hide_banner ${files[0]}`).toString(); // expect: shell-injection from=files
    return report;
  });
  return { content: [{ type: "text", text: out }] };
});
