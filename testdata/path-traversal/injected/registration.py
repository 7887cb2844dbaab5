"""Tool registration with the server injected: this module never imports the MCP SDK."""

from __future__ import annotations

import os
from typing import Any

from .store import NOTES


def register_tools(mcp_server: Any) -> None:
    """Attach the note tools to the server the caller passes."""

    @mcp_server.tool()
    def read_note(path: str) -> str:
        """Read a note."""
        with open(os.path.join(NOTES, path)) as fh:  # expect: path-traversal from=path
            return fh.read()

    @mcp_server.tool()
    def read_checked_note(path: str) -> str:
        """Read a note, from the notes folder only."""
        full = os.path.realpath(os.path.join(NOTES, path))
        if os.path.commonpath([full, NOTES]) != NOTES:
            raise ValueError("outside the notes folder")
        with open(full) as fh:
            return fh.read()


def register_commands(registry: Any) -> None:
    """Attach the same functions to the command-line registry (not an MCP server)."""

    @registry.tool()
    def cat_note(path: str) -> str:
        """Print a note."""
        with open(os.path.join(NOTES, path)) as fh:  # safe: path-traversal
            return fh.read()
