"""Entry point: builds the server and passes it to the registration code."""

from __future__ import annotations

from mcp.server.fastmcp import FastMCP

from .cli import CommandRegistry
from .handlers import CommandHandler, NoteHandler
from .registration import register_commands, register_tools

mcp = FastMCP("notes")
register_tools(mcp)
NoteHandler(mcp, allow_write=True)

commands = CommandRegistry()
register_commands(commands)
CommandHandler(commands)

if __name__ == "__main__":
    mcp.run()
