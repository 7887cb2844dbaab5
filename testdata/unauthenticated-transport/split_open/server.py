"""Inventory lookups; the transport is chosen in __main__.py."""

from mcp.server.fastmcp import FastMCP

STOCK = {"widget": 12, "gadget": 0}

mcp = FastMCP("inventory")


@mcp.tool()
def stock(item: str) -> int:
    """How many of an item are in stock."""
    return STOCK.get(item, 0)
