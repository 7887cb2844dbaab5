// Manual pages and package metadata exposed as resources and prompts (McpServer, SDK 1.13+).
import { execFileSync, execSync } from "child_process";
import { McpServer, ResourceTemplate } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { z } from "zod";

const server = new McpServer({ name: "sysdocs", version: "0.3.0" });

function sh(command: string): string {
  return execSync(command, { encoding: "utf8", maxBuffer: 4 << 20 }); // expect: shell-injection
}

// Static resource: its callback gets (uri, extra), neither of which is a source.
server.registerResource(
  "uname",
  "system://uname",
  { title: "Kernel", description: "Kernel name and release", mimeType: "text/plain" },
  async (uri) => ({ contents: [{ uri: uri.href, text: execSync("uname -a", { encoding: "utf8" }) }] }),
);

server.registerResource(
  "man-page",
  new ResourceTemplate("man://{section}/{page}", { list: undefined }),
  { description: "A manual page rendered as plain text", mimeType: "text/plain" },
  async (uri, { section, page }) => {
    const body = execSync(`man ${section} ${page} | col -bx`, { encoding: "utf8" }); // expect: shell-injection
    return { contents: [{ uri: uri.href, text: body }] };
  },
);

server.registerResource(
  "apt-package",
  new ResourceTemplate("apt://{name}", { list: undefined }),
  { description: "Debian package details" },
  async (uri, variables) => {
    const name = String(variables.name);
    const info = execFileSync("apt-cache", ["show", "--no-all-versions", name], { encoding: "utf8" });
    return { contents: [{ uri: uri.href, text: info }] };
  },
);

// The URI itself is client-controlled too.
server.registerResource(
  "which",
  new ResourceTemplate("which://{+command}", { list: undefined }),
  { description: "Where a command is installed" },
  async (uri) => {
    const command = decodeURIComponent(uri.pathname.replace(/^\/+/, ""));
    return { contents: [{ uri: uri.href, text: sh(`command -v ${command} || echo "not found"`) }] };
  },
);

// 1.x `resource(name, template, cb)` without metadata.
server.resource(
  "systemd-unit",
  new ResourceTemplate("systemd://{unit}", {
    list: async () => ({ resources: [{ uri: "systemd://ssh.service", name: "ssh.service" }] }),
  }),
  async (uri, { unit }) => ({
    contents: [{ uri: uri.href, text: sh(`systemctl cat ${unit}`) }],
  }),
);

server.registerPrompt(
  "explain-command",
  {
    title: "Explain a command",
    description: "Ask the model to explain what a shell command does, with its help text",
    argsSchema: { command: z.string().describe("The command to explain") },
  },
  ({ command }) => {
    const help = execSync(`${command} --help 2>&1 | head -n 60`, { encoding: "utf8" }); // expect: shell-injection
    return { messages: [{ role: "user", content: { type: "text", text: `Explain this command.\n\n${help}` } }] };
  },
);

server.registerPrompt(
  "summarise-package",
  {
    description: "Summarise an installed package from its metadata",
    argsSchema: { name: z.string() },
  },
  ({ name }) => {
    const meta = execFileSync("dpkg-query", ["-s", name], { encoding: "utf8" });
    return { messages: [{ role: "user", content: { type: "text", text: `Summarise:\n${meta}` } }] };
  },
);

// 1.x `prompt(name, description, argsShape, cb)`.
server.prompt("diagnose-service", "Help diagnose a failing service", { unit: z.string() }, ({ unit }) => ({
  messages: [{ role: "user", content: { type: "text", text: `Why does it fail?\n${sh("journalctl -n 80 -u " + unit)}` } }],
}));

server.prompt("uptime-report", "Describe the machine's load", () => ({
  messages: [{ role: "user", content: { type: "text", text: sh("uptime") } }],
}));

await server.connect(new StdioServerTransport());
