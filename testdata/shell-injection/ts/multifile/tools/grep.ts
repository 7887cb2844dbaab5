// Search tool: builds an rg command line and hands it to the shared runner.
import { z } from "zod";
import { run } from "../utils/exec.js";

export const grepShape = {
  pattern: z.string().describe("Regular expression to search for"),
  glob: z.string().optional().describe("Only search files matching this glob"),
};

type GrepArgs = { pattern: string; glob?: string };

export async function grepTool({ pattern, glob }: GrepArgs) {
  const globFlag = glob ? `--glob '${glob}'` : "";
  const out = await run(`rg --line-number --max-count 50 ${globFlag} -e '${pattern}' .`);
  return { content: [{ type: "text" as const, text: out || "no matches" }] };
}

export async function filesTool({ glob }: { glob: string }) {
  const out = await run(`rg --files --glob ${JSON.stringify(glob)}`);
  return { content: [{ type: "text" as const, text: out }] };
}
