"""A file-wide suppression for a rule that has no finding in the file."""

from __future__ import annotations

# expect: unused-suppression
import subprocess  # mcplint: ignore-file[path-traversal] -- templates are trusted

from mcp.server.fastmcp import FastMCP

mcp = FastMCP("hosts")


@mcp.tool()
def ping(host: str) -> str:
    """Ping a host without a shell."""
    return subprocess.check_output(["ping", "-c", "1", host], text=True)
