"""Developer tools for one checked-out repository (fastmcp 2.x)."""

from __future__ import annotations

import asyncio
import os
import re
import shlex
import subprocess
from pathlib import Path
from typing import Annotated

from fastmcp import Context, FastMCP

REPO = Path(os.environ.get("REPO_DIR", ".")).resolve()
SCRATCH = REPO / ".scratch"
MAX_BYTES = 200_000
REF = re.compile(r"[A-Za-z0-9][A-Za-z0-9._/-]{0,99}")
TEST_SUITES = {
    "unit": ["python", "-m", "pytest", "-q", "tests/unit"],
    "integration": ["python", "-m", "pytest", "-q", "tests/integration"],
    "lint": ["ruff", "check", "."],
    "types": ["mypy", "src"],
}

mcp = FastMCP("devtools", instructions="Read, search and test the checked-out repository.")


def _inside_repo(relative: str) -> Path:
    """Resolve a repository-relative path, refusing anything outside the checkout."""
    target = (REPO / relative).resolve()
    try:
        target.relative_to(REPO)
    except ValueError:
        raise ValueError(f"{relative} is outside the repository") from None
    return target


@mcp.tool
def read_source(path: Annotated[str, "path relative to the repository root"]) -> str:
    """Read a source file (at most 200 kB)."""
    target = _inside_repo(path)
    with open(target, encoding="utf-8", errors="replace") as fh:
        return fh.read(MAX_BYTES)


@mcp.tool
def list_directory(path: str = ".") -> list[str]:
    """List a directory of the repository."""
    folder = _inside_repo(path)
    return sorted(f"{e.name}/" if e.is_dir() else e.name for e in os.scandir(folder))


@mcp.tool
async def grep(pattern: str, ctx: Context, glob: str = "*.py") -> str:
    """Search tracked files for a regular expression."""
    await ctx.info(f"git grep {pattern}")
    proc = await asyncio.create_subprocess_exec(
        "git", "-C", str(REPO), "grep", "-n", "-I", "-E", "-e", pattern, "--", glob,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    stdout, stderr = await proc.communicate()
    if proc.returncode not in (0, 1):
        raise RuntimeError(stderr.decode())
    return stdout.decode()[:MAX_BYTES] or "no matches"


@mcp.tool
def git_log(ref: str = "HEAD", limit: int = 20) -> str:
    """Recent commits reachable from a ref."""
    if not REF.fullmatch(ref):
        raise ValueError("invalid ref name")
    result = subprocess.run(
        ["git", "-C", str(REPO), "log", "--oneline", f"-n{int(limit)}", ref, "--"],
        capture_output=True,
        text=True,
    )
    return result.stdout or result.stderr


@mcp.tool
def file_history(path: str) -> str:
    """Commits that touched one file, following renames."""
    target = _inside_repo(path)
    result = subprocess.run(
        ["git", "-C", str(REPO), "log", "--follow", "--format=%h %an %s", "--", str(target)],
        capture_output=True,
        text=True,
    )
    return result.stdout


@mcp.tool("run_tests", tags={"ci"})
def run_tests(suite: str = "unit") -> str:
    """Run one of the configured check suites: unit, integration, lint or types."""
    if suite not in TEST_SUITES:
        raise ValueError(f"suite must be one of {sorted(TEST_SUITES)}")
    proc = subprocess.run(TEST_SUITES[suite], cwd=REPO, capture_output=True, text=True, timeout=900)
    tail = (proc.stdout + proc.stderr).splitlines()[-40:]
    return f"exit status {proc.returncode}\n" + "\n".join(tail)


@mcp.tool
def disk_usage(path: str = ".") -> str:
    """Size of a directory of the repository."""
    folder = _inside_repo(path)
    command = f"du -sh -- {shlex.quote(str(folder))} | cut -f1"
    return subprocess.check_output(command, shell=True, text=True).strip()


@mcp.tool
def write_scratch(name: str, content: str) -> str:
    """Save a scratch file for later steps (kept out of git)."""
    SCRATCH.mkdir(exist_ok=True)
    target = SCRATCH / os.path.basename(name)
    target.write_text(content, encoding="utf-8")
    return str(target.relative_to(REPO))


@mcp.resource("repo://files/{path*}")
def repo_file(path: str) -> str:
    """A file of the repository."""
    return _inside_repo(path).read_text(encoding="utf-8", errors="replace")


@mcp.resource("repo://status")
def repo_status() -> str:
    """Short git status of the checkout."""
    return subprocess.run(["git", "-C", str(REPO), "status", "--short"], capture_output=True, text=True).stdout


if __name__ == "__main__":
    mcp.run()
