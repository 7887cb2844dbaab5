// Process helpers shared by the tools.
import { exec, execFile, execSync, spawn } from "node:child_process";
import { promisify } from "node:util";
import { quote } from "shell-quote";

const execAsync = promisify(exec);
const execFileAsync = promisify(execFile);

export const WORKSPACE = process.env.WORKSPACE ?? process.cwd();
const MAX_BUFFER = 32 * 1024 * 1024;

/** Runs a command line through /bin/sh in the workspace. */
export async function run(cmd: string, cwd: string = WORKSPACE): Promise<string> {
  const { stdout } = await execAsync(cmd, { cwd, maxBuffer: MAX_BUFFER }); // expect: shell-injection
  return stdout;
}

/** Runs a program with an argument vector; no shell involved. */
export async function runArgv(file: string, args: string[], cwd: string = WORKSPACE): Promise<string> {
  const { stdout } = await execFileAsync(file, args, { cwd, maxBuffer: MAX_BUFFER });
  return stdout;
}

/** Runs a long command through the shell, handing each output line to a callback. */
export function runStreaming(cmd: string, onLine: (line: string) => void): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, { cwd: WORKSPACE, shell: true }); // expect: shell-injection
    child.stdout.setEncoding("utf8");
    child.stdout.on("data", (chunk: string) => chunk.split("\n").filter(Boolean).forEach(onLine));
    child.on("error", reject);
    child.on("close", (code) => resolve(code ?? 1));
  });
}

export function shellQuote(args: string[]): string {
  return quote(args);
}

export function gitHead(): string {
  return execSync("git rev-parse --short HEAD", { cwd: WORKSPACE, encoding: "utf8" }).trim();
}

/** Runs a maintenance script from the scripts folder; only called at startup with fixed names. */
export function runScript(script: string): void {
  execSync(`bash ${WORKSPACE}/scripts/${script}`, { stdio: "inherit" });
}
