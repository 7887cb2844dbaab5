"""A handler class that keeps the server it is given and registers its methods on it."""

from __future__ import annotations

import os

from .store import NOTES


class NoteHandler:
    """Note maintenance tools."""

    def __init__(self, mcp, allow_write: bool = False) -> None:
        self.mcp = mcp
        self.allow_write = allow_write
        self.mcp.tool(name="delete_note")(self.delete_note)
        self.mcp.tool(name="delete_checked_note")(self.delete_checked_note)

    def delete_note(self, path: str) -> str:
        """Delete a note."""
        os.remove(os.path.join(NOTES, path))  # expect: path-traversal from=path
        return "deleted"

    def delete_checked_note(self, path: str) -> str:
        """Delete a note, from the notes folder only."""
        os.remove(os.path.join(NOTES, os.path.basename(path)))
        return "deleted"


class CommandHandler:
    """The same shape for the command-line registry, which is not an MCP server."""

    def __init__(self, commands) -> None:
        self.commands = commands
        self.commands.tool(name="wipe")(self.wipe)

    def wipe(self, path: str) -> str:
        """Delete a note from the command line."""
        os.remove(os.path.join(NOTES, path))  # safe: path-traversal
        return "wiped"
