// A docker server (McpServer, SDK 1.x, CommonJS); commands run through ./lib helpers.
const { McpServer } = require("@modelcontextprotocol/sdk/server/mcp.js");
const { StdioServerTransport } = require("@modelcontextprotocol/sdk/server/stdio.js");
const { z } = require("zod");
const { run, runFile } = require("./lib/shell");
const compose = require("./lib/compose.js");

const server = new McpServer({ name: "docker-tools", version: "1.2.0" });

server.tool("container_logs", "Last lines of a container's logs", { name: z.string() }, async ({ name }) => {
  const { stdout } = await run(`docker logs --tail 200 ${name}`); // expect: shell-injection from=name
  return { content: [{ type: "text", text: stdout }] };
});

server.tool("container_logs_argv", "Last lines of a container's logs, as an argument vector", { name: z.string() }, async ({ name }) => {
  const { stdout } = await runFile("docker", ["logs", "--tail", "200", "--", name]);
  return { content: [{ type: "text", text: stdout }] };
});

server.tool("compose_up", "Start one service of the compose file", { service: z.string() }, async ({ service }) => {
  const { stdout } = await compose.execAsync(`docker compose -f ${compose.COMPOSE_FILE} up -d ${service}`); // expect: shell-injection from=service
  return { content: [{ type: "text", text: stdout }] };
});

server.tool("compose_ps", "Services of the compose file", {}, async () => {
  const { stdout } = await compose.execAsync(`docker compose -f ${compose.COMPOSE_FILE} ps`); // no finding: a constant command
  return { content: [{ type: "text", text: stdout }] };
});

server.connect(new StdioServerTransport());
