"""Static-site content tools with path checks, some sound and some not (FastMCP, mcp 1.x)."""

from __future__ import annotations

import logging
import os
import re
from pathlib import Path

from mcp.server.fastmcp import FastMCP

log = logging.getLogger("site-content")

SITE_ROOT = os.path.realpath("/srv/site")
SITE_PATH = Path(SITE_ROOT)
CONFIG_FILES = {"config.toml", "menus.toml", "params.toml"}

mcp = FastMCP("site-content")


# --- Sound checks ------------------------------------------------------------------------------


@mcp.tool()
def read_page(path: str) -> str:
    """Read a content page."""
    full = os.path.realpath(os.path.join(SITE_ROOT, path))
    if not full.startswith(SITE_ROOT + os.sep):
        raise PermissionError("path escapes the site root")
    with open(full, encoding="utf-8") as fh:
        return fh.read()


@mcp.tool()
def write_page(path: str, body: str) -> str:
    """Create or replace a content page."""
    target = os.path.realpath(os.path.join(SITE_ROOT, "content", path))
    if os.path.commonpath([SITE_ROOT, target]) != SITE_ROOT:
        raise PermissionError("path escapes the site root")
    os.makedirs(os.path.dirname(target), exist_ok=True)
    with open(target, "w", encoding="utf-8") as fh:
        fh.write(body)
    return "saved"


@mcp.tool()
def read_partial(name: str) -> str:
    """Read a layout partial."""
    partial = (SITE_PATH / "layouts" / "partials" / name).resolve()
    if not partial.is_relative_to(SITE_PATH):
        raise PermissionError("partial outside the site")
    return partial.read_text(encoding="utf-8")


@mcp.tool()
def delete_page(path: str) -> str:
    """Delete a content page."""
    page = (SITE_PATH / "content" / path).resolve()
    try:
        page.relative_to(SITE_PATH / "content")
    except ValueError:
        return "refusing to delete outside content/"
    page.unlink()
    return "deleted"


@mcp.tool()
def read_config(filename: str = "config.toml") -> str:
    """Read one of the site configuration files."""
    if filename not in CONFIG_FILES:
        raise ValueError(f"choose one of {sorted(CONFIG_FILES)}")
    return Path(SITE_ROOT, filename).read_text(encoding="utf-8")  # safe: path-traversal


@mcp.tool()
def read_data_file(name: str) -> str:
    """Read a data file by its base name."""
    if not re.fullmatch(r"[A-Za-z0-9_-]+\.(json|yaml|toml)", name):
        raise ValueError("invalid data file name")
    with open(os.path.join(SITE_ROOT, "data", name), encoding="utf-8") as fh:
        return fh.read()


@mcp.tool()
def upload_image(filename: str, data: bytes) -> str:
    """Store an image in the static folder."""
    safe_name = os.path.basename(filename)
    with open(os.path.join(SITE_ROOT, "static", "img", safe_name), "wb") as fh:
        fh.write(data)
    return f"/img/{safe_name}"


# --- Flawed checks -----------------------------------------------------------------------------


@mcp.tool()
def read_asset(path: str) -> str:
    """Read a file under the site root."""
    full = os.path.realpath(os.path.join(SITE_ROOT, path))
    if not full.startswith(SITE_ROOT):  # expect: path-traversal
        raise PermissionError("outside site")
    # No separator: /srv/site-backup/... also starts with /srv/site.
    with open(full, encoding="utf-8") as fh:
        return fh.read()


@mcp.tool()
def read_layout(path: str) -> str:
    """Read a layout template."""
    joined = os.path.join(SITE_ROOT, "layouts", path)
    if not joined.startswith(SITE_ROOT + os.sep):  # expect: path-traversal
        raise PermissionError("outside site")
    # "../" segments are still in the string, so the prefix check passes.
    return Path(joined).read_text(encoding="utf-8")


@mcp.tool()
def read_archetype(path: str) -> str:
    """Read an archetype file."""
    candidate = os.path.join(SITE_ROOT, "archetypes", path)
    if os.path.commonpath([SITE_ROOT, candidate]) != SITE_ROOT:
        raise PermissionError("outside site")
    with open(candidate, encoding="utf-8") as fh:  # expect: path-traversal
        return fh.read()


@mcp.tool()
def read_i18n(path: str) -> str:
    """Read a translation file."""
    normalised = os.path.normpath(os.path.join(SITE_ROOT, "i18n", path))
    with open(normalised, encoding="utf-8") as fh:  # expect: path-traversal
        return fh.read()


