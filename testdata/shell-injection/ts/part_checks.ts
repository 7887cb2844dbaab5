// A build-runner server (McpServer, SDK 1.x) whose checks look at a part of the input; each
// vulnerable tool has a fixed twin that differs in the one line doing the check.
import { execSync } from "node:child_process";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";

const TARGET_CHARS = new Set("abcdefghijklmnopqrstuvwxyz0123456789-_");
const COMMANDS = ["build", "test", "lint"];

const server = new McpServer({ name: "build-runner", version: "1.4.0" });

const done = (text: string) => ({ content: [{ type: "text" as const, text }] });

server.tool("make_first_char", "Run a make target", { target: z.string() }, async ({ target }) => {
  if (!TARGET_CHARS.has(target[0])) throw new Error("bad target");
  return done(execSync(`make ${target}`, { encoding: "utf8" })); // expect: shell-injection from=target
});

server.tool("make_every_char", "Run a make target", { target: z.string() }, async ({ target }) => {
  for (const ch of target) {
    if (!TARGET_CHARS.has(ch)) throw new Error("bad target");
  }
  return done(execSync(`make ${target}`, { encoding: "utf8" }));
});

server.tool("run_first_word", "Run a project command", { command: z.string() }, async ({ command }) => {
  if (!COMMANDS.includes(command.split(" ")[0])) throw new Error("unknown command");
  return done(execSync(`npm run ${command}`, { encoding: "utf8" })); // expect: shell-injection from=command
});

server.tool("run_whole_command", "Run a project command", { command: z.string() }, async ({ command }) => {
  if (!COMMANDS.includes(command)) throw new Error("unknown command");
  return done(execSync(`npm run ${command}`, { encoding: "utf8" }));
});

server.tool("report", "Build a report", { period: z.string() }, async ({ period }) => {
  if (period !== "daily" && period !== "weekly") throw new Error("daily or weekly");
  return done(execSync(`./report.sh ${period}`, { encoding: "utf8" }));
});

server.tool("report_any", "Build a report", { period: z.string(), fmt: z.string() }, async ({ period, fmt }) => {
  if (period !== "daily" && fmt !== "pdf") throw new Error("daily or pdf");
  return done(execSync(`./report.sh ${period}`, { encoding: "utf8" })); // expect: shell-injection from=period
});

server.tool("report_either", "Build a report", { period: z.string() }, async ({ period }) => {
  if (period === "daily" || period === "weekly") {
    return done(execSync(`./report.sh ${period}`, { encoding: "utf8" }));
  }
  throw new Error("daily or weekly");
});

/** Finds an unquoted pipe: a check of one character, not of the command. */
function hasPipe(command: string): boolean {
  let inQuotes = false;
  for (const ch of command) {
    if (ch === '"') inQuotes = !inQuotes;
    else if (ch === "|" && !inQuotes) return true;
  }
  return false;
}

/** Whether every character of the command is allowed. */
function onlyTargetChars(command: string): boolean {
  for (const ch of command) {
    if (!TARGET_CHARS.has(ch)) return false;
  }
  return true;
}

server.tool("run_pipeline", "Run a piped command", { command: z.string() }, async ({ command }) => {
  if (hasPipe(command)) {
    return done(execSync(command, { encoding: "utf8" })); // expect: shell-injection from=command
  }
  return done("not a pipeline");
});

server.tool("run_plain_target", "Run a plain command", { command: z.string() }, async ({ command }) => {
  if (onlyTargetChars(command)) {
    return done(execSync(command, { encoding: "utf8" }));
  }
  return done("not allowed");
});
