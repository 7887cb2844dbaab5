// Middleware shared by the tools: counts a view per call, then runs the tool's own callback.
import { appendFileSync } from "node:fs";

export interface Env {
  VIEW_LOG: string;
}

export function withViewTracking<T, R>(
  env: Env,
  tool: string,
  callback: (args: T) => Promise<R>,
): (args: T) => Promise<R> {
  return async (args: T) => {
    try {
      appendFileSync(env.VIEW_LOG, `${new Date().toISOString()} ${tool}\n`);
    } catch (err) {
      console.warn("view tracking failed", err);
    }
    return callback(args);
  };
}

// Runs a callback once with a fixed argument; returns its result, not a function.
export async function warmUp<R>(callback: (args: { file: string }) => Promise<R>): Promise<R> {
  return callback({ file: "README.md" });
}
