// A build server (McpServer, SDK 1.x) that chains child_process callbacks: the second command
// runs in the first one's callback, and each is a shell command of its own.
import { exec, execFile } from "node:child_process";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { z } from "zod";

const server = new McpServer({ name: "builder", version: "0.4.1" });

server.registerTool(
  "build_and_tag",
  { description: "Build a target, then tag the image", inputSchema: { target: z.string(), tag: z.string() } },
  ({ target, tag }) =>
    new Promise((resolve, reject) => {
      exec(`make ${target}`, (err) => { // expect: shell-injection from=target
        if (err) return reject(err);
        exec(`docker tag app:latest app:${tag}`, (err2, stdout) => // expect: shell-injection from=tag
          err2 ? reject(err2) : resolve({ content: [{ type: "text", text: stdout }] }),
        );
      });
    }),
);

server.registerTool(
  "build_and_tag_argv",
  { description: "Build a target, then tag the image, without a shell for the build", inputSchema: { target: z.string(), tag: z.string() } },
  ({ target, tag }) =>
    new Promise((resolve, reject) => {
      execFile("make", ["--", target], (err) => {
        if (err) return reject(err);
        exec(`docker tag app:latest app:${tag}`, (err2, stdout) => // expect: shell-injection from=tag
          err2 ? reject(err2) : resolve({ content: [{ type: "text", text: stdout }] }),
        );
      });
    }),
);

await server.connect(new StdioServerTransport());
