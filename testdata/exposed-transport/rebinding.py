"""Build status board for the office network (FastMCP over streamable HTTP)."""

from mcp.server.fastmcp import FastMCP
from mcp.server.transport_security import TransportSecuritySettings

HOST = "0.0.0.0"  # expect: exposed-transport

mcp = FastMCP(  # expect: unauthenticated-transport
    "build-board",
    host=HOST,
    port=8765,
    transport_security=TransportSecuritySettings(enable_dns_rebinding_protection=False),  # expect: exposed-transport
)

BUILDS: dict[str, str] = {}


@mcp.tool()
def build_status(project: str) -> str:
    """Last build status of a project."""
    return BUILDS.get(project, "unknown")


if __name__ == "__main__":
    mcp.run(transport="streamable-http")
