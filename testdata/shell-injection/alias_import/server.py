"""Disk usage tools (FastMCP, mcp 1.x); the subprocess calls go through aliases of procs.py."""

import re
import shlex

from mcp.server.fastmcp import FastMCP

from . import procs
from .procs import capture

mcp = FastMCP("disk-usage")

FOLDER = re.compile(r"[\w./-]+")


@mcp.tool()
def du_shell(folder: str) -> str:
    """Size of a folder, through the shell (so `~` expands)."""
    return capture(f"du -sh {folder}", shell=True, text=True)  # expect: shell-injection from=folder


@mcp.tool()
def du_argv(folder: str) -> str:
    """Size of a folder, as an argument vector: no shell parses the folder."""
    return capture(["du", "-sh", "--", folder], text=True)


@mcp.tool()
def du_quoted(folder: str) -> str:
    """Size of a folder, through the shell with the folder quoted."""
    return capture(f"du -sh {shlex.quote(folder)}", shell=True, text=True)  # no finding: quoted


@mcp.tool()
def find_large(folder: str, size: str = "100M") -> str:
    """Files over a size in a folder, through the module's `launch` alias."""
    proc = procs.launch(f"find {folder} -size +{size}", shell=True, capture_output=True, text=True)  # expect: shell-injection from=folder
    return proc.stdout


@mcp.tool()
def find_large_checked(folder: str) -> str:
    """Files over 100M in a folder whose name was checked first."""
    if not FOLDER.fullmatch(folder):
        raise ValueError("bad folder name")
    proc = procs.launch(f"find {folder} -size +100M", shell=True, capture_output=True, text=True)  # no finding: checked above
    return proc.stdout
