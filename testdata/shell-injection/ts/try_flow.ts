// Git tools whose checks and fallbacks sit in try/catch (McpServer, SDK 1.x).
import { exec, execFile } from "node:child_process";
import { promisify } from "node:util";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";

const run = promisify(exec);
const runFile = promisify(execFile);

const REPO = "/srv/repo";

const server = new McpServer({ name: "git-tools", version: "2.0.1" });

const done = (text: string) => ({ content: [{ type: "text" as const, text }] });

// A check that throws inside the try, swallowed by a catch that only logs.
server.tool("checkout", "Check out a branch", { branch: z.string() }, async ({ branch }) => {
  try {
    if (!/^[A-Za-z0-9_.\/-]+$/.test(branch)) {
      throw new Error(`invalid branch name: ${branch}`);
    }
  } catch (err) {
    console.error("continuing after", err);
  }
  const { stdout } = await run(`git -C ${REPO} checkout ${branch}`); // expect: shell-injection from=branch
  return done(stdout);
});

server.tool("switch_branch", "Switch to a branch", { branch: z.string() }, async ({ branch }) => {
  try {
    if (!/^[A-Za-z0-9_.\/-]+$/.test(branch)) {
      throw new Error(`invalid branch name: ${branch}`);
    }
  } catch (err) {
    throw new Error(`refusing: ${err}`);
  }
  const { stdout } = await run(`git -C ${REPO} switch ${branch}`);
  return done(stdout);
});

// The return in the try does not make the catch dead.
server.tool("file_log", "Show the history of a file", { file: z.string() }, async ({ file }) => {
  try {
    const { stdout } = await runFile("git", ["-C", REPO, "log", "--", file]);
    return done(stdout);
  } catch {
    // Older git versions: retry through the shell.
    const { stdout } = await run(`git -C ${REPO} log ${file}`); // expect: shell-injection from=file
    return done(stdout);
  }
});

server.tool("file_blame", "Show who last changed each line", { file: z.string() }, async ({ file }) => {
  try {
    const { stdout } = await runFile("git", ["-C", REPO, "blame", "--", file]);
    return done(stdout);
  } catch {
    // Older git versions: retry with the short form.
    const { stdout } = await runFile("git", ["-C", REPO, "annotate", "--", file]);
    return done(stdout);
  }
});
