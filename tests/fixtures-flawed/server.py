"""A FastMCP server whose one path check is flawed, for the reporter snapshots of a finding at
a check: one finding at the `startswith`, with the two file operations it lets through."""

import os

from mcp.server.fastmcp import FastMCP

mcp = FastMCP("notes")
ROOT = os.path.realpath("/srv/notes")


def resolve_note(name: str) -> str:
    """The real path of a note, checked to be under the root."""
    real = os.path.realpath(os.path.join(ROOT, name))
    if not real.startswith(ROOT):
        raise PermissionError(f"{name} is outside the notes folder")
    return real


@mcp.tool()
def archive(name: str) -> str:
    """Move a note into the archive and return its text."""
    path = resolve_note(name)
    with open(path, encoding="utf-8") as fh:
        text = fh.read()
    os.remove(path)
    return text
