"""Export tools that check containment with a shared predicate (FastMCP, mcp 1.x).

`_is_within` compares `os.path.commonpath` of two resolved paths with the base: both sides of
the comparison come from its own parameters, so the check is the `commonpath` call itself.
"""

import os

from mcp.server.fastmcp import FastMCP

EXPORT_ROOT = os.environ.get("EXPORT_ROOT", "/srv/exports")

mcp = FastMCP("exports")


def _is_within(base: str, target: str) -> bool:
    """Whether `target` resolves to a path inside `base`."""
    base = os.path.realpath(base)
    target = os.path.realpath(target)
    return os.path.commonpath([base, target]) == base


def _is_named_like(base: str, target: str) -> bool:
    """Whether `target` starts with the text of `base` (`/srv/exports2` passes for `/srv/exports`)."""
    return os.path.realpath(target).startswith(os.path.realpath(base))  # expect: path-traversal


@mcp.tool()
def read_export(name: str) -> str:
    """Read one export file."""
    path = os.path.realpath(os.path.join(EXPORT_ROOT, name))
    if not _is_within(EXPORT_ROOT, path):
        raise ValueError(f"{name} is outside the export folder")
    # No finding: the predicate's `commonpath` check holds for `path` here.
    with open(path, encoding="utf-8") as fh:
        return fh.read()


@mcp.tool()
def read_export_loose(name: str) -> str:
    """Read one export file, with a prefix test that a sibling folder passes."""
    path = os.path.realpath(os.path.join(EXPORT_ROOT, name))
    if not _is_named_like(EXPORT_ROOT, path):
        raise ValueError(f"{name} is outside the export folder")
    with open(path, encoding="utf-8") as fh:
        return fh.read()
