"""Support-ticket tools over asyncpg on the low-level server API (mcp 1.x)."""

from __future__ import annotations

import json
import os
from typing import Any

import anyio
import asyncpg
import mcp.types as types
from mcp.server.lowlevel import Server
from mcp.server.stdio import stdio_server

DSN = os.environ["TICKETS_DSN"]
STATUSES = ("open", "pending", "closed")

server = Server("tickets")
_pool: asyncpg.Pool | None = None


async def _get_pool() -> asyncpg.Pool:
    global _pool
    if _pool is None:
        _pool = await asyncpg.create_pool(DSN, min_size=1, max_size=4)
    return _pool


def _json(value: Any) -> list[types.TextContent]:
    return [types.TextContent(type="text", text=json.dumps(value, default=str))]


@server.list_tools()
async def list_tools() -> list[types.Tool]:
    return [
        types.Tool(name="get_ticket", description="Fetch one ticket", inputSchema={
            "type": "object", "properties": {"ticket_id": {"type": "integer"}}, "required": ["ticket_id"]}),
        types.Tool(name="search_tickets", description="Search ticket subjects", inputSchema={
            "type": "object", "properties": {"text": {"type": "string"}, "status": {"type": "string"}}}),
        types.Tool(name="tickets_by_customer", description="Tickets of one customer", inputSchema={
            "type": "object", "properties": {"email": {"type": "string"}}, "required": ["email"]}),
        types.Tool(name="assign_ticket", description="Assign a ticket to an agent", inputSchema={
            "type": "object", "properties": {"ticket_id": {"type": "integer"}, "agent": {"type": "string"}}}),
        types.Tool(name="count_by_status", description="Ticket counts for a status", inputSchema={
            "type": "object", "properties": {"status": {"type": "string"}}}),
        types.Tool(name="close_stale", description="Close tickets idle for N days", inputSchema={
            "type": "object", "properties": {"days": {"type": "string"}}}),
        types.Tool(name="ticket_history", description="Events of a ticket", inputSchema={
            "type": "object", "properties": {"ticket_id": {"type": "string"}, "kind": {"type": "string"}}}),
    ]


@server.call_tool()
async def call_tool(name: str, arguments: dict[str, Any]) -> list[types.TextContent]:
    pool = await _get_pool()
    async with pool.acquire() as conn:
        if name == "get_ticket":
            row = await conn.fetchrow("SELECT * FROM tickets WHERE id = $1", int(arguments["ticket_id"]))
            return _json(dict(row) if row else None)
        if name == "search_tickets":
            text = arguments.get("text", "")
            status = arguments.get("status", "open")
            rows = await conn.fetch(f"SELECT id, subject FROM tickets WHERE status = '{status}' AND subject ILIKE '%{text}%'")  # expect: sql-injection from=arguments
            return _json([dict(r) for r in rows])
        if name == "tickets_by_customer":
            email = arguments["email"]
            rows = await conn.fetch("SELECT t.* FROM tickets t JOIN customers c ON c.id = t.customer_id WHERE c.email = $1", email)
            return _json([dict(r) for r in rows])
        if name == "assign_ticket":
            agent = str(arguments["agent"]).strip()
            ticket = int(arguments["ticket_id"])
            await conn.execute("UPDATE tickets SET assignee = '" + agent + "' WHERE id = " + str(ticket))  # expect: sql-injection from=arguments
            return _json({"assigned": ticket})
        if name == "count_by_status":
            wanted = arguments.get("status", "open")
            if wanted not in STATUSES:
                return _json({"error": f"status must be one of {STATUSES}"})
            total = await conn.fetchval(f"SELECT count(*) FROM tickets WHERE status = '{wanted}'")
            return _json({"status": wanted, "count": total})
        if name == "close_stale":
            return _json(await _close_stale(conn, arguments.get("days", "30")))
        if name == "ticket_history":
            return _json(await _history(conn, arguments))
    raise ValueError(f"unknown tool {name}")


async def _close_stale(conn: asyncpg.Connection, days: str) -> int:
    result = await conn.execute(
        "UPDATE tickets SET status = 'closed' WHERE status = 'pending' AND updated_at < now() - $1::interval",
        f"{int(days)} days",
    )
    return int(result.split()[-1])


async def _history(conn: asyncpg.Connection, arguments: dict[str, Any]) -> list[dict[str, Any]]:
    ticket_id = arguments["ticket_id"]
    kind = arguments.get("kind")
    sql = "SELECT at, kind, body FROM ticket_events WHERE ticket_id = %s" % ticket_id
    if kind:
        sql += " AND kind = '%s'" % kind
    rows = await conn.fetch(sql + " ORDER BY at")  # expect: sql-injection from=arguments
    return [dict(r) for r in rows]


async def main() -> None:
    async with stdio_server() as (read_stream, write_stream):
        await server.run(read_stream, write_stream, server.create_initialization_options())


if __name__ == "__main__":
    anyio.run(main)
