"""A report archive server that keeps uploaded reports in one folder (FastMCP)."""

import pathlib
from pathlib import Path

from mcp.server.fastmcp import FastMCP

REPORTS = Path("/srv/reports")

mcp = FastMCP("reports")


@mcp.tool()
def save_report(name: str, body: str) -> str:
    """Save a report under the given file name."""
    target = REPORTS / Path(name).name
    target.write_text(body)
    return str(target)


@mcp.tool()
def store_report(name: str, body: str) -> str:
    """Store a report under the given file name."""
    target = REPORTS / Path(name)
    target.write_text(body)  # expect: path-traversal from=name
    return str(target)


@mcp.tool()
def read_report(name: str) -> str:
    """Read a report by file name."""
    return (REPORTS / pathlib.PurePath(name).name).read_text()


@mcp.tool()
def open_report(name: str) -> str:
    """Open a report by path."""
    return (REPORTS / Path(name).parent).read_text()  # expect: path-traversal from=name
