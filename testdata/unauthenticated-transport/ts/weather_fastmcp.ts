// Weather over FastMCP's HTTP stream, on every interface for the office network.
import { FastMCP } from "fastmcp";
import { z } from "zod";

const server = new FastMCP({ name: "weather", version: "2.0.0" }); // expect: unauthenticated-transport

server.addTool({
  name: "forecast",
  description: "The forecast for a city",
  parameters: z.object({ city: z.string() }),
  execute: async ({ city }) => {
    const res = await fetch(`https://api.weather.example/v1/forecast?q=${encodeURIComponent(city)}`);
    return res.text();
  },
});

server.start({ transportType: "httpStream", httpStream: { port: 8080, host: "0.0.0.0" } }); // expect: exposed-transport
