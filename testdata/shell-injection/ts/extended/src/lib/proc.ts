// Process helpers: a shell line, and a program with its own argument array.
import { exec, execFile } from "node:child_process";
import { promisify } from "node:util";

const execAsync = promisify(exec);
const execFileAsync = promisify(execFile);

export async function shell(line: string): Promise<string> {
  const { stdout } = await execAsync(line, { timeout: 20_000 }); // expect: shell-injection from=host
  return stdout;
}

export async function program(file: string, args: string[]): Promise<string> {
  const { stdout } = await execFileAsync(file, args, { timeout: 20_000 });
  return stdout;
}
