"""Library catalogue tools (FastMCP, mcp 1.x)."""

from __future__ import annotations

from typing import Any

from mcp.server.fastmcp import FastMCP

from . import db
from .db import book_by_isbn, fetch_rows, title_filter

mcp = FastMCP("library-catalogue")


@mcp.tool()
def search_books(title: str) -> list[dict[str, Any]]:
    """Books whose title contains a phrase."""
    return fetch_rows("books", title_filter(title))


@mcp.tool()
def books_by_author(author_id: str) -> list[dict[str, Any]]:
    """Books by one author."""
    return fetch_rows("books", f"author_id = {int(author_id)}", order_by="year")


@mcp.tool()
def get_book(isbn: str) -> dict[str, Any] | None:
    """One book by ISBN."""
    return book_by_isbn(isbn)


@mcp.tool()
def member_loans(member_id: str) -> list[dict[str, Any]]:
    """Books currently on loan to a member."""
    return db.loans_for(member_id)


@mcp.tool()
def overdue_loans(days: str = "0") -> list[dict[str, Any]]:
    """Loans overdue by more than some days."""
    return db.run("SELECT * FROM loans WHERE julianday('now') - julianday(due) > ?", (int(days),))


@mcp.tool()
def books_by_title(title: str) -> list[dict[str, Any]]:
    """Books whose title contains a phrase, as a single query."""
    return db.run("SELECT * FROM books WHERE " + title_filter(title))


@mcp.tool()
def count_by(column: str) -> list[dict[str, Any]]:
    """Number of books per value of a column."""
    with db.connect() as conn:
        rows = conn.execute(f"SELECT {column}, count(*) AS n FROM books GROUP BY {column}").fetchall()  # expect: sql-injection
    return [dict(r) for r in rows]


@mcp.tool()
def count_by_genre() -> list[dict[str, Any]]:
    """Number of books per genre."""
    with db.connect() as conn:
        return [dict(r) for r in conn.execute("SELECT genre, count(*) AS n FROM books GROUP BY genre")]


if __name__ == "__main__":
    mcp.run()
