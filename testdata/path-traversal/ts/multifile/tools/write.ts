// Writing tools: every path goes through resolveInRoot first.
import { z } from "zod";
import { resolveInRoot, writeText } from "../utils/fs.js";

export const writeShape = { file: z.string(), content: z.string() };

export async function writeTool({ file, content }: { file: string; content: string }) {
  await writeText(resolveInRoot(file), content);
  return { content: [{ type: "text" as const, text: `wrote ${file}` }] };
}
