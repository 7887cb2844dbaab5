"""A small FastMCP server for mcplint's reporter snapshots."""

import os
import subprocess

from mcp.server.fastmcp import FastMCP

mcp = FastMCP("demo")
ROOT = "/srv/files"


@mcp.tool()
def run(cmd: str) -> str:
    """Run a shell command."""
    return subprocess.check_output(cmd, shell=True, timeout=60, text=True)


@mcp.tool()
def read(name: str) -> str:
    """Read a file under the root."""
    with open(os.path.join(ROOT, name)) as f:
        return f.read()


@mcp.tool()
def add(a: int, b: int) -> int:
    """Add two numbers."""
    return a + b
