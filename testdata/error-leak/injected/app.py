"""Entry point: builds the server and hands it to the backup tools."""

from __future__ import annotations

from mcp.server.fastmcp import FastMCP

from .backup import register_backup_tools

mcp = FastMCP("backup")
register_backup_tools(mcp)

if __name__ == "__main__":
    mcp.run()
