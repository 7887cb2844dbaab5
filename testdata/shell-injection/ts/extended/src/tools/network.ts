// Network tools; both run through the process helpers in ~/lib/proc.
import { shell, program } from "~/lib/proc.js";

export async function pingHost({ host }: { host: string }) {
  return { content: [{ type: "text" as const, text: await shell(`ping -c 3 ${host}`) }] };
}

export async function traceHost({ host }: { host: string }) {
  return { content: [{ type: "text" as const, text: await program("traceroute", ["-m", "12", "--", host]) }] };
}
