"""CI tools for the local checkout (FastMCP, mcp 1.x)."""

from __future__ import annotations

import shlex
import subprocess

from mcp.server.fastmcp import FastMCP

from . import utils
from .utils import build_pytest_cmd, run_argv, run_cmd, run_quoted

CHECKOUT = "/srv/ci/checkout"

mcp = FastMCP("ci-tools")


@mcp.tool()
def run_pytest(path: str = "tests", keyword: str = "") -> str:
    """Run the test suite, optionally only tests matching a keyword."""
    cmd = build_pytest_cmd(path, keyword)
    proc = subprocess.run(cmd, shell=True, cwd=CHECKOUT, capture_output=True, text=True)  # expect: shell-injection from=path
    summary = proc.stdout.splitlines()[-1] if proc.stdout else "no output"
    utils.notify_desktop(shlex.quote(summary))
    return proc.stdout


@mcp.tool()
def pip_show(package: str) -> str:
    """Show metadata of an installed Python package."""
    return run_cmd(f"pip show {package}", cwd=CHECKOUT)


@mcp.tool()
def coverage_report() -> str:
    """Print the coverage report of the last test run."""
    return run_cmd("coverage report --skip-covered", cwd=CHECKOUT)


@mcp.tool()
def git_diff(ref: str = "HEAD") -> str:
    """Show the diff against a ref."""
    return run_argv(["git", "diff", "--stat", ref], cwd=CHECKOUT)


@mcp.tool()
def npm_view(package: str, field: str = "version") -> str:
    """Look up a field of an npm package."""
    return run_quoted("npm", "view", package, field)


@mcp.tool()
def lint_file(path: str) -> str:
    """Lint one source file."""
    return utils.lint(path)


@mcp.tool()
def pytest_dry_run(path: str = "tests") -> str:
    """List the tests that would run, without running them."""
    cmd = build_pytest_cmd(shlex.quote(path)) + " --collect-only"
    return subprocess.check_output(cmd, shell=True, cwd=CHECKOUT, text=True)


if __name__ == "__main__":
    mcp.run()
