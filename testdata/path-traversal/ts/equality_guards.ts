// Report archive tools checked by equality, membership and validators (McpServer, SDK 1.x),
// each sound check next to a twin whose check does not hold. The server is not called `server`.
import { readFile, rm } from "node:fs/promises";
import path from "node:path";
import validator from "validator";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { z } from "zod";

const ARCHIVE = path.resolve(process.env.REPORT_ARCHIVE ?? "/srv/reports");
const EXPORTS: Record<string, string> = { csv: "text/csv", json: "application/json", xlsx: "application/vnd.ms-excel" };

const reports = new McpServer({ name: "report-archive", version: "2.3.0" });

const text = (t: string) => ({ content: [{ type: "text" as const, text: t }] });

// --- Membership in a fixed table -----------------------------------------------------------------

reports.tool("latest_export", "The latest export in a format", { format: z.string() }, async ({ format }) => {
  if (!(format in EXPORTS)) throw new Error(`format must be one of ${Object.keys(EXPORTS).join(", ")}`);
  return text(await readFile(path.join(ARCHIVE, `latest.${format}`), "utf8"));
});

reports.tool(
  "custom_export",
  "The latest export under a caller-defined alias",
  { format: z.string(), aliases: z.record(z.string()) },
  async ({ format, aliases }) => {
    // The table is the caller's own: any format can be listed in it.
    if (!(format in aliases)) throw new Error("unknown alias");
    return text(await readFile(path.join(ARCHIVE, `latest.${format}`), "utf8")); // expect: path-traversal from=format
  },
);

// --- Equality with a constant --------------------------------------------------------------------

reports.tool("summary", "The weekly summary", { period: z.string() }, async ({ period }) => {
  if (period === "weekly") {
    return text(await readFile(path.join(ARCHIVE, `${period}-summary.md`), "utf8"));
  }
  return text("only the weekly summary is kept");
});

reports.tool("annual", "The annual report", { period: z.string() }, async ({ period }) => {
  if (period !== "annual") throw new Error("only the annual report is published");
  return text(await readFile(path.join(ARCHIVE, `${period}.pdf`), "base64"));
});

// "Type the name again to confirm": both values come from the caller.
reports.tool("delete_report", "Delete a report", { name: z.string(), confirm: z.string() }, async ({ name, confirm }) => {
  if (confirm !== name) throw new Error("confirmation does not match");
  await rm(path.join(ARCHIVE, name)); // expect: path-traversal from=name
  return text(`deleted ${name}`);
});

reports.tool("purge_report", "Delete a report and its drafts", { name: z.string(), confirm: z.string() }, async ({ name, confirm }) => {
  if (name === confirm) {
    await rm(path.join(ARCHIVE, "drafts", name), { recursive: true }); // expect: path-traversal from=name
    return text(`purged ${name}`);
  }
  return text("confirmation does not match");
});

// --- Validators ----------------------------------------------------------------------------------

reports.tool("report_by_id", "A report by its UUID", { id: z.string() }, async ({ id }) => {
  if (!validator.isUUID(id)) throw new Error("id must be a UUID");
  return text(await readFile(path.join(ARCHIVE, "by-id", `${id}.json`), "utf8"));
});

reports.tool("report_by_slug", "A report by its slug", { slug: z.string() }, async ({ slug }) => {
  // ASCII includes "." and "/".
  if (!validator.isAscii(slug)) throw new Error("slug must be ASCII");
  return text(await readFile(path.join(ARCHIVE, "by-slug", `${slug}.json`), "utf8")); // expect: path-traversal
});

// --- The resolved path compared as a whole -------------------------------------------------------

reports.tool("read_top_level", "A report directly in the archive folder", { file: z.string() }, async ({ file }) => {
  const abs = path.resolve(ARCHIVE, file);
  if (path.dirname(abs) !== ARCHIVE) throw new Error("only files directly in the archive");
  return text(await readFile(abs, "utf8"));
});

reports.tool("read_if_top_level", "A report directly in the archive folder, or nothing", { file: z.string() }, async ({ file }) => {
  const abs = path.resolve(ARCHIVE, file);
  if (path.dirname(abs) === ARCHIVE) {
    return text(await readFile(abs, "utf8"));
  }
  return text("not in the archive folder");
});

reports.tool("read_csv", "A CSV report", { file: z.string() }, async ({ file }) => {
  const abs = path.resolve(ARCHIVE, file);
  // The extension says nothing about the folder: ../../home/u/secrets.csv passes.
  if (path.extname(abs) !== ".csv") throw new Error("only CSV files");
  return text(await readFile(abs, "utf8")); // todo: path-traversal
});

reports.tool("read_relative", "A report by a path under the archive", { file: z.string() }, async ({ file }) => {
  // Compares the input, not the resolved path: "a/../../../etc/passwd" has a dirname too.
  if (path.dirname(file) === ".") throw new Error("give a path with a folder");
  return text(await readFile(path.join(ARCHIVE, file), "utf8")); // expect: path-traversal
});

await reports.connect(new StdioServerTransport());
