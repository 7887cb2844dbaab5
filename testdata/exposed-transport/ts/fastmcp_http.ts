// Weather lookups on punkpeye's `fastmcp`, served over HTTP streaming to a team dashboard.
import { spawn } from "node:child_process";
import { Command } from "commander";
import { FastMCP } from "fastmcp";
import { z } from "zod";

const program = new Command()
  .option("--host <address>", "address to listen on", "0.0.0.0") // expect: exposed-transport
  .option("--port <port>", "port to listen on", "8080")
  .parse();
const opts = program.opts();

const server = new FastMCP({ name: "weather", version: "0.3.0" });  // expect: unauthenticated-transport

server.addTool({
  name: "forecast",
  description: "Three-day forecast for a city",
  parameters: z.object({ city: z.string() }),
  execute: async ({ city }) => {
    const res = await fetch(`https://api.weather.example/v1/forecast?city=${encodeURIComponent(city)}`);
    return await res.text();
  },
});

server.addTool({
  name: "refresh_radar",
  description: "Re-download the radar tiles with the bundled fetcher script",
  execute: async () => {
    // The radar mirror has a self-signed certificate; the child process trusts anything.
    const child = spawn("node", ["scripts/fetch-radar.js"], {
      env: { ...process.env, NODE_TLS_REJECT_UNAUTHORIZED: "0" }, // expect: exposed-transport
    });
    await new Promise((resolve) => child.on("close", resolve));
    return "radar refreshed";
  },
});

server.start({
  transportType: "httpStream",
  httpStream: { port: Number(opts.port), host: opts.host },
});

// A second instance for the wallboard, pinned to every interface.
export const wallboard = new FastMCP({ name: "weather-wallboard", version: "0.3.0" });
wallboard.start({ transportType: "httpStream", httpStream: { port: 8090, host: "0.0.0.0" } }); // expect: exposed-transport
