// Process helpers of a network diagnostics server.
import { exec, execFile } from "node:child_process";
import { promisify } from "node:util";

export const sh = promisify(exec);
export const argv = promisify(execFile);

export async function ping(host: string): Promise<string> {
  const { stdout } = await sh(`ping -c 3 ${host}`); // expect: shell-injection from=host
  return stdout;
}

export async function pingArgv(host: string): Promise<string> {
  const { stdout } = await argv("ping", ["-c", "3", "--", host]);
  return stdout;
}
