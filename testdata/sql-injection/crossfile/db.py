"""Database access for the library catalogue."""

from __future__ import annotations

import os
import sqlite3
from typing import Any

CATALOGUE_DB = os.environ.get("CATALOGUE_DB", "/srv/library/catalogue.db")


def connect() -> sqlite3.Connection:
    conn = sqlite3.connect(CATALOGUE_DB)
    conn.row_factory = sqlite3.Row
    return conn


def fetch_rows(table: str, where: str, order_by: str = "id") -> list[dict[str, Any]]:
    """Rows of a table matching a condition."""
    with connect() as conn:
        cur = conn.cursor()
        cur.execute(f"SELECT * FROM {table} WHERE {where} ORDER BY {order_by}")  # expect: sql-injection
        return [dict(r) for r in cur.fetchall()]


def book_by_isbn(isbn: str) -> dict[str, Any] | None:
    with connect() as conn:
        row = conn.execute("SELECT * FROM books WHERE isbn = ?", (isbn,)).fetchone()
        return dict(row) if row else None


def title_filter(title: str) -> str:
    """A WHERE fragment for a title search."""
    return "title LIKE '%" + title + "%'"


def run(sql: str, params: tuple = ()) -> list[dict[str, Any]]:
    with connect() as conn:
        return [dict(r) for r in conn.execute(sql, params)]  # expect: sql-injection


def loans_for(member_id: str) -> list[dict[str, Any]]:
    with connect() as conn:
        rows = conn.execute("SELECT b.title, l.due FROM loans l JOIN books b ON b.id = l.book_id WHERE l.member_id = %s" % member_id)  # expect: sql-injection
        return [dict(r) for r in rows]


def purge_table(table: str) -> None:
    """Used by the data-retention job only."""
    with connect() as conn:
        conn.execute(f"DELETE FROM {table} WHERE created_at < date('now', '-7 years')")
