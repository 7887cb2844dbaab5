"""Log and settings readers whose checks compare the input with fixed values (FastMCP, mcp 1.x)."""

from __future__ import annotations

import os
import re
from pathlib import Path

from mcp.server.fastmcp import FastMCP

LOG_DIR = Path("/var/log/shop")
SETTINGS_DIR = "/etc/shop"
DEFAULT_PROFILE = "production"
UPLOADS = Path("/srv/shop/uploads").resolve()
NOTES_DIR = Path("/srv/shop/notes")

mcp = FastMCP("shop-ops")


@mcp.tool()
def read_access_log(which: str = "access") -> str:
    """Read the access log (the only log this tool exposes)."""
    if which == "access":
        return (LOG_DIR / f"{which}.log").read_text(encoding="utf-8")
    raise ValueError("only the access log can be read")


@mcp.tool()
def read_any_log(which: str = "access") -> str:
    """Read a log by its name."""
    if which.endswith("log"):
        return (LOG_DIR / f"{which}.log").read_text(encoding="utf-8")  # expect: path-traversal
    raise ValueError("not a log")


@mcp.tool()
def read_default_profile(profile: str) -> str:
    """Read the settings of the default profile."""
    if profile != DEFAULT_PROFILE:
        raise PermissionError("only the default profile can be read")
    with open(os.path.join(SETTINGS_DIR, profile + ".ini"), encoding="utf-8") as fh:  # safe: path-traversal
        return fh.read()


@mcp.tool()
def read_profile(profile: str) -> str:
    """Read the settings of a profile."""
    if profile == "":
        raise ValueError("profile is required")
    with open(os.path.join(SETTINGS_DIR, profile + ".ini"), encoding="utf-8") as fh:  # expect: path-traversal
        return fh.read()


@mcp.tool()
def delete_upload(path: str) -> str:
    """Delete a file directly inside the uploads folder."""
    if Path(path).resolve().parent == UPLOADS:
        Path(path).unlink()  # safe: path-traversal
        return "deleted"
    raise PermissionError("only files directly in uploads/ can be deleted")


@mcp.tool()
def delete_upload_lexical(path: str) -> str:
    """Delete a file in the uploads folder (lexical check: symbolic links and `..` pass)."""
    if Path(path).parent == UPLOADS:
        Path(path).unlink()  # expect: path-traversal
        return "deleted"
    raise PermissionError("only files directly in uploads/ can be deleted")


@mcp.tool()
def read_note(name: str) -> str:
    """Read a Markdown note by its name."""
    if not re.match(r"[\w-]+\.md$", name):
        raise ValueError("a note name is letters, digits, '-' and '_' ending in .md")
    return (NOTES_DIR / name).read_text(encoding="utf-8")


@mcp.tool()
def read_note_unanchored(name: str) -> str:
    """Read a note (the pattern has no end anchor: `a.md/../../etc/passwd` passes)."""
    if not re.match(r"[\w-]+\.md", name):
        raise ValueError("not a note name")
    return (NOTES_DIR / name).read_text(encoding="utf-8")  # expect: path-traversal


@mcp.tool()
def write_note(name: str, body: str) -> str:
    """Write a note whose name is checked with a searched, anchored pattern."""
    if re.search(r"^[\w-]+\.md\Z", name) is None:
        raise ValueError("not a note name")
    (NOTES_DIR / name).write_text(body, encoding="utf-8")
    return "saved"

