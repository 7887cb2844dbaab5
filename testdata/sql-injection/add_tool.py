"""PostgreSQL inspection tools registered with add_tool (FastMCP, mcp 1.x, psycopg 3)."""

from __future__ import annotations

import os
from typing import Any

import psycopg
from psycopg import sql
from psycopg.rows import dict_row
from mcp.server.fastmcp import FastMCP

DSN = os.environ["DATABASE_URL"]

mcp = FastMCP("pg-inspect")


def _conn() -> psycopg.Connection:
    return psycopg.connect(DSN, row_factory=dict_row, autocommit=True)


def describe_table(table: str, schema: str = "public") -> list[dict[str, Any]]:
    """Columns and types of a table."""
    with _conn() as conn, conn.cursor() as cur:
        cur.execute(
            "SELECT column_name, data_type, is_nullable FROM information_schema.columns "
            "WHERE table_schema = %s AND table_name = %s ORDER BY ordinal_position",
            (schema, table),
        )
        return cur.fetchall()


def table_row_count(table: str) -> int:
    """Exact number of rows in a table."""
    with _conn() as conn, conn.cursor() as cur:
        cur.execute("SELECT count(*) AS n FROM %s" % table)  # expect: sql-injection
        return cur.fetchone()["n"]


def table_row_count_safe(table: str, schema: str = "public") -> int:
    """Exact number of rows in a table, with quoted identifiers."""
    query = sql.SQL("SELECT count(*) AS n FROM {}.{}").format(sql.Identifier(schema), sql.Identifier(table))
    with _conn() as conn, conn.cursor() as cur:
        cur.execute(query)
        return cur.fetchone()["n"]


def sample_rows(table: str, limit: int = 10) -> list[dict[str, Any]]:
    """A few rows of a table."""
    with _conn() as conn, conn.cursor() as cur:
        cur.execute(f"SELECT * FROM {table} LIMIT %s", (int(limit),))  # expect: sql-injection from=table
        return cur.fetchall()


def find_by_email(email: str) -> list[dict[str, Any]]:
    """Users with an e-mail address."""
    with _conn() as conn:
        return conn.execute("SELECT id, name, email FROM users WHERE lower(email) = lower(%s)", (email,)).fetchall()


def slow_queries(min_ms: str = "500", user: str = "") -> list[dict[str, Any]]:
    """Statements whose mean time is above a threshold."""
    query = "SELECT query, calls, mean_exec_time FROM pg_stat_statements WHERE mean_exec_time > " + min_ms
    if user:
        query += " AND userid = (SELECT usesysid FROM pg_user WHERE usename = '" + user + "')"
    with _conn() as conn:
        return conn.execute(query).fetchall()  # expect: sql-injection from=min_ms


def recent_events(kind: str, days: str = "7") -> list[dict[str, Any]]:
    """Events of one kind from the last days."""
    with _conn() as conn:
        return conn.execute(
            "SELECT * FROM events WHERE kind = %(kind)s AND created_at > now() - make_interval(days => %(days)s)",
            {"kind": kind, "days": int(days)},
        ).fetchall()


def kill_backend(pid: str) -> bool:
    """Terminate a backend process by pid."""
    with _conn() as conn:
        return conn.execute("SELECT pg_terminate_backend(%d)" % int(pid)).fetchone()["pg_terminate_backend"]


def explain(statement: str) -> str:
    """Show the plan of a statement."""
    with _conn() as conn:
        rows = conn.execute("EXPLAIN (FORMAT TEXT) " + statement).fetchall()  # expect: sql-injection
    return "\n".join(r["QUERY PLAN"] for r in rows)


def grant_read(role: str, table: str) -> str:
    """Give a role read access to a table."""
    stmt = sql.SQL("GRANT SELECT ON {} TO {}").format(sql.Identifier(table), sql.Identifier(role))
    with _conn() as conn:
        conn.execute(stmt)
    return "granted"


mcp.add_tool(describe_table, name="describe_table", description="Describe a table's columns")
mcp.add_tool(table_row_count, name="row_count")
mcp.add_tool(table_row_count_safe, name="row_count_quoted")
mcp.add_tool(sample_rows)
mcp.tool(name="find_user_by_email")(find_by_email)
mcp.add_tool(slow_queries, name="slow_queries")
mcp.add_tool(recent_events)
mcp.add_tool(kill_backend, name="kill_backend")
mcp.tool(name="explain", description="Show a query plan")(explain)
mcp.add_tool(grant_read)


def vacuum_table(table: str) -> None:
    """Maintenance entry point for the ops CLI; not a tool."""
    with psycopg.connect(DSN, autocommit=True) as conn:
        conn.execute(f"VACUUM (ANALYZE) {table}")  # safe: sql-injection


if __name__ == "__main__":
    mcp.run()
