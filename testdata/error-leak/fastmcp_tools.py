"""Database admin tools (FastMCP): error reporting done right and wrong."""

import json
import logging
import os
import sqlite3
import traceback

from mcp.server.fastmcp import FastMCP

log = logging.getLogger("db-admin")
mcp = FastMCP("db-admin")
DB_PATH = os.environ.get("DB_PATH", "app.db")


@mcp.tool()
def table_sizes() -> str:
    """Row counts of every table."""
    try:
        db = sqlite3.connect(DB_PATH)
        names = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return json.dumps({n: db.execute(f'SELECT COUNT(*) FROM "{n}"').fetchone()[0] for n in names})
    except Exception:
        return "failed:\n" + traceback.format_exc()  # expect: error-leak


@mcp.tool()
def vacuum() -> str:
    """Compact the database file."""
    try:
        sqlite3.connect(DB_PATH).execute("VACUUM")
        return "done"
    except sqlite3.Error as exc:
        details = traceback.format_exception(exc)  # expect: error-leak
        text = "".join(details)
        return f"vacuum failed: {text}"


@mcp.tool()
def integrity_check() -> dict:
    """Run SQLite's integrity check."""
    try:
        rows = sqlite3.connect(DB_PATH).execute("PRAGMA integrity_check").fetchall()
        return {"ok": rows == [("ok",)], "rows": rows}
    except Exception as e:
        return {"ok": False, "error": repr(e)}  # expect: error-leak


@mcp.tool()
def backup(target: str) -> str:
    """Copy the database to another file."""
    try:
        src = sqlite3.connect(DB_PATH)
        src.backup(sqlite3.connect(target))
        return f"backed up to {target}"
    except OSError as err:
        raise RuntimeError(f"backup failed: {err!r}")  # expect: error-leak


@mcp.tool()
def server_info() -> dict:
    """Where the server runs and how it is configured."""
    return {"cwd": os.getcwd(), "env": dict(os.environ)}  # expect: error-leak


@mcp.resource("config://environment")
def environment() -> str:
    """The server's environment, for debugging."""
    return json.dumps(os.environ.copy(), indent=2)  # expect: error-leak


# --- Near misses: none of these leak --------------------------------------------------------


@mcp.tool()
def analyze() -> str:
    """Update the query planner's statistics."""
    try:
        sqlite3.connect(DB_PATH).execute("ANALYZE")
        return "done"
    except Exception as e:
        log.exception("analyze failed")
        traceback.print_exc()  # safe: error-leak
        return f"analyze failed: {e}"


@mcp.tool()
def reindex(table: str) -> str:
    """Rebuild the indexes of one table."""
    try:
        sqlite3.connect(DB_PATH).execute(f'REINDEX "{table}"')
        return "done"
    except Exception as e:
        tb = traceback.format_exc()
        log.error("reindex failed: %s", tb)
        last = tb.splitlines()[-1]
        return f"reindex failed ({len(tb)} bytes of traceback logged): {last} / {str(e)}"


@mcp.tool()
def db_location() -> dict:
    """Which database file the server uses."""
    return {"path": DB_PATH, "home": os.environ.get("HOME"), "vars": len(os.environ)}  # safe: error-leak


def diagnostics_page() -> str:
    """Not a tool: a local debugging helper nobody returns to the client."""
    return traceback.format_exc()
