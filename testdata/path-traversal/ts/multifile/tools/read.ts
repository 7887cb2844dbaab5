// Reading tools.
import path from "node:path";
import { z } from "zod";
import { readText, resolveInRoot, ROOT } from "../utils/fs.js";

export const readShape = { file: z.string().describe("Path relative to the files root") };
export const headShape = { file: z.string(), lines: z.number().int().default(20) };

export async function readTool({ file }: { file: string }) {
  const body = await readText(path.join(ROOT, file));
  return { content: [{ type: "text" as const, text: body }] };
}

export async function headTool({ file, lines }: { file: string; lines: number }) {
  const body = await readText(resolveInRoot(file));
  return { content: [{ type: "text" as const, text: body.split("\n").slice(0, Number(lines)).join("\n") }] };
}
