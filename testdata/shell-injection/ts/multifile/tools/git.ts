// Git handlers, imported as a namespace by the server.
import { execSync } from "node:child_process";
import { z } from "zod";
import { runArgv, shellQuote, WORKSPACE } from "../utils/exec.js";

export const logShape = { ref: z.string().default("HEAD"), count: z.number().int().default(20) };
export const refShape = { ref: z.string() };

export async function log({ ref, count }: { ref: string; count: number }) {
  const out = execSync(`git log --oneline -n ${Number(count)} ${shellQuote([ref])}`, { cwd: WORKSPACE, encoding: "utf8" });  // safe: shell-injection
  return { content: [{ type: "text" as const, text: out }] };
}

export async function show({ ref }: { ref: string }) {
  const out = await runArgv("git", ["show", "--stat", ref]);
  return { content: [{ type: "text" as const, text: out }] };
}

export async function checkout({ ref }: { ref: string }) {
  execSync(`git checkout ${ref}`, { cwd: WORKSPACE, stdio: "pipe" }); // expect: shell-injection
  return { content: [{ type: "text" as const, text: `checked out ${ref}` }] };
}
