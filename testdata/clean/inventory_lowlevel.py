"""Warehouse inventory over the low-level MCP server API (mcp 1.x)."""

from __future__ import annotations

import asyncio
import csv
import json
import os
import sqlite3
import subprocess
from contextlib import closing
from typing import Any
from urllib.parse import unquote, urlparse

import mcp.server.stdio
import mcp.types as types
from mcp.server.lowlevel import NotificationOptions, Server
from mcp.server.models import InitializationOptions
from pydantic import AnyUrl

DB_PATH = os.environ.get("INVENTORY_DB", "/srv/inventory/inventory.db")
EXPORT_DIR = os.path.realpath(os.environ.get("EXPORT_DIR", "/srv/inventory/exports"))
SORT_KEYS = {"sku": "sku", "name": "name", "qty": "qty DESC"}

server = Server("inventory")


def _schema(required: list[str], **props: dict[str, Any]) -> dict[str, Any]:
    return {"type": "object", "properties": props, "required": required}


TOOLS = [
    types.Tool(name="find_items", description="Find items whose name contains a text",
               inputSchema=_schema(["query"], query={"type": "string"}, limit={"type": "integer"})),
    types.Tool(name="list_items", description="List items, optionally at one location",
               inputSchema=_schema([], sort={"type": "string", "enum": list(SORT_KEYS)}, location={"type": "string"})),
    types.Tool(name="adjust_quantity", description="Change the quantity of an item",
               inputSchema=_schema(["sku", "delta"], sku={"type": "string"}, delta={"type": "integer"})),
    types.Tool(name="export_csv", description="Export items to a CSV file",
               inputSchema=_schema(["filename"], filename={"type": "string"}, location={"type": "string"})),
    types.Tool(name="compress_export", description="Gzip an export file",
               inputSchema=_schema(["filename"], filename={"type": "string"})),
]


def _db() -> sqlite3.Connection:
    conn = sqlite3.connect(DB_PATH)
    conn.row_factory = sqlite3.Row
    return conn


@server.list_tools()
async def list_tools() -> list[types.Tool]:
    return TOOLS


@server.call_tool()
async def call_tool(name: str, arguments: dict[str, Any]) -> list[types.TextContent]:
    if name == "find_items":
        result: Any = _find_items(arguments["query"], arguments.get("limit", 20))
    elif name == "list_items":
        result = _list_items(arguments.get("sort", "sku"), arguments.get("location"))
    elif name == "adjust_quantity":
        result = _adjust_quantity(arguments["sku"], arguments["delta"])
    elif name == "export_csv":
        result = _export_csv(arguments["filename"], arguments.get("location"))
    elif name == "compress_export":
        result = _compress_export(arguments["filename"])
    else:
        raise ValueError(f"unknown tool: {name}")
    return [types.TextContent(type="text", text=json.dumps(result, default=str))]


def _find_items(query: str, limit: Any) -> list[dict[str, Any]]:
    pattern = "%" + query.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    with closing(_db()) as conn:
        rows = conn.execute(
            "SELECT sku, name, qty, location FROM items WHERE name LIKE ? ESCAPE '\\' ORDER BY name LIMIT ?",
            (pattern, int(limit)),
        ).fetchall()
    return [dict(r) for r in rows]


def _list_items(sort_key: str, location: str | None) -> list[dict[str, Any]]:
    if sort_key not in SORT_KEYS:
        raise ValueError(f"sort must be one of {sorted(SORT_KEYS)}")
    sql = "SELECT sku, name, qty, location FROM items"
    params: list[Any] = []
    if location:
        sql += " WHERE location = ?"
        params.append(location)
    sql += " ORDER BY " + SORT_KEYS[sort_key]
    with closing(_db()) as conn:
        return [dict(r) for r in conn.execute(sql, params).fetchall()]


def _adjust_quantity(sku: str, delta: Any) -> dict[str, Any]:
    with closing(_db()) as conn:
        cur = conn.execute("UPDATE items SET qty = qty + ? WHERE sku = ?", (int(delta), sku))
        conn.commit()
    return {"sku": sku, "updated": cur.rowcount}


def _export_csv(filename: str, location: str | None) -> dict[str, Any]:
    base_name = os.path.basename(filename)
    out_path = os.path.join(EXPORT_DIR, base_name if base_name.endswith(".csv") else "export.csv")
    with closing(_db()) as conn:
        rows = conn.execute(
            "SELECT sku, name, qty, location FROM items WHERE ? IS NULL OR location = ? ORDER BY sku",
            (location, location),
        ).fetchall()
    with open(out_path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["sku", "name", "qty", "location"])
        writer.writerows(tuple(r) for r in rows)
    return {"path": out_path, "rows": len(rows)}


def _compress_export(filename: str) -> dict[str, Any]:
    target = os.path.realpath(os.path.join(EXPORT_DIR, filename))
    if not target.startswith(EXPORT_DIR + os.sep):
        raise ValueError("exports live in the export folder")
    subprocess.run(["gzip", "-kf", "--", target], check=True)
    return {"path": target + ".gz"}


@server.list_resources()
async def list_resources() -> list[types.Resource]:
    return [
        types.Resource(uri=AnyUrl(f"exports:///{entry}"), name=entry, mimeType="text/csv")
        for entry in sorted(os.listdir(EXPORT_DIR))
        if entry.endswith(".csv")
    ]


@server.read_resource()
async def read_resource(uri: AnyUrl) -> str:
    export_name = os.path.basename(unquote(urlparse(str(uri)).path))
    with open(os.path.join(EXPORT_DIR, export_name), encoding="utf-8") as fh:
        return fh.read()


async def main() -> None:
    async with mcp.server.stdio.stdio_server() as (read_stream, write_stream):
        await server.run(
            read_stream,
            write_stream,
            InitializationOptions(
                server_name="inventory",
                server_version="1.2.0",
                capabilities=server.get_capabilities(
                    notification_options=NotificationOptions(),
                    experimental_capabilities={},
                ),
            ),
        )


if __name__ == "__main__":
    asyncio.run(main())
