"""Knowledge-base tools whose file access goes through local helpers (FastMCP, mcp 1.x)."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Any

from mcp.server.fastmcp import FastMCP

KB_ROOT = os.path.realpath(os.environ.get("KB_ROOT", "/srv/kb"))
TRASH = os.path.join(KB_ROOT, ".trash")

mcp = FastMCP("knowledge-base")


def _load_text(path: str) -> str:
    """Read a UTF-8 file."""
    with open(path, encoding="utf-8") as fh:  # expect: path-traversal
        return fh.read()


def _load_json(path: str) -> Any:
    """Read a JSON file."""
    with open(path, encoding="utf-8") as fh:
        return json.load(fh)


def _kb_path(relative: str) -> str:
    """Map a KB-relative path to a file-system path (no containment check)."""
    return os.path.join(KB_ROOT, relative.lstrip("/"))


def _checked_kb_path(relative: str) -> str:
    """Map a KB-relative path to a real path inside KB_ROOT, or raise."""
    real = os.path.realpath(os.path.join(KB_ROOT, relative))
    if os.path.commonpath([KB_ROOT, real]) != KB_ROOT:
        raise PermissionError(f"{relative} is outside the knowledge base")
    return real


def _write(path: str, text: str) -> None:
    Path(path).write_text(text, encoding="utf-8")  # expect: path-traversal from=path


@mcp.tool()
def read_article(path: str) -> str:
    """Read one article."""
    return _load_text(_kb_path(path))


@mcp.tool()
def read_article_checked(path: str) -> str:
    """Read one article, refusing paths outside the knowledge base."""
    full = _checked_kb_path(path)
    if full.endswith(".json"):
        return json.dumps(_load_json(full), indent=2)
    return Path(full).read_text(encoding="utf-8")


@mcp.tool()
def kb_settings() -> dict:
    """The knowledge-base settings file."""
    return _load_json(os.path.join(KB_ROOT, "settings.json"))


@mcp.tool()
def changelog() -> str:
    """The knowledge-base changelog."""
    return _load_text(os.path.join(KB_ROOT, "CHANGELOG.md"))


@mcp.tool()
def save_article(path: str, text: str) -> str:
    """Create or replace an article."""
    _write(_kb_path(path), text)
    return "saved"


@mcp.tool()
def update_index(entry: str) -> str:
    """Append an entry to the article index."""
    _write(os.path.join(KB_ROOT, "INDEX.md"), entry)
    return "index updated"


@mcp.tool()
def trash_article(path: str) -> str:
    """Move an article to the trash folder."""
    source = _kb_path(path)
    shutil.move(source, os.path.join(TRASH, os.path.basename(path)))  # expect: path-traversal
    return "moved to trash"


@mcp.tool()
def restore_article(name: str) -> str:
    """Restore an article from the trash."""
    original = _checked_kb_path(name)
    shutil.move(os.path.join(TRASH, os.path.basename(name)), original)
    return f"restored {name}"


@mcp.tool()
def article_attachments(path: str) -> list[str]:
    """Attachments stored next to an article."""
    folder = _checked_kb_path(path + ".files")
    return sorted(os.listdir(folder)) if os.path.isdir(folder) else []


def empty_trash(older_than_days: int, trash_dir: str = TRASH) -> int:
    """Cron job: delete trashed articles. Not exposed to MCP clients."""
    removed = 0
    for name in os.listdir(trash_dir):
        os.remove(os.path.join(trash_dir, name))
        removed += 1
    return removed


if __name__ == "__main__":
    mcp.run()
