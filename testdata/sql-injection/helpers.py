"""Inventory tools whose queries go through local helpers (FastMCP, mcp 1.x)."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Sequence
from contextlib import closing
from typing import Any

from mcp.server.fastmcp import FastMCP

DB = os.environ.get("INVENTORY_DB", "/srv/inventory/inventory.db")

mcp = FastMCP("inventory")


def _connect(readonly: bool = False) -> sqlite3.Connection:
    conn = sqlite3.connect(f"file:{DB}?mode=ro" if readonly else DB, uri=readonly)
    conn.row_factory = sqlite3.Row
    return conn


def _fetch_all(sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
    with closing(_connect()) as conn:
        return [dict(r) for r in conn.execute(sql, params)]  # expect: sql-injection


def _exec(sql: str, params: Sequence[Any] = ()) -> int:
    with closing(_connect()) as conn:
        cur = conn.execute(sql, params)
        conn.commit()
        return cur.rowcount


def _run_readonly(sql: str) -> list[tuple]:
    with closing(_connect(readonly=True)) as conn:
        return [tuple(r) for r in conn.execute(sql).fetchall()]


def _like_query(column: str, term: str) -> str:
    return f"SELECT sku, name, qty FROM products WHERE {column} LIKE '%{term}%'"


def _count(table: str) -> int:
    with closing(_connect()) as conn:
        return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # expect: sql-injection


@mcp.tool()
def find_products(term: str) -> list[dict[str, Any]]:
    """Products whose name contains a term."""
    return _fetch_all(_like_query("name", term))


@mcp.tool()
def products_in_category(category: str) -> list[dict[str, Any]]:
    """Products of one category."""
    return _fetch_all("SELECT sku, name, qty FROM products WHERE category = ?", (category,))


@mcp.tool()
def product_by_sku(sku: str) -> dict[str, Any] | None:
    """Look up a product by SKU prefix."""
    with closing(_connect()) as conn:
        row = conn.execute(_like_query("sku", sku)).fetchone()  # expect: sql-injection
        return dict(row) if row else None


@mcp.tool()
def low_stock(threshold: str = "5") -> list[dict[str, Any]]:
    """Products whose quantity is below a threshold."""
    return _fetch_all(f"SELECT sku, name, qty FROM products WHERE qty < {int(threshold)} ORDER BY qty")


@mcp.tool()
def adjust_stock(sku: str, delta: str) -> str:
    """Add to or subtract from the quantity of a product."""
    changed = _exec("UPDATE products SET qty = qty + ? WHERE sku = ?", (int(delta), sku))
    return f"{changed} product(s) updated"


@mcp.tool()
def record_count(table: str) -> int:
    """Number of rows in an inventory table."""
    return _count(table)


@mcp.tool()
def adhoc_query(sql: str) -> list[tuple]:
    """Run a read-only SQL query chosen by the analyst."""
    return _run_readonly(sql)


@mcp.tool()
def warehouse_totals() -> list[dict[str, Any]]:
    """Total stock per warehouse."""
    return _fetch_all("SELECT warehouse, sum(qty) AS total FROM stock GROUP BY warehouse")


def rebuild_search_index(table: str = "products") -> None:
    """Run from the nightly maintenance script; not a tool."""
    with closing(_connect()) as conn:
        conn.executescript(f"DELETE FROM {table}_fts; INSERT INTO {table}_fts SELECT rowid, name FROM {table};")


if __name__ == "__main__":
    mcp.run()
