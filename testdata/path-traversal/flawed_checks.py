"""Workspace file tools whose checks are flawed, each next to its one-line fix (FastMCP).

Modelled on filesystem servers that keep a list of allowed folders: the finding of a flawed
check sits on the check, where the fix goes, not on every file operation behind it.
"""

from __future__ import annotations

import os
from pathlib import Path

from mcp.server.fastmcp import FastMCP

WORKSPACE = Path(os.environ.get("WORKSPACE", "/srv/workspace")).resolve()
ALLOWED_DIRS = [os.path.realpath(d) for d in os.environ.get("ALLOWED", "/srv/a:/srv/b").split(":")]

mcp = FastMCP("workspace")


def _inside(path: str) -> bool:
    """Whether `path` is under one of the allowed folders."""
    return os.path.realpath(path).startswith(ALLOWED_DIRS[0])  # expect: path-traversal


def _inside_fixed(path: str) -> bool:
    """Whether `path` is under one of the allowed folders."""
    return os.path.realpath(path).startswith(ALLOWED_DIRS[0] + os.sep)


# --- A string prefix without a separator: /srv/workspace-old passes for /srv/workspace ----------


@mcp.tool()
def read_note(name: str) -> str:
    """Read a note from the workspace."""
    target = (WORKSPACE / name).resolve()
    if not str(target).startswith(str(WORKSPACE)):  # expect: path-traversal from=name
        raise PermissionError("outside the workspace")
    return target.read_text(encoding="utf-8")


@mcp.tool()
def read_note_fixed(name: str) -> str:
    """Read a note from the workspace."""
    target = (WORKSPACE / name).resolve()
    if not str(target).startswith(str(WORKSPACE) + os.sep):
        raise PermissionError("outside the workspace")
    return target.read_text(encoding="utf-8")


# --- The same check inside any(): one finding for every file operation it lets through -------


@mcp.tool()
def copy_file(source: str, destination: str) -> str:
    """Copy a file between allowed folders."""
    src = os.path.realpath(source)
    if not any(src.startswith(d) for d in ALLOWED_DIRS):  # expect: path-traversal from=source
        raise PermissionError("source is outside the allowed folders")
    with open(src, "rb") as fh:
        data = fh.read()
    os.unlink(src)
    return f"{len(data)} bytes"


@mcp.tool()
def copy_file_fixed(source: str, destination: str) -> str:
    """Copy a file between allowed folders."""
    src = os.path.realpath(source)
    if not any(src.startswith(d + os.sep) for d in ALLOWED_DIRS):
        raise PermissionError("source is outside the allowed folders")
    with open(src, "rb") as fh:
        data = fh.read()
    os.unlink(src)
    return f"{len(data)} bytes"


# --- The check in a helper predicate -------------------------------------------------------------


@mcp.tool()
def read_allowed(path: str) -> str:
    """Read a file from an allowed folder."""
    if not _inside(path):
        raise PermissionError("outside the allowed folders")
    with open(path, encoding="utf-8") as fh:
        return fh.read()


@mcp.tool()
def read_allowed_fixed(path: str) -> str:
    """Read a file from an allowed folder."""
    if not _inside_fixed(path):
        raise PermissionError("outside the allowed folders")
    with open(path, encoding="utf-8") as fh:
        return fh.read()


# --- Made absolute, not resolved: a symlink in the workspace may point anywhere ----------------


@mcp.tool()
def write_note(name: str, text: str) -> str:
    """Write a note into the workspace."""
    target = (WORKSPACE / name).absolute()
    if not target.is_relative_to(WORKSPACE):  # expect: path-traversal from=name
        raise PermissionError("outside the workspace")
    target.write_text(text, encoding="utf-8")
    return "saved"


@mcp.tool()
def write_note_fixed(name: str, text: str) -> str:
    """Write a note into the workspace."""
    target = (WORKSPACE / name).resolve()
    if not target.is_relative_to(WORKSPACE):
        raise PermissionError("outside the workspace")
    target.write_text(text, encoding="utf-8")
    return "saved"
