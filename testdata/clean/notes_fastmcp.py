"""Personal notes server: Markdown files on disk, a SQLite full-text index and git history.

Built on FastMCP from the `mcp` 1.x SDK.
"""

from __future__ import annotations

import os
import re
import sqlite3
import subprocess
from contextlib import closing
from pathlib import Path
from typing import Any

from mcp.server.fastmcp import Context, FastMCP

NOTES_DIR = Path(os.environ.get("NOTES_DIR", "~/notes")).expanduser().resolve()
INDEX_DB = NOTES_DIR / ".index.sqlite3"
NOTE_ID = re.compile(r"[a-z0-9][a-z0-9-]{0,63}")

mcp = FastMCP("notes", "Markdown notes with full-text search and history.")


def _note_path(note_id: str) -> Path:
    """The file of a note; ids are validated so they cannot name other files."""
    if not NOTE_ID.fullmatch(note_id):
        raise ValueError("note ids are lowercase letters, digits and dashes")
    return NOTES_DIR / f"{note_id}.md"


def _inside_notes(relative: str) -> Path:
    """Resolve a path below the notes folder, refusing anything outside it."""
    candidate = (NOTES_DIR / relative).resolve()
    if not candidate.is_relative_to(NOTES_DIR):
        raise ValueError(f"{relative} is outside the notes folder")
    return candidate


def _index() -> sqlite3.Connection:
    conn = sqlite3.connect(INDEX_DB)
    conn.execute("CREATE VIRTUAL TABLE IF NOT EXISTS notes USING fts5(note_id UNINDEXED, title, body)")
    return conn


def _git(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", "-C", str(NOTES_DIR), *args], capture_output=True, text=True)


@mcp.tool()
def search_notes(query: str, limit: int = 10) -> list[dict[str, Any]]:
    """Full-text search over all notes."""
    with closing(_index()) as conn:
        rows = conn.execute(
            "SELECT note_id, title, snippet(notes, 2, '[', ']', '...', 12) FROM notes "
            "WHERE notes MATCH ? ORDER BY rank LIMIT ?",
            (query, int(limit)),
        ).fetchall()
    return [{"id": r[0], "title": r[1], "snippet": r[2]} for r in rows]


@mcp.tool()
def read_note(note_id: str) -> str:
    """Read one note."""
    return _note_path(note_id).read_text(encoding="utf-8")


@mcp.tool()
async def write_note(note_id: str, title: str, body: str, ctx: Context) -> str:
    """Create or replace a note and record the change in git."""
    path = _note_path(note_id)
    path.write_text(f"# {title}\n\n{body}\n", encoding="utf-8")
    with closing(_index()) as conn:
        conn.execute("DELETE FROM notes WHERE note_id = ?", (note_id,))
        conn.execute("INSERT INTO notes (note_id, title, body) VALUES (?, ?, ?)", (note_id, title, body))
        conn.commit()
    _git("add", "--", path.name)
    commit = _git("commit", "-q", "-m", f"Update {note_id}")
    await ctx.info(f"saved {path.name}")
    return "saved" if commit.returncode == 0 else "saved (nothing to commit)"


@mcp.tool()
def delete_note(note_id: str) -> str:
    """Delete a note."""
    path = _note_path(note_id)
    path.unlink(missing_ok=True)
    with closing(_index()) as conn:
        conn.execute("DELETE FROM notes WHERE note_id = ?", (note_id,))
        conn.commit()
    _git("rm", "-q", "--cached", "--ignore-unmatch", "--", path.name)
    return "deleted"


@mcp.tool()
def note_history(note_id: str, limit: int = 10) -> str:
    """Commits that changed a note."""
    path = _note_path(note_id)
    result = _git("log", f"-n{int(limit)}", "--format=%h %ad %s", "--date=short", "--", path.name)
    return result.stdout or "no history"


@mcp.tool()
def read_attachment(path: str) -> str:
    """Read a text attachment stored below the notes folder."""
    target = _inside_notes(path)
    with open(target, encoding="utf-8", errors="replace") as fh:
        return fh.read()


@mcp.tool()
def list_notes(tag: str = "") -> list[str]:
    """All note ids, or those whose text mentions a tag."""
    if not tag:
        return sorted(p.stem for p in NOTES_DIR.glob("*.md"))
    with closing(_index()) as conn:
        rows = conn.execute("SELECT note_id FROM notes WHERE body LIKE ? ORDER BY note_id", (f"%#{tag}%",)).fetchall()
    return [r[0] for r in rows]


@mcp.resource("notes://{note_id}", mime_type="text/markdown")
def note_resource(note_id: str) -> str:
    """One note as Markdown."""
    return _note_path(note_id).read_text(encoding="utf-8")


@mcp.prompt()
def summarise(note_id: str) -> str:
    """Ask for a short summary of a note."""
    text = _note_path(note_id).read_text(encoding="utf-8")
    return f"Summarise this note in three sentences:\n\n{text}"


def rebuild_index() -> int:
    """Re-index every note; run once after cloning the notes folder."""
    count = 0
    with closing(_index()) as conn:
        conn.execute("DELETE FROM notes")
        for path in sorted(NOTES_DIR.glob("*.md")):
            body = path.read_text(encoding="utf-8")
            title = body.splitlines()[0].lstrip("# ") if body else path.stem
            conn.execute("INSERT INTO notes (note_id, title, body) VALUES (?, ?, ?)", (path.stem, title, body))
            count += 1
        conn.commit()
    return count


if __name__ == "__main__":
    mcp.run()
