"""A notes server whose archive tool reads a note, then deletes it."""

import os

from mcp.server.fastmcp import FastMCP

from paths import safe_path

mcp = FastMCP("notes")


@mcp.tool()
def archive(name: str) -> str:
    """Move a note into the archive and return its text."""
    path = safe_path(name)
    with open(path, encoding="utf-8") as fh:
        text = fh.read()
    os.remove(path)
    return text
