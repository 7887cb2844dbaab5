// xmcp tool that stays inside its folder.
import { readdir } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import type { InferSchema } from "xmcp";

const NOTES = path.resolve("/srv/notes");

export const schema = {
  folder: z.string().describe("Sub-folder of the notes folder"),
};

export const metadata = { name: "list-notes", description: "List the notes of a sub-folder" };

export default async function listNotes({ folder }: InferSchema<typeof schema>) {
  const dir = path.resolve(NOTES, folder);
  if (!dir.startsWith(NOTES + path.sep)) {
    throw new Error("folder escapes the notes folder");
  }
  return (await readdir(dir)).join("\n");
}
