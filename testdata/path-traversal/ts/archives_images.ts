// A media and archive server: zip and tar archives, images and spreadsheets read and written at
// paths the model gives. Each tool has a twin that resolves the path under the workspace first.
import fs from "node:fs";
import path from "node:path";
import AdmZip from "adm-zip";
import sharp from "sharp";
import * as tar from "tar";
import unzipper from "unzipper";
import ExcelJS from "exceljs";
import * as XLSX from "xlsx";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";

const ROOT = fs.realpathSync(process.env.WORKSPACE ?? "./workspace");
const server = new McpServer({ name: "media-archives", version: "0.3.0" });

function inside(p: string): string {
  const real = fs.realpathSync(path.resolve(ROOT, p));
  if (!real.startsWith(ROOT + path.sep)) {
    throw new Error(`${p} is outside the workspace`);
  }
  return real;
}

function text(body: string) {
  return { content: [{ type: "text" as const, text: body }] };
}

server.registerTool(
  "unzip",
  { description: "Extract a zip archive", inputSchema: { archive: z.string(), dest: z.string() } },
  async ({ archive, dest }) => {
    const zip = new AdmZip(inside(archive));
    zip.extractAllTo(dest, true); // expect: path-traversal from=dest
    return text(`extracted to ${dest}`);
  },
);

server.registerTool(
  "unzip_inside",
  { description: "Extract a zip archive inside the workspace", inputSchema: { archive: z.string(), dest: z.string() } },
  async ({ archive, dest }) => {
    const zip = new AdmZip(inside(archive));
    zip.extractAllTo(inside(dest), true); // safe: path-traversal
    return text(`extracted to ${dest}`);
  },
);

server.registerTool(
  "unzip_entry",
  { description: "Extract one entry of a zip archive", inputSchema: { archive: z.string(), entry: z.string(), dest: z.string() } },
  async ({ archive, entry, dest }) => {
    const zip = new AdmZip(inside(archive));
    zip.extractEntryTo(entry, dest, false, true); // expect: path-traversal from=dest
    return text(`extracted ${entry}`);
  },
);

server.registerTool(
  "zip_info",
  { description: "List the entries of a zip archive", inputSchema: { archive: z.string() } },
  async ({ archive }) => {
    const zip = new AdmZip(archive); // expect: path-traversal from=archive
    return text(zip.getEntries().map((e) => e.entryName).join("\n"));
  },
);

server.registerTool(
  "untar",
  { description: "Extract a tarball", inputSchema: { file: z.string() } },
  async ({ file }) => {
    await tar.x({ file, cwd: ROOT }); // expect: path-traversal from=file
    return text("extracted");
  },
);

server.registerTool(
  "untar_inside",
  { description: "Extract a tarball of the workspace", inputSchema: { file: z.string() } },
  async ({ file }) => {
    await tar.x({ file: inside(file), cwd: ROOT }); // safe: path-traversal
    return text("extracted");
  },
);

server.registerTool(
  "unzip_stream",
  { description: "Extract a zip archive from the workspace", inputSchema: { archive: z.string(), dest: z.string() } },
  async ({ archive, dest }) => {
    await fs.createReadStream(inside(archive)).pipe(unzipper.Extract({ path: dest })).promise(); // expect: path-traversal from=dest
    return text(`extracted to ${dest}`);
  },
);

server.registerTool(
  "resize",
  { description: "Resize an image", inputSchema: { input: z.string(), output: z.string(), width: z.number() } },
  async ({ input, output, width }) => {
    await sharp(inside(input)).resize(width).toFile(output); // expect: path-traversal from=output
    return text(`wrote ${output}`);
  },
);

server.registerTool(
  "resize_inside",
  { description: "Resize an image of the workspace", inputSchema: { input: z.string(), output: z.string(), width: z.number() } },
  async ({ input, output, width }) => {
    await sharp(inside(input)).resize(width).toFile(inside(output)); // safe: path-traversal
    return text(`wrote ${output}`);
  },
);

server.registerTool(
  "image_meta",
  { description: "Read an image's size", inputSchema: { input: z.string() } },
  async ({ input }) => {
    const meta = await sharp(input).metadata(); // expect: path-traversal from=input
    return text(`${meta.width}x${meta.height}`);
  },
);

server.registerTool(
  "sheet_names",
  { description: "List the sheets of a workbook", inputSchema: { workbook: z.string() } },
  async ({ workbook }) => {
    const wb = XLSX.readFile(workbook); // expect: path-traversal from=workbook
    return text(wb.SheetNames.join(", "));
  },
);

server.registerTool(
  "write_sheet",
  { description: "Write rows to a new workbook", inputSchema: { rows: z.array(z.record(z.string())), out: z.string() } },
  async ({ rows, out }) => {
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(wb, XLSX.utils.json_to_sheet(rows), "Data");
    XLSX.writeFile(wb, out); // expect: path-traversal from=out
    return text(`wrote ${out}`);
  },
);

server.registerTool(
  "write_sheet_inside",
  { description: "Write rows to a new workbook in the workspace", inputSchema: { rows: z.array(z.record(z.string())), out: z.string() } },
  async ({ rows, out }) => {
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(wb, XLSX.utils.json_to_sheet(rows), "Data");
    XLSX.writeFile(wb, inside(out)); // safe: path-traversal
    return text(`wrote ${out}`);
  },
);

server.registerTool(
  "append_row",
  { description: "Append a row to a workbook", inputSchema: { book: z.string(), row: z.array(z.string()) } },
  async ({ book, row }) => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(book); // expect: path-traversal from=book
    workbook.getWorksheet(1)?.addRow(row);
    await workbook.xlsx.writeFile(book); // expect: path-traversal from=book
    return text("appended");
  },
);

server.registerTool(
  "append_row_inside",
  { description: "Append a row to a workbook of the workspace", inputSchema: { book: z.string(), row: z.array(z.string()) } },
  async ({ book, row }) => {
    const full = inside(book);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(full); // safe: path-traversal
    workbook.getWorksheet(1)?.addRow(row);
    await workbook.xlsx.writeFile(full); // safe: path-traversal
    return text("appended");
  },
);
