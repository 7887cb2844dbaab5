// Entry point: the server is created here and handed to the tool module. The
// description is a text field the model reads wherever it is written; once the registrar is known
// to be a server, the finding names its tool.
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { attachForecastTools } from "./forecast.js";

const server = new McpServer({ name: "forecast", version: "1.0.0" });
attachForecastTools(server);

await server.connect(new StdioServerTransport());
