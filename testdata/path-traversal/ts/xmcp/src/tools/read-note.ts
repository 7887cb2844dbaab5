// xmcp convention: one tool per file, with `schema`, `metadata` and a default-exported handler.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import type { InferSchema } from "xmcp";

const NOTES = "/srv/notes";

export const schema = {
  name: z.string().describe("Note file name, relative to the notes folder"),
};

export const metadata = {
  name: "read-note",
  description: "Read one note",
  annotations: { readOnlyHint: true },
};

export default async function readNote({ name }: InferSchema<typeof schema>) {
  return await readFile(path.join(NOTES, name), "utf8"); // expect: path-traversal
}
