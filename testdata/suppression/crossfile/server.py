"""Archive tools: the shell call is in helpers.py, two calls away from the tool."""

from __future__ import annotations

from mcp.server.fastmcp import FastMCP

from .helpers import pack, unpack

mcp = FastMCP("archives")


@mcp.tool()
def make_archive(name: str) -> str:
    """Pack the workspace into an archive."""
    return pack(name)


@mcp.tool()
def extract_archive(name: str) -> str:
    """Unpack an archive into the workspace."""
    return unpack(name)
