"""Entry point: attaches the plugins to the server (and to the command-line registry)."""

from __future__ import annotations

from mcp.server.fastmcp import FastMCP

from .files import FilesCommands, FilesPlugin
from ..injected.cli import CommandRegistry

mcp = FastMCP("share")
FilesPlugin(mcp).register()
FilesCommands(CommandRegistry()).register()

if __name__ == "__main__":
    mcp.run()
