// Search tool, exported as the module's default.
import { z } from "zod";
import { listDir } from "../utils/fs.js";

export const searchShape = { dir: z.string().default("."), needle: z.string() };

export default async function search({ dir, needle }: { dir: string; needle: string }) {
  const names = await listDir(dir);
  const hits = names.filter((n) => n.toLowerCase().includes(needle.toLowerCase()));
  return { content: [{ type: "text" as const, text: hits.join("\n") || "nothing found" }] };
}
