"""Notes server whose paths go through a local helper before the containment check: a helper
that resolves symlinks makes the check sound, one that only makes the path absolute does not."""

import os

from mcp.server.fastmcp import FastMCP

mcp = FastMCP("notes")
NOTES = os.path.realpath("/srv/notes")


def real(path: str) -> str:
    """The path with symlinks and `..` resolved."""
    return os.path.realpath(path)


def absolute(path: str) -> str:
    """The path made absolute; symlinks are left as they are."""
    return os.path.abspath(path)


@mcp.tool()
def read_note(name: str) -> str:
    """Read a note."""
    path = real(os.path.join(NOTES, name))
    if not path.startswith(NOTES + os.sep):
        raise ValueError("outside the notes folder")
    with open(path) as f:
        return f.read()


@mcp.tool()
def read_note_unresolved(name: str) -> str:
    """Read a note."""
    path = absolute(os.path.join(NOTES, name))
    if not path.startswith(NOTES + os.sep):  # expect: path-traversal from=name
        raise ValueError("outside the notes folder")
    with open(path) as f:
        return f.read()
