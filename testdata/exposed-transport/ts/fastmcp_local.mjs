// Personal reading list on punkpeye's `fastmcp` (plain JavaScript), over HTTP streaming on the
// loopback interface: a deployment that wants a public address has to ask for it.
import { Command } from "commander";
import { FastMCP } from "fastmcp";
import { z } from "zod";

const program = new Command()
  .option("--host <address>", "address to listen on", "127.0.0.1") // safe: exposed-transport
  .option("--port <port>", "port to listen on", "8765")
  .parse();
const opts = program.opts();

const books = new Map();
const server = new FastMCP({ name: "reading-list", version: "1.1.0" });  // warn: unauthenticated-transport

server.addTool({
  name: "add_book",
  description: "Add a book to the reading list",
  parameters: z.object({ title: z.string(), author: z.string() }),
  execute: async ({ title, author }) => {
    books.set(title, { author, added: new Date().toISOString() });
    return `added ${title}`;
  },
});

server.addTool({
  name: "list_books",
  description: "Books on the reading list",
  execute: async () => [...books.keys()].join("\n"),
});

// Certificate verification stays on for the cover-image fetcher.
export const fetcherEnv = { ...process.env, NODE_TLS_REJECT_UNAUTHORIZED: "1" }; // safe: exposed-transport

server.start({
  transportType: "httpStream",
  httpStream: { port: Number(opts.port), host: opts.host },
});

// The e-ink display's instance: loopback only, the display's proxy forwards to it.
export const display = new FastMCP({ name: "reading-list-display", version: "1.1.0" });
display.start({ transportType: "httpStream", httpStream: { port: 8766, host: "localhost" } }); // safe: exposed-transport
