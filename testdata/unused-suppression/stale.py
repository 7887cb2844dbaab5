"""Suppressions that no longer suppress anything, or that cannot be reviewed."""

from __future__ import annotations

import shlex
import subprocess

from mcp.server.fastmcp import FastMCP

mcp = FastMCP("ops")


@mcp.tool()
def uptime() -> str:
    """The command became a fixed argument list; the suppression stayed."""
    # expect: unused-suppression
    return subprocess.check_output(["uptime"], text=True)  # mcplint: ignore[shell-injection] -- fixed command


@mcp.tool()
def disk_usage(path: str) -> str:
    """The value is quoted now, so there is no finding left to suppress."""
    # expect: unused-suppression
    return subprocess.check_output(f"du -sh {shlex.quote(path)}", shell=True, text=True)  # mcplint: ignore[shell-injection] -- quoted


@mcp.tool()
def restart(service: str) -> str:
    """A used suppression without a reason is still reported, as a warning."""
    # expect: unused-suppression
    return subprocess.check_output(f"systemctl restart {service}", shell=True, text=True)  # mcplint: ignore[shell-injection]


@mcp.tool()
def status(service: str) -> str:
    """A misspelt rule name suppresses nothing: the finding stays, and the name is reported."""
    # expect: shell-injection, unused-suppression
    return subprocess.check_output(f"systemctl status {service}", shell=True, text=True)  # mcplint: ignore[shell-injecton] -- reviewed


@mcp.tool()
def logs(service: str) -> str:
    """Without brackets the directive cannot be read."""
    # expect: shell-injection, unused-suppression
    return subprocess.check_output(f"journalctl -u {service}", shell=True, text=True)  # mcplint: ignore shell-injection -- reviewed


@mcp.tool()
def kernel(flag: str) -> str:
    """One of two rules is used, the other is not."""
    # expect: unused-suppression
    return subprocess.check_output(f"uname {flag}", shell=True, text=True)  # mcplint: ignore[shell-injection, sql-injection] -- flags come from a fixed menu


@mcp.tool()
def reload(service: str) -> str:
    """A suppression that still suppresses a finding and gives its reason: nothing to report."""
    # safe: unused-suppression
    return subprocess.check_output(f"systemctl reload {service}", shell=True, text=True)  # mcplint: ignore[shell-injection] -- the client only offers services from its allow-list
