"""File tools as a plugin: the application comes from the base class, this module imports no SDK."""

from __future__ import annotations

import os

from .base import CommandPlugin, ToolPlugin

SHARE = os.path.realpath("/srv/share")


class FilesPlugin(ToolPlugin):
    """Read files of the share."""

    def register(self) -> None:
        @self.app.tool()
        def read_shared(path: str) -> str:
            """Read a shared file."""
            with open(os.path.join(SHARE, path)) as fh:  # expect: path-traversal from=path
                return fh.read()

        @self.app.tool()
        def read_shared_checked(path: str) -> str:
            """Read a shared file, from the share only."""
            with open(os.path.join(SHARE, os.path.basename(path))) as fh:
                return fh.read()


class FilesCommands(CommandPlugin):
    """The same reader for the command line, whose registry is not an MCP server."""

    def register(self) -> None:
        @self.cli.tool()
        def cat_shared(path: str) -> str:
            """Print a shared file."""
            with open(os.path.join(SHARE, path)) as fh:  # safe: path-traversal
                return fh.read()
