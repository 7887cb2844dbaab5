// Tool handlers; the shell helper lives in @/lib/shell.
import { runShell, runArgv } from "@/lib/shell.js";

export async function diskUsage({ folder }: { folder: string }) {
  return { content: [{ type: "text" as const, text: await runShell(`du -sh ${folder}`) }] };
}

export async function dockerLogs({ container }: { container: string }) {
  return { content: [{ type: "text" as const, text: await runArgv("docker", ["logs", "--tail", "100", "--", container]) }] };
}
