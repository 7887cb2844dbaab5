"""Team wiki search served over SSE (FastMCP, mcp 1.x): host and transport set after construction."""

import wiki_settings
from mcp.server.fastmcp import FastMCP

mcp = FastMCP("wiki")  # expect: unauthenticated-transport

PAGES: dict[str, str] = {}


@mcp.tool()
def search(query: str) -> list[str]:
    """Titles of the wiki pages that mention the query."""
    return [title for title, body in PAGES.items() if query.lower() in body.lower()]


if __name__ == "__main__":
    # A settings module without HOST falls back to every interface.
    mcp.settings.host = getattr(wiki_settings, "HOST", "0.0.0.0")  # expect: exposed-transport
    mcp.settings.port = getattr(wiki_settings, "PORT", 8080)
    mcp.run("sse")
