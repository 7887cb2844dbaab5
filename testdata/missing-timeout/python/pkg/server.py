"""Tools whose requests are made by helpers of another module."""
from mcp.server.fastmcp import FastMCP

from .upstream import service_status

mcp = FastMCP("status")


@mcp.tool()
def status() -> str:
    """The upstream service's status."""
    return service_status()