@mcp.tool()
def list_section(section: str) -> list[str]:
    """List the pages of a content section."""
    directory = os.path.abspath(os.path.join(SITE_ROOT, "content", section))
    return os.listdir(directory)  # expect: path-traversal


@mcp.tool()
def read_draft(path: str) -> str:
    """Read a draft page."""
    cleaned = path.replace("../", "")
    # "....//" becomes "../" after the replacement.
    return (SITE_PATH / "drafts" / cleaned).read_text(encoding="utf-8")  # expect: path-traversal


@mcp.tool()
def delete_draft(path: str) -> str:
    """Delete a draft page."""
    if ".." in path:
        raise PermissionError("parent directories are not allowed")
    # An absolute path replaces the base in os.path.join.
    os.remove(os.path.join(SITE_ROOT, "drafts", path))  # expect: path-traversal
    return "deleted"


@mcp.tool()
def read_static(path: str) -> bytes:
    """Read a static file."""
    absolute = os.path.abspath(os.path.join(SITE_ROOT, "static", path))
    if not absolute.startswith(SITE_ROOT + os.sep):  # expect: path-traversal
        raise PermissionError("outside site")
    # abspath does not resolve symbolic links inside the site.
    with open(absolute, "rb") as fh:
        return fh.read()


@mcp.tool()
def read_shortcode(name: str) -> str:
    """Read a shortcode template."""
    shortcode = SITE_PATH / "layouts" / "shortcodes" / name
    if not shortcode.is_relative_to(SITE_PATH):  # expect: path-traversal
        raise PermissionError("outside site")
    # is_relative_to is lexical: "../../x" is still "relative to" the root here.
    return shortcode.read_text(encoding="utf-8")


@mcp.tool()
def read_theme_file(path: str) -> str:
    """Read a file of the active theme."""
    resolved = (SITE_PATH / "themes" / path).resolve()
    log.debug("reading %s", resolved)
    return resolved.read_text(encoding="utf-8")  # expect: path-traversal


@mcp.tool()
def read_content(path: str) -> str:
    """Read a content file."""
    if os.path.isabs(path):
        raise PermissionError("absolute paths are not allowed")
    return Path(SITE_ROOT, "content", path).read_text(encoding="utf-8")  # expect: path-traversal


@mcp.tool()
def read_menu(path: str) -> str:
    """Read a menu definition."""
    menu_path = os.path.realpath(os.path.join(SITE_ROOT, "menus", path))
    if not menu_path.startswith(SITE_ROOT + os.sep):
        log.warning("menu path %s is outside the site", menu_path)
    with open(menu_path, encoding="utf-8") as fh:  # expect: path-traversal
        return fh.read()


if __name__ == "__main__":
    mcp.run()


# --- Checks written as predicate helpers -----------------------------------------------------


def _inside_site(candidate: Path) -> bool:
    """True when the resolved candidate stays under the site root."""
    return candidate.resolve().is_relative_to(SITE_PATH)


def _looks_inside_site(candidate: Path) -> bool:
    """Lexical only: `absolute()` keeps `..`, so /srv/site/../../etc passes."""
    return SITE_PATH in candidate.absolute().parents


def _is_allowed_partial(name: str) -> bool:
    resolved = (SITE_PATH / "partials" / name).resolve()
    if not resolved.is_relative_to(SITE_PATH / "partials"):
        return False
    return True


@mcp.tool()
def read_layout(path: str) -> str:
    """Read a layout template."""
    candidate = SITE_PATH / "layouts" / path
    if not _inside_site(candidate):
        raise PermissionError("path escapes the site root")
    return candidate.read_text(encoding="utf-8")


@mcp.tool()
def read_archetype(path: str) -> str:
    """Read an archetype template."""
    candidate = SITE_PATH / "archetypes" / path
    if not _looks_inside_site(candidate):
        raise PermissionError("path escapes the site root")
    return candidate.read_text(encoding="utf-8")  # expect: path-traversal


@mcp.tool()
def read_partial(name: str) -> str:
    """Read a partial template."""
    if not _is_allowed_partial(name):
        return "no such partial"
    return (SITE_PATH / "partials" / name).read_text(encoding="utf-8")


@mcp.tool()
def delete_upload(path: str) -> bool:
    """Delete one uploaded file; uploads live directly in the uploads folder."""
    if Path(path).resolve().parent != SITE_PATH / "uploads":
        raise PermissionError("only files directly in uploads/ can be deleted")
    Path(path).unlink()
    return True
