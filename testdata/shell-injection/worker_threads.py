"""Log tools that run blocking work on worker threads (asyncio.to_thread, run_in_executor).

The thread helpers call the function they are given with the arguments after it, so the shell
runs the same command it would run if called directly. Each fixed twin quotes the pattern.
"""

import asyncio
import shlex
import subprocess

from mcp.server.fastmcp import FastMCP

mcp = FastMCP("logs")


def _grep(command: str) -> str:
    return subprocess.run(command, shell=True, capture_output=True, text=True).stdout  # expect: shell-injection from=pattern


@mcp.tool()
async def grep_logs(pattern: str) -> str:
    """Search the application logs."""
    done = await asyncio.to_thread(subprocess.run, f"grep -rn {pattern} /var/log/app", shell=True, capture_output=True, text=True)  # expect: shell-injection from=pattern
    return done.stdout


@mcp.tool()
async def grep_logs_fixed(pattern: str) -> str:
    """Search the application logs."""
    done = await asyncio.to_thread(subprocess.run, f"grep -rn {shlex.quote(pattern)} /var/log/app", shell=True, capture_output=True, text=True)
    return done.stdout


@mcp.tool()
async def grep_archive(pattern: str) -> str:
    """Search the archived logs."""
    loop = asyncio.get_running_loop()
    return await loop.run_in_executor(None, _grep, f"zgrep {pattern} /var/log/app/*.gz")


@mcp.tool()
async def grep_archive_fixed(pattern: str) -> str:
    """Search the archived logs."""
    loop = asyncio.get_running_loop()
    return await loop.run_in_executor(None, _grep, f"zgrep {shlex.quote(pattern)} /var/log/app/*.gz")
