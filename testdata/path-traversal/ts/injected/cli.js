// The command-line front end: a registry of commands, not an MCP server.
export class CommandLine {
  constructor() {
    this.commands = new Map();
  }

  registerTool(name, _config, run) {
    this.commands.set(name, run);
  }
}
