"""A log viewer (FastMCP, mcp 1.x) that maps names to folders through fixed tables.

A lookup in a table of constants returns one of its values whatever key the model sends; only a
default taken from the input (`MOUNTS.get(key, key)`) lets the input through.
"""

import os
from pathlib import Path

from mcp.server.fastmcp import FastMCP

mcp = FastMCP("log-viewer")

MOUNTS = {"app": "/var/log/app", "nginx": "/var/log/nginx", "worker": "/var/log/worker"}
LOG_ROOT = Path("/var/log/app").resolve()


@mcp.tool()
def tail_mount(mount: str) -> str:
    """Show the current log of a mount."""
    folder = MOUNTS.get(mount)
    if folder is None:
        raise ValueError("unknown mount")
    with open(f"{folder}/current.log", encoding="utf-8") as fh:
        return fh.read()[-4000:]


@mcp.tool()
def tail_mount_or_path(mount: str) -> str:
    """Show the current log of a mount, or of a folder named directly."""
    folder = MOUNTS.get(mount, mount)
    with open(f"{folder}/current.log", encoding="utf-8") as fh:  # expect: path-traversal from=mount
        return fh.read()[-4000:]


@mcp.tool()
def tail_mount_indexed(mount: str) -> str:
    """Show the current log of a mount (KeyError for an unknown one)."""
    folder = MOUNTS[mount]
    with open(f"{folder}/current.log", encoding="utf-8") as fh:
        return fh.read()[-4000:]


# --- Containment by ancestors ------------------------------------------------------------------


@mcp.tool()
def read_log(name: str) -> str:
    """Read a log file below the log root."""
    path = (LOG_ROOT / name).resolve()
    if LOG_ROOT not in path.parents:
        raise PermissionError("outside the log root")
    return path.read_text(encoding="utf-8")


@mcp.tool()
def read_log_unresolved(name: str) -> str:
    """Read a log file (`..` is not resolved before the ancestors are compared)."""
    path = LOG_ROOT / name
    if LOG_ROOT not in path.parents:  # expect: path-traversal from=name
        raise PermissionError("outside the log root")
    return path.read_text(encoding="utf-8")


def _inside_logs(path: Path) -> bool:
    return LOG_ROOT in path.resolve().parents


def _named_like_log(path: Path) -> bool:
    return path.suffix == ".log"


@mcp.tool()
def read_log_checked(name: str) -> str:
    """Read a log file after a helper checked it resolves below the log root."""
    path = LOG_ROOT / name
    if not _inside_logs(path):
        raise PermissionError("outside the log root")
    return path.read_text(encoding="utf-8")


@mcp.tool()
def read_log_by_suffix(name: str) -> str:
    """Read a log file after a helper checked only its suffix."""
    path = LOG_ROOT / name
    if not _named_like_log(path):
        raise PermissionError("not a log")
    return path.read_text(encoding="utf-8")  # expect: path-traversal from=name


# --- A containment check against a folder the model chose --------------------------------------


@mcp.tool()
def read_in_folder(folder: str, name: str) -> str:
    """Read a file inside a folder (both chosen by the model)."""
    base = os.path.realpath(folder)
    path = os.path.realpath(os.path.join(base, name))
    if os.path.commonpath([base, path]) != base:
        raise PermissionError("outside the folder")
    with open(path, encoding="utf-8") as fh:  # expect: path-traversal from=folder
        return fh.read()


@mcp.tool()
def read_in_log_root(name: str) -> str:
    """Read a file inside the log root."""
    path = os.path.realpath(os.path.join(LOG_ROOT, name))
    if os.path.commonpath([str(LOG_ROOT), path]) != str(LOG_ROOT):
        raise PermissionError("outside the log root")
    with open(path, encoding="utf-8") as fh:
        return fh.read()
