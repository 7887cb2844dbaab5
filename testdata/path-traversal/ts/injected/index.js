// Entry point: the server is created here and handed to the tool modules.
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { attachNoteCommands, attachNoteTools } from "./notes.js";
import { CommandLine } from "./cli.js";

const mcp = new McpServer({ name: "notes", version: "1.0.0" });
attachNoteTools(mcp);
attachNoteCommands(new CommandLine());

await mcp.connect(new StdioServerTransport());
