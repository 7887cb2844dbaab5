// A notes server (McpServer, SDK 1.x) written with Node's callback-style fs API: the write runs
// inside the read's callback, and each call is a sink of its own.
const fs = require("fs");
const path = require("path");
const { McpServer } = require("@modelcontextprotocol/sdk/server/mcp.js");
const { StdioServerTransport } = require("@modelcontextprotocol/sdk/server/stdio.js");
const { z } = require("zod");

const NOTES = path.resolve(process.env.NOTES_DIR || "./notes");
const server = new McpServer({ name: "notes", version: "0.2.0" });

server.tool("copy_note", "Copy a note to a new file", { from: z.string(), to: z.string() }, ({ from, to }) =>
  new Promise((resolve, reject) => {
    fs.readFile(from, "utf8", (err, text) => { // expect: path-traversal from=from
      if (err) return reject(err);
      fs.writeFile(to, text, (err2) => (err2 ? reject(err2) : resolve({ content: [{ type: "text", text: "copied" }] }))); // expect: path-traversal from=to
    });
  }),
);

server.tool("copy_into_notes", "Copy a note to a new file of the notes folder", { from: z.string(), to: z.string() }, ({ from, to }) =>
  new Promise((resolve, reject) => {
    fs.readFile(path.join(NOTES, path.basename(from)), "utf8", (err, text) => { // no finding: only a base name inside NOTES
      if (err) return reject(err);
      fs.writeFile(to, text, (err2) => (err2 ? reject(err2) : resolve({ content: [{ type: "text", text: "copied" }] }))); // expect: path-traversal from=to
    });
  }),
);

server.connect(new StdioServerTransport());
