// Workspace checks shared by the tools in ./server.ts. The first compares strings without a
// separator (`/srv/workspace_evil/x` starts with `/srv/workspace`): the finding goes here, at
// the check, for every tool of the other file that relies on it. The second is its fix.
import path from "node:path";

export const WORKSPACE = path.resolve(process.env.WORKSPACE_DIR ?? "/srv/workspace");

export function isInWorkspace(candidate: string): boolean {
  return path.resolve(candidate).startsWith(WORKSPACE); // expect: path-traversal from=file
}

export function isInWorkspaceFixed(candidate: string): boolean {
  return path.resolve(candidate).startsWith(WORKSPACE + path.sep);
}
