// File helpers shared by the tools.
import { mkdir, readdir, readFile, stat, writeFile } from "node:fs/promises";
import path from "node:path";

export const ROOT = path.resolve(process.env.FILES_ROOT ?? "/srv/files");

/** The absolute path of `rel` inside ROOT; throws when it would leave ROOT. */
export function resolveInRoot(rel: string): string {
  const abs = path.resolve(ROOT, rel);
  if (!abs.startsWith(ROOT + path.sep)) {
    throw new Error(`path escapes the files root: ${rel}`);
  }
  return abs;
}

export async function readText(abs: string): Promise<string> {
  return readFile(abs, "utf8"); // expect: path-traversal
}

export async function writeText(abs: string, body: string): Promise<void> {
  await mkdir(path.dirname(abs), { recursive: true });
  await writeFile(abs, body, "utf8");
}

export async function listDir(rel: string): Promise<string[]> {
  const entries = await readdir(path.join(ROOT, rel), { withFileTypes: true }); // expect: path-traversal
  return entries.map((e) => (e.isDirectory() ? `${e.name}/` : e.name));
}

export async function ensureDir(abs: string): Promise<void> {
  await mkdir(abs, { recursive: true });
}

export async function totalSize(): Promise<number> {
  let total = 0;
  for (const name of await readdir(ROOT)) total += (await stat(path.join(ROOT, name))).size;
  return total;
}
