// Build tool, exported as the module's default.
import { z } from "zod";
import { run, runStreaming } from "../utils/exec.js";

const TARGETS = ["all", "test", "dist", "clean"];

export const buildShape = {
  target: z.string().default("all"),
  tag: z.string().optional().describe("Also build a container image with this tag"),
};

export default async function build({ target, tag }: { target: string; tag?: string }) {
  if (!TARGETS.includes(target)) {
    throw new Error(`unknown make target ${target}`);
  }
  const log: string[] = [];
  log.push(await run(`make ${target}`));
  if (tag) {
    const code = await runStreaming(`docker build -t ${tag} .`, (line) => log.push(line));
    log.push(`docker build exited with ${code}`);
  }
  return { content: [{ type: "text" as const, text: log.join("\n") }] };
}
