// Process helpers shared by the tools.
import { exec, execFile } from "node:child_process";
import { promisify } from "node:util";

const execAsync = promisify(exec);
const execFileAsync = promisify(execFile);

export async function runShell(command: string): Promise<string> {
  const { stdout } = await execAsync(command, { timeout: 30_000 }); // expect: shell-injection
  return stdout;
}

export async function runArgv(program: string, args: string[]): Promise<string> {
  const { stdout } = await execFileAsync(program, args, { timeout: 30_000 });
  return stdout;
}
