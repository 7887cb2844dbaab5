"""Project scaffolding and asset tools (fastmcp 2.x)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Annotated

import aiofiles
from fastmcp import Context, FastMCP
from fastmcp.tools import Tool

PROJECTS = Path(os.environ.get("PROJECTS_DIR", "/srv/projects")).resolve()
SKELETON = Path("/usr/share/scaffold/skeleton")

mcp = FastMCP("scaffold")


def _project_path(project: str) -> Path:
    candidate = (PROJECTS / project).resolve()
    if not candidate.is_relative_to(PROJECTS):
        raise ValueError(f"unknown project {project!r}")
    return candidate


@mcp.tool
async def read_asset(project: str, asset: Annotated[str, "path relative to the project's assets"]) -> str:
    """Read a text asset of a project."""
    async with aiofiles.open(PROJECTS / project / "assets" / asset, encoding="utf-8") as fh:  # expect: path-traversal from=project
        return await fh.read()


@mcp.tool
async def save_asset(project: str, asset: str, content: str, ctx: Context) -> str:
    """Write a text asset into a project."""
    target = _project_path(project) / "assets" / os.path.basename(asset)
    async with aiofiles.open(target, "w", encoding="utf-8") as fh:
        await fh.write(content)
    await ctx.info(f"saved {target.name}")
    return str(target.relative_to(PROJECTS))


@mcp.tool("new_project", tags={"write"})
def create_project(name: str) -> str:
    """Create a project from the skeleton."""
    shutil.copytree(SKELETON, PROJECTS / name)  # expect: path-traversal
    return f"created {name}"


@mcp.tool(name="clone_project", tags={"write"})
def clone_project(source: str, name: str) -> str:
    """Copy an existing project under a new name."""
    src = _project_path(source)
    dst = _project_path(name)
    shutil.copytree(src, dst)
    return f"cloned {source} into {name}"


@mcp.tool("disk_usage", exclude_args=["root"])
def du(path: str = ".", root: str = "/srv/projects") -> int:
    """Total size in bytes of a project directory."""
    base = _project_path(path)
    total = 0
    for dirpath, _dirs, files in os.walk(base):
        total += sum(os.path.getsize(os.path.join(dirpath, f)) for f in files)
    with open(os.path.join(root, ".usage-cache"), "a", encoding="utf-8") as cache:
        cache.write(f"{base} {total}\n")
    return total


@mcp.tool
def list_project_files(project: str, subdir: str = "") -> list[str]:
    """List files in a project directory."""
    folder = PROJECTS / project / subdir
    return sorted(child.name for child in folder.iterdir())  # expect: path-traversal from=project


@mcp.tool
def remove_asset(project: str, asset: str) -> str:
    """Delete an asset file."""
    Path(PROJECTS, project, "assets", asset).unlink()  # expect: path-traversal from=project
    return "removed"


@mcp.tool
def remove_empty_dir(project: str, subdir: str) -> str:
    """Remove an empty directory from a project."""
    (_project_path(project) / os.path.basename(subdir)).rmdir()
    return "removed"


def import_asset(project: str, source_path: str) -> str:
    """Copy a file from the shared drop folder into a project."""
    # expect: path-traversal from=source_path
    shutil.copyfile(os.path.join("/srv/drop", source_path), _project_path(project) / "assets" / os.path.basename(source_path))
    return "imported"


def read_readme(project: str) -> str:
    """The README of a project."""
    return (_project_path(project) / "README.md").read_text(encoding="utf-8")


mcp.tool(import_asset, name="import_asset")
mcp.add_tool(Tool.from_function(read_readme, name="read_readme", description="Show a project's README"))


if __name__ == "__main__":
    mcp.run()
