"""CI helper over streamable HTTP: runs a package's tests on the build machine."""

import subprocess

from mcp.server.fastmcp import FastMCP

mcp = FastMCP(  # expect: unauthenticated-transport
    "build-runner",
    host="0.0.0.0",  # expect: exposed-transport
)


@mcp.tool()
def run_tests(package: str) -> str:
    """Run the test suite of one package and return the end of its output."""
    result = subprocess.run(["pytest", "-q", "--", package], capture_output=True, text=True)
    return result.stdout[-4000:]


if __name__ == "__main__":
    mcp.run(transport="streamable-http")
