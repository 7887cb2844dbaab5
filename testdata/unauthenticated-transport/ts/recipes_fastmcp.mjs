// Recipe search over FastMCP's HTTP stream; address and port from the command line.
import { Command } from "commander";
import { FastMCP } from "fastmcp";
import { z } from "zod";

const opts = new Command()
  .option("--host <address>", "address to listen on", "127.0.0.1")
  .option("--port <port>", "port to listen on", "8090")
  .parse()
  .opts();

const server = new FastMCP({ name: "recipes", version: "0.2.0" }); // warn: unauthenticated-transport

server.addTool({
  name: "find_recipe",
  description: "Recipes that use an ingredient",
  parameters: z.object({ ingredient: z.string() }),
  execute: async ({ ingredient }) => `no recipes with ${ingredient} yet`,
});

server.start({ transportType: "httpStream", httpStream: { port: Number(opts.port), host: opts.host } });
