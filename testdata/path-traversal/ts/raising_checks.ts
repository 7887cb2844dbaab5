// Render-job queue whose job ids are checked by helpers that throw unless the id has the queue's
// shape (McpServer, SDK 1.x): `job_` and 32 hex digits names one file below the queue.
import { readFile, unlink } from "node:fs/promises";
import path from "node:path";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";

const QUEUE = process.env.QUEUE_DIR ?? "/var/lib/render/queue";

const server = new McpServer({ name: "render-queue", version: "0.3.0" });

const say = (text: string) => ({ content: [{ type: "text" as const, text }] });

function assertJobId(id: string): void {
  if (!/^job_[0-9a-f]{32}$/.test(id)) {
    throw new Error(`not a job id: ${id}`);
  }
}

async function verifyJobId(id: string): Promise<void> {
  if (!/^job_[0-9a-f]{32}$/.test(id)) {
    throw new Error(`not a job id: ${id}`);
  }
}

server.tool("cancel", "Cancel a queued render job", { id: z.string() }, async ({ id }) => {
  assertJobId(id);
  await unlink(path.join(QUEUE, `${id}.json`)); // the check above stops bad ids: not reported
  return say("cancelled");
});

server.tool("cancel_logged", "Cancel a queued render job, logging bad ids", { id: z.string() }, async ({ id }) => {
  try {
    assertJobId(id);
  } catch (e) {
    console.error(e);
  }
  await unlink(path.join(QUEUE, `${id}.json`)); // expect: path-traversal from=id
  return say("cancelled");
});

server.tool("retry", "Retry a failed render job", { id: z.string() }, async ({ id }) => {
  await verifyJobId(id);
  return say(await readFile(path.join(QUEUE, `${id}.json`), "utf8")); // the check above stops bad ids: not reported
});

server.tool("retry_unawaited", "Retry a failed render job", { id: z.string() }, async ({ id }) => {
  verifyJobId(id);
  return say(await readFile(path.join(QUEUE, `${id}.json`), "utf8")); // expect: path-traversal from=id
});
