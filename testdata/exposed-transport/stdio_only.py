"""A stdio server whose settings mention 0.0.0.0: no HTTP transport, nothing is exposed."""

from mcp.server.fastmcp import FastMCP
from mcp.server.transport_security import TransportSecuritySettings

# Unused by the stdio transport; nothing listens.
mcp = FastMCP("clipboard", host="0.0.0.0")
CLIPS: list[str] = []


@mcp.tool()
def copy(text: str) -> str:
    """Remember a piece of text."""
    CLIPS.append(text)
    return "ok"


security = TransportSecuritySettings(enable_dns_rebinding_protection=False)

if __name__ == "__main__":
    mcp.run()
