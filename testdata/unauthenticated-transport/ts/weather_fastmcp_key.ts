// Weather over FastMCP's HTTP stream, for the office network; each client sends its key.
import { FastMCP } from "fastmcp";
import { z } from "zod";

const server = new FastMCP({ // safe: unauthenticated-transport
  name: "weather",
  version: "2.0.0",
  authenticate: async (request) => {
    if (request.headers["x-api-key"] !== process.env.WEATHER_KEY) {
      throw new Response(null, { status: 401, statusText: "Unauthorized" });
    }
    return { team: "office" };
  },
});

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
