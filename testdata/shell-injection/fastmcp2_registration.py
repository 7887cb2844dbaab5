"""Build tools registered with fastmcp 2.x calls instead of decorators, on a server named `builds`."""

from __future__ import annotations

import asyncio
import shlex
import subprocess

from fastmcp import FastMCP
from fastmcp.tools import Tool

builds = FastMCP("build-runner")

TARGETS = {"all", "test", "lint", "docs"}


@builds.tool()
def clean_workspace(path: str) -> str:
    """Remove build outputs under a workspace folder."""
    return subprocess.check_output(f"make -C {path} clean", shell=True, text=True)  # expect: shell-injection


async def run_target(target: str) -> str:
    """Run one make target of the project."""
    # expect: shell-injection
    proc = await asyncio.create_subprocess_exec("bash", "-c", f"make {target} 2>&1", stdout=asyncio.subprocess.PIPE)
    out, _ = await proc.communicate()
    return out.decode()


async def run_known_target(target: str) -> str:
    """Run a make target from the fixed list."""
    if target not in TARGETS:
        raise ValueError(f"choose one of {sorted(TARGETS)}")
    proc = await asyncio.create_subprocess_exec("bash", "-c", f"make {target} 2>&1", stdout=asyncio.subprocess.PIPE)
    out, _ = await proc.communicate()
    return out.decode()


def read_build_log(build_id: str) -> str:
    """The last lines of a build's log."""
    return subprocess.getoutput(f"tail -n 200 /var/log/builds/{build_id}.log")  # expect: shell-injection


def release_notes(since: str) -> str:
    """A prompt that asks for release notes of the commits since a tag."""
    log = subprocess.run(f"git log --oneline {since}..HEAD", shell=True, capture_output=True, text=True)  # expect: shell-injection
    return f"Write release notes for these commits:\n{log.stdout}"


def changelog_prompt(since: str) -> str:
    """The same prompt, with the tag quoted for the shell."""
    log = subprocess.run(f"git log --oneline {shlex.quote(since)}..HEAD", shell=True, capture_output=True, text=True)
    return f"Summarise these commits:\n{log.stdout}"


builds.add_tool(Tool.from_function(run_target, name="run_target"))
builds.add_tool(Tool.from_function(run_known_target, name="run_known_target"))
builds.add_resource_fn(read_build_log, uri="builds://{build_id}/log", name="build_log")
builds.add_prompt(release_notes, name="release_notes")
builds.add_prompt(changelog_prompt, name="changelog")

if __name__ == "__main__":
    builds.run()
