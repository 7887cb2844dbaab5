"""Inventory tools (FastMCP): a module-level service, and tools registered by a function."""

from mcp.server.fastmcp import FastMCP

from .service import InventoryService, Suppliers
from .store import Bins, SqlRepo, audit_log

mcp = FastMCP("inventory")
service = InventoryService()
suppliers = Suppliers(SqlRepo("inventory.db"))


@mcp.tool()
def find_item(sku: str) -> str:
    """One item by SKU."""
    return str(service.find(sku))


@mcp.tool()
def stock_level(sku: str) -> int:
    """Units in stock."""
    return service.stock(sku)


@mcp.tool()
def supplier(name: str) -> dict:
    """A supplier's record."""
    return suppliers.lookup(name)


@mcp.tool()
def audit_trail(user: str) -> list:
    """What a user changed."""
    return audit_log.actions_of(user)


def register_bin_tools(server: FastMCP) -> None:
    """Tools over the warehouse bins, sharing one connection."""
    bins = Bins("inventory.db")

    @server.tool()
    def bin_contents(bin_id: str) -> list:
        """The SKUs in a bin."""
        return bins.items_in(bin_id)


register_bin_tools(mcp)
