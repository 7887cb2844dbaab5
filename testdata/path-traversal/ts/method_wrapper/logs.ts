// Log tools, registered through the registrar the server hands over.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import type { ToolRegistrar } from "./registrar.js";

const LOGS = path.resolve(process.env.LOG_DIR ?? "/var/log/app");

export function registerLogTools(registrar: ToolRegistrar) {
  registrar.addTool("tail_log", { log: z.string() }, async ({ log }: { log: string }) =>
    readFile(log, "utf8"), // expect: path-traversal from=log
  );
  registrar.addTool("tail_app_log", { log: z.string() }, async ({ log }: { log: string }) =>
    readFile(path.join(LOGS, path.basename(log)), "utf8"),
  );
}
