// Promisified process helpers shared by the git tools.
import { exec, execFile } from "node:child_process";
import * as child_process from "node:child_process";
import util, { promisify } from "node:util";

export const sh = promisify(exec);
export const run = promisify(execFile);

const execAsync = util.promisify(child_process.exec);
export { execAsync };

export const DEFAULT_TIMEOUT = 20_000;
