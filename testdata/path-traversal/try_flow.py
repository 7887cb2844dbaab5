"""Notes tools whose checks sit inside try blocks (FastMCP, mcp 1.x)."""

from __future__ import annotations

import logging
import os
from pathlib import Path

import markdown
from mcp.server.fastmcp import FastMCP

log = logging.getLogger("notes")

NOTES = Path("/srv/notes").resolve()
NOTES_ROOT = str(NOTES)
PREVIEWS = "/srv/previews"

mcp = FastMCP("notes")


# A check that raises inside the try: the handler that logs and goes on swallows it (the
# finding is at the check).


@mcp.tool()
def delete_note(path: str) -> str:
    """Delete a note."""
    note = (NOTES / path).resolve()
    try:
        note.relative_to(NOTES)  # expect: path-traversal from=path
    except ValueError:
        log.warning("note outside the notes folder: %s", note)
    note.unlink()
    return "deleted"


@mcp.tool()
def archive_note(path: str) -> str:
    """Archive a note."""
    note = (NOTES / path).resolve()
    try:
        note.relative_to(NOTES)
    except ValueError:
        raise PermissionError("note outside the notes folder")
    note.unlink()
    return "archived"


@mcp.tool()
def read_note(path: str) -> str:
    """Read a note."""
    full = os.path.realpath(os.path.join(NOTES_ROOT, path))
    try:
        if not full.startswith(NOTES_ROOT + os.sep):  # expect: path-traversal from=path
            raise PermissionError("outside the notes folder")
    except PermissionError as exc:
        log.warning("%s", exc)
    with open(full, encoding="utf-8") as fh:
        return fh.read()


@mcp.tool()
def read_note_strict(path: str) -> str:
    """Read a note, refusing paths outside the folder."""
    full = os.path.realpath(os.path.join(NOTES_ROOT, path))
    try:
        if not full.startswith(NOTES_ROOT + os.sep):
            raise PermissionError("outside the notes folder")
    except PermissionError as exc:
        return f"error: {exc}"
    with open(full, encoding="utf-8") as fh:
        return fh.read()


# The handler is reached from the middle of the try: the check's own raise lands there.


@mcp.tool()
def import_note(path: str) -> str:
    """Import a note from the inbox, dropping unreadable ones."""
    source = (NOTES / "inbox" / path).resolve()
    try:
        if not source.is_relative_to(NOTES):  # expect: path-traversal from=path
            raise PermissionError("outside the notes folder")
        data = source.read_bytes()
    except OSError:
        # PermissionError is an OSError: the refused path is deleted here.
        source.unlink(missing_ok=True)
        return "dropped"
    return data.decode()


@mcp.tool()
def import_note_checked(path: str) -> str:
    """Import a note from the inbox, dropping unreadable ones."""
    source = (NOTES / "inbox" / path).resolve()
    if not source.is_relative_to(NOTES):
        raise PermissionError("outside the notes folder")
    try:
        data = source.read_bytes()
    except OSError:
        source.unlink(missing_ok=True)
        return "dropped"
    return data.decode()


# finally runs after the return in the try.


@mcp.tool()
def render_draft(name: str, body: str) -> str:
    """Render a draft to HTML, then remove its stale preview."""
    preview = os.path.join(PREVIEWS, name + ".html")
    try:
        return markdown.markdown(body)
    finally:
        os.remove(preview)  # expect: path-traversal from=name


@mcp.tool()
def render_page(name: str, body: str) -> str:
    """Render a page to HTML, then remove its stale preview."""
    preview = os.path.join(PREVIEWS, os.path.basename(name) + ".html")
    try:
        return markdown.markdown(body)
    finally:
        os.remove(preview)  # safe: path-traversal
