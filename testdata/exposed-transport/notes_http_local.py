"""Meeting notes over streamable HTTP for a desktop client (FastMCP, mcp 1.x), loopback by default."""

import notes_settings
from mcp.server.fastmcp import FastMCP

mcp = FastMCP("meeting-notes")

NOTES: list[str] = []


@mcp.tool()
def add_note(text: str) -> int:
    """Add a note; returns how many notes there are."""
    NOTES.append(text)
    return len(NOTES)


if __name__ == "__main__":
    mcp.settings.host = getattr(notes_settings, "HOST", "127.0.0.1")  # safe: exposed-transport
    mcp.settings.port = 3920
    mcp.run("streamable-http")
