"""Inventory lookups behind a token verifier; the transport is chosen in __main__.py."""

from mcp.server.fastmcp import FastMCP

from .auth import InventoryTokenVerifier, auth_settings

STOCK = {"widget": 12, "gadget": 0}

mcp = FastMCP("inventory", token_verifier=InventoryTokenVerifier(), auth=auth_settings())


@mcp.tool()
def stock(item: str) -> int:
    """How many of an item are in stock."""
    return STOCK.get(item, 0)
