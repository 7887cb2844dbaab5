"""Calendar assistant served over streamable HTTP (FastMCP, mcp 1.x)."""

import argparse
import os

from mcp.server.fastmcp import FastMCP

# A default that binds every interface is still a default: most users never set HOST.
mcp = FastMCP(  # expect: unauthenticated-transport
    "calendar",
    host=os.environ.get("CALENDAR_HOST", "0.0.0.0"),  # expect: exposed-transport
    port=int(os.environ.get("CALENDAR_PORT", "8000")),
)

EVENTS: dict[str, list[str]] = {}


@mcp.tool()
def add_event(day: str, title: str) -> str:
    """Add an event to a day (YYYY-MM-DD)."""
    EVENTS.setdefault(day, []).append(title)
    return f"added {title!r} on {day}"


@mcp.tool()
def list_events(day: str) -> list[str]:
    """The events of one day."""
    return EVENTS.get(day, [])


def main() -> None:
    parser = argparse.ArgumentParser(description="calendar MCP server")
    parser.add_argument("--host", default="0.0.0.0", help="address to listen on")  # expect: exposed-transport
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--transport", default="streamable-http", choices=["stdio", "sse", "streamable-http"])
    args = parser.parse_args()
    mcp.settings.host = args.host
    mcp.settings.port = args.port
    mcp.run(transport=args.transport)


if __name__ == "__main__":
    main()
