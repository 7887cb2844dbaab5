"""A SQLite database browsed through resources and prompts (FastMCP, mcp 1.x)."""

from __future__ import annotations

import json
import os
import sqlite3

from mcp.server.fastmcp import FastMCP

DB_PATH = os.environ.get("SQLITE_DB", "/srv/data/app.db")

mcp = FastMCP("sqlite-browser")


def _db() -> sqlite3.Connection:
    return sqlite3.connect(f"file:{DB_PATH}?mode=ro", uri=True)


def _table_names(conn: sqlite3.Connection) -> set[str]:
    return {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


@mcp.resource("sqlite://tables")
def list_tables() -> str:
    """Names of all tables."""
    with _db() as conn:
        return "\n".join(sorted(_table_names(conn)))


@mcp.resource("sqlite://tables/{table}/schema")
def table_schema(table: str) -> str:
    """Column definitions of a table."""
    with _db() as conn:
        cols = conn.execute(f"PRAGMA table_info({table})").fetchall()  # expect: sql-injection
    return json.dumps([{"name": c[1], "type": c[2]} for c in cols])


@mcp.resource("sqlite://tables/{table}/ddl")
def table_ddl(table: str) -> str:
    """The CREATE statement of a table."""
    with _db() as conn:
        row = conn.execute("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)).fetchone()
    return row[0] if row else ""


@mcp.resource("sqlite://tables/{table}/sample")
def table_sample(table: str) -> str:
    """First rows of a table, as JSON."""
    with _db() as conn:
        if table not in _table_names(conn):
            raise ValueError(f"no table named {table}")
        cur = conn.execute(f'SELECT * FROM "{table}" LIMIT 20')
        names = [d[0] for d in cur.description]
        return json.dumps([dict(zip(names, r)) for r in cur.fetchall()], default=str)


@mcp.resource("sqlite://tables/{table}/rows/{row_id}")
def table_row(table: str, row_id: str) -> str:
    """One row of a table by rowid."""
    with _db() as conn:
        cur = conn.execute("SELECT * FROM " + table + " WHERE rowid = ?", (row_id,))  # expect: sql-injection from=table
        return json.dumps(cur.fetchone(), default=str)


@mcp.prompt()
def explain_table(table: str) -> str:
    """Ask the model to explain what a table stores."""
    with _db() as conn:
        count = conn.execute("SELECT count(*) FROM {}".format(table)).fetchone()[0]  # expect: sql-injection
    return f"The table {table} has {count} rows. Explain what it most likely stores."


@mcp.prompt(title="Write a query")
def write_query(question: str) -> str:
    """Ask the model to write SQL for a question."""
    with _db() as conn:
        ddl = [r[0] for r in conn.execute("SELECT sql FROM sqlite_master WHERE sql IS NOT NULL")]
    return "Schema:\n" + "\n".join(ddl) + f"\n\nWrite one SQLite query that answers: {question}"
