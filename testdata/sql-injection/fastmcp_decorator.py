"""A notes database over SQLite (FastMCP, mcp 1.x)."""

from __future__ import annotations

import os
import sqlite3
from contextlib import closing
from typing import Any

from mcp.server.fastmcp import Context, FastMCP

DB_PATH = os.environ.get("NOTES_DB", "/srv/notes/notes.db")
SORT_COLUMNS = {"created_at", "updated_at", "title"}

mcp = FastMCP("notes-db", "Query and edit the notes database.")


def _connect() -> sqlite3.Connection:
    conn = sqlite3.connect(DB_PATH)
    conn.row_factory = sqlite3.Row
    return conn


def _rows(cursor: sqlite3.Cursor) -> list[dict[str, Any]]:
    return [dict(row) for row in cursor.fetchall()]


@mcp.tool()
def search_notes(query: str, limit: int = 20) -> list[dict[str, Any]]:
    """Full-text search over note titles and bodies."""
    with closing(_connect()) as conn:
        cur = conn.cursor()
        cur.execute(f"SELECT id, title FROM notes WHERE body LIKE '%{query}%' LIMIT {int(limit)}")  # expect: sql-injection from=query
        return _rows(cur)


@mcp.tool()
def get_note(note_id: str) -> dict[str, Any] | None:
    """Fetch one note by id."""
    with closing(_connect()) as conn:
        row = conn.execute("SELECT * FROM notes WHERE id = ?", (note_id,)).fetchone()
        return dict(row) if row else None


@mcp.tool()
def notes_by_author(author: str) -> list[dict[str, Any]]:
    """List the notes written by one author."""
    with closing(_connect()) as conn:
        cur = conn.execute("SELECT id, title FROM notes WHERE author = '%s' ORDER BY created_at" % author)  # expect: sql-injection
        return _rows(cur)


@mcp.tool()
def list_notes(tag: str = "", order_by: str = "updated_at", limit: int = 50) -> list[dict[str, Any]]:
    """List notes, optionally with one tag, in a chosen order."""
    if order_by not in SORT_COLUMNS:
        raise ValueError(f"order_by must be one of {sorted(SORT_COLUMNS)}")
    sql = "SELECT id, title, updated_at FROM notes"
    params: list[Any] = []
    if tag:
        sql += " WHERE id IN (SELECT note_id FROM note_tags WHERE tag = ?)"
        params.append(tag)
    sql += f" ORDER BY {order_by} DESC LIMIT {int(limit)}"
    with closing(_connect()) as conn:
        return _rows(conn.execute(sql, params))


@mcp.tool()
def filter_notes(author: str = "", since: str = "", contains: str = "") -> list[dict[str, Any]]:
    """Filter notes by author, date and text."""
    clauses = []
    if author:
        clauses.append(f"author = '{author}'")
    if since:
        clauses.append(f"created_at >= '{since}'")
    if contains:
        clauses.append("body LIKE '%" + contains + "%'")
    query = "SELECT id, title FROM notes"
    if clauses:
        query += " WHERE " + " AND ".join(clauses)
    with closing(_connect()) as conn:
        return _rows(conn.execute(query))  # expect: sql-injection from=author


@mcp.tool()
def delete_note(note_id: str, ctx: Context) -> str:
    """Delete a note."""
    with closing(_connect()) as conn:
        conn.execute("DELETE FROM notes WHERE id = " + note_id)  # expect: sql-injection from=note_id
        conn.commit()
    return "deleted"


@mcp.tool()
def rename_note(note_id: int, title: str) -> str:
    """Change the title of a note."""
    with closing(_connect()) as conn:
        conn.execute("UPDATE notes SET title = '{}' WHERE id = {}".format(title, int(note_id)))  # expect: sql-injection from=title
        conn.commit()
    return "renamed"


@mcp.tool()
def retitle_note(note_id: int, title: str) -> str:
    """Change the title of a note and bump its timestamp."""
    with closing(_connect()) as conn:
        conn.execute("UPDATE notes SET title = ?, updated_at = datetime('now') WHERE id = ?", (title, note_id))
        conn.commit()
    return "updated"


@mcp.tool()
def tag_notes(tag: str, note_ids: list[int]) -> str:
    """Attach a tag to several notes."""
    with closing(_connect()) as conn:
        # expect: sql-injection from=tag
        conn.executemany(f"INSERT OR IGNORE INTO note_tags (note_id, tag) VALUES (?, '{tag}')", [(i,) for i in note_ids])
        conn.commit()
    return f"tagged {len(note_ids)} notes"


@mcp.tool()
def untag_notes(tag: str, note_ids: list[int]) -> str:
    """Remove a tag from several notes."""
    with closing(_connect()) as conn:
        conn.executemany("DELETE FROM note_tags WHERE note_id = ? AND tag = ?", [(i, tag) for i in note_ids])
        conn.commit()
    return "untagged"


@mcp.tool()
def create_saved_search(name: str, where: str) -> str:
    """Save a search as a database view."""
    with closing(_connect()) as conn:
        # expect: sql-injection from=name
        conn.executescript(f"DROP VIEW IF EXISTS search_{name}; CREATE VIEW search_{name} AS SELECT * FROM notes WHERE {where};")
    return f"saved search {name}"


@mcp.tool()
def run_query(sql: str) -> list[dict[str, Any]]:
    """Run a read-only SQL query against the notes database."""
    conn = sqlite3.connect(f"file:{DB_PATH}?mode=ro", uri=True)
    conn.row_factory = sqlite3.Row
    with closing(conn):
        return _rows(conn.execute(sql))


@mcp.tool()
def note_count() -> int:
    """Number of notes."""
    with closing(_connect()) as conn:
        return conn.execute("SELECT COUNT(*) FROM notes").fetchone()[0]


if __name__ == "__main__":
    mcp.run()
