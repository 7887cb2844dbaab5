// Tool-definition objects: name, description, schema and handler in one literal.
import { execSync } from "node:child_process";
import { z } from "zod";
import { runArgv, WORKSPACE } from "../utils/exec.js";

export const lintTool = {
  name: "lint",
  description: "Run ESLint over a file or folder",
  inputSchema: { path: z.string(), fix: z.boolean().default(false) },
  handler: async (args: { path: string; fix: boolean }) => {
    const argv = ["eslint", "--format", "unix", ...(args.fix ? ["--fix"] : []), args.path];
    const out = await runArgv("npx", argv);
    return { content: [{ type: "text" as const, text: out || "no problems" }] };
  },
};

export const formatTool = {
  name: "format",
  description: "Format files with Prettier",
  inputSchema: { files: z.array(z.string()).min(1) },
  handler: async ({ files }: { files: string[] }) => {
    const out = execSync(`npx prettier --write ${files.join(" ")}`, { cwd: WORKSPACE, encoding: "utf8" }); // expect: shell-injection
    return { content: [{ type: "text" as const, text: out }] };
  },
};
