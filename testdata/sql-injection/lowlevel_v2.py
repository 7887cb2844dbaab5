"""Bookmark manager over aiosqlite on the low-level server API (mcp 2.x handler keywords)."""

from __future__ import annotations

import json
import os
from collections.abc import Awaitable, Callable
from typing import Any

import aiosqlite
import anyio
from mcp.server.lowlevel import Server
from mcp.server.stdio import stdio_server
from mcp.types import CallToolRequestParams, CallToolResult, ListToolsResult, TextContent, Tool

DB_PATH = os.environ.get("BOOKMARKS_DB", os.path.expanduser("~/.local/share/bookmarks.db"))

Handler = Callable[[dict[str, Any]], Awaitable[Any]]


async def add_bookmark(args: dict[str, Any]) -> Any:
    async with aiosqlite.connect(DB_PATH) as db:
        cur = await db.execute("INSERT INTO bookmarks (url, title) VALUES (?, ?)", (args["url"], args.get("title", "")))
        await db.commit()
        return {"id": cur.lastrowid}


async def find_bookmarks(args: dict[str, Any]) -> Any:
    term = args.get("term", "")
    async with aiosqlite.connect(DB_PATH) as db:
        async with db.execute(f"SELECT id, url, title FROM bookmarks WHERE title LIKE '%{term}%' OR url LIKE '%{term}%'") as cur:  # expect: sql-injection from=params
            return [tuple(r) for r in await cur.fetchall()]


async def bookmarks_with_tag(args: dict[str, Any]) -> Any:
    async with aiosqlite.connect(DB_PATH) as db:
        async with db.execute(
            "SELECT b.id, b.url FROM bookmarks b JOIN tags t ON t.bookmark_id = b.id WHERE t.name = ?",
            (args["tag"],),
        ) as cur:
            return [tuple(r) for r in await cur.fetchall()]


async def delete_bookmarks(args: dict[str, Any]) -> Any:
    ids = ",".join(str(i) for i in args["ids"])
    async with aiosqlite.connect(DB_PATH) as db:
        await db.execute("DELETE FROM bookmarks WHERE id IN (" + ids + ")")  # expect: sql-injection from=params
        await db.commit()
    return {"deleted": ids}


async def rename_tag(args: dict[str, Any]) -> Any:
    async with aiosqlite.connect(DB_PATH) as db:
        await db.execute("UPDATE tags SET name = ? WHERE name = ?", (args["new"], args["old"]))
        await db.commit()
    return {"renamed": True}


HANDLERS: dict[str, Handler] = {
    "add_bookmark": add_bookmark,
    "find_bookmarks": find_bookmarks,
    "bookmarks_with_tag": bookmarks_with_tag,
    "delete_bookmarks": delete_bookmarks,
    "rename_tag": rename_tag,
}


async def on_list_tools(ctx: Any, params: Any) -> ListToolsResult:
    obj = {"type": "object"}
    return ListToolsResult(tools=[Tool(name=n, description=n.replace("_", " "), input_schema=obj) for n in HANDLERS] + [
        Tool(name="export_bookmarks", description="Export bookmarks as JSON", input_schema=obj),
    ])


async def on_call_tool(ctx: Any, params: CallToolRequestParams) -> CallToolResult:
    args = params.arguments or {}
    if params.name == "export_bookmarks":
        order = args.get("order", "id")
        async with aiosqlite.connect(DB_PATH) as db:
            cur = await db.execute("SELECT id, url, title FROM bookmarks ORDER BY " + order)  # expect: sql-injection from=params
            payload: Any = [tuple(r) for r in await cur.fetchall()]
    elif params.name in HANDLERS:
        payload = await HANDLERS[params.name](args)
    else:
        raise ValueError(f"unknown tool {params.name}")
    return CallToolResult(content=[TextContent(type="text", text=json.dumps(payload))])


server = Server("bookmarks", on_list_tools=on_list_tools, on_call_tool=on_call_tool)


async def main() -> None:
    async with stdio_server() as (read_stream, write_stream):
        await server.run(read_stream, write_stream, server.create_initialization_options())


if __name__ == "__main__":
    anyio.run(main)
