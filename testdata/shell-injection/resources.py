"""Service status as MCP resources and prompts (FastMCP, mcp 1.x)."""

import os
import re
import subprocess

from mcp.server.fastmcp import FastMCP
from mcp.server.fastmcp.prompts import base

REPO_ROOT = "/srv/repos"
UNIT_NAME = re.compile(r"[A-Za-z0-9@._-]+\.service")

mcp = FastMCP("service-status")


@mcp.resource("systemd://{unit}/status", mime_type="text/plain")
def unit_status(unit: str) -> str:
    """Status of one systemd unit."""
    return subprocess.check_output(f"systemctl status --no-pager {unit}", shell=True, text=True)  # expect: shell-injection


@mcp.resource("systemd://{unit}/journal")
def unit_journal(unit: str) -> str:
    """Last journal lines of one systemd unit."""
    if not UNIT_NAME.fullmatch(unit):
        raise ValueError(f"not a service unit: {unit!r}")
    return subprocess.check_output(f"journalctl -u {unit} -n 100 --no-pager", shell=True, text=True)


@mcp.resource("git://{repo}/branches")
def list_branches(repo: str) -> str:
    """Local branches of a repository."""
    with os.popen("git -C " + os.path.join(REPO_ROOT, repo) + " branch --list") as pipe:  # expect: shell-injection
        return pipe.read()


@mcp.resource("git://{repo}/status")
def repo_status(repo: str) -> str:
    """Short working-tree status of a repository."""
    proc = subprocess.run(["git", "status", "--short"], cwd=os.path.join(REPO_ROOT, repo), capture_output=True, text=True)
    return proc.stdout


@mcp.resource("git://{repo}/tags/{pattern}")
def list_tags(repo: str, pattern: str) -> str:
    """Tags of a repository that match a glob."""
    workdir = os.path.join(REPO_ROOT, repo)
    return subprocess.run(["git", "-C", workdir, "tag", "--list", pattern], capture_output=True, text=True).stdout  # expect: argument-injection from=pattern


@mcp.resource("system://uptime")
def uptime() -> str:
    """Host uptime and load averages."""
    return subprocess.getoutput("uptime")


@mcp.prompt()
def explain_failure(unit: str) -> str:
    """Ask the model to explain why a service failed."""
    logs = subprocess.getoutput(f"journalctl -u {unit} -n 50 --no-pager")  # expect: shell-injection
    return f"The service {unit} failed. Explain the cause from these logs:\n\n{logs}"


@mcp.prompt(title="Review a change")
def review_diff(repo: str, rev: str) -> list[base.Message]:
    """Ask the model to review one commit."""
    diff = subprocess.run(["git", "-C", os.path.join(REPO_ROOT, repo), "show", rev], capture_output=True, text=True).stdout  # expect: argument-injection from=rev
    return [
        base.UserMessage("Review this change for bugs and style problems."),
        base.UserMessage(diff),
    ]
