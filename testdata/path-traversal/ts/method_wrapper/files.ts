// File tools of the workspace server.
import { readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { ToolGroup } from "./group.js";

const WORKSPACE = path.resolve(process.env.WORKSPACE ?? "/srv/workspace");

export class FileTools extends ToolGroup {
  register() {
    this.addTool("read_file", { file: z.string() }, async ({ file }: { file: string }) =>
      readFileSync(file, "utf8"), // expect: path-traversal from=file
    );
    this.addTool("read_workspace_file", { file: z.string() }, async ({ file }: { file: string }) =>
      readFileSync(path.join(WORKSPACE, path.basename(file)), "utf8"),
    );
    this.describe("cleanup", (stamp) => {
      rmSync(stamp); // safe: path-traversal
      return stamp;
    });
  }
}
