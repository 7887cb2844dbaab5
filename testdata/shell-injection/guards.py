"""Deployment tools with input checks, some sound and some not (FastMCP, mcp 1.x)."""

from __future__ import annotations

import logging
import os
import re
import shlex
import subprocess

from mcp.server.fastmcp import FastMCP

log = logging.getLogger("deploy-tools")

LINTERS = {"ruff", "mypy", "black", "isort"}
ENVIRONMENTS = ("staging", "production")
KNOWN_SERVICES = frozenset({"nginx", "postgresql", "redis-server"})
DEPLOY_ROOT = "/opt/deploy"

mcp = FastMCP("deploy-tools")


# --- Sound checks: the failing branch leaves the function -------------------------------------


@mcp.tool()
def run_linter(linter: str, target: str = "src") -> str:
    """Run one of the configured linters over the project."""
    if linter not in LINTERS:
        raise ValueError(f"unknown linter {linter!r}; choose from {sorted(LINTERS)}")
    return subprocess.run(f"{linter} {shlex.quote(target)}", shell=True, capture_output=True, text=True).stdout


@mcp.tool()
def deploy(environment: str) -> str:
    """Deploy the current release to an environment."""
    if environment not in ENVIRONMENTS:
        return f"unknown environment: {environment}"
    rc = os.system(f"{DEPLOY_ROOT}/deploy.sh {environment}")
    return "deployed" if rc == 0 else f"deploy failed with {rc}"


@mcp.tool()
def fetch_branch(branch: str) -> str:
    """Fetch one branch from origin."""
    if not re.fullmatch(r"[A-Za-z0-9_./-]+", branch):
        raise ValueError("branch names may only contain letters, digits and _ . / -")
    return os.popen(f"git -C {DEPLOY_ROOT}/app fetch origin {branch} 2>&1").read()


@mcp.tool()
def service_reload(service: str) -> str:
    """Reload a known system service."""
    if service in KNOWN_SERVICES:
        return subprocess.check_output(f"systemctl reload {service}", shell=True, text=True)
    return f"refusing to reload {service}"


@mcp.tool()
def release_notes(tag: str) -> str:
    """Show the annotation of a release tag."""
    if not tag.isalnum():
        raise ValueError("tags are alphanumeric")
    return subprocess.getoutput(f"git -C {DEPLOY_ROOT}/app tag -n99 -l v{tag}")


@mcp.tool()
def pin_version(package: str, version: str) -> str:
    """Pin a dependency to an exact version."""
    if not re.fullmatch(r"[A-Za-z0-9_.-]+", package) or not re.fullmatch(r"\d+(\.\d+)*", version):
        raise ValueError("invalid package or version")
    return subprocess.getoutput(f"cd {DEPLOY_ROOT}/app && poetry add {package}=={version}")


# --- Flawed checks: the value still reaches the shell ----------------------------------------


@mcp.tool()
def run_task(task: str) -> str:
    """Run a task from the project's task runner."""
    if ";" in task or "&" in task or "|" in task:
        raise ValueError("shell operators are not allowed")
    # $(...), backticks and newlines still get through.
    return subprocess.check_output(f"invoke {task}", shell=True, text=True)  # expect: shell-injection


@mcp.tool()
def git_command(command: str) -> str:
    """Run a read-only git command in the app checkout."""
    if not command.startswith("git "):
        raise ValueError("only git commands are allowed")
    return subprocess.check_output(command, shell=True, cwd=f"{DEPLOY_ROOT}/app", text=True)  # expect: shell-injection


@mcp.tool()
def check_host(host: str) -> str:
    """Check that a deployment target answers on SSH."""
    if not re.match(r"[\w.-]+", host):
        raise ValueError("bad host name")
    # re.match only anchors at the start: "web1; reboot" passes.
    return subprocess.getoutput(f"ssh -o BatchMode=yes {host} true && echo reachable")  # expect: shell-injection


@mcp.tool()
def show_config(section: str) -> str:
    """Print one section of the deploy configuration."""
    if re.search(r"^[a-z_]+", section) is None:
        return "invalid section"
    return os.popen(f"yq '.{section}' {DEPLOY_ROOT}/deploy.yml").read()  # expect: shell-injection


@mcp.tool()
def rollback(environment: str, release: str) -> str:
    """Roll an environment back to an earlier release."""
    if environment not in ENVIRONMENTS:
        raise ValueError("unknown environment")
    # The allow-list checks the environment; the release id goes unchecked.
    cmd = f"{DEPLOY_ROOT}/rollback.sh {environment} {release}"
    return subprocess.check_output(cmd, shell=True, text=True)  # expect: shell-injection from=release


@mcp.tool()
def tail_deploy_log(unit: str) -> str:
    """Last deploy log lines of a unit."""
    if not re.fullmatch(r"[a-z0-9-]+", unit):
        log.warning("suspicious unit name %r", unit)
    return subprocess.getoutput(f"journalctl -u deploy-{unit} -n 50")  # expect: shell-injection


@mcp.tool()
def announce(message: str) -> str:
    """Post a message to the logged-in users of the deploy host."""
    cleaned = message.replace(";", "").replace("&&", "").replace("|", "")
    os.system(f'wall "{cleaned}"')  # expect: shell-injection
    return "sent"


@mcp.tool()
def grep_release(pattern: str, path: str = "CHANGELOG.md") -> str:
    """Search a file of the current release."""
    if len(pattern) > 80:
        raise ValueError("pattern too long")
    cmd = f"grep -n {shlex.quote(pattern)} {DEPLOY_ROOT}/app/{path}"
    return subprocess.run(cmd, shell=True, capture_output=True, text=True).stdout  # expect: shell-injection from=path


@mcp.tool()
def run_hook(hook: str) -> str:
    """Run a deploy hook script through bash."""
    proc = subprocess.run(["bash", "-c", hook], capture_output=True, text=True)  # expect: shell-injection
    return proc.stdout


if __name__ == "__main__":
    mcp.run()
