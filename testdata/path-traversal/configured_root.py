"""Workspace file tools (FastMCP, mcp 1.x) whose base directory is optional configuration.

With FILES_ROOT unset the server reads anywhere by the operator's choice; with it set, every
path is checked against it. A check run only when its own root is configured contains; one run
only under an unrelated switch does not.
"""

from __future__ import annotations

import os

from mcp.server.fastmcp import FastMCP

mcp = FastMCP("workspace")


class Workspace:
    def __init__(self) -> None:
        root = os.environ.get("FILES_ROOT")
        self.base_dir = os.path.realpath(root) if root else None
        self.strict = os.environ.get("FILES_STRICT") == "1"

    def resolve_path(self, requested: str) -> str:
        real = os.path.realpath(requested)
        if self.base_dir is not None:
            base = self.base_dir or "/"
            if not real.startswith(base + os.sep) and real != base:
                raise PermissionError(f"{requested} is outside the workspace")
        return real

    def resolve_loose(self, requested: str) -> str:
        real = os.path.realpath(requested)
        if self.strict:
            base = self.base_dir or "/"
            if not real.startswith(base + os.sep) and real != base:
                raise PermissionError(f"{requested} is outside the workspace")
        return real


workspace = Workspace()


@mcp.tool()
def read_file(file: str) -> str:
    """Read a workspace file."""
    real = workspace.resolve_path(file)
    with open(real, encoding="utf-8") as fh:  # safe: path-traversal
        return fh.read()


@mcp.tool()
def read_file_loose(file: str) -> str:
    """Read a workspace file."""
    real = workspace.resolve_loose(file)
    with open(real, encoding="utf-8") as fh:  # expect: path-traversal from=file
        return fh.read()
