"""Clipboard history for the desktop client, over HTTP on the loopback interface only."""

from mcp.server.fastmcp import FastMCP

HISTORY: list[str] = []

mcp = FastMCP("clipboard")


@mcp.tool()
def recent(count: int = 10) -> str:
    """The most recent clipboard entries."""
    return "\n".join(HISTORY[-count:])


if __name__ == "__main__":
    # FastMCP listens on 127.0.0.1 unless told otherwise.
    mcp.run(transport="streamable-http")  # safe: unauthenticated-transport
