// Snapshot tools, declared through addTool from ./register.
import { writeFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { addTool, schedule } from "./register.js";

const SNAPSHOTS = path.resolve(process.env.SNAPSHOT_DIR ?? "/srv/snapshots");

addTool("snap", { dest: z.string() }, async ({ dest }: { dest: string }) =>
  writeFileSync(dest, "x"), // expect: path-traversal from=dest
);

addTool("snap_checked", { dest: z.string() }, async ({ dest }: { dest: string }) =>
  writeFileSync(path.join(SNAPSHOTS, path.basename(dest)), "x"),
);

schedule("nightly", async (when: string) =>
  writeFileSync(path.join(SNAPSHOTS, when), "x"), // safe: path-traversal
);
