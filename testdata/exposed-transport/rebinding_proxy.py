"""Behind a reverse proxy that checks Host: protection off, but the server listens on loopback."""

from mcp.server.fastmcp import FastMCP
from mcp.server.transport_security import TransportSecuritySettings

mcp = FastMCP(
    "wiki",
    host="127.0.0.1",  # safe: exposed-transport
    transport_security=TransportSecuritySettings(enable_dns_rebinding_protection=False),
)


@mcp.tool()
def page(title: str) -> str:
    """The text of a wiki page."""
    return f"# {title}"


if __name__ == "__main__":
    mcp.run(transport="streamable-http")
