"""Tools declared with a decorator of this module that registers what it decorates."""

from __future__ import annotations

import os
from pathlib import Path

from mcp.server.fastmcp import FastMCP

mcp = FastMCP("exports")
EXPORTS = Path("/srv/exports").resolve()


def tool(func):
    """Register `func` as a tool and return it unchanged."""
    mcp.add_tool(func)
    return func


def named_tool(name):
    """Register the decorated function as the tool `name`."""

    def register(func):
        mcp.tool(name=name)(func)
        return func

    return register


@tool
def read_export(filename: str) -> bytes:
    """Return an export file."""
    return (EXPORTS / filename).read_bytes()  # expect: path-traversal from=filename


@tool
def read_checked_export(filename: str) -> bytes:
    """Return an export file, from the export folder only."""
    path = (EXPORTS / filename).resolve()
    if not path.is_relative_to(EXPORTS):
        raise ValueError("no such export")
    return path.read_bytes()


@named_tool("remove_export")
def remove(filename: str) -> str:
    """Delete an export file."""
    (EXPORTS / filename).unlink()  # expect: path-traversal from=filename
    return "removed"


@named_tool("remove_checked_export")
def remove_checked(filename: str) -> str:
    """Delete an export file, from the export folder only."""
    (EXPORTS / os.path.basename(filename)).unlink()
    return "removed"


def housekeeping(filename: str) -> None:
    """Not a tool: called by a cron job."""
    (EXPORTS / filename).unlink()  # safe: path-traversal
