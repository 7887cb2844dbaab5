#!/usr/bin/env node
// Template renderer in plain JavaScript ESM (McpServer, SDK 1.x).
import { promises as fs, createReadStream } from "node:fs";
import { join, resolve, sep, basename } from "node:path";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { z } from "zod";

const TEMPLATES = resolve(process.env.TEMPLATE_DIR ?? "./templates");
const OUTPUT = resolve(process.env.OUTPUT_DIR ?? "./out");

const server = new McpServer({ name: "templates", version: "1.0.0" });

const text = (t) => ({ content: [{ type: "text", text: t }] });

function render(template, vars) {
  return template.replace(/\{\{(\w+)\}\}/g, (_, k) => String(vars[k] ?? ""));
}

server.tool(
  "render",
  "Render a template with variables and write the result",
  { template: z.string(), output: z.string(), vars: z.record(z.string()) },
  async ({ template, output, vars }) => {
    const source = await fs.readFile(join(TEMPLATES, template), "utf8"); // expect: path-traversal
    const dest = resolve(OUTPUT, output);
    if (!dest.startsWith(OUTPUT + sep)) {
      throw new Error("output must stay inside the output folder");
    }
    await fs.writeFile(dest, render(source, vars), "utf8");
    return text(`rendered ${template}`);
  },
);

server.tool("list_templates", "Available templates", async () => text((await fs.readdir(TEMPLATES)).join("\n")));

server.tool(
  "preview",
  "Render a template without saving it",
  { template: z.string(), vars: z.record(z.string()).default({}) },
  async ({ template, vars }) => {
    const chunks = [];
    for await (const chunk of createReadStream(`${TEMPLATES}/${template}`, { encoding: "utf8" })) chunks.push(chunk); // expect: path-traversal
    return text(render(chunks.join(""), vars));
  },
);

server.tool(
  "delete_output",
  "Delete a rendered file",
  { output: z.string() },
  { destructiveHint: true },
  async ({ output }) => {
    await fs.unlink(join(OUTPUT, basename(output)));
    return text("deleted");
  },
);

server.tool(
  "copy_template",
  "Start a new template from an existing one",
  { from: z.string(), to: z.string() },
  async ({ from, to }) => {
    const fromPath = join(TEMPLATES, basename(from));
    await fs.copyFile(fromPath, resolve(TEMPLATES, to)); // expect: path-traversal
    return text(`created ${to}`);
  },
);

server.tool(
  "output_dirs",
  "Create the output folders for a site",
  { sections: z.array(z.string()) },
  async ({ sections }) => {
    await Promise.all(sections.map((s) => fs.mkdir(join(OUTPUT, s), { recursive: true }))); // expect: path-traversal
    return text(`created ${sections.length} folders`);
  },
);

await server.connect(new StdioServerTransport());
