"""Notes exposed as resources and prompts (FastMCP, mcp 1.x)."""

from __future__ import annotations

import json
import os
from pathlib import Path

from mcp.server.fastmcp import FastMCP

NOTES = Path(os.environ.get("NOTES_DIR", "~/notes")).expanduser().resolve()
TEMPLATES = Path(__file__).parent / "templates"

mcp = FastMCP("notes")


@mcp.resource("notes://{folder}/{name}", description="One note as Markdown")
def read_note(folder: str, name: str) -> str:
    return (NOTES / folder / f"{name}.md").read_text(encoding="utf-8")  # expect: path-traversal from=folder


@mcp.resource("notes://{folder}/index")
def folder_index(folder: str) -> str:
    """Titles of the notes in one folder."""
    base = (NOTES / folder).resolve()
    try:
        base.relative_to(NOTES)
    except ValueError:
        return "folder not found"
    return "\n".join(sorted(p.stem for p in base.glob("*.md")))


@mcp.resource("notes://{folder}/{name}/meta", mime_type="application/json")
def note_metadata(folder: str, name: str) -> str:
    """Front-matter of one note."""
    meta_path = os.path.join(NOTES, folder, ".meta", name + ".json")
    with open(meta_path, encoding="utf-8") as fh:  # expect: path-traversal from=folder
        return json.dumps(json.load(fh))


@mcp.resource("notes://folders")
def list_folders() -> list[str]:
    """All note folders."""
    return sorted(entry.name for entry in os.scandir(NOTES) if entry.is_dir())


@mcp.resource("templates://{template}")
def note_template(template: str) -> str:
    """A note template by name."""
    return (TEMPLATES / os.path.basename(template)).read_text()


@mcp.resource("attachments://{note}/{filename}", mime_type="application/octet-stream")
def attachment(note: str, filename: str) -> bytes:
    """A file attached to a note."""
    folder = os.path.join(NOTES, "attachments", note)
    return Path(folder, filename).read_bytes()  # expect: path-traversal from=note


@mcp.prompt()
def summarise_note(folder: str, name: str) -> str:
    """Ask for a summary of one note."""
    text = open(f"{NOTES}/{folder}/{name}.md", encoding="utf-8").read()  # expect: path-traversal from=folder
    return f"Summarise this note in five bullet points:\n\n{text}"


@mcp.prompt(title="Continue a draft")
def continue_draft(name: str) -> str:
    """Ask the model to continue a draft note."""
    draft = (NOTES / "drafts" / os.path.basename(name)).read_text(encoding="utf-8")
    return f"Continue this draft in the same voice:\n\n{draft}"
