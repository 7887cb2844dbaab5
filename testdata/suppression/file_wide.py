"""Reporting server whose raw SQL was reviewed as a whole."""

# mcplint: ignore-file[sql-injection] -- read-only replica, the connection has no write grants

from __future__ import annotations

import sqlite3
import subprocess

from mcp.server.fastmcp import FastMCP

mcp = FastMCP("reports")
DB = sqlite3.connect("file:/srv/reports.db?mode=ro", uri=True)


@mcp.tool()
def count_rows(table: str) -> int:
    """Count the rows of a table."""
    return DB.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]


@mcp.tool()
def find_user(name: str) -> list:
    """Find users by name."""
    return DB.execute("SELECT * FROM users WHERE name = '%s'" % name).fetchall()


@mcp.tool()
def export(table: str) -> str:
    """The file-wide suppression names only sql-injection: this shell finding stays."""
    return subprocess.check_output(f"sqlite3 /srv/reports.db .dump {table}", shell=True, text=True)  # expect: shell-injection
