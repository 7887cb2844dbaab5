"""Git tools whose checks and fallbacks sit in try blocks (FastMCP, mcp 1.x)."""

from __future__ import annotations

import logging
import re
import subprocess

from mcp.server.fastmcp import FastMCP

log = logging.getLogger("git-tools")

BRANCH_RE = re.compile(r"[A-Za-z0-9._/-]+")
REPO = "/srv/repo"

mcp = FastMCP("git-tools")


# A check that raises inside the try, swallowed by a handler that only logs.


@mcp.tool()
def checkout(branch: str) -> str:
    """Check out a branch."""
    try:
        if not BRANCH_RE.fullmatch(branch):
            raise ValueError(f"invalid branch name: {branch}")
    except ValueError as exc:
        log.warning("continuing: %s", exc)
    return subprocess.check_output(f"git -C {REPO} checkout {branch}", shell=True, text=True)  # expect: shell-injection from=branch


@mcp.tool()
def switch(branch: str) -> str:
    """Switch to a branch."""
    try:
        if not BRANCH_RE.fullmatch(branch):
            raise ValueError(f"invalid branch name: {branch}")
    except ValueError as exc:
        raise RuntimeError(f"refusing: {exc}") from exc
    return subprocess.check_output(f"git -C {REPO} switch {branch}", shell=True, text=True)


# A return in the try does not make the handler dead.


@mcp.tool()
def file_log(path: str) -> str:
    """Show the history of a file."""
    try:
        return subprocess.run(["git", "-C", REPO, "log", "--", path], capture_output=True, check=True, text=True).stdout
    except subprocess.CalledProcessError:
        # Older git versions: retry through the shell.
        return subprocess.check_output(f"git -C {REPO} log {path}", shell=True, text=True)  # expect: shell-injection from=path


@mcp.tool()
def file_blame(path: str) -> str:
    """Show who last changed each line of a file."""
    try:
        return subprocess.run(["git", "-C", REPO, "blame", "--", path], capture_output=True, check=True, text=True).stdout
    except subprocess.CalledProcessError:
        # Older git versions: retry with the short form.
        return subprocess.check_output(["git", "-C", REPO, "annotate", "--", path], text=True)
