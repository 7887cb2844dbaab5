"""Build tools (FastMCP): the environment handed to a child process is not the tool's result."""

import json
import os
import subprocess

from mcp.server.fastmcp import FastMCP

mcp = FastMCP("builder")


@mcp.tool()
def run_tests(target: str = "unit") -> str:
    """Run the test suite and return its output."""
    env = {**os.environ, "CI": "1"}
    done = subprocess.run(["make", "test-" + target], env=env, capture_output=True, text=True)
    return done.stdout


@mcp.tool()
def build_info() -> str:
    """Describe the build machine."""
    return json.dumps({"cwd": os.getcwd(), "env": dict(os.environ)})  # expect: error-leak
